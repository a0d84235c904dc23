"""What a reader hands on: one document as found, before cleaning."""

from __future__ import annotations

from dataclasses import dataclass

from dateline.model import DateEvidence, IngestWarning, Source


@dataclass(frozen=True)
class RawDocument:
    """One document as a reader found it.

    Exactly one of ``text`` (plain text) and ``html`` is set. The other fields are metadata
    the container gave (a feed entry's title, a JSONL field, a WARC header), each ``None``
    when the container said nothing. ``warnings``: what the reader could not take from the
    container (a JSONL title that is a number, a date that is no date), said at ingest.
    """

    source: Source
    text: str | None = None
    html: str | None = None
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    published: DateEvidence | None = None
    language: str | None = None
    warnings: tuple[IngestWarning, ...] = ()
    # Dates the page itself carries (meta tags, URL, <time>, date text), for the chooser.
    date_evidence: tuple[DateEvidence, ...] = ()
