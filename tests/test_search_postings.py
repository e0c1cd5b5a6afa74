"""The search index's postings, built block by block of pages (and under serve reused block by
block between rebuilds), are exactly every term's pages in order with their weights; serve's
kept index folder then holds the bytes a fresh index holds, and nothing else."""
import gzip
import json
import random
import shutil
from itertools import accumulate
from pathlib import Path

import pytest

from gongkai import memo
from gongkai.search import index as search_index
from gongkai.search.extract import extract
from gongkai.inplace import overwrite
from gongkai.search.index import IndexBuilder, PageInfo, prepared, read_varint

INFO = PageInfo(kind="行政规范性文件")
# Few characters, so that terms repeat across pages and some postings get files of their own.
CHARACTERS = "廉江市人民政府关于印发规范性文件管理办法的通知听证会论证"


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
            length, position = read_varint(data, position)
            term = data[position:position + length].decode("utf-8")
            count, position = read_varint(data, position + length)
            separate = data[position]
            position += 1
            if separate:
                number_of_file, position = read_varint(data, position)
                body, at = gzip.decompress((out / "long" / f"{number_of_file}.bin.gz").read_bytes()), 0
            else:
                body, at = data, position
            pages, doc = [], 0
            for _ in range(count):
                delta, at = read_varint(body, at)
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
    monkeypatch.setattr(search_index, "SPAN_END", 27)  # and spans of a few groups (serve)
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


def test_serve_splices_an_edited_pages_group_and_span_and_merges_again_only_those_of_a_removed_page(tmp_path, small_blocks, monkeypatch):
    pages = random_pages(random.Random(11), 200)
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    merges: list = []
    real = search_index._merged
    monkeypatch.setattr(search_index, "_merged", lambda parts: (merges.append(len(parts)), real(parts))[1])
    build(tmp_path / "kept", pages)
    first = len(merges)
    edited = list(pages)
    edited[100] = (edited[100][0], edited[100][1], edited[100][2] + "新增的一句话")
    memo.next_build()
    merges.clear()
    build(tmp_path / "kept", edited)
    assert first > 10 and merges == []  # its group and its span are the last ones with its block spliced in
    assert decoded(tmp_path / "kept") == expected(edited)
    edited[20] = (edited[20][0], edited[20][1] + "听证", edited[20][2])  # a page whose group the last rebuild left as it was
    memo.next_build()
    build(tmp_path / "kept", edited)
    assert merges == []
    assert decoded(tmp_path / "kept") == expected(edited)
    memo.next_build()
    build(tmp_path / "kept", edited[:100] + edited[101:])
    assert len(merges) == 2  # a block one page shorter: its group's blocks, then its span's groups
    assert decoded(tmp_path / "kept") == expected(edited[:100] + edited[101:])


@pytest.mark.parametrize("seed", range(8))
def test_serve_rebuilds_after_random_saves_write_what_a_fresh_index_writes(tmp_path, small_blocks, monkeypatch, seed):
    """Edits (most saves), deletions and additions, one to three pages a save over ten rebuilds: each
    rebuild's groups and spans spliced from the last ones or merged again, the index holds exactly a
    fresh index's bytes."""
    chance = random.Random(seed)
    pages = random_pages(chance, 120)
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    spliced = []
    real = search_index._spliced
    monkeypatch.setattr(search_index, "_spliced", lambda group, changes, *noted: (spliced.append(len(changes)), real(group, changes, *noted))[1])
    build(tmp_path / "kept", pages)
    for save in range(10):
        for _ in range(chance.randint(1, 3)):
            at, roll = chance.randrange(len(pages)), chance.random()
            url, title, text = pages[at]
            if roll < 0.7:
                pages[at] = (url, title + chance.choice(CHARACTERS), text[:chance.randint(0, len(text))] + "".join(chance.choices(CHARACTERS, k=5)))
            elif roll < 0.85:
                del pages[at]
            else:
                pages.insert(at, (f"documents/added-{save}-{at}/", "".join(chance.choices(CHARACTERS, k=6)), "".join(chance.choices(CHARACTERS, k=80))))
        pages.sort()
        memo.next_build()
        build(tmp_path / "kept", pages)
        monkeypatch.setattr(memo, "_enabled", False)
        shutil.rmtree(tmp_path / "fresh", ignore_errors=True)
        build(tmp_path / "fresh", pages)
        monkeypatch.setattr(memo, "_enabled", True)
        assert files(tmp_path / "kept") == files(tmp_path / "fresh")
    assert spliced  # (some saves spliced groups in)


