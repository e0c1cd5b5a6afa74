"""A build's pages wait on disk between their conversion and their template.

MkDocs converts every page before it writes the first, and keeps each page's
Markdown twice (the file's text and the page's, front matter removed) and its
HTML until the build ends: at 100,000 records that is gigabytes held at once.
A generated page outside the navigation needs none of them until its template
runs (the navigation shows titles and addresses; anchors were checked from
the conversion), so its HTML goes to the build's spool and comes back just
before its template, and its Markdown is let go.
"""
from __future__ import annotations

import hashlib
from typing import Optional

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page

from ..cachestore import StoredText
from ..spool import Spool, Spooled

_PARKED = "_gongkai_parked"  # the Spooled HTML of a page that waits on disk


def parkable(page: Page) -> bool:
    """A generated page outside the navigation: once written, nothing reads it again."""
    return page.file.generated_by is not None and page.file.inclusion.is_not_in_nav()


def park(page: Page, html: str, spool: Spool) -> Optional[str]:
    """on_page_content: the page's content from now until unpark (None: it waits in the spool)."""
    if not parkable(page):
        return html
    setattr(page, _PARKED, spool.pack(html.encode("utf-8")))
    page.markdown = ""
    page.file.content_string = ""
    return None


def unpark(page: Page) -> None:
    """on_page_context: the page's content again, for its template."""
    parked = getattr(page, _PARKED, None)
    if parked is not None:
        page.content = parked.read().decode("utf-8")
        setattr(page, _PARKED, None)


class PackedPage(File):
    """A generated page whose Markdown is a part of the spool's pack (Spool.pack), or kept in the build's
    cache folder (StoredText), read from there when MkDocs asks for it. Made with File.generated(...,
    abs_src_path=the pack's or the store's location), then given its part (`packed`); once MkDocs sets
    its content (the hook lets a written page's go), that is its content."""

    packed: Optional[Spooled | StoredText] = None

    @property
    def content_bytes(self) -> bytes:
        if self._content is None and self.packed is not None:
            return self.packed.read()
        return File.content_bytes.fget(self)  # type: ignore[attr-defined]

    @content_bytes.setter
    def content_bytes(self, value: bytes) -> None:
        File.content_bytes.fset(self, value)  # type: ignore[attr-defined]

    @property
    def content_string(self) -> str:
        if self._content is None and self.packed is not None:
            return self.packed.read().decode("utf-8-sig", errors="strict")  # as MkDocs reads a file
        return File.content_string.fget(self)  # type: ignore[attr-defined]

    @content_string.setter
    def content_string(self, value: str) -> None:
        File.content_string.fset(self, value)  # type: ignore[attr-defined]


def content_digest(file: File) -> bytes:
    """The BLAKE2b-160 of a page's Markdown as MkDocs reads it; known without reading it for a kept page
    (at 10,000 records reading and hashing 10,000 of them took 0.3 s of each warm build)."""
    packed = getattr(file, "packed", None)
    if isinstance(packed, StoredText) and file._content is None:
        return packed.digest
    return hashlib.blake2b(file.content_bytes, digest_size=20).digest()
