"""`mkdocs serve` rebuilds when a catalog file changes (the live preview staff use)."""
import os
import socket
import subprocess
import sys
import time
import urllib.request

import pytest

from gongkai import mkdocs_project


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.3)
    return False


# Logged by `serve` at the start of every build. (MkDocs drops a repeated log message of its build
# module, so "Documentation built in 0.70 seconds" twice in a row is logged once.)
BUILT = "Building documentation..."


@pytest.fixture
def served(minimal_copy, tmp_path):
    """`mkdocs serve` of the fixture catalog, which lies outside the project: the hook
    watches the catalog it builds from. Yields the address, the catalog and the log."""
    project = tmp_path / "project"
    mkdocs_project.prepare(project)
    port = free_port()
    env = dict(os.environ, GONGKAI_CATALOG=str(minimal_copy), NO_MKDOCS_2_WARNING="1")
    log = tmp_path / "serve.log"
    with open(log, "wb") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "mkdocs", "serve", "--livereload", "--dev-addr", f"127.0.0.1:{port}"],
            cwd=project, env=env, stdout=output, stderr=subprocess.STDOUT,
        )
    try:
        yield f"http://127.0.0.1:{port}", minimal_copy, log
    finally:
        process.terminate()
        process.wait(timeout=10)


def builds(log) -> int:
    return log.read_text(encoding="utf-8", errors="replace").count(BUILT)


def test_serve_rebuilds_once_when_a_catalog_file_changes(served):
    base, catalog, log = served
    page = f"{base}/hearings/2021-01/"
    assert wait_for(lambda: "城区停车设施规划听证会" in fetch(page), 60), "server did not come up"
    assert builds(log) == 1
    hearing = catalog / "hearings" / "2021" / "2021-01.yaml"
    hearing.write_text(hearing.read_text(encoding="utf-8").replace("城区停车设施规划听证会", "停车规划公开听证会"), encoding="utf-8")
    assert wait_for(lambda: "停车规划公开听证会" in fetch(page), 60), "page was not rebuilt after the catalog changed"
    # The build writes nothing the server watches, so it does not set off a second one
    # (MkDocs polls every 0.5 s and waits 0.25 s for changes to settle).
    time.sleep(4)
    assert builds(log) == 2, log.read_text(encoding="utf-8", errors="replace")


def test_stopping_gongkai_serve_stops_its_server(minimal_copy, tmp_path):
    """SIGTERM to `gongkai serve` (a service manager, CI) stops the `mkdocs serve` it started, which
    removes its temporary output folder as it does on Ctrl-C."""
    port = free_port()
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    env = dict(os.environ, NO_MKDOCS_2_WARNING="1", TMPDIR=str(temporary))
    log = tmp_path / "serve.log"
    with open(log, "wb") as output:
        process = subprocess.Popen([sys.executable, "-m", "gongkai", "--catalog", str(minimal_copy), "serve", "--addr", f"127.0.0.1:{port}"],
                                   env=env, stdout=output, stderr=subprocess.STDOUT)
    try:
        assert wait_for(lambda: "测试市" in fetch(f"http://127.0.0.1:{port}/"), 90), log.read_text(encoding="utf-8")
        children = open(f"/proc/{process.pid}/task/{process.pid}/children").read().split()
        assert len(children) == 1
        process.send_signal(15)
        assert process.wait(timeout=20) is not None
        assert wait_for(lambda: not os.path.exists(f"/proc/{children[0]}"), 20), "the mkdocs server outlived gongkai"
        with pytest.raises(OSError):
            fetch(f"http://127.0.0.1:{port}/")
        assert not list(temporary.glob("mkdocs_*")), "the stopped server left its output folder behind"
    finally:
        if process.poll() is None:
            process.kill()


def test_saves_are_seen_through_inotify_and_reads_do_not_count(tmp_path):
    from mkdocs.livereload import LiveReloadServer
    from watchdog.events import FileModifiedEvent, FileOpenedEvent
    from watchdog.observers.inotify import InotifyObserver

    from gongkai.pagecache.preview import instant_watch

    server = LiveReloadServer(builder=lambda: None, host="127.0.0.1", port=free_port(), root=str(tmp_path))
    try:
        server.watch(str(tmp_path))
        assert instant_watch(server) and isinstance(server.observer, InotifyObserver)
        [(watch, [handler])] = [(w, list(h)) for w, h in server.observer._handlers.items()]
        assert watch.path == str(tmp_path)
        handler.on_any_event(FileOpenedEvent(str(tmp_path / "a.yaml")))  # the build reading the catalog
        assert not server._want_rebuild
        handler.on_any_event(FileModifiedEvent(str(tmp_path / "a.yaml")))  # a save
        assert server._want_rebuild
    finally:
        server.server_close()
