"""Build the static search index.

Layout written under <site>/search/ (all .gz files are gzip; the client
decompresses them itself, so any static host works):

  manifest.json         version, counts, shard count, the value tables below
  meta.json.gz          per document: catalog kind, year, date, status, unit
                        (column arrays of small integers: filters and date sort
                        without fetching any document)
  shards/<n>.bin.gz     postings of the terms that hash to shard n
  long/<n>.bin.gz       the postings of one frequent term, kept out of its shard
  docs/<id>.json.gz     one document: URL, title, text, labels (fetched only for
                        results on screen: to confirm the match and show an excerpt)

A shard is a sequence of entries: varint(term byte length), UTF-8 term,
varint(posting count), then either 0 and the postings inline, or 1 and
varint(n) naming long/<n>.bin.gz. Postings are, per document, varint(doc id
delta) and one weight byte (term frequency capped at 127, +128 when the term
is in the title or 文号). Terms go to shard fnv1a32(UTF-8 term) mod shard count.

Frequent terms live in files of their own so that a query fetches them only
when its rarer terms have not already narrowed the candidates (every
candidate is confirmed against its text anyway): a query like
廉府规〔2021〕1号 then costs its rare pairs, not the postings of 20 and 1号.
"""
from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import os
import json
import shutil
import sys
import zlib
from array import array
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from itertools import accumulate, chain
from operator import sub
from pathlib import Path
from typing import Callable, Iterable, Optional

from .. import memo
from ..cachestore import CacheStore, digest
from ..inplace import overwrite
from .normalize import DOCNO_CORE, normalize, terms

FORMAT_VERSION = 1
TARGET_SHARD_BYTES = 6 * 1024  # raw; about 3 KB once gzipped: a query fetches one shard per character pair
LONG_POSTINGS_BYTES = 2 * 1024  # raw postings above this get a file of their own
MAX_SHARDS = 1 << 16
EPOCH = dt.date(1970, 1, 1)


def fnv1a32(data: bytes) -> int:
    value = 0x811C9DC5
    for byte in data:
        value ^= byte
        value = (value * 0x01000193) & 0xFFFFFFFF
    return value


def _varint(value: int, out: bytearray) -> None:
    while value >= 0x80:
        out.append((value & 0x7F) | 0x80)
        value >>= 7
    out.append(value)


@dataclass(frozen=True)
class PageInfo:
    """What a result shows besides its title: labels used for filters too."""

    kind: str  # e.g. 行政规范性文件, or 栏目页面 for listings
    date: Optional[dt.date] = None
    status: Optional[str] = None
    unit: Optional[str] = None
    code: Optional[str] = None  # the 文号: ranks like the title, shown with the result

    def to_json(self) -> dict:
        return {"kind": self.kind, "date": self.date.isoformat() if self.date else None,
                "status": self.status, "unit": self.unit, "code": self.code}

    @classmethod
    def from_json(cls, data: dict) -> "PageInfo":
        date = dt.date.fromisoformat(data["date"]) if data.get("date") else None
        return cls(data["kind"], date, data.get("status"), data.get("unit"), data.get("code"))


class _Values:
    """Strings stored once in the manifest and referred to by index."""

    def __init__(self) -> None:
        self.items: list[str] = []
        self.index: dict[str, int] = {}

    def id(self, value: Optional[str]) -> int:
        if value is None:
            return -1
        if value not in self.index:
            self.index[value] = len(self.items)
            self.items.append(value)
        return self.index[value]


# A page whose URL hash is 0 modulo this ends a block (about 16 pages a block). A changed page's block is
# made again from all its pages: with 64 pages a block, the 5 pages one title edit changes at 10,000
# records cost a warm build 1.1 s of text extraction; with 16 the edit's warm build took about as long as
# one with nothing changed (13.8-15.6 s against 13.7-14.6 s, with py-spy attached).
BLOCK_END = 16
GROUP_END = BLOCK_END * 16  # ... and modulo this a group of blocks (about 16 blocks a group)
# ... and modulo this a span of groups (about 8 groups a span), which serve keeps too: an edit then
# merges its block's group, that group's span and the spans (6 at 10,000 records), not every group (48).
SPAN_END = GROUP_END * 8


GROUP_KEY = "postings group "  # a group's postings in a cache folder: this and a hash of its blocks' keys


# Content-defined boundaries: a page added or removed changes only its own block and group. (Where the
# blocks end changes no byte of the index: the postings are merged as a page-by-page append makes them.)
def ends_block(url: str) -> bool:
    return fnv1a32(url.encode("utf-8")) % BLOCK_END == 0


