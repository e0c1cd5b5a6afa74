"""What the render keeps in a build's cache folder: each record's data file, taken back while the
record's public model is the same, and each record page, taken back while the record and every
answer its render got are the same; either is made again the moment it is not."""
import dataclasses
import datetime as dt
import functools
import re

import pytest
from pydantic import BaseModel
from conftest import FIXED_TODAY, PROJECT

from gongkai import forked
from gongkai.kinds import DOCUMENT
from gongkai.model.introspect import json_bytes
from gongkai.pagecache.store import PageStore
from gongkai.pipeline import build_cache, check, render
from gongkai.render.kept import KeptRenders, _form_digest
from gongkai.render.source import public_digest, source_file, source_files
from gongkai.spool import IN_MEMORY
from gongkai.view import build_view


@pytest.fixture(scope="module")
def records():
    result = check(PROJECT / "catalog", "catalog", FIXED_TODAY)
    return list(build_view(result.catalog, FIXED_TODAY).records)


def cache_in(folder, build=None):
    store = PageStore(folder, build)
    return store, build_cache(store, "test environment", functools.partial(PageStore, folder, store.build))


def fresh(records) -> dict:
    return source_files(records, IN_MEMORY)


def test_files_taken_from_the_cache_are_the_files_made_without_it(tmp_path, records):
    store, cache = cache_in(tmp_path)
    assert source_files(records, IN_MEMORY, cache) == fresh(records)
    store.finish_build(True)
    later, cache = cache_in(tmp_path)
    assert source_files(records, IN_MEMORY, cache) == fresh(records)
    assert len(later) == len(records)  # one entry a record
    assert later.finish_build(True) == 0  # each still in use: the later build's connection marked it


def test_a_record_whose_public_model_changed_gets_its_file_made_again(tmp_path, records, monkeypatch):
    store, cache = cache_in(tmp_path)
    source_files(records, IN_MEMORY, cache)
    store.finish_build(True)
    first = next(record for record in records if record.kind is DOCUMENT)
    changed = dataclasses.replace(first, model=first.model.model_copy(update={"title": first.model.title + "（修订稿）"}))
    assert public_digest(changed) != public_digest(first)
    made = []
    monkeypatch.setattr("gongkai.render.source.source_file", lambda record: made.append(record) or source_file(record))
    later, cache = cache_in(tmp_path)
    files = source_files([changed if record is first else record for record in records], IN_MEMORY, cache)
    assert made == [changed]
    assert files == {**fresh(records), **fresh([changed])}
    assert "（修订稿）".encode() in fresh([changed]).popitem()[1]


def test_a_damaged_entry_is_made_again(tmp_path, records):
    store, cache = cache_in(tmp_path)
    source_files(records[:1], IN_MEMORY, cache)
    store.finish_build(True)
    later, cache = cache_in(tmp_path)
    from gongkai.render.source import _EMITTER
    later.put(cache.key("source file", _EMITTER, public_digest(records[0])), {"not": "bytes"})
    later.commit()
    assert source_files(records[:1], IN_MEMORY, cache) == fresh(records[:1])


def test_a_forked_child_keeps_what_it_made_for_the_next_build(tmp_path, records):
    store, cache = cache_in(tmp_path)
    with forked.child(lambda: source_files(records, IN_MEMORY, cache)) as made:
        assert made() == fresh(records)
    assert len(PageStore(tmp_path)) == len(records)  # written by the child's own connection


def test_a_models_json_bytes_are_the_utf8_of_its_model_dump_json(records):
    models = [model for record in records for model in (record.model, *_nested_models(record.model))]
    assert len({type(model) for model in models}) > 10 and any(not model.model_dump_json().isascii() for model in models)
    for model in models:
        assert json_bytes(model) == model.model_dump_json().encode("utf-8")


