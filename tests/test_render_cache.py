"""What the render keeps in a build's cache folder: each record's data file, taken back while the
record's public model is the same, and made again the moment it is not."""
import dataclasses
import functools

import pytest
from conftest import FIXED_TODAY, PROJECT

from gongkai import forked
from gongkai.kinds import DOCUMENT
from gongkai.pagecache.store import PageStore
from gongkai.pipeline import build_cache, check
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


def test_without_a_cache_folder_nothing_is_kept(records):
    assert source_files(records, IN_MEMORY, None) == fresh(records)
