"""The store: one SQLite table of hash -> compressed JSON (or text, or bytes).

JSON rather than pickle: a cache folder restored by CI is data, and reading
it must never run code. Each build notes the entries it used; entries a
successful build did not use are dropped, so the store holds one site's
worth of pages however often it is reused.
"""
from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any, Callable, Iterable, Optional

import lz4.block
import orjson

# made: the build that computed the entry; build: the same (in older stores, the last build that used it).
SCHEMA = ("CREATE TABLE IF NOT EXISTS entries "
          "(key TEXT PRIMARY KEY, value BLOB NOT NULL, build INTEGER NOT NULL, made INTEGER NOT NULL)")
# The keys a build used, a JSON list a row, apart from the entries: SQLite writes a whole row again to
# change one column (12,000 finished pages' rows rewritten took 0.4 s of each warm build), and a row a
# key (65,000 upserts at 10,000 records) took 1.3 s of the build's own process. The last finished
# build keeps a row without keys, so that the next one is numbered after it.
USED = "CREATE TABLE IF NOT EXISTS used (build INTEGER NOT NULL, keys TEXT NOT NULL)"
# Every connection asks for the last build's number. Without an index, MAX(build) reads every row, whose
# value comes before it: 0.18 s of each connection at 10,000 records (800 MB of entries), and a warm
# build opens several (this process, the render's child, the page helper's).
BUILD_INDEX = "CREATE INDEX IF NOT EXISTS entries_by_build ON entries (build)"
FILE_NAME = "pages.sqlite"


COMMIT_EVERY = 32  # waiting writes per transaction: another process's entries show up after at most this many
# ... while the keys used wait for this many: no other process needs to see them before the build ends.
USED_EVERY = 65536
PREFETCH_BATCH = 500  # keys a query (SQLite allows 32,766 parameters)


