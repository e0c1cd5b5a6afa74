"""The second core of a build: a forked helper does per-page work for the pages
at the end of MkDocs' page list and stores it (as a warm build would find it),
while the build goes through the list from the start, taking what the helper
stored and doing the rest itself. They meet in the middle; a page both reach is
done twice, never wrongly (entries are keyed by their inputs).

The helper opens its own connection to the store (SQLite connections do not
survive a fork), sends nothing to the console (what it would report is not
stored, so the build reports it when it does the page itself) and ends with
os._exit, running no cleanup of the parent's state.
"""
from __future__ import annotations

import logging
import multiprocessing
import os
import signal
from typing import Callable, Sequence

from ..forked import fork
from .store import PageStore


def cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)


class Helper:
    def __init__(self, store: PageStore) -> None:
        self.store = store
        self._position = multiprocessing.RawValue("q", -1)  # shared memory: the build's place in the list
        self._done_from = multiprocessing.RawValue("q", 0)  # shared memory: the helper has done every page from here on
        self._index: dict[str, int] = {}
        self._pid = 0
        self._is_helper = False

    def start(self, names: Sequence[str], do: Callable[[int, PageStore], object]) -> None:
        """Fork a helper that calls do(i, its store) for i from the end of `names` down to the build's place;
        it stops early when do() returns False (a page it could not do: the build does it)."""
        self.finish()
        self._index = {name: index for index, name in enumerate(names)}
        self._position.value = -1
        self._done_from.value = len(names)
        self.store.commit()
        pid = fork()
        if pid:
            self._pid = pid
            return
        status = 1
        self._is_helper = True
        try:
            for handler in list(logging.getLogger("mkdocs").handlers) + list(logging.getLogger().handlers):
                if isinstance(handler, logging.StreamHandler):
                    handler.setLevel(logging.CRITICAL + 1)
            own = self.store.another()
            for index in range(len(names) - 1, -1, -1):
                if index <= self._position.value or do(index, own) is False:
                    break
                own.commit()
                self._done_from.value = index
            own.commit()
            status = 0
        finally:
            os._exit(status)

    def reached(self, name: str) -> None:
        """The build is at this page: the helper stops before it."""
        index = self._index.get(name)
        if index is not None and not self._is_helper and index > self._position.value:
            self._position.value = index

    def done(self, name: str) -> bool:
        """Whether the helper has done this page (call reached() first: the helper then starts no page
        before it, though it may be at this very one, which the build then does too, with the same result)."""
        index = self._index.get(name)
        return index is not None and not self._is_helper and index >= self._done_from.value

    def finish(self) -> None:
        """Wait for the helper (its entries are then visible to the build)."""
        if self._pid:
            os.waitpid(self._pid, 0)
            self._pid = 0
            self.store.commit()

    def stop(self) -> None:
        """The build failed: end the helper now."""
        if self._pid:
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0