def test_site_pages_lists_every_page_in_sorted_path_order(demo_site, tmp_path):
    """The index numbers pages in the order of sorted Paths; site_pages finds them with strings."""
    from gongkai.search.site import page_url, site_pages

    site = demo_site[0]
    expected = [(page_url(site, html), str(html)) for html in sorted(site.rglob("index.html"))]
    assert site_pages(site) == expected and len(expected) > 50
    assert [url for url, _ in site_pages(str(site) + "/")] == [url for url, _ in expected]  # however the folder is named


def test_serve_lists_the_same_pages_from_the_files_it_knows(demo_site):
    """serve takes the site's pages from its list of outputs instead of walking the folder: the same
    list, in the same order, whatever order the outputs come in."""
    import random

    from gongkai.search.site import known_site_pages, site_pages

    site = demo_site[0]
    outputs = [path.relative_to(site).as_posix() for path in site.rglob("*") if path.is_file()]
    random.Random(7).shuffle(outputs)
    assert any(output.endswith("index.html.gz") or not output.endswith(".html") for output in outputs)
    assert known_site_pages(site, outputs) == site_pages(site)
    assert known_site_pages(str(site) + "/", outputs) == site_pages(site)


class CountingKeeper:
    """A cache folder's store (PageStore, here in memory), counting the blocks of postings, the groups
    of blocks merged and the compressions put and found."""

    def __init__(self) -> None:
        from gongkai.pagecache.store import PageStore

        self.store = PageStore(None)
        self.puts = self.hits = self.compressions_put = self.compressions_found = self.groups_put = self.groups_found = 0

    def get(self, key: str):
        value = self.store.get(key)
        if value is not None:
            if key.startswith("gzip "):
                self.compressions_found += 1
            elif key.startswith(search_index.GROUP_KEY):
                self.groups_found += 1
            else:
                self.hits += 1
        return value

    def prefetch(self, keys) -> None:
        self.store.prefetch(keys)

    def put(self, key: str, value) -> None:
        if key.startswith("gzip "):
            self.compressions_put += 1
        elif key.startswith(search_index.GROUP_KEY):
            self.groups_put += 1
        else:
            self.puts += 1
        self.store.put(key, value)

    def keys(self) -> list[str]:
        self.store.commit()
        return [key for (key,) in self.store._db.execute("SELECT key FROM entries")]


