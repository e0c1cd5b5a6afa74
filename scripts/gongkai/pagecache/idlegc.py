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
"""
from __future__ import annotations

import gc
import threading
from typing import Callable

from .. import forked, memo

DELAY_SECONDS = 1.0  # long enough for the reloaded page to be served first
# During a rebuild, the oldest generation is collected only after this many collections of the
# middle one (CPython's default: 10). CPython also waits until what reached it since its last
# collection exceeds a quarter of what that collection kept; once that collection is of the new
# objects alone (everything older is frozen), a quarter of a rebuild's objects is soon reached:
# measured at 10,000 records, ten such collections in every rebuild, 0.5 s of it. The rebuild's
# garbage waits for the collection after it instead (a collection resets the count).
OLDEST_AFTER = 1000
IDLE_SECONDS = 30.0  # no save for this long: the clerk is reading, not waiting
_pending: list[threading.Timer] = []


def _collect_new() -> None:
    forked.freezes_its_own()
    memo.release_retired()
    gc.collect()
    gc.freeze()


def _collect_all() -> None:
    forked.freezes_its_own()
    memo.release_retired()
    gc.unfreeze()
    gc.collect()
    gc.freeze()


def _later(seconds: float, collect: Callable[[], None]) -> None:
    timer = threading.Timer(seconds, collect)
    timer.daemon = True
    timer.start()
    _pending.append(timer)


def after_rebuild() -> None:
    """The new objects' collection a moment from now, everything's when serve stays idle
    (a later rebuild's end postpones both)."""
    before_rebuild()
    first, middle, _ = gc.get_threshold()
    gc.set_threshold(first, middle, OLDEST_AFTER)  # after the first build, which keeps the default: its garbage is large
    _later(DELAY_SECONDS, _collect_new)
    _later(IDLE_SECONDS, _collect_all)


def before_rebuild() -> None:
    """A collection not yet started waits for this rebuild to end; one under way ends first
    (its freeze would otherwise take in the objects the rebuild has just made)."""
    for timer in _pending:
        timer.cancel()
    while _pending:
        _pending.pop().join()


def before_serving() -> None:
    """The first build's garbage, collected before the server starts (on_serve, once the build has
    returned): no reader waits for a page yet, and the collection a second after that build would
    otherwise fall on the first save (2.0 s of collecting at 10,000 records)."""
    before_rebuild()
    _collect_all()
