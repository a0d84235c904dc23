"""Helpers for the copies tests: small articles made from text."""

from __future__ import annotations

from dateline.model import Article, DateEvidence, Source, article_id


def make(paragraphs: list[str] | tuple[str, ...], *, date: str | None = None,
         outlet: str | None = None, agency: str | None = None, path: str = "t.txt") -> Article:
    published = DateEvidence(date, "day", "byline", date, 0.9) if date else None
    return Article(id=article_id("\n".join(paragraphs)), source=Source(path=path),
                   paragraphs=tuple(paragraphs), outlet=outlet, agency=agency,
                   published=published, date_evidence=(published,) if published else ())