def _site_index(site: Path, **options) -> dict[str, bytes]:
    from gongkai.search.site import INDEX_DIR, build_site_index

    build_site_index(site, **options)
    folder = site / INDEX_DIR
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def test_a_build_with_a_cache_folder_takes_the_blocks_of_unchanged_pages_and_writes_a_fresh_index(demo_site, tmp_path, small_blocks, monkeypatch):
    from gongkai.search import site as search_site

    site = tmp_path / "site"
    shutil.copytree(demo_site[0], site)
    fresh = _site_index(site)
    blocks = len(search_site._blocks([(url, html) for url, html in search_site.site_pages(site)
                                      if not (url in search_site.NOT_INDEXED or url.startswith(search_site.STAFF_PAGES))]))
    assert blocks > 10

    # Page by page, as IndexBuilder.add makes it: the blocks change no byte.
    by_page = IndexBuilder(tmp_path / "by-page")
    infos = {url: PageInfo.from_json(data) for url, data in json.loads((site / search_site.PAGES_FILE).read_text(encoding="utf-8")).items()}
    for url, html in search_site.site_pages(site):
        page = search_site._read_text(html, extract)
        if page is not None and not (url in search_site.NOT_INDEXED or url.startswith(search_site.STAFF_PAGES)):
            by_page.add(url, page.title, page.text, infos.get(url, search_site.OTHER_PAGE))
    by_page.finish()
    assert {p.relative_to(tmp_path / "by-page").as_posix(): p.read_bytes() for p in (tmp_path / "by-page").rglob("*") if p.is_file()} == fresh

    keeper = CountingKeeper()
    assert _site_index(site, keeper=keeper, environment="code 1") == fresh
    assert (keeper.puts, keeper.hits) == (blocks, 0)
    compressions, files = keeper.compressions_put, keeper.compressions_put + keeper.compressions_found  # (equal files: one)
    assert compressions > 10
    groups = keeper.groups_put
    assert 3 < groups < blocks and keeper.groups_found == 0
    assert _site_index(site, keeper=keeper, environment="code 1") == fresh
    assert (keeper.puts, keeper.hits) == (blocks, blocks)  # nothing made again
    assert (keeper.groups_put, keeper.groups_found) == (groups, groups)  # nor merged again
    assert (keeper.compressions_put, keeper.compressions_put + keeper.compressions_found) == (compressions, 2 * files)

    # One page edited: its block alone is made again, and the index is the one a fresh build writes.
    edited = site / "documents" / "lfg-2021-01" / "index.html"
    edited.write_text(edited.read_text(encoding="utf-8").replace("</article>", "<p>新增的一段话：听证会笔录</p></article>", 1), encoding="utf-8")
    fresh_after_edit = _site_index(site)
    assert fresh_after_edit != fresh
    extracted: list[str] = []
    merges: list[int] = []
    merged = search_index._merged
    monkeypatch.setattr(search_index, "_merged", lambda blocks: merges.append(len(blocks)) or merged(blocks))
    edited_block = next(block for block in search_site._blocks(search_site.site_pages(site)) if ("documents/lfg-2021-01/", str(edited)) in block)
    assert len(edited_block) > 1  # (else this would not show its other pages taken)
    assert _site_index(site, keeper=keeper, environment="code 1", extract_text=lambda html: extracted.append(html) or extract(html)) == fresh_after_edit
    assert (keeper.puts, keeper.hits) == (blocks + 1, 2 * blocks)  # (the edited block as the last build made it: found too)
    assert len(extracted) == 1  # the edited page alone read again: the block's other pages taken from the kept one
    # Its group alone made again: the last build's group with the block replaced, not merged from its blocks.
    assert (keeper.groups_put, keeper.groups_found) == (groups + 1, 2 * groups)
    assert merges == []
    assert 0 < keeper.compressions_put - compressions < compressions / 2  # the shards of the new terms

    # Other code: nothing is taken. A damaged cache: every block is made again, nothing goes wrong.
    assert _site_index(site, keeper=keeper, environment="code 2") == fresh_after_edit
    assert keeper.puts == 2 * blocks + 1
    damaged_blocks = 0
    for key in keeper.keys():
        data = keeper.store.get(key)
        if key.startswith("gzip "):  # a compression: another shard's bytes
            keeper.store.put(key, gzip.compress(b"another shard", mtime=0))
        elif key.startswith(search_index.GROUP_KEY):  # a group naming a page beyond its own: merged again
            group = search_index.block_from_bytes(data)
            assert group is not None
            group.lasts[-1] = 10_000
            keeper.store.put(key, search_index.block_bytes(group))
        else:
            head = json.loads(data[4:4 + int.from_bytes(data[:4], "big")])
            made = search_site.Made.from_bytes(data, len(head["pages"]))
            assert made is not None and made.block() is not None
            damaged_blocks += 1
            if damaged_blocks % 2:  # a page the block does not have: the block is made again
                keeper.store.put(key, search_site.Made(made.texted + [10_000], made.documents + [b"{}"], made.block(), pages=made.pages).to_bytes())
            else:  # postings naming a page it does not have: its documents are taken, its postings made again
                postings = made.block()
                assert postings is not None
                postings.lasts[-1] = len(made.documents)
                keeper.store.put(key, search_site.Made(made.texted, made.documents, None, search_index.block_bytes(postings), made.pages).to_bytes())
    puts, compressions_put = keeper.puts, keeper.compressions_put
    groups_put = keeper.groups_put
    assert _site_index(site, keeper=keeper, environment="code 2") == fresh_after_edit
    # Made again: the blocks naming a page they do not have; those with damaged postings only kept their documents.
    assert puts < keeper.puts < puts + blocks
    assert keeper.groups_put == groups_put + groups
    assert keeper.compressions_put == compressions_put + compressions  # each compressed again


