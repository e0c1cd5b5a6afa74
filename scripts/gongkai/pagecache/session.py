"""Which store a build uses: the folder named by GONGKAI_CACHE, kept between
builds; under `serve` without one, a store in memory that lives as long as the
server; for any other build on more than one core, a temporary folder that the
build's helper process shares (parallel.py) and that is removed afterwards;
otherwise none. A serve rebuild with many pages to build also shares them with a
helper, through a temporary folder of that rebuild's own (helper_store: a store in
memory cannot be shared with another process). GONGKAI_PARALLEL=0 turns the helper off."""
from __future__ import annotations

import os
import shutil
import sqlite3
import tempfile
from pathlib import Path
from typing import Optional

from jinja2 import BytecodeCache

from ..forked import second_core_fits
from .parallel import cores
from .store import PageStore

CACHE_VARIABLE = "GONGKAI_CACHE"
PARALLEL_VARIABLE = "GONGKAI_PARALLEL"
_stores: dict[Optional[str], PageStore] = {}
_temporary: set[int] = set()


# A serve rebuild with fewer pages to build than this builds them alone: forking a helper (and its store)
# costs more than it saves.
SERVE_HELPER_FROM_PAGES = 40

def parallel() -> bool:
    return os.environ.get(PARALLEL_VARIABLE, "1") != "0" and cores() > 1


class StoreUnavailable(Exception):
    """The cache folder cannot be used; the message says why, in Chinese."""


def build_store(command: Optional[str]) -> Optional[PageStore]:
    """The store for this build; a kept one is reused by the process's later builds (serve rebuilds).
    StoreUnavailable when the named folder cannot hold one (the build then goes without)."""
    try:
        return _build_store(command)
    except (OSError, sqlite3.Error) as error:
        where = os.environ.get(CACHE_VARIABLE) or tempfile.gettempdir()
        raise StoreUnavailable(f"缓存文件夹 {where} 无法使用（{type(error).__name__}: {error}），本次构建不使用缓存") from None


def _build_store(command: Optional[str]) -> Optional[PageStore]:
    folder = os.environ.get(CACHE_VARIABLE) or None
    if folder is None and command != "serve":
        return _temporary_store() if parallel() else None
    key = str(Path(folder).resolve()) if folder else None
    if key not in _stores:
        _stores[key] = PageStore(Path(key) if key else None)
    return _stores[key]


def _temporary_store() -> PageStore:
    store = PageStore(Path(tempfile.mkdtemp(prefix="gongkai-pages-")))
    _temporary.add(id(store))
    return store


def kept_between_builds(store: PageStore) -> bool:
    """Whether a later build (another process) will find what this store holds: a cache folder's."""
    return store.folder is not None and id(store) not in _temporary


def helper_store(store: PageStore, pages: int, records: int) -> Optional[PageStore]:
    """A serve rebuild's store to share with a helper, when `store` (serve's) is in memory and the
    rebuild has enough `pages` to build for a helper to pay; None otherwise. Released as any
    temporary store (release) at the end of the rebuild; raises as build_store."""
    if store.folder is not None or not parallel() or not second_core_fits(records) or pages < SERVE_HELPER_FROM_PAGES:
        return None
    try:
        return _temporary_store()
    except (OSError, sqlite3.Error) as error:
        raise StoreUnavailable(f"临时缓存文件夹 {tempfile.gettempdir()} 无法使用（{type(error).__name__}: {error}），"
                               "本次重建只用一个处理器核心") from None


def release(store: PageStore) -> None:
    """After a build: a temporary store is removed; a kept one stays open for the next build."""
    if id(store) in _temporary:
        _temporary.discard(id(store))
        store.close()
        shutil.rmtree(store.folder, ignore_errors=True)  # type: ignore[arg-type]


class TemplateCode(BytecodeCache):
    """serve's rebuilds each make a new Jinja environment; the theme's compiled templates are kept
    (Jinja checks each against its source's checksum, so an edited template is compiled again)."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}

    def load_bytecode(self, bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket) -> None:
        self._code[bucket.key] = bucket.bytecode_to_string()


TEMPLATE_CODE = TemplateCode()
