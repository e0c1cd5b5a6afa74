"""A build that reuses the previous build's page work (GONGKAI_CACHE) writes
exactly the bytes a cold build writes, whatever changed in between."""
import re
import shutil
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from conftest import PROJECT

from gongkai import mkdocs_project
from gongkai.pagecache.parallel import cores as parallel_cores
from gongkai.pagecache.store import FILE_NAME, PageStore, compressed

EXPIRING = "documents/lfbg-2022-02.md"  # its 有效期至 is set to TODAY below
TODAY = "2026-12-15"
LATER = "2026-12-16"
DOCUMENTS = Path("documents")


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def folders(site: Path) -> set[str]:
    """A site's folders (a page removed from a site written early must not leave its folder behind)."""
    return {p.relative_to(site).as_posix() for p in site.rglob("*") if p.is_dir()}


def written_early(output: str) -> int:
    found = re.search(r"提前写入上次构建的页面 (\d+) 个", output)  # (early_site.py: a build with a second core)
    return int(found.group(1)) if found else 0


def taken_whole(output: str) -> int:
    found = re.search(r"(\d+) 个页面与上次构建相同，直接取自缓存", output)
    return int(found.group(1)) if found else 0


def reuse_counts(output: str) -> tuple[int, int]:
    found = re.search(r"缓存复用 (\d+) 项，新算 (\d+) 项", output)  # 新算: by the build or its helper
    assert found, output[-2000:]
    return int(found.group(1)), int(found.group(2))


def edit_title(catalog: Path, project: Path) -> None:
    path = catalog / DOCUMENTS / "lfg-2021-01.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订稿）", text, count=1, flags=re.M), encoding="utf-8")


def delete_record(catalog: Path, project: Path) -> None:
    (catalog / DOCUMENTS / "lfbg-2025-02.md").unlink()


def change_site_name(catalog: Path, project: Path) -> None:
    path = catalog / "site.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^(网站名称): (.*)$", r"\1: \2（测试）", text, count=1, flags=re.M), encoding="utf-8")


def change_theme(catalog: Path, project: Path) -> None:
    path = project / "overrides" / "main.html"
    text = path.read_text(encoding="utf-8")
    assert "{{ super() }}" in text
    path.write_text(text.replace("{{ super() }}", '{{ super() }}\n  <meta name="x-theme-changed" content="1">', 1), encoding="utf-8")


def change_config(catalog: Path, project: Path) -> None:
    path = project / "mkdocs.yml"
    text = path.read_text(encoding="utf-8")
    assert "permalink: true" in text
    path.write_text(text.replace("permalink: true", 'permalink: "#"', 1), encoding="utf-8")


def no_change(catalog: Path, project: Path) -> None:
    pass


@pytest.fixture
def catalog_copy(tmp_path):
    target = tmp_path / "catalog"
    shutil.copytree(PROJECT / "catalog", target)
    text = (target / EXPIRING).read_text(encoding="utf-8")
    assert "有效期至: 2027-08-14" in text
    (target / EXPIRING).write_text(text.replace("有效期至: 2027-08-14", f"有效期至: {TODAY}"), encoding="utf-8")
    return target


def _build(project: Path, catalog: Path, today: str, cache=None):
    run = mkdocs_project.build(project, catalog, today, cache=cache)
    assert run.returncode == 0, run.output[-3000:]
    return run


