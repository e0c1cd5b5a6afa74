"""A record as the public may see it on one day: the projection the view hands out.

It is made once per record, in view.build_view, so every page, listing, search
text (built from the pages), feed, export and published data file sees the same
record. Removed:

- internal control data (保密审查, 个人信息公开依据, 人工核对): how a record was
  cleared for release, not what was released;
- parts dated after the day: a 政策解读, a 状态历史 entry, a 备案 or 清理, a
  procedure step, a hearing notice … appear from their date on, never before
  (dates that the published record itself announces, such as 施行日期, 有效期至,
  a 计划完成时间 or a hearing date given in a published notice, are kept);
- references to records the public cannot see (依申请公开, 不予公开, not yet
  published): dropped, so not even their ids appear.

Models are frozen pydantic objects: the projection is a copy (model_copy), the
validated catalog itself is never changed.
"""
from __future__ import annotations

import datetime as dt
import functools
import typing
from dataclasses import dataclass
from typing import Any, Callable

from pydantic import BaseModel

from .kinds import ALL_KINDS, DECISION, DOCUMENT, Kind
from .model.common import CommentPeriod, Provenance
from .model.decision import (
    Adjustment,
    CollectiveDecision,
    DecisionCatalog,
    DecisionItem,
    DecisionPublication,
    ExpertReview,
    LegalityReview,
    Meeting,
    PublicParticipation,
    RiskAssessment,
    SimpleStep,
)
from .model.document import (
    ClauseChange, Cleanup, Filing, Interpretation, LegalityCheck, NormativeDocument, Relations, StatusChange, Validity,
)
from .model.hearing import AFTER_HEARING, Hearing, StandaloneHearing

# Top-level control fields every publishable record carries. Fields declared
# with exclude=True (人工核对) are internal too, wherever they are nested.
INTERNAL_FIELDS = frozenset({"secrecy_review", "personal_data_basis"})

# A block that happens on one day is shown from that day on; before it, it is
# left out entirely (a list item dropped, an optional block empty). The field
# named is the block's first date: a comment period that has begun is shown
# with its end, which it announces.
BLOCK_DAY: dict[type, str] = {
    Interpretation: "date", Filing: "date", Cleanup: "date", LegalityCheck: "date",
    CommentPeriod: "start", PublicParticipation: "start", Adjustment: "date", Meeting: "date",
    ExpertReview: "date", RiskAssessment: "date", LegalityReview: "submitted", CollectiveDecision: "date",
    DecisionPublication: "date", SimpleStep: "date",
}

# Dates inside a block that are handled one by one (see _refined).
REFINED_DATES = {
    (StatusChange, "date"), (LegalityReview, "completed"), (DecisionCatalog, "party_approval"),
    (Hearing, "notice_date"), (Hearing, "participants_published"), (Hearing, "materials_sent"), (Hearing, "date"),
    (Hearing, "selection_published"), (Adjustment, "published"),
}

# Dates the public may see before they come, and why.
ANNOUNCED_DATES: dict[tuple[type[BaseModel], str], str] = {
    (NormativeDocument, "written"): "the document was made before it is published",
    (NormativeDocument, "effective"): "the published document states it",
    (NormativeDocument, "expires"): "the published document states it",
    (Provenance, "taken"): "the day a migrated record was taken from its source, before it is published here",
    (DecisionItem, "planned_completion"): "a plan, published with the year's catalog",
    (CommentPeriod, "end"): "announced with a comment period that has begun",
    (PublicParticipation, "end"): "announced with a comment period that has begun",
}
# Every kind's 发布日期 releases the record (release.released_records): nothing of it is public before.
ANNOUNCED_DATES.update({(kind.model, "published"): "releases the record" for kind in ALL_KINDS})

# Fields holding ids of other records, and the kind they name.
REFERENCES: dict[tuple[type, str], Kind] = {
    (Relations, "amends"): DOCUMENT, (Relations, "repeals"): DOCUMENT, (Relations, "replaces"): DOCUMENT,
    (Relations, "based_on"): DOCUMENT, (StatusChange, "by"): DOCUMENT, (ClauseChange, "document"): DOCUMENT,
    (DecisionItem, "basis_documents"): DOCUMENT, (DecisionItem, "produced_documents"): DOCUMENT,
    (StandaloneHearing, "decision"): DECISION, (DecisionItem, "carried_from"): DECISION,
}
# Fields shaped like record ids that name something else.
NOT_RECORD_IDS = {(Provenance, "batch"): "an import batch of catalog/imports.yaml"}


def shown_on(block: Any, today: dt.date) -> bool:
    """Whether a dated block (BLOCK_DAY) has come by `today`; undated blocks always have."""
    name = BLOCK_DAY.get(type(block))
    day = getattr(block, name) if name else None
    return day is None or day <= today


@dataclass(frozen=True)
class _Scope:
    today: dt.date
    is_public: Callable[[Kind, str], bool]