@pytest.mark.parametrize("seed", range(3))
def test_a_group_kept_as_bytes_reads_back_as_itself_and_a_damaged_one_not_at_all(seed):
    pages = random_pages(random.Random(seed), 40)
    block = search_index._block([prepared(url, title, text, INFO)[1:] for url, title, text in pages])
    data = search_index.block_bytes(block)
    assert search_index.block_from_bytes(data) == block
    assert search_index.block_from_bytes(search_index.block_bytes(search_index._packed({}))) == search_index._packed({})
    tag = len(b"postings 1\n")
    terms_at = tag + 8
    numbers_at = terms_at + int.from_bytes(data[tag + 4:terms_at], "little")
    count = len(block.firsts)
    damaged = [
        data[:-1],  # postings cut short
        data + b"\0",  # a byte more than its postings
        b"postings 0\n" + data[tag:],  # another layout
        data[:tag] + (count + 1).to_bytes(4, "little") + data[tag + 4:],  # a term more than it holds
        data[:tag] + (2 ** 32 - 1).to_bytes(4, "little") + data[tag + 4:],  # a count beyond its bytes
        data[:terms_at] + b"\xff" + data[terms_at + 1:],  # terms not UTF-8
        data[:terms_at] + data[terms_at:numbers_at].replace(b"\0", b"a", 1) + data[numbers_at:],  # a term fewer, at the same size
        data[:numbers_at + 12 * count] + (2 ** 32 - 1).to_bytes(4, "little") + data[numbers_at + 12 * count + 4:],  # a size beyond
        b'{"terms":"a","firsts":[0],"lasts":[0],"counts":[1]}',  # the JSON form of earlier builds
        {"terms": block.terms},  # not bytes
        None,
        b"",
    ]
    assert [search_index.block_from_bytes(each) for each in damaged] == [None] * len(damaged)


@pytest.mark.parametrize("seed", range(6))
def test_a_blocks_pages_read_back_from_its_postings_make_the_same_postings(seed):
    rng = random.Random(seed)
    pages = [prepared(url, title, text, INFO)[1:] for url, title, text in random_pages(rng, rng.randint(1, 40))]
    block = search_index._block(pages)
    read = search_index.block_pages(block, len(pages))
    assert read is not None and len(read) == len(pages)
    for (joined, weights), (read_joined, read_weights) in zip(pages, read):
        as_made = dict(zip(joined.split("\x00"), weights)) if joined else {}
        assert (dict(zip(read_joined.split("\x00"), read_weights)) if read_joined else {}) == as_made
    again = search_index._block(read)
    assert search_index._merged([(again, len(pages))]) == search_index._merged([(block, len(pages))]) or _postings_of(again) == _postings_of(block)
    assert search_index.block_pages(block, len(pages) - 1) is None or max(block.lasts) < len(pages) - 1  # a page beyond the block
    if block.rests and any(block.rests):
        cut = search_index.Block(block.terms, block.firsts, block.first_weights, [rest[:-1] for rest in block.rests],
                                 block.lasts, block.counts)
        assert search_index.block_pages(cut, len(pages)) is None  # postings cut short


@pytest.mark.parametrize("seed", range(12))
def test_a_group_with_blocks_replaced_holds_the_postings_of_one_merged_from_its_blocks(seed):
    rng = random.Random(seed)
    sizes = [rng.randint(1, 6) for _ in range(rng.randint(1, 6))]
    pages = random_pages(rng, sum(sizes))
    blocks, at = [], 0
    for size in sizes:
        blocks.append([prepared(url, title, text, INFO)[1:] for url, title, text in pages[at:at + size]])
        at += size
    group = search_index._merged([(search_index._block(block), len(block)) for block in blocks])
    changes, new_blocks, start = [], [], 0
    for size, block in zip(sizes, blocks):
        if rng.random() < 0.5:  # pages of the block edited: a title, a text, or both
            new = [prepared(f"documents/e{start + n}/", "".join(rng.choices(CHARACTERS, k=rng.choice((0, 8)))),
                            "".join(rng.choices(CHARACTERS, k=rng.randint(0, 200))), INFO)[1:] if rng.random() < 0.5 else page
                   for n, page in enumerate(block)]
            changes.append((start, size, search_index._block(block), search_index._block(new)))
            block = new
        new_blocks.append(block)
        start += size
    spliced = search_index._spliced(group, changes)
    assert spliced is not None
    assert _postings_of(spliced) == _postings_of(search_index._merged([(search_index._block(block), len(block)) for block in new_blocks]))
    for start, size, before, after in changes:
        if _postings_of(before) != _postings_of(after):  # the group does not hold the block named as its earlier one
            assert search_index._spliced(group, [(start, size, after, before)]) is None


