"""The records shared by every stage of dateline.

Every stage reads and writes these frozen dataclasses and nothing else, so the same per-article
code runs in a loop, a process pool or a Spark task. Dates carry their granularity and their
provenance: an unknown date is ``None``, never a guess from the crawl or the file time.

Records turn into plain JSON-able dicts with :func:`to_dict` and back with :func:`from_dict`.
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import math
import types
import typing
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar

Granularity = Literal["day", "week", "month", "quarter", "season", "year", "decade", "century"]

# ---------------------------------------------------------------------------------------------
# Dates


@dataclass(frozen=True)
class DateEvidence:
    """One piece of evidence for a date, and where it came from.

    ``value`` is a TIMEX3-style string whose length shows the granularity: ``2017-10-16`` (day),
    ``2017-W41`` (week), ``2017-06`` (month), ``2017`` (year).
    ``source`` names the kind of evidence: ``html-meta``, ``url``, ``byline``, ``caption``,
    ``caption+weekday``, ``text``, ``feed``, ``jsonl``, ``warc-header``, ``copy-of``.
    ``detail`` is the text or field that supports it (``"Jul 04,2017"``, ``"copy of 6fab4b70"``).
    ``confidence`` is in [0, 1]; several agreeing pieces of evidence raise it.
    """

    value: str
    granularity: Granularity
    source: str
    detail: str = ""
    confidence: float = 0.5


# ---------------------------------------------------------------------------------------------
# Articles


@dataclass(frozen=True)
class Source:
    """Where an article was read from. Every field that does not apply stays ``None``."""

    path: str | None = None
    url: str | None = None
    feed: str | None = None
    warc_record_id: str | None = None
    warc_offset: int | None = None
    line: int | None = None  # 1-based line of a JSONL file
    format: str = "text"  # text | html | jsonl | feed | warc | stdin
    # how a page's bytes were read (HTML and WARC pages): "utf-8 (valid UTF-8; declared
    # iso-8859-1 ignored)", "windows-1252 (declared iso-8859-1 in <meta>)"
    encoding: str | None = None

    def key(self) -> str:
        """A string that names this place uniquely (used to make re-ingesting idempotent)."""
        parts = [self.format, self.path or "", self.url or "", self.feed or ""]
        parts += [self.warc_record_id or "", str(self.warc_offset or ""), str(self.line or "")]
        return "|".join(parts)


@dataclass(frozen=True)
class RemovedText:
    """A line or block taken out of the article by cleaning, kept for audit."""

    text: str
    reason: str  # e.g. "comment-form", "related-video", "caption", "image-id", "navigation"


@dataclass(frozen=True)
class Article:
    """One news report after ingest and cleaning.

    ``id`` is :func:`article_id` of the clean text, so the same text read twice is one article.
    ``published`` is the best supported publication date (``None`` when nothing supports one);
    ``date_evidence`` holds every piece of evidence that was considered, including the rejected.
    ``captions`` are photo captions removed from the body; their dates are still evidence.
    """

    id: str
    source: Source
    paragraphs: tuple[str, ...]
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    agency: str | None = None  # Reuters, AFP, AP... when the text names one as its origin
    dateline: str | None = None  # "BEIRUT", "Raqqa"
    published: DateEvidence | None = None
    date_evidence: tuple[DateEvidence, ...] = ()
    language: str | None = None
    captions: tuple[str, ...] = ()
    removed: tuple[RemovedText, ...] = ()
    subtitle: str | None = None  # the standfirst under the title; not one of the paragraphs

    @property
    def text(self) -> str:
        return "\n\n".join(self.paragraphs)

    @property
    def published_day(self) -> str | None:
        """The publication date as ``YYYY-MM-DD`` when it is known to the day."""
        if self.published and self.published.granularity == "day":
            return self.published.value
        return None


_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})


def normalize_text(text: str) -> str:
    """Text reduced for identity: NFKC, typographic quotes folded, lower case, one space."""
    text = unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()
    return " ".join(text.split())  # split() cuts at the same whitespace as \s, faster


def article_id(text: str) -> str:
    """Stable id of an article: the first 16 hex digits of the SHA-1 of its normalized text."""
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()[:16]


@dataclass(frozen=True)
class IngestError:
    """An input that could not be turned into an article; the batch goes on without it."""

    path: str
    reason: str
    detail: str = ""


@dataclass(frozen=True)
class IngestWarning:
    """A file not read on purpose (hidden, a README, an image), or a field of a record read
    without its value (a JSONL date that is no date): said, and the batch goes on."""

    path: str
    reason: str
    detail: str = ""


# ---------------------------------------------------------------------------------------------
# Per-article analysis


@dataclass(frozen=True)
class TimeExpression:
    """A time expression in a sentence, normalized TIMEX3-style against the publication date.

    ``type`` is DATE, TIME, DURATION or SET. ``value`` is the TIMEX3 value (``2017-10-14``,
    ``2017-06``, ``P1M``, ``PRESENT_REF``, ``XXXX-WXX-1``); ``granularity`` is ``None`` for
    values that are not calendar dates. ``modifier`` keeps what the value cannot (``NI`` night,
    ``SU`` summer, ``START``, ``APPROX``). ``rule`` says why the value was chosen.
    Offsets are characters in the sentence text.
    """

    text: str
    start: int
    end: int
    type: Literal["DATE", "TIME", "DURATION", "SET"]
    value: str
    granularity: Granularity | None = None
    modifier: str | None = None
    rule: str = ""


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, with the date it reports on.

    ``event_date`` is the date of the sentence's own time expression, else the publication date
    (with lower ``date_confidence``), else ``None``.
    """

    article_id: str
    index: int
    paragraph: int
    text: str
    times: tuple[TimeExpression, ...] = ()
    event_date: DateEvidence | None = None


