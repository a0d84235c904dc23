"""Records of the CLI's ``--json`` outputs that are not a record of ``model.py`` as they are.

Each command prints one of these (or a model record, or a list of them), so that its JSON
Schema is generated from the same dataclass that makes the output (``json_schema.COMMANDS``
says which schema each command's output follows).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

from dateline.entities.grouping import ClaimConflict, ClaimGroup
from dateline.model import CopyLink, DateEvidence, Entity, Sentence


@dataclass(frozen=True)
class CopyGroup:
    """Articles that copy one another; ``sources`` counts every place each was read at."""

    size: int
    articles: tuple[str, ...]
    sources: int


@dataclass(frozen=True)
class SameText:
    """One article (one normalized text) read at several places."""

    article: str
    sources: int


@dataclass(frozen=True)
class CopiesReport:
    """``dateline copies --json``: the groups of copies of the store and their links.

    ``independent`` counts the articles once per group of copies.
    """

    articles: int
    independent: int
    groups: tuple[CopyGroup, ...] = ()
    same_text: tuple[SameText, ...] = ()
    links: tuple[CopyLink, ...] = ()


@dataclass(frozen=True)
class CopyDiff(CopyLink):
    """``dateline diff A B --json``: the aligned copy link and the sentences its passages
    index (``original_sentences[passage.original]``, ``copy_sentences[passage.copy]``)."""

    original_sentences: tuple[str, ...] = ()
    copy_sentences: tuple[str, ...] = ()


@dataclass(frozen=True)
class ArticleDates:
    """``dateline dates ID --json``: the publication date, its evidence, and every sentence
    with its time expressions and event date."""

    article_id: str
    published: DateEvidence | None = None
    date_evidence: tuple[DateEvidence, ...] = ()
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class StorySummary:
    """One line of ``dateline stories --json``: a story without its article ids and events
    (``articles`` and ``events`` are counts; ``dateline story ID --json`` has them all)."""

    id: str
    label: str
    articles: int
    independent_sources: int
    outlets: tuple[str, ...] = ()
    first_date: str | None = None
    last_date: str | None = None
    events: int = 0


@dataclass(frozen=True)
class StoryEdit:
    """``dateline story-merge|story-split|story-undo --json``: the recorded operation (the id
    ``story-undo`` takes), the story it changed, and for a split the new story."""

    operation: int
    action: Literal["merge", "split", "undo"]
    story: str | None = None
    new_story: str | None = None


@dataclass(frozen=True)
class EntityReport(Entity):
    """One line of ``dateline entities --json``: an entity with its mentions per outlet."""

    mentions_by_source: dict[str, int] = field(default_factory=dict)


@dataclass(frozen=True)
class ClaimsReport:
    """``dateline claims --json``: the conflicts (values the sources disagree on), then every
    group of claims with its series. Open bounds ("at least 21") are ``null``."""

    conflicts: tuple[ClaimConflict, ...] = ()
    groups: tuple[ClaimGroup, ...] = ()


@dataclass
class BuildCounts:
    """What a Spark build wrote, and seconds per step."""

    articles: int = 0
    unique: int = 0
    errors: int = 0
    links: int = 0
    stories: int = 0
    blocks: int = 0
    dated_copies: int = 0
    analyzed: int = 0
    timelines: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


@dataclass
class ImportCounts:
    """What an import added to the store."""

    added: int = 0
    known: int = 0
    errors: int = 0
    links: int = 0
    copies_index: bool = False
    stories: int = 0
    dated_copies: int = 0
    timelines: int = 0
    claims: int = 0
    entities: int = 0
