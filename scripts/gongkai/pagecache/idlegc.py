"""serve's garbage collection: between rebuilds, not during them.

serve keeps a whole catalog's worth of objects between rebuilds (memo.py), and
Python's collector walks all of them whenever it makes a full pass: at 1,000
records that is about 0.2 s taken out of a rebuild the clerk is waiting for,
at 10,000 records seconds. So once a rebuild has finished (and the browser
has been told to reload), the objects made since the last collection are
collected a moment later and what survives is frozen: the next rebuild's
collections walk only the objects it makes.

That collection leaves the frozen objects alone. Walking them too took 1.1-1.3 s
at 10,000 records and found about ten objects of garbage per rebuild (measured:
the rebuild's own garbage is young, and serve's kept objects hold no cycles),
while a save that came within that walk waited for it. So the walk of
everything (unfreeze first) runs only when serve has been idle for a while,
and the few cycles that became garbage after they were frozen are found then.

During a rebuild after the first the collector is off altogether: what a rebuild
makes and drops is freed by reference counting as it goes, and the few cycles
it leaves (pages, navigation, parsers) wait for the collection a second after
it. Its young collections cost 0.2-0.4 s of a 4.5 s rebuild at 10,000 records
(about 1,200 of them, measured), and the garbage they would have found is the
same garbage that collection finds anyway. The first build keeps the collector
on: its garbage is large.
"""
from __future__ import annotations

import gc
import threading
from typing import Callable

from .. import forked, memo

DELAY_SECONDS = 1.0  # long enough for the reloaded page to be served first
IDLE_SECONDS = 30.0  # no save for this long: the clerk is reading, not waiting
_pending: list[threading.Timer] = []
_rebuilt = False  # a first build has ended: rebuilds from now on run without the collector


def _collect_new() -> None:
    forked.freezes_its_own()
    memo.release_retired()
    gc.collect()
    gc.freeze()
    gc.enable()


def _collect_all() -> None:
    forked.freezes_its_own()
    memo.release_retired()
    gc.unfreeze()
    gc.collect()
    gc.freeze()
    gc.enable()


def _later(seconds: float, collect: Callable[[], None]) -> None:
    timer = threading.Timer(seconds, collect)
    timer.daemon = True
    timer.start()
    _pending.append(timer)


def after_rebuild() -> None:
    """The new objects' collection a moment from now, everything's when serve stays idle
    (a later rebuild's end postpones both)."""
    global _rebuilt
    _cancel_pending()
    _rebuilt = True
    _later(DELAY_SECONDS, _collect_new)
    _later(IDLE_SECONDS, _collect_all)


def before_rebuild() -> None:
    """A collection not yet started waits for this rebuild to end; one under way ends first
    (its freeze would otherwise take in the objects the rebuild has just made). The collector is
    off until the collection after the rebuild, unless this is the first build."""
    _cancel_pending()
    if _rebuilt:
        gc.disable()


def _cancel_pending() -> None:
    for timer in _pending:
        timer.cancel()
    while _pending:
        _pending.pop().join()


def before_serving() -> None:
    """The first build's garbage, collected before the server starts (on_serve, once the build has
    returned): no reader waits for a page yet, and the collection a second after that build would
    otherwise fall on the first save (2.0 s of collecting at 10,000 records)."""
    _cancel_pending()
    _collect_all()