@dataclass(frozen=True)
class Mention:
    """A named entity mention in a sentence; offsets are characters in the sentence text."""

    article_id: str
    sentence: int
    start: int
    end: int
    text: str
    label: str  # PERSON, ORG, GPE, NORP, LOC, FAC...
    role: str | None = None  # "spokesman", "commander"
    title: str | None = None  # "Colonel", "Lieutenant General": a title written before the name


@dataclass(frozen=True)
class Claim:
    """A reported number: what it counts, its value or range, who said it, and when."""

    article_id: str
    sentence: int
    text: str  # the quantity as written: "200-300"
    low: float
    high: float
    what: str  # "foreign fighters remaining in Raqqa"
    said_by: str | None = None
    refers_to: DateEvidence | None = None
    group: str | None = None
    # Added by the entities stage (all optional): the counted noun's class ("fighter"), what
    # happened to it ("present", "killed", "fled"; "killed total" for a running total such as
    # "has killed 3,000 since March"), the place it is counted in, whether the
    # value is hedged ("about", "nearly"), the bound word ("at least" makes ``high`` infinite),
    # the unit ("percent", "dollar") and whether the text puts it before the reported time.
    counted: str = ""
    aspect: str = "present"
    place: str | None = None
    approx: bool = False
    qualifier: str | None = None
    unit: str | None = None
    earlier: bool = False
    start: int = -1  # character offsets of the quantity in the sentence text
    end: int = -1
    owner: str | None = None  # whose people are counted: "Daesh" in "250 Daesh fighters"
    # Set by the claim grouper when independent sources give another value for the same
    # quantity and time window: what disagrees, in words. Outputs show it; they never judge.
    conflict: str | None = None


@dataclass(frozen=True)
class AnalyzedArticle:
    """The output of the per-article analysis: the pure function ``Article -> AnalyzedArticle``."""

    article: Article
    sentences: tuple[Sentence, ...] = ()
    mentions: tuple[Mention, ...] = ()
    claims: tuple[Claim, ...] = ()


# ---------------------------------------------------------------------------------------------
# Corpus results


@dataclass(frozen=True)
class Edit:
    """A word-level change from the original to the copy: ``replace``, ``insert`` or ``delete``."""

    op: Literal["replace", "insert", "delete"]
    old: str
    new: str


@dataclass(frozen=True)
class AlignedPassage:
    """A sentence of the original aligned with a sentence of the copy (either may be absent)."""

    original: int | None  # sentence index in the original
    copy: int | None
    similarity: float
    edits: tuple[Edit, ...] = ()


@dataclass(frozen=True)
class CopyLink:
    """Two articles where one reuses the other.

    ``original`` is the earlier or attributed article, ``copy`` the derived one; ``direction``
    says how that was decided (``date``, ``attribution``, ``containment``, ``unknown``).
    """

    original: str
    copy: str
    similarity: float
    kind: Literal["exact", "near", "partial"]
    direction: str = "unknown"
    passages: tuple[AlignedPassage, ...] = ()


@dataclass(frozen=True)
class Citation:
    """An article that supports a statement, with the sentence that says it."""

    article_id: str
    sentence: int
    outlet: str | None = None
    exact: bool = True  # False for a paraphrase


@dataclass(frozen=True)
class CitedSentence:
    """A statement of the engine with every article that reports it.

    ``independent`` counts the citations once per group of copies.
    """

    text: str
    citations: tuple[Citation, ...]
    independent: int = 1


@dataclass(frozen=True)
class TimelineEntry:
    date: str
    granularity: Granularity
    sentences: tuple[CitedSentence, ...]


@dataclass(frozen=True)
class Event:
    """One development inside a story, on a day or a few days."""

    id: str
    story: str
    label: str
    first_date: str | None
    last_date: str | None
    article_ids: tuple[str, ...]


@dataclass(frozen=True)
class Story:
    """A long-running topic: the articles about it, its events and its numbers."""

    id: str
    label: str
    article_ids: tuple[str, ...]
    events: tuple[Event, ...] = ()
    first_date: str | None = None
    last_date: str | None = None
    outlets: tuple[str, ...] = ()
    independent_sources: int = 0