def ends_group(url: str) -> bool:
    return fnv1a32(url.encode("utf-8")) % GROUP_END == 0


def ends_span(url: str) -> bool:
    return fnv1a32(url.encode("utf-8")) % SPAN_END == 0


@dataclass(frozen=True)
class Block:
    """The postings of consecutive pages, with ids counted from the block's first page: per term
    (in `terms`, NUL-joined) its first page and weight, the encoding of its later postings, its
    last page and its count. Terms of one page are in the block's order of first sight."""

    terms: str
    firsts: list
    first_weights: bytes
    rests: list
    lasts: list
    counts: list


def _block(pages: list[tuple[str, bytes]]) -> Block:
    found: dict[str, list] = {}  # term -> [first, first weight, later postings, last, count]
    for local, (joined, weights) in enumerate(pages):
        for term, weight in zip(joined.split("\x00"), weights):
            entry = found.get(term)
            if entry is None:
                found[term] = [local, weight, bytearray(), local, 1]
                continue
            data = entry[2]
            delta = local - entry[3]
            if delta < 0x80:
                data.append(delta)
            else:
                _varint(delta, data)
            data.append(weight)
            entry[3] = local
            entry[4] += 1
    return _packed(found)


def _packed(found: dict[str, list]) -> Block:
    """term -> [first page, first weight, later postings, last page, count] as a compact block."""
    entries = found.values()
    return Block("\x00".join(found), [e[0] for e in entries], bytes(e[1] for e in entries),
                 [bytes(e[2]) for e in entries], [e[3] for e in entries], [e[4] for e in entries])


def block_pages(block: Block, pages: int) -> Optional[list[tuple[str, bytes]]]:
    """The block's pages as _block took them, each its terms (NUL-joined) and their weights, or None when
    its postings name a page beyond `pages`. A term's place in its page's list may differ from the one
    prepared() gave it: no byte of the index depends on it (its postings are in page order, its shard
    and file follow the sorted terms), so a block made again from these is the same index."""
    terms: list[list[str]] = [[] for _ in range(pages)]
    weights: list[bytearray] = [bytearray() for _ in range(pages)]
    try:
        for term, entry in _entries(block).items():
            for page, weight in zip(*_postings_columns(entry)):
                terms[page].append(term)
                weights[page].append(weight)
    except IndexError:  # a page beyond the block, or postings cut short: a damaged cache
        return None
    return [("\x00".join(each), bytes(weight)) for each, weight in zip(terms, weights)]


# A block's or a group's postings in a cache folder (block_bytes): this tag, the term count and the terms' size (32 bits each,
# little-endian), the terms, four columns of 32-bit numbers (first page, last page, count, size of the later
# postings), the first weights, the later postings.
_PACKED_TAG = b"postings 1\n"
_UINT32 = next(code for code in "IL" if array(code).itemsize == 4)


def block_bytes(block: Block) -> bytes:
    """A block as bytes, for a cache folder: reading groups back from JSON (their postings in base64, each
    of their numbers checked in Python) took 0.4 s of each warm build at 10,000 records."""
    terms = block.terms.encode("utf-8")
    numbers = array(_UINT32, chain(block.firsts, block.lasts, block.counts, map(len, block.rests)))
    if sys.byteorder != "little":
        numbers.byteswap()
    return b"".join((_PACKED_TAG, len(block.firsts).to_bytes(4, "little"), len(terms).to_bytes(4, "little"), terms,
                     numbers.tobytes(), block.first_weights, *block.rests))


def block_from_bytes(data: object) -> Optional[Block]:
    """block_bytes read back, or None when `data` is not such a block (a damaged cache: the block is made or
    the group merged again). Its numbers cannot be negative or other than whole; their sizes add up to the bytes there are."""
    head = len(_PACKED_TAG) + 8
    if not isinstance(data, bytes) or not data.startswith(_PACKED_TAG) or len(data) < head:
        return None
    count = int.from_bytes(data[head - 8:head - 4], "little")
    numbers_at = head + int.from_bytes(data[head - 4:head], "little")
    weights_at = numbers_at + 16 * count
    if weights_at + count > len(data):
        return None
    try:
        terms = data[head:numbers_at].decode("utf-8")
    except UnicodeDecodeError:
        return None
    if (terms.count("\x00") + 1 if terms else 0) != count:
        return None
    numbers = array(_UINT32)
    numbers.frombytes(data[numbers_at:weights_at])
    if sys.byteorder != "little":
        numbers.byteswap()
    firsts, lasts, counts, sizes = (numbers[column * count:(column + 1) * count].tolist() for column in range(4))
    at = weights_at + count
    if at + sum(sizes) != len(data):
        return None
    rests = []
    for size in sizes:
        rests.append(data[at:at + size])
        at += size
    return Block(terms, firsts, data[weights_at:weights_at + count], rests, lasts, counts)


