"""A build with a cache folder writes the last site's pages early, on the idle core.

Nearly every page of a warm build comes out as the last build finished it (whole_pages.py), yet
writing those 12,000 files into a fresh site folder took 2 s at the end of each warm build at
10,000 records, a third of it in the kernel creating files, while the check and the render before
it kept one core busy and left the other idle for seconds. So each build notes where it wrote which
stored finished page, and the next one, as soon as its site folder is clean (on_files), forks a
writer that writes those pages again into the new site folder while the build checks and renders.

Before the first page is written (on_env) the build waits for the writer. A page it takes whole
from the very finished HTML the writer wrote is then left as it is; every other page is written by
MkDocs as usual, over the early file; an early file at a place where this build writes no page is
deleted (with the folders it leaves empty), before MkDocs copies or writes anything else. So the
site holds what a cold build writes. A writer that fails counts as having written nothing.

The note is data from the cache folder: a place that is not a plain relative path ending in .html is
never written.
"""
from __future__ import annotations

import os
import posixpath
from typing import Any, Optional

from ..cachestore import digest
from .. import forked
from ..forked import second_core_fits
from .store import PageStore
from .whole_pages import written_bytes

BATCH = 200  # pages read from the store at a time (a batch's HTML is held at once: a few MB)
WRITER_NICENESS = 10


def site_key(environment: str) -> str:
    """The note of the last site's pages, under this environment (code, theme, configuration): another
    environment finishes every page differently."""
    return digest("site pages", environment)


def keep_site(store: PageStore, environment: str, finish_keys: dict[str, str], records: int) -> None:
    """Note, for the next build, the place of each page this build wrote and the key of its stored
    finished HTML (`finish_keys`: those of the site's pages only), and the number of records."""
    store.put(site_key(environment), {"records": records, "pages": finish_keys})


def _plain_place(place: Any) -> bool:
    """A page's place in the site as MkDocs makes one: relative, normalised, an .html file."""
    return (isinstance(place, str) and place.endswith(".html") and "\\" not in place and "\x00" not in place
            and not place.startswith("/") and posixpath.normpath(place) == place and ".." not in place.split("/"))


def _noted_pages(note: Any) -> dict[str, str]:
    """The note's pages, each at a plain place with a key (a damaged or foreign note: none)."""
    if not isinstance(note, dict) or not isinstance(note.get("records"), int) or not isinstance(note.get("pages"), dict):
        return {}
    if not second_core_fits(note["records"]):
        return {}  # (memory: the same limit as every other helper's)
    return {place: key for place, key in note["pages"].items() if _plain_place(place) and isinstance(key, str)}


class EarlySite:
    def __init__(self, store: PageStore, environment: str, site_dir: str) -> None:
        self._store = store
        self.pages = _noted_pages(store.get(site_key(environment))) if store.folder is not None else {}
        self._site = os.path.normpath(site_dir)
        self.written: dict[str, str] = {}  # the pages the writer wrote: place -> key of the finished HTML
        self._writer: Optional[forked.child[Optional[list[str]]]] = None

    def start(self) -> None:
        """Fork the writer (nothing to write: no writer)."""
        if not self.pages:
            return
        self._store.commit()
        parent = os.getpid()

        def write() -> Optional[list[str]]:
            if os.getpid() == parent:
                return None  # the writer failed: nothing counts as written, the build writes every page itself
            os.nice(WRITER_NICENESS)  # (the writer gives way to the build's own processes)
            return self._write_all()
        self._writer = forked.child(write)

    def _write_all(self) -> list[str]:
        """(The writer) every noted page from the store; the places whose finished HTML is gone or damaged."""
        own = self._store.another()
        missed: list[str] = []
        made: set[str] = set()
        pages = list(self.pages.items())
        for start in range(0, len(pages), BATCH):
            batch = pages[start:start + BATCH]
            own.prefetch(key for _, key in batch)
            for place, key in batch:
                html = written_bytes(own.text_bytes(key))
                if html is None:
                    missed.append(place)
                    continue
                path = os.path.join(self._site, place)
                folder = os.path.dirname(path)
                if folder not in made:
                    os.makedirs(folder, exist_ok=True)
                    made.add(folder)
                with open(path, "wb") as output:
                    output.write(html)
        own.close()  # (what it read stays in the store: its use is noted for this build)
        if own.failure:
            raise OSError(own.failure)
        return missed

    def wait(self, places: set[str]) -> Optional[str]:
        """Wait for the writer, then delete what it wrote outside `places` (where this build writes its
        pages); a line for the build log (None: no writer)."""
        if self._writer is None:
            return None
        missed, self._writer = self._writer(), None
        if isinstance(missed, list):
            gone = set(missed)
            self.written = {place: key for place, key in self.pages.items() if place not in gone}
        stray = self.pages.keys() - places
        for place in stray:  # (a failed writer may have written any of them)
            self._remove(place)
            self.written.pop(place, None)
        if not isinstance(missed, list):
            return "gongkai: 提前写入上次构建的页面未能完成，全部页面照常写入"
        return (f"gongkai: 提前写入上次构建的页面 {len(self.written)} 个"
                f"（本次不再有的 {len(stray)} 个已删除，缓存中缺失的 {len(missed)} 个照常写入）")

    def _remove(self, place: str) -> None:
        path = os.path.join(self._site, place)
        try:
            os.unlink(path)
        except FileNotFoundError:
            return
        folder = os.path.dirname(path)
        while folder != self._site and folder.startswith(self._site):
            try:
                os.rmdir(folder)  # only an empty one: a cold build would not have it
            except OSError:
                return
            folder = os.path.dirname(folder)

    def has(self, place: str, key: str) -> bool:
        """Whether the page at `place` is written already, from the finished HTML stored under `key`."""
        return self.written.get(place) == key

    def abandon(self) -> None:
        """The build failed: end the writer now (its site folder goes with the build)."""
        if self._writer is not None:
            self._writer.__exit__(None, None, None)
            self._writer = None
