"""A build with a cache folder takes unchanged pages whole.

Reusing a page's conversion and then its finished HTML (mkdocs_pages.py) still reads the page,
parses its front matter, fetches and decodes its conversion and templates nothing only after
computing a key from all of it: at 10,000 records, 22 s of a build with nothing changed went to
pages that came out exactly as before. Here a page outside the navigation is written straight
from the store when an earlier build finished it cleanly from the same source bytes at the same
place, with the same navigation and environment (code, theme, configuration), and every link it
resolved still resolves the same way: the same inputs that decide both stored steps, so the
bytes are those the two steps give. Its anchors and the anchors it links to are restored, so
MkDocs still validates links into and out of it. A page whose finished HTML cannot be read after
all is built the usual way.
"""
from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any, Optional

from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .. import forked
from ..cachestore import HEX_160, digest
from .parked import content_digest
from .mkdocs_pages import WHOLE_KEY, PageReuse, is_finished_page, resolution, restore_references
from .store import PageStore

if TYPE_CHECKING:
    from .early_site import EarlySite

_WHOLE = "_gongkai_whole"  # on a File: the summary it is written from in this build


def taken_whole(file: File) -> bool:
    return getattr(file, _WHOLE, None) is not None


def _texts(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(key, str) and isinstance(text, str) for key, text in value.items())




def _summary_shape(entry: Any) -> bool:
    """Whether a stored summary has the shape references() gives (a damaged cache is a miss, never a crash)."""
    if not isinstance(entry, dict):
        return False
    links = entry.get("links")
    html = entry.get("html")
    return (isinstance(entry.get("finish"), str) and isinstance(entry.get("conversion"), str)
            and isinstance(html, str) and HEX_160.fullmatch(html) is not None
            and isinstance(entry.get("lookups"), list) and isinstance(entry.get("title"), (str, type(None)))
            and isinstance(entry.get("anchors"), list) and all(isinstance(anchor, str) for anchor in entry["anchors"])
            and (links is None or isinstance(links, dict) and all(_texts(anchors) for anchors in links.values())))


class WholePages:
    def __init__(self, reuse: PageReuse, early: Optional["EarlySite"] = None) -> None:
        self.reuse = reuse
        self.early = early  # the last site's pages, written early (early_site.py)
        self.files: Optional[Files] = None
        _install()

    def plan(self, files: Files, nav, second_core: bool = False) -> int:
        """on_nav: key every page outside the navigation and mark those found whole; their number.
        From now until finish(), MkDocs' page steps write those pages from the store. `second_core`:
        a forked child looks up the later half of the pages meanwhile."""
        global _active
        _active, self.files = self, files
        navigation = self.reuse.navigation_digest(nav)
        outside = [file for file in files.documentation_pages() if file.inclusion.is_not_in_nav()]
        half = len(outside) // 2 if second_core and len(outside) >= SHARED_PLAN_FROM_PAGES else len(outside)
        store, parent = self.reuse.store, os.getpid()
        look_up = functools.partial(_looked_up, self.reuse.environment, navigation, files)

        def later_half() -> tuple[list[str], list[tuple[int, dict]]]:
            if os.getpid() == parent:  # no child, or it failed: looked up here
                return look_up(outside[half:], store)
            own = store.another()
            try:
                return look_up(outside[half:], own)
            finally:
                own.close()  # (what it read is noted as used by this build)

        with forked.child(later_half, fork=half < len(outside)) as later:
            keys, found = look_up(outside[:half], store)
            later_keys, later_found = later()
        for file, key in zip(outside, keys + later_keys):
            setattr(file, WHOLE_KEY, key)
        for index, entry in found + [(half + index, entry) for index, entry in later_found]:
            file = outside[index]
            setattr(file, _WHOLE, entry)
            # The same inputs make the same bytes, whichever process writes them, even should the
            # finished HTML be gone from the store and the page be built after all.
            self.reuse.html_digests[file.dest_uri] = entry["html"]
            self.reuse.finish_keys[file.dest_uri] = entry["finish"]
            self.reuse.store.still_used(entry["conversion"])  # still valid, for a build whose navigation changes
        return len(found) + len(later_found)

    def in_site(self, file: File) -> bool:
        """Whether this page taken whole is in the site already, written early from the same finished HTML."""
        entry = getattr(file, _WHOLE, None)
        return entry is not None and self.early is not None and self.early.has(file.dest_uri, entry["finish"])

    def written_early(self, file: File) -> bool:
        """in_site(), its finished HTML then noted as used by this build (as writing it would)."""
        if not self.in_site(file):
            return False
        self.reuse.store.still_used(getattr(file, _WHOLE)["finish"])
        return True

    def finish(self) -> None:
        global _active
        if _active is self:
            _active = None
        self.files = None


