"""Deadlines coming up, by date, for the staff report: what is due, on which
record, computed with the same local numbers the rules use."""
from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Callable, Iterator

from .. import memo
from ..kinds import DECISION, DOCUMENT, HEARING
from ..model.compliance import ComplianceSettings
from ..model.decision import DecisionStatus
from ..records import Record, Records
from .periods import after_days
from .rules.documents import cleanup_due_date, filing_due, filing_recipients
from .workdays import CalendarGap, WorkCalendar, calendar_for


@dataclass(frozen=True)
class Deadline:
    date: dt.date
    record: Record
    what: str


def _document_deadlines(record: Record, settings: ComplianceSettings, calendar: WorkCalendar) -> Iterator[Deadline]:
    model = record.model
    if model.expires:
        yield Deadline(model.expires, record, "有效期届满")
    try:
        due = filing_due(model, settings, calendar)
    except CalendarGap:  # a year the holiday calendar does not know yet: the day itself, not moved
        due = after_days(model.published, settings.filing_days)
    for keyword in filing_recipients(model, settings):
        if not any(keyword in f.recipient for f in model.filings):
            yield Deadline(due, record, f"向{keyword}报送备案的期限")
    cleanup = cleanup_due_date(model, settings)
    if cleanup:
        yield Deadline(cleanup[1], record, f"{settings.cleanup_years}年一次的清理到期")


def _decision_deadlines(decision: Record) -> Iterator[Deadline]:
    item = decision.model
    if item.planned_completion and item.status in (DecisionStatus.PLANNED, DecisionStatus.IN_PROGRESS):
        yield Deadline(item.planned_completion, decision, "计划完成时间")
    hearing = item.procedure.hearing
    if hearing and hearing.date:
        yield Deadline(hearing.date, decision, "举行听证")


def _hearing_deadlines(standalone: Record) -> Iterator[Deadline]:
    if standalone.model.date:
        yield Deadline(standalone.model.date, standalone, "举行听证")


def _all_deadlines(catalog: Records, settings: ComplianceSettings, calendar: WorkCalendar) -> Iterator[Deadline]:
    """Each record's deadlines; serve keeps a record's while it is the same object and the settings are equal."""
    def kept(record: Record, compute: Callable[[], Iterator[Deadline]]) -> list[Deadline]:
        return memo.of_object_while("deadlines", record, lambda: (list(compute()), settings), lambda noted: noted == settings)

    for record in catalog.of(DOCUMENT):
        yield from kept(record, functools.partial(_document_deadlines, record, settings, calendar))
    for decision in catalog.of(DECISION):
        yield from kept(decision, functools.partial(_decision_deadlines, decision))
    for standalone in catalog.of(HEARING):
        yield from kept(standalone, functools.partial(_hearing_deadlines, standalone))


def upcoming_deadlines(catalog: Records, settings: ComplianceSettings, today: dt.date, days: int) -> list[Deadline]:
    """Deadlines from `today` through `days` days ahead, earliest first."""
    last = today + dt.timedelta(days=days)
    found = [d for d in _all_deadlines(catalog, settings, calendar_for(settings)) if today <= d.date <= last]
    return sorted(found, key=lambda d: (d.date, d.record.path, d.what))
