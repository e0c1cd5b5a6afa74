"""Publishing into docs/: only owned paths, no needless rewrites, no stale pages."""
from conftest import FIXED_TODAY

from gongkai.pipeline import check, generate


def test_publish_writes_then_leaves_unchanged_files_alone(minimal_copy, tmp_path):
    docs = tmp_path / "docs"
    (docs / "assets").mkdir(parents=True)
    (docs / "assets" / "hand-written.css").write_text("body{}", encoding="utf-8")
    result = check(minimal_copy)
    first = generate(result.catalog, minimal_copy, docs, FIXED_TODAY)
    assert first.written > 0 and first.removed == 0
    mtime = (docs / "decisions" / "2021-01.md").stat().st_mtime_ns
    second = generate(result.catalog, minimal_copy, docs, FIXED_TODAY)
    assert second.written == 0 and second.unchanged == first.written
    assert (docs / "decisions" / "2021-01.md").stat().st_mtime_ns == mtime
    assert (docs / "assets" / "hand-written.css").is_file()


def test_withdrawn_record_page_is_removed(minimal_copy, tmp_path):
    docs = tmp_path / "docs"
    generate(check(minimal_copy).catalog, minimal_copy, docs, FIXED_TODAY)
    assert (docs / "hearings" / "2021-01.md").is_file()
    hearing = minimal_copy / "hearings" / "2021" / "2021-01.yaml"
    hearing.write_text(hearing.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 不予公开"), encoding="utf-8")
    summary = generate(check(minimal_copy).catalog, minimal_copy, docs, FIXED_TODAY)
    assert not (docs / "hearings" / "2021-01.md").exists()
    assert not (docs / "source" / "hearings" / "2021" / "2021-01.yaml.txt").exists()
    assert summary.removed == 2


def test_published_sources_are_marked_utf8(minimal_copy, tmp_path):
    docs = tmp_path / "docs"
    generate(check(minimal_copy).catalog, minimal_copy, docs, FIXED_TODAY)
    assert (docs / "source" / "documents" / "fx-2021-02.md.txt").read_bytes().startswith(b"\xef\xbb\xbf---")
