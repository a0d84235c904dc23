"""What every renderer shows, worked out once: axis positions, claim groups, source rows, diffs.

These helpers only arrange the records of a build (they compute nothing the stages did not);
Markdown, HTML and the web UI all call them so the three show the same thing. Text comes back
as plain strings or ``(text, kind)`` segments: escaping is the renderer's job.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from dateline.copies.sources import copy_components
from dateline.entities.grouping import conflict_rank, conflict_reason
from dateline.model import Article, Claim, CopyLink, Edit, TimelineEntry
from dateline.report.document import StoryResult
from dateline.sentences import article_sentences
from dateline.stories.labels import headline

# ---------------------------------------------------------------------------------------------
# Dates on an axis

_WEEK = re.compile(r"^(\d{4})-W(\d{2})")
_QUARTER = re.compile(r"^(\d{4})-Q(\d)")
_SEASON = {"SP": 3, "SU": 6, "FA": 9, "AU": 9, "WI": 12}


def date_ordinal(value: str | None) -> int | None:
    """The first day of a TIMEX3 date value as a day number, ``None`` if it is not a date."""
    if not value:
        return None
    try:
        if match := _WEEK.match(value):
            return dt.date.fromisocalendar(int(match[1]), int(match[2]), 1).toordinal()
        if match := _QUARTER.match(value):
            return dt.date(int(match[1]), 3 * int(match[2]) - 2, 1).toordinal()
        parts = value.split("-")
        year = int(parts[0][:4])
        if len(parts[0]) == 3:  # a decade, "201"
            return dt.date(int(parts[0]) * 10, 1, 1).toordinal()
        if len(parts) == 1:
            return dt.date(year, 1, 1).toordinal()
        if parts[1] in _SEASON:
            return dt.date(year, _SEASON[parts[1]], 1).toordinal()
        month = int(parts[1])
        day = int(parts[2][:2]) if len(parts) > 2 else 1
        return dt.date(year, month, day).toordinal()
    except (ValueError, IndexError):
        return None


@dataclass(frozen=True)
class AxisPoint:
    date: str
    position: float  # percent of the axis width, 0..100
    citations: int
    sentences: int
    anchor: str


@dataclass(frozen=True)
class Axis:
    points: tuple[AxisPoint, ...]
    ticks: tuple[tuple[str, float], ...]  # (label, position)
    undated: int = 0


def entry_citations(entry: TimelineEntry) -> int:
    return sum(len(s.citations) for s in entry.sentences)


def timeline_axis(timeline: Sequence[TimelineEntry], anchor_prefix: str) -> Axis:
    """Timeline entries placed on a date axis, with year or month ticks between the ends."""
    dated = [(date_ordinal(e.date), e) for e in timeline]
    known = [(o, e) for o, e in dated if o is not None]
    if not known:
        return Axis((), (), undated=len(dated))
    low = min(o for o, _ in known)
    high = max(o for o, _ in known)
    span = max(high - low, 1)
    points = tuple(
        AxisPoint(e.date, round(100 * (o - low) / span, 2) if high > low else 50.0,
                  entry_citations(e), len(e.sentences), f"{anchor_prefix}{e.date}")
        for o, e in known
    )
    return Axis(points, _ticks(low, high), undated=len(dated) - len(known))


def _ticks(low: int, high: int) -> tuple[tuple[str, float], ...]:
    first, last = dt.date.fromordinal(low), dt.date.fromordinal(high)
    span = max(high - low, 1)
    if high - low > 3 * 365:
        marks = [dt.date(y, 1, 1) for y in range(first.year, last.year + 2)]
        fmt = "%Y"
    elif high - low > 60:
        marks, day = [], dt.date(first.year, first.month, 1)
        while day <= last:
            marks.append(day)
            day = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
        fmt = "%b %Y"
    else:
        step = max(1, (high - low) // 6)
        marks = [dt.date.fromordinal(o) for o in range(low, high + 1, step)]
        fmt = "%d %b %Y"
    ticks = [(m.strftime(fmt), round(100 * (m.toordinal() - low) / span, 2)) for m in marks]
    return tuple((label, pos) for label, pos in ticks if 0 <= pos <= 100)


# ---------------------------------------------------------------------------------------------
# Claims


@dataclass(frozen=True)
class ClaimGroup:
    """Claims about one quantity; ``conflict`` when the claim grouper flagged any of them,
    ``reason`` the grouper's reason for the surest of its conflicts ("contradiction, ...",
    "consistent, 250 is within 200-300, 1 day apart")."""

    what: str
    claims: tuple[Claim, ...]
    conflict: bool
    reason: str = ""


def claim_groups(claims: Iterable[Claim]) -> list[ClaimGroup]:
    """Claims grouped by ``Claim.group`` (else by what they count): contradictions first, then
    differing figures that are consistent, then the rest (the grouper's ranking)."""
    groups: dict[str, list[Claim]] = defaultdict(list)
    names: dict[str, str] = {}
    for claim in claims:
        key = claim.group or claim.what.strip().lower()
        groups[key].append(claim)
        names.setdefault(key, claim.what)
    result = []
    for key, items in groups.items():
        surest = min((c.conflict for c in items if c.conflict), key=conflict_rank, default=None)
        result.append(ClaimGroup(names[key], tuple(items), surest is not None,
                                 conflict_reason(surest)))
    return sorted(result, key=lambda g: (min(conflict_rank(c.conflict) for c in g.claims),
                                         -len(g.claims), g.what))


def format_quantity(claim: Claim) -> str:
    def num(x: float) -> str:
        return f"{x:,.0f}" if float(x).is_integer() else f"{x:,g}"

    if math.isinf(claim.high) and math.isinf(claim.low):
        return "any number"
    if math.isinf(claim.high):
        return f"at least {num(claim.low)}"
    if math.isinf(claim.low):
        return f"at most {num(claim.high)}"
    return num(claim.low) if claim.low == claim.high else f"{num(claim.low)}–{num(claim.high)}"


# ---------------------------------------------------------------------------------------------
# Sources


def outlet_of(row: Mapping[str, Any] | Article | None) -> str:
    """The name a reader knows an article by: outlet, else agency, else "unknown outlet"."""
    if row is None:
        return "unknown outlet"
    if isinstance(row, Article):
        return row.outlet or row.agency or "unknown outlet"
    return row.get("outlet") or row.get("agency") or "unknown outlet"


@dataclass
class SourceRow:
    """What one outlet contributed to a story."""

    outlet: str
    articles: list[str] = field(default_factory=list)
    first: str | None = None
    last: str | None = None
    cited: int = 0  # timeline and summary sentences it supports
    dates: set[str] = field(default_factory=set)  # timeline dates it supports
    claims: int = 0
    copies: int = 0  # of its articles that copy another


def story_outlets(result: StoryResult, rows: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """The outlet of each article of the story: the article's own outlet, else the one its
    citations name, else its agency (a reprint is still known by where it ran)."""
    cited: dict[str, str] = {}
    for sentences in [result.summary, *(e.sentences for e in result.timeline)]:
        for sentence in sentences:
            for c in sentence.citations:
                if c.outlet:
                    cited.setdefault(c.article_id, c.outlet)
    outlets = {}
    for article_id in dict.fromkeys([*result.story.article_ids, *cited]):
        row = rows.get(article_id) or {}
        outlets[article_id] = (row.get("outlet") or cited.get(article_id) or row.get("agency")
                               or "unknown outlet")
    return outlets


def compared_outlet(name: str, outlets: Mapping[str, str]) -> str:
    """An outlet name of the source comparison as shown: the comparison names an article
    without an outlet by its id, shown as its outlet (agency, citation) and short id."""
    if name in outlets:
        return f"{outlets[name]} (article {name[:8]})"
    return name


def source_comparison(result: StoryResult, rows: Mapping[str, Mapping[str, Any]],
                      claims: Sequence[Claim] = (), copies: Sequence[CopyLink] = ()
                      ) -> list[SourceRow]:
    """One row per outlet of the story: its articles, dates, what of the account it supports."""
    by_outlet: dict[str, SourceRow] = {}
    outlet_of_article = story_outlets(result, rows)
    for article_id in result.story.article_ids:
        name = outlet_of_article[article_id]
        row = by_outlet.setdefault(name, SourceRow(name))
        row.articles.append(article_id)
        published = (rows.get(article_id) or {}).get("published")
        if published:
            row.first = min(filter(None, [row.first, published]))
            row.last = max(filter(None, [row.last, published]))
    for entry in result.timeline:
        for sentence in entry.sentences:
            for name in {outlet_of_article.get(c.article_id, c.outlet or "unknown outlet")
                         for c in sentence.citations}:
                row = by_outlet.setdefault(name, SourceRow(name))
                row.cited += 1
                row.dates.add(entry.date)
    for sentence in result.summary:
        for name in {outlet_of_article.get(c.article_id, c.outlet or "unknown outlet")
                     for c in sentence.citations}:
            by_outlet.setdefault(name, SourceRow(name)).cited += 1
    for claim in claims:
        if claim.article_id in outlet_of_article:
            by_outlet[outlet_of_article[claim.article_id]].claims += 1
    for link in copies:
        if link.copy in outlet_of_article:
            by_outlet[outlet_of_article[link.copy]].copies += 1
    return sorted(by_outlet.values(), key=lambda r: (-len(r.articles), r.outlet))


# ---------------------------------------------------------------------------------------------
# Copies and their edits

Segment = tuple[str, str]  # (text, kind): kind is "", "del" or "ins"


def mark_edits(text: str, words: Sequence[str], kind: str) -> list[Segment]:
    """``text`` cut into segments, each of ``words`` marked ``kind`` where it occurs, in order."""
    segments: list[Segment] = []
    cursor = 0
    for word in words:
        if not word:
            continue
        at = text.find(word, cursor)
        if at < 0:
            continue
        if at > cursor:
            segments.append((text[cursor:at], ""))
        segments.append((word, kind))
        cursor = at + len(word)
    if cursor < len(text):
        segments.append((text[cursor:], ""))
    return segments


def copy_groups(links: Sequence[CopyLink]) -> list[list[str]]:
    """Articles joined by copy links, one group per connected set, originals first.

    In a group, articles that copy no other come first (the sources), then the copies in
    link order; groups are listed largest first.
    """
    component = copy_components(links)
    copies = {link.copy for link in links}
    members: dict[str, list[str]] = defaultdict(list)
    for link in links:
        for article_id in (link.original, link.copy):
            group = members[component[article_id]]
            if article_id not in group:
                group.append(article_id)
    groups = [sorted(g, key=lambda a: a in copies) for g in members.values()]
    return sorted(groups, key=lambda g: -len(g))


@dataclass(frozen=True)
class DiffRow:
    original_index: int | None
    copy_index: int | None
    similarity: float
    original: tuple[Segment, ...]
    copy: tuple[Segment, ...]
    edits: tuple[Edit, ...]


def copy_diff(link: CopyLink, original: Article | None, copy: Article | None) -> list[DiffRow]:
    """The aligned passages of a copy link with both sentences and the edits marked in them."""
    left = [s.text for s in article_sentences(original)] if original else []
    right = [s.text for s in article_sentences(copy)] if copy else []
    rows = []
    for passage in link.passages:
        old = _sentence(left, passage.original)
        new = _sentence(right, passage.copy)
        olds = [e.old for e in passage.edits if e.op in ("replace", "delete")]
        news = [e.new for e in passage.edits if e.op in ("replace", "insert")]
        rows.append(DiffRow(passage.original, passage.copy, passage.similarity,
                            tuple(mark_edits(old, olds, "del")),
                            tuple(mark_edits(new, news, "ins")), passage.edits))
    return rows


def _sentence(sentences: Sequence[str], index: int | None) -> str:
    if index is None or not 0 <= index < len(sentences):
        return ""
    return sentences[index]


# ---------------------------------------------------------------------------------------------
# Links

_SAFE_SCHEME = re.compile(r"^https?://", re.IGNORECASE)


def safe_url(url: str | None) -> str | None:
    """``url`` if it is a plain http(s) address, else ``None`` (never a javascript: link)."""
    if url and _SAFE_SCHEME.match(url) and not any(ch in url for ch in "\"'<> \n\r\t`"):
        return url
    return None


def article_label(row: Mapping[str, Any] | Article | None, article_id: str) -> str:
    """A short human name for an article: its title, else the short title the stories stage
    gives it (:func:`dateline.stories.labels.headline`, a phrase of its lead), else the start
    of its id (an article the build never saw)."""
    if isinstance(row, Article):
        return row.title or headline(row)
    return (row or {}).get("title") or (row or {}).get("headline") or f"article {article_id[:8]}"
