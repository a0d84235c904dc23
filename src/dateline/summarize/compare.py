"""Per-source comparison: what only one outlet reports, and how outlets word the same fact.

Sentences of different outlets are aligned when they say the same thing (TF-IDF cosine and
content-word Dice, as for citations), or taken from the copies stage's ``CopyLink.passages``
when given. A word-level diff of each aligned pair gives the wording differences ("Daesh" /
"Islamic State", "so-called" / "self-declared"); they are counted over all pairs, so a
consistent choice of words by an outlet stands out from a one-off edit.
"""

from __future__ import annotations

import difflib
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from dateline.model import Citation, CitedSentence, CopyLink
from dateline.summarize.citations import CITE_MIN_DICE, CITE_THRESHOLD, cite_rows, supports_sets
from dateline.summarize.corpus import CopyGroups, Pool, StoryInput
from dateline.summarize.text import STOP_WORDS, dice

_TOKEN = re.compile(r"\w+(?:[-'\u2019]\w+)*|[^\w\s]")
_POSSESSIVE = re.compile(r"['\u2019]s$")


@dataclass(frozen=True)
class Wording:
    """One outlet's words against another's for the same thing, over all aligned sentences."""

    outlet: str
    words: str
    other_outlet: str
    other_words: str
    count: int
    example: tuple[Citation, Citation]


@dataclass(frozen=True)
class SourceComparison:
    """``unique``: per outlet, sentences no other outlet supports (most central first).
    ``wordings``: differences of wording between aligned sentences, most frequent first."""

    outlets: tuple[str, ...]
    unique: tuple[tuple[str, tuple[CitedSentence, ...]], ...]
    wordings: tuple[Wording, ...]


def compare_sources(articles: StoryInput, copy_groups: CopyGroups = (),
                    links: Iterable[CopyLink] = (), per_outlet: int = 5, max_words: int = 4,
                    outlets: Mapping[str, str] | None = None,
                    threshold: float = CITE_THRESHOLD) -> SourceComparison:
    """Compare how the outlets of a story report it.

    ``links``: the copies stage's links; their aligned passages are used as they are.
    ``per_outlet``: how many outlet-only sentences to keep per outlet.
    ``max_words``: longest phrase kept as a wording difference (longer diffs are rewrites).
    ``threshold``: cosine for two sentences to be the same fact (lower finds looser
    paraphrases and more noise). An article without an outlet stands for itself.
    """
    links = list(links)
    pool = Pool.build(articles, list(copy_groups) + links, outlets)
    return compare_pool(pool, links, per_outlet, max_words, threshold)


def compare_pool(pool: Pool, links: Iterable[CopyLink] = (), per_outlet: int = 5,
                 max_words: int = 4, threshold: float = CITE_THRESHOLD) -> SourceComparison:
    """:func:`compare_sources` on a story's :class:`Pool` (its copy groups must include
    ``links``; the pool of the story's timeline and summary does)."""
    links = list(links)
    outlet_of = [doc.outlet or doc.id for doc in pool.docs]
    row_outlet = np.array([outlet_of[d] for d in pool.doc_of], dtype=object)
    sims = _similar_pairs(pool, threshold / 2)
    pairs = _aligned_pairs(pool, sims, row_outlet, threshold) + _link_pairs(pool, links)
    wordings = _wordings(pool, pairs, row_outlet, max_words)
    unique = _unique(pool, sims, row_outlet, threshold, per_outlet)
    names = tuple(dict.fromkeys(outlet_of))
    return SourceComparison(names, tuple((o, unique.get(o, ())) for o in names), wordings)


def _similar_pairs(pool: Pool, floor: float, chunk: int = 2000) -> sparse.csr_matrix:
    """Sentence-by-sentence cosine, only the values at least ``floor`` kept (in row chunks, so
    a story of thousands of articles does not hold a dense product in memory)."""
    blocks = []
    for start in range(0, len(pool), chunk):
        block = (pool.matrix[start : start + chunk] @ pool.matrix.T).tocsr()
        block.data[block.data < floor] = 0
        block.eliminate_zeros()
        blocks.append(block)
    return sparse.vstack(blocks).tocsr() if blocks else sparse.csr_matrix((0, 0))


def _aligned_pairs(pool: Pool, sims, row_outlet: np.ndarray, threshold: float
                   ) -> list[tuple[int, int]]:
    """Mutually best sentence pairs of different outlets that say the same thing."""
    best: dict[tuple[int, int], tuple[float, int]] = {}  # (row, other doc) -> (sim, row)
    for row in range(len(pool)):
        start, end = sims.indptr[row], sims.indptr[row + 1]
        for col, value in zip(sims.indices[start:end], sims.data[start:end], strict=True):
            if value < threshold or row_outlet[col] == row_outlet[row]:
                continue
            key = (row, int(pool.doc_of[col]))
            if key not in best or value > best[key][0]:
                best[key] = (float(value), int(col))
    pairs = []
    for (row, _doc), (_value, col) in best.items():
        back = best.get((col, int(pool.doc_of[row])))
        if row < col and back and back[1] == row and \
                dice(pool.stems[row], pool.stems[col]) >= CITE_MIN_DICE:
            pairs.append((row, col))
    return pairs


