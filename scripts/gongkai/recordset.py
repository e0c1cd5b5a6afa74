"""Records grouped by kind, with constant-time lookup by id."""
from __future__ import annotations

from collections import defaultdict
from typing import Any, Callable, Iterator, Optional

from .kinds import Kind


class RecordSet:
    def __init__(self) -> None:
        self._by_kind: dict[str, list] = defaultdict(list)
        self._by_id: dict[tuple[str, str], Any] = {}

    def add(self, record) -> None:
        self._by_kind[record.kind.key].append(record)
        self._by_id.setdefault((record.kind.key, record.id), record)

    def of(self, kind: Kind) -> list:
        return self._by_kind.get(kind.key, [])

    def find(self, kind: Kind, record_id: Optional[str]):
        return self._by_id.get((kind.key, record_id)) if record_id else None

    def sort(self, key: Callable) -> None:
        for records in self._by_kind.values():
            records.sort(key=key)

    def __iter__(self) -> Iterator:
        for records in list(self._by_kind.values()):
            yield from records

    def __len__(self) -> int:
        return sum(len(records) for records in self._by_kind.values())
