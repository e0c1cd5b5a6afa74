"""Build into a staging folder; replace the output folder only when the whole
build succeeded, so a failed build leaves the last good site untouched.

The swap is two renames on the same file system (old site aside, new site in,
old site deleted); readers of a local folder see either site, never half of one.
For a server, scripts/deploy_intranet.sh switches a symlink instead.
"""
from __future__ import annotations

import logging
import os
import shutil
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


def discard(staging: Path) -> None:
    shutil.rmtree(staging, ignore_errors=True)


def replace_output(staging: Path, final: Path) -> None:
    """Put the finished staging folder in the place of the output folder."""
    old = final.with_name(f".{final.name}.old-{os.getpid()}")
    if final.exists():
        final.rename(old)
    staging.rename(final)
    shutil.rmtree(old, ignore_errors=True)
