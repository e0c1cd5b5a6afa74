"""Work on the second core (gongkai.forked): the result is the parent's own, whoever computed it."""
import os
import shutil

from gongkai import forked
from gongkai.search import site as search_site


def test_a_child_computes_the_result_and_hands_it_back():
    parent = os.getpid()
    finished = forked.started(lambda: (os.getpid(), list(range(200_000))))
    child, numbers = finished()
    assert child != parent and numbers == list(range(200_000))


def test_when_the_child_fails_the_parent_computes_the_result_itself():
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return "computed here"

    assert forked.started(work)() == "computed here"


def test_an_index_prepared_on_two_cores_is_the_index_prepared_on_one(demo_site, tmp_path, monkeypatch):
    files = {}
    forks = []
    real = forked.started
    monkeypatch.setattr(forked, "started", lambda work: (forks.append(1), real(work))[1])
    monkeypatch.setattr(search_site, "FORK_FROM_PAGES", 2)
    for second_core in (False, True):
        site = tmp_path / str(second_core)
        shutil.copytree(demo_site[0], site)
        summary = search_site.build_site_index(site, second_core=second_core)
        folder = site / search_site.INDEX_DIR
        files[second_core] = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        assert summary.pages > 50
    assert files[True] == files[False] and len(forks) == 1
