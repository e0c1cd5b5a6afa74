"""serve collects garbage between rebuilds (pagecache/idlegc.py), not during them."""
import gc
import time

from gongkai.pagecache import idlegc


def test_a_full_collection_runs_after_a_rebuild_and_leaves_survivors_out_of_the_next(monkeypatch):
    monkeypatch.setattr(idlegc, "DELAY_SECONDS", 0.05)
    gc.unfreeze()
    try:
        cycle: list = []
        cycle.append(cycle)  # garbage only a full collection finds
        del cycle
        collected = []
        gc.callbacks.append(lambda phase, info: collected.append(info["generation"]) if phase == "stop" else None)
        idlegc.after_rebuild()
        deadline = time.monotonic() + 10
        while gc.get_freeze_count() == 0 and time.monotonic() < deadline:
            time.sleep(0.01)
        assert 2 in collected and gc.get_freeze_count() > 0
    finally:
        gc.callbacks.pop()
        idlegc.before_rebuild()
        gc.unfreeze()


def test_a_rebuild_that_starts_first_postpones_the_collection(monkeypatch):
    monkeypatch.setattr(idlegc, "DELAY_SECONDS", 0.2)
    gc.unfreeze()
    try:
        idlegc.after_rebuild()
        idlegc.before_rebuild()
        time.sleep(0.5)
        assert gc.get_freeze_count() == 0
    finally:
        gc.unfreeze()
