"""Generated files kept on disk while a build runs, not in memory.

A 100,000-record site makes gigabytes of pages and data files (exports,
record data files, listings' data); held in memory until MkDocs reads them,
they would meet the catalog at the memory peak. A build gives render a spool:
each file is written there as soon as it is made (a large one piece by piece),
and only its place and size travel on (to MkDocs, which reads or copies it; or
back from a forked child). Without a spool (serve, tests, `generate`) the same
code keeps the bytes in memory.

Files are named by a counter, never by their site path: nothing from the
catalog decides where a file lands on disk.
"""
from __future__ import annotations

import itertools
import os
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Optional, Protocol, Union

from .cachestore import StoredText


@dataclass(frozen=True)
class Spooled:
    """A generated file written to the spool: its bytes are read when they are needed."""

    location: str
    size: int
    offset: int = -1  # -1: the whole file at `location`; else these bytes of a pack there (Spool.pack)

    def __len__(self) -> int:
        return self.size

    def read(self) -> bytes:
        if self.offset >= 0:
            return _read_packed(self.location, self.offset, self.size)
        with open(self.location, "rb") as spooled:
            return spooled.read()

    def place(self, output_path: str) -> None:
        """Put the file at `output_path` in the site: a hard link where the disk allows one (the
        spool is beside the site and written once, so no byte need be copied: 1.5 s of a build at
        10,000 records went to copying its data files), else a copy. Either way a new file of the
        same bytes and permissions (both are made under the process's umask). Its folder is made, and what
        was there removed, only when the first try finds it needed (a build places 20,000 files at 10,000
        records, nearly all into folders that exist, at places that are free)."""
        try:
            self._put(output_path)
        except FileNotFoundError:  # its folder is not made yet (or the spool's file is gone: raised again below)
            os.makedirs(os.path.dirname(output_path), exist_ok=True)
            self._put(output_path)
        except FileExistsError:  # serve: the file of the last rebuild, or whatever else took its place
            os.unlink(output_path)
            self._put(output_path)

    def _put(self, output_path: str) -> None:
        """Create the file at `output_path`, never through what is there (FileExistsError)."""
        if self.offset >= 0:  # a part of a pack: its own bytes
            with open(output_path, "xb") as output:
                output.write(self.read())
            return
        try:
            os.link(self.location, output_path)
        except (FileNotFoundError, FileExistsError):
            raise
        except OSError:  # no hard link on this disk: a copy, into a free place (copyfile would write through a link)
            if os.path.lexists(output_path):
                raise FileExistsError(output_path) from None
            shutil.copyfile(self.location, output_path)


# Each process's open packs for reading, by location (os.pread needs no position of its own, so a
# forked child may read through the descriptors it was born with).
_readers: dict[str, int] = {}


def _read_packed(location: str, offset: int, size: int) -> bytes:
    descriptor = _readers.get(location)
    if descriptor is None:
        descriptor = _readers[location] = os.open(location, os.O_RDONLY)
    parts, done = [], 0
    while done < size:
        part = os.pread(descriptor, size - done, offset + done)
        if not part:
            raise OSError(f"spool pack {location} ends before byte {offset + size}")
        parts.append(part)
        done += len(part)
    return parts[0] if len(parts) == 1 else b"".join(parts)


def _close_readers(folder: str) -> None:
    for location in [location for location in _readers if location.startswith(folder + os.sep)]:
        os.close(_readers.pop(location))


@dataclass(frozen=True)
class Pieces:
    """A file kept as the pieces it was written in (serve): joining the two exports of every record
    made 160 MB of new bytes each rebuild at 10,000 records, 0.14 s of it in py-spy's samples. An
    unchanged record's piece is the same object from rebuild to rebuild, so comparing two files'
    pieces is mostly comparing references."""

    parts: tuple[bytes, ...]
    size: int

    def __len__(self) -> int:
        return self.size

    def join(self) -> bytes:
        return b"".join(self.parts)


Content = Union[str, bytes, Spooled, Pieces, StoredText]  # (StoredText: a kept page's Markdown, in a build's cache folder)


