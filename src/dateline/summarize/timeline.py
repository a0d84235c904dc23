"""The timeline of a story: its key dates, and for each the sentences that say what happened.

Method (in the spirit of news-tls DATEWISE, Gholipour Ghalandari & Ifrim 2020):

1. **Dates.** Three counts per day, copies counting once (``copy_groups``), so a wire story
   reprinted ten times is one voice: independent articles published on it, naming it in a
   sentence ("on Saturday", "June 6"), and naming it from a later day (looking back on it).
   Each count is divided by its largest value over the candidate days and the day ranks by
   their weighted sum (``date_weights``, a logistic regression fitted on the T17 dev topics
   only, as DATEWISE learns its date ranker). ``date_weights=None`` ranks by the plain count
   of articles naming the day plus ``pub_weight`` times those published on it.
2. **Sentences of a date.** Candidates are the sentences that name the day among the first
   ``mention_window`` of their article, and the lead sentences (first ``lead``) of articles
   published that day or the next that name no day. Only candidates holding one of the
   story's key terms (the ``key_terms`` stems found in the most independent articles) are
   kept when any does, as news-tls DATEWISE keeps only sentences holding a topic keyword;
   this drops page furniture and side stories that happen to name the day. Each is scored
   by cosine to the date's centroid (mean of the naming sentences and mean of the lead
   sentences, equally weighted), so the sentence that shares most with what everyone wrote
   about that day wins; questions and sentences outside ``min_words..max_words`` are
   skipped. Sentences too close (cosine
   >= ``redundancy``) to one already chosen anywhere in the timeline are skipped, which
   removes the same fact told by several outlets, unless the two name different days (the
   time stage says they tell of different events; a misdated report cannot take a fact from
   the day most outlets give it). The chosen dates are filled in date order, so a fact that
   later articles tell again (a next-day lead recapping the day before) stays with the first
   day that reports it.
3. **Citations.** Each chosen sentence is cited to every article that says it (see
   :mod:`dateline.summarize.citations`).

Measured on the T17 dev topics and left out because they did not help there (tilse's Python
ROUGE, AR1-F against 0.156 with the defaults): spreading the dates apart (0.150-0.152, lower
Date-F1), extra weight for days named by later articles (0.152), counting naming sentences
instead of articles or log counts (0.145-0.154), LexRank instead of the centroid
(0.144-0.151), a bonus for sentences that many outlets repeat (0.151-0.156), a length
penalty (0.142-0.154), only naming sentences published within a few days after the date
(0.151-0.157), a centroid over all sentences of the day (0.143), and greedy centroid
optimisation of a date's sentence set (news-tls CentroidOpt: 0.157-0.158, within noise).
Later, with the Perl ROUGE (AR1-F 0.1599 before the learned date ranker, 0.1607 with it and the
dates filled best first, 0.1631 with the defaults): a date centroid keeping only words of both
the naming and the lead sentences (DATEWISE's, 0.1578), a bonus for sentences naming the day
(0.1549-0.1563), binary or square-root TF-IDF for the centroid (0.1569, 0.1576), a lead-position
prior (0.1542-0.1551), a quotation penalty (0.1597-0.1599), ``mention_share`` 0.3/0.7/0.9
(0.1562, 0.1501, 0.1428), ``key_terms=10`` (0.1584), ``min_words=10`` (0.1613, noise), topping a
date up from all its sentences when the early ones run short (0.1585), subtracting or adding the
story centroid (0.1304-0.1595, 0.1610-0.1619), and more date features (articles published the
next day, agreement of the day's sentences, naming sentences holding a key term, early naming
sentences, sentence counts, outlets: none better leave-one-topic-out; the day after's
publications read 0.1647 with date-order filling but made the Raqqa timeline's October pick the
day before the last report instead of the battle's last day), a supervised sentence scorer
(ridge on centroid similarity, naming, length, outlet support, key terms; fitted
leave-one-topic-out on the dev dates: 0.1528-0.1570), and filling the dates in date order
without the different-days rule (0.1630; with it 0.1631, against 0.1607 best first).
"""

from __future__ import annotations

import datetime as dt
import math
from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from dateline.model import TimelineEntry
from dateline.summarize.citations import cite_rows
from dateline.summarize.corpus import CopyGroups, Pool, StoryInput, own_day
from dateline.summarize.text import word_count

# Weights of a day's evidence for ranking dates, each feature divided by its largest value
# over the candidate days of the timeline: independent articles published on the day, naming
# the day, and naming it in an article published later (looking back on it). Fitted by logistic
# regression (label: the day is in a gold timeline) on the T17 dev topics only (egypt, h1n1,
# haiti, mj: 273 candidate days, 95 of them gold); leave-one-topic-out there, the learned ranker
# put one more gold date in mj's top 38 than counting articles did (16, not 15) and changed no
# other dev timeline's dates (see bench/README.md).
DATE_WEIGHTS = (2.61, 2.42, 2.11)


