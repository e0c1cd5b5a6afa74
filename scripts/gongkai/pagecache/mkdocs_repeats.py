"""What MkDocs works out again and again within one build, worked out once.

MkDocs lists the documentation pages by a pass over every file six times a
build (the navigation, reading the pages, each theme template's context, the
sitemap's date, writing the pages): at 10,000 records 35,000 files each time,
0.2 s of every serve rebuild in py-spy's samples. Each of the 12,000 pages asks
the clock for the build's date as it is made, and each of the 22,500 generated
files reads three settings from the configuration and normalises its path. The
answers are MkDocs' own, the same as each repeated pass gives.
"""
from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import PurePath
from typing import Callable, Iterable, Optional, Sequence, TypeVar

from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files, InclusionLevel

from .. import memo

F = TypeVar("F", bound=File)


class SettledFiles(Files):
    """The site's files (on_files returns them to MkDocs). Once settled (on_nav: MkDocs has set
    every file's inclusion and made the navigation, and changes neither afterwards), the pages of
    each inclusion filter are listed once; adding or removing a file unsettles the collection."""

    def __init__(self, files: Iterable[File]) -> None:
        super().__init__(files)
        self._listed: dict[Callable[[InclusionLevel], bool], list[File]] | None = None

    def settle(self) -> None:
        self._listed = {}

    def append(self, file: File) -> None:
        self._listed = None
        super().append(file)

    def remove(self, file: File) -> None:
        self._listed = None
        super().remove(file)

    def documentation_pages(self, *, inclusion: Callable[[InclusionLevel], bool] = InclusionLevel.is_included) -> Sequence[File]:
        if self._listed is None:
            return super().documentation_pages(inclusion=inclusion)
        listed = self._listed.get(inclusion)
        if listed is None:
            listed = self._listed[inclusion] = list(super().documentation_pages(inclusion=inclusion))
        return list(listed)  # (a list of the caller's own, as MkDocs gives)


def build_date_once_a_second() -> None:
    """MkDocs' get_build_date for every page (the date, UTC, of the moment the page is made, or of
    SOURCE_DATE_EPOCH when set), worked out once for each second of the clock: a UTC day begins on a
    whole second, so every page made within one second gets the date MkDocs would give it."""
    compute = mkdocs_pages.get_build_date
    if getattr(compute, "_kept", False):
        return
    kept: list = [None, ""]

    def get_build_date() -> str:
        if os.environ.get("SOURCE_DATE_EPOCH") is not None:
            return compute()
        second = int(time.time())
        if kept[0] != second:
            kept[:] = [second, dt.datetime.fromtimestamp(second, tz=dt.timezone.utc).strftime("%Y-%m-%d")]
        return kept[1]

    get_build_date._kept = True  # type: ignore[attr-defined]
    mkdocs_pages.get_build_date = get_build_date


def generated_file_maker(config) -> Callable[..., File]:
    """File.generated(config, ...) for each of a build's generated files, the configuration read once
    (its settings are looked up by name, three for each file: 0.1 s of every rebuild at 10,000 records,
    with the paths' normalisation, which serve keeps for each path). make(cls, src_uri, content=... or
    abs_src_path=..., inclusion=...) gives the File (of `cls`, File or a subclass) that
    cls.generated(config, src_uri, ...) gives."""
    site_dir, directory_urls = config.site_dir, config.use_directory_urls
    made_by = config.plugins._current_plugin or "<unknown>"

    def make(cls: type[F], src_uri: str, *, content: str | bytes | None = None, abs_src_path: Optional[str] = None,
             inclusion: InclusionLevel = InclusionLevel.UNDEFINED) -> F:
        if (content is None) == (abs_src_path is None):
            raise TypeError("File must have exactly one of 'content' or 'abs_src_path'")
        file = cls.__new__(cls)
        # As File.__init__ sets them (its src_path setter normalises the path).
        file.src_uri = memo.cached(("source uri", src_uri), lambda: PurePath(src_uri).as_posix())
        file.src_dir, file.dest_dir, file.use_directory_urls, file.inclusion = None, site_dir, directory_urls, inclusion
        file.generated_by, file.abs_src_path, file._content = made_by, abs_src_path, content
        return file
    return make