@pytest.mark.parametrize("change, today_after", [
    (no_change, TODAY),
    (edit_title, TODAY),
    (delete_record, TODAY),
    (change_site_name, TODAY),
    (change_theme, TODAY),
    (change_config, TODAY),
    (no_change, LATER),  # no file changes, yet a document expires
], ids=["nothing", "title", "deletion", "site-name", "theme", "config", "date"])
def test_a_warm_build_writes_what_a_cold_build_writes(tmp_path, catalog_copy, change, today_after):
    warm, cold, cache = tmp_path / "warm", tmp_path / "cold", tmp_path / "cache"
    mkdocs_project.prepare(warm)
    _build(warm, catalog_copy, TODAY, cache)
    before = snapshot(warm / "site")

    change(catalog_copy, warm)
    mkdocs_project.prepare(cold)
    if change in (change_theme, change_config):
        change(catalog_copy, cold)
    warm_output = _build(warm, catalog_copy, today_after, cache).output
    reused, computed = reuse_counts(warm_output)
    _build(cold, catalog_copy, today_after)

    after, expected = snapshot(warm / "site"), snapshot(cold / "site")
    assert sorted(after) == sorted(expected)
    differing = [path for path in expected if after[path] != expected[path]]
    assert not differing, differing[:10]
    assert folders(warm / "site") == folders(cold / "site")
    assert after != before or change is no_change and today_after == TODAY
    if change is no_change and today_after == TODAY:
        assert computed == 0 and reused > 30  # (the summaries of the pages taken whole, at least)
    elif change in (change_theme, change_config, change_site_name):
        assert reused < computed  # every page depends on these
    else:
        assert reused > computed  # most pages are reused
    if change in (change_theme, change_config, change_site_name):
        assert taken_whole(warm_output) == 0
        assert written_early(warm_output) == 0  # another environment: the last site's pages are not written early
    else:  # the record pages and most listings are written straight from the store
        assert taken_whole(warm_output) > 30
        assert written_early(warm_output) > 30 or parallel_cores() < 2  # (one core: no writer)


def test_a_record_added_while_cached_is_built_as_a_cold_build_builds_it(tmp_path, catalog_copy):
    warm, cold, cache = tmp_path / "warm", tmp_path / "cold", tmp_path / "cache"
    kept = tmp_path / "lfbg-2025-02.md"
    shutil.move(catalog_copy / DOCUMENTS / "lfbg-2025-02.md", kept)
    mkdocs_project.prepare(warm)
    _build(warm, catalog_copy, TODAY, cache)
    shutil.move(kept, catalog_copy / DOCUMENTS / "lfbg-2025-02.md")
    reused, computed = reuse_counts(_build(warm, catalog_copy, TODAY, cache).output)
    mkdocs_project.prepare(cold)
    _build(cold, catalog_copy, TODAY)
    assert snapshot(warm / "site") == snapshot(cold / "site")
    assert "documents/lfbg-2025-02/index.html" in snapshot(cold / "site")
    assert reused > computed > 0


ANCHOR_PAGE = "anchor-check.md"  # a hand-written page outside the navigation, added after the first build


@pytest.mark.parametrize("anchor, fails", [("第一章-总则", False), ("没有这个标题", True)])
def test_links_into_a_page_taken_whole_are_still_checked(tmp_path, catalog_copy, anchor, fails):
    """A page taken whole is not converted, yet its anchors are those MkDocs checks links against:
    a link to one it has passes, a link to one it lacks still fails the strict build."""
    project, cache = tmp_path / "project", tmp_path / "cache"
    mkdocs_project.prepare(project)
    page = project / "site" / "documents" / "lfg-2021-01" / "index.html"
    _build(project, catalog_copy, TODAY, cache)
    assert f'id="{anchor}"' in page.read_text(encoding="utf-8") or fails
    (project / "docs" / ANCHOR_PAGE).write_text(f"# 锚点\n\n[第一章](documents/lfg-2021-01.md#{anchor})\n", encoding="utf-8")
    run = mkdocs_project.build(project, catalog_copy, TODAY, cache=cache)
    assert taken_whole(run.output) > 30
    assert (run.returncode != 0) == fails, run.output[-3000:]
    assert (f"does not contain an anchor '#{anchor}'" in run.output) == fails


