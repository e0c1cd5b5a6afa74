"""Stage 4, publish: write rendered pages and published files into the docs tree.

Only paths the pipeline owns are touched; hand-written pages and assets in
docs/ are left alone. Unchanged files are not rewritten, so `mkdocs serve`
(which watches docs/) does not rebuild in a loop; files of records that were
removed or withdrawn are deleted, so nothing stale stays public.

Attachments are published exactly as they were checked: each is read again
without following links and must have the size and SHA-256 the loader
recorded, or nothing at all is written (CatalogError). Symbolic links inside
the owned paths of docs/ are removed, never written through.
"""
from __future__ import annotations

import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from .load import MAX_FILE_BYTES, FileInfo
from .problems import CatalogError, Problem
from .regularfile import RefusedFile, read_regular
from .render import RenderedSite
from .render.parts import SOURCE_DIR

OWNED = ("index.md", "about.md", "about", "search.md", "compliance.md", "search", "decisions", "hearings", "documents", "interpretations", "reports", "annual", "files", "data", "feeds", SOURCE_DIR)


@dataclass
class PublishSummary:
    written: int = 0
    unchanged: int = 0
    removed: int = 0


def publish(site: RenderedSite, catalog_dir: Path, docs_dir: Path) -> PublishSummary:
    """Write the site into docs_dir; CatalogError, before anything is written, when a
    copied file is no longer what was checked."""
    summary = PublishSummary()
    wanted: dict[Path, bytes] = {}
    for path, text in site.pages.items():
        wanted[docs_dir / path] = text.encode("utf-8")
    for path, data in site.files.items():
        wanted[docs_dir / path] = data
    problems: list[Problem] = []
    for path, source in site.copies.items():
        try:
            data = _copied(source, Path(catalog_dir))
        except CatalogError as error:
            problems += error.problems
            continue
        wanted[docs_dir / path] = data
    if problems:
        raise CatalogError(problems)
    summary.removed = _remove_links(docs_dir)
    for target, data in wanted.items():
        if target.is_file() and target.read_bytes() == data:
            summary.unchanged += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(target.name + ".tmp")
        temporary.write_bytes(data)
        temporary.replace(target)
        summary.written += 1
    summary.removed += _remove_stale(docs_dir, set(wanted))
    return summary


def _copied(source, catalog_dir: Path) -> bytes:
    """The bytes to publish for one copy: a checked attachment (FileInfo, verified by
    FileInfo.read) or a catalog file named by its path under the catalog folder."""
    if isinstance(source, FileInfo):
        return source.read()
    try:
        data = read_regular(catalog_dir, source, MAX_FILE_BYTES)
    except RefusedFile as refused:
        raise CatalogError([Problem(f"catalog/{source}", f"无法发布：{refused.reason}",
                                    "目录中只能有普通文件和文件夹；请用实际文件替换它，再重新检查和构建")]) from None
    if len(data) > MAX_FILE_BYTES:
        raise CatalogError([Problem(f"catalog/{source}", "文件在检查之后变得过大，不会发布", "请重新运行检查和构建")])
    return data


def _remove_links(docs_dir: Path) -> int:
    """Delete every symbolic link in the paths the pipeline owns (without following it),
    so no write below goes through one and stale removal never walks outside docs/."""
    removed = 0
    pending = [docs_dir / name for name in OWNED]
    while pending:
        path = pending.pop()
        if path.is_symlink():
            path.unlink()
            removed += 1
        elif path.is_dir():
            with os.scandir(path) as entries:
                pending += [Path(entry.path) for entry in entries if entry.is_symlink() or entry.is_dir(follow_symlinks=False)]
    return removed


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