def public_model(model: BaseModel, today: dt.date, is_public: Callable[[Kind, str], bool]) -> BaseModel:
    """The record's model as the public sees it on `today`; `is_public(kind, id)` says
    whether another record may be named."""
    return _project(model, _Scope(today, is_public))


_INTERNAL, _REFERENCE, _NESTED = "internal", "reference", "nested"


@functools.cache
def _plan(cls: type[BaseModel]) -> tuple[tuple[str, str, Any], ...]:
    """(field, what to do, default or kind) for the fields of a model class that the
    projection may change; plain values (text, numbers, dates) are kept as they are."""
    plan = []
    for name, info in cls.model_fields.items():
        kind = next((kind for (owner, field), kind in REFERENCES.items() if field == name and issubclass(cls, owner)), None)
        if name in INTERNAL_FIELDS or info.exclude is True:
            plan.append((name, _INTERNAL, info.get_default(call_default_factory=True)))
        elif kind is not None:
            plan.append((name, _REFERENCE, kind))
        elif _may_hold_model(info.annotation):
            plan.append((name, _NESTED, None))
    return tuple(plan)


def _may_hold_model(annotation: Any) -> bool:
    """Whether a field of this type may hold a model (or a list of them): the others are plain values the
    projection never looks at (looking at each of a model's 30 fields took 0.5 s of 10,000 records' projection)."""
    if annotation is Any or annotation is object:
        return True
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return True
    return any(_may_hold_model(argument) for argument in typing.get_args(annotation))


def _project(model: BaseModel, scope: _Scope) -> BaseModel:
    update = {}
    for name, action, extra in _plan(type(model)):
        value = getattr(model, name)
        if action is _INTERNAL:
            new = extra
        elif action is _REFERENCE:
            new = _visible_references(value, extra, scope)
        elif isinstance(value, BaseModel):
            new = _project(value, scope) if shown_on(value, scope.today) else None
        elif isinstance(value, list) and value and isinstance(value[0], BaseModel):
            new = [_project(item, scope) for item in value if shown_on(item, scope.today)]
        else:
            continue
        if new is not value and new != value:  # (a model kept as it was is the same object: no field by field comparison)
            update[name] = new
    projected = model.model_copy(update=update) if update else model
    return _refined(projected, scope.today)


def _visible_references(value, kind: Kind, scope: _Scope):
    if isinstance(value, list):
        return [record_id for record_id in value if scope.is_public(kind, record_id)]
    return value if value is None or scope.is_public(kind, value) else None


def _after(day, today: dt.date) -> bool:
    return day is not None and day > today


def _refined(model: BaseModel, today: dt.date) -> BaseModel:
    """Dates inside a block that has come (REFINED_DATES)."""
    update: dict = {}
    if isinstance(model, NormativeDocument):
        history = [change for change in model.history if change.date is None or change.date <= today]
        if history != model.history:
            update = {"history": history or _announced_start(model)}
    elif isinstance(model, LegalityReview) and _after(model.completed, today):
        # The opinion and its documents are the outcome of a review not completed yet.
        update = {"completed": None, "opinion": None, "documents": []}
    elif isinstance(model, DecisionCatalog):
        if _after(model.party_approval, today):
            update["party_approval"] = None
    elif isinstance(model, Adjustment) and _after(model.published, today):
        update = {"published": None}
    elif isinstance(model, Hearing):
        update = _hearing_update(model, today)
    return model.model_copy(update=update) if update else model


def _announced_start(document: NormativeDocument) -> list[StatusChange]:
    """Before any status change has come (a document published ahead of its 施行日期),
    its history says what the document itself announces: 现行有效 from the 施行日期
    (nothing, when a migrated source did not record that date)."""
    if document.effective is None:
        return []
    return [StatusChange.model_validate({"状态": Validity.IN_FORCE.value, "日期": document.effective})]


def _hearing_update(hearing: Hearing, today: dt.date) -> dict:
    """A hearing's notice announces its date, place, rules and materials (国务院令第713号
    第十七条: 提前公布…听证时间、地点): they are public from the notice on, or once the
    hearing has been held; the report only after the hearing."""
    update: dict = {}
    noticed = hearing.notice_date is not None and hearing.notice_date <= today
    held = hearing.date is not None and hearing.date <= today
    if _after(hearing.notice_date, today):
        update.update(notice_date=None, notice_link=None)
    for name in ("participants_published", "materials_sent", "selection_published"):
        if _after(getattr(hearing, name), today):
            update[name] = None
    if not (noticed or held):
        update.update(notice_link=None, selection_rules=None, date=None, place=None, documents=[])
    if not held:
        update.update(record_link=None, record_signed=None)
        kept = [d for d in update.get("documents", hearing.documents) if d.role not in AFTER_HEARING]
        update["documents"] = kept
    return {name: value for name, value in update.items() if getattr(hearing, name) != value}


def public_fields(model: BaseModel, mode: str = "json") -> dict:
    """The model's fields by their Chinese names, internal ones left out."""
    return model.model_dump(mode=mode, by_alias=True, exclude=set(INTERNAL_FIELDS))

