"""The copy-detection rules, once, as plain functions over arrays.

The local :class:`~dateline.copies.CopyDetector` and the Spark copy step
(:mod:`dateline.scale.copies`, :mod:`dateline.scale.verification`) call these and differ only
in where the arrays come from: so the two engines find the same links by construction.

The rules, in the order a pair meets them: stop shingles (page chrome) are taken out of each
article's shingles; exact copies (same content words) join the first article with their key;
LSH buckets pair members up to ``MAX_BUCKET_PAIRS - 1`` apart in input order; the prefilter
drops pairs whose signatures agree in too few bins; the verification compares the content
shingles against the thresholds; :func:`link` decides the direction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from dateline.copies.derivation import Provenance, decide_provenance
from dateline.copies.fingerprints import overlap
from dateline.model import CopyLink

# Stop shingles: those in at least ``stop_df`` of the articles of a sample (and in 20 of them):
# the site chrome an outlet prints on every page, which would make its pages look like copies.
STOP_SAMPLE = 5000
STOP_SAMPLE_MIN = 500
STOP_MIN_DOCS = 20
PREFILTER = 0.6  # of min_jaccard: at J = 0.1 and 256 bins the estimate's error is ~0.02
# A bucket shared by more articles than this is a degenerate one (a boilerplate-only text
# repeated everywhere); its members are paired with their next neighbours only.
MAX_BUCKET_PAIRS = 64
Measure = Literal["containment", "jaccard"]


@dataclass(frozen=True)
class Thresholds:
    """What a verified link needs (the parameters of the same names of ``CopyDetector``)."""

    threshold: float = 0.3
    measure: Measure = "containment"
    near: float = 0.8
    min_jaccard: float = 0.1
    min_shared: int = 15

    @classmethod
    def of(cls, params: dict[str, Any]) -> Thresholds:
        """The thresholds among ``params`` (a detector's ``get_params()``)."""
        return cls(**{k: params[k] for k in cls.__dataclass_fields__ if k in params})

    @property
    def prefilter(self) -> float:
        """Least share of agreeing signature bins for a pair to be verified at all: the
        signatures' agreement estimates Jaccard, and pairs far below ``min_jaccard`` (two
        standard errors of margin) are dropped before their shingles are compared."""
        return PREFILTER * self.min_jaccard


@dataclass(frozen=True)
class Verdict:
    """A verified pair: its similarity (of the measure), shared shingles and kind."""

    score: float
    shared: int
    kind: str  # exact, near or partial


# -- stop shingles -------------------------------------------------------------------------------

def stop_shingles(shingle_sets: Sequence[np.ndarray], df: float) -> np.ndarray | None:
    """Sorted shingles found in at least a share ``df`` of the first ``STOP_SAMPLE`` of
    ``shingle_sets`` (in input order) and in ``STOP_MIN_DOCS`` of them; ``None`` (no sample
    yet: every shingle counts) for fewer than ``STOP_SAMPLE_MIN`` articles."""
    sample = list(shingle_sets[:STOP_SAMPLE])
    if len(sample) < STOP_SAMPLE_MIN:
        return None
    if df <= 0:
        return np.zeros(0, dtype=np.uint64)
    values, counts = np.unique(np.concatenate(sample), return_counts=True)
    return values[counts >= max(STOP_MIN_DOCS, df * len(sample))]


def content_shingles(shingles: np.ndarray, stop: np.ndarray | None) -> np.ndarray:
    """``shingles`` without the sorted ``stop`` shingles (site chrome on every page)."""
    if stop is None or len(stop) == 0 or len(shingles) == 0:
        return shingles
    at = np.minimum(np.searchsorted(stop, shingles), len(stop) - 1)
    return shingles[stop[at] != shingles]


# -- candidate pairs -------------------------------------------------------------------------------

def exact_pairs(positions: Sequence[int], exact_keys: Sequence[str], n_words: Sequence[int],
                first: dict[str, int], lookup: Callable[[str], int | None] | None = None
                ) -> list[tuple[int, int]]:
    """(first, later) of exact copies among articles in input order: an article joins the
    first one with its exact key (``first``, updated; ``lookup`` finds keys indexed earlier
    elsewhere). An article with no content words is no copy of anything."""
    pairs = []
    for pos, key, words in zip(positions, exact_keys, n_words, strict=True):
        if words == 0:
            continue
        twin = first.get(key)
        if twin is None and lookup is not None:
            twin = lookup(key)
        if twin is None:
            first[key] = pos
        else:
            pairs.append((twin, pos))
    return pairs


def bucket_pairs(band: np.ndarray, key: np.ndarray, member: np.ndarray
                 ) -> Iterator[tuple[np.ndarray, np.ndarray]]:
    """Candidate pairs (earlier, later) of members sharing a band bucket, one array pair per
    distance: each member with the next ``MAX_BUCKET_PAIRS - 1`` of its bucket in input order
    (``member`` is the input position; a larger bucket stays connected through neighbours).

    ``band``, ``key``, ``member`` hold one row per (article, band) in any order, and must hold
    whole buckets; a pair of several bands comes once per band.
    """
    order = np.lexsort((member, key, band))
    band, key, member = band[order], key[order], member[order]
    for d in range(1, min(MAX_BUCKET_PAIRS, len(member))):
        same = np.flatnonzero((key[:-d] == key[d:]) & (band[:-d] == band[d:]))
        if len(same) == 0:  # no bucket has more than d members
            break
        yield member[same], member[same + d]


# -- prefilter and verification -------------------------------------------------------------------

def agreement(sa: np.ndarray, sb: np.ndarray, chunk: int = 50_000) -> np.ndarray:
    """Share of bins where row ``i`` of ``sa`` and ``sb`` agree (signatures: the Jaccard
    estimate; sketches of them: never below it), ``chunk`` rows at a time."""
    out = np.empty(len(sa))
    for s in range(0, len(sa), chunk):
        out[s : s + chunk] = (sa[s : s + chunk] == sb[s : s + chunk]).mean(axis=1)
    return out


def prefiltered(sa: np.ndarray, sb: np.ndarray, rules: Thresholds) -> np.ndarray:
    """Rows whose signatures (or sketches) agree in at least ``rules.prefilter`` of the bins."""
    return np.flatnonzero(agreement(sa, sb) >= rules.prefilter)


def verify(content_a: np.ndarray, content_b: np.ndarray, rules: Thresholds) -> Verdict | None:
    """The verdict on two articles of different exact keys from their content shingles, or
    ``None``: a link needs the measure's score, ``min_jaccard`` (a short text wholly inside a
    long one is no copy of it) and ``min_shared`` shingles; ``near`` from Jaccard ``near``."""
    jac, cont, shared = overlap(content_a, content_b)
    score = cont if rules.measure == "containment" else jac
    if score >= rules.threshold and jac >= rules.min_jaccard and shared >= rules.min_shared:
        return Verdict(score, shared, "near" if jac >= rules.near else "partial")
    return None


def exact(n_shingles_b: int) -> Verdict:
    """The verdict on an exact pair: similarity 1, every shingle of the later one shared."""
    return Verdict(1.0, n_shingles_b, "exact")


def link(id_a: str, id_b: str, verdict: Verdict, pa: Provenance, pb: Provenance, n_a: int,
         n_b: int) -> CopyLink:
    """The link of a verified pair (``a`` seen first; ``n_a``, ``n_b`` their shingle
    counts), its direction decided from the two provenances."""
    first, how = decide_provenance(pa, pb, verdict.shared, n_a, n_b)
    original, copy = (id_a, id_b) if first else (id_b, id_a)
    return CopyLink(original=original, copy=copy, similarity=round(verdict.score, 4),
                    kind=verdict.kind, direction=how)  # type: ignore[arg-type]
