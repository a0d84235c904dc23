"""Cite a statement to every article that reports it, and check citations afterwards.

A statement (a sentence the summarizer picked) is cited to its own article and to each other
article whose most similar sentence says the same: TF-IDF cosine at least ``threshold``,
content-word Dice at least ``min_dice`` and at least half the statement's content words
present. The tests fail differently (TF-IDF is fooled by a rare shared name, Dice by common
words, both by a short sentence on the same subject), so requiring all keeps citations to
articles that say the same thing. A longer sentence that holds nearly all the statement's
content words (an outlet that merged two sentences into one) also supports it. A supporting
sentence must state the same numbers, and one that names another day than the statement's
is never cited. Copies count once in ``independent``. The statement is shown without the
page furniture it may open with (a live blog's time stamp, an agency dateline: see
:mod:`dateline.summarize.openers`); its citations point at the whole sentence.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from rapidfuzz.distance import LCSseq

from dateline.model import Citation, CitedSentence, normalize_text
from dateline.summarize.corpus import Doc, Pool, own_day
from dateline.summarize.openers import strip_opener
from dateline.summarize.text import content_stems, dice, numbers, words

CITE_THRESHOLD = 0.45
CITE_MIN_DICE = 0.4
CONTAINMENT = 0.8


def is_exact(a: str, b: str) -> bool:
    """Whether two sentences are the same words (case, typography and punctuation aside)."""
    return words(normalize_text(a)) == words(normalize_text(b))


def cite_rows(pool: Pool, rows: Sequence[int], days: Sequence[str | None] | None = None,
              threshold: float = CITE_THRESHOLD, min_dice: float = CITE_MIN_DICE,
              ) -> list[CitedSentence]:
    """One :class:`CitedSentence` per row of ``pool``, cited to every supporting article.

    ``days[i]`` is the date the statement is placed at; a candidate sentence that names a
    different day is not support for it. Raising ``threshold``/``min_dice`` drops loose
    paraphrases (fewer citations, fewer wrong ones); lowering them finds more rewordings.
    """
    if not rows:
        return []
    days = list(days) if days is not None else [None] * len(rows)
    sims = np.asarray((pool.matrix[list(rows)] @ pool.matrix.T).todense())
    out = []
    for i, row in enumerate(rows):
        out.append(_cite_one(pool, row, sims[i], days[i], threshold, min_dice))
    return out


def supports(stems: list[str], other: list[str], similar: bool,
             min_dice: float = CITE_MIN_DICE, nums: frozenset[str] = frozenset(),
             other_nums: frozenset[str] = frozenset()) -> bool:
    """Whether a sentence (content stems ``other``) says what ``stems`` says: a close
    paraphrase (``similar`` by TF-IDF, Dice at least ``min_dice``, and holding at least half
    the statement's content words, so a short sentence on the same topic does not count), or
    a longer sentence
    holding at least ``CONTAINMENT`` of its content words (an outlet that merged two
    sentences). Either way it must state every number the statement states ("two more
    cases" is not "three more cases")."""
    return supports_sets(frozenset(stems), frozenset(other), similar, min_dice, nums,
                         other_nums)


def supports_sets(words: frozenset[str], other: frozenset[str], similar: bool,
                  min_dice: float = CITE_MIN_DICE, nums: frozenset[str] = frozenset(),
                  other_nums: frozenset[str] = frozenset()) -> bool:
    """:func:`supports` on the sets of the two sentences' content stems (a pool keeps them,
    :attr:`~dateline.summarize.corpus.Pool.stem_sets`, so no set is made per comparison)."""
    if not nums <= other_nums or not words:
        return False
    shared = len(words & other)
    coverage = shared / len(words)
    # the Dice overlap of the two sets, as dateline.summarize.text.dice computes it
    if similar and coverage >= 0.5 and other and 2 * shared / (len(words) + len(other)) \
            >= min_dice:
        return True
    return len(words) >= 5 and coverage >= CONTAINMENT


def _cite_one(pool: Pool, row: int, sims: np.ndarray, day: str | None, threshold: float,
              min_dice: float) -> CitedSentence:
    statement = pool.sentences[row]
    shown = strip_opener(statement.text)
    # support is judged on what is shown: a live blog's stamp has numbers no other outlet gives
    stems, nums = pool.stem_sets[row], pool.numbers[row]
    if shown != statement.text:
        stems, nums = frozenset(content_stems(shown)), numbers(shown)
    home = int(pool.doc_of[row])
    best: dict[int, tuple[float, int]] = {}
    for cand in np.flatnonzero(sims >= threshold / 2):
        d = int(pool.doc_of[cand])
        if d == home:
            continue
        cand_day = own_day(pool.sentences[cand])
        if day is not None and cand_day is not None and cand_day != day:
            continue
        if not supports_sets(stems, pool.stem_sets[cand], sims[cand] >= threshold, min_dice,
                             nums, pool.numbers[cand]):
            continue
        if d not in best or sims[cand] > best[d][0]:
            best[d] = (float(sims[cand]), int(cand))
    home_doc = pool.docs[home]
    citations = [Citation(home_doc.id, statement.index, home_doc.outlet, True)]
    for d, (_, cand) in sorted(best.items(), key=lambda kv: -kv[1][0]):
        sentence = pool.sentences[cand]
        citations.append(Citation(pool.docs[d].id, sentence.index, pool.docs[d].outlet,
                                  is_exact(shown, strip_opener(sentence.text))))
    groups = {pool.group[c.article_id] for c in citations}
    return CitedSentence(shown, tuple(citations), len(groups))


def check_citations(cited: Iterable[CitedSentence], docs: Iterable[Doc],
                    min_score: float = 0.5, method: str = "dice") -> tuple[int, int]:
    """Check that each cited article contains the statement or a close paraphrase.

    Independent of how citations were found: for each citation, the best score of the
    statement against any sentence of the cited article must reach ``min_score``. ``method``
    ``"dice"``: overlap of content-word stems (order-free, forgives reordering);
    ``"order"``: share of the statement's words, stop words included, found in the same order
    (longest common subsequence; strict, fails most rewordings).
    Returns ``(supported citations, all citations)``.
    """
    by_id = {doc.id: doc for doc in docs}
    supported = total = 0
    for item in cited:
        for citation in item.citations:
            total += 1
            doc = by_id.get(citation.article_id)
            if doc is not None:
                best = max((_score(item.text, s.text, method) for s in doc.sentences),
                           default=0.0)
                supported += best >= min_score
    return supported, total


def _score(statement: str, sentence: str, method: str) -> float:
    if method == "dice":
        return dice(content_stems(statement), content_stems(sentence))
    if method == "order":
        mine = words(statement)
        return LCSseq.similarity(mine, words(sentence)) / len(mine) if mine else 0.0
    raise ValueError(f"unknown method {method!r}: use 'dice' or 'order'")
