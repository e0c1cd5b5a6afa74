"""Where the project is: the folder holding mkdocs.yml, found from the working
directory upward (as git finds its repository), never from where this package
happens to be installed."""
from __future__ import annotations

from pathlib import Path
from typing import Optional

CONFIG = "mkdocs.yml"


class ProjectNotFound(Exception):
    """No folder from the working directory up holds mkdocs.yml."""

    def __init__(self, start: Path):
        super().__init__(f"在 {start} 及其上级文件夹中找不到 {CONFIG}：请在政务公开网站项目的文件夹中运行")


def project_root(start: Optional[Path] = None) -> Path:
    """The nearest folder, from `start` (default: the working directory) upward, that holds mkdocs.yml."""
    here = Path(start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / CONFIG).is_file():
            return folder
    raise ProjectNotFound(here)
