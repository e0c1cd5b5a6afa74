"""serve: which files its output folder holds, listed on the other core.

A rebuild leaves most outputs as they were, but only while each is still there to
be served (something outside serve may have removed it), and the search index
rewrites none of its own unchanged files while they are there. Asking the file
system about each, one call at a time, took 0.3 s of every rebuild at 10,000
records (22,500 pages and files, 15,000 index files), on the core the clerk waits
for. `find` lists the whole folder in a separate process instead, started when the
rebuild starts and read when the first answer is needed, after the check and the
render (seconds later); nothing of serve writes to the folder in between.
"""
from __future__ import annotations

import os
import subprocess
from typing import Optional

# A listing that takes longer than this (a folder on a hung network drive) is given up: each
# file is then asked about in turn, as without a listing.
LISTING_SECONDS = 60.0


class OutputListing:
    """The regular files under `folder` (an absolute, normalised path) as `find` lists them."""

    def __init__(self, folder: str) -> None:
        self.prefix = folder.rstrip(os.sep) + os.sep
        self._files: Optional[frozenset[str]] = None
        self._read = False
        try:
            self._process: Optional[subprocess.Popen] = subprocess.Popen(
                ["find", folder, "-type", "f", "-print0"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                stdin=subprocess.DEVNULL)
        except OSError:  # no `find`: every file is asked about in turn
            self._process = None

    def files(self) -> Optional[frozenset[str]]:
        """The listed files' paths, or None when the listing failed (no folder yet, no `find`, an
        unreadable folder, too slow): then nothing is known from it."""
        if not self._read:
            self._read = True
            self._files = self._listed()
        return self._files

    def _listed(self) -> Optional[frozenset[str]]:
        process, self._process = self._process, None
        if process is None:
            return None
        try:
            output, _ = process.communicate(timeout=LISTING_SECONDS)
        except subprocess.TimeoutExpired:
            process.kill()
            process.communicate()
            return None
        if process.returncode != 0:  # a folder it could not read: the listing may be short
            return None
        return frozenset(os.fsdecode(name) for name in output.split(b"\0") if name)

    def close(self) -> None:
        """Stop a listing nobody read (a rebuild that failed first)."""
        if self._process is not None:
            self._process.kill()
            self._process.communicate()
            self._process = None

    def is_file(self, path: str) -> bool:
        """Whether `path` is a regular file: from the listing for a path in the folder, else asked."""
        files = self.files() if path.startswith(self.prefix) else None
        return path in files if files is not None else os.path.isfile(path)
