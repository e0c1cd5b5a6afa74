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
    monkeypatch.setattr(forked, "_freezes_its_own", False)  # as a one-shot build finds it, and left so
    monkeypatch.setattr(idlegc, "_rebuilt", False)  # before serve's first build

    def delays(after_rebuild: float, when_idle: float) -> None:
        monkeypatch.setattr(idlegc, "DELAY_SECONDS", after_rebuild)
        monkeypatch.setattr(idlegc, "IDLE_SECONDS", when_idle)
        idlegc.before_rebuild()  # collections an earlier test's rebuild left waiting
        gc.unfreeze()

    yield delays
    idlegc.before_rebuild()
    gc.enable()
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


def test_a_rebuild_after_the_first_makes_no_collection_and_its_garbage_waits_for_the_one_after_it(collections_after):
    collections_after(3600, 3600)
    first, middle, _ = gc.get_threshold()
    started = []
    gc.callbacks.append(lambda phase, info: started.append(info["generation"]) if phase == "start" else None)
    try:
        idlegc.before_rebuild()  # serve's first build: its garbage is large, the collector stays on
        made = [[number] for number in range(first * middle * 2)]  # two collections of the middle generation's worth
        assert made and started, "the first build collects as usual"
        idlegc.after_rebuild()
        idlegc.before_rebuild()  # the next rebuild
        started.clear()
        garbage = weakref.ref(_Cycle())
        made = [[number] for number in range(first * middle * 20)]
        assert made and not started and garbage() is not None
        idlegc.after_rebuild()
        assert gc.isenabled() is False  # until the collection a moment after the rebuild
        idlegc._collect_new()
        assert garbage() is None and gc.isenabled()
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
