"""serve's rebuilds reuse an unchanged file's parse and validation (gongkai.memo):
the result is the one a fresh check gives, before and after an edit."""
import datetime as dt
import re
import shutil

from conftest import FIXED_TODAY, PROJECT

from gongkai import memo
from gongkai.pipeline import check


def outcome(result):
    return ([(str(problem), problem.severity) for problem in result.problems],
            sorted((record.kind.key, record.id, record.model.model_dump_json()) for record in result.catalog.records))


def test_a_reused_check_equals_a_fresh_one_before_and_after_an_edit(tmp_path, monkeypatch):
    catalog = tmp_path / "catalog"
    shutil.copytree(PROJECT / "catalog", catalog)
    fresh = outcome(check(catalog, today=FIXED_TODAY))

    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    first = check(catalog, today=FIXED_TODAY)
    second = check(catalog, today=FIXED_TODAY)
    assert outcome(first) == outcome(second) == fresh
    # The unchanged files' records are the very objects of the last build: nothing was parsed again.
    first_models = {(r.kind.key, r.id): r.model for r in first.catalog.records}
    assert all(first_models[(r.kind.key, r.id)] is r.model for r in second.catalog.records)

    path = catalog / "documents" / "lfg-2021-01.md"
    text = path.read_text(encoding="utf-8")
    path.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订）", text, count=1, flags=re.M), encoding="utf-8")
    edited = check(catalog, today=FIXED_TODAY)
    monkeypatch.setattr(memo, "_enabled", False)
    assert outcome(edited) == outcome(check(catalog, today=FIXED_TODAY))
    [document] = [r for r in edited.catalog.records if r.id == "lfg-2021-01"]
    assert document.model.title.endswith("（修订）")


def test_serve_reads_again_a_catalog_file_changed_since_its_last_read_and_only_such_a_file(tmp_path, monkeypatch):
    """A file whose inode, size and times are as they were before its last read is not opened again;
    any change (even to the same size), a replacement or a file changed too shortly before its read is."""
    import os
    import time

    from gongkai import load

    catalog = tmp_path / "catalog"
    shutil.copytree(PROJECT / "catalog", catalog)
    path = catalog / "documents" / "lfg-2021-01.md"
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    opened, hashed = [], []
    real_open, real_read = load.RegularFiles.open, load.RegularFiles.read

    def recording_open(files, relative):
        (hashed if relative.startswith("files/") else opened).append(relative)
        return real_open(files, relative)

    def recording_read(files, relative, limit):
        opened.append(relative)
        return real_read(files, relative, limit)
    monkeypatch.setattr(load.RegularFiles, "open", recording_open)
    monkeypatch.setattr(load.RegularFiles, "read", recording_read)

    def title() -> str:
        [document] = [r for r in check(catalog, today=FIXED_TODAY).catalog.records if r.id == "lfg-2021-01"]
        return document.model.title

    first = title()
    assert "documents/lfg-2021-01.md" in opened  # just copied: changed too shortly before its read to be kept
    opened.clear()
    title()
    assert "documents/lfg-2021-01.md" in opened
    monkeypatch.setattr(memo, "STABLE_BEFORE_READ_NS", -10**12)  # as if every file had been read long after its change
    title()
    opened.clear()
    hashed.clear()
    assert title() == first and opened == [] and hashed == []  # no catalog file or attachment opened again

    text = path.read_text(encoding="utf-8")
    same_size = text.replace("停车", "泊车", 1)  # the title: one character for another of the same UTF-8 length
    assert len(same_size.encode()) == len(text.encode()) and same_size != text
    time.sleep(0.05)  # past the kernel's clock tick: the file's times move on
    path.write_text(same_size, encoding="utf-8")
    opened.clear()
    assert title() == first.replace("停车", "泊车", 1) and opened == ["documents/lfg-2021-01.md"]

    attachment = next(p for p in sorted((catalog / "files").rglob("*.txt")))
    relative = attachment.relative_to(catalog / "files").as_posix()
    before = check(catalog, today=FIXED_TODAY).catalog.files[relative].sha256
    content = attachment.read_bytes()
    attachment.write_bytes(bytes([content[0] ^ 1]) + content[1:])  # the same size, other bytes
    hashed.clear()
    after = check(catalog, today=FIXED_TODAY).catalog.files[relative]
    assert set(hashed) == {f"files/{relative}"} and after.sha256 != before and after.size == len(content)

    replacement = path.with_name("new.tmp")
    replacement.write_text(text, encoding="utf-8")
    os.replace(replacement, path)  # an editor's save: another inode
    opened.clear()
    assert title() == first and opened == ["documents/lfg-2021-01.md"]


