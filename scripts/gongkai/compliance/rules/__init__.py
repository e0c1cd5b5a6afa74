"""The rules: each has an id, a Chinese description, the legal source it
enforces, a default level, and a check over the validated catalog.

Rules live by subject in the modules below; importing this package registers
them all, in the order they are listed in the staff guide.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import cached_property
from typing import Callable, Iterator, Optional

from ...model.compliance import ComplianceSettings, RuleLevel
from ...records import Catalog, Record
from ...release import Released, released
from ..workdays import WorkCalendar


@dataclass(frozen=True)
class Finding:
    record: Optional[Record]  # None: about a whole column, named by `folder`
    loc: tuple
    message: str
    hint: str
    folder: str = ""  # under the catalog folder, for findings without a record


@dataclass(frozen=True)
class Context:
    catalog: Catalog
    settings: ComplianceSettings
    calendar: WorkCalendar
    today: dt.date

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
    check: Callable[[Context], Iterator[Finding]]


RULES: list[Rule] = []


def rule(rule_id: str, description: str, source: str, level: RuleLevel = RuleLevel.ERROR):
    def register(check):
        RULES.append(Rule(rule_id, description, source, level, check))
        return check
    return register


def add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


from . import decisions, documents, publication  # noqa: E402,F401  (registers the rules)
