"""The timeline of a story: its key dates, and for each the sentences that say what happened.

Method (unsupervised, in the spirit of news-tls DATEWISE, Gholipour Ghalandari & Ifrim 2020):

1. **Dates.** A day scores by how many independent articles name it in a sentence ("on
   Saturday", "June 6") plus ``pub_weight`` times how many independent articles appeared on
   it. Copies count once (``copy_groups``), so a wire story reprinted ten times is one voice.
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
   removes the same fact told by several outlets.
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


@dataclass(frozen=True)
class TimelineConfig:
    """Tunable parts of :func:`build_timeline` (defaults picked on T17 dev topics only).

    ``pub_weight``: weight of an article published on a day against one naming it; higher
    favours days with heavy coverage over days often looked back on.
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
    mention, pub, mention_all, pub_all, score = _date_evidence(pool, date_range, config)
    ranked = sorted(score, key=lambda d: (-score[d], d))
    if n_dates is None:
        cap = int(6 + 2 * math.sqrt(len(pool.docs)))
        ranked = [d for d in ranked if mention[d] or score[d] >= 2 * config.pub_weight][:cap]
        n_dates = len(ranked)
    keys = pool.key_columns(config.key_terms)
    chosen: list[int] = []
    plan: list[tuple[str, list[int]]] = []
    for day in ranked:
        if len(plan) >= n_dates:
            break
        want = per_date if per_date is not None else (2 if score[day] >= 3 else 1)
        following = [_add_days(day, k) for k in range(config.pub_days)]
        leads = [r for d in following for r in pub.get(d, [])]
        parts = (mention[day], leads)
        rows = _pick_sentences(pool, mention[day] + leads, parts, chosen, want, config, keys)
        if not rows:  # nothing early in an article: any sentence of the day will do
            rows = _pick_sentences(pool, mention_all[day] + pub_all[day], parts, chosen, want,
                                   config, keys)
        if rows:
            plan.append((day, rows))
            chosen.extend(rows)
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
                              dict[str, list[int]], dict[str, float]]:
    """Per day: rows naming it early in their article, lead rows published on it, all rows
    naming it, all rows published on it that name no day, and the day's score."""
    mention: dict[str, list[int]] = defaultdict(list)
    pub: dict[str, list[int]] = defaultdict(list)
    mention_all: dict[str, list[int]] = defaultdict(list)
    pub_all: dict[str, list[int]] = defaultdict(list)
    mention_groups: dict[str, set[str]] = defaultdict(set)
    pub_groups: dict[str, set[str]] = defaultdict(set)
    for row, sentence in enumerate(pool.sentences):
        doc = pool.doc(row)
        day = own_day(sentence)
        if day is not None:
            if _in_range(day, date_range):
                mention_groups[day].add(pool.group[doc.id])
                mention_all[day].append(row)
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

    return mention, pub, mention_all, pub_all, score


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
        if previous:
            overlap = (pool.matrix[previous] @ pool.matrix[row].T).toarray().max()
            if overlap >= config.redundancy:
                continue
        picked.append(row)
    return picked
