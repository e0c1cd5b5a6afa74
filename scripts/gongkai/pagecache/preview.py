"""`serve` rebuilds only what a save changed.

`mkdocs serve --dirty` keeps its output folder between rebuilds and asks each
file whether it changed (File.is_modified). Here the answer comes from what the
pipeline generated: a generated page outside the navigation is left as it is
when its Markdown is the same as at the last rebuild, every link it resolved
still resolves the same way, the navigation (shown on every page) and the
build's environment (configuration, theme, code) are unchanged, and it logged
nothing then (so a warning is shown again on every rebuild). A generated file
is left when its bytes are the same. Pages in the navigation and hand-written
pages are always rebuilt (they are few), and outputs of files that are gone
are deleted, so a deleted record's page disappears.

The unchanged pages are neither converted nor written: a rebuild's MkDocs work
is that of the changed pages, whatever the size of the catalog.
"""
from __future__ import annotations

import hashlib
import os
import signal
from pathlib import Path
from typing import Callable, Mapping, Optional

from jinja2 import FileSystemLoader
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

from .. import memo
from ..inplace import overwrite, overwrite_pieces
from ..spool import Pieces
from .fingerprint import installed_folder
from .mkdocs_pages import LOOKUPS, resolution

DIRTY_BUILD_NOTICE = "A 'dirty' build is being performed"  # MkDocs' English warning on every --dirty rebuild


def _always(file: File) -> None:
    file.is_modified = lambda: True  # type: ignore[method-assign]


def _never(file: File) -> None:
    file.is_modified = lambda: False  # type: ignore[method-assign]


def _content_key(file: File, content: object) -> str | bytes | Pieces:
    """What tells whether a generated file is the same as at the last rebuild (`content`: what it was
    generated from). Bytes are their own key, compared byte for byte: a data file the pipeline made
    again is a new object, mostly with new bytes (an export of everything changes with every edit:
    160 MB at 10,000 records), and a comparison stops at the first difference where a digest reads
    every byte (0.2 s a rebuild at 10,000 records). A page's Markdown is kept by the digest of its
    text, which serve reuses for the same text: listing pages are made again on every rebuild, mostly
    unchanged."""
    if isinstance(content, (bytes, Pieces)):  # pieces: compared piece by piece, mostly the same objects
        return content

    def compute() -> str:
        return hashlib.blake2b(file.content_bytes, digest_size=16).hexdigest()
    return memo.cached(("content digest", content), compute) if isinstance(content, str) else compute()


