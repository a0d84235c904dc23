"""The build result: every record a report or the web UI shows, in one document.

The stages compute; this module only gathers their records so that every output (JSON,
Markdown, HTML, web) renders the same thing. :class:`BuildResult` is what ``dateline build
--json`` prints and what ``schemas/v1/build.json`` describes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from dateline.model import (
    Article,
    Citation,
    CitedSentence,
    Claim,
    CopyLink,
    Entity,
    IngestError,
    Source,
    Story,
    TimelineEntry,
    finite,
    from_dict,
    open_bounds,
    to_dict,
)

FORMAT = "dateline-build"
VERSION = 1


@dataclass(frozen=True)
class Wording:
    """One outlet's words against another's for the same fact, over all aligned sentences.

    ``count``: aligned sentence pairs with this difference; ``example``: one such pair.
    """

    outlet: str
    words: str
    other_outlet: str
    other_words: str
    count: int
    example: tuple[Citation, ...] = ()


@dataclass(frozen=True)
class OutletOnly:
    """Sentences of one outlet that no other outlet of the story supports."""

    outlet: str
    sentences: tuple[CitedSentence, ...] = ()


@dataclass(frozen=True)
class SourceComparison:
    """How the outlets of a story report it: what only one reports, and how they word the
    same fact differently ("Daesh" / "Islamic State").

    The record of the summarize stage's comparison (``dateline.summarize.compare``) as the
    build document and ``dateline sources --json`` carry it.
    """

    outlets: tuple[str, ...] = ()
    unique: tuple[OutletOnly, ...] = ()
    wordings: tuple[Wording, ...] = ()

    @classmethod
    def of(cls, comparison: Any) -> SourceComparison:
        """The record of a ``dateline.summarize.compare.SourceComparison``."""
        return cls(
            tuple(comparison.outlets),
            tuple(OutletOnly(outlet, tuple(sentences)) for outlet, sentences in comparison.unique),
            tuple(Wording(w.outlet, w.words, w.other_outlet, w.other_words, w.count,
                          tuple(w.example)) for w in comparison.wordings))


@dataclass(frozen=True)
class StoryResult:
    """One story with what the summarize stage made of it.

    ``timeline`` is in date order; ``summary`` is the overview, a few cited sentences;
    ``comparison`` is the per-source comparison (``None`` when the build skipped it, e.g. for
    a story too large to align).
    """

    story: Story
    timeline: tuple[TimelineEntry, ...] = ()
    summary: tuple[CitedSentence, ...] = ()
    comparison: SourceComparison | None = None


@dataclass(frozen=True)
class BuildResult:
    """Everything one run produced.

    ``articles`` are the cleaned articles (every citation points into them); ``places`` lists,
    for articles read from more than one place, every place (exact copies across outlets).
    ``copies``, ``claims`` and ``entities`` cover the whole corpus; a story's share is the
    records whose article ids are the story's.
    """

    articles: tuple[Article, ...] = ()
    stories: tuple[StoryResult, ...] = ()
    copies: tuple[CopyLink, ...] = ()
    claims: tuple[Claim, ...] = ()
    entities: tuple[Entity, ...] = ()
    places: dict[str, tuple[Source, ...]] = field(default_factory=dict)
    errors: tuple[IngestError, ...] = ()
    generated_at: str | None = None
    format: str = FORMAT
    version: int = VERSION

    def article_map(self) -> dict[str, Article]:
        return {article.id: article for article in self.articles}


def result_to_dict(result: BuildResult) -> dict:
    """The build result as strict JSON data (valid against ``schemas/v1/build.json``)."""
    return finite(to_dict(result))


def result_from_dict(data: dict) -> BuildResult:
    """Rebuild a :class:`BuildResult` from :func:`result_to_dict` output."""
    places = {key: tuple(from_dict(Source, s) for s in value)
              for key, value in (data.get("places") or {}).items()}
    rest = {key: value for key, value in data.items() if key != "places"}
    rest["claims"] = [open_bounds(c) for c in rest.get("claims") or []]
    return replace(from_dict(BuildResult, rest), places=places)


def story_articles(result: BuildResult, story: Story) -> list[Article]:
    """The story's articles that the result holds, in the story's order."""
    articles = result.article_map()
    return [articles[i] for i in story.article_ids if i in articles]


def records_for(records: Iterable, article_ids: Iterable[str], *names: str) -> list:
    """Records whose ``names`` attribute (any of them) is one of ``article_ids``."""
    wanted = set(article_ids)
    return [r for r in records if any(getattr(r, name) in wanted for name in names)]


class RecordIndex:
    """:func:`records_for` for many stories of one build: the records are read once and
    indexed by the value of their ``names`` attributes (a report of 150 stories and 30,000
    claims would otherwise read every claim 150 times). Same records, in the same order."""

    def __init__(self, records: Iterable, *names: str) -> None:
        self.records = list(records)
        self.rows: dict[Any, list[int]] = {}
        for n, record in enumerate(self.records):
            for value in {getattr(record, name) for name in names}:
                self.rows.setdefault(value, []).append(n)

    def __call__(self, article_ids: Iterable[str]) -> list:
        """The records whose attribute (any of the names) is one of ``article_ids``."""
        rows = {n for i in set(article_ids) for n in self.rows.get(i, ())}
        return [self.records[n] for n in sorted(rows)]
