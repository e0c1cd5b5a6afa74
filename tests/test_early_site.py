"""The last site's pages written early by a forked writer (pagecache/early_site.py): what it may
write, what counts as written, and what is removed. Whole builds with it: test_build_cache.py."""
import os

import pytest

from gongkai.pagecache.early_site import EarlySite, _plain_place, keep_site, site_key
from gongkai.pagecache.store import PageStore

PAGE = "<!doctype html>\n<p>示例数据</p>"
ENVIRONMENT = "environment"


def _noted(tmp_path, pages: dict[str, str], values: dict[str, str], records: int = 10) -> PageStore:
    store = PageStore(tmp_path / "cache")
    for key, value in values.items():
        store.put(key, value)
    keep_site(store, ENVIRONMENT, pages, records)
    store.finish_build(successful=True)
    return store


def _early(store: PageStore, site) -> EarlySite:
    site.mkdir(exist_ok=True)
    early = EarlySite(store, ENVIRONMENT, str(site))
    early.start()
    return early


def _files(folder) -> set[str]:
    return {str(path.relative_to(folder)) for path in folder.rglob("*")}


@pytest.mark.parametrize("place, plain", [
    ("index.html", True), ("documents/lfg-2021-01/index.html", True), ("年报/2021.html", True),
    ("../escape.html", False), ("/etc/escape.html", False), ("a/../../escape.html", False), ("a/../b.html", False),
    ("./a.html", False), ("a//b.html", False), ("a\\..\\b.html", False), ("a.html\x00.txt", False), ("a.txt", False),
    ("", False), (".html/..", False), (5, False), (None, False),
])
def test_only_a_plain_relative_html_place_is_written(place, plain):
    assert _plain_place(place) is plain


def test_the_writer_writes_the_noted_pages_and_nothing_outside_the_site(tmp_path):
    site = tmp_path / "out" / "site"
    site.parent.mkdir()
    pages = {"a/index.html": "k1", "index.html": "k2", "../escape.html": "k1", "b/../../escape2.html": "k1", "gone/index.html": "missing"}
    store = _noted(tmp_path, pages, {"k1": PAGE, "k2": PAGE + "\ud800"})
    early = _early(store, site)
    line = early.wait({"a/index.html", "index.html", "gone/index.html"})
    assert _files(tmp_path / "out") == {"site", "site/a", "site/a/index.html", "site/index.html"}
    assert (site / "a" / "index.html").read_text(encoding="utf-8") == PAGE
    assert (site / "index.html").read_bytes() == (PAGE + "&#55296;").encode("utf-8")  # as MkDocs writes a lone surrogate
    assert early.has("a/index.html", "k1") and early.has("index.html", "k2")
    assert not early.has("a/index.html", "k2")  # written from other HTML than this build's
    assert not early.has("gone/index.html", "missing")  # its HTML was not in the store
    assert "2 个" in line and "缺失的 1 个" in line
    store.close()


def test_a_page_this_build_does_not_write_is_removed_with_the_folders_it_leaves_empty(tmp_path):
    site = tmp_path / "site"
    pages = {"kept/index.html": "k", "withdrawn/2021/x/index.html": "k", "shared/a.html": "k", "shared/b.html": "k"}
    store = _noted(tmp_path, pages, {"k": PAGE})
    early = _early(store, site)
    line = early.wait({"kept/index.html", "shared/a.html"})
    assert _files(site) == {"kept", "kept/index.html", "shared", "shared/a.html"}
    assert not early.has("withdrawn/2021/x/index.html", "k")
    assert "已删除" in line and "2 个已删除" in line
    store.close()


def test_a_writer_that_fails_counts_as_having_written_nothing(tmp_path):
    site = tmp_path / "site"
    store = _noted(tmp_path, {"a/index.html": "k", "b/index.html": "k", "old/index.html": "k"}, {"k": PAGE})
    site.mkdir()
    (site / "b").write_text("a file where the writer needs a folder", encoding="utf-8")
    early = _early(store, site)
    line = early.wait({"a/index.html", "b/index.html"})
    assert "未能完成" in line
    assert early.written == {} and not early.has("a/index.html", "k")
    assert not (site / "old").exists()  # removed all the same: a failed writer may have written it
    store.close()


def test_a_damaged_or_foreign_note_writes_nothing(tmp_path):
    site = tmp_path / "site"
    store = PageStore(tmp_path / "cache")
    store.put("k", PAGE)
    for note in [[1, 2], {"records": "10", "pages": {}}, {"records": 10, "pages": [["a.html", "k"]]}, {"pages": {"a.html": "k"}},
                 {"records": 10, "pages": {"a.html": 5}}]:
        store.put(site_key(ENVIRONMENT), note)
        early = _early(store, site)
        assert early.wait({"a.html"}) is None
        assert not os.listdir(site)
    store.close()


def test_a_note_of_a_catalog_too_large_for_two_processes_starts_no_writer(tmp_path):
    site = tmp_path / "site"
    store = _noted(tmp_path, {"a.html": "k"}, {"k": PAGE}, records=10**6)
    early = _early(store, site)
    assert early.wait({"a.html"}) is None and not os.listdir(site)
    store.close()


def test_a_note_of_another_environment_is_not_used(tmp_path):
    site = tmp_path / "site"
    store = _noted(tmp_path, {"a.html": "k"}, {"k": PAGE})
    site.mkdir()
    early = EarlySite(store, "another environment", str(site))
    early.start()
    assert early.wait({"a.html"}) is None and not os.listdir(site)
    store.close()
