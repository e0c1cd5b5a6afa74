"""Publication control: a record is released only with 公开属性 主动公开 and a
保密审查 that approved it no later than its publication date (政府信息公开条例
第十七条). Missing or contradictory reviews are errors, so nothing unreviewed
can reach the site; the public view applies the same test once more."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Optional

from . import memo
from .kinds import ALL_KINDS, Kind
from .model.common import Publicity, SecrecyResult
from .model.introspect import attribute
from .problems import Problem
from .records import RecordSet
from .records import Catalog, Record

_EXAMPLE = "保密审查: {审查人: 市政府办公室保密审查小组, 日期: YYYY-MM-DD, 结论: 同意公开}"


def publication_date(catalog: Catalog, record: Record) -> Optional[dt.date]:
    """The record's own 发布日期, or for an item without one, its year catalog's."""
    own = attribute(record.model, "published")
    if own or record.kind.year_catalog is None:
        return own
    year = catalog.find(record.kind.year_catalog, str(record.year))
    return year.model.published if year else None


def approved_for_release(model) -> bool:
    review = model.secrecy_review
    return model.publicity is Publicity.ACTIVE and review is not None and review.result is SecrecyResult.APPROVED


@dataclass
class Released:
    """The records released by a day, as they are in the catalog, with their publication dates."""

    records: RecordSet = field(default_factory=RecordSet)
    published_on: dict[tuple[str, str], dt.date] = field(default_factory=dict)

    def of(self, kind: Kind) -> list[Record]:
        return self.records.of(kind)

    def publication_date(self, record: Record) -> dt.date:
        return self.published_on[(record.kind.key, record.id)]


def released(catalog: Catalog, today: dt.date) -> Released:
    """serve: the same one while the released records are (the rules only read it)."""
    found = released_records(catalog, today)
    return memo.of_objects(("released", today), [found], functools.partial(_released_set, found))


def _released_set(found: list[tuple[Record, dt.date]]) -> Released:
    result = Released()
    for record, published in found:
        result.records.add(record)
        result.published_on[(record.kind.key, record.id)] = published
    return result


def released_records(catalog: Catalog, today: dt.date) -> list[tuple[Record, dt.date]]:
    """(record, publication date) of every record released by `today`: approved, its
    publication date come, and an item only with its year catalog released too. (The rules and the
    public view both ask: serve works it out once a rebuild, and keeps it while the records are the same.)"""
    return memo.of_objects(("released records", today), list(catalog.records), lambda: _released_records(catalog, today))


def _released_records(catalog: Catalog, today: dt.date) -> list[tuple[Record, dt.date]]:
    """A run of records at a time: whether each is released depends on it and, for an item, on its
    year catalog, so serve keeps a run's while those are the same objects (an edit makes one run again)."""
    released: list[tuple[Record, dt.date]] = []
    for kind in ALL_KINDS:
        years = list(catalog.of(kind.year_catalog)) if kind.year_catalog is not None else []
        for run in memo.runs(catalog.of(kind)):
            released += memo.of_objects(("released run", kind.key, today), run + years,
                                        functools.partial(_released_of, catalog, run, today))
    return released


def _released_of(catalog: Catalog, records: list[Record], today: dt.date) -> list[tuple[Record, dt.date]]:
    released = []
    for record in records:
        if record.kind.year_catalog is not None:
            year = catalog.find(record.kind.year_catalog, str(record.year))
            if year is None or not _released(year.model, today, year.model.published):
                continue
        published = publication_date(catalog, record)
        if published is not None and _released(record.model, today, published):
            released.append((record, published))
    return released


def _released(model, today: dt.date, published: Optional[dt.date]) -> bool:
    return approved_for_release(model) and published is not None and published <= today


def release_review(catalog: Catalog, record: Record) -> list[Problem]:
    """A record to be released was reviewed for secrets, approved, before its publication (a cross-check of
    one record at a time, of every kind in ALL_KINDS order)."""
    model = record.model
    if model.publicity is not Publicity.ACTIVE:
        return []
    review = model.secrecy_review
    if review is None:
        return [record.problem(record.at("publicity"), "主动公开的记录没有保密审查记录，不会发布",
                               f"公开前须经保密审查；请添加一行「{_EXAMPLE}」")]
    problems = []
    if review.result is SecrecyResult.REFUSED:
        problems.append(record.problem(record.at("secrecy_review", "result"), "保密审查结论为不予公开，但公开属性为主动公开",
                                       "请把公开属性改为 不予公开，或经重新审查后修改结论"))
    published = publication_date(catalog, record)
    # A migrated record was published by its source long before; it is reviewed
    # again (its batch's review) before this site publishes it, which is later.
    if published and review.date > published and getattr(model, "provenance", None) is None:
        problems.append(record.problem(record.at("secrecy_review", "date"), f"保密审查 {review.date} 晚于发布日期 {published}",
                                       "保密审查应在公开前完成；请核对日期"))
    return problems