def test_an_empty_answer_hashes_as_any_other_answer_of_its_form(tmp_path):
    kept = KeptRenders(cache_in(tmp_path)[1])
    for empty, full in (([], ["x"]), ((), ("x",))):
        assert kept._digest(empty) == _form_digest(kept.form(empty)) and kept._digest(full) == _form_digest(kept.form(full))
    assert len({kept._digest(value) for value in ([], (), None, "", ["x"], ("x",))}) == 6


def _nested_models(model):
    for value in dict(model).values():
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, BaseModel):
                yield item
                yield from _nested_models(item)


def test_without_a_cache_folder_nothing_is_kept(records):
    assert source_files(records, IN_MEMORY, None) == fresh(records)


# The record pages (render/kept.py).


def rendered_site(catalog, today=FIXED_TODAY, cache=None):
    result = check(catalog, "catalog", today)
    return render(result.catalog, today, result.problems, cache=cache)


def page_texts(site) -> dict:
    return {path: text for path, text in site.pages.items()}


@pytest.fixture
def counted_pages(monkeypatch):
    """The documents whose page is rendered (not taken from the cache)."""
    import gongkai.render as render_package
    made = []
    original = render_package.document_page

    def counting(record, ctx):
        made.append(record.id)
        return original(record, ctx)
    monkeypatch.setattr(render_package, "document_page", counting)
    return made


def test_record_pages_taken_from_the_cache_are_the_pages_rendered_without_it(tmp_path, demo_copy, counted_pages):
    fresh_site = rendered_site(demo_copy)
    rendered_count = len(counted_pages)
    store, cache = cache_in(tmp_path / "cache")
    assert page_texts(rendered_site(demo_copy, cache=cache)) == page_texts(fresh_site)
    store.finish_build(True)
    del counted_pages[:]
    later, cache = cache_in(tmp_path / "cache")
    warm = rendered_site(demo_copy, cache=cache)
    assert page_texts(warm) == page_texts(fresh_site)
    assert warm.copies == fresh_site.copies and warm.copies  # the kept pages' attachments are published too
    assert counted_pages == [] and rendered_count > 10


def test_a_page_is_rendered_again_when_a_record_it_links_to_changed(tmp_path, demo_copy, counted_pages):
    store, cache = cache_in(tmp_path / "cache")
    rendered_site(demo_copy, cache=cache)
    store.finish_build(True)
    # It amends lfg-2019-01 and is amended by lfg-2023-01: both pages cite its title.
    amending = demo_copy / "documents" / "lfg-2021-01.md"
    text = amending.read_text(encoding="utf-8")
    amending.write_text(re.sub(r"^标题: (.*)$", r"标题: \1（修订稿）", text, count=1, flags=re.M), encoding="utf-8")
    del counted_pages[:]
    later, cache = cache_in(tmp_path / "cache")
    warm = rendered_site(demo_copy, cache=cache)
    assert sorted(set(counted_pages)) == ["lfg-2019-01", "lfg-2021-01", "lfg-2023-01"]
    del counted_pages[:]
    assert page_texts(warm) == page_texts(rendered_site(demo_copy))


def test_another_day_renders_again_the_pages_whose_answers_changed(tmp_path, demo_copy, counted_pages):
    expiring = demo_copy / "documents" / "lfbg-2022-02.md"
    text = expiring.read_text(encoding="utf-8")
    expiring.write_text(text.replace("有效期至: 2027-08-14", f"有效期至: {FIXED_TODAY.isoformat()}"), encoding="utf-8")
    store, cache = cache_in(tmp_path / "cache")
    rendered_site(demo_copy, cache=cache)
    store.finish_build(True)
    later_day = FIXED_TODAY + dt.timedelta(days=1)
    del counted_pages[:]
    later, cache = cache_in(tmp_path / "cache")
    warm = rendered_site(demo_copy, later_day, cache=cache)
    assert "lfbg-2022-02" in counted_pages  # 已失效 from this day on
    del counted_pages[:]
    assert page_texts(warm) == page_texts(rendered_site(demo_copy, later_day))


