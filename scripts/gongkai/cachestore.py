"""What a build with a cache folder keeps between builds, as the stages see it: a map of keys
(digests of everything a result depends on) to JSON-like values (pagecache.store.PageStore)."""
from __future__ import annotations

import hashlib
from typing import Any, Optional, Protocol


def digest(*parts: str | bytes) -> str:
    """A hash of the parts, each length-prefixed so that no two sequences collide."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class CacheStore(Protocol):
    """Where a build with a cache folder keeps work between builds (pagecache.store.PageStore)."""

    def get(self, key: str) -> Optional[Any]: ...

    def put(self, key: str, value: Any) -> None: ...

