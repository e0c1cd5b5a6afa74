"""Rewriting a file that serve keeps in its output folder."""
from __future__ import annotations

import os
from typing import Sequence


def overwrite(name: str, data: bytes) -> None:
    """The file holds `data`, its bytes replaced in place. serve rewrites thousands of index files
    when a page is added or removed, and a file truncated to nothing and written again makes ext4
    start writing it back on close (auto_da_alloc): 0.36 s against 0.03 s for 2,500 files of 3 KB
    here, about 0.4 s of such a rebuild."""
    overwrite_pieces(name, (data,))


# Pieces a writev call takes at most (Linux's IOV_MAX).
_PIECES_A_CALL = 1024


def overwrite_pieces(name: str, parts: Sequence[bytes]) -> None:
    """The file holds `parts` joined, written as they are (spool.Pieces: never joined in memory)."""
    fd = os.open(name, os.O_WRONLY | os.O_CREAT, 0o666)
    try:
        size = 0
        for start in range(0, len(parts), _PIECES_A_CALL):
            batch = parts[start:start + _PIECES_A_CALL]
            wanted = sum(map(len, batch))
            written = os.writev(fd, batch)
            if written < wanted:  # a short write: the rest piece by piece
                rest = memoryview(b"".join(batch))[written:]
                while rest:
                    rest = rest[os.write(fd, rest):]
            size += wanted
        if os.fstat(fd).st_size != size:
            os.ftruncate(fd, size)
    finally:
        os.close(fd)
