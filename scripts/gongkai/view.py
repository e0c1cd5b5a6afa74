"""Stage 5, view: what the public may see on a given day, with the facts derived from it.

Rendering and every export only ever receive this view, so a record that is not
released (公开属性 other than 主动公开, a future 发布日期, or a year catalog not
yet published) cannot reach any page, listing, count, link or file. The records
it holds are public projections (projection.py), made here once: without
internal control data, parts dated after the day, or references to records the
public cannot see.
"""
from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Optional

from . import memo
from .kinds import DECISION, DOCUMENT, HEARING, Kind, ModelT
from .model import SiteSettings
from .model.document import Interpretation, Validity
from .projection import public_model, shown_on
from .records import RecordSet
from .release import released_records
from .records import Catalog, Record


@dataclass(frozen=True)
class PublicInterpretation:
    """A 政策解读 of a public document, released (undated ones go with their document)."""

    document: Record
    number: int  # counted from 1 within the document
    model: Interpretation

    @property
    def has_page(self) -> bool:
        """Written here or kept here as files: it has a page on this site."""
        return self.model.content is not None or bool(self.model.attachments)


@dataclass
class SiteView:
    site: SiteSettings
    today: dt.date
    records: RecordSet = field(default_factory=RecordSet)  # the public records only
    validity: dict[str, tuple[Validity, Optional[dt.date]]] = field(default_factory=dict)  # None: since when 未记载
    published_on: dict[tuple[str, str], Optional[dt.date]] = field(default_factory=dict)
    amended_by: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    repealed_by: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    replaced_by: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    produced_by: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    hearings_for: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    cited_as_basis_by: dict[str, list[Record]] = field(default_factory=lambda: defaultdict(list))
    interpretations_of: dict[str, list[PublicInterpretation]] = field(default_factory=lambda: defaultdict(list))
    _latest: dict[Optional[str], Optional[dt.date]] = field(default_factory=dict, init=False, repr=False)
    # published_on by the id() of the view's own records (which the view keeps alive): asked some 100,000
    # times a build at 10,000 records, a key of kind and id made and hashed each time cost 0.04 s.
    _published_of: dict[int, Optional[dt.date]] = field(default_factory=dict, init=False, repr=False)

    def of(self, kind: Kind[ModelT]) -> list[Record[ModelT]]:
        return self.records.of(kind)

    def find(self, kind: Kind[ModelT], record_id: Optional[str]) -> Optional[Record[ModelT]]:
        return self.records.find(kind, record_id)

    def year_catalog(self, record: Record) -> Optional[Record]:
        catalog_kind = record.kind.year_catalog
        return self.find(catalog_kind, str(record.year)) if catalog_kind else None

    @property
    def interpretations(self) -> list[PublicInterpretation]:
        return [entry for entries in self.interpretations_of.values() for entry in entries]

    def publication_date(self, record: Record) -> Optional[dt.date]:
        own = id(record)
        return self._published_of[own] if own in self._published_of else self.published_on.get((record.kind.key, record.id))

    def published(self, record: Record) -> dt.date:
        """The publication date of a public record: every record in the view has one."""
        day = self.publication_date(record)
        if day is None:
            raise ValueError(f"{record.path} is not in the public view")
        return day

    def latest_published(self, kind: Optional[Kind]) -> Optional[dt.date]:
        """The newest publication date of the kind's public records (None: of every record); None when
        there are none. Worked out once: the data page and the data catalog ask it of every file."""
        key = kind.key if kind is not None else None
        if key not in self._latest:
            records = self.of(kind) if kind is not None else self.records
            self._latest[key] = max((self.published(record) for record in records), default=None)
        return self._latest[key]

    def listing_catalog(self, record: Record) -> Record:
        """The year catalog of a public item: an item is public only with its catalog."""
        year = self.year_catalog(record)
        if year is None:
            raise ValueError(f"{record.path} is public without its year catalog")
        return year


def build_view(catalog: Catalog, today: dt.date) -> SiteView:
    if catalog.site is None:
        raise ValueError("build_view needs a validated catalog with site settings")
    view = SiteView(site=catalog.site, today=today)
    released = released_records(catalog, today)
    public = {(record.kind.key, record.id) for record, _ in released}

    def is_public(kind: Kind, record_id: str) -> bool:
        return (kind.key, record_id) in public

    for record, published in released:
        shown = _public_record_reused(record, today, is_public)
        view.records.add(shown)
        view.published_on[(record.kind.key, record.id)] = published
        view._published_of[id(shown)] = published
        if record.kind is DOCUMENT:
            # (serve keeps them while the record and its public projection are the same objects)
            view.interpretations_of[record.id] = memo.of_objects(("public interpretations", today), [record, shown],
                                                                 functools.partial(_public_interpretations, record, shown, today))

    for record in view.of(DOCUMENT):
        view.validity[record.id] = memo.of_object(("validity", today), record, functools.partial(record.model.validity_on, today))
        relations = record.model.relations
        for target in relations.amends:
            view.amended_by[target].append(record)
        for target in relations.repeals:
            view.repealed_by[target].append(record)
        for target in relations.replaces:
            view.replaced_by[target].append(record)
        for target in relations.based_on:
            view.cited_as_basis_by[target].append(record)
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


def public_record(record: Record, today: dt.date, is_public) -> Record:
    """The record as the public sees it on `today` (projection.public_model). Only the
    positions of its source are kept (compliance findings on public records name
    lines), not the raw catalog data."""
    return dataclasses.replace(record, model=public_model(record.model, today, is_public), source=record.source.located_only())


def _public_record_reused(record: Record, today: dt.date, is_public) -> Record:
    """serve: a record that did not change is, on the same day, the same public record as at the
    last rebuild while every record it names is public or not as it was then (the projection's
    questions are recorded with their answers): an added or deleted record re-projects only
    the records that name it."""
    def projected() -> tuple[Record, list]:
        asked: dict[tuple, bool] = {}

        def asking(kind: Kind, record_id: str) -> bool:
            answer = asked[(kind, record_id)] = is_public(kind, record_id)
            return answer

        return public_record(record, today, asking), list(asked.items())

    return memo.of_object_while(("public record", today), record, projected,
                                lambda asked: all(is_public(*named) == answer for named, answer in asked))


def _public_interpretations(record: Record, shown: Record, today: dt.date) -> list[PublicInterpretation]:
    """Each released interpretation keeps its number in the catalog's list, so its page
    address stays the same on the day one listed before it (dated later) comes out."""
    numbers = [n for n, item in enumerate(record.model.interpretations, 1) if shown_on(item, today)]
    return [PublicInterpretation(shown, number, item) for number, item in zip(numbers, shown.model.interpretations, strict=True)]


def _order(record: Record):
    model = record.model
    number = getattr(model, "number", 0)
    return (-(record.year or 0), number, record.id)
