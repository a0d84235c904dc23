"""Fingerprints of one article: a strong exact key, word shingles and a MinHash signature.

Everything here is a pure function of the article's text, so it runs in a loop or a pool.

The signature is a one-permutation MinHash (Li, Owen & Zhang 2012, with the rotation
densification of Shrivastava & Li 2014): each shingle is hashed once, the hash picks one of
``num_perm`` bins and the bin keeps its smallest value. Two signatures agree in a bin with
probability equal to the Jaccard similarity of the shingle sets, exactly as with ``num_perm``
independent permutations (datasketch's ``MinHash``), but the cost is one hash per shingle
instead of ``num_perm`` (measured in ``bench/copies_speed.py``).
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
import zlib
from dataclasses import dataclass

import numpy as np

from dateline.model import Article

# Paragraphs that outlets add around a story and that say nothing about it. They are left out
# of the exact key and of the shingles, so a reprint that only adds them is an exact copy.
# Anchored at the start or matched on the tail only: these run on every paragraph.
_CREDIT_START = re.compile(
    r"(?:(?:image|photo|picture|video)\s*(?:credit|courtesy)\b"
    r"|(?:additional )?(?:reporting|writing|editing) by\b"
    r"|copyright\b|\(c\)|©|all rights reserved"
    r"|[\d.\-]{6,}$)",  # an image id line: "1.2106907-1906023819"
    re.IGNORECASE,
)
_NAVIGATION = re.compile(  # unambiguous at the start of a line
    r"(?:click here|for more stories from|show full article|add new comment|sign up for"
    r"|subscribe to)\b",
    re.IGNORECASE,
)
_SHORT_NAVIGATION = re.compile(  # only as a short line of its own: "Related Video:"
    r"(?:related(?: video| articles?| stories| content)?|read more|share this(?: article)?"
    r"|follow us\b.*|advertisement|you are here|sign up|subscribe)\W*$",
    re.IGNORECASE,
)
_CREDIT_END = re.compile(
    r"(?:\((?:photo|image)\s*credit:?[^)]*\)|\b(?:image|photo) credit\s*:\s*[\w /.-]{1,40}"
    r"|\b\d+ users? have voted\.?)$",
    re.IGNORECASE,
)
# A wire dateline at the start of the first paragraph: "BEIRUT (Reuters) - ", "Raqqa: ".
_DATELINE = re.compile(
    r"^(?:[A-Z][\w.'’ -]{1,40}?\s*(?:,[\w .'-]{1,30})?\s*"
    r"(?:\((?:Reuters|AFP|AP|dpa|Xinhua|UPI|ANSA|IANS|PTI)\)\s*)?[-–—:]\s+)"
)
_QUOTES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u201c": '"', "\u201d": '"',
                         "\u2013": "-", "\u2014": "-"})
_WORD = re.compile(r"\w+")
_EMPTY = np.uint32(0xFFFFFFFF)

# ASCII bytes that are not word characters become spaces (every byte of a non-ASCII character
# stays: letters of other scripts; typographic quotes and dashes are folded to ASCII first).
_WORD_ASCII = set(b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_")
_SPLIT = bytes(c if c in _WORD_ASCII or c >= 0x80 else 0x20 for c in range(256))


def is_boilerplate(paragraph: str) -> bool:
    """True for a paragraph an outlet adds around a story (credit, copyright, image id...)."""
    text = paragraph.strip()
    if len(text) > 300:
        return False
    tail = text[-80:]
    if _CREDIT_START.match(text):
        return True
    if ("redit" in tail or "voted" in tail) and _CREDIT_END.search(tail):
        return True
    if len(text) <= 120 and _NAVIGATION.match(text):
        return True
    return len(text) <= 40 and bool(_SHORT_NAVIGATION.match(text))


def content_paragraphs(article: Article) -> list[str]:
    """The article's paragraphs without boilerplate, the first without its wire dateline."""
    paragraphs = [p for p in article.paragraphs if p.strip() and not is_boilerplate(p)]
    if paragraphs:
        paragraphs[0] = _DATELINE.sub("", paragraphs[0], count=1)
    return paragraphs


def words(text: str) -> list[str]:
    """Normalized words: NFKC, quotes folded, lower case, punctuation dropped."""
    return _WORD.findall(normalize(text))


def normalize(text: str) -> str:
    """NFKC, typographic quotes and dashes folded to ASCII, lower case."""
    return unicodedata.normalize("NFKC", text).translate(_QUOTES).lower()


