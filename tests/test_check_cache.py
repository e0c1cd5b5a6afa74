"""A build with a cache folder keeps the check's work between builds: each record file's parse (its
positions are read again only for a problem) and each record's verdicts with the questions they
asked. A check that finds them must report exactly what a check without them reports, line and
column included, whatever changed in between."""
import datetime as dt
import sqlite3

import pytest

from conftest import FIXED_TODAY
from gongkai import load
from gongkai.pagecache.store import FILE_NAME, PageStore, compressed
from gongkai.pipeline import check, build_cache


def _checked(catalog, store=None, today=FIXED_TODAY):
    cache = build_cache(store, "test environment") if store is not None else None
    result = check(catalog, "catalog", today, cache=cache)
    if store is not None:
        store.finish_build(True)
    return result.problems


@pytest.fixture
def store(tmp_path):
    kept = PageStore(tmp_path / "cache")
    yield kept
    kept.close()


def test_a_check_that_finds_the_kept_work_reports_what_a_check_without_it_reports(demo_copy, store):
    cold = _checked(demo_copy)
    assert any(problem.line for problem in cold), "the demo catalog's findings name lines"
    assert _checked(demo_copy, store) == cold
    warm = check(demo_copy, "catalog", FIXED_TODAY, cache=build_cache(store, "test environment"))
    assert warm.problems == cold
    # Every file's parse and every record's verdicts came from the store.
    assert store.misses == 0 and store.hits > 2 * len(warm.catalog.records)


def test_no_record_file_is_parsed_again_when_nothing_changed(demo_copy, store, monkeypatch):
    _checked(demo_copy, store)
    parsed = []
    original = load._Reader._parse_text
    monkeypatch.setattr(load._Reader, "_parse_text", lambda self, path, *rest: parsed.append(path.name) or original(self, path, *rest))
    assert _checked(demo_copy, store) == _checked(demo_copy)
    monkeypatch.setattr(load._Reader, "_parse_text", original)
    assert parsed.count("site.yaml") == 1  # the second check, without the cache, parses every file once


def _delete_an_amended_document(catalog):
    (catalog / "documents" / "lfg-2019-01.md").unlink()


def _number_of(path):
    return next(line for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("文号:"))


def _repeat_a_number(catalog):
    """One document takes another's 文号: a problem of the pair, one of them unchanged."""
    path, other = catalog / "documents" / "lfg-2021-02.md", catalog / "documents" / "lfg-2019-01.md"
    path.write_text(path.read_text(encoding="utf-8").replace(_number_of(path), _number_of(other), 1), encoding="utf-8")


def _turn_a_rule_off(catalog):
    path = catalog / "compliance.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("  JC-OVERDUE: 警告", "  JC-OVERDUE: 关闭"), encoding="utf-8")


def _remove_an_attachment(catalog):
    attachments = sorted(path for path in (catalog / "files").rglob("*") if path.is_file())
    attachments[0].unlink()


def _break_a_file(catalog):
    path = catalog / "documents" / "lfg-2021-02.md"
    path.write_text(path.read_text(encoding="utf-8").replace("标题:", "标题 ", 1), encoding="utf-8")


def _put_a_control_character_in_a_comment(catalog):
    """Found by the scan of the whole file, which a kept parse of the file's earlier text skips."""
    path = catalog / "documents" / "lfg-2021-02.md"
    path.write_text(path.read_text(encoding="utf-8").replace("标题:", "# 备注\x07\n标题:", 1), encoding="utf-8")


def _escape_a_control_character(catalog):
    """A character the file does not hold, written by a YAML escape: each text of such a file is scanned."""
    path = catalog / "documents" / "lfg-2021-02.md"
    text = path.read_text(encoding="utf-8")
    title = next(line for line in text.splitlines() if line.startswith("标题:"))
    path.write_text(text.replace(title, '标题: "\\a' + title.split(":", 1)[1].strip() + '"', 1), encoding="utf-8")


def _make_files_unreadable(catalog):
    """Problems of reading (read ahead of the parses when there is a cache folder) among problems of
    parsing, in two folders: reported in the same order either way."""
    documents = sorted((catalog / "documents").glob("*.md"))
    documents[0].write_bytes(documents[0].read_text(encoding="utf-8").encode("gb18030"))
    documents[2].write_bytes(b"\xff\xfe broken")
    documents[3].write_text(documents[3].read_text(encoding="utf-8").replace("标题:", "标题 ", 1), encoding="utf-8")
    (catalog / "documents" / "Bad Name.md").write_text("---\n标题: 示例数据\n---\n", encoding="utf-8")
    year = sorted(path for path in (catalog / "decisions").iterdir() if path.is_dir())[0]
    items = sorted(path for path in year.glob("*.yaml") if path.name != "catalog.yaml")
    items[0].write_bytes(b"\x00" * 10)
    (year / "1999-01.yaml").write_text("事项名称: 示例数据\n", encoding="utf-8")


@pytest.mark.parametrize("change", [_escape_a_control_character, _make_files_unreadable, _delete_an_amended_document, _repeat_a_number, _turn_a_rule_off, _remove_an_attachment, _break_a_file,
                                    _put_a_control_character_in_a_comment])
def test_after_a_change_the_kept_work_still_gives_what_a_fresh_check_gives(demo_copy, store, change):
    before = _checked(demo_copy, store)
    change(demo_copy)
    fresh = _checked(demo_copy)
    assert fresh != before, "the change makes a difference to the check"
    assert _checked(demo_copy, store) == fresh