def _open(target: str, in_memory: bool) -> tuple[sqlite3.Connection, tuple]:
    # A second process of the same build may be writing (parallel.py): wait for its lock.
    db = sqlite3.connect(target, isolation_level=None, check_same_thread=False, timeout=120)
    try:
        db.execute("PRAGMA journal_mode=OFF" if in_memory else "PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.execute(SCHEMA)
        db.execute(USED)
        db.execute(BUILD_INDEX)
        db.execute("DROP TABLE IF EXISTS marks")  # an older store's row a key: its next build notes what it uses anew
        db.execute("SELECT key, value, build, made FROM entries LIMIT 1")  # a table of another layout: start again
        db.execute("SELECT build, keys FROM used LIMIT 1")
        return db, db.execute("SELECT MAX(last) FROM (SELECT MAX(build) AS last FROM entries "
                              "UNION ALL SELECT MAX(build) FROM used)").fetchone()
    except sqlite3.DatabaseError:
        db.close()
        raise


# A text value (a finished page) is kept as its UTF-8 after this mark, bytes (a compressed search
# shard) as they are after the other; no JSON text starts with either. Decoding 12,000 pages' JSON
# strings took three times as long as decoding their UTF-8.
_TEXT, _BYTES = b"\x00", b"\x01"
# Other values are JSON, read with orjson (twice as fast as the standard library: a warm build reads
# 400 MB of it at 10,000 records), except JSON after this mark: orjson reads an integer beyond 64 bits
# as a float (an unquoted 20-digit 统一登记号 in a record's file would come back as 4.4e+19), so JSON
# holding a run of 19 digits or more, in a number or not, is read with the standard library.
_STANDARD_JSON = b"\x02"
_LONG_NUMBER = b"0" * 19
_DIGITS_AS_ZERO = bytes(ord("0") if ord("0") <= byte <= ord("9") else ord(" ") for byte in range(256))


def _encoded(value: Any) -> bytes:
    if isinstance(value, str):
        return _TEXT + value.encode("utf-8", "surrogatepass")
    if isinstance(value, bytes):
        return _BYTES + value
    data = json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return _STANDARD_JSON + data if _LONG_NUMBER in data.translate(_DIGITS_AS_ZERO) else data


# Entries are compressed with LZ4. A 10,000-record site keeps 800 MB of entries: zlib (level 1) took
# 7.8 s to compress them and 2.5 s to decompress them, LZ4 1.1 s and 0.3 s, for a quarter more bytes
# (318 MB against 252). The mark sets the store's entries apart from any other form (an older store's).
_LZ4 = b"L"
# LZ4 never makes a block more than 255 times its compressed size: a stored size beyond that is damage,
# refused before any memory is taken for it.
_MOST_EXPANSION = 255


def compressed(data: bytes) -> bytes:
    """An entry's value as the store holds it."""
    return _LZ4 + lz4.block.compress(data, store_size=True)


def _decompressed(value: bytes) -> bytes:
    """ValueError: not a value the store wrote (an older store's, a damaged one)."""
    if value[:1] != _LZ4 or len(value) < 5:
        raise ValueError("not an entry of this store")
    if int.from_bytes(value[1:5], "little") > _MOST_EXPANSION * len(value):
        raise ValueError("damaged size")
    try:
        return lz4.block.decompress(memoryview(value)[1:])
    except lz4.block.LZ4BlockError as error:
        raise ValueError(str(error)) from None


def _decoded(data: bytes) -> Any:
    if data[:1] == _TEXT:
        return data[1:].decode("utf-8", "surrogatepass")
    if data[:1] == _BYTES:
        return data[1:]
    if data[:1] == _STANDARD_JSON:
        return json.loads(data[1:])
    try:
        return orjson.loads(data)
    except orjson.JSONDecodeError:  # what the standard library writes and orjson refuses (NaN ...)
        return json.loads(data)


def _text_bytes(data: bytes) -> bytes:
    if data[:1] != _TEXT:
        raise ValueError("not a text")
    return data[1:]


class PageStore:
    def __init__(self, folder: Optional[Path] = None, build: Optional[int] = None) -> None:
        """A store in `folder` (created if missing), or in memory when None. `build`: the
        build this connection works for (another process of the same build), default a new one."""
        if folder is None:
            target = ":memory:"
        else:
            Path(folder).mkdir(parents=True, exist_ok=True)
            target = str(Path(folder) / FILE_NAME)
        self.folder = folder
        try:
            self._db, row = _open(target, folder is None)
        except sqlite3.DatabaseError:
            # A damaged or foreign file costs a cold build, never a failed one.
            (Path(folder) / FILE_NAME).unlink()  # type: ignore[arg-type]
            self._db, row = _open(target, False)
        self.build = build if build is not None else (row[0] or 0) + 1
        self.hits = 0  # entries of earlier builds
        self.helped = 0  # entries another process of this build stored
        self.misses = 0
        # Writes wait here and go in short transactions: reads, outside any transaction,
        # always see what another process of the build has committed.
        self._puts: dict[str, bytes] = {}
        self._used: list[str] = []
        self._fetched: dict[str, tuple[bytes, int]] = {}  # prefetch's rows, each taken by its get
        self._prefetched: set[str] = set()  # the keys prefetch looked for and no get has asked for yet
        self.failure: Optional[str] = None  # why the store stopped working (a full disk ...): then a cold build

    def another(self) -> "PageStore":
        """A connection of its own to this store, for this same build: for a forked process (a connection
        does not survive a fork)."""
        return PageStore(self.folder, build=self.build)

    def _fail(self, error: Exception) -> None:
        self.failure = self.failure or f"{type(error).__name__}: {error}"
        self._puts.clear()
        self._used.clear()
        self._fetched.clear()
        self._prefetched.clear()

    def get(self, key: str) -> Optional[Any]:
        return self._taken(key, _decoded)

    def text_bytes(self, key: str) -> Optional[bytes]:
        """A text value's bytes as stored (UTF-8, a lone surrogate as surrogatepass writes it), not
        decoded: a finished page is written out as it is (decoding and encoding again 12,000 pages
        took 0.4 s). None for a missing value or one of another type."""
        return self._taken(key, _text_bytes)

    def _taken(self, key: str, decode: Callable[[bytes], Any]) -> Optional[Any]:
        if self.failure:
            self.misses += 1
            return None
        data = self._puts.get(key)
        earlier = False
        if data is None:
            row = self._fetched.pop(key, None)
            known = key in self._prefetched  # found or known missing by prefetch: no query
            self._prefetched.discard(key)
            if not known:
                try:
                    row = self._db.execute("SELECT value, made FROM entries WHERE key = ?", (key,)).fetchone()
                except sqlite3.Error as error:
                    self._fail(error)
                    row = None
            data, earlier = (row[0], row[1] != self.build) if row is not None else (None, False)
        value = None
        if data is not None:
            try:
                value = decode(_decompressed(data))
            except (ValueError, TypeError):
                value = None
        if value is None:
            self.misses += 1
            return None
        self._used.append(key)
        if earlier:
            self.hits += 1
        else:
            self.helped += 1
        self._written()
        return value

    def prefetch(self, keys: Iterable[str]) -> None:
        """Read the entries of `keys` in a few queries (a query a key cost 0.3 s of each 10,000 gets);
        each get of one of them takes it from here, once."""
        if self.failure:
            return
        wanted = [key for key in dict.fromkeys(keys) if key not in self._puts]
        self._fetched.clear()
        self._prefetched = set(wanted)
        try:
            for start in range(0, len(wanted), PREFETCH_BATCH):
                batch = wanted[start:start + PREFETCH_BATCH]
                marks = ",".join("?" * len(batch))
                for key, value, made in self._db.execute(f"SELECT key, value, made FROM entries WHERE key IN ({marks})", batch):
                    self._fetched[key] = (value, made)
        except sqlite3.Error as error:
            self._fail(error)

    def still_used(self, key: str) -> None:
        """Mark an entry this build did not read as still in use (it is not dropped)."""
        if not self.failure:
            self._used.append(key)
            self._written()

    def put(self, key: str, value: Any) -> None:
        if self.failure:
            return
        try:
            self._puts[key] = compressed(_encoded(value))
        except (TypeError, ValueError):  # a value JSON or UTF-8 cannot hold as it is (a lone surrogate): not kept
            return
        self._written()

    def _written(self) -> None:
        if len(self._puts) >= COMMIT_EVERY or len(self._used) >= USED_EVERY:
            self.commit()

    def commit(self) -> None:
        """Write what waits: this process's entries become visible to others."""
        if self.failure or (not self._puts and not self._used):
            return
        try:
            self._db.execute("BEGIN IMMEDIATE")
            self._db.executemany("INSERT OR REPLACE INTO entries (key, value, build, made) VALUES (?, ?, ?, ?)",
                                 [(key, data, self.build, self.build) for key, data in self._puts.items()])
            self._db.execute("INSERT INTO used (build, keys) VALUES (?, ?)", (self.build, json.dumps([*self._puts, *self._used])))
            self._db.execute("COMMIT")
        except sqlite3.Error as error:
            if self._db.in_transaction:
                self._db.execute("ROLLBACK")
            self._fail(error)
        self._puts.clear()
        self._used.clear()

    def finish_build(self, successful: bool) -> int:
        """End this build: after a successful one, drop what it did not use; the number dropped.
        The store is then ready for the next build (serve keeps one store for all its builds)."""
        self.commit()
        dropped = 0
        if successful and not self.failure:
            try:
                self._db.execute("BEGIN IMMEDIATE")
                used = self._used_keys()
                if used is not None:  # (keys a damaged row hid: nothing is dropped)
                    unused = [row for row in self._db.execute("SELECT key FROM entries") if row[0] not in used]
                    dropped = len(unused)
                    self._db.executemany("DELETE FROM entries WHERE key = ?", unused)
                    self._db.execute("DELETE FROM used")
                    self._db.execute("INSERT INTO used (build, keys) VALUES (?, '[]')", (self.build,))
                self._db.execute("COMMIT")
            except sqlite3.Error as error:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                self._fail(error)
        if successful and self.folder is not None:
            self._compact()
        self.build += 1
        self.hits = self.helped = self.misses = 0
        self._fetched.clear()
        self._prefetched.clear()
        return dropped

    def _compact(self) -> None:
        """Leave the folder as small as what it holds, for CI to save and restore: the write-ahead log
        emptied into the file and cut off (at 10,000 records it kept 400 MB of pages already in the
        file), and the file rewritten once more than a quarter of it is free. A build that changed every
        page, after a change of code, theme or configuration, leaves its predecessor's 400 MB of pages
        free, half the file: rewriting took 2.4 s, against two minutes for such a build. A warm build frees
        what it replaces, a few MB, which the next one fills again (at half, a warm build had tipped the
        file over the mark left just under it by such a build, and took the 2.4 s). A failure costs nothing."""
        try:
            free, pages = (self._db.execute(f"PRAGMA {name}").fetchone()[0] for name in ("freelist_count", "page_count"))
            if free * 4 > pages:
                self._db.execute("VACUUM")
            self._db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        except sqlite3.Error:
            pass  # (another process still reading, a full disk: the folder stays as it is)

    def _used_keys(self) -> Optional[set[str]]:
        """Every key this build's processes used, or None should a row not be a list of keys."""
        used: set[str] = set()
        for (keys,) in self._db.execute("SELECT keys FROM used WHERE build = ?", (self.build,)):
            try:
                listed = json.loads(keys)
            except (TypeError, ValueError):
                return None
            if not isinstance(listed, list):
                return None
            used.update(key for key in listed if isinstance(key, str))
        return used

    def __len__(self) -> int:
        self.commit()
        return self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]

    def close(self) -> None:
        self.commit()
        try:
            self._db.close()
        except sqlite3.Error:
            pass
