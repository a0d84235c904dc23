"""Calendar arithmetic on an anchor date, and TIMEX3 value strings.

``direction`` is -1 for "the most recent one on or before the anchor" (news default), +1 for
"the next one on or after the anchor" (future cue) and 0 for "the nearest one".
"""

from __future__ import annotations

import datetime as dt
import re

Direction = int


def day_value(day: dt.date) -> str:
    return day.isoformat()


def week_value(day: dt.date) -> str:
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def quarter_of(month: int) -> int:
    return (month - 1) // 3 + 1


def add_months(year: int, month: int, n: int) -> tuple[int, int]:
    index = year * 12 + (month - 1) + n
    return index // 12, index % 12 + 1


def add_days(day: dt.date, n: int) -> dt.date:
    return day + dt.timedelta(days=n)


def weekday_date(anchor: dt.date, weekday: int, direction: Direction) -> dt.date:
    """The day named ``weekday`` (0 = Monday) nearest the anchor in the given direction.

    The anchor's own weekday is the anchor itself in every direction ("the SDF said on Monday"
    in a Monday paper is that Monday).
    """
    back = (anchor.weekday() - weekday) % 7
    if direction < 0:
        return anchor - dt.timedelta(days=back)
    forward = (weekday - anchor.weekday()) % 7
    if direction > 0:
        return anchor + dt.timedelta(days=forward)
    return anchor - dt.timedelta(days=back) if back <= forward else anchor + dt.timedelta(forward)


def month_year(anchor: dt.date, month: int, direction: Direction) -> int:
    """The year of the month named ``month`` nearest the anchor in the given direction."""
    if direction < 0:
        return anchor.year if month <= anchor.month else anchor.year - 1
    if direction > 0:
        return anchor.year if month >= anchor.month else anchor.year + 1
    delta = month - anchor.month
    if delta > 6:
        return anchor.year - 1
    if delta < -6:
        return anchor.year + 1
    return anchor.year


def month_day_year(anchor: dt.date, month: int, day: int, direction: Direction) -> int:
    """The year of the day ``month``/``day`` nearest the anchor in the given direction."""
    here = (month, day)
    now = (anchor.month, anchor.day)
    if direction < 0:
        return anchor.year if here <= now else anchor.year - 1
    if direction > 0:
        return anchor.year if here >= now else anchor.year + 1
    return month_year(anchor, month, 0)


def valid_day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


_GRANULARITY = [
    (re.compile(r"^\d{4}-\d{2}-\d{2}"), "day"),
    (re.compile(r"^\d{4}-W\d{2}"), "week"),
    (re.compile(r"^\d{4}-\d{2}$"), "month"),
    (re.compile(r"^\d{4}-Q\d$"), "quarter"),
    (re.compile(r"^\d{4}$"), "year"),
    (re.compile(r"^\d{3}$"), "decade"),
    (re.compile(r"^\d{2}$"), "century"),
]


def granularity_of(value: str) -> str | None:
    """The calendar granularity a TIMEX3 value shows; ``None`` for durations, references,
    underspecified (``XXXX``) and half-year values."""
    for pattern, name in _GRANULARITY:
        if pattern.match(value):
            return name
    return None
