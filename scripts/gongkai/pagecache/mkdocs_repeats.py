"""What MkDocs works out again and again within one build, worked out once.

MkDocs lists the documentation pages by a pass over every file six times a
build (the navigation, reading the pages, each theme template's context, the
sitemap's date, writing the pages): at 10,000 records 35,000 files each time,
0.2 s of every serve rebuild in py-spy's samples. And each of the 12,000 pages
asks the clock for the build's date as it is made. The answers are MkDocs' own,
the same as each repeated pass gives.
"""
from __future__ import annotations

import datetime as dt
import os
import time
from typing import Callable, Iterable, Sequence

from mkdocs.structure import pages as mkdocs_pages
from mkdocs.structure.files import File, Files, InclusionLevel


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