def block_of(pages: list[tuple[bytes, str, bytes]]) -> Block:
    """serve keeps each block between rebuilds: a save changes the blocks of the pages it changed."""
    return memo.cached(("postings", tuple(document for document, _, _ in pages)),
                       lambda: _block([(joined, weights) for _, joined, weights in pages]))


def _append(found: dict, block: Block, base: int) -> None:
    """Append a block's postings, its page ids moved by `base`, to `found` (term -> [first page,
    first weight, later postings, last page, count]): the bytes a page-by-page append gives."""
    for term, first, weight, rest, last, count in zip(block.terms.split("\x00"), block.firsts, block.first_weights,
                                                       block.rests, block.lasts, block.counts):
        entry = found.get(term)
        if entry is None:
            found[term] = [base + first, weight, bytearray(rest), base + last, count]
            continue
        data = entry[2]
        delta = base + first - entry[3]
        if delta < 0x80:  # (most are: a call per term was a fifth of merging)
            data.append(delta)
        else:
            _varint(delta, data)
        data.append(weight)
        data += rest
        entry[3] = base + last
        entry[4] += count


Postings = Block | Callable[[], Block]  # a block, or a function giving it (IndexBuilder.add_block)


@dataclass(frozen=True)
class Earlier:
    """A block as an earlier build made it from some other pages of the same places (a build with a
    cache folder): its key, its postings and its page count."""

    key: str
    postings: Callable[[], Optional[Block]]
    pages: int


def _entries(block: Block) -> dict[str, tuple]:
    """term -> (first page, first weight, later postings, last page, count)."""
    return dict(zip(block.terms.split("\x00"), zip(block.firsts, block.first_weights, block.rests, block.lasts, block.counts)))


def _postings_columns(entry: Optional[tuple]) -> tuple[list[int], bytes]:
    """An entry's pages and their weights (IndexError: postings cut short)."""
    if entry is None:
        return [], b""
    first, weight, rest, _, count = entry
    if len(rest) == 2 * (count - 1) and max(rest[0::2], default=0) < 0x80:
        # Every later page a byte from the one before (the postings of a frequent term, which a span's
        # splice reads thousands of): the pages are the running sum of every other byte.
        return list(accumulate(rest[0::2], initial=first)), bytes((weight,)) + rest[1::2]
    pages, weights, page, at = [first], bytearray((weight,)), first, 0
    while at < len(rest):
        delta, at = read_varint(rest, at)
        page += delta
        pages.append(page)
        weights.append(rest[at])
        at += 1
    return pages, bytes(weights)


def read_varint(data: bytes, at: int) -> tuple[int, int]:
    """The number written by _varint at `at`, and where the next thing starts (IndexError: cut short)."""
    value, shift = 0, 0
    while True:
        byte = data[at]
        at += 1
        value |= (byte & 0x7F) << shift
        if byte < 0x80:
            return value, at
        shift += 7


def _entry_of(pages: list[int], weights: bytes) -> list:
    """Pages (in order) and their weights as an entry that _packed takes: encoded as _block and _append
    encode them."""
    deltas = list(map(sub, pages[1:], pages[:-1]))
    if max(deltas, default=0) < 0x80:
        rest = bytearray(2 * len(deltas))
        rest[0::2], rest[1::2] = bytes(deltas), weights[1:]
    else:
        rest = bytearray()
        for delta, weight in zip(deltas, weights[1:]):
            _varint(delta, rest)
            rest.append(weight)
    return [pages[0], weights[0], rest, pages[-1], len(pages)]


def _differences(before: Block, after: Block) -> Iterable[tuple[str, Optional[tuple], Optional[tuple]]]:
    """Each term whose postings differ between two blocks, with its entry (_entries) in each (None: not
    there); (serve) as the splice that made `after` from `before` noted them, rather than by comparing
    every term of the two (a span's splice would compare a group's tens of thousands per changed group)."""
    noted = memo.recall(("postings spliced", id(after)))
    if noted is not None and noted[0] is after and noted[1] is before:
        return [(term, was, now) for term, (was, now) in noted[2].items()]
    earlier, later = _entries(before), _entries(after)
    return [(term, earlier.get(term), later.get(term)) for term in earlier.keys() | later.keys() if earlier.get(term) != later.get(term)]