def test_a_page_whose_stored_html_is_gone_is_built_as_usual(tmp_path, catalog_copy):
    """The pages are planned whole, but their finished HTML is no longer in the store: each is built
    the usual way, and the site is what a cold build writes."""
    import sqlite3
    warm, cold, cache = tmp_path / "warm", tmp_path / "cold", tmp_path / "cache"
    mkdocs_project.prepare(warm)
    _build(warm, catalog_copy, TODAY, cache)
    store = PageStore(cache)
    keys = [key for (key,) in store._db.execute("SELECT key FROM entries")]
    finished = [key for key in keys if str(store.get(key)).lstrip().lower().startswith("<!doctype html>")]
    store.close()
    db = sqlite3.connect(cache / FILE_NAME)
    assert len(finished) > 30
    db.executemany("DELETE FROM entries WHERE key = ?", [(key,) for key in finished])
    db.commit()
    db.close()
    run = _build(warm, catalog_copy, TODAY, cache)
    assert taken_whole(run.output) > 30
    mkdocs_project.prepare(cold)
    _build(cold, catalog_copy, TODAY)
    assert snapshot(warm / "site") == snapshot(cold / "site")


def test_kept_markdown_is_read_by_whichever_process_converts_its_page(tmp_path, catalog_copy):
    """The record pages' Markdown stays in the cache folder until MkDocs asks for it (StoredText). With the
    summaries of the pages taken whole gone, every page is converted again: the build and its forked helper
    read the kept Markdown, each through its own connection, and the site is what a cold build writes."""
    import sqlite3
    warm, cold, cache = tmp_path / "warm", tmp_path / "cold", tmp_path / "cache"
    mkdocs_project.prepare(warm)
    _build(warm, catalog_copy, TODAY, cache)
    store = PageStore(cache)
    keys = [key for (key,) in store._db.execute("SELECT key FROM entries")]
    values = {key: store.get(key) for key in keys}
    summaries = [key for key, value in values.items() if isinstance(value, dict) and "finish" in value and "conversion" in value]
    kept_pages = [key for key, value in values.items() if isinstance(value, dict) and "asked" in value]
    store.close()
    assert len(summaries) > 30 and len(kept_pages) > 30
    db = sqlite3.connect(cache / FILE_NAME)
    db.executemany("DELETE FROM entries WHERE key = ?", [(key,) for key in summaries])
    db.commit()
    db.close()
    run = _build(warm, catalog_copy, TODAY, cache)
    assert taken_whole(run.output) == 0
    mkdocs_project.prepare(cold)
    _build(cold, catalog_copy, TODAY)
    assert snapshot(warm / "site") == snapshot(cold / "site")


def test_kept_markdown_gone_from_the_cache_is_a_clear_error_not_a_wrong_page(tmp_path):
    from gongkai.cachestore import BuildCache, StoredText, StoredTextGone
    store = PageStore(tmp_path)
    store.put("text", "# 示例数据\n")
    text = StoredText(BuildCache(store, "environment"), "text", b"\0" * 20, len("# 示例数据\n".encode("utf-8")), str(tmp_path))
    assert text.read() == "# 示例数据\n".encode("utf-8")
    for key, size in [("missing", text.size), ("text", text.size + 1)]:
        with pytest.raises(StoredTextGone, match="缺失或已损坏"):
            StoredText(text.cache, key, text.digest, size, text.location).read()
    store.close()


def test_the_expiry_date_changes_the_page_without_any_file_changing(tmp_path, catalog_copy):
    project, cache = tmp_path / "project", tmp_path / "cache"
    mkdocs_project.prepare(project)
    page = project / "site" / "documents" / "lfbg-2022-02" / "index.html"
    _build(project, catalog_copy, TODAY, cache)
    assert "本文件已失效" not in page.read_text(encoding="utf-8")
    _build(project, catalog_copy, LATER, cache)
    assert "本文件已失效" in page.read_text(encoding="utf-8")


def test_a_damaged_cache_file_costs_a_cold_build_not_a_failure(tmp_path):
    (tmp_path / FILE_NAME).write_bytes(b"not a database" * 100)
    store = PageStore(tmp_path)
    assert store.get("anything") is None
    store.put("key", {"content": "<p>x</p>"})
    assert store.get("key") == {"content": "<p>x</p>"}
    store.close()