# The plan is shared with a forked child from this many pages outside the navigation. (At 10,000 records
# the plan of 12,000 pages took 1.1 s of each warm build on one core; below a few hundred pages it takes
# milliseconds either way, and the demo catalog's 68 still share it, so every warm build test runs both halves.)
SHARED_PLAN_FROM_PAGES = 64


def _looked_up(environment: str, navigation: str, files: Files, pages: list[File],
               store: PageStore) -> tuple[list[str], list[tuple[int, dict]]]:
    """Each page's key, and (its place in `pages`, its summary) for each page an earlier build finished
    cleanly from the same inputs, whose every link still resolves as it did then."""
    resolved: dict[str, Optional[list]] = {}  # pages share link targets: each resolved once

    def resolves_as(path: Any, found: Any) -> bool:
        if not isinstance(path, str):
            return False
        if path not in resolved:
            resolved[path] = resolution(files, path)
        return resolved[path] == found

    keys = [digest("whole page", environment, navigation, file.src_uri, file.dest_uri, file.url, file.inclusion.name,
                   content_digest(file)) for file in pages]
    store.prefetch(keys)
    found = []
    for index, key in enumerate(keys):
        entry = store.get(key)
        if entry is None or not _summary_shape(entry):
            continue
        try:
            whole = all(resolves_as(path, target) for path, target in entry["lookups"])
        except (TypeError, ValueError):
            whole = False  # a lookup of another shape (a damaged cache): the page is built the usual way
        if whole:
            found.append((index, entry))
    return keys, found


_active: Optional[WholePages] = None  # the build's, from its plan to its end


def already_in_site(file: File) -> bool:
    """Whether a page is taken whole and already in the site (WholePages.in_site)."""
    return _active is not None and _active.in_site(file)


def written_bytes(html: Optional[bytes]) -> Optional[bytes]:
    """A stored finished page (store.text_bytes) as MkDocs writes it to its file; None when it is gone
    or damaged (the page must then be built)."""
    if html is None or not is_finished_page(html[:_HEAD].decode("utf-8", "replace")):  # (its start says so)
        return None
    if _SURROGATE_LEAD in html:  # perhaps a lone surrogate, which MkDocs writes as a character reference
        html = html.decode("utf-8", "surrogatepass").encode("utf-8", errors="xmlcharrefreplace")
    return html


def write_whole(page: Page, store: PageStore) -> bool:
    """Write a page taken whole from its stored finished HTML, as MkDocs writes a page; False when that
    HTML is gone or damaged (the page must then be built)."""
    html = written_bytes(store.text_bytes(getattr(page.file, _WHOLE)["finish"]))
    if html is None:
        return False
    # MkDocs' own write (utils.write_file), which a forked helper replaces with one that writes nothing.
    os.makedirs(os.path.dirname(page.file.abs_dest_path), exist_ok=True)
    with open(page.file.abs_dest_path, "wb") as output:
        output.write(html)
    return True


_HEAD = 1024  # bytes of a stored page enough to see its doctype
# The first byte of U+D000-U+DFFF in UTF-8, lone surrogates (stored as surrogatepass writes them) among them.
_SURROGATE_LEAD = b"\xed"


def _install() -> None:
    """Route MkDocs' two page steps through the whole-page check (once per process)."""
    original_populate, original_build = mkdocs_build._populate_page, mkdocs_build._build_page
    if getattr(original_populate, "_whole", False):
        return

    def populate_page(page: Page, config, files: Files, dirty: bool = False) -> None:
        entry = getattr(page.file, _WHOLE, None)
        if entry is None or _active is None:
            return original_populate(page, config, files, dirty)
        restore_references(page, entry, files)  # every target resolves as it did (WholePages.plan)

    def build_page(page: Page, config, doc_files, nav, env, dirty: bool = False, excluded: bool = False) -> None:
        active = _active
        if not taken_whole(page.file) or active is None or active.files is None:
            return original_build(page, config, doc_files, nav, env, dirty, excluded)
        active.reuse.reached(page.file.src_uri)
        if active.reuse.done_elsewhere(page.file.src_uri) or active.written_early(page.file) or write_whole(page, active.reuse.store):
            return
        delattr(page.file, _WHOLE)  # its finished HTML is gone or damaged: the page is built as any other
        original_populate(page, config, active.files, dirty)
        return original_build(page, config, doc_files, nav, env, dirty, excluded)

    populate_page._whole = True  # type: ignore[attr-defined]
    mkdocs_build._populate_page = populate_page
    mkdocs_build._build_page = build_page
