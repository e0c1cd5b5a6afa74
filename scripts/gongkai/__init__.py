"""gongkai: turns structured disclosure catalogs into a static 政务公开 site.

Stages, in order, none importing a later one (tests/test_stages.py): load
(files -> raw records with source positions), validate (raw -> typed records +
problems), cross-check (whole-catalog rules), compliance (the statutes' rules
and deadlines), view (what the public may see on a day), render (view ->
Markdown pages and generated files), publish (the site's files for MkDocs or a
folder). Shared by all: kinds.py (the kind registry), records.py, model/.
"""