class PreviewOutputs:
    def __init__(self) -> None:
        self._outputs: set[str] = set()  # every output file the folder may hold from earlier rebuilds
        self._folder: tuple = ()
        self._places: dict[str, tuple[str, str, str]] = {}  # src_uri -> a generated file's place (placer)
        self.forget()

    def forget(self) -> None:
        """After a failed rebuild nothing is known to be current; what the folder may hold is still
        known, so the next rebuild deletes what is gone by then."""
        self._environment: Optional[str] = None
        self._navigation: Optional[str] = None
        self._pages: dict[str, tuple[str | bytes | Pieces, list]] = {}  # src_uri -> (Markdown's key, lookups), last rebuild
        self._statics: dict[str, str | bytes | Pieces] = {}  # src_uri -> _content_key, last rebuild
        self._digests: dict[str, str | bytes | Pieces] = {}  # this rebuild's generated files: _content_key
        self._skipped: list[File] = []

    def placer(self, site_dir: str, use_directory_urls: bool) -> Callable[[File], None]:
        """Gives each generated file its destination, URL and output path as the last rebuild found
        them for the same source path (in the same output folder, with the same URL style). MkDocs
        computes them once per File object, and serve makes every generated File afresh each
        rebuild: 0.1 s of each at 10,000 records, in path joins and normalisations. The values are
        MkDocs' own, kept where its cached properties keep theirs."""
        last = self._places if (site_dir, use_directory_urls) == self._folder else {}
        self._folder, self._places = (site_dir, use_directory_urls), {}  # this rebuild's files only
        places = self._places

        def place(file: File) -> None:
            found = last.get(file.src_uri)
            if found is None:
                found = (file.dest_uri, file.url, file.abs_dest_path)
            else:
                kept = vars(file)
                kept["dest_uri"], kept["url"], kept["abs_dest_path"] = found
            places[file.src_uri] = found
        return place

    def plan(self, files: Files, environment: str, generated: Mapping[str, object]) -> int:
        """on_files, once every file is known (`generated`: the pipeline's content of each generated
        file): mark what is left as it is and delete the outputs of files that are gone; the number
        of pages left."""
        same_environment = environment == self._environment
        self._environment = environment
        self._digests, self._skipped = {}, []
        outputs = set()
        resolved: dict[str, Optional[list]] = {}  # pages share link targets: each resolved once

        def resolves_as(path: str, found: Optional[list]) -> bool:
            if path not in resolved:
                resolved[path] = resolution(files, path)
            return resolved[path] == found

        for file in files:
            outputs.add(file.abs_dest_path)
            if file.abs_src_path is not None:  # hand-written or the theme's: MkDocs compares times
                if file.is_documentation_page():
                    _always(file)
                continue
            digest = self._digests[file.src_uri] = _content_key(file, generated.get(file.src_uri))
            if file.is_documentation_page():
                known = self._pages.get(file.src_uri)
                unchanged = (same_environment and file.inclusion.is_not_in_nav() and known is not None
                             and known[0] == digest and all(resolves_as(path, found) for path, found in known[1]))
            else:
                unchanged = same_environment and self._statics.get(file.src_uri) == digest
            unchanged = unchanged and os.path.isfile(file.abs_dest_path)  # still there to be served
            if unchanged:
                _never(file)
                self._skipped.append(file)
            elif not file.is_documentation_page():
                _rewrite(file, generated.get(file.src_uri))
            else:
                _always(file)
        for gone in self._outputs - outputs:
            _remove(Path(gone))
        self._outputs = outputs
        return sum(1 for file in self._skipped if file.is_documentation_page())

    def navigation(self, digest: str, populate: Callable[[File], None]) -> None:
        """on_env: a changed navigation changes every page; the pages left out are converted now."""
        if digest != self._navigation and self._navigation is not None:
            for file in self._skipped:
                _always(file)
                if file.is_documentation_page():
                    populate(file)
            self._skipped = []
        self._navigation = digest

    def left(self) -> set[str]:
        """The output files of the pages this rebuild left as they were (neither converted nor written)."""
        return {file.abs_dest_path for file in self._skipped if file.is_documentation_page()}

    def finish(self, files: Files) -> None:
        """on_post_build: remember what this rebuild made."""
        skipped = {file.src_uri for file in self._skipped}
        pages, statics = {}, {}
        for file in files:
            digest = self._digests.get(file.src_uri)
            if digest is None:
                continue
            if not file.is_documentation_page():
                statics[file.src_uri] = digest
            elif file.src_uri in skipped:
                pages[file.src_uri] = self._pages[file.src_uri]
            else:
                lookups = getattr(file.page, LOOKUPS, None)
                if lookups is not None:
                    pages[file.src_uri] = (digest, lookups)
        self._pages, self._statics, self._digests, self._skipped = pages, statics, {}, []


def _rewrite(file: File, content: object) -> None:
    """A changed data file is written here, in place (MkDocs would truncate it first: see inplace.py),
    and MkDocs leaves it (`content`: the pipeline's; a file in pieces is written as they are)."""
    os.makedirs(os.path.dirname(file.abs_dest_path), exist_ok=True)
    if isinstance(content, Pieces):
        overwrite_pieces(file.abs_dest_path, content.parts)
    else:
        overwrite(file.abs_dest_path, file.content_bytes)
    _never(file)


def _remove(path: Path) -> None:
    try:
        path.unlink()
        path.parent.rmdir()  # a page's own folder, when nothing else is in it
    except OSError:
        pass


def keep_canonical_urls() -> None:
    """serve: MkDocs makes a Page for each of the site's pages on every rebuild (12,000 at 10,000
    records), and each works out its canonical URL from the site's address with urljoin and
    urlsplit: 0.11 s of each rebuild. From now on (this process is serve) the result of MkDocs' own
    Page._set_canonical_url is kept for each site address and page URL, and given again for the
    same pair."""
    compute = Page._set_canonical_url
    if getattr(compute, "_kept", False):
        return

    def set_canonical_url(page: Page, base: Optional[str]) -> None:
        def computed() -> tuple:
            compute(page, base)
            return page.canonical_url, page.abs_url
        page.canonical_url, page.abs_url = memo.cached(("canonical url", base, page.url), computed)

    set_canonical_url._kept = True  # type: ignore[attr-defined]
    Page._set_canonical_url = set_canonical_url  # type: ignore[method-assign,assignment]


