"""What every page of a build depends on besides its own text: the code, the
theme and the configuration. A change to any of them changes every key."""
from __future__ import annotations

from pathlib import Path
from typing import Iterable

from ..cachestore import digest, installed

PACKAGE_DIR = Path(__file__).resolve().parent.parent  # the gongkai package
# Distributions whose code turns a page's Markdown into its HTML.
RENDERING_DISTRIBUTIONS = ("mkdocs", "mkdocs-material", "markdown", "pymdown-extensions", "jinja2", "markupsafe")


def installed_folder(folder: str | Path) -> bool:
    """A folder of an installed package (a theme's own): the rendering distributions' versions stand for
    its files, which do not change while a build or serve runs."""
    return bool({"site-packages", "dist-packages"} & set(Path(folder).parts))


def tree_digest(folders: Iterable[Path]) -> str:
    """A hash of every file's relative path and bytes under the folders (compiled caches aside)."""
    parts: list[str | bytes] = []
    for folder in folders:
        folder = Path(folder)
        if not folder.is_dir():
            parts.append(f"missing:{folder.name}")
            continue
        for path in sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
            parts += [path.relative_to(folder).as_posix(), path.read_bytes()]
    return digest(*parts)


def environment_digest(code_files: Iterable[Path], theme_dirs: Iterable[Path], settings: Iterable[str]) -> str:
    """The build's environment: this package's code and the hook files, the theme folders,
    the rendering libraries' versions and the configuration as text (`settings`)."""
    code = tree_digest([PACKAGE_DIR])
    hooks = digest(*(Path(path).read_bytes() for path in code_files))
    versions = ",".join(f"{name}={installed(name)}" for name in RENDERING_DISTRIBUTIONS)
    return digest(code, hooks, tree_digest(theme_dirs), versions, *settings)
