"""Work on the second core (gongkai.forked): the result is the parent's own, whoever computed it."""
import os
import shutil

from gongkai import forked
from gongkai.search import site as search_site


def _counted_forks(monkeypatch) -> list:
    forks: list = []
    real = forked.child._start
    monkeypatch.setattr(forked.child, "_start", lambda self: (forks.append(1), real(self))[1])
    return forks


def test_a_child_computes_the_result_and_hands_it_back():
    parent = os.getpid()
    with forked.child(lambda: (os.getpid(), list(range(200_000)))) as finished:
        child, numbers = finished()
    assert child != parent and numbers == list(range(200_000))
    with forked.child(os.getpid, fork=False) as here:
        assert here() == parent


def test_a_parent_that_leaves_early_stops_the_child_and_removes_its_file():
    import glob
    import tempfile
    import time

    before = set(glob.glob(os.path.join(tempfile.gettempdir(), "gongkai-forked-*")))
    started = time.monotonic()
    try:
        with forked.child(lambda: time.sleep(60)) as result:
            pid = result._pid
            raise KeyError("the parent's own error")
    except KeyError:
        pass
    assert time.monotonic() - started < 30
    try:
        os.kill(pid, 0)
        alive = True
    except ProcessLookupError:
        alive = False
    assert not alive  # killed and reaped
    assert set(glob.glob(os.path.join(tempfile.gettempdir(), "gongkai-forked-*"))) == before


def test_a_parent_killed_while_its_child_works_leaves_no_file_behind(tmp_path):
    import signal
    import subprocess
    import sys

    killed_parent = (
        "import os, signal, sys, time\n"
        "from gongkai import forked\n"
        "result = forked.child(lambda: time.sleep(60))\n"
        "print(result._pid, flush=True)\n"
        "os.kill(os.getpid(), signal.SIGKILL)\n"
    )
    temporary, printed = tmp_path / "tmp", tmp_path / "printed"
    temporary.mkdir()
    with printed.open("w") as out:  # (not a pipe: the orphaned child would hold it open)
        run = subprocess.run([sys.executable, "-c", killed_parent], stdout=out, timeout=60,
                             env={**os.environ, "TMPDIR": str(temporary)})
    assert run.returncode == -signal.SIGKILL
    os.kill(int(printed.read_text()), signal.SIGKILL)  # the orphaned child
    assert list(temporary.iterdir()) == []


def test_when_the_child_fails_the_parent_computes_the_result_itself():
    parent = os.getpid()

    def work():
        if os.getpid() != parent:
            raise RuntimeError("the child fails")
        return "computed here"

    with forked.child(work) as result:
        assert result() == "computed here"


def _taken_by_child_and_parent(items: list, child_first: int, parent_first: int, child_fails: bool = False):
    """(what the child took, what this process took) of a Shared list in runs of ten: the child takes
    `child_first` items, then this process `parent_first` items, then both take the rest at once."""
    shared = forked.Shared(items, 10)
    child_done, parent_done = os.pipe(), os.pipe()
    parent = os.getpid()

    def child_work():
        taken = []
        for item in shared.from_front():
            if child_fails and os.getpid() != parent and len(taken) == child_first:
                raise RuntimeError("the child fails halfway through a run")
            taken.append(item)
            if len(taken) == child_first and os.getpid() != parent:
                os.write(child_done[1], b"x")
                os.read(parent_done[0], 1)
        return taken

    try:
        with forked.child(child_work) as result:
            if child_first:
                os.read(child_done[0], 1)
            own = []
            for item in shared.from_back():
                own.append(item)
                if len(own) == parent_first:
                    os.write(parent_done[1], b"x")
            if len(own) != parent_first:  # (not written above)
                os.write(parent_done[1], b"x")
            return result(), own
    finally:
        for end in child_done + parent_done:
            os.close(end)


def test_a_shared_list_is_taken_once_whoever_gets_to_it_first():
    items = list(range(300))
    child, own = _taken_by_child_and_parent(items, 50, 250)  # the child got there first, then this process
    assert child == items[:50] and own == [item for start in range(290, 40, -10) for item in items[start:start + 10]]
    child, own = _taken_by_child_and_parent(items, 0, 0)  # both at once
    assert sorted(child + own) == items  # each item once
    assert child == items[:len(child)] and sorted(own) == items[len(child):]  # the child from the front, this process the rest
    assert own[:10] == items[-10:] or not own


def test_a_shared_list_whose_child_fails_is_finished_here():
    items = list(range(300))
    child, own = _taken_by_child_and_parent(items, 15, 0, child_fails=True)
    assert child == items[:20] and sorted(own) == items[20:]  # the two runs the child had taken made again here, none lost


def test_a_shared_list_without_a_child_is_taken_here():
    shared = forked.Shared(list(range(25)), 10)
    assert list(shared.from_back()) == [20, 21, 22, 23, 24, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9]
    assert list(shared.from_front()) == []
    shared = forked.Shared(list(range(25)), 10)
    assert list(shared.from_front()) == list(range(25)) and list(shared.from_back()) == []


