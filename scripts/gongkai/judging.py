"""Judging records one at a time (the cross-checks, the compliance rules), with serve keeping each
record's verdict for the next rebuild while the record is the same object and every question its
judgment asked of the rest of the catalog gets the same answer: a record looked up by id, an
attachment's file, whether an id failed validation or a file was refused. A save then judges again the
records it changed and those whose judgment asked about them, not the whole catalog.

A judgment sees the catalog through AskedCatalog, which notes those questions; it cannot go through a
kind (`of`) or every record, which is what a check of the whole catalog is for.
"""
from __future__ import annotations

import functools
from typing import Any, Callable, Iterable, Optional, TypeVar, cast

from . import forked, memo
from .kinds import Kind
from .records import Catalog, Record

T = TypeVar("T")


class _Asked:
    """A set or mapping of the catalog whose every question is noted with its answer."""

    def __init__(self, name: str, held: Any, noted: list) -> None:
        self._name, self._held, self._noted = name, held, noted

    def __contains__(self, item: object) -> bool:
        answer = item in self._held
        self._noted.append((self._name, item, answer))
        return answer

    def get(self, key: Any, default: Any = None) -> Any:
        answer = self._held.get(key, default)
        self._noted.append((self._name, key, answer))
        return answer


class AskedCatalog:
    """The catalog as one record's judgment sees it."""

    def __init__(self, catalog: Catalog) -> None:
        self._catalog = catalog
        self.site, self.compliance, self.root = catalog.site, catalog.compliance, catalog.root
        self.noted: list[tuple] = []
        self.files = _Asked("files", catalog.files, self.noted)
        self.invalid = _Asked("invalid", catalog.invalid, self.noted)
        self.refused_files = _Asked("refused_files", catalog.refused_files, self.noted)

    def find(self, kind: Kind, record_id: Optional[str]) -> Optional[Record]:
        found = self._catalog.find(kind, record_id)
        self.noted.append(("find", (kind, record_id), found))
        return found


def _answered_alike(catalog: Catalog, question: tuple) -> bool:
    name, asked, answer = question
    if name == "find":
        return catalog.find(*asked) is answer  # the very record: an edited one is a new object
    held = getattr(catalog, name)
    return (held.get(asked) if name == "files" else asked in held) == answer


# Below this many records a second process saves less than forking it costs.
FORK_FROM_RECORDS = 1000


def each_record(tag: str, catalog: Catalog, records: Iterable[Record], judge: Callable[[Catalog, Record], T],
                answers: tuple = (), second_core: bool = False) -> dict[int, T]:
    """id(record) -> judge(the catalog as the record's judgment sees it, record), for each record. `answers`:
    what every judgment depends on besides its record and its questions (settings, the day ...); a
    verdict is kept while they are equal. `second_core`: a one-shot build may judge the later half of
    the records in a forked child meanwhile (serve keeps its verdicts in this process instead)."""
    def judged(record: Record) -> tuple[T, tuple]:
        asked = AskedCatalog(catalog)
        return judge(cast(Catalog, asked), record), (answers, asked.noted)

    records = list(records)
    if second_core and not memo.enabled() and FORK_FROM_RECORDS <= len(records) and forked.second_core_fits(len(records)):
        middle = len(records) // 2
        with forked.child(lambda: [judged(record)[0] for record in records[middle:]]) as later:
            verdicts = [judged(record)[0] for record in records[:middle]] + later()
        return {id(record): verdict for record, verdict in zip(records, verdicts)}

    def holds(noted: tuple) -> bool:
        return noted[0] == answers and all(_answered_alike(catalog, question) for question in noted[1])

    return {id(record): memo.of_object_while(tag, record, functools.partial(judged, record), holds) for record in records}