def test_serve_lists_a_catalog_folder_again_once_an_entry_is_added_removed_or_put_in_anothers_place(tmp_path, monkeypatch):
    """A folder's listing is kept while its times are as they were before the listing; each change of its
    entries moves them on, and the check then equals a fresh one."""
    import os
    import time

    from gongkai import load

    catalog = tmp_path / "catalog"
    shutil.copytree(PROJECT / "catalog", catalog)
    documents = catalog / "documents"
    listed, real_listing = [], load._listing
    monkeypatch.setattr(load, "_listing", lambda folder: listed.append(folder.name) or real_listing(folder))
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    monkeypatch.setattr(memo, "STABLE_BEFORE_READ_NS", -10**12)  # as if every folder had been listed long after its change

    def same_as_fresh() -> list[str]:
        listed.clear()
        reused = outcome(check(catalog, today=FIXED_TODAY))
        folders, kept = list(listed), (memo._current, memo._previous)
        memo._enabled, memo._current, memo._previous = False, {}, {}  # a fresh check, leaving serve's entries alone
        assert reused == outcome(check(catalog, today=FIXED_TODAY))
        memo._enabled, (memo._current, memo._previous) = True, kept
        return folders

    same_as_fresh()
    assert same_as_fresh() == []  # nothing changed: no folder listed again
    source = documents / "lfg-2021-01.md"
    text = source.read_text(encoding="utf-8")
    source.write_text(text.replace("\n标题: ", "\n标题: 修订", 1), encoding="utf-8")  # a file changed in place
    assert same_as_fresh() == []
    changes = [
        lambda: (documents / "lfg-2099-01.md").write_text(text.replace("lfg-2021-01", "lfg-2099-01"), encoding="utf-8"),
        lambda: (documents / "lfg-2099-01.md").unlink(),
        lambda: os.replace(source, documents / "lfg-2021-99.md"),
        lambda: os.symlink(documents / "lfg-2021-99.md", source),  # a link where the file was: refused
    ]
    for change in changes:
        time.sleep(0.05)  # past the kernel's clock tick: the folder's times move on
        change()
        assert same_as_fresh() == ["documents"]


def test_a_file_with_a_problem_is_reported_on_every_build(tmp_path, monkeypatch):
    catalog = tmp_path / "catalog"
    shutil.copytree(PROJECT / "catalog", catalog)
    path = catalog / "documents" / "lfg-2021-01.md"
    path.write_text(path.read_text(encoding="utf-8").replace("标题: ", "标题: [", 1), encoding="utf-8")
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    reports = [[str(p) for p in check(catalog, today=FIXED_TODAY).errors] for _ in range(2)]
    assert reports[0] and reports[0] == reports[1]


def test_the_memo_is_off_unless_switched_on(tmp_path):
    assert not memo._enabled  # a one-shot check or build holds nothing
    memo.remember("key", 1)
    assert memo.recall("key") is None


def test_a_one_shot_check_keeps_positions_but_not_parsed_values_while_serve_keeps_both(monkeypatch):
    one_shot = check(PROJECT / "catalog", today=FIXED_TODAY)
    records = list(one_shot.catalog.records)
    assert records and all(record.source.data is None for record in records)
    # Problems found after the check still name the line.
    titled = [record for record in records if ("标题",) in record.source.keys]
    assert titled and all(record.problem(("标题",), "m", "h").line == record.source.values[("标题",)].line for record in titled)
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    kept = check(PROJECT / "catalog", today=FIXED_TODAY)
    assert all(isinstance(record.source.data, dict) for record in kept.catalog.records)
    assert outcome(kept) == outcome(one_shot)


def _index_bytes(site):
    """Every index file's content (serve compresses at another level: the bytes inside must be the same)."""
    import gzip
    return {p.relative_to(site).as_posix(): gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
            for p in (site / "search" / "data").rglob("*") if p.is_file()}


