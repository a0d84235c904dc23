"""The timeline of a story: its key dates, and for each the sentences that say what happened.

Method (in the spirit of news-tls DATEWISE, Gholipour Ghalandari & Ifrim 2020):

1. **Dates.** Three counts per day, copies counting once (``copy_groups``, so a wire story
   reprinted ten times is one voice): independent articles published on it, naming it in a
   sentence ("on Saturday", "June 6"), and naming it from a later day. Each count is divided
   by its largest value over the candidate days; the day ranks by their weighted sum
   (``DATE_WEIGHTS``). Page furniture and articles not on the story count for no day.
2. **Sentences of a date.** Candidates are the sentences naming the day anywhere in their
   article and the sentences naming no day of articles published that day or the next; only
   those holding one of the story's key terms are kept when any does (this drops furniture
   and side stories that happen to name the day). The choice is by concept coverage
   (Gillick & Favre 2009, pairs of adjacent stems weighted by the independent articles using
   them and their rarity in the story, per square root of a sentence's words) mixed with the
   cosine to the date's centroid. A sentence too close to one already chosen is skipped
   unless the two name different days (the time stage says they tell of different events).
   Dates are filled in date order, so a fact told again later stays with its first day.
3. **Citations.** Each chosen sentence is cited to every article that says it
   (:mod:`dateline.summarize.citations`).

Every default was chosen on the T17 dev topics only; what was tried, and the scores that
decided, are in docs/decisions.md (Timeline).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass
from itertools import chain

import numpy as np
from scipy import sparse

from dateline.model import TimelineEntry
from dateline.summarize.citations import cite_rows
from dateline.summarize.corpus import CopyGroups, Pool, StoryInput, own_day
from dateline.summarize.text import STOP_WORDS, word_count

# Weights of the (published on, naming, naming later) counts of a day, each divided by its
# largest value over the candidate days: a logistic regression (label: the day is in a gold
# timeline) fitted on the T17 dev topics only (docs/decisions.md, 2026-11-23).
DATE_WEIGHTS = (2.61, 2.42, 2.11)


@dataclass(frozen=True)
class TimelineConfig:
    """Tunable parts of :func:`build_timeline` (defaults chosen on the T17 dev topics only;
the measurements are in docs/decisions.md).

