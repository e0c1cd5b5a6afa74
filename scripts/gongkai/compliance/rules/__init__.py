"""The rules: each has an id, a Chinese description, the legal source it
enforces, a default level, and a check over the validated catalog.

Rules live by subject in the modules below; importing this package registers
them all, in the order they are listed in the staff guide.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from functools import cached_property
from typing import Callable, Iterator, Optional

from ...model.compliance import ComplianceSettings, RuleLevel
from ...kinds import Kind
from ...records import Catalog, Record
from ...unrecorded import is_unrecorded
from ...release import Released, released
from ..workdays import WorkCalendar


@dataclass(frozen=True)
class Finding:
    record: Optional[Record]  # None: about a whole column, named by `folder`
    loc: tuple
    message: str
    hint: str
    folder: str = ""  # under the catalog folder, for findings without a record
    # About a fact a migrated record's source did not record: reported as a 提示 at most,
    # since its absence says nothing about whether the step happened.
    unrecorded: bool = False
    # A reminder before a deadline has passed: a 提示, whatever the rule's level.
    reminder: bool = False


@dataclass(frozen=True)
class Context:
    catalog: Catalog
    settings: ComplianceSettings
    calendar: WorkCalendar
    today: dt.date

    # What several rules ask, worked out once for them (keyed by what it is).
    shared: dict = field(default_factory=dict, compare=False, repr=False)

    @cached_property
    def released(self) -> Released:
        """What is released today, worked out once for the rules that ask."""
        return released(self.catalog, self.today)


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    source: str
    level: RuleLevel
    check: Optional[Callable[[Context], Iterator[Finding]]]  # a rule of the whole catalog (None: see judge)
    # The day the rule's legal source took effect: acts before it are not judged by it.
    in_force_from: Optional[dt.date] = None
    words: str = ""  # the words of the article, as the staff report prints them beside the rule
    why: str = ""  # why the rule has its level: 应当/不得 without qualification is an error; 一般、可以 and local practice are not
    # A rule that judges each record of these kinds on its own, judge(context, record). Such a judgment may
    # look records up (context.catalog.find) but not go through a kind:
    # serve keeps a record's findings while the record and every answer its judgment got are the same.
    judges: tuple[Kind, ...] = ()
    judge: Optional[Callable[[Context, Record], Iterator[Finding]]] = None


RULES: list[Rule] = []


def rule(rule_id: str, description: str, source: str, level: RuleLevel = RuleLevel.ERROR,
         in_force_from: Optional[dt.date] = None, words: str = "", why: str = "", judges: tuple[Kind, ...] = ()):
    """Register a rule: check(context) over the catalog, or with `judges`, judge(context, record) for each
    record of those kinds."""
    def register(check):
        if judges:
            RULES.append(Rule(rule_id, description, source, level, None, in_force_from, words, why, judges, check))
        else:
            RULES.append(Rule(rule_id, description, source, level, check, in_force_from, words, why))
        return check
    return register


# 《重大行政决策程序暂行条例》（国务院令第713号）took effect on 1 September 2019.
ORDINANCE_713 = dt.date(2019, 9, 1)


def act_date(catalog: Catalog, record: Record) -> Optional[dt.date]:
    """When a record's act happened, for judging it by the rules of its time: its own
    发布日期 (成文日期 first for a document), else its year catalog's, else 1 January of its year."""
    model = record.model
    own = getattr(model, "written", None) or getattr(model, "published", None)
    if own is not None:
        return own
    if record.kind.year_catalog is not None:
        year = catalog.find(record.kind.year_catalog, str(record.year))
        if year is not None and year.model.published is not None:
            return year.model.published
    return dt.date(record.year, 1, 1) if record.year else None


def unrecorded(record: Record, attribute: str) -> bool:
    """Whether a migrated record's source left this fact out (see Finding.unrecorded)."""
    return is_unrecorded(record.model, attribute)


from . import decisions, documents, publication  # noqa: E402,F401  (registers the rules)
