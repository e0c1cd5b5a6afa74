"""The search index's postings, built block by block of pages (and under serve reused block by
block between rebuilds), are exactly every term's pages in order with their weights; serve's
kept index folder then holds the bytes a fresh index holds, and nothing else."""
import gzip
import json
import random
from pathlib import Path

import pytest

from gongkai import memo
from gongkai.search import index as search_index
from gongkai.search.index import IndexBuilder, PageInfo, prepared

INFO = PageInfo(kind="行政规范性文件")
# Few characters, so that terms repeat across pages and some postings get files of their own.
CHARACTERS = "廉江市人民政府关于印发规范性文件管理办法的通知听证会论证"


def _varint(data: bytes, position: int) -> tuple[int, int]:
    value, shift = 0, 0
    while True:
        byte = data[position]
        position += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, position
        shift += 7


def decoded(out: Path) -> dict[str, list[tuple[int, int]]]:
    """Every term's postings, read back from the files as the browser reads them."""
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    postings = {}
    for number in range(manifest["shards"]):
        path = out / "shards" / f"{number}.bin.gz"
        if not path.exists():
            continue
        data, position = gzip.decompress(path.read_bytes()), 0
        while position < len(data):
            length, position = _varint(data, position)
            term = data[position:position + length].decode("utf-8")
            count, position = _varint(data, position + length)
            separate = data[position]
            position += 1
            if separate:
                number_of_file, position = _varint(data, position)
                body, at = gzip.decompress((out / "long" / f"{number_of_file}.bin.gz").read_bytes()), 0
            else:
                body, at = data, position
            pages, doc = [], 0
            for _ in range(count):
                delta, at = _varint(body, at)
                doc += delta
                pages.append((doc, body[at]))
                at += 1
            if not separate:
                position = at
            postings[term] = pages
    return postings


def expected(pages: list[tuple[str, str, str]]) -> dict[str, list[tuple[int, int]]]:
    result: dict[str, list[tuple[int, int]]] = {}
    for doc_id, (url, title, text) in enumerate(pages):
        _, joined, weights = prepared(url, title, text, INFO)
        for term, weight in zip(joined.split("\x00"), weights):
            result.setdefault(term, []).append((doc_id, weight))
    return result


def random_pages(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    return [(f"documents/p{number:04d}/", "".join(rng.choices(CHARACTERS, k=8)),
             "".join(rng.choices(CHARACTERS, k=rng.randint(0, 300)))) for number in range(count)]


def build(out: Path, pages) -> None:
    builder = IndexBuilder(out)
    for url, title, text in pages:
        builder.add(url, title, text, INFO)
    builder.finish()


def files(out: Path) -> dict[str, bytes]:
    """Every file's content (serve compresses at another level: the bytes inside must be the same)."""
    return {p.relative_to(out).as_posix(): gzip.decompress(p.read_bytes()) if p.suffix == ".gz" else p.read_bytes()
            for p in out.rglob("*") if p.is_file()}


@pytest.fixture
def small_blocks(monkeypatch):
    monkeypatch.setattr(search_index, "BLOCK_END", 3)  # many blocks of a few pages
    monkeypatch.setattr(search_index, "GROUP_END", 9)  # in groups of a few blocks
    monkeypatch.setattr(search_index, "LONG_POSTINGS_BYTES", 64)  # and postings in files of their own


@pytest.mark.parametrize("seed", range(5))
def test_postings_are_every_terms_pages_in_order(tmp_path, small_blocks, seed):
    pages = random_pages(random.Random(seed), 150)
    build(tmp_path / "index", pages)
    assert decoded(tmp_path / "index") == expected(pages)
    assert any((tmp_path / "index" / "long").iterdir())


def test_serve_keeps_blocks_and_files_and_writes_what_a_fresh_index_holds(tmp_path, small_blocks, monkeypatch):
    rng = random.Random(7)
    pages = random_pages(rng, 120)
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    kept = tmp_path / "kept"
    build(kept, pages)
    edited = list(pages)
    edited[40] = (edited[40][0], edited[40][1], edited[40][2] + "新增的一句话")  # an edit
    del edited[90]  # a deletion: every later page's number moves
    edited.insert(10, ("documents/new/", "新文件", "关于听证的通知"))  # an addition
    for version in (edited, pages[:30]):  # and an index much smaller than the last one
        memo.next_build()
        build(kept, version)
        monkeypatch.setattr(memo, "_enabled", False)
        fresh = tmp_path / f"fresh-{len(version)}"
        build(fresh, version)
        monkeypatch.setattr(memo, "_enabled", True)
        assert files(kept) == files(fresh)
        assert decoded(kept) == expected(version)


def test_site_pages_lists_every_page_in_sorted_path_order(demo_site, tmp_path):
    """The index numbers pages in the order of sorted Paths; site_pages finds them with strings."""
    from gongkai.search.site import page_url, site_pages

    site = demo_site[0]
    expected = [(page_url(site, html), str(html)) for html in sorted(site.rglob("index.html"))]
    assert site_pages(site) == expected and len(expected) > 50
    assert [url for url, _ in site_pages(str(site) + "/")] == [url for url, _ in expected]  # however the folder is named