def test_reused_search_documents_and_record_files_change_no_byte(demo_site, tmp_path, monkeypatch):
    import shutil as copying

    from gongkai.render.source import source_file
    from gongkai.search.site import build_site_index
    site = tmp_path / "site"
    copying.copytree(demo_site[0], site)
    build_site_index(site)
    cold = _index_bytes(site)
    result = check(PROJECT / "catalog", today=FIXED_TODAY)
    files = [source_file(record) for record in result.catalog.records]

    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    for _ in range(2):
        memo.next_build()
        build_site_index(site)
        assert _index_bytes(site) == cold
        assert [source_file(record) for record in result.catalog.records] == files
    assert any(key[0] == "indexed" for key in memo._current)
    assert any(isinstance(key[0], tuple) and key[0][0] == "source" for key in memo._current)  # (tag, id(model))


def test_a_site_rendered_with_reuse_is_the_site_rendered_fresh(tmp_path, monkeypatch):
    """Everything serve reuses between rebuilds (records' public projections, register rows, body
    scans, ...) gives the files a fresh render gives, after an edit, a deletion and a new day."""
    from gongkai.pipeline import site_files
    from gongkai.spool import Pieces

    def rendered(catalog, today, reuse: bool):
        monkeypatch.setattr(memo, "_enabled", reuse)  # off: nothing is read from or added to the memo
        result = check(catalog, today=today)
        files = site_files(result.catalog, catalog, today, result.problems)
        return {path: content.join() if isinstance(content, Pieces) else content for path, content in files.items()}  # (serve's exports)

    def edit(catalog):
        path = catalog / "documents" / "lfg-2021-01.md"
        path.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订）", path.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")

    def withhold(path):  # no longer public: the records naming it no longer show it
        path.write_text(path.read_text(encoding="utf-8").replace("公开属性: 主动公开", "公开属性: 依申请公开"), encoding="utf-8")

    def renumber(path):  # a 文号 the listings show beside the document it amends (lfg-2021-01)
        path.write_text(path.read_text(encoding="utf-8").replace("廉府规〔2023〕1号", "廉府规〔2023〕11号"), encoding="utf-8")

    def settle(path):  # a cleanup every 3 years, not every 2
        path.write_text(path.read_text(encoding="utf-8") + "\n清理周期年: 3\n", encoding="utf-8")

    catalog = tmp_path / "catalog"
    shutil.copytree(PROJECT / "catalog", catalog)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    # Files just written count as read after their change, so the unchanged ones are reused from step to step.
    monkeypatch.setattr(memo, "STABLE_BEFORE_READ_NS", 0)
    later = FIXED_TODAY.replace(year=FIXED_TODAY.year + 1)
    # The first document goes (every later one's 序号 moves); lfg-2021-01's 政策解读 is dated 2021-07-19.
    steps = [(lambda: None, FIXED_TODAY), (lambda: edit(catalog), FIXED_TODAY),
             (lambda: (catalog / "documents" / "lfbg-2022-01.md").unlink(), FIXED_TODAY), (lambda: None, later),
             (lambda: None, dt.date(2021, 7, 18)), (lambda: None, dt.date(2021, 7, 20)),
             (lambda: withhold(catalog / "documents" / "lfg-2019-01.md"), FIXED_TODAY),  # lfg-2021-01 names it
             (lambda: renumber(catalog / "documents" / "lfg-2023-01.md"), FIXED_TODAY),
             # a year catalog withheld: its items, their own files unchanged, are no longer released
             (lambda: withhold(catalog / "decisions" / "2021" / "catalog.yaml"), FIXED_TODAY),
             # every record the same, the settings not: the deadlines the staff report lists move
             (lambda: None, dt.date(2025, 6, 30)), (lambda: settle(catalog / "compliance.yaml"), dt.date(2025, 6, 30))]
    for change, today in steps:
        change()
        reused = rendered(catalog, today, reuse=True)
        assert reused == rendered(catalog, today, reuse=False)
    tags = {key[0][0] if isinstance(key[0], tuple) else key[0] for key in memo._current if isinstance(key, tuple)}
    assert tags & {"register row", "public fields", "public record"}  # (reuse did take place)


