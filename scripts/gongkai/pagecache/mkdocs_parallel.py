"""The helper's share of a MkDocs build (parallel.py): before MkDocs reads the
pages, the helper converts pages from the end of the list; before MkDocs writes
them, it renders and finishes pages from the end (and extracts their search
text). It only stores results; the build writes every file itself, but for the
pages a warm build takes whole (whole_pages.py), which the helper writes too.

Under `serve` only the pages a rebuild builds are shared out (preview.py leaves the rest as they are).
"""
from __future__ import annotations

from typing import Any

from mkdocs import utils as mkdocs_utils
from mkdocs.commands import build as mkdocs_build
from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from .mkdocs_pages import PageReuse
from .parallel import Helper
from .whole_pages import already_in_site, taken_whole, write_whole


def _not_written(content, output_path) -> None:
    pass


def pages_to_build(files) -> list:
    """The pages a serve rebuild builds: those preview.py did not leave as they are."""
    return [file for file in files.documentation_pages(inclusion=InclusionLevel.is_included) if file.is_modified()]


class ParallelPages:
    def __init__(self, reuse: PageReuse, only_modified: bool = False) -> None:
        self.reuse = reuse
        self.only_modified = only_modified
        self.helper = Helper(reuse.store)
        reuse.reached = self.helper.reached
        reuse.done_elsewhere = self.helper.done
        self.nav: Any = None  # MkDocs' Navigation, known from on_nav

    def _pages(self, files, whole_too: bool) -> list:
        """The pages to share out; pages taken whole (whole_pages.py) have nothing to convert, only to write
        (unless written early: early_site.py)."""
        if self.only_modified:
            return pages_to_build(files)
        return [file for file in files.documentation_pages(inclusion=InclusionLevel.is_included)
                if not taken_whole(file) or whole_too and not already_in_site(file)]

    def convert(self, nav, files, config) -> None:
        """on_nav: the helper converts pages from the end while the build reads them from the start."""
        self.nav = nav
        pages = self._pages(files, whole_too=False)

        def convert_one(index, store) -> None:
            self.reuse.use_store(store)
            file = pages[index]
            if file.page is None:
                Page(None, file, config)  # as MkDocs' build loop does for a page outside the navigation
            mkdocs_build._populate_page(file.page, config, files)

        self.helper.start([file.src_uri for file in pages], convert_one)

    def finish_pages(self, env, files, config) -> None:
        """on_env: the helper renders and finishes pages from the end while the build writes them from the start."""
        self.helper.finish()
        pages = self._pages(files, whole_too=True)

        def finish_one(index, store) -> bool:
            self.reuse.use_store(store)
            self.reuse.extract_when_finished = True
            mkdocs_utils.write_file = _not_written  # only in the forked helper
            file = pages[index]
            if taken_whole(file):  # written here, where the build finds it done (Helper.done)
                return write_whole(file.page, store)
            mkdocs_build._build_page(file.page, config, pages, self.nav, env, excluded=file.inclusion.is_excluded())
            return True

        self.helper.start([file.src_uri for file in pages], finish_one)

    def done(self) -> None:
        self.helper.finish()

    def abandon(self) -> None:
        self.helper.stop()
