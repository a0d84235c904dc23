"""What a story or an event is called, and the figures shown next to it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from dateline.model import Article

_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"'])")
MAX_LABEL = 110


@dataclass(frozen=True)
class ArticleInfo:
    """What the stories stage keeps of each article: enough for labels and figures."""

    id: str
    date: str | None  # YYYY-MM-DD when known to the day
    headline: str
    outlet: str | None
    group: str  # the id of the first article of its copy group (its own id when no copy)


def headline(article: Article) -> str:
    """A short title for an article: its title, else its first line that reads like one.

    Very short lines (image ids, "You are here") and long paragraphs are passed over; the first
    sentence of the body is the last resort.
    """
    if article.title:
        return _cut(article.title)
    for paragraph in article.paragraphs[:4]:
        words = paragraph.split()
        if 4 <= len(words) <= 20 and any(ch.isalpha() for ch in paragraph):
            return _cut(paragraph)
    for paragraph in article.paragraphs:
        if len(paragraph.split()) >= 4:
            return _cut(_SENTENCE_END.split(paragraph, maxsplit=1)[0])
    return _cut(article.paragraphs[0] if article.paragraphs else article.id)


def _cut(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_LABEL:
        return text
    return text[: MAX_LABEL - 1].rsplit(" ", 1)[0] + "\u2026"


def info(article: Article, group: str | None = None) -> ArticleInfo:
    """The :class:`ArticleInfo` of an article (a pure function)."""
    return ArticleInfo(article.id, article.published_day, headline(article),
                       article.outlet or article.agency, group or article.id)


def date_range(infos: Iterable[ArticleInfo]) -> tuple[str | None, str | None]:
    dates = sorted(i.date for i in infos if i.date)
    return (dates[0], dates[-1]) if dates else (None, None)


def outlets(infos: Iterable[ArticleInfo]) -> tuple[str, ...]:
    return tuple(sorted({i.outlet for i in infos if i.outlet}))


def independent(infos: Iterable[ArticleInfo]) -> int:
    """Articles counted once per group of copies."""
    return len({i.group for i in infos})
