"""Dates as containers give them (a JSONL field, a feed's ``<pubDate>``), read without guessing.

A date field is read as ISO 8601, ``YYYYMMDD`` (also as a JSON number: ``20170610``) or RFC 822.
A number is Unix time only when the field is declared so (``--field date=KEY:epoch``, or
``KEY:epoch-ms`` for milliseconds) and it falls in :data:`EPOCH_RANGE`: read undeclared,
``20170610`` seconds would be 1970-08-22. Anything else is refused with the reason
(:class:`FieldError`), never guessed: "yesterday" has no date without a reference.
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime
from email.utils import parsedate_tz

from dateline.model import DateEvidence, Granularity

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T ]\d)")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")
_NUMBER = re.compile(r"^\d{1,16}(?:\.\d*)?$")

# Seconds per unit of a declared Unix time, and the instants a news date may fall between.
EPOCH_UNITS = {"epoch": 1, "epoch-ms": 1000}
EPOCH_RANGE = (datetime(1980, 1, 1, tzinfo=UTC), datetime(2100, 1, 1, tzinfo=UTC))
# Years a YYYYMMDD number may have (12345678 is no date).
COMPACT_YEARS = (1800, 2199)


class FieldError(ValueError):
    """A container's field is not what it should be; the message says what it is instead."""


def kind_of(value: object) -> str:
    """A JSON value's type as a user reads it: ``a number (123)``, ``a list``."""
    if isinstance(value, bool):
        return f"a boolean ({str(value).lower()})"
    if isinstance(value, int | float):
        return f"a number ({value})"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "an object"
    if value is None:
        return "null"
    return f"a string ({_short(str(value))})"


def _short(text: str) -> str:
    return repr(text if len(text) <= 40 else text[:40] + "...")


def read_date(value: object, unit: str | None = None) -> tuple[str, Granularity]:
    """A container's date as ``(TIMEX3 value, granularity)``; :class:`FieldError` otherwise.

    ISO 8601 keeps the publisher's local day (``2017-07-04T23:00:00-05:00`` is the 4th, not
    the UTC 5th). ``unit`` (``epoch`` or ``epoch-ms``) declares numbers as Unix time.
    """
    if unit is not None and unit not in EPOCH_UNITS:
        raise ValueError(f"unknown date unit {unit!r}; use {' or '.join(EPOCH_UNITS)}")
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise FieldError(f"{kind_of(value)}, not a date")
    if isinstance(value, int | float):
        return _number_date(value, unit)
    text = value.strip()
    if unit and _NUMBER.match(text):
        return _number_date(float(text), unit)
    match = _ISO.match(text) or _COMPACT.match(text)
    if match:
        return _checked(value, *match.groups())
    parts = parsedate_tz(text)
    if parts and parts[0] > 0:
        return _checked(value, f"{parts[0]:04d}", f"{parts[1]:02d}", f"{parts[2]:02d}")
    raise FieldError(f"{_short(text)} is not a date (ISO 8601, YYYYMMDD or RFC 822 are read)")


def _number_date(value: float, unit: str | None) -> tuple[str, Granularity]:
    if not math.isfinite(value):
        raise FieldError(f"{value} is not a date")
    if value == int(value) and COMPACT_YEARS[0] * 10**4 <= value < (COMPACT_YEARS[1] + 1) * 10**4:
        match = _COMPACT.match(str(int(value)))
        if match and _valid(*match.groups()):
            return _checked(value, *match.groups())
    if unit is None:
        raise FieldError(f"the number {value} is not a YYYYMMDD date; if it is Unix time, "
                         "declare it: --field date=KEY:epoch (or KEY:epoch-ms)")
    try:
        when = datetime.fromtimestamp(value / EPOCH_UNITS[unit], UTC)
    except (OverflowError, OSError, ValueError):
        when = None
    if when is None or not EPOCH_RANGE[0] <= when < EPOCH_RANGE[1]:
        shown = "out of range" if when is None else when.date().isoformat()
        raise FieldError(f"{value} as Unix time ({unit}) is {shown}, not between "
                         f"{EPOCH_RANGE[0].year} and {EPOCH_RANGE[1].year - 1}")
    return when.date().isoformat(), "day"


def _valid(year: str, month: str | None, day: str | None) -> bool:
    try:
        datetime(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return False
    return True


def _checked(raw: object, year: str, month: str | None, day: str | None
             ) -> tuple[str, Granularity]:
    if not _valid(year, month, day):
        raise FieldError(f"{_short(str(raw))} is not a calendar date")
    if day:
        return f"{year}-{month}-{day}", "day"
    if month:
        return f"{year}-{month}", "month"
    return year, "year"


def parse_date(value: object, unit: str | None = None) -> tuple[str, Granularity] | None:
    """:func:`read_date`, with ``None`` for a value that is no date."""
    try:
        return read_date(value, unit)
    except FieldError:
        return None


def date_evidence(value: object, source: str, field: str, confidence: float) -> DateEvidence | None:
    """:func:`parse_date` as evidence, ``detail`` naming the field and its raw value."""
    parsed = parse_date(value)
    if parsed is None:
        return None
    return DateEvidence(parsed[0], parsed[1], source, f"{field}: {value}", confidence)
