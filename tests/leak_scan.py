"""Every byte of a site, searched for planted markers: the built site on disk
(MkDocs output, search shards) or a render() result in memory (pages, generated
files, copied attachments).

A marker may hide in an encoding: gzip (search shards), zip (XLSX parts, whose
XML writes Chinese as &#NNNNN; references), JSON's \\uXXXX escapes, HTML
entities or percent-encoded URLs. Each file is searched as stored, unpacked and
with character references resolved."""
from __future__ import annotations

import gzip
import html
import io
import json
import zipfile
from pathlib import Path
from urllib.parse import quote


def marker_forms(markers) -> list[bytes]:
    forms = []
    for marker in markers:
        forms += [marker.encode("utf-8"), json.dumps(marker).strip('"').encode("ascii"), quote(marker).encode("ascii")]
    return sorted(set(forms))


def _unpacked(data: bytes) -> list[bytes]:
    if data[:2] == b"\x1f\x8b":
        return _unpacked(gzip.decompress(data))
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return [part for name in archive.namelist() for part in _unpacked(archive.read(name))]
    return [data]


def readable(data: bytes) -> bytes:
    """The file's contents as stored, unpacked, and with character references resolved."""
    parts = []
    for part in _unpacked(data):
        text = part.decode("utf-8", "surrogateescape")
        parts += [part, html.unescape(text).encode("utf-8", "surrogateescape")]
    return b"\n".join(parts)


def found(data: bytes, forms: list[bytes]) -> list[bytes]:
    contents = readable(data)
    return [form for form in forms if form in contents]


def scan_site(site: Path, markers) -> tuple[int, list[str]]:
    """(files scanned, "path: form" for each marker found in a file's name or bytes)."""
    forms = marker_forms(markers)
    leaks, scanned = [], 0
    for path in sorted(site.rglob("*")):
        leaks += [f"{path}: name holds {m!r}" for m in markers if m in path.name]
        if path.is_file():
            scanned += 1
            leaks += [f"{path}: {form!r}" for form in found(path.read_bytes(), forms)]
    return scanned, leaks


def build_and_scan(catalog: Path, workspace: Path, markers, today: str) -> Path:
    """Build the catalog with real MkDocs and fail on any marker in any byte of the site;
    the built site's folder."""
    from gongkai import mkdocs_project

    project = workspace / "project"
    mkdocs_project.prepare(project)
    run = mkdocs_project.build(project, catalog, today)
    assert run.returncode == 0, run.output
    site = project / "site"
    scanned, leaks = scan_site(site, markers)
    assert not leaks, leaks
    assert scanned > 50
    return site


def scan_rendered(rendered, markers) -> list[str]:
    """Markers found in a RenderedSite: its pages, generated files and copied attachments."""
    forms = marker_forms(markers)
    leaks = []
    outputs = [(path, text.encode("utf-8")) for path, text in rendered.pages.items()]
    outputs += list(rendered.files.items())
    outputs += [(path, source.read()) for path, source in rendered.copies.items() if hasattr(source, "read")]
    for path, data in outputs:
        leaks += [f"{path}: path holds {m!r}" for m in markers if m in path]
        leaks += [f"{path}: {form!r}" for form in found(data, forms)]
    return leaks
