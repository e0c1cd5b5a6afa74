"""Counting time as the law counts it, in one place for every rule.

《中华人民共和国民法典》
- 第二百零一条: a period counted in days, months or years does not count the day it
  starts from; counting begins the next day. A period of N days from day D ends on D + N.
- 第二百零二条: a period in months or years ends on the corresponding day of the last
  month; where that month has no such day (29 February, 31st), on its last day.
- 第二百零三条: when the last day of a period is a 法定休假日, the period ends on the
  day after the holiday ends (the next working day, 调休 make-up days included).

Working-day periods (合法性审查, 政府信息公开 第二十六条, 政策解读) count the working
days after the starting day up to and including the end (WorkCalendar.working_days).
"""
from __future__ import annotations

import calendar
import datetime as dt

from .workdays import WorkCalendar


def days_between(start: dt.date, end: dt.date) -> int:
    """The length in days of a period from `start` to `end` (the starting day not counted)."""
    return (end - start).days


def after_days(start: dt.date, days: int) -> dt.date:
    """The last day of a period of `days` days from `start` (第二百零一条)."""
    return start + dt.timedelta(days=days)


def after_months(start: dt.date, months: int) -> dt.date:
    """The last day of a period of `months` months from `start` (第二百零二条)."""
    index = start.year * 12 + start.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return dt.date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def after_years(start: dt.date, years: int) -> dt.date:
    """The last day of a period of `years` years from `start` (第二百零二条): 29 February
    to 28 February in a common year."""
    return after_months(start, 12 * years)


def deadline(last_day: dt.date, calendar_: WorkCalendar) -> dt.date:
    """A period's last day moved past a 法定休假日 to the next working day (第二百零三条)."""
    day = last_day
    while not calendar_.is_workday(day):
        day += dt.timedelta(days=1)
    return day
