"""Open data: everything published, downloadable in full (JSON, CSV, XLSX) and
subscribable (Atom), built from the public view only."""
