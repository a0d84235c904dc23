"""The overview summary of a story: a few sentences from its articles, each cited.

Extractive, by concept coverage (Gillick & Favre 2009, the idea behind ICSISumm): a concept is a
pair of adjacent word stems (not both stop words) and weighs the number of independent articles
that use it, so what many outlets say weighs most and a copy adds nothing. Sentences are added
greedily by the weight of concepts they add per word, which also removes redundancy: a sentence
that repeats covered concepts adds nothing. Without enough shared concepts (one article), the
sentences closest to the story's TF-IDF centroid are taken instead (MMR against repeats).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from dateline.model import CitedSentence
from dateline.summarize.citations import cite_rows
from dateline.summarize.corpus import CopyGroups, Pool, StoryInput
from dateline.summarize.text import STOP_WORDS, centroid, stem


@dataclass(frozen=True)
class SummaryConfig:
    """Tunable parts of :func:`build_summary` (chosen a priori; DUC 2004 is a test set).

    ``min_words``/``max_words``: sentences outside these lengths are never taken (very short
    ones are headlines and bylines, very long ones waste the budget).
    ``min_share``: a concept must appear in at least this share of the independent articles
    (and in two); higher keeps only the story's core.
    ``lead_bonus``: extra weight for sentences among the first three of an article, where news
    puts what matters.
    ``redundancy``: cosine above which a sentence repeats one already taken.
    """

    min_words: int = 8
    max_words: int = 55
    min_share: float = 0.25
    lead_bonus: float = 0.3
    redundancy: float = 0.6


def build_summary(articles: StoryInput, n_sentences: int | None = None,
                  n_words: int | None = None, copy_groups: CopyGroups = (),
                  outlets: Mapping[str, str] | None = None,
                  published: Mapping[str, str] | None = None,
                  config: SummaryConfig | None = None) -> list[CitedSentence]:
    """An extractive summary of the story, in reading order, every sentence cited.

    Size: ``n_sentences`` sentences, or at most ``n_words`` words (sentences are never cut);
    with neither, 100 words. ``copy_groups`` makes copies count once, both for what is
    important and in each sentence's ``independent`` count.
    """
    pool = Pool.build(articles, copy_groups, outlets, published)
    return summary_from_pool(pool, n_sentences, n_words, config)


def summary_from_pool(pool: Pool, n_sentences: int | None = None, n_words: int | None = None,
                      config: SummaryConfig | None = None) -> list[CitedSentence]:
    """:func:`build_summary` on a story's :class:`Pool` (build one pool per story and give it
    to the timeline, the summary and the comparison: same result, a third of the work)."""
    if n_sentences is None and n_words is None:
        n_words = 100
    rows = select_rows(pool, n_sentences, n_words, config or SummaryConfig())
    rows.sort(key=lambda r: (pool.doc(r).published or "", int(pool.doc_of[r]),
                             pool.sentences[r].index))
    return cite_rows(pool, rows)


def select_rows(pool: Pool, n_sentences: int | None, n_words: int | None,
                config: SummaryConfig) -> list[int]:
    """Rows of ``pool`` chosen for the summary, in the order they were chosen."""
    lengths = pool.word_counts
    eligible = [r for r in range(len(pool))  # a question is a headline, not a statement
                if config.min_words <= lengths[r] <= config.max_words
                and not pool.sentences[r].text.rstrip().endswith("?")]
    if not eligible:
        eligible = list(range(len(pool)))
    concepts = _concepts(pool, eligible, config)
    weights = _concept_weights(pool, concepts, config)
    if len(weights) < 5:
        return _centroid_rows(pool, eligible, lengths, n_sentences, n_words, config)
    covered: set[str] = set()
    picked: list[int] = []
    used = 0
    remaining = set(eligible)
    # The weight each row would add, updated as concepts get covered. Weights are whole
    # numbers (article counts), so the sums are exact in any order.
    gains = {r: sum(weights.get(c, 0.0) for c in concepts[r]) for r in eligible}
    rows_of: dict[str, list[int]] = defaultdict(list)
    for r in eligible:
        for c in concepts[r]:
            if c in weights:
                rows_of[c].append(r)
    while remaining and (n_sentences is None or len(picked) < n_sentences):
        best, best_value = None, 0.0
        for r in remaining:
            gain = gains[r]
            if pool.sentences[r].index < 3:
                gain *= 1 + config.lead_bonus
            value = gain / (lengths[r] if n_words is not None else math.sqrt(lengths[r]))
            if value > best_value:
                best, best_value = r, value
        if best is None:
            break
        remaining.discard(best)
        if n_words is not None and used + lengths[best] > n_words:
            continue
        if picked and _max_cos(pool, picked, best) >= config.redundancy:
            continue
        picked.append(best)
        used += lengths[best]
        for c in concepts[best] - covered:
            for r in rows_of.get(c, ()):
                gains[r] -= weights[c]
        covered |= concepts[best]
    return picked


def _concepts(pool: Pool, rows: list[int], config: SummaryConfig) -> dict[int, set[str]]:
    out = {}
    for r in rows:
        tokens = pool.tokens[r]
        stems = [stem(t) for t in tokens]  # each token stemmed once, not once per bigram
        stop = [t in STOP_WORDS for t in tokens]
        out[r] = {f"{stems[i]} {stems[i + 1]}" for i in range(len(tokens) - 1)
                  if not (stop[i] and stop[i + 1])}
    return out


def _concept_weights(pool: Pool, concepts: dict[int, set[str]], config: SummaryConfig
                     ) -> dict[str, float]:
    # A concept's weight is the number of copy groups that use it: the concepts of each group
    # in one set, then counted over the groups (set and Counter work in C, not per concept).
    of_group: dict[str, set[str]] = defaultdict(set)
    for r, cs in concepts.items():
        of_group[pool.group_of(r)].update(cs)
    groups: Counter[str] = Counter()
    for cs in of_group.values():
        groups.update(cs)
    n_groups = len(set(pool.group.values()))
    min_df = max(2, math.ceil(config.min_share * n_groups))
    weights = {c: float(n) for c, n in groups.items() if n >= min_df}
    if len(weights) < 10:  # a small or scattered story: keep what at least two share
        weights = {c: float(n) for c, n in groups.items() if n >= 2}
    return weights


def _max_cos(pool: Pool, picked: list[int], row: int) -> float:
    return float((pool.matrix[picked] @ pool.matrix[row].T).toarray().max())


def _centroid_rows(pool: Pool, eligible: list[int], lengths: list[int],
                   n_sentences: int | None, n_words: int | None, config: SummaryConfig
                   ) -> list[int]:
    center = centroid(pool.matrix, eligible)
    sims = pool.matrix[eligible] @ center
    picked: list[int] = []
    used = 0
    for i in np.argsort(-sims, kind="stable"):
        r = eligible[i]
        if n_sentences is not None and len(picked) >= n_sentences:
            break
        if n_words is not None and used + lengths[r] > n_words:
            continue
        if picked and _max_cos(pool, picked, r) >= config.redundancy:
            continue
        picked.append(r)
        used += lengths[r]
    return picked