class OutFile(Protocol):
    def write(self, data: bytes) -> object: ...

    def done(self) -> bytes | Spooled | Pieces: ...


class Keeper(Protocol):
    """Where generated files go: memory or a spool."""

    def keep(self, data: bytes) -> bytes | Spooled: ...

    def file(self) -> OutFile:
        """A file written piece by piece; done() gives what keep() would have."""
        ...


class _MemoryFile:
    """Written in many small pieces (an export, record by record), joined once at the end: cheaper
    than a growing buffer's copies."""

    def __init__(self) -> None:
        self._parts: list[bytes] = []

    def write(self, data: bytes) -> object:
        self._parts.append(data)
        return len(data)

    def done(self) -> bytes:
        return b"".join(self._parts)


class _InMemory:
    def keep(self, data: bytes) -> bytes:
        return data

    def file(self) -> _MemoryFile:
        return _MemoryFile()


IN_MEMORY: Keeper = _InMemory()


class _PiecesFile(_MemoryFile):
    def done(self) -> Pieces:  # type: ignore[override]
        return Pieces(tuple(self._parts), sum(map(len, self._parts)))


class _InPieces(_InMemory):
    def file(self) -> _PiecesFile:
        return _PiecesFile()


# serve's: a file written piece by piece is kept in its pieces (PreviewOutputs writes it out).
IN_PIECES: Keeper = _InPieces()


class _SpoolFile:
    def __init__(self, location: Path) -> None:
        self._location = location
        self._out: BinaryIO = open(location, "xb")
        self._size = 0

    def write(self, data: bytes) -> object:
        self._size += len(data)
        return self._out.write(data)

    def done(self) -> Spooled:
        self._out.close()
        return Spooled(str(self._location), self._size)


class Spool:
    def __init__(self, folder: Optional[Path] = None) -> None:
        """The folder `folder`, made now and only for this spool (default: a new one in the system's
        temporary folder); remove() removes it."""
        if folder is None:
            self.folder = Path(tempfile.mkdtemp(prefix="gongkai-spool-"))
        else:
            Path(folder).mkdir(mode=0o700)  # never an existing folder, nor one a link points to
            self.folder = Path(folder)
        self._names = itertools.count()
        self._packs: dict[int, tuple[int, str]] = {}  # process id -> (descriptor, location) of its pack
        self._ends: dict[int, int] = {}  # process id -> its pack's length

    def pack(self, data: bytes) -> Spooled:
        """Keep `data` at the end of this process's pack: one file of many parts, for what MkDocs reads
        and nothing links to (pages' Markdown, parked HTML). Creating a file for each of 12,000 pages
        cost 1-3 s of a build at 10,000 records. Unbuffered: a part can be read back at once."""
        process = os.getpid()  # a forked child packs into a file of its own
        if process not in self._packs:
            location = str(self.folder / f"{process}-pack")
            self._packs[process] = (os.open(location, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_APPEND, 0o600), location)
            self._ends[process] = 0
        descriptor, location = self._packs[process]
        offset, view = self._ends[process], memoryview(data)
        while view:
            view = view[os.write(descriptor, view):]
        self._ends[process] = offset + len(data)
        return Spooled(location, len(data), offset)

    def file(self) -> _SpoolFile:
        return _SpoolFile(self.folder / f"{os.getpid()}-{next(self._names)}")  # a forked child writes here too

    def keep(self, data: bytes) -> Spooled:
        out = self.file()
        out.write(data)
        return out.done()

    def remove(self) -> None:
        descriptor = self._packs.pop(os.getpid(), (None, ""))[0]
        if descriptor is not None:
            os.close(descriptor)
        _close_readers(str(self.folder))
        shutil.rmtree(self.folder, ignore_errors=True)


def content_bytes(content: Content) -> bytes:
    """The bytes of generated content, wherever it is kept."""
    if isinstance(content, (Spooled, StoredText)):
        return content.read()
    if isinstance(content, Pieces):
        return content.join()
    return content.encode("utf-8") if isinstance(content, str) else content
