"""Each record's published data file (source/<catalog path>.txt): the public
projection written out as YAML, never the catalog file itself, which holds
comments, internal control data (保密审查 …) and parts not yet public.

Fields come in the model's order under their Chinese names, yes/no as 是/否 and
dates as YYYY-MM-DD, as clerks write them; Markdown records (documents,
reports) keep their layout: the fields between two --- lines, then the full
text. The UTF-8 BOM makes browsers show the .txt file as UTF-8.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from enum import Enum
from typing import Callable, Iterable, Optional

import yaml

from .. import memo
from ..cachestore import BuildCache, CacheStore, ClosableStore
from ..spool import Content, Keeper
from .parts import source_path
from ..model.common import PublicationControl
from ..model.introspect import json_bytes
from ..projection import public_fields
from ..textnorm import UTF8_BOM
from ..records import Record
from ..yamlsource import BODY_KEY



# Shared by every kind (公开属性, 示例数据): after the record's own fields, as in the Excel columns.
_SHARED = {info.alias for info in PublicationControl.model_fields.values()}


def source_text(record: Record) -> str:
    fields = public_fields(record.model, mode="python")
    ordered = [key for key in fields if key not in _SHARED] + [key for key in fields if key in _SHARED]
    data = _plain({key: fields[key] for key in ordered})
    if record.kind.suffix != ".md":
        return _yaml(data)
    text = data.pop(BODY_KEY, "")
    return f"---\n{_yaml(data)}---\n{text}\n"


def source_file(record: Record) -> bytes:
    # serve: a record whose public model is the same (frozen) object as at the last rebuild keeps its file.
    return memo.of_object(("source", record.kind.key), record.model, lambda: UTF8_BOM + source_text(record).encode("utf-8"))


def public_digest(record: Record) -> str:
    """A hash of everything the public sees of a record: its kind and its public model (the
    projection as of the build's day). The models have no union of types that dump alike."""
    model = record.model
    return hashlib.blake2b(b"\0".join((record.kind.key.encode(), type(model).__qualname__.encode(), json_bytes(model))),
                           digest_size=20).hexdigest()


def source_files(records: Iterable[Record], keeper: Keeper, cache: Optional[BuildCache] = None,
                 shared: Optional[Callable[[Record], str]] = None) -> dict[str, Content]:
    """Each record's data file (path -> content). `cache`: a build's cache folder, where each file
    is kept under the hash of the record's public model (public_digest) and taken back as long as
    the model is the same (the YAML emitter is part of the key). Opened here with a connection of
    its own (this runs in a forked child), unless `shared` is given: then the process's own
    connection is used, and `shared` gives the hash (as the process already knows it: kept.py)."""
    digest_of = shared or public_digest
    store: Optional[CacheStore] = None
    opened: Optional[ClosableStore] = None
    if cache is not None and shared is not None:
        store = cache.store
    elif cache is not None and cache.opener is not None:
        store = opened = cache.opener()
    files: dict[str, Content] = {}
    try:
        for record in records:
            data = None
            if store is not None:
                key = cache.key("source file", _EMITTER, digest_of(record))  # type: ignore[union-attr]
                data = store.get(key)
            if not isinstance(data, bytes):
                data = source_file(record)
                if store is not None:
                    store.put(key, data)
            files[source_path(record)] = keeper.keep(data)
    finally:
        if opened is not None:
            opened.close()
    return files


_EMITTER = f"libyaml={getattr(yaml, '__with_libyaml__', False)}"


def _shown(value) -> bool:
    """Empty values (no 备案, no 说明) are left out, as a clerk would leave them out."""
    return value is not None and value != [] and value != {}


def _plain(value):
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        plain = {key: _plain(item) for key, item in value.items()}
        return {key: item for key, item in plain.items() if _shown(item)}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if value is None or isinstance(value, (str, int, float, dt.date)):
        return value
    raise TypeError(f"unexpected value in a record: {type(value).__name__}")


# libyaml's emitter when PyYAML has it (the pure-Python one costs seconds at 10,000 records).
class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]  # a base chosen at import: both are SafeDumpers
    pass


def _text(dumper: yaml.SafeDumper, value: str):
    # Multi-line text (Markdown 内容, 总体情况 …) as a literal block, readable as typed.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text)


def _yaml(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, default_flow_style=False, width=10_000)