@pytest.mark.parametrize("seed", range(8))
def test_a_terms_postings_read_as_columns_and_written_back_are_what_a_block_holds(seed):
    """A splice reads a term's postings as pages and weights and writes them back: as a block encodes
    them, whether every page follows the one before within a byte (even seeds) or some do not."""
    rng = random.Random(seed)
    gaps = [rng.choice((1, 2, 5, 127) if seed % 2 == 0 else (1, 128, 300, 20000)) for _ in range(rng.randint(0, 300))]
    pages = list(accumulate(gaps, initial=rng.randint(0, 200)))
    weights = bytes(rng.randrange(256) for _ in pages)
    chosen = dict(zip(pages, weights))
    block = search_index._block([("甲", bytes((chosen[page],))) if page in chosen else ("", b"") for page in range(pages[-1] + 1)])
    entry = search_index._entries(block)["甲"]
    first, weight, rest, last, count = search_index._entry_of(pages, weights)
    assert (first, weight, bytes(rest), last, count) == entry
    assert search_index._postings_columns(entry) == (pages, weights)
    if rest:
        with pytest.raises(IndexError):  # cut short (a damaged cache folder)
            search_index._postings_columns((first, weight, rest[:-1], last, count))


def _postings_of(block) -> dict:
    """Each term's postings as encoded, whatever order the block holds its terms in."""
    return {term: (first, weight, rest, last, count) for term, first, weight, rest, last, count
            in zip(block.terms.split("\x00"), block.firsts, block.first_weights, block.rests, block.lasts, block.counts)}


def test_a_block_made_again_takes_its_unchanged_pages_from_the_earlier_one_unless_that_is_damaged(tmp_path):
    from gongkai.search import site as search_site
    pages = random_pages(random.Random(3), 6)
    files = []
    for number, (url, title, text) in enumerate(pages):
        html = tmp_path / f"{number}.html"
        html.write_text(f"<article><h1>{title}</h1><p>{text}</p></article>" if number != 2 else "<p>没有正文</p>", encoding="utf-8")
        files.append((url, str(html)))
    digests = tuple(f"page {number}" for number in range(len(files)))
    extracted: list[str] = []

    def counting(html: str):
        extracted.append(html)
        return extract(html)

    first = search_site._made(search_site.Job(files, digests), {}, counting)
    assert (len(extracted), first.texted) == (6, [0, 1, 3, 4, 5])
    changed = digests[:4] + ("page 4 edited",) + digests[5:]
    again = search_site._made(search_site.Job(files, changed, search_site.Made.from_bytes(first.to_bytes(), 6)), {}, counting)
    assert len(extracted) == 7  # the changed page alone (the page without text known as such)
    assert (again.texted, again.documents, again.pages) == (first.texted, first.documents, changed)
    assert _postings_of(again.postings) == _postings_of(first.postings)
    postings = search_index.block_from_bytes(search_index.block_bytes(first.postings))
    assert postings is not None
    postings.lasts[-1] = len(first.documents)  # a page the block does not have
    damaged = search_site.Made(first.texted, first.documents, None, search_index.block_bytes(postings), digests)
    from_damaged = search_site._made(search_site.Job(files, changed, damaged), {}, counting)
    assert len(extracted) == 7 + 6  # every page read again
    assert _postings_of(from_damaged.postings) == _postings_of(first.postings)


