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
from dataclasses import dataclass, field

import numpy as np

from dateline.model import Citation, CitedSentence, CopyLink
from dateline.summarize.citations import CITE_MIN_DICE, CITE_THRESHOLD, cite_rows, supports_sets
from dateline.summarize.corpus import CopyGroups, Pool, StoryInput
from dateline.summarize.text import STOP_WORDS, dice

_TOKEN = re.compile(r"\w+(?:[-'\u2019]\w+)*|[^\w\s]")
_POSSESSIVE = re.compile(r"['\u2019]s$")
# A row is tested for support against at most this many of its most similar rows of other
# outlets (the rest are less similar still); it bounds the work on a sentence that is
# similar to thousands of others (a template repeated with other numbers).
MAX_CANDIDATES = 1000


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
    rows, counts = _distinct_rows(pool)
    scan = _scan(pool, rows, counts, row_outlet, threshold)
    pairs = _aligned_pairs(pool, scan.best) + _link_pairs(pool, links)
    wordings = _wordings(pool, pairs, row_outlet, max_words)
    unique = _unique(pool, scan, row_outlet, per_outlet)
    names = tuple(dict.fromkeys(outlet_of))
    return SourceComparison(names, tuple((o, unique.get(o, ())) for o in names), wordings)


def _distinct_rows(pool: Pool) -> tuple[np.ndarray, np.ndarray]:
    """The first row of each sentence text in each article, and how often the article says
    it. A sentence an article repeats word for word is one fact: it is compared once, so
    an article that repeats one sentence 10,000 times costs what one sentence costs, not
    10,000 squared comparisons."""
    first: dict[tuple[int, str], int] = {}
    for row, sentence in enumerate(pool.sentences):
        first.setdefault((int(pool.doc_of[row]), sentence.text), row)
    rows = np.array(sorted(first.values()), dtype=int)
    where = {row: i for i, row in enumerate(rows.tolist())}
    counts = np.zeros(len(rows))
    for row, sentence in enumerate(pool.sentences):
        counts[where[first[(int(pool.doc_of[row]), sentence.text)]]] += 1
    return rows, counts


@dataclass
class _Scan:
    """What the comparison needs of each distinct row's similar rows, gathered one block
    of rows at a time, so no sentence-by-sentence matrix is ever held whole.

    ``best``: (row, other article) -> (cosine, row) of the most similar row of that article
    of another outlet (cosine at least the threshold). ``supported``: rows that another
    outlet's sentence supports. ``relevance``: summed cosine to other outlets' sentences.
    ``repeats``: rows the outlet says again (cosine 0.9) in three or more of its articles.
    """

    rows: np.ndarray
    best: dict[tuple[int, int], tuple[float, int]] = field(default_factory=dict)
    supported: set[int] = field(default_factory=set)
    relevance: dict[int, float] = field(default_factory=dict)
    repeats: set[int] = field(default_factory=set)


def _scan(pool: Pool, rows: np.ndarray, counts: np.ndarray, row_outlet: np.ndarray,
          threshold: float, budget: int = 4_000_000) -> _Scan:
    """Compare each distinct row with every other (cosine at least ``threshold / 2``), in
    blocks of rows holding at most about ``budget`` similarities. A row is tested for
    support against its ``MAX_CANDIDATES`` most similar rows of other outlets."""
    scan = _Scan(rows)
    if not len(rows):
        return scan
    matrix = pool.matrix[rows]
    outlets, docs = row_outlet[rows], pool.doc_of[rows]
    floor = threshold / 2
    step = int(min(2000, max(1, budget // len(rows))))
    sets, nums, word_counts = pool.stem_sets, pool.numbers, pool.word_counts
    for start in range(0, len(rows), step):
        block = (matrix[start : start + step] @ matrix.T).tocsr()
        block.data[block.data < floor] = 0
        block.eliminate_zeros()
        for i in range(block.shape[0]):
            u = start + i
            row, outlet = int(rows[u]), outlets[u]
            cols = block.indices[block.indptr[i] : block.indptr[i + 1]]
            values = block.data[block.indptr[i] : block.indptr[i + 1]]
            other = outlets[cols] != outlet
            o_cols, o_values = cols[other], values[other]
            for c, v in zip(o_cols.tolist(), o_values.tolist(), strict=True):
                if v < threshold:
                    continue
                key = (row, int(docs[c]))
                if key not in scan.best or v > scan.best[key][0]:
                    scan.best[key] = (v, int(rows[c]))
            if word_counts[row] < 8 or len(sets[row]) < 5:
                continue  # not a candidate for the outlet-only sentences
            order = np.argsort(-o_values, kind="stable")[:MAX_CANDIDATES]
            if any(supports_sets(sets[row], sets[rows[c]], v >= threshold, CITE_MIN_DICE,
                                 nums[row], nums[rows[c]])
                   for c, v in zip(o_cols[order].tolist(), o_values[order].tolist(),
                                   strict=True)):
                scan.supported.add(row)
                continue
            same = cols[~other][values[~other] >= 0.9]
            if len(np.unique(docs[same])) >= 3:
                scan.repeats.add(row)
                continue
            scan.relevance[row] = float((o_values * counts[o_cols]).sum())
    return scan


def _aligned_pairs(pool: Pool, best: dict[tuple[int, int], tuple[float, int]]
                   ) -> list[tuple[int, int]]:
    """Mutually best sentence pairs of different outlets that say the same thing."""
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


def _unique(pool: Pool, scan: _Scan, row_outlet: np.ndarray, per_outlet: int
            ) -> dict[str, tuple[CitedSentence, ...]]:
    """Per outlet, its informative sentences that no other outlet's sentence matches.

    Most relevant first: relevance is the summed similarity to the other outlets' sentences
    (the story's subject, told differently). A sentence the outlet repeats nearly word for
    word in three or more articles is boilerplate (a footer, a comment stamp), not a fact.
    """
    by_outlet: dict[str, list[int]] = defaultdict(list)
    for row in scan.relevance:
        by_outlet[row_outlet[row]].append(row)
    out = {}
    for outlet, rows in by_outlet.items():
        top: list[int] = []
        for row in sorted(rows, key=lambda r: -scan.relevance[r]):
            if len(top) >= per_outlet:
                break
            if not top or (pool.matrix[top] @ pool.matrix[row].T).toarray().max() < 0.9:
                top.append(row)  # the same sentence in two articles is one fact
        out[outlet] = tuple(cite_rows(pool, top))
    return out
