"""A sitemap for a site built without its address (网站地址 unset in site.yaml).

MkDocs writes sitemap entries only from an absolute site address, so such a site
got an empty sitemap. Here every page of the built site is listed relative to the
sitemap (the site root): complete, and correct once the site is served from its
root. With 网站地址 set, MkDocs' own absolute sitemap is kept.
"""
from __future__ import annotations

import gzip
from pathlib import Path
from typing import Optional
from xml.sax.saxutils import escape

from .search.site import site_pages


def write_relative_sitemap(site_dir: Path, pages: Optional[list[tuple[str, str]]] = None) -> int:
    """Rewrite sitemap.xml (and .gz) listing every page (`pages`: site_pages of the site, when
    already found); the number of pages listed."""
    site_dir = Path(site_dir)
    urls = sorted(url for url, _ in (site_pages(site_dir) if pages is None else pages))
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">']
    lines += [f"  <url><loc>{escape(url or './')}</loc></url>" for url in urls]
    lines.append("</urlset>")
    text = "\n".join(lines) + "\n"
    (site_dir / "sitemap.xml").write_text(text, encoding="utf-8")
    (site_dir / "sitemap.xml.gz").write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    return len(urls)
