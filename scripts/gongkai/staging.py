"""Build into a staging folder; replace the output folder only when the whole
build succeeded, so a failed build leaves the last good site untouched.

The swap is two renames on the same file system (old site aside, new site in,
old site deleted); readers of a local folder see either site, never half of one.
For a server, scripts/deploy_intranet.sh switches a symlink instead.

A build that is killed leaves its staging, set-aside or spool folder behind,
named with its process id; the next build removes those whose process has ended.
"""
from __future__ import annotations

import logging
import os
import re
import shutil
import stat
from pathlib import Path


class WarningCounter(logging.Handler):
    """Counts what MkDocs' strict mode will count, so the swap can be skipped when it will fail."""

    def __init__(self):
        super().__init__(level=logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def staging_dir(final: Path) -> Path:
    return final.with_name(f".{final.name}.building-{os.getpid()}")


def spool_dir(final: Path) -> Path:
    """Where the build keeps its generated files meanwhile (spool.py): beside the site, on the disk that
    must hold the site anyway (a system temporary folder may live in memory)."""
    return final.with_name(f".{final.name}.spool-{os.getpid()}")


def _running(pid: int) -> bool:
    """Whether a process with this id exists (one we may not signal exists too)."""
    if pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return True  # unsure: keep the folder
    return True


def remove_leftovers(final: Path) -> int:
    """Remove the staging and set-aside folders of earlier builds of `final` whose
    process has ended; the number removed. A folder of a running build, of this
    process, or anything that is not a plain folder is left alone."""
    pattern = re.compile(rf"^\.{re.escape(final.name)}\.(building|old|spool)-(\d{{1,10}})$")
    try:
        siblings = list(os.scandir(final.parent))
    except OSError:
        return 0
    removed = 0
    for entry in siblings:
        match = pattern.match(entry.name)
        if not match:
            continue
        pid = int(match[2])
        if pid == os.getpid() or _running(pid):
            continue
        try:
            if not stat.S_ISDIR(os.lstat(entry.path).st_mode):
                continue
        except OSError:
            continue
        shutil.rmtree(entry.path, ignore_errors=True)
        removed += not os.path.lexists(entry.path)
    return removed


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def replace_output(staging: Path, final: Path) -> None:
    """Put the finished staging folder in the place of the output folder."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