def test_serve_renders_again_only_the_pages_an_edit_reaches(tmp_path, monkeypatch):
    """A rebuild with nothing changed renders no record page; an edited title renders again its
    own page and the pages that link to it (they show its title), and no other."""
    import gongkai.render as render_stage
    from gongkai.pipeline import site_files

    rendered_pages: list[str] = []
    real = render_stage.document_page
    monkeypatch.setattr(render_stage, "document_page", lambda record, ctx: (rendered_pages.append(record.id), real(record, ctx))[1])
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    catalog = tmp_path / "catalog"
    shutil.copytree(PROJECT / "catalog", catalog)

    def build() -> list[str]:
        rendered_pages.clear()
        result = check(catalog, today=FIXED_TODAY)
        site_files(result.catalog, catalog, FIXED_TODAY, result.problems)
        return sorted(rendered_pages)

    everything = build()
    assert len(everything) > 10 and build() == []
    edited = catalog / "documents" / "lfg-2021-01.md"
    edited.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订）", edited.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")
    naming = sorted(p.stem for p in (catalog / "documents").glob("*.md") if "lfg-2021-01" in p.read_text(encoding="utf-8"))
    assert build() == naming and len(naming) == 3  # itself, the document it amends and the one amending it


class _Entry:
    """A value a weak reference can watch."""


def test_entries_no_build_can_use_are_freed_only_when_released(monkeypatch):
    import weakref
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    monkeypatch.setattr(memo, "_retired", [])
    memo.next_build()
    entry = _Entry()
    watched = weakref.ref(entry)
    memo.remember("key", entry)
    del entry
    memo.next_build()  # the next build may still reuse it
    assert memo.recall("key") is watched()
    memo.next_build()
    memo.next_build()  # a build that did not recall it: out of use, but not freed during the build
    assert memo.recall("key") is None
    assert watched() is not None
    memo.release_retired()
    assert watched() is None


def test_a_value_of_many_objects_is_reused_only_while_they_are_the_very_same_objects(monkeypatch):
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    rows, computed = [[1], [2], [3]], []

    def joined(parts):
        return lambda: (computed.append(1), b"".join(bytes(part) for part in parts))[1]

    assert memo.of_objects("lines", rows, joined(rows)) == b"\x01\x02\x03"
    memo.next_build()
    assert memo.of_objects("lines", rows, joined(rows)) == b"\x01\x02\x03" and len(computed) == 1
    memo.next_build()
    edited = [rows[0], [9], rows[2]]  # one row made again: equal parts are not enough, it is another object
    assert memo.of_objects("lines", edited, joined(edited)) == b"\x01\x09\x03" and len(computed) == 2
    memo.next_build()
    same_values = [list(row) for row in edited]
    assert memo.of_objects("lines", same_values, joined(same_values)) == b"\x01\x09\x03" and len(computed) == 3