def test_values_come_back_as_they_were_stored(tmp_path):
    """Texts (finished pages) are kept as UTF-8, everything else as JSON; both come back equal."""
    values = {"page": "<!doctype html>\n<p>示例数据</p>", "marked": "\x00起头", "surrogate": "\ud800",
              "empty": "", "list": ["<!doctype html>", 1], "dict": {"content": "x", "toc": []}, "number": 7}
    store = PageStore(tmp_path)
    for key, value in values.items():
        store.put(key, value)
    store.close()
    reopened = PageStore(tmp_path)
    assert {key: reopened.get(key) for key in values} == values
    reopened.close()


def test_a_text_comes_back_as_its_bytes_and_a_page_taken_whole_is_written_as_mkdocs_writes_it(tmp_path):
    from types import SimpleNamespace
    from gongkai.pagecache import whole_pages
    store = PageStore(tmp_path)
    pages = {"plain": "<!doctype html>\n<p>示例数据 Hangul 한</p>", "surrogate": "<!doctype html>\n<p>坏\ud800字</p>"}
    for key, page in pages.items():
        store.put(key, page)
    store.put("json", ["<!doctype html>"])
    store.put("bytes", b"<!doctype html>")
    assert store.text_bytes("plain") == pages["plain"].encode("utf-8")
    assert store.text_bytes("json") is None and store.text_bytes("bytes") is None and store.text_bytes("missing") is None
    for key, page in pages.items():
        out = tmp_path / "site" / key / "index.html"
        written = SimpleNamespace(file=SimpleNamespace(abs_dest_path=str(out), **{whole_pages._WHOLE: {"finish": key}}))
        assert whole_pages.write_whole(written, store)
        assert out.read_bytes() == page.encode("utf-8", errors="xmlcharrefreplace")  # as MkDocs' utils.write_file
    assert (tmp_path / "site" / "surrogate" / "index.html").read_text(encoding="utf-8") == "<!doctype html>\n<p>坏&#55296;字</p>"
    store.close()


def test_a_value_json_cannot_hold_is_not_kept_and_never_fails_a_build(tmp_path):
    store = PageStore(tmp_path)
    for key, value in {"lone surrogate in JSON": {"标题": "坏\ud800字"}, "a set": {1, 2}, "an object": object()}.items():
        store.put(key, value)
        assert store.get(key) is None
    store.put("kept", {"标题": "好字"})
    assert store.get("kept") == {"标题": "好字"}
    store.close()


def test_prefetched_entries_come_back_as_gets_give_them(tmp_path):
    store = PageStore(tmp_path)
    values = {f"key {n}": {"n": n} for n in range(1200)}  # more than one query's worth
    for key, value in values.items():
        store.put(key, value)
    store.finish_build(successful=True)
    store.put("waiting", "not yet committed")
    store.prefetch([*values, "missing", "waiting", "key 3"])
    assert {key: store.get(key) for key in values} == values
    assert store.get("missing") is None and store.get("waiting") == "not yet committed"
    assert store.get("key 5") == {"n": 5}  # a second get of a prefetched key asks the store again
    store._db.execute("INSERT INTO entries VALUES ('missing', ?, 1, 1)", (compressed(b"7"),))
    assert store.get("missing") == 7  # known missing only until its first get
    assert store.finish_build(successful=True) == 0  # every prefetched entry that was got is marked in use
    store.close()


def test_a_store_from_before_the_used_table_keeps_what_its_next_build_uses(tmp_path):
    import sqlite3
    from gongkai.pagecache.store import SCHEMA
    db = sqlite3.connect(tmp_path / FILE_NAME)
    db.execute(SCHEMA)
    db.execute("CREATE TABLE marks (key TEXT PRIMARY KEY, build INTEGER NOT NULL) WITHOUT ROWID")  # a row a key, as it was
    db.execute("INSERT INTO marks VALUES ('unused', 4)")
    db.executemany("INSERT INTO entries VALUES (?, ?, 4, 3)", [(key, compressed(b"1")) for key in ("used", "unused")])
    db.commit()
    db.close()
    store = PageStore(tmp_path)
    assert store.build == 5  # after the last build that made an entry
    assert store.get("used") == 1 and store.hits == 1
    assert store.finish_build(successful=True) == 1
    store.close()
    reopened = PageStore(tmp_path)
    assert reopened.get("used") == 1 and reopened.get("unused") is None
    reopened.close()