def token_hashes(text: str) -> np.ndarray:
    """A stable 64-bit hash of each word of ``text`` (the words of :func:`words`), in order.

    The UTF-8 bytes are split on ASCII non-word bytes and each word hashed by CRC-32, all in C
    (hashing word by word in Python was most of the time of fingerprinting a corpus). 32 bits
    tell words apart well enough: two words of a 500k-word vocabulary share a value about 30
    times, which moves a similarity by nothing measurable; shingles mix three into 64 bits.
    """
    tokens = normalize(text).encode("utf-8").translate(_SPLIT).split()
    if not tokens:
        return np.zeros(0, dtype=np.uint64)
    return _mix(np.fromiter(map(zlib.crc32, tokens), dtype=np.uint64, count=len(tokens)))


def _mix(x: np.ndarray) -> np.ndarray:
    """splitmix64's finalizer: spreads every input bit over the 64 output bits."""
    with np.errstate(over="ignore"):
        x = x ^ (x >> np.uint64(30))
        x = x * np.uint64(0xBF58476D1CE4E5B9)
        x = x ^ (x >> np.uint64(27))
        x = x * np.uint64(0x94D049BB133111EB)
        return x ^ (x >> np.uint64(31))


def shingle_hashes(ids: np.ndarray, k: int) -> np.ndarray:
    """Sorted unique 64-bit hashes of the word k-grams of the word hashes ``ids`` (one
    shingle for texts under k words)."""
    if len(ids) == 0:
        return np.zeros(0, dtype=np.uint64)
    if len(ids) < k:
        k = len(ids)
    with np.errstate(over="ignore"):
        h = ids[: len(ids) - k + 1].copy()
        for j in range(1, k):
            h = _mix(h * np.uint64(0x9E3779B97F4A7C15) + ids[j : len(ids) - k + 1 + j])
    h = np.sort(_mix(h))
    return h[np.concatenate(([True], h[1:] != h[:-1]))]


def minhash(shingles: np.ndarray, num_perm: int) -> np.ndarray:
    """One-permutation MinHash signature (``num_perm`` uint32 values) of a shingle set.

    Empty bins (texts with few shingles) borrow the value of the next filled bin plus an offset
    per step, so two signatures still agree in a bin with probability of the Jaccard index.
    An empty set gives a signature of all ``0xFFFFFFFF``.
    """
    sig = np.full(num_perm, _EMPTY, dtype=np.uint32)
    if len(shingles) == 0:
        return sig
    bins = ((shingles >> np.uint64(32)) % np.uint64(num_perm)).astype(np.intp)
    values = (shingles & np.uint64(0xFFFFFFFF)).astype(np.uint32)
    np.minimum.at(sig, bins, values)
    empty = sig == _EMPTY
    if empty.any():
        filled = np.flatnonzero(~empty)
        holes = np.flatnonzero(empty)
        pos = np.searchsorted(filled, holes) % len(filled)
        donors = filled[pos]
        steps = (donors - holes) % num_perm
        offset = (steps.astype(np.uint64) * np.uint64(0x9E3779B1)) & np.uint64(0xFFFFFFFF)
        sig[holes] = ((sig[donors].astype(np.uint64) + offset) & np.uint64(0xFFFFFFFE)).astype(
            np.uint32
        )
    return sig


@dataclass(frozen=True)
class Fingerprint:
    """What copy detection keeps of one article.

    ``exact_key`` is the SHA-1 of the content words' hashes (boilerplate and dateline out), so
    texts that differ only in case, punctuation, spacing or added boilerplate share it.
    ``shingles`` are the sorted unique hashes of the word k-grams; ``signature`` their MinHash.
    """

    article_id: str
    exact_key: str
    n_words: int
    shingles: np.ndarray
    signature: np.ndarray


def fingerprint(article: Article, shingle: int = 3, num_perm: int = 256) -> Fingerprint:
    """The fingerprint of one article (pure function).

    ``shingle`` is the number of words per shingle: smaller finds looser rewrites but joins
    more unrelated articles on common phrases; ``num_perm`` the signature length (longer is a
    more exact Jaccard estimate and allows more LSH bands).
    """
    ids = token_hashes("\n".join(content_paragraphs(article)))
    key = hashlib.sha1(ids.astype("<u8").tobytes()).hexdigest()
    shingles = shingle_hashes(ids, shingle)
    return Fingerprint(article.id, key, len(ids), shingles, minhash(shingles, num_perm))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Jaccard index of two sorted unique shingle arrays."""
    if len(a) == 0 or len(b) == 0:
        return 0.0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter)


def overlap(a: np.ndarray, b: np.ndarray) -> tuple[float, float, int]:
    """(Jaccard, containment of the smaller set in the larger, shared shingles)."""
    if len(a) == 0 or len(b) == 0:
        return 0.0, 0.0, 0
    inter = len(np.intersect1d(a, b, assume_unique=True))
    return inter / (len(a) + len(b) - inter), inter / min(len(a), len(b)), inter
