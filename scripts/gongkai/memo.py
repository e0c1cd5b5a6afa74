"""Reuse within one long-lived process (the `serve` preview rebuilds on every
save): a catalog file's parse and validation are pure functions of its text
and place, so an unchanged file's result is taken from the last build.

Off unless switched on (a one-shot build would only hold memory for nothing).
Only the last build's entries are kept, so the memo holds one catalog's worth (the
entries of the build before are let go once serve is idle, not during a rebuild).
"""
from __future__ import annotations

import os
import stat
import time
from pathlib import Path
from typing import Any, Callable, Hashable, Optional, TypeVar

T = TypeVar("T")
A = TypeVar("A")

_enabled = False
_current: dict[Hashable, Any] = {}
_previous: dict[Hashable, Any] = {}
# The entries of the build before last, freed between rebuilds (release_retired) rather than while a clerk
# waits: letting go of a whole catalog's worth of entries took 0.15 s of a rebuild at 10,000 records.
_retired: list[dict[Hashable, Any]] = []


def enable() -> None:
    global _enabled
    _enabled = True


def enabled() -> bool:
    """Whether reuse is on (a caller skips computing a key it would not need)."""
    return _enabled


def next_build() -> None:
    """Start a build: what the last build used stays available, older entries go."""
    global _current, _previous
    if _enabled:
        _retired[:] = [_previous]  # (what was not released since goes now)
        _previous, _current = _current, {}


def release_retired() -> None:
    """Free the entries no build can use any more (serve calls this once it is idle)."""
    _retired.clear()


def recall(key: Hashable) -> Optional[Any]:
    if not _enabled:
        return None
    if key in _current:
        return _current[key]
    value = _previous.get(key)
    if value is not None:
        _current[key] = value
    return value


def remember(key: Hashable, value: Any) -> None:
    if _enabled:
        _current[key] = value


def forget(key: Hashable) -> None:
    """Drop what the last build and this one keep under `key` (recall gives None from now on)."""
    _current.pop(key, None)
    _previous.pop(key, None)


def cached(key: Hashable, compute: Callable[[], T]) -> T:
    """compute(), a pure function of `key`, reused from the last build when it was made there."""
    value = recall(key)
    if value is None:
        value = compute()
        remember(key, value)
    return value


def of_object(tag: Hashable, subject: object, compute: Callable[[], T]) -> T:
    """compute(), a pure function of `subject`, reused while the last build's result was for this
    very object: an unchanged file's records are the same objects from build to build. The entry
    holds the object, so its id cannot pass to another one while the entry lives. (of_object_while's
    entry with nothing noted, without its two functions: asked some 100,000 times a rebuild.)"""
    if not _enabled:
        return compute()
    key = (tag, id(subject))
    kept = recall(key)
    if kept is not None and kept[0] is subject:
        return kept[1]
    value = compute()
    _current[key] = (subject, value, None)
    return value


def of_object_while(tag: Hashable, subject: object, compute: Callable[[], tuple[T, A]],
                    holds: Callable[[A], bool]) -> T:
    """As of_object, for a computation that also depends on what it asked elsewhere: compute()
    gives the value and a note of those questions with their answers, and the last build's value
    is reused only while holds(its note) (every question still gets the same answer)."""
    if not _enabled:
        return compute()[0]
    key = (tag, id(subject))
    kept = recall(key)
    if kept is not None and kept[0] is subject and holds(kept[2]):
        return kept[1]
    value, noted = compute()
    remember(key, (subject, value, noted))
    return value


def of_objects(tag: Hashable, subjects: list, compute: Callable[[], T]) -> T:
    """compute(), a pure function of `subjects` (in their order), reused while the last build's result
    was for these very objects: a file made of many records' parts changes with one of them, and the
    parts of the others are the same objects from build to build. The entry holds the objects."""
    if not _enabled:
        return compute()
    key = (tag, tuple(map(id, subjects)))
    kept = recall(key)
    if kept is not None and len(kept[0]) == len(subjects) and all(a is b for a, b in zip(kept[0], subjects)):
        return kept[1]
    value = compute()
    remember(key, (list(subjects), value))
    return value


RUN = 64  # items a run: of_objects over a run of a long list redoes a run when one item changes


def runs(items: list) -> list[list]:
    """A long list as consecutive runs, for parts of a file made once a run: an edit then makes one
    run's part again, and reusing every other run's costs a look at 64 objects, not 64 look-ups."""
    return [items[start:start + RUN] for start in range(0, len(items), RUN)]


# A file whose inode, size and times are what they were before it was last read, and whose last change was
# well before that read, still holds what was read then. (A change moves its times on, but only to the
# kernel's coarse clock: a change in the same tick as the read could leave them as they were, hence the
# margin, as git treats a "racily clean" file.)
STABLE_BEFORE_READ_NS = 2_000_000_000


def _signature(path: str | Path, folder: bool = False) -> Optional[tuple]:
    try:
        found = os.lstat(path)
    except OSError:
        return None
    if not (stat.S_ISDIR(found.st_mode) if folder else stat.S_ISREG(found.st_mode)):
        return None
    return found.st_dev, found.st_ino, found.st_size, found.st_mtime_ns, found.st_ctime_ns


def kept_while_left(tag: str, path: str, left: bool, read: Callable[[], Optional[T]]) -> Optional[T]:
    """kept_while_unchanged, without asking the file system about a file that its only writer (serve's
    rebuild, in its own output folder) knows it `left` as it was: 12,000 pages' lstat took 0.1 s of
    each rebuild at 10,000 records."""
    if left and _enabled:
        kept = recall((tag, path))  # (which keeps it for the next build too)
        if kept is not None:
            return kept[1]
    return kept_while_unchanged(tag, path, read, own_output=True)


def kept_while_unchanged(tag: str, path: str | Path, read: Callable[[], Optional[T]], own_output: bool = False,
                         folder: bool = False) -> Optional[T]:
    """read() (None: nothing to keep, such as a file with a problem that read reports), or what it gave
    for this regular file at an earlier build while the file is unchanged since then (the signature
    comes from lstat: a symbolic link put in its place is read, and refused, again). `own_output`: a file
    of serve's own output folder, which serve alone writes (kept_while_left). `folder`: `path` is a folder
    (not a link to one), and read() a function of its entries alone (their names and types): an entry
    added, removed, renamed or put in another's place moves the folder's times on."""
    signature = _signature(path, folder) if _enabled else None  # before the read: a change during it moves it on
    key = (tag, str(path))
    kept = recall(key) if signature is not None else None
    if kept is not None and kept[0] == signature:
        return kept[1]
    read_at = time.time_ns()
    value = read()
    if value is not None and signature is not None and max(signature[3], signature[4]) < read_at - STABLE_BEFORE_READ_NS:
        remember(key, (signature, value))
    elif value is not None and signature is not None and own_output:
        # Read too soon after its change for its signature to be trusted; but serve's rebuild, having just
        # written it, read what a later rebuild that leaves it as it is will find (kept_while_left).
        remember(key, (None, value))
    else:  # what was kept is of an earlier file: kept_while_left must not take it at the next build
        forget(key)
    return value
