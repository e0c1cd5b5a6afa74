"""Listing pages: the same records grouped along one axis (year, unit, status).

A group small enough is listed in full on the listing page. A larger one shows
its newest few there and gets pages of its own, GROUP_PAGE_SIZE records each,
so no listing page grows with the catalog (10,000 records stay fast to open).
On an axis other than the year, a large group's pages are split by year: a
reader goes straight to a year instead of paging through thousands of records,
and a record added or withdrawn changes one year's pages of its group (every
page of a run shows the run's count), not all of them.
"""
from __future__ import annotations

import functools
import hashlib
import posixpath
import re
from dataclasses import dataclass
from typing import Any, Callable, Optional

from .. import memo
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
    year_of: Optional[Callable[[Any], int]] = None  # a record's year: a large group's pages are split by it

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


def group_page(listing: Listing, label: str, number: int, year: Optional[int] = None) -> str:
    """The group's page `number`, or with `year` that of the group's records of that year."""
    suffix = "" if number == 1 else f"-{number}"
    if year is None:
        return f"{listing.group_folder}/{group_slug(label)}{suffix}.md"
    return f"{listing.group_folder}/{group_slug(label)}/{year}{suffix}.md"


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


def _pager(here: str, before: Optional[str], after: Optional[str], number: int, pages: int) -> str:
    parts = [f"第 {number} 页，共 {pages} 页"]
    if before is not None:
        parts.append(link("上一页", relative(here, before)))
    if after is not None:
        parts.append(link("下一页", relative(here, after)))
    return " | ".join(parts)


def _numbered_pages(listing: Listing, title: str, records: list, entry: Callable[[str, Any], str],
                    page_of: Callable[[int], str], years: Optional[Callable[[str], str]] = None) -> dict[str, str]:
    """A run of records on numbered pages, GROUP_PAGE_SIZE each; `years`: a page's links to the
    other years of its group."""
    chunks = [records[i:i + GROUP_PAGE_SIZE] for i in range(0, len(records), GROUP_PAGE_SIZE)]
    run = [page_of(number) for number in range(1, len(chunks) + 1)]
    pages = {}
    for number, (here, chunk) in enumerate(zip(run, chunks), 1):
        lines = tuple(entry(here, record) for record in chunk)
        # Everything the page is made of: serve makes a page again only when one of these changed
        # (an edit changes its record's line; the pages of the other records stay as they were).
        made_of = (here, title, number, len(records), listing.title, listing.path, years(here) if years else None,
                   run[number - 2] if number > 1 else None, run[number] if number < len(run) else None, len(run), lines)
        pages[here] = memo.cached(("numbered page", made_of), functools.partial(_numbered_page, made_of))
    return pages


def _numbered_page(made_of: tuple) -> str:
    here, title, number, count, listing_title, listing_path, years, before, after, pages, lines = made_of
    back = link(f"返回{listing_title}", relative(here, listing_path))
    pager = _pager(here, before, after, number, pages) if pages > 1 else None
    return page(front_matter(f"{title}（第 {number} 页）"), f"# {inline(title)}",
                f"共 {count} 项。{back}", years, pager, "\n".join(f"- {line}" for line in lines), pager)


def _split_by_year(records: list, year_of: Callable[[Any], int]) -> dict[int, list]:
    """year -> that year's records in their order, newest year first."""
    by_year: dict[int, list] = {}
    for record in records:
        by_year.setdefault(year_of(record), []).append(record)
    return dict(sorted(by_year.items(), reverse=True))


def _group_pages(listing: Listing, label: str, records: list, entry: Callable[[str, Any], str]) -> tuple[str, dict[str, str]]:
    """A large group's link on the listing page and its own pages (split by year when the listing says so)."""
    title = f"{listing.title}：{label}"
    if listing.year_of is None:
        more = link(f"查看全部 {len(records)} 项", relative(listing.path, group_page(listing, label, 1)))
        return more, _numbered_pages(listing, title, records, entry, functools.partial(group_page, listing, label))
    by_year = _split_by_year(records, listing.year_of)

    def years(here: str, current: int) -> str:
        # (serve keeps it: every page of a large group links to each of its years, 0.1 s of each rebuild)
        return memo.cached(("year links", here, current, listing.path, listing.title, label, tuple(by_year)), lambda: "年度：" + " | ".join(
            f"**{year}年**" if year == current else link(f"{year}年", relative(here, group_page(listing, label, 1, year))) for year in by_year))

    pages: dict[str, str] = {}
    for year, of_year in by_year.items():
        pages.update(_numbered_pages(listing, f"{title} · {year}年", of_year, entry,
                                     functools.partial(group_page, listing, label, year=year), functools.partial(years, current=year)))
    more = f"按年度查看全部 {len(records)} 项：" + " · ".join(
        link(f"{year}年（{len(of_year)}）", relative(listing.path, group_page(listing, label, 1, year))) for year, of_year in by_year.items())
    return more, pages


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
        more, own = _group_pages(listing, label, records, entry)
        pages.update(own)
        sections.append(f"{heading}\n\n{_items(listing.path, records[:PREVIEW_SIZE], entry)}\n\n{more}")
    if not sections:
        sections.append("本栏目暂无公开的内容。")
    source = listing.filterable or (listing.kind.key if listing.kind else None)
    listed = source if source in SOURCES and listing.path.endswith("/index.md") else None
    body = static_listing("\n\n".join(sections)) if listed else "\n\n".join(sections)
    pages[listing.path] = page(front_matter(listing.title), f"# {inline(listing.title)}", intro,
                               switcher(listing.path, siblings), _subscribe(listing),
                               list_mount(listing.path, listed) if listed else None, body)
    return pages
