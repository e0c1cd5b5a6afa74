"""China's official working-day calendar, 调休 make-up days included.

The chinese-calendar package covers the years the State Council has announced;
catalog/compliance.yaml may add days for later years. A rule that needs a year
neither knows fails loudly (CalendarGap) instead of guessing.
"""
from __future__ import annotations

import datetime as dt
from typing import AbstractSet

import chinese_calendar

from .. import memo
from ..model.compliance import ComplianceSettings, DayType


class CalendarGap(Exception):
    def __init__(self, year: int):
        self.year = year
        super().__init__(f"没有 {year} 年的节假日安排")


class WorkCalendar:
    def __init__(self, extra_workdays: AbstractSet[dt.date] = frozenset(), extra_holidays: AbstractSet[dt.date] = frozenset(),
                 extra_years: AbstractSet[int] = frozenset()):
        self.extra_workdays = set(extra_workdays)
        self.extra_holidays = set(extra_holidays)
        # Years described entirely by the override file: weekends off unless listed.
        self.extra_years = set(extra_years)
        self._known: dict[dt.date, bool] = {}
        self._through: dict[int, list[int]] = {}  # year -> working days from 1 January through each of its days
        self._gap_years: set[int] = set()  # years with a day neither calendar knows

    def is_workday(self, day: dt.date) -> bool:
        if day not in self._known:
            self._known[day] = self._lookup(day)
        return self._known[day]

    def _lookup(self, day: dt.date) -> bool:
        if day in self.extra_workdays:
            return True
        if day in self.extra_holidays:
            return False
        if day.year in self.extra_years:
            return day.weekday() < 5
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            raise CalendarGap(day.year) from None

    def working_days(self, start: dt.date, end: dt.date) -> int:
        """Working days after `start` up to and including `end` (the day of submission not counted).
        Counted from each year's running totals: the rules ask this for every record on every build."""
        if end <= start:
            return 0
        try:
            count = self._year(end.year)[end.timetuple().tm_yday - 1] - self._year(start.year)[start.timetuple().tm_yday - 1]
            for year in range(start.year, end.year):
                count += self._year(year)[-1]
            return count
        except CalendarGap:
            return self._counted(start, end)  # a year not known in full: day by day, as far as it is known

    def _counted(self, start: dt.date, end: dt.date) -> int:
        count = 0
        day = start + dt.timedelta(days=1)
        while day <= end:
            count += self.is_workday(day)
            day += dt.timedelta(days=1)
        return count

    def _year(self, year: int) -> list[int]:
        """Working days from 1 January of `year` through each of its days (CalendarGap when a day is unknown)."""
        if year in self._gap_years:
            raise CalendarGap(year)
        if year not in self._through:
            totals, count, day = [], 0, dt.date(year, 1, 1)
            try:
                while day.year == year:
                    count += self.is_workday(day)
                    totals.append(count)
                    day += dt.timedelta(days=1)
            except CalendarGap:
                self._gap_years.add(year)
                raise
            self._through[year] = totals
        return self._through[year]


def calendar_for(settings: ComplianceSettings) -> WorkCalendar:
    """The official calendar with the local additions of compliance.yaml."""
    workdays = {d.date for d in settings.calendar if d.kind is DayType.WORKDAY}
    holidays = {d.date for d in settings.calendar if d.kind is DayType.HOLIDAY}
    extra_years = frozenset(settings.full_years)
    # serve keeps the calendar (and the days it has looked up) while compliance.yaml's days are the same.
    return memo.cached(("work calendar", frozenset(workdays), frozenset(holidays), extra_years),
                       lambda: WorkCalendar(workdays, holidays, extra_years))
