"""The lines around the start of a story: byline and dateline.

* A byline names who wrote or sent the story, often with dates: ``By AFP - Jul 04,2017 - Last
  updated at Jul 04,2017``, ``By John Smith and Jane Doe, Reuters``, ``Written by: Jane Doe``.
  :func:`parse_byline` accepts a line only when the part after "By" reads like names
  (capitalised words), so a sentence such as "By Tuesday, the forces had..." is not one.
* A dateline opens the first paragraph with the place the story was filed from:
  ``BEIRUT — ``, ``LONDON, July 4 (Reuters) - ``, ``Raqqa, Syria— ``, ``Raqqa: ``.
  :func:`parse_dateline` returns the place, the agency in brackets if any, and the paragraph
  without the prefix.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dateline.ingest.dates import FoundDate, find_dates

_BY = re.compile(r"^(?:by|written by|posted by|words by|reporting by|story by)\s*:?\s+",
                 re.IGNORECASE)
_SEPARATOR = re.compile(r"\s+[-–—|•·]\s+|\s*[|•·]\s*")
_CONNECTORS = {"and", "&", "of", "de", "del", "da", "van", "von", "der", "al", "el", "bin",
               "ibn", "the", "le", "la", "in", "staff", "correspondent", "writer", "reporter"}
_NOT_NAMES = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
              "january", "february", "march", "april", "may", "june", "july", "august",
              "september", "october", "november", "december", "the", "then", "now", "early",
              "late", "last", "next", "this", "that", "using", "contrast", "comparison", "far",
              "mid", "noon", "midnight", "dawn", "nightfall", "end", "all", "some", "most"}
MAX_BYLINE_WORDS = 25


@dataclass(frozen=True)
class Byline:
    """A byline line read: the names as written, and the dates it gives (published first)."""

    names: str
    dates: tuple[FoundDate, ...] = ()
    updated: tuple[FoundDate, ...] = ()
    line: str = ""  # the whole line, where an agency may follow the names ("| Reuters")


def _reads_like_names(text: str) -> bool:
    words = [w.strip(",.;") for w in text.replace(",", " , ").split()]
    words = [w for w in words if w]
    if not words or len(words) > 12 or words[0].lower() in _NOT_NAMES:
        return False
    for word in words:
        if word == "," or word.lower() in _CONNECTORS:
            continue
        if not (word[0].isupper() or word[0] == "@") or any(ch.isdigit() for ch in word):
            return False
    return True


def parse_byline(line: str) -> Byline | None:
    """The byline in ``line``, or ``None`` when the line is not a byline."""
    match = _BY.match(line)
    if match is None or len(line.split()) > MAX_BYLINE_WORDS:
        return None
    parts = [part.strip() for part in _SEPARATOR.split(line[match.end():]) if part.strip()]
    if not parts:
        return None
    names = parts[0].rstrip(",")
    dates_in_names = find_dates(names)
    if dates_in_names:  # "By AFP, Jul 04,2017": the names stop at the date
        names = names[: dates_in_names[0].start].rstrip(" ,")
    if not _reads_like_names(names):
        return None
    published: list[FoundDate] = list(dates_in_names)
    updated: list[FoundDate] = []
    for part in parts[1:]:
        found = find_dates(part)
        if re.match(r"(last )?(updated|modified|edited)\b", part, re.IGNORECASE):
            updated += found
        else:
            published += found
    return Byline(names, tuple(published), tuple(updated), line)


@dataclass(frozen=True)
class Dateline:
    """A dateline prefix: the place, the agency in brackets, and the paragraph without it."""

    place: str
    agency: str | None
    rest: str
    prefix: str
    day: str | None = None  # "July 4" or "July 4, 2017" when the dateline carries a date


_PLACE_CAPS = r"[A-Z][A-Z.'\-]*[A-Z.](?:\s+[A-Z][A-Z.'\-]*[A-Z.]){0,3}"
_PLACE_TITLE = r"[A-Z][a-z]+(?:[\s-][A-Z][a-z]+){0,2}"
_COUNTRY = r"(?:,\s*[A-Z][A-Za-z.'\-]+(?:\s+[A-Z][A-Za-z.'\-]+){0,2})?"
_DAY = r"(?:,\s*(?P<day>[A-Z][a-z]{2,8}\.?\s+\d{1,2}(?:,\s*\d{4})?))?"
_AGENCY = r"(?:\s*\((?P<agency>[A-Za-z][\w .&'\-]{1,40})\))?"
_DASH = r"(?:\s*[—–]\s*|\s+--?\s+)"
_DATELINE_CAPS = re.compile(
    r"(?P<place>" + _PLACE_CAPS + _COUNTRY + r")" + _DAY + _AGENCY + r"(?:" + _DASH + r"|:\s+)"
    r"(?=[\"'“‘A-Z0-9])")
_DATELINE_TITLE = re.compile(
    r"(?P<place>" + _PLACE_TITLE + _COUNTRY + r")" + _DAY + _AGENCY + r"(?:" + _DASH
    + r"|(?P<colon>:)\s+)(?=[\"'“‘A-Z0-9])")
_NOT_PLACES = {"update", "updated", "breaking", "exclusive", "analysis", "opinion", "comment",
               "editorial", "watch", "video", "photos", "live", "note", "warning", "review",
               "interview", "explainer", "factbox", "q", "a", "question", "answer", "correction",
               "editor's note", "advertisement", "sponsored", "read", "related", "source",
               "sources", "by", "and", "but", "meanwhile", "however", "today", "yesterday"}
MIN_REST_WORDS = 6
_AS_PLACE = (r"\b(?:in|of|near|from|to|around|outside|across|inside|into|at|toward|towards)"
             r"\s+(?:the\s+(?:city|town|village|province|region)\s+of\s+)?")


def parse_dateline(paragraph: str, article_text: str = "") -> Dateline | None:
    """The dateline at the start of ``paragraph``, or ``None``.

    ``article_text`` is the rest of the article: a dateline in ordinary capitalisation
    ("Raqqa: ...") is accepted only with a country, an agency, or when its place is named again
    as a place ("in Raqqa"), since "Update: ..." and "Smith: ..." have the same shape.
    """
    for pattern in (_DATELINE_CAPS, _DATELINE_TITLE):
        match = pattern.match(paragraph)
        if match is None:
            continue
        place = match.group("place").strip()
        rest = paragraph[match.end():]
        first = place.split(",")[0].strip()
        if first.lower() in _NOT_PLACES or len(rest.split()) < MIN_REST_WORDS:
            continue
        if pattern is _DATELINE_TITLE and "," not in place and not match.group("agency"):
            # "Smith: Thank you..." has the same shape: the place must be named as a place
            # again ("in Raqqa", "of Raqqa"), which a speaker's name seldom is.
            elsewhere = rest + "\n" + article_text
            if not re.search(_AS_PLACE + re.escape(first) + r"\b", elsewhere):
                continue
        return Dateline(place, match.group("agency"), rest, paragraph[: match.end()],
                        match.group("day"))
    return None


_DATELINE_ALONE = re.compile(
    r"(?P<place>" + _PLACE_CAPS + _COUNTRY + r")" + _DAY + _AGENCY + r"\s*(?:[—–]|--?)\s*")


def dateline_alone(paragraph: str) -> Dateline | None:
    """A dateline printed as a paragraph of its own (``WASHINGTON —``), else ``None``."""
    match = _DATELINE_ALONE.fullmatch(paragraph)
    if match is None or match.group("place").split(",")[0].lower() in _NOT_PLACES:
        return None
    return Dateline(match.group("place").strip(), match.group("agency"), "", paragraph,
                    match.group("day"))
