"""Open a file below a folder without ever leaving it.

The catalog is untrusted input: a committed symbolic link could point at
/proc/self/environ (the build's CI tokens), /etc/passwd or a withheld record,
and a FIFO would block a plain open() forever. So every component below the
folder is opened relative to its parent with O_NOFOLLOW, and the last one also
with O_NONBLOCK, then checked with fstat to be a regular file. The folder
itself is opened as given (the catalog folder may be a link, e.g. GONGKAI_CATALOG).
"""
from __future__ import annotations

import errno
import os
import stat
from pathlib import Path, PurePosixPath
from typing import BinaryIO

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0)
_DIRECTORY = getattr(os, "O_DIRECTORY", 0)
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)
_BINARY = getattr(os, "O_BINARY", 0)


class RefusedFile(Exception):
    """The path is not a regular file reachable without following a link; `reason` says why, in Chinese."""

    def __init__(self, relative: str, reason: str):
        self.relative = relative
        self.reason = reason
        super().__init__(f"{relative}: {reason}")


def _reason(error: OSError) -> str:
    if error.errno == errno.ELOOP:
        return "是符号链接"
    if error.errno in (errno.ENOENT, errno.ENOTDIR):
        return "不存在，或路径中有不是文件夹的部分"
    if error.errno == errno.EACCES:
        return "没有读取权限"
    return f"无法打开（{error.strerror}）"


def open_regular(folder: Path, relative: str) -> BinaryIO:
    """The regular file `folder/relative`, opened for reading; RefusedFile if any
    part of `relative` is a symbolic link, the file is not a regular file, or it is missing."""
    parts = PurePosixPath(relative).parts
    if not parts or any(part in ("", ".", "..") for part in parts) or PurePosixPath(relative).is_absolute():
        raise RefusedFile(relative, "不是目录文件夹内的相对路径")
    try:
        parent = os.open(folder, os.O_RDONLY | _DIRECTORY)
    except OSError as error:
        raise RefusedFile(relative, _reason(error)) from None
    try:
        for part in parts[:-1]:
            try:
                inner = os.open(part, os.O_RDONLY | _DIRECTORY | _NOFOLLOW, dir_fd=parent)
            except OSError as error:
                raise RefusedFile(relative, _reason(error)) from None
            os.close(parent)
            parent = inner
        try:
            descriptor = os.open(parts[-1], os.O_RDONLY | _NOFOLLOW | _NONBLOCK | _BINARY, dir_fd=parent)
        except OSError as error:
            raise RefusedFile(relative, _reason(error)) from None
    finally:
        os.close(parent)
    if not stat.S_ISREG(os.fstat(descriptor).st_mode):
        os.close(descriptor)
        raise RefusedFile(relative, "不是普通文件（可能是管道、设备或套接字）")
    return os.fdopen(descriptor, "rb")


def read_regular(folder: Path, relative: str, limit: int) -> bytes:
    """At most `limit` + 1 bytes of the regular file `folder/relative` (so callers can tell it is too big)."""
    with open_regular(folder, relative) as handle:
        return handle.read(limit + 1)