def test_serve_judges_again_only_the_records_a_save_changed_and_those_that_looked_them_up(tmp_path, monkeypatch):
    """The cross-checks and compliance rules that judge one record at a time keep each record's problems while
    the record, every record and file its judgment looked up (and for the rules the settings and the day) are
    the same; what is judged again gives what a fresh check gives."""
    from collections import Counter

    catalog = tmp_path / "catalog"
    shutil.copytree(PROJECT / "catalog", catalog)
    judged: Counter = Counter()
    real = memo.of_object_while

    def counted(tag, subject, compute, holds):
        return real(tag, subject, lambda: (judged.update([tag]), compute())[1], holds)

    monkeypatch.setattr(memo, "of_object_while", counted)
    monkeypatch.setattr(memo, "STABLE_BEFORE_READ_NS", 0)  # files just written count as read after their change
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})

    def judged_by(today=FIXED_TODAY):
        judged.clear()
        result = check(catalog, today=today)  # (loading starts the memo's next build)
        counts = (judged["cross-check verdicts"], judged["rule verdicts"])
        monkeypatch.setattr(memo, "_enabled", False)
        assert outcome(result) == outcome(check(catalog, today=today))  # what a fresh check finds
        monkeypatch.setattr(memo, "_enabled", True)
        return counts

    everything = judged_by()
    assert min(everything) > 20 and judged_by() == (0, 0)
    document = catalog / "documents" / "lfg-2021-01.md"
    document.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订）", document.read_text(encoding="utf-8"), count=1, flags=re.M),
                        encoding="utf-8")
    # The cross-checks: it, lfg-2023-01 (which amends it), lfg-2019-01 (whose history names it as 依据) and the
    # decision that produced it; the rules: it, and lfg-2023-01 (whether it was still in force was asked).
    assert judged_by() == (4, 2)
    # Its history no longer records lfg-2023-01's amendment: lfg-2023-01, which looked it up, is judged again
    # and now has the problem (judged_by also compares the whole result with a fresh check's).
    document.write_text(document.read_text(encoding="utf-8").replace("    依据: lfg-2023-01\n", "", 1), encoding="utf-8")
    judged_by()
    amending = [str(problem) for problem in check(catalog, today=FIXED_TODAY).problems if "lfg-2023-01.md" in problem.file]
    assert any("但该文件的状态历史没有记录" in problem for problem in amending), amending
    # A year catalog's publication date: the catalog, and those of its items that looked it up (whose procedure
    # had started, or that had no date of their own), are judged again.
    year = catalog / "decisions" / "2021" / "catalog.yaml"
    year.write_text(year.read_text(encoding="utf-8").replace("发布日期: 2021-03-25", "发布日期: 2021-12-25"), encoding="utf-8")
    items = len(list((catalog / "decisions" / "2021").glob("2021-*.yaml")))
    again = judged_by()
    assert all(1 < count <= 1 + items for count in again), again
    # A new day: every deadline moves; the cross-checks do not depend on the day.
    assert judged_by(FIXED_TODAY + dt.timedelta(days=1)) == (0, everything[1])


def test_the_index_takes_the_kept_text_of_the_pages_a_rebuild_left_without_asking_the_file_system(demo_site, tmp_path, monkeypatch):
    import gzip
    import shutil as copying
    import time

    from gongkai.search.site import build_site_index, site_pages
    site = tmp_path / "site"
    copying.copytree(demo_site[0], site)
    time.sleep(memo.STABLE_BEFORE_READ_NS / 1e9 + 0.1)  # read well after their last change: kept
    build_site_index(site)
    cold = _index_bytes(site)
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    memo.next_build()
    build_site_index(site)
    pages = site_pages(site)
    edited = next(html for url, html in pages if url.startswith("documents/") and url.count("/") == 2)
    with open(edited, encoding="utf-8") as html:
        text = html.read()
    with open(edited, "w", encoding="utf-8") as html:
        html.write(text.replace("</article>", "<p>改写后的段落示例</p></article>", 1))
    asked = []
    signature = memo._signature
    monkeypatch.setattr(memo, "_signature", lambda path, folder=False: (asked.append(str(path)), signature(path, folder))[1])
    memo.next_build()
    build_site_index(site, left={html for _, html in pages if html != edited})
    assert asked == [edited]  # the one page this rebuild wrote
    found = [gzip.decompress(path.read_bytes()).decode("utf-8") for path in (site / "search" / "data" / "docs").iterdir()]
    assert sum("改写后的段落示例" in document for document in found) == 1
    assert _index_bytes(site) != cold
    edited_index = _index_bytes(site)
    # The next save leaves every page, the one just written too: the index keeps its new text (it was
    # read too soon after its change to be kept, and what was kept of the page before is not taken).
    asked.clear()
    memo.next_build()
    build_site_index(site, left={html for _, html in pages})
    assert _index_bytes(site) == edited_index
    assert asked == []  # (the text read after that rebuild wrote the page is the one it holds still)