@dataclass(frozen=True)
class TimelineConfig:
    """Tunable parts of :func:`build_timeline` (defaults picked on T17 dev topics only).

    ``date_weights``: weights of the (published on, naming, naming later) counts of a day,
    each divided by its largest value, for ranking dates (see ``DATE_WEIGHTS``); ``None``
    ranks by the plain counts with ``pub_weight``.
    ``pub_weight``: weight of an article published on a day against one naming it; higher
    favours days with heavy coverage over days often looked back on. It also sets which
    days the automatic size keeps (two articles published on it, or one naming it).
    ``lead``: how many opening sentences of an article stand for its publication day.
    ``mention_window``: only sentences among the first ``mention_window`` of their article are
    candidates for the text of a date (later ones are background more often than news); all
    sentences still count towards the date's score.
    ``min_words``/``max_words``: bounds on a chosen sentence's length.
    ``redundancy``: cosine above which a sentence repeats one already chosen.
    ``pub_days``: lead sentences of articles published on the day and the ``pub_days - 1``
    days after stand for it (next-day reports tell what happened the day before).
    ``mention_share``: weight of the naming sentences in a date's centroid (the rest goes to
    the lead sentences).
    ``key_terms``: a chosen sentence must hold one of the story's ``key_terms`` key terms
    (:meth:`Pool.key_columns`); when no candidate of a date does, any candidate may be
    chosen. 0 turns the filter off. On the T17 dev topics (Perl ROUGE) 5 raised AR1-F from
    0.150 to 0.160 (egypt and h1n1 up, haiti and mj within 0.004; 3 to 10 key terms all
    helped); on the held-out topics it moved AR1-F from 0.0772 to 0.0751 (bpoil, iraq, libya
    up; finan, syria down), so its gain on ROUGE is not established; it stays for what it
    removes (page furniture and side stories that name the day).
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
    mention, pub, mention_all, pub_all, score, rank = _date_evidence(pool, date_range, config)
    ranked = sorted(score, key=lambda d: (-rank[d], -score[d], d))
    if n_dates is None:
        cap = int(6 + 2 * math.sqrt(len(pool.docs)))
        ranked = [d for d in ranked if mention[d] or score[d] >= 2 * config.pub_weight][:cap]
        n_dates = len(ranked)
    keys = pool.key_columns(config.key_terms)

    def pick(day: str, chosen: list[int], want: int | None) -> list[int]:
        if want is None:
            want = 2 if score[day] >= 3 else 1
        following = [_add_days(day, k) for k in range(config.pub_days)]
        leads = [r for d in following for r in pub.get(d, [])]
        parts = (mention[day], leads)
        rows = _pick_sentences(pool, mention[day] + leads, parts, chosen, want, config, keys)
        if not rows:  # nothing early in an article: any sentence of the day will do
            rows = _pick_sentences(pool, mention_all[day] + pub_all[day], parts, chosen, want,
                                   config, keys)
        return rows

    # The dates first: the best ranked that have a sentence to show.
    days: list[str] = []
    next_rank = 0
    while len(days) < n_dates and next_rank < len(ranked):
        if pick(ranked[next_rank], [], 1):
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
            if pick(ranked[next_rank], [], 1):
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


def _date_evidence(pool: Pool, date_range: tuple[str, str] | None, config: TimelineConfig
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


def _pick_sentences(pool: Pool, candidates: list[int], parts: tuple[list[int], list[int]],
                    chosen: list[int], want: int, config: TimelineConfig,
                    keys: np.ndarray) -> list[int]:
    """Up to ``want`` candidates closest to the date's centroid (the naming and the lead
    sentences in ``parts``, weighted by ``mention_share``), none repeating one chosen before.
    Candidates holding a key term (matrix columns ``keys``) come first: when some do, the
    others are dropped."""
    rows = [r for r in dict.fromkeys(candidates)  # a question is a headline, not an event
            if config.min_words <= word_count(pool.sentences[r].text) <= config.max_words
            and not pool.sentences[r].text.rstrip().endswith("?")]
    if rows and len(keys):
        hits = np.diff(pool.matrix[rows][:, keys].tocsr().indptr)
        rows = [r for r, hit in zip(rows, hits, strict=True) if hit] or rows
    if not rows or want <= 0:
        return []
    center = np.zeros(pool.matrix.shape[1])
    for part, share in zip(parts, (config.mention_share, 1 - config.mention_share), strict=True):
        if part:
            center += share * np.asarray(pool.matrix[part].mean(axis=0)).ravel()
    sims = pool.matrix[rows] @ center
    order = [rows[i] for i in np.argsort(-sims, kind="stable")]
    picked: list[int] = []
    for row in order:
        if len(picked) >= want:
            break
        previous = chosen + picked
        mine = own_day(pool.sentences[row])
        if mine is not None:  # a sentence naming another day tells of another event
            previous = [p for p in previous if own_day(pool.sentences[p]) in (None, mine)]
        if previous:
            overlap = (pool.matrix[previous] @ pool.matrix[row].T).toarray().max()
            if overlap >= config.redundancy:
                continue
        picked.append(row)
    return picked
