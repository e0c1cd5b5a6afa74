"""Index a built site: every page's article, with the labels the pipeline recorded."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

from .. import forked, memo
from .extract import PageText, extract
from .index import IndexBuilder, PageInfo, prepared

PAGES_FILE = "search/pages.json"  # a file of the rendered site, read here from the built site
INDEX_DIR = "search/data"
SEARCH_PAGE = "search/"
NOT_INDEXED = {SEARCH_PAGE}  # the search page itself
# Pages for staff, not for the public search: the staff guide, the compliance report, the data references.
STAFF_PAGES = ("compliance/", "guide/", "about/fields/", "about/rules/")
OTHER_PAGE = PageInfo(kind="栏目页面")


@dataclass(frozen=True)
class IndexSummary:
    pages: int
    shards: int
    bytes: int


def page_url(site_dir: Path, html_file: Path) -> str:
    folder = html_file.parent.relative_to(site_dir).as_posix()
    return "" if folder == "." else folder + "/"


def _text(html: bytes, extract_text: Callable[[str], Optional[PageText]]) -> Optional[PageText]:
    """serve: a page whose HTML did not change since the last rebuild keeps its text (keyed by its
    bytes: decoding every page again costs more than the rest of the lookup)."""
    found = memo.cached(("page text", html), lambda: extract_text(_decoded(html)) or False)  # False: no text, known
    return found if isinstance(found, PageText) else None


def _decoded(html: bytes) -> str:
    """As read_text reads it (newlines made \\n)."""
    return html.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


def site_pages(site_dir: Path) -> list[tuple[str, str]]:
    """(URL, file) of every index.html below the site, in the order of sorted Paths (by path
    component), found with os.walk and string operations: rglob and relative_to make Paths of
    every file of the site (seconds at 10,000 records)."""
    top = os.path.normpath(site_dir)  # "site/" would sort its own page first
    folders = [folder for folder, _, names in os.walk(top) if "index.html" in names]
    folders.sort(key=lambda folder: folder.split(os.sep) + ["index.html"])
    pages = []
    for folder in folders:
        inside = folder[len(top):].strip(os.sep).replace(os.sep, "/")
        pages.append((inside + "/" if inside else "", os.path.join(folder, "index.html")))
    return pages


Prepared = tuple[str, PageInfo, tuple[bytes, str, bytes]]


def _prepared_pages(chosen: list[tuple[str, str]], infos: dict[str, PageInfo],
                    extract_text: Callable[[str], Optional[PageText]]) -> list[Prepared]:
    """Each page with text: its URL, labels and its prepared index entry (index.prepared)."""
    found = []
    for url, html_file in chosen:
        with open(html_file, "rb") as html:
            page = _text(html.read(), extract_text)
        if page is not None:
            info = infos.get(url, OTHER_PAGE)
            found.append((url, info, prepared(url, page.title, page.text, info)))
    return found


# Below this many pages a second process saves less than it costs.
FORK_FROM_PAGES = 200
# The child's share of the pages: it extracts every page's text, while this process finds most
# of its pages' text already stored by the build's helper (measured at 10,000 records: 1.6 times
# the time per page), so both finish together.
CHILD_SHARE = 0.4


def build_site_index(site_dir: Path, extract_text: Callable[[str], Optional[PageText]] = extract,
                     second_core: bool = False, pages: Optional[list[tuple[str, str]]] = None) -> IndexSummary:
    """`extract_text`: the page's searchable text from its HTML (a caller may reuse earlier results).
    `pages`: site_pages of the site, when the caller has already found them.
    `second_core`: a forked child prepares the first part of the pages meanwhile (not under serve,
    whose reuse lives in this process); it extracts their text itself, as the build's helper stored
    the text of the pages at the end of the list, not of those at the start."""
    site_dir = Path(site_dir)
    pages_file = site_dir / PAGES_FILE
    infos = {}
    if pages_file.is_file():
        infos = {url: PageInfo.from_json(data) for url, data in json.loads(pages_file.read_text(encoding="utf-8")).items()}
    chosen = [(url, html_file) for url, html_file in (site_pages(site_dir) if pages is None else pages)
              if not (url in NOT_INDEXED or url.startswith(STAFF_PAGES))]
    forking = second_core and not memo.enabled() and len(chosen) >= FORK_FROM_PAGES
    middle = int(len(chosen) * CHILD_SHARE) if forking else 0
    with forked.child(lambda: _prepared_pages(chosen[:middle], infos, extract), fork=forking) as first:
        later = _prepared_pages(chosen[middle:], infos, extract_text)
        prepared_pages = first() + later
    builder = IndexBuilder(site_dir / INDEX_DIR)
    for url, info, page in prepared_pages:
        builder.add_prepared(url, info, page)
    manifest = builder.finish()
    return IndexSummary(manifest["docs"], manifest["shards"], builder.size)