def test_a_block_of_pages_a_rebuild_left_is_taken_whole_only_while_its_pages_and_their_labels_are_the_same(demo_site, tmp_path, monkeypatch):
    """serve takes a block of the index whole when the rebuild left every page of it: not once one of its
    pages is written again (a second edit of the same page), nor once a page's labels change."""
    import json
    import shutil as copying
    from pathlib import Path

    from gongkai.search.site import PAGES_FILE, build_site_index, site_pages
    site, fresh = tmp_path / "site", tmp_path / "fresh"
    copying.copytree(demo_site[0], site)
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    pages = site_pages(site)
    every = {html for _, html in pages}
    labels = json.loads((site / PAGES_FILE).read_text(encoding="utf-8"))
    url, edited = next((url, html) for url, html in pages if url.startswith("documents/") and url in labels)
    original = Path(edited).read_text(encoding="utf-8")

    def rebuild(left: set) -> dict:
        memo.next_build()
        build_site_index(site, left=left)
        copying.rmtree(fresh, ignore_errors=True)
        copying.copytree(site, fresh)
        copying.rmtree(fresh / "search" / "data")
        with monkeypatch.context() as off:
            off.setattr(memo, "_enabled", False)
            build_site_index(fresh)
        assert _index_bytes(site) == _index_bytes(fresh)
        return _index_bytes(site)

    rebuild(set())
    for text in ("第一次改写的段落示例", "第二次改写的段落示例"):
        Path(edited).write_text(original.replace("</article>", f"<p>{text}</p></article>", 1), encoding="utf-8")
        rebuild(every - {edited})
        rebuild(every)  # (the next save leaves it: its block is taken whole from here on)
    labels[url]["status"] = "已废止"
    (site / PAGES_FILE).write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    before = _index_bytes(site)
    assert rebuild(every) != before  # the same HTML, another label: the block is made again


def test_a_build_scans_each_body_once_and_keeps_nothing_after_its_render(monkeypatch):
    """A one-shot build (no memo) checks and then renders each body: the render takes the check's scan
    of the same text, and lets the kept scans go once done. The rendered site is the same either way."""
    from gongkai import bodytext
    from gongkai.pipeline import render

    scanned: list[str] = []
    real = bodytext._scan
    monkeypatch.setattr(bodytext, "_scan", lambda text: (scanned.append(text), real(text))[1])
    result = check(PROJECT / "catalog", today=FIXED_TODAY)
    by_check = len(scanned)
    site = render(result.catalog, FIXED_TODAY, result.problems)
    assert by_check > 10 and len(scanned) == len(set(scanned))  # no text scanned twice
    assert bodytext._kept_scans == {}
    bodytext.forget_scans()  # a render that finds nothing kept scans again, and writes the same
    assert render(result.catalog, FIXED_TODAY, result.problems).pages == site.pages
    assert len(scanned) > len(set(scanned))
    # A catalog too large for two processes keeps nothing: its memory matters more than the time.
    from gongkai import forked
    monkeypatch.setattr(forked, "SECOND_CORE_UP_TO_RECORDS", 1)
    check(PROJECT / "catalog", today=FIXED_TODAY)
    assert bodytext._kept_scans == {}


def test_a_large_catalog_rendered_with_reuse_is_the_one_rendered_fresh(tmp_path, monkeypatch):
    """The listings' numbered pages, their year links, the list rows and the interpretations' lines and
    pages that serve keeps, on a catalog with groups large enough to have pages of their own: the files
    a fresh render gives after an edited title, a deletion and a later day."""
    from gongkai.pipeline import site_files
    from gongkai.spool import Pieces
    from gongkai.synthetic import TODAY, generate_catalog

    catalog = tmp_path / "catalog"
    generate_catalog(catalog, 1200)  # ~100 documents a year: a year takes two numbered pages
    documents = sorted((catalog / "documents").glob("*.md"))

    def rendered(today, reuse: bool):
        monkeypatch.setattr(memo, "_enabled", reuse)
        result = check(catalog, today=today)
        files = site_files(result.catalog, catalog, today, result.problems)
        return {path: content.join() if isinstance(content, Pieces) else content for path, content in files.items()}

    def retitle(path):
        path.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订）", path.read_text(encoding="utf-8"), count=1, flags=re.M), encoding="utf-8")

    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    monkeypatch.setattr(memo, "STABLE_BEFORE_READ_NS", 0)
    # The oldest document goes: its run's first page keeps its lines and shows the new count.
    steps = [(lambda: None, TODAY), (lambda: retitle(documents[200]), TODAY), (lambda: documents[0].unlink(), TODAY),
             (lambda: None, TODAY.replace(year=TODAY.year + 3))]
    for change, today in steps:
        change()
        assert rendered(today, reuse=True) == rendered(today, reuse=False)
    kept = {key[0] if isinstance(key[0], str) else key[0][0] for key in memo._current if isinstance(key, tuple) and key}
    assert {"numbered page", "year links", "list row", "interpretation entry", "decision entry"} <= kept
