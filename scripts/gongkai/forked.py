"""Work on the second core: a forked child computes a pure function while the
parent does something else, and hands the result back through a temporary file
(a pipe would stall the child once its buffer is full, until the parent reads).

The result is the one the parent would compute: should the child fail in any
way, the parent computes it itself (and so raises any error where it belongs).
"""
from __future__ import annotations

import logging
import os
import pickle
import tempfile
from typing import Callable, TypeVar

T = TypeVar("T")


def started(work: Callable[[], T]) -> Callable[[], T]:
    """Start work() in a forked child; the function returned waits for its result."""
    handle, path = tempfile.mkstemp(prefix="gongkai-forked-")
    os.close(handle)
    pid = os.fork()
    if pid == 0:  # the child: no output, no cleanup of the parent's state
        status = 1
        try:
            logging.disable(logging.CRITICAL)
            value = work()
            with open(path, "wb") as out:
                pickle.dump(value, out, protocol=pickle.HIGHEST_PROTOCOL)
            status = 0
        finally:
            os._exit(status)

    def finished() -> T:
        try:
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) == 0:
                try:
                    with open(path, "rb") as kept:
                        return pickle.load(kept)
                except (OSError, pickle.UnpicklingError, EOFError):
                    pass
            return work()
        finally:
            os.unlink(path)

    return finished