def _spliced(group: Block, changes: list[tuple[int, int, Block, Block]], noted: Optional[dict] = None) -> Optional[Block]:
    """An earlier group's postings with blocks replaced: each change is where the block's pages start in
    the group, how many it has, its earlier postings and its new ones (of as many pages). Only the terms whose postings
    in the block changed are touched (an edited title: a few dozen of the group's thousands), in place
    in copies of the group's columns, so a group need not be merged again from all its blocks. None when
    the group does not hold the earlier block's postings where it should (then it is merged again).
    `noted`: given, it gets each term touched -> [its entry in `group`, its entry now] (None: not there)."""
    names = group.terms.split("\x00") if group.terms else []
    where = dict(zip(names, range(len(names))))
    firsts, first_weights, rests = list(group.firsts), bytearray(group.first_weights), list(group.rests)
    lasts, counts = list(group.lasts), list(group.counts)  # (a count of 0: a term no page holds any more)
    try:
        for start, size, before, after in changes:
            for term, was, now in _differences(before, after):
                at = where.get(term)
                held = None if at is None or not counts[at] else (firsts[at], first_weights[at], rests[at], lasts[at], counts[at])
                pages, weights = _postings_columns(held)
                low, high = bisect_left(pages, start), bisect_left(pages, start + size)  # (pages are in order)
                was_pages, was_weights = _postings_columns(was)
                if weights[low:high] != was_weights or [page - start for page in pages[low:high]] != was_pages:
                    return None
                new_pages, new_weights = _postings_columns(now)
                pages[low:high] = [start + page for page in new_pages]
                if at is None:
                    where[term] = at = len(names)
                    names.append(term)
                    for column in (firsts, first_weights, lasts, counts):
                        column.append(0)
                    rests.append(b"")
                if pages:
                    first, weight, rest, last, count = _entry_of(pages, weights[:low] + new_weights + weights[high:])
                    firsts[at], first_weights[at], rests[at], lasts[at], counts[at] = first, weight, bytes(rest), last, count
                else:
                    counts[at] = 0
                if noted is not None:
                    noted.setdefault(term, [held, None])[1] = (firsts[at], weight, rests[at], lasts[at], count) if pages else None
    except IndexError:  # postings cut short: a damaged cache
        return None
    if 0 in counts:
        kept = [at for at, count in enumerate(counts) if count]
        names, firsts, rests, lasts, counts = ([column[at] for at in kept] for column in (names, firsts, rests, lasts, counts))
        first_weights = bytearray(first_weights[at] for at in kept)
    terms = group.terms if len(names) == len(where) == len(group.firsts) else "\x00".join(names)
    return Block(terms, firsts, bytes(first_weights), rests, lasts, counts)


def _group_of(blocks: list[tuple[Postings, int]], tag: str = "postings group", place: Optional[str] = None) -> Block:
    """Consecutive blocks (with their page counts) as one block. serve keeps each group while
    its blocks are the same objects: the final merge then handles a few groups, not every block.
    (A span is a group of groups, made the same way.) `place`: the URL of the group's last page
    (None: the last group of all), where serve finds the group it made at the last rebuild (noted at
    every rebuild, the group made again or not: a save's groups are seldom the last save's)."""
    key = ("postings at", tag, place)
    last = memo.recall(key)
    group = memo.of_objects(tag, [block for block, _ in blocks], lambda: _made_again(blocks, last))
    memo.remember(key, (list(blocks), group))
    return group


# Splicing a block in costs about a group's worth of work, whatever its size; merging, each block's:
# with more than this share of a group's blocks changed, it is merged again.
SPLICE_SHARE = 0.5


def _made_again(blocks: list[tuple[Postings, int]], last: Optional[tuple[list, Block]]) -> Block:
    """serve: a group whose blocks changed, as the group last made at its place (`last`: its blocks and
    itself) with the changed blocks spliced in, when each has as many pages as the one it replaces;
    merged again otherwise (a page added to its block or removed from it). Merging the groups and spans
    of the 5 to 20 pages a save changes took 1.2-1.5 s of each rebuild at 10,000 records (py-spy, a slow
    spell of the machine); spliced, the whole index took 27 % of a rebuild's samples before, 23 % after."""
    group = _respliced(last[0], last[1], blocks) if last is not None else None
    return group if group is not None else _merged(blocks)


