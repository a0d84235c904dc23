"""Dates as containers give them (a JSONL field, a feed's ``<pubDate>``), read without guessing."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.utils import parsedate_tz

from dateline.model import DateEvidence, Granularity

_ISO = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?(?:$|[T ]\d)")
_COMPACT = re.compile(r"^(\d{4})(\d{2})(\d{2})$")


def parse_date(value: object) -> tuple[str, Granularity] | None:
    """A container's date as ``(TIMEX3 value, granularity)``, or ``None`` if it is not one.

    Accepts ISO 8601 (``2017-07-04``, ``2017-07-04T10:00:00+03:00``: the publisher's local day
    is kept, not the UTC day), ``2017-07``, ``2017``, ``20170704``, RFC 822 (``Tue, 04 Jul 2017
    10:00:00 GMT``) and Unix seconds. Anything else is refused rather than guessed: relative
    words like "yesterday" have no date without a reference.
    """
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        if not 0 < value < 4_102_444_800:  # up to 2100
            return None
        return datetime.fromtimestamp(value, UTC).date().isoformat(), "day"
    text = str(value).strip()
    match = _ISO.match(text) or _COMPACT.match(text)
    if match:
        year, month, day = match.groups()
        return _checked(year, month, day)
    parts = parsedate_tz(text)
    if parts and parts[0] > 0:
        return _checked(f"{parts[0]:04d}", f"{parts[1]:02d}", f"{parts[2]:02d}")
    return None


def _checked(year: str, month: str | None, day: str | None) -> tuple[str, Granularity] | None:
    try:
        datetime(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    if day:
        return f"{year}-{month}-{day}", "day"
    if month:
        return f"{year}-{month}", "month"
    return year, "year"


def date_evidence(value: object, source: str, field: str, confidence: float) -> DateEvidence | None:
    """:func:`parse_date` as evidence, ``detail`` naming the field and its raw value."""
    parsed = parse_date(value)
    if parsed is None:
        return None
    return DateEvidence(parsed[0], parsed[1], source, f"{field}: {value}", confidence)
