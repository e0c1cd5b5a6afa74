"""What the public may see on a given day, with the facts derived from it.

Rendering only ever receives this view, so a record that is not released
(公开属性 other than 主动公开, a future 发布日期, or a year catalog not yet
published) cannot reach any page, listing, count or link.
"""
from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from .kinds import ANNUAL, DECISION, DECISION_CATALOG, DOCUMENT, HEARING, HEARING_CATALOG, REPORT, Kind
from .model import SiteSettings
from .model.document import Interpretation, NormativeDocument, Validity
from .recordset import RecordSet
from .release import approved_for_release
from .validate import Catalog, Record


# 已修改 documents stay in force as amended: they still expire and are still cleaned up.
IN_EFFECT = (Validity.IN_FORCE, Validity.AMENDED)


def current_validity(document: NormativeDocument, today: dt.date) -> tuple[Validity, Optional[dt.date]]:
    """有效性 on `today`: the latest status change in force, then expiry by date."""
    status, since = Validity.IN_FORCE, document.effective
    for change in document.history:
        if change.date <= today:
            status, since = change.status, change.date
    if status in IN_EFFECT and document.expires and document.expires < today:
        return Validity.EXPIRED, document.expires + dt.timedelta(days=1)
    return status, since


@dataclass(frozen=True)
class PublicInterpretation:
    """A 政策解读 of a public document, released (undated ones go with their document)."""

    document: Record
    number: int  # counted from 1 within the document
    model: Interpretation

    @property
    def has_page(self) -> bool:
        return self.model.content is not None


@dataclass
class SiteView:
    site: SiteSettings
    today: dt.date
    records: RecordSet = field(default_factory=RecordSet)  # the public records only
    validity: dict[str, tuple[Validity, Optional[dt.date]]] = field(default_factory=dict)
    published_on: dict[tuple[str, str], Optional[dt.date]] = field(default_factory=dict)
    amended_by: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    repealed_by: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    replaced_by: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    produced_by: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    hearings_for: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    cited_as_basis_by: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    interpretations_of: dict[str, list[PublicInterpretation]] = field(default_factory=lambda: defaultdict(list))

    def of(self, kind: Kind) -> list[Record]:
        return self.records.of(kind)

    def find(self, kind: Kind, record_id: Optional[str]) -> Optional[Record]:
        return self.records.find(kind, record_id)

    def year_catalog(self, record: Record) -> Optional[Record]:
        catalog_kind = DECISION_CATALOG if record.kind is DECISION else HEARING_CATALOG
        return self.find(catalog_kind, str(record.year))

    @property
    def interpretations(self) -> list[PublicInterpretation]:
        return [entry for entries in self.interpretations_of.values() for entry in entries]

    def publication_date(self, record: Record) -> Optional[dt.date]:
        return self.published_on.get((record.kind.key, record.id))


def _released(model, today: dt.date, published: Optional[dt.date]) -> bool:
    return approved_for_release(model) and published is not None and published <= today


def build_view(catalog: Catalog, today: dt.date) -> SiteView:
    if catalog.site is None:
        raise ValueError("build_view needs a validated catalog with site settings")
    view = SiteView(site=catalog.site, today=today)

    def admit(record: Record, published: Optional[dt.date]) -> None:
        if _released(record.model, today, published):
            view.records.add(record)
            view.published_on[(record.kind.key, record.id)] = published

    for kind in (DECISION_CATALOG, HEARING_CATALOG, DOCUMENT, REPORT, ANNUAL):
        for record in catalog.of(kind):
            admit(record, record.model.published)
    for item_kind in (DECISION, HEARING):
        for record in catalog.of(item_kind):
            year = view.year_catalog(record)
            if year is None:  # the year's catalog itself is not released
                continue
            admit(record, record.model.published or year.model.published)

    for record in view.of(DOCUMENT):
        view.validity[record.id] = current_validity(record.model, today)
        relations = record.model.relations
        for target in relations.amends:
            view.amended_by[target].append(record)
        for target in relations.repeals:
            view.repealed_by[target].append(record)
        for target in relations.replaces:
            view.replaced_by[target].append(record)
        for target in relations.based_on:
            view.cited_as_basis_by[target].append(record)
        for number, interpretation in enumerate(record.model.interpretations, 1):
            if interpretation.date is None or interpretation.date <= today:
                view.interpretations_of[record.id].append(PublicInterpretation(record, number, interpretation))
    for record in view.of(DECISION):
        for doc_id in record.model.produced_documents:
            view.produced_by[doc_id].append(record)
        for doc_id in record.model.basis_documents:
            view.cited_as_basis_by[doc_id].append(record)
    for record in view.of(HEARING):
        if record.model.decision:
            view.hearings_for[record.model.decision].append(record)
    view.records.sort(key=_order)
    return view


def _order(record: Record):
    model = record.model
    number = getattr(model, "number", 0)
    return (-(record.year or 0), number, record.id)