def test_record_files_are_read_ahead_a_run_at_a_time_with_problems_in_the_usual_order(demo_copy, store, monkeypatch):
    _checked(demo_copy, store)
    _make_files_unreadable(demo_copy)
    fresh = _checked(demo_copy)
    monkeypatch.setattr(load, "READ_AHEAD_FILES", 3)
    held = []  # texts read ahead, not yet parsed, as each record file comes to be parsed
    original = load._Reader._parse_record
    monkeypatch.setattr(load._Reader, "_parse_record", lambda self, *args: held.append(len(self._read_ahead)) or original(self, *args))
    assert _checked(demo_copy, store) == fresh
    assert 0 < max(held) <= 3 and held.count(0) > 2  # runs of three, several runs


def test_texts_are_scanned_again_only_in_files_whose_yaml_may_escape_a_character(demo_copy, store, monkeypatch):
    """Each file was scanned whole; the texts YAML made of it are scanned again only where a backslash
    may have escaped a character the file does not hold (none of the demo catalog's other files)."""
    from gongkai.model import common

    _checked(demo_copy, store)
    _escape_a_control_character(demo_copy)
    scanned = []
    original = common.first_control_character
    monkeypatch.setattr(common, "first_control_character", lambda text: scanned.append(text) or original(text))
    escaped = (demo_copy / "documents" / "lfg-2021-02.md").read_text(encoding="utf-8")
    for cache in (None, store):  # parsed afresh, and the other files' parses kept
        scanned.clear()
        assert any("U+0007" in problem.message for problem in _checked(demo_copy, cache))
        assert any(text.startswith("\x07") for text in scanned)
        assert all(text in escaped or text.startswith("\x07") for text in scanned)


def test_a_deleted_document_is_reported_at_the_line_of_an_unchanged_file_that_names_it(demo_copy, store):
    _checked(demo_copy, store)
    _delete_an_amended_document(demo_copy)
    warm = _checked(demo_copy, store)
    assert warm == _checked(demo_copy)
    naming = [problem for problem in warm if "lfg-2019-01" in problem.message and problem.file != "catalog/documents/lfg-2019-01.md"]
    assert naming and all(problem.line for problem in naming)  # read again from the unchanged file


def test_another_day_judges_again(demo_copy, store):
    _checked(demo_copy, store)
    later = FIXED_TODAY + dt.timedelta(days=400)
    fresh = _checked(demo_copy, today=later)
    assert fresh != _checked(demo_copy)
    assert _checked(demo_copy, store, later) == fresh


def test_a_damaged_cache_gives_the_same_findings(demo_copy, store, tmp_path):
    cold = _checked(demo_copy, store)
    store.close()
    with sqlite3.connect(tmp_path / "cache" / FILE_NAME) as db:
        rows = db.execute("SELECT key FROM entries").fetchall()
        garbage = [b'{"data": [1]}', b'{"asked": [["find", ["document"], null]], "verdict": 3}', b'{"asked": [], "verdict": [[1, 2]]}',
                   b'{"asked": [], "verdict": {"GF-INTERPRETATION": {"calendar gap": "x"}}}', b"[]"]
        db.executemany("UPDATE entries SET value = ? WHERE key = ?",
                       [(compressed(garbage[number % len(garbage)]), key) for number, (key,) in enumerate(rows)])
    damaged = PageStore(tmp_path / "cache")
    try:
        assert _checked(demo_copy, damaged) == cold
    finally:
        damaged.close()


def test_positions_are_read_again_only_from_the_text_they_were_kept_for(demo_copy, store):
    cache = build_cache(store, "test environment")
    fresh = {raw.catalog_path: raw for raw in load.load_catalog(demo_copy, "catalog", cache).records}
    store.finish_build(True)
    kept = {raw.catalog_path: raw for raw in load.load_catalog(demo_copy, "catalog", cache).records}
    path = "documents/lfg-2021-02.md"
    assert kept[path].source.data == fresh[path].source.data
    assert kept[path].source.values == fresh[path].source.values and kept[path].source.keys == fresh[path].source.keys
    changed = load.load_catalog(demo_copy, "catalog", cache).records
    raw = next(record for record in changed if record.catalog_path == path)
    (demo_copy / path).write_text("\n\n" + (demo_copy / path).read_text(encoding="utf-8"), encoding="utf-8")
    assert raw.source.values == {} and raw.source.position(("标题",)) is None  # not the lines of another text


def test_the_check_runs_with_the_collector_paused_and_gives_it_back(demo_copy, monkeypatch):
    """Every full collection during a check walks the whole catalog made so far and frees nothing
    (gongkai/collector.py); serve pauses the collector for its whole rebuild and keeps it paused."""
    import gc

    from gongkai import pipeline

    seen = []
    original = pipeline.run_rules
    monkeypatch.setattr(pipeline, "run_rules", lambda *args, **kwargs: seen.append(gc.isenabled()) or original(*args, **kwargs))
    assert gc.isenabled()
    check(demo_copy, "catalog", FIXED_TODAY)
    assert seen == [False] and gc.isenabled()
    gc.disable()
    try:
        check(demo_copy, "catalog", FIXED_TODAY)
        assert not gc.isenabled()
    finally:
        gc.enable()