def test_a_kept_page_is_not_taken_for_an_attachment_that_changed(tmp_path, demo_copy, counted_pages):
    store, cache = cache_in(tmp_path / "cache")
    first = rendered_site(demo_copy, cache=cache)
    store.finish_build(True)
    published, info = next((path, info) for path, info in first.copies.items() if path.startswith("files/documents/"))
    (demo_copy / "files" / info.path).write_bytes(b"%PDF-1.4 another file")
    del counted_pages[:]
    later, cache = cache_in(tmp_path / "cache")
    warm = rendered_site(demo_copy, cache=cache)
    assert info.path.split("/")[1] in counted_pages
    del counted_pages[:]
    fresh_site = rendered_site(demo_copy)
    assert page_texts(warm) == page_texts(fresh_site) and warm.copies[published].sha256 == fresh_site.copies[published].sha256


def test_a_damaged_or_foreign_kept_page_is_rendered_again(tmp_path, demo_copy, counted_pages):
    store, cache = cache_in(tmp_path / "cache")
    fresh_site = rendered_site(demo_copy, cache=cache)
    every_document = sorted(counted_pages)
    store.finish_build(True)
    damaged = 0
    for (key,) in store._db.execute("SELECT key FROM entries").fetchall():
        entry = store.get(key)
        if isinstance(entry, dict) and "asked" in entry and "text" in entry:
            damaged += 1
            if damaged % 3 == 0:  # a question of another shape
                entry["asked"] = [["view", "call", "__class__", None, "x"]] + entry["asked"]
            elif damaged % 3 == 1:  # an attachment outside the checked files
                entry["copies"] = ["../../../etc/passwd"]
            else:
                entry["text"] = None
            store.put(key, entry)
    store.commit()
    assert damaged > 10
    del counted_pages[:]
    later, cache = cache_in(tmp_path / "cache")
    warm = rendered_site(demo_copy, cache=cache)
    assert page_texts(warm) == page_texts(fresh_site) and warm.copies == fresh_site.copies
    assert sorted(counted_pages) == every_document  # none of them taken


def test_with_a_cache_folder_the_records_data_files_are_shared_between_the_two_cores(tmp_path, demo_copy, monkeypatch):
    """The child makes the first records' data files, this process the last ones' (with the hashes its
    kept pages hold) once its pages are made: cold and warm, the files of a render on one core, in the
    same order."""
    import gongkai.render as render_package

    monkeypatch.setattr(render_package, "FORK_FROM_RECORDS", 1)
    monkeypatch.setattr(render_package, "SOURCES_RUN", 2)
    made_here: list[tuple[list, bool]] = []
    original = render_package.source_files

    def counting(records, keeper, cache=None, shared=None):
        records = list(records)
        made_here.append((records, shared is not None))  # (the child's calls stay in the child)
        return original(records, keeper, cache, shared)
    monkeypatch.setattr(render_package, "source_files", counting)
    result = check(demo_copy, "catalog", FIXED_TODAY)
    alone = render(result.catalog, FIXED_TODAY, result.problems)
    public = list(build_view(result.catalog, FIXED_TODAY).records)
    for _ in range(2):  # cold, then warm
        store, cache = cache_in(tmp_path / "cache")
        made_here.clear()
        shared = render(result.catalog, FIXED_TODAY, result.problems, second_core=True, cache=cache)
        store.finish_build(True)
        assert (shared.pages, shared.files, shared.copies) == (alone.pages, alone.files, alone.copies)
        assert list(shared.files) == list(alone.files)
        [(here, with_kept_hashes)] = made_here
        names = [(record.kind.key, record.id) for record in public]
        assert with_kept_hashes and sorted(((r.kind.key, r.id) for r in here), key=names.index) == names[len(names) - len(here):]  # the end of the list