def _respliced(last_blocks: list[tuple[Postings, int]], last_group: Block, blocks: list[tuple[Postings, int]]) -> Optional[Block]:
    """`last_group` (merged from `last_blocks`) with the blocks that differ in `blocks` replaced; None
    unless each differing block has as many pages as the one before and few differ."""
    if len(last_blocks) != len(blocks):
        return None
    changes, start = [], 0
    for (before, before_size), (after, size) in zip(last_blocks, blocks):
        if after is not before:
            if size != before_size or not isinstance(before, Block) or not isinstance(after, Block):
                return None
            changes.append((start, size, before, after))
        start += size
    if not changes or len(changes) > len(blocks) * SPLICE_SHARE:
        return None
    noted: dict = {}
    spliced = _spliced(last_group, changes, noted)
    if spliced is None or max(spliced.lasts, default=-1) >= start:
        return None
    memo.remember(("postings spliced", id(spliced)), (spliced, last_group, noted))  # (for its span's splice)
    return spliced


def _merged(blocks: list[tuple[Postings, int]]) -> Block:
    found: dict[str, list] = {}
    base = 0
    for block, size in blocks:
        _append(found, block if isinstance(block, Block) else block(), base)
        base += size
    return _packed(found)


@dataclass
class IndexBuilder:
    out: Path
    postings: dict = field(default_factory=dict)  # term -> [first doc id, first weight, encoded later postings, last doc id, count]
    pending: list = field(default_factory=list)  # add_prepared's pages of the current block: (labels, (document, terms, weights))
    blocks: list = field(default_factory=list)  # the current group's blocks: (block, pages)
    block_keys: list = field(default_factory=list)  # (a build with a cache folder) their keys: None when not kept
    earlier_blocks: list = field(default_factory=list)  # ... and for each, an Earlier when it was made again
    groups: list = field(default_factory=list)  # serve: the current span's groups: (group, pages)
    grouped: int = 0  # pages already merged into `postings`
    written: set = field(default_factory=set)  # the files of this index
    meta: dict = field(default_factory=lambda: {"kind": [], "year": [], "date": [], "status": [], "unit": []})
    kinds: _Values = field(default_factory=_Values)
    statuses: _Values = field(default_factory=_Values)
    units: _Values = field(default_factory=_Values)
    count: int = 0
    size: int = 0  # bytes in this index's files
    documents: list = field(default_factory=list)  # serve: each page's stored document, written at the end
    # A build: the documents from this number on are written by another process (write_documents).
    elsewhere_from: Optional[int] = None
    keeper: Optional[CacheStore] = None  # a build with a cache folder: compressions kept there (_gzip)

    def __post_init__(self) -> None:
        if self.out.exists() and not memo.enabled():
            shutil.rmtree(self.out)
        (self.out / "docs").mkdir(parents=True, exist_ok=True)
        (self.out / "shards").mkdir(exist_ok=True)
        (self.out / "long").mkdir(exist_ok=True)
        self._folder = str(self.out)
        # serve: what the folder held as finish began (each entry but a folder: whether it is a file).
        self._held: Optional[dict[str, bool]] = None

    def _still_holds(self, name: str) -> bool:
        """Whether the folder holds the file `name` (serve: as finish began: every change since is this
        builder's own). One listing of the folder, not a question to the file system for each of its
        12,000 files (0.1 s of each rebuild at 10,000 records)."""
        return os.path.isfile(name) if self._held is None else self._held.get(name, False)

    def _write(self, inside: str, data: bytes) -> None:
        """Write the file `inside` the index folder. serve keeps the last rebuild's index: a file whose
        bytes are the very bytes it wrote last time (reused page documents, reused compressions) is not
        written again."""
        name = os.path.join(self._folder, inside)  # strings: making and hashing 10,000 Paths costs seconds
        self.written.add(name)
        self.size += len(data)
        key = ("index file", name)
        if memo.recall(key) is data and self._still_holds(name):
            return
        overwrite(name, data)
        memo.remember(key, data)

    def _write_documents(self) -> None:
        """serve: each page's document file. A page added or removed renumbers every later page, so
        a document the last rebuild wrote under another number is moved to its new one: a rename
        costs a third of writing the file again (18 against 55 microseconds here, 12,000 files at
        10,000 records). A file is changed only once the document it holds has moved out."""
        kept = ("index documents", self._folder)
        last = memo.recall(kept) or []
        memo.remember(kept, [])  # should this end halfway, the next rebuild moves nothing
        moves = renumbered(last, self.documents)
        taker = {source: target for target, source in moves.items()}  # old number -> the new number taking its document
        done = [False] * len(self.documents)
        for start in range(len(self.documents)):
            chain: list[int] = []
            number: Optional[int] = start
            while number is not None and not done[number]:
                chain.append(number)
                done[number] = True
                number = taker.get(number)  # that move empties this file: it goes first
            for number in reversed(chain):
                self._place_document(number, moves.get(number), number in taker)
        memo.remember(kept, self.documents)

    def _place_document(self, number: int, source: Optional[int], taken: bool) -> None:
        """Document `number` in its file: moved from file `source`, else written unless the file still
        holds these very bytes (and nothing was moved out of it)."""
        name, data = os.path.join(self._folder, _document_file(number)), self.documents[number]
        self.written.add(name)
        self.size += len(data)
        key = ("index file", name)
        unchanged = source is None and not taken and memo.recall(key) is data and self._still_holds(name)
        memo.remember(key, None)
        if source is not None:
            try:
                os.replace(os.path.join(self._folder, _document_file(source)), name)
            except FileNotFoundError:
                source = None
        if source is None and not unchanged:
            overwrite(name, data)
        memo.remember(key, data)

    def add(self, url: str, title: str, text: str, info: PageInfo) -> None:
        self.add_prepared(url, info, prepared(url, title, text, info))

    def add_prepared(self, url: str, info: PageInfo, page: tuple[bytes, str, bytes]) -> None:
        """Add a page as prepared() made it: it waits with the rest of its block, which
        add_block adds once the block ends."""
        self.pending.append((info, page))
        if ends_block(url):
            self._end_block(url)

    def add_block(self, pages: list[tuple[PageInfo, bytes]], block: Postings, last_url: Optional[str], key: Optional[str] = None,
                  earlier: Optional[Earlier] = None) -> None:
        """Add a block's pages (labels and stored document of each) with their postings, made
        as _block makes them (perhaps at an earlier build; a function giving them: read only should
        its group be merged); `last_url`: the block's last page (None: the last block of all); `key`:
        the block's key in the cache folder (keeper); `earlier`: the block an earlier build made in its
        place from other pages (its group is then that build's group with the block replaced)."""
        assert not self.pending, "pages from add_prepared would come after this block"
        for info, document in pages:
            self._document(info, document)
        if pages:
            self.blocks.append((block, len(pages)))
            self.block_keys.append(key)
            self.earlier_blocks.append(earlier)
        if last_url is not None and ends_group(last_url):
            self._end_group(last_url)
            if ends_span(last_url):
                self._end_span(last_url)

    def _document(self, info: PageInfo, document: bytes) -> None:
        doc_id = self.count
        self.count += 1
        if memo.enabled():
            self.documents.append(document)
        elif self.elsewhere_from is not None and doc_id >= self.elsewhere_from:
            self.size += len(document)
        else:
            self._write(_document_file(doc_id), document)
        meta = self.meta
        meta["kind"].append(self.kinds.id(info.kind))
        meta["year"].append(info.date.year if info.date else -1)
        meta["date"].append((info.date - EPOCH).days if info.date else -1)
        meta["status"].append(self.statuses.id(info.status))
        meta["unit"].append(self.units.id(info.unit))

    def write_documents(self, first: int, documents: list[bytes]) -> None:
        """Write documents `first`, `first` + 1 ... (those left to another process: elsewhere_from)."""
        for number, document in enumerate(documents, first):
            overwrite(os.path.join(self._folder, _document_file(number)), document)

    def _end_block(self, last_url: Optional[str] = None) -> None:
        pages, self.pending = self.pending, []
        if pages:
            self.add_block([(info, page[0]) for info, page in pages], block_of([page for _, page in pages]), last_url)

    def _end_group(self, place: Optional[str] = None) -> None:
        if self.blocks:
            pages = sum(size for _, size in self.blocks)
            group = self._kept_group(pages) or _group_of(self.blocks, place=place)
            self.blocks, self.block_keys, self.earlier_blocks = [], [], []
            if memo.enabled():  # (a one-shot build would only hold the groups longer)
                self.groups.append((group, pages))
            else:
                self._merge(group, pages)

    def _kept_group(self, pages: int) -> Optional[Block]:
        """A build with a cache folder: the current group's postings as an earlier build merged them from
        the same blocks (at 10,000 records merging every group's blocks took 1.6 s of py-spy's samples of a warm build), else
        None after keeping them as merged now."""
        if self.keeper is None or None in self.block_keys:
            return None
        key = GROUP_KEY + digest(*self.block_keys)
        group = self._group_kept_as(key, pages)
        if group is None:
            group = self._earlier_group_spliced(pages) or _merged(self.blocks)
            self.keeper.put(key, block_bytes(group))
        return group

    def _group_kept_as(self, key: str, pages: int) -> Optional[Block]:
        kept = self.keeper.get(key)  # type: ignore[union-attr]
        group = block_from_bytes(kept)
        return group if group is not None and max(group.lasts, default=-1) < pages else None

    def _earlier_group_spliced(self, pages: int) -> Optional[Block]:
        """The current group as the earlier build's group of the same blocks' places, with the blocks made
        again since replaced in it (when each has as many pages with text as before); None when there is
        no such group or no such blocks."""
        changes, start = [], 0
        for (block, size), earlier in zip(self.blocks, self.earlier_blocks):
            if earlier is not None:
                if earlier.pages != size:
                    return None
                changes.append((start, size, earlier, block))
            start += size
        if not changes:
            return None
        keys = [earlier.key if earlier is not None else key for key, earlier in zip(self.block_keys, self.earlier_blocks)]
        group = self._group_kept_as(GROUP_KEY + digest(*keys), pages)
        if group is None:
            return None
        replaced = []
        for start, size, earlier, block in changes:
            before = earlier.postings()
            if before is None:
                return None
            replaced.append((start, size, before, block if isinstance(block, Block) else block()))
        spliced = _spliced(group, replaced)
        return spliced if spliced is not None and max(spliced.lasts, default=-1) < pages else None

    def _end_span(self, place: Optional[str] = None) -> None:
        if self.groups:
            self._merge(_group_of(self.groups, "postings span", place), sum(size for _, size in self.groups))
            self.groups = []

    def _merge(self, postings: Block, pages: int) -> None:
        _append(self.postings, postings, self.grouped)
        self.grouped += pages

    def finish(self) -> dict:
        """Write shards, metadata and manifest; return the manifest."""
        self._end_block()
        self._end_group()
        self._end_span()
        if memo.enabled():
            self._held = _entries_under(self._folder)
            self._write_documents()
        # Each entry is let go as soon as its next form is made: the index is held once, not twice.
        encoded_postings = {term: _encoded(self.postings.pop(term)) for term in list(self.postings)}
        # What stays in the shards: inline postings, or a pointer to a long/ file.
        total = sum((len(data) if len(data) <= LONG_POSTINGS_BYTES else 4) + len(term) * 3 + 4
                    for term, (data, _) in encoded_postings.items())
        shard_count = 1
        while shard_count < MAX_SHARDS and total / shard_count > TARGET_SHARD_BYTES:
            shard_count <<= 1
        shards: list[bytearray] = [bytearray() for _ in range(shard_count)]
        long_files = 0
        for term in sorted(encoded_postings):
            data, count = encoded_postings.pop(term)
            encoded = term.encode("utf-8")
            shard = shards[fnv1a32(encoded) & (shard_count - 1)]
            _varint(len(encoded), shard)
            shard += encoded
            _varint(count, shard)
            if len(data) > LONG_POSTINGS_BYTES:
                shard.append(1)
                _varint(long_files, shard)
                self._write(f"long/{long_files}.bin.gz", _gzip(bytes(data), LONG_LEVEL, self.keeper))
                long_files += 1
            else:
                shard.append(0)
                shard += data
        for number in range(shard_count):
            data, shards[number] = shards[number], bytearray()
            if data:
                self._write(f"shards/{number}.bin.gz", _gzip(bytes(data), SHARD_LEVEL, self.keeper))
            del data
        self._write("meta.json.gz", _gzip(_json_bytes(self.meta), SHARD_LEVEL, self.keeper))  # (under serve stored, as the shards)
        manifest = {
            "version": FORMAT_VERSION,
            "docs": self.count,
            "shards": shard_count,
            "long": long_files,
            "kinds": self.kinds.items,
            "statuses": self.statuses.items,
            "units": self.units.items,
        }
        self._write("manifest.json", json.dumps(manifest, ensure_ascii=False).encode("utf-8"))
        if self._held is not None:  # (serve) the kept index loses what this one no longer has
            for stale in self._held.keys() - self.written:
                try:
                    os.unlink(stale)
                except FileNotFoundError:
                    pass  # a document moved out to its new number (_write_documents)
        return manifest


