"""Generated files kept on disk while a build runs, not in memory.

A 100,000-record site makes gigabytes of data files (exports, record data
files, listings' data); held in memory until MkDocs copies them, they would
meet the catalog and every page at the memory peak. A build gives render a
spool: each file is written there as soon as it is made, and only its place
and size travel on (to MkDocs, which copies it; or back from a forked child).

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
from typing import Optional, Union


@dataclass(frozen=True)
class Spooled:
    """A generated file written to the spool: its bytes are read when they are needed."""

    location: str
    size: int

    def __len__(self) -> int:
        return self.size

    def read(self) -> bytes:
        with open(self.location, "rb") as spooled:
            return spooled.read()


Content = Union[str, bytes, Spooled]


class Spool:
    def __init__(self, folder: Optional[Path] = None) -> None:
        """A new folder under `folder` (default: the system's temporary folder), removed by remove()."""
        self.folder = Path(tempfile.mkdtemp(prefix="gongkai-spool-", dir=folder))
        self._names = itertools.count()

    def put(self, data: bytes) -> Spooled:
        location = self.folder / f"{os.getpid()}-{next(self._names)}"  # a forked child writes here too
        with open(location, "xb") as out:
            out.write(data)
        return Spooled(str(location), len(data))

    def remove(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def content_bytes(content: Content) -> bytes:
    """The bytes of generated content, wherever it is kept."""
    if isinstance(content, Spooled):
        return content.read()
    return content.encode("utf-8") if isinstance(content, str) else content
