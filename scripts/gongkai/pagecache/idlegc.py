"""serve's garbage collection: between rebuilds, not during them.

serve keeps a whole catalog's worth of objects between rebuilds (memo.py), and
Python's collector walks all of them whenever it makes a full pass: at 1,000
records that is about 0.2 s taken out of a rebuild the clerk is waiting for,
at 10,000 records seconds. So once a rebuild has finished (and the browser
has been told to reload), a full collection runs a moment later and then
freezes what survives: the next rebuild's collections walk only the objects
it makes. Objects that become garbage meanwhile (the last build's pages and
navigation) are found by the next full collection, since it unfreezes first.
"""
from __future__ import annotations

import gc
import threading
from typing import Optional

DELAY_SECONDS = 1.0  # long enough for the reloaded page to be served first
_pending: Optional[threading.Timer] = None


def _collect() -> None:
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def after_rebuild() -> None:
    """A full collection a moment from now (a later rebuild's end postpones it)."""
    global _pending
    before_rebuild()
    _pending = threading.Timer(DELAY_SECONDS, _collect)
    _pending.daemon = True
    _pending.start()


def before_rebuild() -> None:
    """A collection not yet started waits for this rebuild to end."""
    global _pending
    if _pending is not None:
        _pending.cancel()
        _pending = None
