"""Stage 7, publish: the rendered site as files, each with its content.

MkDocs takes them as virtual files (scripts/mkdocs_hooks.py): nothing is
written into docs/, so nothing there can go stale and `mkdocs serve` watches
only the catalog. `render --out DIR` writes the same files into a folder
(write_folder) for other builders.

Attachments are published exactly as they were checked: each is read again
without following links and must have the size and SHA-256 the loader
recorded, or nothing at all is published (CatalogError, listing every file
that changed).
"""
from __future__ import annotations

import shutil
from pathlib import Path

from .load import MAX_FILE_BYTES, FileInfo
from .problems import CatalogError, Problem
from .regularfile import RefusedFile, read_regular
from .render import RenderedSite
from .spool import Content, content_bytes


def published_files(site: RenderedSite, catalog_dir: Path) -> dict[str, Content]:
    """Every path of the site -> its content: pages as text, generated files and
    copied attachments as bytes. CatalogError when a copied file is no longer
    what was checked."""
    files: dict[str, Content] = dict(site.pages)
    files.update(site.files)
    problems: list[Problem] = []
    for path, source in site.copies.items():
        try:
            files[path] = _copied(source, Path(catalog_dir))
        except CatalogError as error:
            problems += error.problems
    if problems:
        raise CatalogError(problems)
    return files


def _copied(source: FileInfo | str, catalog_dir: Path) -> bytes:
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


def top_level_names(paths) -> set[str]:
    """The first component of each path: the files and folders the site occupies."""
    return {path.split("/", 1)[0] for path in paths}


def write_folder(files: dict[str, Content], out: Path) -> int:
    """Write the files into `out`; the number written. Each top-level file or
    folder the site occupies is replaced whole (a link there is removed, never
    followed), so pages of withdrawn records do not survive from an earlier
    run; anything else in `out` is left alone."""
    out = Path(out)
    for name in top_level_names(files):
        target = out / name
        if target.is_dir() and not target.is_symlink():
            shutil.rmtree(target)
        elif target.is_symlink() or target.exists():
            target.unlink()
    for path, content in files.items():
        target = out / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content_bytes(content))
    return len(files)
