"""Dates in article text: finding full dates, parsing date lines, resolving a weekday.

Only *full* dates (day, month and year) are found in running text: ``Jul 04,2017``,
``Sunday, Oct. 15, 2017``, ``6 June 2017``, ``2017-06-06``. A weekday alone ("on Monday") is
not a date; :func:`weekday_on_or_after` turns it into one against a known earlier date.
Nothing here raises on odd input: a string that is not a date gives ``None`` or nothing.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from dataclasses import dataclass

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = (r"(?P<{0}>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|"
          r"Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)?"
DATE_PATTERN = re.compile(
    _WEEKDAY
    + r"(?:" + _MONTH.format("m1") + r"\s+(?P<d1>\d{1,2})(?:st|nd|rd|th)?\s*,\s*(?P<y1>\d{4})"
    + r"|(?P<d2>\d{1,2})(?:st|nd|rd|th)?\s+" + _MONTH.format("m2") + r",?\s+(?P<y2>\d{4})"
    + r"|(?P<y3>\d{4})-(?P<m3>\d{2})-(?P<d3>\d{2}))\b",
    re.IGNORECASE,
)
WEEKDAY_PATTERN = re.compile(r"\b(" + "|".join(WEEKDAYS) + r")\b", re.IGNORECASE)
MIN_YEAR, MAX_YEAR = 1800, 2200


@dataclass(frozen=True)
class FoundDate:
    """A full date found in a text: the words as written and where they are."""

    text: str
    date: dt.date
    start: int
    end: int


def _make_date(year: str, month: str | int, day: str) -> dt.date | None:
    number = month if isinstance(month, int) else MONTHS.get(month[:3].lower())
    if number is None or not MIN_YEAR <= int(year) <= MAX_YEAR:
        return None
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:  # 31 June, 29 February of a common year
        return None


def find_dates(text: str) -> list[FoundDate]:
    """Every full date written in ``text`` (month names in English, or ISO), in order."""
    found = []
    for match in DATE_PATTERN.finditer(text):
        g = match.groupdict()
        if g["y1"]:
            date = _make_date(g["y1"], g["m1"], g["d1"])
        elif g["y2"]:
            date = _make_date(g["y2"], g["m2"], g["d2"])
        else:
            date = _make_date(g["y3"], int(g["m3"]), g["d3"])
        if date is not None:
            found.append(FoundDate(match.group(0).strip(" ,"), date, match.start(), match.end()))
    return found


_DATE_LINE_PREFIX = re.compile(
    r"^\s*(published|posted|updated|last updated|latest update|first published|date|created"
    r"|on)\b\s*"
    r"(on|at)?\s*:?\s*", re.IGNORECASE)
_DATE_SETTINGS = {"REQUIRE_PARTS": ["day", "month", "year"], "STRICT_PARSING": True,
                  "RETURN_AS_TIMEZONE_AWARE": False}


@functools.lru_cache(maxsize=4096)  # the same header line is asked about several times
def parse_date_line(text: str) -> dt.date | None:
    """The date of a line that is a date and nothing else (``Published: 4 July 2017 10:33``).

    A line of prose gives ``None``. Uses the regular pattern first, then dateparser (strict,
    English, day, month and year required) for the many other ways sites print a date.
    """
    if len(text) > 80:
        return None
    body = _DATE_LINE_PREFIX.sub("", text).strip(" |-–—,")
    if not body or len(body.split()) > 9:
        return None
    found = find_dates(body)
    if found and found[0].start == 0 and len(body[found[0].end:].split()) <= 4:
        return found[0].date
    import dateparser  # imported late: it costs a second at first use

    try:
        parsed = dateparser.parse(body, languages=["en"], settings=_DATE_SETTINGS)
    except Exception:  # dateparser raises assorted errors on odd strings; odd means "no date"
        return None
    if parsed is None or not MIN_YEAR <= parsed.year <= MAX_YEAR:
        return None
    return parsed.date()


def first_weekday(text: str) -> tuple[str, int] | None:
    """The first weekday named in ``text`` and its number (Monday = 0), else ``None``."""
    match = WEEKDAY_PATTERN.search(text)
    if match is None:
        return None
    name = match.group(1)
    return name, WEEKDAYS.index(name.lower())


def weekday_on_or_after(start: dt.date, weekday: int) -> dt.date:
    """The first day on or after ``start`` that falls on ``weekday`` (0 to 6 days later)."""
    return start + dt.timedelta(days=(weekday - start.weekday()) % 7)
