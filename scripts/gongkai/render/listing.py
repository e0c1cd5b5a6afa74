"""Listing pages: the same records grouped along one axis (year, unit, status).

A group small enough is listed in full on the listing page. A larger one shows
its newest few there and gets pages of its own, GROUP_PAGE_SIZE records each,
so no listing page grows with the catalog (10,000 records stay fast to open).
"""
from __future__ import annotations

import hashlib
import posixpath
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from ..kinds import Kind
from ..opendata.exports import DATA_DIR
from ..opendata.feeds import feed_path
from ..records import Record
from .list_data import SOURCES, list_mount, static_listing
from .markdown import front_matter, inline, link, page, relative


@dataclass
class Listing:
    path: str  # docs-tree path of the listing page
    title: str
    axis: str  # the short name shown in the switcher, e.g. 按发布年度
    groups: dict  # group label -> records, already in display order
    order: Optional[list[str]]  # explicit group order; None keeps insertion order
    kind: Optional[Kind] = None  # the records' kind: its feed and download files are offered
    filterable: Optional[str] = None  # the filterable listing (list_data.SOURCES) its index page carries

    @property
    def group_folder(self) -> str:
        """documents/by-issuer.md -> documents/by-issuer/; documents/index.md -> documents/by-year/."""
        folder, name = posixpath.split(self.path)
        stem = name[: -len(".md")]
        return posixpath.join(folder, "by-year" if stem == "index" else stem)

    def labels(self) -> list[str]:
        if self.order:
            return [label for label in self.order if label in self.groups]
        return list(self.groups)


GROUP_PAGE_SIZE = 50
PREVIEW_SIZE = 5
_YEAR_LABEL = re.compile(r"^(\d{4})年$")


def group_slug(label: str) -> str:
    """A stable ASCII name for a group's pages: the year itself, else a short hash."""
    year = _YEAR_LABEL.match(label)
    return year.group(1) if year else "g" + hashlib.sha1(label.encode("utf-8")).hexdigest()[:10]


def group_page(listing: Listing, label: str, number: int) -> str:
    suffix = "" if number == 1 else f"-{number}"
    return f"{listing.group_folder}/{group_slug(label)}{suffix}.md"


def switcher(here: str, listings: list[Listing]) -> str:
    """The links between sibling listings of one catalog, current one in bold."""
    parts = []
    for listing in listings:
        if listing.path == here:
            parts.append(f"**{listing.axis}**")
        else:
            parts.append(link(listing.axis, relative(here, listing.path)))
    return "浏览方式：" + " | ".join(parts)


def _items(here: str, records: list, entry: Callable[[str, Record], str]) -> str:
    return "\n".join(f"- {entry(here, record)}" for record in records)


def _pager(here: str, listing: Listing, label: str, number: int, count: int) -> str:
    parts = [f"第 {number} 页，共 {count} 页"]
    if number > 1:
        parts.append(link("上一页", relative(here, group_page(listing, label, number - 1))))
    if number < count:
        parts.append(link("下一页", relative(here, group_page(listing, label, number + 1))))
    return " | ".join(parts)


def _subscribe(listing: Listing) -> Optional[str]:
    """Where to follow the column and take its records away: its feed, its Excel and CSV files."""
    if listing.kind is None:
        return None
    here, key = listing.path, listing.kind.key
    feed = link("订阅本栏目更新", relative(here, feed_path(listing.kind)[: -len(".xml")] + ".md"))
    downloads = "、".join(link(label, relative(here, f"{DATA_DIR}/{key}.{suffix}")) for label, suffix in (("Excel", "xlsx"), ("CSV", "csv")))
    return f"{feed} · 下载全部记录：{downloads}"


def grouped_listing(listing: Listing, siblings: list[Listing], entry: Callable[[str, Any], str], intro: str) -> dict[str, str]:
    """The listing page and, for large groups, the group's own numbered pages."""
    pages: dict[str, str] = {}
    sections = []
    for label in listing.labels():
        records = listing.groups[label]
        heading = f"## {inline(label)}（{len(records)}）"
        if len(records) <= GROUP_PAGE_SIZE:
            sections.append(f"{heading}\n\n{_items(listing.path, records, entry)}")
            continue
        first = group_page(listing, label, 1)
        more = link(f"查看全部 {len(records)} 项", relative(listing.path, first))
        sections.append(f"{heading}\n\n{_items(listing.path, records[:PREVIEW_SIZE], entry)}\n\n{more}")
        chunks = [records[i:i + GROUP_PAGE_SIZE] for i in range(0, len(records), GROUP_PAGE_SIZE)]
        for number, chunk in enumerate(chunks, 1):
            here = group_page(listing, label, number)
            title = f"{listing.title}：{label}"
            back = link(f"返回{listing.title}", relative(here, listing.path))
            pager = _pager(here, listing, label, number, len(chunks))
            pages[here] = page(front_matter(f"{title}（第 {number} 页）"), f"# {inline(title)}",
                               f"共 {len(records)} 项。{back}", pager, _items(here, chunk, entry), pager)
    if not sections:
        sections.append("本栏目暂无公开的内容。")
    source = listing.filterable or (listing.kind.key if listing.kind else None)
    listed = source if source in SOURCES and listing.path.endswith("/index.md") else None
    body = static_listing("\n\n".join(sections)) if listed else "\n\n".join(sections)
    pages[listing.path] = page(front_matter(listing.title), f"# {inline(listing.title)}", intro,
                               switcher(listing.path, siblings), _subscribe(listing),
                               list_mount(listing.path, listed) if listed else None, body)
    return pages
