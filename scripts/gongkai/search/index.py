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
import json
import shutil
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Optional

from .. import memo
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


@dataclass
class IndexBuilder:
    out: Path
    postings: dict = field(default_factory=dict)  # term -> [last doc id, encoded postings, count]
    meta: dict = field(default_factory=lambda: {"kind": [], "year": [], "date": [], "status": [], "unit": []})
    kinds: _Values = field(default_factory=_Values)
    statuses: _Values = field(default_factory=_Values)
    units: _Values = field(default_factory=_Values)
    count: int = 0

    def __post_init__(self) -> None:
        if self.out.exists():
            shutil.rmtree(self.out)
        (self.out / "docs").mkdir(parents=True)
        (self.out / "shards").mkdir()

    def add(self, url: str, title: str, text: str, info: PageInfo) -> None:
        doc_id = self.count
        self.count += 1
        document, joined, weights = _prepared(url, title, text, info)
        (self.out / "docs" / f"{doc_id}.json.gz").write_bytes(document)
        meta = self.meta
        meta["kind"].append(self.kinds.id(info.kind))
        meta["year"].append(info.date.year if info.date else -1)
        meta["date"].append((info.date - EPOCH).days if info.date else -1)
        meta["status"].append(self.statuses.id(info.status))
        meta["unit"].append(self.units.id(info.unit))
        postings = self.postings
        for term, weight in zip(joined.split("\x00"), weights):
            entry = postings.get(term)
            if entry is None:
                entry = postings[term] = [0, bytearray(), 0]
            data = entry[1]
            delta = doc_id - entry[0]
            if delta < 0x80:
                data.append(delta)
            else:
                _varint(delta, data)
            entry[0] = doc_id
            data.append(weight)
            entry[2] += 1

    def finish(self) -> dict:
        """Write shards, metadata and manifest; return the manifest."""
        # What stays in the shards: inline postings, or a pointer to a long/ file.
        total = sum((len(entry[1]) if len(entry[1]) <= LONG_POSTINGS_BYTES else 4) + len(term) * 3 + 4
                    for term, entry in self.postings.items())
        shard_count = 1
        while shard_count < MAX_SHARDS and total / shard_count > TARGET_SHARD_BYTES:
            shard_count <<= 1
        shards: list[bytearray] = [bytearray() for _ in range(shard_count)]
        (self.out / "long").mkdir()
        long_files = 0
        for term in sorted(self.postings):
            _, data, count = self.postings[term]
            encoded = term.encode("utf-8")
            shard = shards[fnv1a32(encoded) & (shard_count - 1)]
            _varint(len(encoded), shard)
            shard += encoded
            _varint(count, shard)
            if len(data) > LONG_POSTINGS_BYTES:
                shard.append(1)
                _varint(long_files, shard)
                (self.out / "long" / f"{long_files}.bin.gz").write_bytes(gzip.compress(bytes(data), 9, mtime=0))
                long_files += 1
            else:
                shard.append(0)
                shard += data
        self.postings.clear()  # release memory before compressing
        for number, data in enumerate(shards):
            if data:
                (self.out / "shards" / f"{number}.bin.gz").write_bytes(gzip.compress(bytes(data), 9, mtime=0))
        self._write_json_gz(self.out / "meta.json.gz", self.meta)
        manifest = {
            "version": FORMAT_VERSION,
            "docs": self.count,
            "shards": shard_count,
            "long": long_files,
            "kinds": self.kinds.items,
            "statuses": self.statuses.items,
            "units": self.units.items,
        }
        (self.out / "manifest.json").write_text(json.dumps(manifest, ensure_ascii=False), encoding="utf-8")
        return manifest

    @staticmethod
    def _write_json_gz(path: Path, data) -> None:
        path.write_bytes(_json_gz(data))


def _json_gz(data) -> bytes:
    return gzip.compress(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 9, mtime=0)


def _prepared(url: str, title: str, text: str, info: PageInfo) -> tuple[bytes, str, bytes]:
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

