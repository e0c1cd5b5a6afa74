"""The store: one SQLite table of hash -> compressed JSON.

JSON rather than pickle: a cache folder restored by CI is data, and reading
it must never run code. Each build stamps the entries it used; entries a
successful build did not use are dropped, so the store holds one site's
worth of pages however often it is reused.
"""
from __future__ import annotations

import json
import sqlite3
import zlib
from pathlib import Path
from typing import Any, Optional

SCHEMA = "CREATE TABLE IF NOT EXISTS entries (key TEXT PRIMARY KEY, value BLOB NOT NULL, build INTEGER NOT NULL)"
FILE_NAME = "pages.sqlite"


def _open(target: str, in_memory: bool) -> tuple[sqlite3.Connection, tuple]:
    db = sqlite3.connect(target, isolation_level=None, check_same_thread=False)
    try:
        db.execute("PRAGMA journal_mode=OFF" if in_memory else "PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=OFF")
        db.execute(SCHEMA)
        return db, db.execute("SELECT MAX(build) FROM entries").fetchone()
    except sqlite3.DatabaseError:
        db.close()
        raise


class PageStore:
    def __init__(self, folder: Optional[Path] = None) -> None:
        """A store in `folder` (created if missing), or in memory when None."""
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
        self.build = (row[0] or 0) + 1
        self.hits = 0
        self.misses = 0
        self._db.execute("BEGIN")

    def get(self, key: str) -> Optional[Any]:
        row = self._db.execute("SELECT value FROM entries WHERE key = ?", (key,)).fetchone()
        if row is None:
            self.misses += 1
            return None
        try:
            value = json.loads(zlib.decompress(row[0]))
        except (zlib.error, ValueError):
            self.misses += 1
            return None
        self._db.execute("UPDATE entries SET build = ? WHERE key = ?", (self.build, key))
        self.hits += 1
        return value

    def put(self, key: str, value: Any) -> None:
        data = zlib.compress(json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8"), 1)
        self._db.execute("INSERT OR REPLACE INTO entries (key, value, build) VALUES (?, ?, ?)", (key, data, self.build))

    def finish_build(self, successful: bool) -> int:
        """End this build: after a successful one, drop what it did not use; the number dropped.
        The store is then ready for the next build (serve keeps one store for all its builds)."""
        dropped = 0
        if successful:
            dropped = self._db.execute("DELETE FROM entries WHERE build != ?", (self.build,)).rowcount
        self._db.execute("COMMIT")
        self.build += 1
        self.hits = self.misses = 0
        self._db.execute("BEGIN")
        return dropped

    def __len__(self) -> int:
        return self._db.execute("SELECT COUNT(*) FROM entries").fetchone()[0]

    def close(self) -> None:
        self._db.execute("COMMIT")
        self._db.close()
