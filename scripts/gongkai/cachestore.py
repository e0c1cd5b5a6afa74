"""What a build with a cache folder keeps between builds, as the stages see it: a map of keys
(digests of everything a result depends on) to JSON-like values (pagecache.store.PageStore)."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
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
