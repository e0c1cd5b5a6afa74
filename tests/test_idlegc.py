"""serve collects garbage between rebuilds (pagecache/idlegc.py), not during them."""
import gc
import time
import weakref

import pytest

from gongkai import forked
from gongkai.pagecache import idlegc


class _Cycle:
    def __init__(self) -> None:
        self.me = self  # garbage only a collection of its generation finds


def _wait_until(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


@pytest.fixture
def collections_after(monkeypatch):
    """Sets idlegc's delays (after a rebuild, after idleness); the collector is left as it was found."""
    thresholds = gc.get_threshold()
    monkeypatch.setattr(forked, "_freezes_its_own", False)  # as a one-shot build finds it, and left so

    def delays(after_rebuild: float, when_idle: float) -> None:
        monkeypatch.setattr(idlegc, "DELAY_SECONDS", after_rebuild)
        monkeypatch.setattr(idlegc, "IDLE_SECONDS", when_idle)
        idlegc.before_rebuild()  # collections an earlier test's rebuild left waiting
        gc.unfreeze()

    yield delays
    idlegc.before_rebuild()
    gc.set_threshold(*thresholds)
    gc.unfreeze()
    gc.collect()


def test_after_a_rebuild_the_new_garbage_is_collected_and_survivors_leave_the_next_passes(collections_after):
    collections_after(0.05, 3600)
    survivor = _Cycle()
    garbage = weakref.ref(_Cycle())
    assert garbage() is not None  # a cycle: reference counting alone does not free it
    idlegc.after_rebuild()
    assert _wait_until(lambda: gc.get_freeze_count() > 0)
    assert garbage() is None
    assert all(not any(obj is survivor for obj in gc.get_objects(generation)) for generation in range(3))


def test_garbage_among_frozen_objects_is_left_until_serve_is_idle(collections_after):
    collections_after(0.05, 0.6)
    kept = _Cycle()
    gc.freeze()  # as a collection after an earlier rebuild froze it
    was_kept = weakref.ref(kept)
    del kept  # it becomes garbage while frozen
    idlegc.after_rebuild()
    time.sleep(0.3)  # the collection of the new objects has run
    assert was_kept() is not None
    assert _wait_until(lambda: was_kept() is None)  # the idle collection walks everything


def test_a_rebuild_that_starts_first_postpones_both_collections(collections_after):
    collections_after(0.2, 0.3)
    idlegc.after_rebuild()
    idlegc.before_rebuild()
    time.sleep(0.6)
    assert gc.get_freeze_count() == 0


def test_a_rebuild_makes_no_collection_of_everything_it_did_not_make(collections_after):
    collections_after(3600, 3600)
    first, middle, _ = gc.get_threshold()
    gc.freeze()
    gc.collect()  # as after a collection of the new objects alone: CPython then soon collects the oldest generation
    oldest = []
    gc.callbacks.append(lambda phase, info: oldest.append(1) if phase == "start" and info["generation"] == 2 else None)
    try:
        idlegc.after_rebuild()
        idlegc.before_rebuild()  # the next rebuild
        made = [[number] for number in range(first * middle * 20)]  # twenty collections' worth of objects
        assert len(made) and not oldest
    finally:
        gc.callbacks.pop()


def test_the_first_builds_garbage_is_collected_before_serving_and_nothing_is_left_waiting(collections_after):
    collections_after(0.05, 0.1)
    idlegc.after_rebuild()  # the first build's end
    garbage = weakref.ref(_Cycle())
    idlegc.before_serving()
    assert garbage() is None and gc.get_freeze_count() > 0
    gc.unfreeze()
    time.sleep(0.3)
    assert gc.get_freeze_count() == 0  # neither of the first build's collections runs later


class _Entry:
    """A memo value a weak reference can watch."""


def test_the_collection_after_a_rebuild_frees_the_memo_entries_out_of_use(collections_after, monkeypatch):
    from gongkai import memo
    collections_after(0.05, 3600)
    entry = _Entry()
    watched = weakref.ref(entry)
    monkeypatch.setattr(memo, "_retired", [{"key": entry}])
    del entry
    idlegc.after_rebuild()
    assert _wait_until(lambda: watched() is None)