def _link_pairs(pool: Pool, links: list[CopyLink]) -> list[tuple[int, int]]:
    where = {(pool.docs[pool.doc_of[r]].id, s.index): r for r, s in enumerate(pool.sentences)}
    pairs = []
    for link in links:
        for passage in link.passages:
            a = where.get((link.original, passage.original))
            b = where.get((link.copy, passage.copy))
            if a is not None and b is not None:
                pairs.append((a, b))
    return pairs


def _wordings(pool: Pool, pairs: list[tuple[int, int]], row_outlet: np.ndarray,
              max_words: int) -> tuple[Wording, ...]:
    counts: Counter[tuple[str, str, str, str]] = Counter()
    examples: dict[tuple[str, str, str, str], tuple[Citation, Citation]] = {}
    for a, b in dict.fromkeys(pairs):
        if row_outlet[a] == row_outlet[b]:
            continue
        if row_outlet[a] > row_outlet[b]:
            a, b = b, a
        for old, new in _replacements(pool.sentences[a].text, pool.sentences[b].text, max_words):
            key = (row_outlet[a], old, row_outlet[b], new)
            counts[key] += 1
            examples.setdefault(key, (_citation(pool, a), _citation(pool, b)))
    return tuple(Wording(o, w, oo, ow, n, examples[(o, w, oo, ow)])
                 for (o, w, oo, ow), n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _replacements(a: str, b: str, max_words: int) -> list[tuple[str, str]]:
    """Phrases of ``a`` replaced by other phrases in ``b`` (both short, both with content)."""
    ta, tb = _TOKEN.findall(a), _TOKEN.findall(b)
    matcher = difflib.SequenceMatcher(a=[t.lower() for t in ta], b=[t.lower() for t in tb],
                                      autojunk=False)
    out = []
    for op, i1, i2, j1, j2 in matcher.get_opcodes():
        if op != "replace" or i2 - i1 > max_words or j2 - j1 > max_words:
            continue
        old, new = _phrase(ta[i1:i2]), _phrase(tb[j1:j2])
        if old.lower() != new.lower() and _has_content(old) and _has_content(new):
            out.append((old, new))
    return out


def _phrase(tokens: list[str]) -> str:
    text = " ".join(tokens)
    return _POSSESSIVE.sub("", text)


def _has_content(phrase: str) -> bool:
    return any(w.isalpha() and w.lower() not in STOP_WORDS for w in re.split(r"[\s-]", phrase))


def _citation(pool: Pool, row: int) -> Citation:
    doc = pool.doc(row)
    return Citation(doc.id, pool.sentences[row].index, doc.outlet, True)


def _unique(pool: Pool, sims, row_outlet: np.ndarray, threshold: float, per_outlet: int
            ) -> dict[str, tuple[CitedSentence, ...]]:
    """Per outlet, its informative sentences that no other outlet's sentence matches.

    Most relevant first: relevance is the summed similarity to the other outlets' sentences
    (the story's subject, told differently). A sentence the outlet repeats nearly word for
    word in three or more articles is boilerplate (a footer, a comment stamp), not a fact.
    """
    by_outlet: dict[str, list[int]] = defaultdict(list)
    relevance = np.zeros(len(pool))
    sets, nums = pool.stem_sets, pool.numbers
    for row in range(len(pool)):
        if pool.word_counts[row] < 8 or len(sets[row]) < 5:
            continue
        start, end = sims.indptr[row], sims.indptr[row + 1]
        cols, values = sims.indices[start:end], sims.data[start:end]
        other = row_outlet[cols] != row_outlet[row]
        if any(supports_sets(sets[row], sets[c], v >= threshold, CITE_MIN_DICE, nums[row],
                             nums[c])
               for c, v in zip(cols[other].tolist(), values[other].tolist(), strict=True)):
            continue
        repeats = {int(pool.doc_of[c]) for c, v in zip(cols[~other], values[~other], strict=True)
                   if v >= 0.9}
        if len(repeats) >= 3:
            continue
        relevance[row] = values[other].sum()
        by_outlet[row_outlet[row]].append(row)
    out = {}
    for outlet, rows in by_outlet.items():
        top: list[int] = []
        for row in sorted(rows, key=lambda r: -relevance[r]):
            if len(top) >= per_outlet:
                break
            if not top or (pool.matrix[top] @ pool.matrix[row].T).toarray().max() < 0.9:
                top.append(row)  # the same sentence in two articles is one fact
        out[outlet] = tuple(cite_rows(pool, top))
    return out
