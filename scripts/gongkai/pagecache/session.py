"""Which store a build uses: the folder named by GONGKAI_CACHE; under `serve`
without one, a store in memory that lives as long as the server; otherwise
none (a cold build)."""
from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

from .store import PageStore

CACHE_VARIABLE = "GONGKAI_CACHE"
_stores: dict[Optional[str], PageStore] = {}


def build_store(command: Optional[str]) -> Optional[PageStore]:
    """The store for this build, kept for the process's later builds (serve rebuilds)."""
    folder = os.environ.get(CACHE_VARIABLE) or None
    if folder is None and command != "serve":
        return None
    key = str(Path(folder).resolve()) if folder else None
    if key not in _stores:
        _stores[key] = PageStore(Path(key) if key else None)
    return _stores[key]
