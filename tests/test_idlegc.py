"""serve collects garbage between rebuilds (pagecache/idlegc.py), not during them."""
import gc
import time
import weakref

from gongkai.pagecache import idlegc


class _Cycle:
    def __init__(self) -> None:
        self.me = self  # garbage only a collection of its generation finds


def _wait_until(condition, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while not condition() and time.monotonic() < deadline:
        time.sleep(0.01)
    return condition()


def test_after_a_rebuild_the_new_garbage_is_collected_and_survivors_leave_the_next_passes(monkeypatch):
    monkeypatch.setattr(idlegc, "DELAY_SECONDS", 0.05)
    monkeypatch.setattr(idlegc, "IDLE_SECONDS", 3600)
    idlegc.before_rebuild()  # collections an earlier test's rebuild left waiting
    gc.unfreeze()
    try:
        survivor = _Cycle()
        garbage = weakref.ref(_Cycle())
        assert garbage() is not None  # a cycle: reference counting alone does not free it
        idlegc.after_rebuild()
        assert _wait_until(lambda: gc.get_freeze_count() > 0)
        assert garbage() is None
        assert all(not any(obj is survivor for obj in gc.get_objects(generation)) for generation in range(3))
    finally:
        idlegc.before_rebuild()
        gc.unfreeze()


def test_garbage_among_frozen_objects_is_left_until_serve_is_idle(monkeypatch):
    monkeypatch.setattr(idlegc, "DELAY_SECONDS", 0.05)
    monkeypatch.setattr(idlegc, "IDLE_SECONDS", 0.6)
    idlegc.before_rebuild()  # collections an earlier test's rebuild left waiting
    gc.unfreeze()
    try:
        kept = _Cycle()
        gc.freeze()  # as a collection after an earlier rebuild froze it
        was_kept = weakref.ref(kept)
        del kept  # it becomes garbage while frozen
        idlegc.after_rebuild()
        time.sleep(0.3)  # the collection of the new objects has run
        assert was_kept() is not None
        assert _wait_until(lambda: was_kept() is None)  # the idle collection walks everything
    finally:
        idlegc.before_rebuild()
        gc.unfreeze()


def test_a_rebuild_that_starts_first_postpones_both_collections(monkeypatch):
    monkeypatch.setattr(idlegc, "DELAY_SECONDS", 0.2)
    monkeypatch.setattr(idlegc, "IDLE_SECONDS", 0.3)
    idlegc.before_rebuild()  # collections an earlier test's rebuild left waiting
    gc.unfreeze()
    try:
        idlegc.after_rebuild()
        idlegc.before_rebuild()
        time.sleep(0.6)
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
        gc.collect()


def test_a_rebuild_makes_no_collection_of_everything_it_did_not_make(monkeypatch):
    monkeypatch.setattr(idlegc, "DELAY_SECONDS", 3600)
    monkeypatch.setattr(idlegc, "IDLE_SECONDS", 3600)
    thresholds = gc.get_threshold()
    idlegc.before_rebuild()
    gc.freeze()
    gc.collect()  # as after a collection of the new objects alone: CPython then soon collects the oldest generation
    oldest = []
    gc.callbacks.append(lambda phase, info: oldest.append(1) if phase == "start" and info["generation"] == 2 else None)
    try:
        idlegc.after_rebuild()
        idlegc.before_rebuild()  # the next rebuild
        made = [[number] for number in range(thresholds[0] * thresholds[1] * 20)]  # twenty collections' worth of objects
        assert len(made) and not oldest
    finally:
        gc.callbacks.pop()
        gc.set_threshold(*thresholds)
        gc.unfreeze()
