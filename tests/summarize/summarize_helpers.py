"""Small dated sentences written by hand, for the summarize tests."""

from __future__ import annotations

from dateline.model import DateEvidence, Sentence, TimeExpression


def dated(article: str, index: int, text: str, day: str | None = None,
          published: str | None = None) -> Sentence:
    """A sentence that names ``day`` itself, or is dated by its ``published`` day only."""
    if day:
        expr = TimeExpression(text="that day", start=0, end=8, type="DATE", value=day,
                              granularity="day", rule="test")
        return Sentence(article, index, 0, text, (expr,), DateEvidence(day, "day", "text"))
    event = DateEvidence(published, "day", "published") if published else None
    return Sentence(article, index, 0, text, (), event)