class _KeptThemeListing:
    """The theme environment as Files.add_files_from_theme uses it (list_templates alone): the names
    found in an installed theme folder that its filter takes are kept for that folder and the theme's
    static templates (what the filter is made of besides fixed patterns); a folder of the project's own
    (overrides/) is listed on every rebuild. The same names Jinja's loader gives, filtered and sorted."""

    def __init__(self, env, static_templates: tuple, kept: dict) -> None:
        self._env, self._static_templates, self._kept = env, static_templates, kept

    def list_templates(self, extensions=None, filter_func=None) -> list[str]:
        loader = self._env.loader
        if extensions is not None or filter_func is None or not isinstance(loader, FileSystemLoader):
            return self._env.list_templates(extensions=extensions, filter_func=filter_func)
        names: set[str] = set()
        for folder in loader.searchpath:
            def listed(folder=folder) -> list[str]:
                own = FileSystemLoader(folder, encoding=loader.encoding, followlinks=loader.followlinks)
                return [name for name in own.list_templates() if filter_func(name)]
            if not installed_folder(folder):
                names.update(listed())
                continue
            key = (folder, loader.followlinks, self._static_templates)
            if key not in self._kept:
                self._kept[key] = listed()
            names.update(self._kept[key])
        return sorted(names)


def keep_theme_listing() -> None:
    """serve: MkDocs adds the theme's files to every rebuild by walking each theme folder and matching
    every name against a dozen patterns: Material's 14,500 files (icons, mostly) took 0.06 s of each
    rebuild at any size, to find the same 77. An installed theme's names are now kept (_KeptThemeListing)."""
    add = Files.add_files_from_theme
    if getattr(add, "_kept", False):
        return
    kept: dict = {}

    def add_files_from_theme(files: Files, env, config) -> None:
        add(files, _KeptThemeListing(env, tuple(config.theme.static_templates), kept), config)  # type: ignore[arg-type]

    add_files_from_theme._kept = True  # type: ignore[attr-defined]
    Files.add_files_from_theme = add_files_from_theme  # type: ignore[method-assign,assignment]


def stop_as_on_ctrl_c() -> None:
    """`mkdocs serve` removes its temporary output folder when Ctrl-C stops it, but a SIGTERM or
    SIGHUP (a service manager, a closed terminal, `gongkai serve` passing one on) ends Python at
    once and leaves the folder behind: a whole site each time. They now stop it as Ctrl-C does."""
    def interrupt(signum, frame):
        raise KeyboardInterrupt

    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, interrupt)


def instant_watch(server) -> bool:
    """MkDocs polls the watched folders every 0.5 s (portable, and up to half a second per save
    before a rebuild starts); on Linux inotify reports a save at once. The watches scheduled so
    far move to an inotify observer; whether they moved (anything unexpected leaves polling)."""
    try:
        from watchdog.events import FileSystemEventHandler
        from watchdog.observers.inotify import InotifyObserver
    except ImportError:  # not Linux
        return False
    handlers, refs = getattr(server.observer, "_handlers", None), getattr(server, "_watch_refs", None)
    if not isinstance(handlers, dict) or not isinstance(refs, dict):
        return False
    instant = InotifyObserver()
    moved = {}
    try:
        for watch, owned in list(handlers.items()):
            for handler in owned:
                # inotify also reports reads (the build opening every catalog file): only changes count.
                changes = FileSystemEventHandler()
                changes.on_any_event = _changes_only(handler)  # type: ignore[method-assign]
                moved[watch] = instant.schedule(changes, watch.path, recursive=watch.is_recursive)
    except OSError:  # no inotify, or its limits reached
        return False
    for path, watch in list(refs.items()):
        refs[path] = moved.get(watch, watch)
    server.observer = instant
    return True


_READS = {"opened", "closed_no_write"}


def _changes_only(handler):
    return lambda event: None if event.event_type in _READS else handler.on_any_event(event)
