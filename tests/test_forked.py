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


def test_a_site_rendered_with_its_data_files_made_on_the_second_core_is_the_same(monkeypatch):
    from conftest import FIXED_TODAY, PROJECT

    import gongkai.render as render_stage
    from gongkai.pipeline import check, render

    forks = []
    real = forked.started
    monkeypatch.setattr(forked, "started", lambda work: (forks.append(1), real(work))[1])
    monkeypatch.setattr(render_stage, "FORK_FROM_RECORDS", 1)
    result = check(PROJECT / "catalog", today=FIXED_TODAY)
    one, two = (render(result.catalog, FIXED_TODAY, result.problems, second_core=second) for second in (False, True))
    assert len(forks) == 1
    assert (one.pages, one.files, one.copies) == (two.pages, two.files, two.copies)
    assert list(one.pages) == list(two.pages) and list(one.files) == list(two.files)  # the same order too