``date_weights``: weights of the (published on, naming, naming later) counts of a day;
``None`` ranks by articles naming the day plus ``pub_weight`` times those published on it.
``pub_weight``: an article published on a day against one naming it; it also sets which days
the automatic size keeps (two articles published on it, or one naming it).
``lead``: opening sentences of an article that stand for its publication day in the date's
centroid. ``mention_window``: the naming sentences among an article's first
``mention_window`` make the centroid and the concepts' rarity (all still count towards the
date's score). ``mention_share``: the naming sentences' weight in the centroid (the rest:
the lead sentences).
``min_words``/``max_words``: bounds on a chosen sentence's length; ``redundancy``: cosine
above which a sentence repeats one already chosen.
``pub_days``: articles published on the day and the ``pub_days - 1`` days after stand for it
(next-day reports tell what happened the day before).
``key_terms``: a chosen sentence must hold one of the story's ``key_terms`` key terms
(:meth:`Pool.key_columns`; any candidate when none does; 0: no filter): it removes page
furniture and side stories that name the day. ``key_shortlist``: the key terms are the most
particular to the story among this many stems found in the most articles (0: the most found,
which in an agency's feed are "reuters", "year", "people").
``whole_articles``: candidates from anywhere in the articles (``False``: the first
``mention_window`` naming and ``lead`` sentences only, which capped what any choice could
reach). ``concept_share``: weight of concept coverage against centroid similarity (0: the
centroid alone); ``concept_length``: a sentence's concept gain is divided by its words to
this power.
``furniture_days``: a sentence found word for word under articles of this many different days
is page furniture (a footer, a comment form): never chosen, no evidence, no key term; a copied
report repeats within a day or two. 0 keeps every sentence.
``topical_rows``: only articles with at least this many sentences holding a key term count
as evidence and give candidates (all when none has so many; 0: every article), since a
collection may carry markets and sport beside a war.
"""

    pub_weight: float = 1.0
    lead: int = 1
    mention_window: int = 5
    min_words: int = 6
    max_words: int = 40
    redundancy: float = 0.5
    pub_days: int = 2
    mention_share: float = 0.5
    key_terms: int = 5
    date_weights: tuple[float, float, float] | None = DATE_WEIGHTS
    whole_articles: bool = True
    concept_share: float = 0.5
    concept_length: float = 0.5
    furniture_days: int = 4
    key_shortlist: int = 40
    topical_rows: int = 2


def build_timeline(articles: StoryInput, copy_groups: CopyGroups = (),
                   n_dates: int | None = None, per_date: int | None = None,
                   date_range: tuple[str, str] | None = None,
                   outlets: Mapping[str, str] | None = None,
                   published: Mapping[str, str] | None = None,
                   config: TimelineConfig | None = None) -> list[TimelineEntry]:
    """The story's timeline, one entry per key date in date order, every sentence cited.

    ``articles``: analysed articles (sentences dated by the time stage) or ``id -> sentences``.
    ``copy_groups``: groups of copies (or ``CopyLink`` records), counted once.
    ``n_dates``/``per_date``: size; ``None`` chooses it from the evidence (every day named
    in the first ``mention_window`` sentences of some article, or scoring at least two
    articles published on it, best first, up to ``6 + 2*sqrt(n articles)`` dates; two
    sentences for a date scoring three or more, else one).
    ``date_range``: inclusive ``(first, last)`` days; other days are never produced.
    ``outlets``/``published``: fill in outlet and publication day for a plain mapping input.
    """
    pool = Pool.build(articles, copy_groups, outlets, published)
    return timeline_from_pool(pool, n_dates, per_date, date_range, config or TimelineConfig())


def timeline_from_pool(pool: Pool, n_dates: int | None, per_date: int | None,
                       date_range: tuple[str, str] | None, config: TimelineConfig
                       ) -> list[TimelineEntry]:
    furniture = pool.furniture(config.furniture_days)
    keys = pool.key_columns(config.key_terms, furniture, config.key_shortlist)
    # rows holding a key term, found once for the pool (None: no key terms, no filter)
    key_hit = (np.diff(pool.matrix[:, keys].tocsr().indptr) > 0) if len(keys) else None
    usable = ~furniture
    if key_hit is not None:
        key_hit &= usable
        if config.topical_rows > 0:
            topical = np.bincount(pool.doc_of[key_hit], minlength=len(pool.docs))
            topical = topical >= config.topical_rows
            if topical.any():  # else no article is on the story: keep them all
                usable &= topical[pool.doc_of]
    mention, pub, mention_all, pub_all, score, rank = _date_evidence(pool, date_range, config,
                                                                     usable)
    ranked = sorted(score, key=lambda d: (-rank[d], -score[d], d))
    if n_dates is None:
        cap = int(6 + 2 * math.sqrt(len(pool.docs)))
        ranked = [d for d in ranked if mention[d] or score[d] >= 2 * config.pub_weight][:cap]
        n_dates = len(ranked)
    concepts = _Concepts(pool, config) if config.concept_share > 0 else None
    tiers: dict[str, list[list[int]]] = {}

    def candidates(day: str) -> list[list[int]]:
        """The day's eligible rows (:func:`_eligible`), in tiers tried in turn."""
        if day not in tiers:
            following = [_add_days(day, k) for k in range(config.pub_days)]
            pub_following = [r for d in following for r in pub_all.get(d, [])]
            if config.whole_articles:
                tiers[day] = [_eligible(pool, mention_all[day] + pub_following, config,
                                        key_hit)]
            else:  # early sentences; when none is left, any sentence of the day will do
                leads = [r for d in following for r in pub.get(d, [])]
                tiers[day] = [_eligible(pool, mention[day] + leads, config, key_hit),
                              _eligible(pool, mention_all[day] + pub_all[day], config, key_hit)]
        return tiers[day]

    def pick(day: str, chosen: list[int], want: int | None) -> list[int]:
        if want is None:
            want = 2 if score[day] >= 3 else 1
        following = [_add_days(day, k) for k in range(config.pub_days)]
        parts = (mention[day], [r for d in following for r in pub.get(d, [])])
        for rows in candidates(day):
            if not rows or want <= 0:
                continue
            if concepts is None:
                picked = _pick_by_centroid(pool, rows, parts, chosen, want, config)
            else:
                # a concept's weight counts the groups among all of the day's sentences
                support = mention_all[day] + [r for d in following for r in pub_all.get(d, [])]
                picked = concepts.pick(rows, _centroid_sims(pool, rows, parts, config),
                                       support, chosen, want)
            if picked:
                return picked
        return []

    def has_sentence(day: str) -> bool:
        return any(candidates(day))

    # The dates first: the best ranked that have a sentence to show.
    days: list[str] = []
    next_rank = 0
    while len(days) < n_dates and next_rank < len(ranked):
        if has_sentence(ranked[next_rank]):
            days.append(ranked[next_rank])
        next_rank += 1
    # Then their sentences in date order, so a fact that later articles tell again stays with
    # the first day that reports it (on the T17 dev topics, Perl AR1-F 0.1631 against 0.1607
    # filling the dates best first). A date left with nothing new gives way to the next one.
    chosen: list[int] = []
    plan: list[tuple[str, list[int]]] = []
    queue = sorted(days)
    while queue:
        day = queue.pop(0)
        rows = pick(day, chosen, per_date)
        if rows:
            plan.append((day, rows))
            chosen.extend(rows)
        while not queue and len(plan) < n_dates and next_rank < len(ranked):
            if has_sentence(ranked[next_rank]):
                queue.append(ranked[next_rank])
            next_rank += 1
    entries = []
    for day, rows in sorted(plan):
        cited = cite_rows(pool, rows, [day] * len(rows))
        entries.append(TimelineEntry(date=day, granularity="day", sentences=tuple(cited)))
    return entries


def _add_days(day: str, n: int) -> str:
    return day if n == 0 else (dt.date.fromisoformat(day) + dt.timedelta(days=n)).isoformat()


def _in_range(day: str | None, date_range: tuple[str, str] | None) -> bool:
    if day is None:
        return False
    return date_range is None or date_range[0] <= day <= date_range[1]


def _date_evidence(pool: Pool, date_range: tuple[str, str] | None, config: TimelineConfig,
                   usable: np.ndarray
                   ) -> tuple[dict[str, list[int]], dict[str, list[int]], dict[str, list[int]],
                              dict[str, list[int]], dict[str, float], dict[str, float]]:
    """Per day: rows naming it early in their article, lead rows published on it, all rows
    naming it, all rows published on it that name no day, the day's score (independent
    articles naming it or published on it) and its ranking score (``config.date_weights``)."""
    mention: dict[str, list[int]] = defaultdict(list)
    pub: dict[str, list[int]] = defaultdict(list)
    mention_all: dict[str, list[int]] = defaultdict(list)
    pub_all: dict[str, list[int]] = defaultdict(list)
    mention_groups: dict[str, set[str]] = defaultdict(set)
    later_groups: dict[str, set[str]] = defaultdict(set)
    pub_groups: dict[str, set[str]] = defaultdict(set)
    for row, sentence in enumerate(pool.sentences):
        if not usable[row]:
            continue
        doc = pool.doc(row)
        day = own_day(sentence)
        if day is not None:
            if _in_range(day, date_range):
                mention_groups[day].add(pool.group[doc.id])
                mention_all[day].append(row)
                if doc.published is not None and doc.published > day:
                    later_groups[day].add(pool.group[doc.id])
                if sentence.index < config.mention_window:
                    mention[day].append(row)
            continue
        if not _in_range(doc.published, date_range):
            continue
        pub_groups[doc.published].add(pool.group[doc.id])
        if any(t.granularity == "day" for t in sentence.times):
            continue  # names another day (outside the range): not about this one
        pub_all[doc.published].append(row)
        if sentence.index < config.lead:
            pub[doc.published].append(row)
    days = set(mention_groups) | set(pub_groups)
    score = {d: len(mention_groups[d]) + config.pub_weight * len(pub_groups[d]) for d in days}
    if config.date_weights is None:
        return mention, pub, mention_all, pub_all, score, score
    ordered = sorted(days)
    counts = np.array([[len(pub_groups[d]), len(mention_groups[d]), len(later_groups[d])]
                       for d in ordered], dtype=float).reshape(len(ordered), 3)
    top = counts.max(axis=0, initial=0.0)
    values = (counts / np.where(top > 0, top, 1.0)) @ np.asarray(config.date_weights)
    rank = dict(zip(ordered, values.tolist(), strict=True))
    return mention, pub, mention_all, pub_all, score, rank


def _eligible(pool: Pool, candidates: list[int], config: TimelineConfig,
              key_hit: np.ndarray | None) -> list[int]:
    """The candidates that may be chosen: ``min_words..max_words`` long, not a question (a
    headline, not an event); when some hold a key term (``key_hit``), only those."""
    rows = list(dict.fromkeys(candidates))

    def fits(r: int) -> bool:
        text = pool.sentences[r].text
        return (config.min_words <= word_count(text) <= config.max_words
                and not text.rstrip().endswith("?"))

    if not rows or key_hit is None:
        return [r for r in rows if fits(r)]
    # the key-term test first, the length only where it is needed
    hits = key_hit[rows]
    with_key = [r for r, hit in zip(rows, hits, strict=True) if hit and fits(r)]
    return with_key or [r for r, hit in zip(rows, hits, strict=True) if not hit and fits(r)]


def _centroid_sims(pool: Pool, rows: list[int], parts: tuple[list[int], list[int]],
                   config: TimelineConfig) -> np.ndarray:
    """Cosine of each row to the date's centroid: the naming and the lead sentences in
    ``parts``, weighted by ``mention_share``."""
    center = np.zeros(pool.matrix.shape[1])
    for part, share in zip(parts, (config.mention_share, 1 - config.mention_share), strict=True):
        if part:
            center += share * np.asarray(pool.matrix[part].mean(axis=0)).ravel()
    return np.asarray(pool.matrix[rows] @ center).ravel()


def _pick_by_centroid(pool: Pool, rows: list[int], parts: tuple[list[int], list[int]],
                      chosen: list[int], want: int, config: TimelineConfig) -> list[int]:
    """Up to ``want`` rows closest to the date's centroid, none repeating one chosen before."""
    sims = _centroid_sims(pool, rows, parts, config)
    picked: list[int] = []
    for i in np.argsort(-sims, kind="stable"):
        if len(picked) >= want:
            break
        if not _repeats(pool, rows[i], chosen + picked, config):
            picked.append(rows[i])
    return picked


class _Concepts:
    """Sentence choice by concept coverage (see the module docstring), for one timeline.

    A concept is a pair of adjacent word stems, not both stop words (the overview summary's
    concepts, :mod:`dateline.summarize.overview`). It weighs the number of copy groups
    using it among the date's sentences (when at least two do), times its rarity in the story
    (log inverse share of the groups using it early in their article; 1 for a concept no
    article uses early), so the story's constant phrases ("president hosni mubarak") weigh
    little and what that day's reports share weighs most. The concepts of every sentence are
    found once, as a sparse sentence x concept matrix, so that counting and coverage are
    array operations.
    """

    def __init__(self, pool: Pool, config: TimelineConfig) -> None:
        self.pool, self.config = pool, config
        codes: dict[str, int] = {}
        self.group_code = np.array([codes.setdefault(pool.group[d.id], len(codes))
                                    for d in pool.docs], dtype=np.int64)[pool.doc_of]
        self.n_groups = len(codes)
        self.has = _concept_matrix(pool)
        early = [r for r, s in enumerate(pool.sentences) if s.index < config.mention_window]
        counts = self.group_counts(early)
        self.rarity = np.ones(self.has.shape[1])
        used = counts > 0
        self.rarity[used] = np.log((self.n_groups + 1) / counts[used])

    def group_counts(self, rows: list[int]) -> np.ndarray:
        """How many copy groups among ``rows`` use each concept."""
        if not rows:
            return np.zeros(self.has.shape[1])
        groups = sparse.csr_matrix((np.ones(len(rows)), (self.group_code[rows],
                                                         np.arange(len(rows)))),
                                   shape=(self.n_groups, len(rows)))
        present = groups @ self.has[rows]
        return np.bincount(present.indices, minlength=self.has.shape[1]).astype(float)

    def pick(self, rows: list[int], sims: np.ndarray, support: list[int], chosen: list[int],
             want: int) -> list[int]:
        """Greedily up to ``want`` of ``rows`` by ``concept_share`` times the weight of the
        concepts a row adds per word (``** concept_length``) plus the rest times its centroid
        similarity ``sims``, each divided by its largest value; none repeating a chosen row."""
        config, pool = self.config, self.pool
        counts = self.group_counts(list(dict.fromkeys(support + rows)))
        weights = np.where(counts >= 2, counts * self.rarity, 0.0)
        has = self.has[rows]
        lengths = np.array([word_count(pool.sentences[r].text) for r in rows],
                           dtype=float) ** config.concept_length
        closeness = sims / (float(sims.max()) or 1.0)
        left = np.ones(len(rows), dtype=bool)
        picked: list[int] = []
        while left.any() and len(picked) < want:
            gains = has @ weights / lengths
            gains /= float(gains[left].max()) or 1.0
            value = config.concept_share * gains + (1 - config.concept_share) * closeness
            # the best value first, then the closest to the centroid, then the first row
            order = np.lexsort((np.arange(len(rows)), -closeness, -value))
            best = int(next(i for i in order if left[i]))
            left[best] = False
            if _repeats(pool, rows[best], chosen + picked, config):
                continue
            picked.append(rows[best])
            weights[has[best].indices] = 0.0
        return picked


def _concept_matrix(pool: Pool) -> sparse.csr_matrix:
    """Binary sentence x concept matrix of the pool (concepts as in :class:`_Concepts`)."""
    stem_ids: dict[str, int] = {}
    # each distinct word stemmed once, numbered in order of first use
    token_ids = {t: stem_ids.setdefault(s, len(stem_ids)) for t, s in pool.token_stems.items()}
    flat = np.fromiter(map(token_ids.__getitem__, chain.from_iterable(pool.tokens)),
                       dtype=np.int64)
    stop = np.fromiter(map(STOP_WORDS.__contains__, chain.from_iterable(pool.tokens)),
                       dtype=bool, count=len(flat))
    sizes = np.array([len(tokens) for tokens in pool.tokens], dtype=np.int64)
    row_of = np.repeat(np.arange(len(pool.tokens)), sizes)
    # a pair: two adjacent tokens of one sentence, not both stop words
    keep = (row_of[:-1] == row_of[1:]) & ~(stop[:-1] & stop[1:])
    pairs = flat[:-1][keep] * max(len(stem_ids), 1) + flat[1:][keep]
    concepts, column = np.unique(pairs, return_inverse=True)
    has = sparse.csr_matrix((np.ones(len(column)), (row_of[:-1][keep], column)),
                            shape=(len(pool.tokens), len(concepts)))
    has.sum_duplicates()
    has.data[:] = 1.0
    return has


def _repeats(pool: Pool, row: int, previous: list[int], config: TimelineConfig) -> bool:
    mine = own_day(pool.sentences[row])
    if mine is not None:  # a sentence naming another day tells of another event
        previous = [p for p in previous if own_day(pool.sentences[p]) in (None, mine)]
    if not previous:
        return False
    overlap = (pool.matrix[previous] @ pool.matrix[row].T).toarray().max()
    return bool(overlap >= config.redundancy)

