"""Stage 4, publish: write rendered pages and published files into the docs tree.

Only paths the pipeline owns are touched; hand-written pages and assets in
docs/ are left alone. Unchanged files are not rewritten, so `mkdocs serve`
(which watches docs/) does not rebuild in a loop; files of records that were
removed or withdrawn are deleted, so nothing stale stays public.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from .render import RenderedSite
from .render.parts import SOURCE_DIR

OWNED = ("index.md", "about.md", "about", "search.md", "compliance.md", "search", "decisions", "hearings", "documents", "interpretations", "reports", "annual", "files", "data", "feeds", SOURCE_DIR)
UTF8_BOM = b"\xef\xbb\xbf"  # lets browsers show published .txt sources as UTF-8


@dataclass
class PublishSummary:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def publish(site: RenderedSite, catalog_dir: Path, docs_dir: Path) -> PublishSummary:
    summary = PublishSummary()
    wanted: dict[Path, bytes] = {}
    for path, text in site.pages.items():
        wanted[docs_dir / path] = text.encode("utf-8")
    for path, data in site.files.items():
        wanted[docs_dir / path] = data
    for path, source in site.copies.items():
        data = (catalog_dir / source).read_bytes()
        if path.startswith(SOURCE_DIR + "/") and not data.startswith(UTF8_BOM):
            data = UTF8_BOM + data
        wanted[docs_dir / path] = data
    for target, data in wanted.items():
        if target.is_file() and target.read_bytes() == data:
            summary.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_bytes(data)
        temporary.replace(target)
        summary.written += 1
    summary.removed = _remove_stale(docs_dir, set(wanted))
    return summary


def _remove_stale(docs_dir: Path, wanted: set[Path]) -> int:
    removed = 0
    for name in OWNED:
        root = docs_dir / name
        if root.is_file() and root not in wanted:
            root.unlink()
            removed += 1
        elif root.is_dir():
            for path in sorted(root.rglob("*"), reverse=True):
                if path.is_file() and path not in wanted:
                    path.unlink()
                    removed += 1
                elif path.is_dir() and not any(path.iterdir()):
                    path.rmdir()
            if not any(root.iterdir()):
                shutil.rmtree(root)
    return removed