@pytest.mark.parametrize("seed", range(3))
def test_a_block_kept_as_bytes_reads_back_as_itself_and_a_damaged_one_not_at_all(seed):
    from gongkai.search import site as search_site
    pages = random_pages(random.Random(seed), 40)
    prepared_pages = [prepared(url, title, text, INFO) for url, title, text in pages]
    texted = sorted(random.Random(seed).sample(range(60), 40))
    made = search_site.Made(texted, [page[0] for page in prepared_pages], search_index._block([page[1:] for page in prepared_pages]),
                            pages=tuple(f"page {number}" for number in range(60)))
    data = made.to_bytes()
    kept = search_site.Made.from_bytes(data, 60)
    assert kept is not None and (kept.texted, kept.documents, kept.block()) == (made.texted, made.documents, made.postings)
    assert kept.postings is None  # read only when asked for (block())
    assert search_site.Made.from_bytes(kept.to_bytes(), 60) == kept
    head_size = int.from_bytes(data[:4], "big")
    # Postings naming a page the block does not have, or not postings at all: the block is read, its postings not.
    beyond = search_index.block_from_bytes(search_index.block_bytes(made.postings))
    assert beyond is not None
    beyond.lasts[-1] = len(made.documents)
    for encoded in (search_index.block_bytes(beyond), search_index.block_bytes(made.postings)[:-1], b'{"terms": 7}'):
        broken = search_site.Made(made.texted, made.documents, None, encoded)
        read = search_site.Made.from_bytes(broken.to_bytes(), 60)
        assert read is not None and read.documents == made.documents and read.block() is None
    assert search_site.Made(made.texted, made.documents, None, b"not postings").block() is None
    damaged = [
        data[:-1],  # a document cut short
        data + b"x",  # a byte no document holds
        (head_size + 1).to_bytes(4, "big") + data[4:],  # the head's length wrong
        data[:4] + data[4:4 + head_size].replace(b'"texted":[', b'"texted":[-1,', 1) + data[4 + head_size:],
        b"",
        {"texted": texted},  # not bytes
        data[:4] + data[4:4 + head_size].replace(b'"pages":["page 0",', b'"pages":[', 1) + data[4 + head_size:],  # a page short
    ]
    assert search_site.Made.from_bytes(data, texted[-1]) is None  # more pages than the block has
    assert [search_site.Made.from_bytes(each, 60) for each in damaged] == [None] * len(damaged)


def _documents_folder(out: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((out / "docs").iterdir())}


def _index_of(out: Path, pages: list[int]) -> None:
    builder = IndexBuilder(out)
    for page in pages:
        builder.add(f"documents/p{page:03d}/", f"示例数据 {page}", f"第 {page} 件示例文件的正文", INFO)
    builder.finish()


@pytest.mark.parametrize("seed", range(12))
def test_serve_moves_renumbered_document_files_and_leaves_what_a_fresh_index_writes(tmp_path, monkeypatch, seed):
    """Pages removed and added between rebuilds renumber the later pages' document files: serve moves
    each kept file to its new number instead of writing it again, in an order that never overwrites a
    file still to be moved, and the folder holds exactly the files a fresh index writes."""
    import os

    chance = random.Random(seed)
    monkeypatch.setattr(memo, "_enabled", True)
    monkeypatch.setattr(memo, "_current", {})
    monkeypatch.setattr(memo, "_previous", {})
    moved = []
    replace = os.replace
    monkeypatch.setattr(os, "replace", lambda source, target: (moved.append(target), replace(source, target)))
    kept, pages = tmp_path / "kept", sorted(chance.sample(range(200), 60))
    for _ in range(4):
        memo.next_build()
        built = pages
        _index_of(kept, pages)
        fresh = tmp_path / f"fresh-{len(list(tmp_path.glob('fresh-*')))}"
        monkeypatch.setattr(memo, "_enabled", False)
        _index_of(fresh, pages)
        monkeypatch.setattr(memo, "_enabled", True)
        assert _documents_folder(kept) == _documents_folder(fresh)
        pages = sorted(set(chance.sample(pages, len(pages) - chance.randint(1, 5))) | set(chance.sample(range(200), chance.randint(0, 5))))
    assert moved  # pages removed and added renumbered later files: some were moved
    memo.next_build()
    moved.clear()
    _index_of(kept, built[1:])  # the first page removed: every other file moves down by one
    assert len(moved) == len(built) - 1
    memo.next_build()
    moved.clear()
    _index_of(kept, built)  # and added back: every file moves up by one, the last one first
    assert len(moved) == len(built) - 1
    assert _documents_folder(kept) == _documents_folder(tmp_path / "fresh-3")


def test_moves_that_would_swap_two_files_are_not_made():
    from gongkai.search.index import renumbered

    a, b, c = b"a", b"b", b"c"
    assert renumbered([a, b, c], [b, c]) == {0: 1, 1: 2}
    assert renumbered([a, b], [c, a, b]) == {1: 0, 2: 1}
    assert renumbered([a, b, c], [b, a, c]) == {}  # a swap: both written again
    assert renumbered([a, b], [b"a", b]) == {}  # equal bytes, another object: not known to be that file


def test_a_file_overwritten_in_place_holds_exactly_the_new_bytes(tmp_path):
    name = str(tmp_path / "shard.bin.gz")
    for data in (b"x" * 5000, b"short", b"", b"y" * 70000, bytes(range(256)) * 3):
        overwrite(name, data)
        assert (tmp_path / "shard.bin.gz").read_bytes() == data
