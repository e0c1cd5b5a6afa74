"""Work on the second core: a forked child computes a pure function while the
parent does something else, and hands the result back through an unnamed temporary file
(a pipe would stall the child once its buffer is full, until the parent reads; a named file
would be left behind when the parent is killed).

The result is the one the parent would compute: should the child fail in any
way, the parent computes it itself (and so raises any error where it belongs).
Used as a context manager, so that a parent leaving early (an error of its own)
stops the child and removes its file:

    with forked.child(work, fork=True) as result:
        ...          # the parent's own work
        value = result()
"""
from __future__ import annotations

import contextlib
import ctypes
import gc
import logging
import multiprocessing
import os
import pickle
import signal
import tempfile
from typing import IO, Any, Callable, Generic, Iterator, Optional, TypeVar

T = TypeVar("T")

# A forked helper ends up with its own copy of much of the build's memory: measured at 10,000 and
# 30,000 records, about 50-60 KB a record on two cores against under 40 on one. Above this many records
# a build keeps to one core, so that 100,000 records fit in 4 GB; below it, time matters more.
SECOND_CORE_UP_TO_RECORDS = 50_000


def second_core_fits(records: int) -> bool:
    """Whether a build of this many records may fork helpers (memory, not time, decides above the limit)."""
    return records <= SECOND_CORE_UP_TO_RECORDS


def _return_free_memory() -> None:
    """Give the memory the process freed back to the system (glibc's malloc_trim) before a fork: otherwise
    the child's allocations land in it and each page they touch is copied, and the parent keeps it too."""
    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):
        pass  # not glibc: nothing to trim


# Whether this process keeps its long-lived objects frozen itself (serve: pagecache/idlegc.py). Not
# asked of gc.get_freeze_count(), which walks every frozen object: 0.2 s of each fork at 10,000 records.
_freezes_its_own = False


def freezes_its_own(freezes: bool = True) -> None:
    """This process freezes what it keeps between builds (or a build's objects until its end): fork
    leaves frozen what it froze. (False: not any more.)"""
    global _freezes_its_own
    _freezes_its_own = freezes


def fork() -> int:
    """os.fork, with the parent's objects kept out of the child's garbage collector. A collection in
    the child writes to the header of every object it visits, so each memory page holding one would
    be copied: the child would end up holding a copy of the parent's whole heap. (The parent's own
    collector gets them back at once, unless it freezes objects itself: serve freezes what it keeps
    between rebuilds (pagecache/idlegc.py), and unfreezing would make its collections walk them all
    again; what is frozen here then waits for serve's idle collection.)"""
    _return_free_memory()
    gc.freeze()
    pid = os.fork()
    if pid and not _freezes_its_own:
        gc.unfreeze()
    return pid


class child(Generic[T]):
    """work() in a forked child (or, with fork=False, in this process when asked for)."""

    def __init__(self, work: Callable[[], T], fork: bool = True) -> None:
        self._work = work
        self._pid = 0
        self._file: Optional[IO[bytes]] = None
        if fork:
            self._start()

    def _start(self) -> None:
        # Unlinked from the start (O_TMPFILE): nothing is left in the temporary folder, whoever is killed.
        self._file = tempfile.TemporaryFile(prefix="gongkai-forked-")
        pid = fork()
        if pid:
            self._pid = pid
            return
        status = 1  # the child: no output, no cleanup of the parent's state
        try:
            logging.disable(logging.CRITICAL)
            value = self._work()
            assert self._file is not None
            pickle.dump(value, self._file, protocol=pickle.HIGHEST_PROTOCOL)
            self._file.flush()
            status = 0
        finally:
            os._exit(status)

    def __call__(self) -> T:
        """The result: the child's, or computed here when the child failed or none was started."""
        if self._pid:
            _, status = os.waitpid(self._pid, 0)
            self._pid = 0
            if os.waitstatus_to_exitcode(status) == 0 and self._file is not None:
                try:
                    self._file.seek(0)  # (the child's writes moved the offset both share)
                    return pickle.load(self._file)
                except (OSError, pickle.UnpicklingError, EOFError):
                    pass
                finally:
                    self._remove()
        self._remove()
        return self._work()

    def _remove(self) -> None:
        if self._file is not None:
            self._file.close()
            self._file = None

    def __enter__(self) -> "child[T]":
        return self

    def __exit__(self, *exception: object) -> None:
        if self._pid:  # the parent left without the result: the child's work is not wanted
            os.kill(self._pid, signal.SIGKILL)
            os.waitpid(self._pid, 0)
            self._pid = 0
        self._remove()


class Shared(Generic[T]):
    """A list shared out between a forked child, taking runs of it from the front, and this process,
    taking them from the back, each when it gets to the list: whichever is done with its other work
    first does more of it. (A fixed split left one waiting for the other: a warm build's parent, most
    of its pages kept, was idle 1.4 s at 10,000 records; a cold build's parent, rendering every page,
    never got to its share before the child would have.)"""

    def __init__(self, items: list[T], run: int) -> None:
        self._runs = [items[start:start + run] for start in range(0, len(items), run)]
        self._parent = os.getpid()
        self._lock: contextlib.AbstractContextManager = contextlib.nullcontext()
        self._ends: Any = [0, len(self._runs)]  # [first unclaimed, after the last]
        try:
            shared = multiprocessing.get_context("fork")  # (the child is forked: neither needs a helper process)
            self._lock, self._ends = shared.Lock(), shared.RawArray("q", self._ends)
            self.between_processes = True
        except OSError:  # this system has no shared lock: the list stays this process's (no child may share it)
            self.between_processes = False

    def _claimed(self, from_front: bool) -> Optional[list[T]]:
        with self._lock:
            first, end = self._ends[0], self._ends[1]
            if first >= end:
                return None
            if from_front:
                self._ends[0] = first + 1
                return self._runs[first]
            self._ends[1] = end - 1
            return self._runs[end - 1]

    def from_front(self) -> Iterator[T]:
        """The child's items, in order. In this process (no child was started, or it failed and its work
        is done here): every item the back has not taken."""
        if os.getpid() == self._parent:
            with self._lock:
                end = self._ends[0] = self._ends[1]
            for left in self._runs[:end]:
                yield from left
            return
        while (run := self._claimed(True)) is not None:
            yield from run

    def from_back(self) -> Iterator[T]:
        """This process's items, a run at a time from the end of the list (each run in order)."""
        while (run := self._claimed(False)) is not None:
            yield from run