def _entries_under(folder: str) -> dict[str, bool]:
    """Each entry under `folder` that os.walk lists among a folder's files (not descending into a link
    to a folder, as it does not), and whether os.path.isfile takes it for a file."""
    found, pending = {}, [folder]
    while pending:
        with os.scandir(pending.pop()) as entries:
            for entry in entries:
                if entry.is_dir():
                    if not entry.is_symlink():
                        pending.append(entry.path)
                else:
                    found[entry.path] = entry.is_file()
    return found


def _document_file(number: int) -> str:
    return f"docs/{number}.json.gz"


def renumbered(last: list, documents: list) -> dict[int, int]:
    """new number -> last number, for each document (the very object) that moved; none when two
    would swap (page order is URL order, so they do not: moving then needs no temporary file)."""
    at = {id(document): number for number, document in enumerate(last)}
    moves = {}
    for number, document in enumerate(documents):
        before = at.get(id(document))
        if before is not None and before != number and last[before] is document:
            moves[number] = before
    taker = {source: target for target, source in moves.items()}
    state: dict[int, bool] = {}  # False: on the path being followed; True: leads to no cycle
    for target in moves:  # a cycle of moves: each would overwrite a file another still needs
        path, number = [], target
        while number in taker and number not in state:
            state[number] = False
            path.append(number)
            number = taker[number]
        if state.get(number) is False:
            return {}
        state.update(dict.fromkeys(path, True))
    return moves


