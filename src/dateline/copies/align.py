"""Passage alignment between an original and its copy, with the word-level edits inside.

Sentences are compared with rapidfuzz's ``fuzz.ratio`` on normalized words (all pairs at once
with ``process.cdist``) and paired greedily, best first, each sentence at most once, so
reordered sentences still align. Inside an aligned pair, difflib's ``SequenceMatcher`` on
tokens gives the words replaced, inserted and deleted.
"""

from __future__ import annotations

import re
import unicodedata
from difflib import SequenceMatcher

import numpy as np
from rapidfuzz import fuzz, process

from dateline.copies.fingerprints import fingerprint, overlap, words
from dateline.model import AlignedPassage, Article, CopyLink, Edit
from dateline.sentences import article_sentences

# Two sentences below this fuzz.ratio (0-100) are different sentences. On the Raqqa rewrite the
# weakest true pair (a sentence with a clause added) scores 67; background lines that two
# independent AFP dispatches paraphrase score about 60 and do align (they are reuse).
ALIGN_MIN = 55.0
_TOKEN = re.compile(r"'s\b|\w+(?:-\w+)*|[^\w\s]")
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"'})
_NO_SPACE_BEFORE = re.compile(r" (?=['’](?:s\b)|[.,;:!?)\]%])")
_NO_SPACE_AFTER = re.compile(r"(?<=[(\[$]) ")


def tokens(sentence: str) -> list[str]:
    """Words (hyphenated compounds kept whole, possessive 's apart) and punctuation marks."""
    return _TOKEN.findall(unicodedata.normalize("NFKC", sentence).translate(_QUOTES))


def join_tokens(toks: list[str]) -> str:
    """Tokens back to text, without spaces before punctuation."""
    return _NO_SPACE_AFTER.sub("", _NO_SPACE_BEFORE.sub("", " ".join(toks)))


def diff_tokens(original: str, copy: str) -> list[tuple[str, str, str]]:
    """(op, old text, new text) runs turning ``original`` into ``copy``, ``equal`` included.

    Case-insensitive: a change of case only is no edit.
    """
    a, b = tokens(original), tokens(copy)
    matcher = SequenceMatcher(None, [t.lower() for t in a], [t.lower() for t in b],
                              autojunk=False)
    return [(op, join_tokens(a[i1:i2]), join_tokens(b[j1:j2]))
            for op, i1, i2, j1, j2 in matcher.get_opcodes()]


def word_edits(original: str, copy: str) -> tuple[Edit, ...]:
    """Word-level edits that turn ``original`` into ``copy`` (case-insensitive comparison)."""
    return tuple(Edit(op=op, old=old, new=new)  # type: ignore[arg-type]
                 for op, old, new in diff_tokens(original, copy) if op != "equal")


def align_sentences(original: list[str], copy: list[str],
                    min_score: float = ALIGN_MIN) -> list[AlignedPassage]:
    """Align two lists of sentences; every sentence appears in exactly one passage.

    Passages come in the copy's order; a sentence only in the original is placed after the
    passage of its nearest aligned predecessor. ``min_score`` (fuzz.ratio, 0-100) is the
    least similarity for two sentences to be one edited sentence.
    """
    norm_a = [" ".join(words(s)) for s in original]
    norm_b = [" ".join(words(s)) for s in copy]
    pairs: list[tuple[int, int, float]] = []
    if norm_a and norm_b:
        scores = process.cdist(norm_a, norm_b, scorer=fuzz.ratio, score_cutoff=min_score,
                               dtype=np.float32)
        rows, cols = np.nonzero(scores)
        order = np.lexsort((cols, rows, -scores[rows, cols]))
        used_a: set[int] = set()
        used_b: set[int] = set()
        for k in order:
            i, j = int(rows[k]), int(cols[k])
            if i in used_a or j in used_b or not norm_a[i] or not norm_b[j]:
                continue
            used_a.add(i)
            used_b.add(j)
            pairs.append((i, j, float(scores[i, j])))
    placed: list[tuple[float, AlignedPassage]] = []
    copy_of = {i: j for i, j, _ in pairs}
    for i, j, score in pairs:
        same = norm_a[i] == norm_b[j]
        edits = () if same else word_edits(original[i], copy[j])
        placed.append((j, AlignedPassage(i, j, round(score / 100, 4), edits)))
    aligned_copies = {j for _, j, _ in pairs}
    for j in range(len(copy)):
        if j not in aligned_copies:
            placed.append((j, AlignedPassage(None, j, 0.0)))
    for i in range(len(original)):
        if i in copy_of:
            continue
        before = [copy_of[p] for p in copy_of if p < i]
        anchor = max(before) if before else -1
        placed.append((anchor + 0.5 + i * 1e-6, AlignedPassage(i, None, 0.0)))
    placed.sort(key=lambda item: item[0])
    return [passage for _, passage in placed]


def align(original: Article, copy: Article, link: CopyLink | None = None,
          shingle: int = 3) -> CopyLink:
    """The link from ``original`` to ``copy`` with its aligned passages and edits.

    Sentence indices are those of :func:`dateline.sentences.article_sentences`. With ``link``
    (from the detector) its kind, similarity and direction are kept; without, similarity is
    the shingle containment and the direction ``unknown``.
    """
    sa = [s.text for s in article_sentences(original)]
    sb = [s.text for s in article_sentences(copy)]
    passages = tuple(align_sentences(sa, sb))
    if link is not None:
        return CopyLink(original.id, copy.id, link.similarity, link.kind, link.direction,
                        passages)
    fa, fb = fingerprint(original, shingle, 8), fingerprint(copy, shingle, 8)
    jac, cont, _ = overlap(fa.shingles, fb.shingles)
    kind = "exact" if fa.exact_key == fb.exact_key else "near" if jac >= 0.8 else "partial"
    return CopyLink(original.id, copy.id, round(cont, 4), kind, "unknown", passages)


def reused_share(link: CopyLink) -> float:
    """Share of the copy's sentences that come from the original (exact or edited)."""
    copies = [p for p in link.passages if p.copy is not None]
    if not copies:
        return 0.0
    return sum(1 for p in copies if p.original is not None) / len(copies)