def test_an_index_prepared_on_two_cores_is_the_index_prepared_on_one(demo_site, tmp_path, monkeypatch):
    files = {}
    forks = _counted_forks(monkeypatch)
    monkeypatch.setattr(search_site, "FORK_FROM_PAGES", 2)
    for second_core in (False, True):
        site = tmp_path / str(second_core)
        shutil.copytree(demo_site[0], site)
        summary = search_site.build_site_index(site, second_core=second_core)
        folder = site / search_site.INDEX_DIR
        files[second_core] = {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}
        assert summary.pages > 50
    assert files[True] == files[False] and len(forks) == 2  # pages prepared, then documents written


def test_a_site_rendered_with_its_data_files_made_on_the_second_core_is_the_same(monkeypatch):
    from conftest import FIXED_TODAY, PROJECT

    import gongkai.render as render_stage
    from gongkai.pipeline import check, render

    forks = _counted_forks(monkeypatch)
    monkeypatch.setattr(render_stage, "FORK_FROM_RECORDS", 1)
    result = check(PROJECT / "catalog", today=FIXED_TODAY)
    one, two = (render(result.catalog, FIXED_TODAY, result.problems, second_core=second) for second in (False, True))
    assert len(forks) == 1
    assert (one.pages, one.files, one.copies) == (two.pages, two.files, two.copies)
    assert list(one.pages) == list(two.pages) and list(one.files) == list(two.files)  # the same order too


def test_cross_checks_shared_with_the_second_core_find_the_same_problems(monkeypatch, tmp_path):
    from conftest import FIXED_TODAY, PROJECT

    from gongkai import judging
    from gongkai.pipeline import check

    catalog = tmp_path / "catalog"
    shutil.copytree(PROJECT / "catalog", catalog)
    documents = sorted((catalog / "documents").glob("*.md"))
    for number, path in enumerate(documents[::3]):  # personal numbers in records of both halves
        path.write_text(path.read_text(encoding="utf-8") + f"\n联系人手机1381234{number:04d}，身份证号 11010519491231002X。\n",
                        encoding="utf-8")
    forks = _counted_forks(monkeypatch)
    monkeypatch.setattr(judging, "FORK_FROM_RECORDS", 1)
    one, two = (check(catalog, today=FIXED_TODAY, second_core=second) for second in (False, True))
    assert len(forks) == 1
    found = [problem for problem in one.problems if "未遮盖" in problem.message]
    assert len(found) == 2 * len(documents[::3])
    assert one.problems == two.problems  # the same problems in the same order


def _in_process_build(project, monkeypatch) -> list:
    """An in-process `mkdocs build` of the minimal fixture; the processes it forked."""
    from conftest import FIXED_TODAY, MINIMAL
    import gc

    from mkdocs.commands import build as mkdocs_build
    from mkdocs.config import load_config

    monkeypatch.setenv("GONGKAI_CATALOG", str(MINIMAL))
    monkeypatch.setenv("GONGKAI_TODAY", FIXED_TODAY.isoformat())
    monkeypatch.delenv("GONGKAI_PARALLEL", raising=False)
    monkeypatch.delenv("GONGKAI_CACHE", raising=False)
    monkeypatch.chdir(project)
    forks: list = []
    real_fork = os.fork
    monkeypatch.setattr(os, "fork", lambda: (forks.append(1), real_fork())[1])
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="build", dirty=False)
    try:
        mkdocs_build.build(config)
    finally:  # a build keeps its objects frozen to its process's end (collector.keep_to_the_end): not this one's
        gc.unfreeze()
        forked.freezes_its_own(False)
    assert (project / "site" / "index.html").is_file()
    return forks


def test_a_catalog_too_large_for_two_processes_builds_on_one_core(tmp_path, monkeypatch):
    import pytest

    from gongkai import mkdocs_project
    from gongkai.pagecache.parallel import cores

    if cores() < 2:
        pytest.skip("one core: no helper is ever forked")
    project = tmp_path / "project"
    mkdocs_project.prepare(project)
    assert _in_process_build(project, monkeypatch)  # the page helper, at any size below the limit
    monkeypatch.setattr(forked, "SECOND_CORE_UP_TO_RECORDS", 1)
    assert _in_process_build(project, monkeypatch) == []


def test_a_fork_gives_the_parents_objects_back_to_its_collector_unless_it_freezes_its_own(monkeypatch):
    import gc

    gc.unfreeze()
    monkeypatch.setattr(forked, "_freezes_its_own", False)
    with forked.child(os.getpid) as result:
        assert gc.get_freeze_count() == 0  # a one-shot build's garbage is still collected
        result()
    monkeypatch.setattr(forked, "_freezes_its_own", True)  # serve (pagecache/idlegc.py)
    try:
        with forked.child(os.getpid) as result:
            assert gc.get_freeze_count() > 0  # left for serve's idle collection, not walked by every rebuild's
            result()
    finally:
        gc.unfreeze()


def test_a_shared_list_on_a_system_without_shared_locks_stays_here(monkeypatch):
    class NoLocks:
        def Lock(self):
            raise OSError("no /dev/shm")

    monkeypatch.setattr(forked.multiprocessing, "get_context", lambda method: NoLocks())
    shared = forked.Shared(list(range(25)), 10)
    assert not shared.between_processes
    assert sorted(shared.from_back()) == list(range(25)) and list(shared.from_front()) == []
