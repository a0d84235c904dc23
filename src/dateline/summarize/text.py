"""Words, light stems and TF-IDF vectors for comparing sentences.

Rules rather than a model, so the same code runs offline anywhere: words are lower-cased letter
and digit runs, stop words are scikit-learn's English list, and stems come from stripping a few
inflection suffixes ("fighters" = "fighter", "captured" = "captures"), which is enough to match
the same fact written twice and costs nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS, TfidfVectorizer
from sklearn.preprocessing import normalize

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# PTB tokens in T17 and similar corpora: keep them out of the vocabulary.
_PTB = {"lrb", "rrb", "lsb", "rsb", "lcb", "rcb"}
STOP_WORDS = frozenset(ENGLISH_STOP_WORDS | _PTB | {"said", "says", "say", "s", "t", "mr", "mrs"})
_SUFFIXES = ("ies", "ied", "ing", "ed", "es", "s")


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """A light stem: strip one inflection suffix when three letters remain, then a final "e"
    ("captures", "captured", "capture" all give "captur")."""
    base = word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            if suffix in ("ies", "ied"):
                return word[: -len(suffix)] + "y"
            if suffix == "s" and word.endswith(("ss", "us", "is")):
                return word
            base = word[: -len(suffix)]
            break
    if base.endswith("e") and len(base) >= 4:
        base = base[:-1]
    return base


def words(text: str) -> list[str]:
    """Lower-case word tokens of ``text`` (letters and digits; an apostrophe suffix stays)."""
    return _WORD.findall(text.lower().replace("\u2019", "'"))


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry content: stop words and PTB bracket tokens are dropped."""
    return stems_of(words(text))


def stems_of(tokens: list[str]) -> list[str]:
    """:func:`content_stems` of a text whose :func:`words` are ``tokens``."""
    return [stem(w) for w in tokens if w not in STOP_WORDS and not w.startswith("'")]


_NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "dozen": "12",
    "twenty": "20", "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100",
    "hundreds": "100", "thousand": "1000", "thousands": "1000",
}


def numbers(text: str) -> frozenset[str]:
    """The numbers a sentence states, digits or words ("two" = "2"); "1,500" is "1500"."""
    found = set()
    for word in words(text.replace(",", "")):
        if word.isdigit():
            found.add(word.lstrip("0") or "0")
        elif word in _NUMBER_WORDS:
            found.add(_NUMBER_WORDS[word])
    return frozenset(found)


# a whitespace-separated token holding a letter or digit ([^\W_]: what str.isalnum accepts);
# one regex scan instead of a Python loop over characters, on the summaries' hot path
_READER_WORD = re.compile(r"\S*[^\W_]\S*")


def word_count(text: str) -> int:
    """Words as a reader counts them (whitespace-separated tokens that contain a letter/digit)."""
    return len(_READER_WORD.findall(text))


def dice(a: Sequence[str], b: Sequence[str]) -> float:
    """Dice overlap of two token sets: 1 for the same words, 0 for none in common."""
    sa, sb = set(a), set(b)
    if not sa or not sb:
        return 0.0
    return 2 * len(sa & sb) / (len(sa) + len(sb))


def tfidf_matrix(texts: Sequence[str], min_df: int = 1) -> sparse.csr_matrix:
    """L2-normalised TF-IDF rows of content stems, one row per text.

    The IDF comes from ``texts`` themselves, so words every article repeats (the story's own
    name) weigh little and the words that tell one fact from another weigh most.
    """
    if not texts:
        return sparse.csr_matrix((0, 0))
    vectorizer = TfidfVectorizer(analyzer=content_stems, sublinear_tf=True, min_df=min_df)
    try:
        return vectorizer.fit_transform(texts).tocsr()
    except ValueError:  # no content word at all
        return sparse.csr_matrix((len(texts), 1))


def centroid(matrix: sparse.csr_matrix, rows: Sequence[int]) -> np.ndarray:
    """The normalised mean of some rows, as a dense vector."""
    if not len(rows):
        return np.zeros(matrix.shape[1])
    mean = np.asarray(matrix[list(rows)].mean(axis=0)).ravel()
    norm = np.linalg.norm(mean)
    return mean / norm if norm else mean


def cosine_rows(matrix: sparse.csr_matrix, rows: Sequence[int], other: sparse.csr_matrix
                ) -> np.ndarray:
    """Cosine of each of ``rows`` of ``matrix`` against every row of ``other`` (dense)."""
    return np.asarray((matrix[list(rows)] @ other.T).todense())


def renormalize(matrix: sparse.csr_matrix) -> sparse.csr_matrix:
    return normalize(matrix, norm="l2", copy=False)