def test_a_damaged_entry_is_a_miss(tmp_path):
    import zlib
    store = PageStore(tmp_path)
    whole = compressed(b'{"a": 1}')
    damaged = {
        "garbage": b"\x00garbage",
        "an older store's zlib form": zlib.compress(b'{"a": 1}', 1),
        "cut short": whole[:-3],
        "too short for a size": whole[:3],
        # a size LZ4 cannot reach from these bytes: refused before 4 GB are asked for
        "a size beyond any expansion": whole[:1] + (2**32 - 1).to_bytes(4, "little") + whole[5:],
        "a size that does not match": whole[:1] + (len(b'{"a": 1}') + 1).to_bytes(4, "little") + whole[5:],
        "not JSON": compressed(b"{not json"),
    }
    store._db.executemany("INSERT INTO entries VALUES (?, ?, 1, 1)", list(damaged.items()))
    store._db.execute("INSERT INTO entries VALUES ('whole', ?, 1, 1)", (whole,))
    assert {key: store.get(key) for key in damaged} == dict.fromkeys(damaged)
    assert store.get("whole") == {"a": 1}
    store.close()


def test_a_damaged_note_of_use_drops_nothing(tmp_path):
    store = PageStore(tmp_path)
    store.put("old", 1)
    store.finish_build(successful=True)
    store.put("new", 2)
    store.commit()
    for damaged in ("{not json", '{"a": 1}', "7"):
        store._db.execute("INSERT INTO used (build, keys) VALUES (?, ?)", (store.build, damaged))
        assert store.finish_build(successful=True) == 0
        assert store.get("old") == 1 and store.get("new") == 2
    assert store.finish_build(successful=True) == 0  # both used just now; the damaged rows are gone
    assert store.finish_build(successful=True) == 2
    store.close()


def test_entries_a_successful_build_did_not_use_are_dropped(tmp_path):
    store = PageStore(tmp_path)
    store.put("old", 1)
    store.put("kept", 2)
    assert store.finish_build(successful=True) == 0
    assert store.get("kept") == 2
    assert store.finish_build(successful=False) == 0  # a failed build drops nothing
    assert store.get("kept") == 2
    assert store.finish_build(successful=True) == 1  # "old" was not used by this build
    assert len(store) == 1
    store.close()
    reopened = PageStore(tmp_path)
    assert reopened.get("kept") == 2 and reopened.get("old") is None
    reopened.close()


def test_a_finished_build_leaves_the_cache_folder_as_small_as_what_it_holds(tmp_path):
    """No write-ahead log is left for CI to save, and a file more than half free (a build that used none of
    its predecessor's entries) is rewritten: it ends up about the size of the entries it keeps."""
    import os
    import random
    wal = tmp_path / (FILE_NAME + "-wal")
    store = PageStore(tmp_path)
    noise = random.Random(7)
    for number in range(400):  # 20 MB that LZ4 cannot shrink
        store.put(f"old {number}", noise.randbytes(50_000))
    store.finish_build(successful=True)
    assert not wal.exists() or wal.stat().st_size == 0
    full = (tmp_path / FILE_NAME).stat().st_size
    assert full > 20_000_000
    for number in range(100):  # a build of other entries: those of the last are dropped
        store.put(f"new {number}", noise.randbytes(50_000))
    assert store.finish_build(successful=True) == 400
    assert not wal.exists() or wal.stat().st_size == 0
    assert (tmp_path / FILE_NAME).stat().st_size < full / 3
    store.put("one more", 1)
    store.finish_build(successful=False)  # a failed build drops nothing, so nothing is freed to compact
    store.close()
    reopened = PageStore(tmp_path)
    assert reopened.get("new 5") is not None and reopened.get("old 5") is None and reopened.get("one more") == 1
    reopened.close()
    assert os.path.getsize(tmp_path / FILE_NAME) < full / 3