@dataclass(frozen=True)
class Alias:
    name: str
    evidence: tuple[str, ...] = ()


@dataclass(frozen=True)
class Entity:
    """One actor, place or group under all its names across sources."""

    id: str
    name: str
    label: str
    aliases: tuple[Alias, ...] = ()
    mentions: int = 0


# ---------------------------------------------------------------------------------------------
# Plain dicts, for JSON and the store

T = TypeVar("T")


_PLAIN = frozenset({str, int, float, bool, type(None)})


@functools.cache
def _field_names(cls: type) -> tuple[str, ...] | None:
    """The field names of a dataclass (``None`` for any other class), looked up once."""
    if not dataclasses.is_dataclass(cls):
        return None
    return tuple(f.name for f in dataclasses.fields(cls))


def to_dict(record: Any) -> Any:
    """A record (or tuple of records) as plain JSON-able data."""
    cls = type(record)
    if cls in _PLAIN:  # most values: returned before any other test
        return record
    names = _field_names(cls)
    if names is not None:
        return {name: to_dict(getattr(record, name)) for name in names}
    if isinstance(record, tuple | list):
        return [to_dict(item) for item in record]
    if isinstance(record, dict):
        return {key: to_dict(value) for key, value in record.items()}
    return record


def from_dict(cls: type[T], data: Any) -> T:
    """Rebuild a record of type ``cls`` from :func:`to_dict` output."""
    return _convert(cls, data)


def _convert(tp: Any, data: Any) -> Any:
    if data is None:
        return None
    try:
        convert = _converter(tp)
    except TypeError:  # an unhashable type form: inspect it on every call
        convert = _make_converter(tp)
    return convert(data)


def _identity(data: Any) -> Any:
    return data


@functools.cache
def _converter(tp: Any) -> Callable[[Any], Any]:
    # Type hints are resolved once per type, not on every record: every store read and
    # report load rebuilds thousands of records.
    return _make_converter(tp)


_PLAIN = (str, int, float, bool)


def _make_converter(tp: Any) -> Callable[[Any], Any]:
    """The function that rebuilds non-``None`` data of type ``tp`` (``None`` stays ``None``
    at every level, unknown keys are dropped, other values are kept as they are)."""
    if _is_plain(tp):
        return _identity
    origin = typing.get_origin(tp)
    if origin in (typing.Union, types.UnionType):
        options = [arg for arg in typing.get_args(tp) if arg is not type(None)]
        return (lambda data: _convert(options[0], data)) if len(options) == 1 else _identity
    if origin is tuple:
        item_type = typing.get_args(tp)[0]
        if _is_plain(item_type):  # the paragraphs: no call per item
            return tuple
        return lambda data: tuple(_convert(item_type, item) for item in data)
    if dataclasses.is_dataclass(tp):
        hints = typing.get_type_hints(tp)
        fields = {f.name: _field_converter(hints[f.name]) for f in dataclasses.fields(tp)}
        return lambda data: tp(**{k: fields[k](v) for k, v in data.items() if k in fields})
    return _identity


def _is_plain(tp: Any) -> bool:
    """A value kept as it is: a plain type, or an optional one."""
    if tp in _PLAIN:
        return True
    if typing.get_origin(tp) in (typing.Union, types.UnionType):
        return all(arg in _PLAIN or arg is type(None) for arg in typing.get_args(tp))
    return False


def _field_converter(tp: Any) -> Callable[[Any], Any]:
    # plain fields (most of a record's) skip the call through _convert
    return _identity if _is_plain(tp) else functools.partial(_convert, tp)


_JSON_LEAVES = frozenset({str, int, bool})


def finite(data: Any) -> Any:
    """``data`` with every infinite or NaN float as ``None``: strict JSON has no Infinity.

    A claim's open bound ("at least 21" has ``high`` = inf) is written as ``null``.
    """
    if data is None or type(data) in _JSON_LEAVES:  # most values: no isinstance chain
        return data
    if isinstance(data, float):
        return data if math.isfinite(data) else None
    if isinstance(data, dict):
        return {key: finite(value) for key, value in data.items()}
    if isinstance(data, list | tuple):
        return [finite(item) for item in data]
    return data


def open_bounds(claim: dict[str, Any]) -> dict[str, Any]:
    """A claim's data with ``null`` bounds read back as infinite (the inverse of :func:`finite`)."""
    fixed = dict(claim)
    if fixed.get("low", 0) is None:
        fixed["low"] = -math.inf
    if fixed.get("high", 0) is None:
        fixed["high"] = math.inf
    return fixed


__all__ = [
    "AlignedPassage", "Alias", "AnalyzedArticle", "Article", "Citation", "CitedSentence",
    "Claim", "CopyLink", "DateEvidence", "Edit", "Entity", "Event", "IngestError", "Mention",
    "RemovedText", "Sentence", "Source", "Story", "TimeExpression", "TimelineEntry",
    "article_id", "finite", "from_dict", "normalize_text", "open_bounds", "to_dict",
]
