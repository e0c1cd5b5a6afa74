"""A sitemap for a site built without its address (网站地址 unset in site.yaml).

MkDocs writes sitemap entries only from an absolute site address, so such a site
got an empty sitemap. Here every page of the built site is listed relative to the
sitemap (the site root): complete, and correct once the site is served from its
root. With 网站地址 set, MkDocs' own absolute sitemap is kept.
"""
from __future__ import annotations

import functools
import gzip
from pathlib import Path
from typing import Optional
from xml.sax.saxutils import escape

from . import memo
from .search.site import site_pages


def write_relative_sitemap(site_dir: Path, pages: Optional[list[tuple[str, str]]] = None) -> int:
    """Rewrite sitemap.xml (and .gz) listing every page (`pages`: site_pages of the site, when
    already found); the number of pages listed."""
    site_dir = Path(site_dir)
    listed = site_pages(site_dir) if pages is None else pages
    # serve: the very list of pages of the last rebuild (search.site.known_site_pages) gives the same bytes,
    # made once (0.05 s of each rebuild at 10,000 records); written every time, over MkDocs' own sitemap.
    text, packed = memo.of_objects("sitemap", [listed], functools.partial(_sitemap, listed))
    (site_dir / "sitemap.xml").write_bytes(text)
    (site_dir / "sitemap.xml.gz").write_bytes(packed)
    return len(listed)


def _sitemap(pages: list[tuple[str, str]]) -> tuple[bytes, bytes]:
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(url or './')}</loc></url>" for url in sorted(url for url, _ in pages)]
    lines.append("</urlset>")
    text = ("\n".join(lines) + "\n").encode("utf-8")
    return text, gzip.compress(text, mtime=0)
