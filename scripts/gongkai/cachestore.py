"""What a build with a cache folder keeps between builds, as the stages see it: a map of keys
(digests of everything a result depends on) to JSON-like values (pagecache.store.PageStore)."""
from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any, Callable, Iterable, Optional, Protocol


def digest(*parts: str | bytes) -> str:
    """A hash of the parts, each length-prefixed so that no two sequences collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


# A 160-bit hash in lower-case hex, as the cache's entries name pages' hashes (matched at once: a
# character at a time, 12,000 pages' hashes took 0.3 s).
HEX_160 = re.compile("[0-9a-f]{40}")


def installed(name: str) -> str:
    """The installed version of a distribution ("-" when it is not installed)."""
    try:
        return version(name)
    except PackageNotFoundError:
        return "-"


class CacheStore(Protocol):
    """Where a build with a cache folder keeps work between builds (pagecache.store.PageStore)."""

    def get(self, key: str) -> Optional[Any]: ...

    def put(self, key: str, value: Any) -> None: ...

    def text_bytes(self, key: str) -> Optional[bytes]:
        """A text value's UTF-8, not decoded (None: missing, or not a text)."""

    def still_used(self, key: str) -> None:
        """This build uses the entry without reading it: it is kept."""

    def prefetch(self, keys: Iterable[str]) -> None:
        """Read these entries at once, for the gets that follow (one query for many keys)."""


class ClosableStore(CacheStore, Protocol):
    """A store a forked child opened for itself: what it put is written on close."""

    def close(self) -> None: ...

@dataclass(frozen=True)
class BuildCache:
    """A cache folder's store as the check uses it. `environment` is a digest of what every result
    depends on besides its own inputs (this package's code above all), so every key made here (key)
    changes with the code."""

    store: CacheStore
    environment: str
    # A connection of its own to the same store, for a forked child (a connection must not cross a
    # fork); None: a child does without the store.
    opener: Optional[Callable[[], ClosableStore]] = None

    def key(self, *parts: str | bytes) -> str:
        return digest(self.environment, *parts)


class StoredTextGone(Exception):
    """A stored text was asked for, but its entry is missing or damaged."""


@dataclass(frozen=True)
class StoredText:
    """A page's Markdown kept in the cache folder under `key`, read only when it is asked for: a warm
    build takes nearly every record page whole (pagecache/whole_pages.py), knowing it by `digest` (the
    BLAKE2b-160 of its UTF-8) without reading it. `cache`: its store, read from whichever process asks
    (a forked one through a connection of its own); `location`: where the store lives."""

    cache: BuildCache
    key: str
    digest: bytes
    size: int
    location: str
    made_in: int = field(default_factory=os.getpid)  # the process whose connection `cache.store` is

    def __len__(self) -> int:
        return self.size

    def read(self) -> bytes:
        store = self.cache.store if os.getpid() == self.made_in else _own_store(self.cache)
        data = store.text_bytes(self.key) if store is not None else None
        if data is None or len(data) != self.size:
            raise StoredTextGone(f"缓存文件夹 {self.location} 中的页面内容（{self.key[:12]}）缺失或已损坏："
                                 "请删除该缓存文件夹后重新构建")
        return data


_own_stores: dict[tuple[int, int], Optional[ClosableStore]] = {}  # (process, cache) -> its connection


def _own_store(cache: BuildCache) -> Optional[ClosableStore]:
    """A forked process's own connection to the cache's store (never closed: it only reads)."""
    key = (os.getpid(), id(cache))
    if key not in _own_stores:
        _own_stores[key] = cache.opener() if cache.opener is not None else None
    return _own_stores[key]
