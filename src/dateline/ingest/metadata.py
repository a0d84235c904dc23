"""Metadata inferred from the clean text: title, byline, agency, dateline, publication date.

(First version: fields given by the container only; text heuristics come with the cleaning work.)
"""

from __future__ import annotations

from dataclasses import dataclass

from dateline.ingest.cleaning import CleanText
from dateline.ingest.raw import RawDocument
from dateline.model import DateEvidence


@dataclass(frozen=True)
class Metadata:
    title: str | None = None
    outlet: str | None = None
    byline: str | None = None
    agency: str | None = None
    dateline: str | None = None
    published: DateEvidence | None = None
    date_evidence: tuple[DateEvidence, ...] = ()
    body: tuple[str, ...] = ()  # paragraphs left once title/byline lines are taken out


def infer_metadata(raw: RawDocument, clean: CleanText) -> Metadata:
    evidence = (raw.published,) if raw.published else ()
    return Metadata(title=raw.title, outlet=raw.outlet, byline=raw.byline,
                    published=raw.published, date_evidence=evidence, body=clean.paragraphs)
