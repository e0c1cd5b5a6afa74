"""Listing pages: the same records grouped along one axis (year, unit, status)."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Optional

from ..validate import Record
from .markdown import front_matter, inline, link, page, relative


@dataclass
class Listing:
    path: str  # docs-tree path of the listing page
    title: str
    axis: str  # the short name shown in the switcher, e.g. 按发布年度
    groups: dict  # group label -> records, already in display order
    order: Optional[list[str]]  # explicit group order; None keeps insertion order


def switcher(here: str, listings: list[Listing]) -> str:
    """The links between sibling listings of one catalog, current one in bold."""
    parts = []
    for listing in listings:
        if listing.path == here:
            parts.append(f"**{listing.axis}**")
        else:
            parts.append(link(listing.axis, relative(here, listing.path)))
    return "浏览方式：" + " | ".join(parts)


def grouped_listing(listing: Listing, siblings: list[Listing], entry: Callable[[str, Record], str], intro: str) -> str:
    labels = list(listing.groups)
    if listing.order:
        labels = [label for label in listing.order if label in listing.groups]
    sections = []
    for label in labels:
        records = listing.groups[label]
        items = "\n".join(f"- {entry(listing.path, record)}" for record in records)
        sections.append(f"## {inline(label)}({len(records)})\n\n{items}")
    if not sections:
        sections.append("本栏目暂无公开的内容。")
    return page(front_matter(listing.title), f"# {inline(listing.title)}", intro, switcher(listing.path, siblings), *sections)
