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
from dataclasses import dataclass
from typing import Any, Callable, Generic, Iterable, Optional, TypeVar, cast

from . import forked, memo
from .cachestore import BuildCache
from .kinds import Kind, by_key
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


@dataclass(frozen=True)
class VerdictForm(Generic[T]):
    """A kind of verdict as JSON data and back: from_json(the record judged, data), ValueError for data
    to_json did not give for such a record (a damaged cache)."""

    to_json: Callable[[T], Any]
    from_json: Callable[[Record, Any], T]


@dataclass(frozen=True)
class KeptVerdicts:
    """A build's cache folder, for verdicts. A verdict is kept under its record's content (the text
    and place of its file, the code: load.RawRecord.content) and `answers`, a digest of what every
    judgment depends on besides its record and its questions (the settings files, the day), with each
    question its judgment asked and the answer it got: another record by its content, an attachment
    by its size and hash. A later build takes the verdict while every question gets the same answer,
    as serve does within one process (at 10,000 records the judgments took 2.4 s of every build)."""

    cache: BuildCache
    answers: str


class _Unkeepable(Exception):
    """A question that cannot be kept: its answer has no content to compare (a record read without a
    cache folder), or it is not asked of plain text."""


def _answer_form(name: str, answer: Any) -> Any:
    if name == "find":
        if answer is None:
            return None
        if not answer.content:
            raise _Unkeepable
        return answer.content
    if name == "files":
        return None if answer is None else [answer.path, answer.size, answer.sha256]
    return bool(answer)


def _asked_form(name: str, asked: Any) -> Any:
    if name == "find":
        kind, record_id = asked
        return [kind.key, record_id]
    if isinstance(asked, str):
        return asked
    if isinstance(asked, tuple) and all(isinstance(part, str) for part in asked):
        return list(asked)
    raise _Unkeepable  # a question of a shape JSON would not give back as it was


def _questions_form(noted: list[tuple]) -> Optional[list]:
    try:
        return [[name, _asked_form(name, asked), _answer_form(name, answer)] for name, asked, answer in noted]
    except _Unkeepable:
        return None


def _answered_alike_now(catalog: Catalog, question: Any) -> bool:
    """Whether a kept question (_questions_form) gets the same answer of this catalog."""
    if not isinstance(question, list) or len(question) != 3:
        return False
    name, asked, answer = question
    try:
        if name == "find":
            kind = by_key(asked[0])
            if kind is None:
                return False
            found = catalog.find(kind, asked[1])
            return answer is None if found is None else bool(found.content) and found.content == answer
        if name == "files":
            held = catalog.files.get(asked)
            return (None if held is None else [held.path, held.size, held.sha256]) == answer
        if name in ("invalid", "refused_files"):
            item = tuple(asked) if isinstance(asked, list) else asked
            return (item in getattr(catalog, name)) is answer
    except (TypeError, IndexError, KeyError):
        pass  # a question of another shape (a damaged cache)
    return False


def each_record(tag: str, catalog: Catalog, records: Iterable[Record], judge: Callable[[Catalog, Record], T],
                answers: tuple = (), second_core: bool = False, kept: Optional[KeptVerdicts] = None,
                form: Optional[VerdictForm[T]] = None) -> dict[int, T]:
    """id(record) -> judge(the catalog as the record's judgment sees it, record), for each record. `answers`:
    what every judgment depends on besides its record and its questions (settings, the day ...); a
    verdict is kept while they are equal. `second_core`: a one-shot build may judge the later half of
    the records in a forked child meanwhile (serve keeps its verdicts in this process instead).
    `kept` (with the verdicts' `form`): a build's cache folder, where verdicts are kept between builds."""
    def judged(record: Record) -> tuple[T, tuple]:
        asked = AskedCatalog(catalog)
        return judge(cast(Catalog, asked), record), (answers, asked.noted)

    records = list(records)
    if memo.enabled():
        def holds(noted: tuple) -> bool:
            return noted[0] == answers and all(_answered_alike(catalog, question) for question in noted[1])

        return {id(record): memo.of_object_while(tag, record, functools.partial(judged, record), holds) for record in records}

    keeping = kept is not None and form is not None
    verdicts: dict[int, T] = {}
    pending = []
    if keeping:
        assert kept is not None
        kept.cache.store.prefetch(_verdict_key(tag, record, kept) for record in records if record.content)
    for record in records:
        taken = _kept_verdict(tag, catalog, record, kept, form) if keeping and record.content else None
        if taken is None:
            pending.append(record)
        else:
            verdicts[id(record)] = taken[0]

    def made(record: Record) -> tuple[T, Optional[list]]:
        """The verdict and, to keep it, the form of its questions (a forked child hands back no records)."""
        verdict, (_, noted) = judged(record)
        return verdict, _questions_form(noted) if keeping else None

    if second_core and FORK_FROM_RECORDS <= len(pending) and forked.second_core_fits(len(records)):
        middle = len(pending) // 2
        with forked.child(lambda: [made(record) for record in pending[middle:]]) as later:
            results = [made(record) for record in pending[:middle]] + later()
    else:
        results = [made(record) for record in pending]
    for record, (verdict, questions) in zip(pending, results):
        verdicts[id(record)] = verdict
        if keeping and questions is not None and record.content:
            assert kept is not None and form is not None
            kept.cache.store.put(_verdict_key(tag, record, kept), {"asked": questions, "verdict": form.to_json(verdict)})
    return verdicts


def _verdict_key(tag: str, record: Record, kept: KeptVerdicts) -> str:
    return kept.cache.key("verdict", tag, kept.answers, record.content)


def _kept_verdict(tag: str, catalog: Catalog, record: Record, kept: Optional[KeptVerdicts],
                  form: Optional[VerdictForm[T]]) -> Optional[tuple[T]]:
    """(the verdict) an earlier build kept for this record while its questions are answered alike; None
    when there is none (or it is damaged)."""
    assert kept is not None and form is not None
    entry = kept.cache.store.get(_verdict_key(tag, record, kept))
    if not isinstance(entry, dict) or not isinstance(entry.get("asked"), list):
        return None
    if not all(_answered_alike_now(catalog, question) for question in entry["asked"]):
        return None
    try:
        return (form.from_json(record, entry.get("verdict")),)
    except ValueError:
        return None