def test_the_helper_process_changes_no_byte_and_leaves_nothing_behind(tmp_path, catalog_copy, monkeypatch):
    if parallel_cores() < 2:
        pytest.skip("one core: builds run without a helper")
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))  # where a cold build keeps the store it shares with its helper
    one, two = tmp_path / "one", tmp_path / "two"
    mkdocs_project.prepare(one)
    mkdocs_project.prepare(two)
    helped = _build(two, catalog_copy, TODAY)
    assert "辅助进程" in helped.output
    alone = mkdocs_project.build(one, catalog_copy, TODAY, parallel=False)
    assert alone.returncode == 0 and "辅助进程" not in alone.output
    assert snapshot(one / "site") == snapshot(two / "site")
    assert not list(scratch.iterdir())


def test_a_cache_of_foreign_shapes_is_only_a_cold_build(tmp_path, catalog_copy):
    """Every stored value replaced by JSON of another shape (a damaged cache): each is a miss,
    and the site is what a cold build writes. (A cache folder is as trusted as the build that
    wrote it: only builds of main save it. Well-formed pages planted in it are not detected.)"""
    import json
    import sqlite3
    warm, cold, cache = tmp_path / "warm", tmp_path / "cold", tmp_path / "cache"
    mkdocs_project.prepare(warm)
    _build(warm, catalog_copy, TODAY, cache)
    db = sqlite3.connect(cache / FILE_NAME)
    shapes = [{"content": 5, "lookups": [], "toc": "x", "title": 1, "anchors": 2, "links": 3}, [1, 2, 3], {"a": None}, 7, ""]
    keys = [key for (key,) in db.execute("SELECT key FROM entries")]
    for index, key in enumerate(keys):
        value = compressed(json.dumps(shapes[index % len(shapes)]).encode())
        db.execute("UPDATE entries SET value = ? WHERE key = ?", (value, key))
    db.commit()
    db.close()
    run = _build(warm, catalog_copy, TODAY, cache)
    assert "Traceback" not in run.output
    mkdocs_project.prepare(cold)
    _build(cold, catalog_copy, TODAY)
    assert snapshot(warm / "site") == snapshot(cold / "site")


def test_a_cache_folder_that_cannot_be_used_leaves_a_cold_build_and_a_notice(tmp_path, catalog_copy):
    project, not_a_folder = tmp_path / "project", tmp_path / "cache"
    not_a_folder.write_text("a file where the cache folder should be", encoding="utf-8")
    mkdocs_project.prepare(project)
    run = _build(project, catalog_copy, TODAY, not_a_folder)
    assert "无法使用" in run.output and "本次构建不使用缓存" in run.output
    assert "Traceback" not in run.output


_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(2**80), max_value=2**80) | st.floats() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4), max_leaves=20)


@given(_JSON_VALUES | st.just({"统一登记号": 44088120210001234567, "金额": -9223372036854775809, "说明": "1" * 19}))
@settings(max_examples=300, deadline=None)
def test_a_stored_value_reads_back_as_the_standard_library_reads_it(value):
    """Entries are read with orjson, but with the standard library where orjson would refuse the JSON (NaN,
    a lone surrogate's escape) or read it otherwise (an integer beyond 64 bits, read as a float): either
    way, the value the standard library reads."""
    import json

    from gongkai.pagecache.store import _decoded, _encoded

    if isinstance(value, str):
        return  # (a text is stored as text, not JSON)
    try:
        data = _encoded(value)
    except UnicodeEncodeError:
        return  # (a lone surrogate in JSON is not a value the store is given: texts are its only such values)
    expected = json.loads(json.dumps(value, ensure_ascii=False))
    read = _decoded(data)
    assert json.dumps(read, sort_keys=True) == json.dumps(expected, sort_keys=True)
    assert type(read) is type(expected)
