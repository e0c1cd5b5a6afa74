"""Where a record's page lives: shared by rendering, search labels, exports and feeds."""
from __future__ import annotations

from .model.introspect import attribute


def record_page(record) -> str:
    """Docs-tree path of a record's page: URL derived from the stable id only
    (a year catalog's id is its year, so it lands beside its items)."""
    return f"{record.kind.folder}/{record.id}.md"


def interpretation_page_path(entry) -> str:
    """Docs-tree path of a 政策解读's own page (one written here or kept here as files)."""
    return f"interpretations/{entry.document.id}-{entry.number}.md"


def record_url(record) -> str:
    """The page's address relative to the site root, e.g. documents/lfg-2021-01/."""
    return record_page(record)[: -len(".md")] + "/"


def record_title(record) -> str:
    model = record.model
    year = attribute(model, "year") or record.year
    return attribute(model, "title") or f"{year}年{record.kind.label}"