def _encoded(entry: list) -> tuple[bytearray, int]:
    """A term's postings as stored: every page id as the difference from the one before (the
    first from 0) and its weight byte; and their count."""
    first, weight, rest, _, count = entry
    data = bytearray()
    _varint(first, data)
    data.append(weight)
    data += rest
    return data, count


def _json_bytes(data) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def _json_gz(data) -> bytes:
    return gzip.compress(_json_bytes(data), 9, mtime=0)


# A long postings file at gzip's highest level costs four times the default's time for 1.5 % fewer
# bytes (measured at 10,000 records: 24.5 MB of postings in 5.0 s against 1.2 s, 5.40 MB against
# 5.48 MB): seconds of a build's serial finish, for files a query fetches only for a frequent term.
SHARD_LEVEL, LONG_LEVEL = 9, 6


def _gzip(data: bytes, level: int = SHARD_LEVEL, keeper: Optional[CacheStore] = None) -> bytes:
    """Compressed at `level`; under serve only stored in gzip's frame, and kept for the same bytes
    (the same object each time, which spares the file write too). A build with a cache folder
    (`keeper`) takes the compression of the same bytes at the same level with the same zlib from
    there: an edit changes few shards, and compressing them all at level 9 took 1.4 s of a build
    at 10,000 records. A kept compression is used only if it gives these very bytes back."""
    if not memo.enabled():
        if keeper is None:
            return gzip.compress(data, level, mtime=0)
        key = "gzip " + hashlib.sha256(f"{level} {zlib.ZLIB_RUNTIME_VERSION} ".encode("ascii") + data).hexdigest()
        kept = keeper.get(key)
        try:
            if isinstance(kept, bytes) and gzip.decompress(kept) == data:
                return kept
        except (OSError, EOFError, zlib.error):
            pass  # a damaged entry: compressed again
        compressed = gzip.compress(data, level, mtime=0)
        keeper.put(key, compressed)
        return compressed
    # serve: the preview is read on this machine, so size does not matter, while a page added or
    # removed renumbers every later page and so changes every shard: at 10,000 records compressing
    # them at gzip's fastest level still took 0.1 s of such a rebuild.
    return memo.cached(("gzip", hashlib.blake2b(data, digest_size=16).digest(), len(data)),
                       lambda: gzip.compress(data, 0, mtime=0))


def prepared(url: str, title: str, text: str, info: PageInfo) -> tuple[bytes, str, bytes]:
    """A page's stored document, its terms (joined by NUL, which normalized text never holds) and
    one weight byte per term: a function of the page alone, kept compact because serve keeps it
    between rebuilds for every page that did not change."""
    key = ("indexed", url, title, text, info)
    reused = memo.recall(key)
    if reused is not None:
        return reused
    document = _json_gz({"u": url, "t": title, "x": text, "k": info.kind,
                         "d": info.date.isoformat() if info.date else None, "s": info.status, "n": info.unit, "c": info.code})
    body = normalize(text).replace("\x00", "")  # NUL separates the terms below (no reader types one)
    in_title = terms(normalize(title + " " + (info.code or "")).replace("\x00", ""))
    counts = Counter(map(str.__add__, body, body[1:]))  # the character pairs
    counts.update(body)
    counts.update(DOCNO_CORE.findall(body))
    for term in in_title - counts.keys():
        counts[term] = 0
    joined = "\x00".join(counts)
    weights = bytes((frequency if frequency < 127 else 127) | (0x80 if term in in_title else 0)
                    for term, frequency in counts.items())
    memo.remember(key, (document, joined, weights))
    return document, joined, weights

