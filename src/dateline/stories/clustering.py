"""Threshold clustering of articles against cluster centroids, for stories and for events.

An article is described by a unit embedding ``E``, a unit folded TF-IDF vector ``T`` and a day
(``nan`` when unknown). Its similarity to a cluster is::

    (embed_weight * cos(E, centroid E) + (1 - embed_weight) * cos(T, centroid T)) * (1 - p)

where the time discount ``p`` is ``time_weight * gap / (gap + time_scale)`` (half the weight at
``time_scale`` days, growing slowly after) and ``gap`` is how many days the article lies outside
the cluster's first..last day; when the article's or the
cluster's day is unknown, ``p`` is ``unknown`` (time gives no evidence, so content alone has to
clear a higher bar). The discount multiplies: near-identical reports months apart still join,
loosely related ones do not chain across a year.
A cluster whose last day is more than ``window`` days before an article is dormant: the article
is not compared with it (this keeps a long stream's work proportional to the live clusters).
An article joins the most similar cluster when that similarity reaches ``threshold`` and starts
a new one otherwise (the leader algorithm, in arrival order). ``refine`` then moves articles to
their best centroid and merges centroids that are alike, and :func:`split` cuts a cluster
whose earlier and later articles share little, undoing chains across time (both batch only).

Events use another criterion (``Similarity.mean``): an article's similarity to an event is the
mean of its similarities to the event's members, which sums give exactly, and a batch is
grouped by :func:`average_linkage`, which merges by that same mean. Inside a story the vectors
are first moved by :func:`contrast`, so that what the whole story shares counts less.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy.cluster.hierarchy import fcluster, linkage
from scipy.spatial.distance import squareform

BLOCK = 2048


@dataclass(frozen=True)
class Similarity:
    """How article-to-cluster similarity is computed (see the module docstring)."""

    threshold: float = 0.5
    embed_weight: float = 0.7
    time_scale: float = 30.0
    time_weight: float = 0.2
    window: float = float("inf")
    unknown: float = 0.0
    mean: bool = False
    """Compare an article with the mean of its similarities to a cluster's members (the
    average-linkage criterion) instead of its cosine to the cluster's centroid."""


@dataclass(frozen=True)
class CentroidRow:
    """One saved story or event: its running sums and day range (``nan`` when unknown), and
    for an event its story; the label article and its centrality, when it has one."""

    kind: str  # "story" or "event"
    id: str
    story: str | None
    count: float
    first: float
    last: float
    emb: np.ndarray
    terms: np.ndarray
    label: tuple[str, float] | None = None


class Centroids:
    """Running sums of the members of each cluster, and their day ranges.

    Arrays grow by doubling, so starting thousands of clusters one batch at a time stays cheap.
    """

    def __init__(self, emb: np.ndarray, terms: np.ndarray, count: np.ndarray,
                 first: np.ndarray, last: np.ndarray, ids: list[str]) -> None:
        self._emb, self._terms, self._count = emb, terms, count
        self._first, self._last = first, last
        self.ids = ids
        self._ne = np.linalg.norm(emb, axis=1)
        self._nt = np.linalg.norm(terms, axis=1)

    @classmethod
    def empty(cls, de: int, dt: int) -> Centroids:
        return cls(np.zeros((0, de), np.float32), np.zeros((0, dt), np.float32),
                   np.zeros(0), np.zeros(0), np.zeros(0), [])

    @classmethod
    def of_rows(cls, rows: list[CentroidRow], de: int, dt: int) -> Centroids:
        """The clusters of saved ``rows``, in their order."""
        cents = cls.empty(de, dt)
        cents.add_clusters([r.id for r in rows])
        for n, r in enumerate(rows):
            cents.emb[n], cents.terms[n], cents.count[n] = r.emb, r.terms, r.count
            cents.first[n], cents.last[n] = r.first, r.last
        cents.renorm()
        return cents

    def __len__(self) -> int:
        return len(self.ids)

    emb = property(lambda self: self._emb[: len(self.ids)])
    terms = property(lambda self: self._terms[: len(self.ids)])
    count = property(lambda self: self._count[: len(self.ids)])
    first = property(lambda self: self._first[: len(self.ids)])
    last = property(lambda self: self._last[: len(self.ids)])

    def add_clusters(self, ids: list[str]) -> None:
        """Start empty clusters named ``ids`` (members are added with :meth:`add_members`)."""
        need = len(self.ids) + len(ids)
        if need > self._emb.shape[0]:
            cap = max(need, 2 * self._emb.shape[0], 4)
            self._emb = _grow(self._emb, cap, 0.0)
            self._terms = _grow(self._terms, cap, 0.0)
            self._count = _grow(self._count, cap, 0.0)
            self._first = _grow(self._first, cap, np.nan)
            self._last = _grow(self._last, cap, np.nan)
            self._ne = _grow(self._ne, cap, 0.0)
            self._nt = _grow(self._nt, cap, 0.0)
        self.ids.extend(ids)

    def add_members(self, rows: np.ndarray, E: np.ndarray, T: np.ndarray, days: np.ndarray,
                    weight: np.ndarray | None = None) -> None:
        """Add articles (``E[i], T[i], days[i]``) to clusters ``rows[i]``."""
        w = (np.ones(len(rows)) if weight is None else weight).astype(np.float32)
        np.add.at(self._emb, rows, E * w[:, np.newaxis])
        np.add.at(self._terms, rows, T * w[:, np.newaxis])
        np.add.at(self._count, rows, w)
        self.renorm(np.unique(rows))
        known = ~np.isnan(days)
        if known.any():
            np.fmin.at(self._first, rows[known], days[known])
            np.fmax.at(self._last, rows[known], days[known])

    def renorm(self, rows: np.ndarray | None = None) -> None:
        """Refresh the cached lengths of rows whose sums were changed (all by default)."""
        rows = np.arange(len(self)) if rows is None else rows
        self._ne[rows] = np.linalg.norm(self._emb[rows], axis=1)
        self._nt[rows] = np.linalg.norm(self._terms[rows], axis=1)

    def norms(self) -> tuple[np.ndarray, np.ndarray]:
        """Lengths of the embedding and term sums (1 where a sum is zero)."""
        ne, nt = self._ne[: len(self)].copy(), self._nt[: len(self)].copy()
        ne[ne == 0] = 1.0
        nt[nt == 0] = 1.0
        return ne, nt

    def unit(self) -> tuple[np.ndarray, np.ndarray]:
        """The centroids scaled to unit length (zero rows stay zero)."""
        ne, nt = self.norms()
        return self.emb / ne[:, np.newaxis], self.terms / nt[:, np.newaxis]


def _grow(a: np.ndarray, rows: int, fill: float) -> np.ndarray:
    out = np.full((rows, *a.shape[1:]), fill, dtype=a.dtype)
    out[: a.shape[0]] = a
    return out


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (x / norms).astype(np.float32)


def penalty(days: np.ndarray, first: np.ndarray, last: np.ndarray, sim: Similarity) -> np.ndarray:
    """Time discount of each article (rows) against each cluster's day range (columns)."""
    d = days[:, np.newaxis]
    gap = np.maximum(np.maximum(first[np.newaxis, :] - d, d - last[np.newaxis, :]), 0.0)
    out = sim.time_weight * gap / (gap + max(sim.time_scale, 1e-9))
    return np.where(np.isnan(gap), sim.unknown, out).astype(np.float32)


def similarities(E: np.ndarray, T: np.ndarray, days: np.ndarray, cents: Centroids,
                 sim: Similarity, idx: np.ndarray | None = None) -> np.ndarray:
    """Similarity of each article (rows) to each cluster, or to clusters ``idx`` (columns)."""
    if sim.mean:  # the mean of dot products with the members is the dot product with their mean
        ne = np.maximum(cents.count, 1e-9)
        nt = ne
    else:
        ne, nt = cents.norms()
    emb, terms, first, last = cents.emb, cents.terms, cents.first, cents.last
    if idx is not None:
        emb, terms, first, last = emb[idx], terms[idx], first[idx], last[idx]
        ne, nt = ne[idx], nt[idx]
    s = (sim.embed_weight / ne) * (E @ emb.T)
    if sim.embed_weight < 1.0:
        s += ((1.0 - sim.embed_weight) / nt) * (T @ terms.T)
    return s * (1.0 - penalty(days, first, last, sim))


def live(cents: Centroids, days: np.ndarray, sim: Similarity) -> np.ndarray:
    """Rows of the clusters that articles on ``days`` may join (not dormant)."""
    if not np.isfinite(sim.window) or np.isnan(days).all():
        return np.arange(len(cents))
    since = np.nanmin(days) - sim.window
    return np.flatnonzero(np.isnan(cents.last) | (cents.last >= since))


def pairwise(E: np.ndarray, T: np.ndarray, days: np.ndarray, sim: Similarity) -> np.ndarray:
    """Similarity between articles (the clusters of one article each)."""
    s = sim.embed_weight * (E @ E.T) + (1.0 - sim.embed_weight) * (T @ T.T)
    return s * (1.0 - penalty(days, days, days, sim))


def contrast(X: np.ndarray, count: np.ndarray, mean: np.ndarray, strength: float) -> np.ndarray:
    """Unit vectors (or sums of ``count`` of them) moved into the contrast space of a story.

    A row ``x`` becomes ``[sqrt(1 - strength) x, sqrt(strength / spread) (x - mean)]``, where
    ``mean`` is the story's mean vector and ``spread = 1 - |mean|^2`` the mean squared distance
    of its members to it; a sum of ``n`` rows becomes the sum of theirs. The dot product of
    two moved vectors is ``(1 - strength) x.y + strength (x - mean).(y - mean) / spread``: what
    every article of the story shares (its actors, the kind of event) stops counting as
    agreement, what two articles share beyond it (a place, a toll, a date) counts more. Mean
    similarities computed from moved sums equal the mean of moved pairs, so the incremental
    path sees the same similarity as the batch one. ``strength`` 0 returns ``X`` unchanged.
    """
    if strength <= 0.0:
        return X
    spread = max(1.0 - float(mean @ mean), 1e-4)
    shifted = (X - count[:, np.newaxis] * mean[np.newaxis, :]) * np.sqrt(strength / spread)
    return np.hstack([X * np.sqrt(1.0 - strength), shifted]).astype(np.float32)


def average_linkage(E: np.ndarray, T: np.ndarray, days: np.ndarray,
                    sim: Similarity) -> np.ndarray:
    """Average-linkage agglomerative clustering of articles, cut at ``sim.threshold``.

    Two groups merge while the mean similarity (:func:`pairwise`) between their members
    reaches the threshold. Unlike the leader algorithm it does not depend on order, and an
    arrival that :func:`assign` puts in a cluster with ``sim.mean`` set meets the same
    criterion. Returns labels 0..k-1 numbered by first appearance. Memory is quadratic.
    """
    n = E.shape[0]
    if n < 2:
        return np.zeros(n, dtype=np.int64)
    distance = 1.0 - pairwise(E, T, days, sim).astype(np.float64)
    distance = np.clip((distance + distance.T) / 2.0, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    labels = fcluster(tree, t=1.0 - sim.threshold, criterion="distance")
    _, first, dense = np.unique(labels, return_index=True, return_inverse=True)
    rank = np.empty(len(first), dtype=np.int64)
    rank[np.argsort(first)] = np.arange(len(first))
    return rank[dense]


def assign(E: np.ndarray, T: np.ndarray, days: np.ndarray, cents: Centroids, sim: Similarity,
           new_id: list[str], batch: int = 256, weight: np.ndarray | None = None) -> np.ndarray:
    """Leader clustering of articles, in the given order, onto ``cents`` (updated in place).

    ``new_id[i]`` is the id a new cluster gets when article ``i`` starts one. Returns the
    row in ``cents`` each article joined. Within a mini-batch of ``batch`` articles the
    centroids of existing clusters are held still (an approximation that makes the work
    matrix products); articles of the batch compare with clusters the batch started by the
    mean similarity to their members.
    """
    n = E.shape[0]
    rows = np.empty(n, dtype=np.int64)
    for start in range(0, n, batch):
        stop = min(n, start + batch)
        b = slice(start, stop)
        known = len(cents)
        idx = live(cents, days[b], sim) if known else np.zeros(0, dtype=np.int64)
        if len(idx):
            s_old = similarities(E[b], T[b], days[b], cents, sim, idx)
            pick = s_old.argmax(axis=1)
            best_old = idx[pick]
            best_old_s = s_old[np.arange(stop - start), pick]
        else:
            best_old = np.zeros(stop - start, dtype=np.int64)
            best_old_s = np.full(stop - start, -np.inf)
        s_new = pairwise(E[b], T[b], days[b], sim)
        size = stop - start
        # clusters started in this batch: summed similarity of every article to their members
        acc = np.zeros((size, size), dtype=np.float32)
        cnt = np.zeros(size)
        seeds: list[int] = []
        for i in range(size):
            choice, score = int(best_old[i]), float(best_old_s[i])
            m = len(seeds)
            if m:
                means = acc[i, :m] / cnt[:m]
                j = int(means.argmax())
                if means[j] > score:
                    choice, score = known + j, float(means[j])
            if score < sim.threshold:
                choice = known + m
                seeds.append(i)
            rows[start + i] = choice
            if choice >= known:
                acc[:, choice - known] += s_new[:, i]
                cnt[choice - known] += 1
        cents.add_clusters([new_id[start + i] for i in seeds])
        w = None if weight is None else weight[b]
        cents.add_members(rows[b], E[b], T[b], days[b], w)
    return rows


def rebuild(E: np.ndarray, T: np.ndarray, days: np.ndarray, rows: np.ndarray, ids: list[str],
            weight: np.ndarray | None = None) -> Centroids:
    """Centroids of the clusters ``rows`` (dense labels 0..k-1) named ``ids``."""
    k = len(ids)
    cents = Centroids(np.zeros((k, E.shape[1]), np.float32), np.zeros((k, T.shape[1]), np.float32),
                      np.zeros(k), np.full(k, np.nan), np.full(k, np.nan), list(ids))
    cents.add_members(rows, E, T, days, weight)
    return cents


def refine(E: np.ndarray, T: np.ndarray, days: np.ndarray, rows: np.ndarray, ids: list[str],
           sim: Similarity, merge_threshold: float, iterations: int = 2,
           weight: np.ndarray | None = None) -> tuple[np.ndarray, list[str]]:
    """Batch improvement of a leader clustering: merge alike centroids, move articles.

    Each iteration merges pairs of clusters that are each other's most similar centroid and
    at least ``merge_threshold`` alike (pairs only: transitive chains of merges would grow one
    cluster over a whole corpus), then moves every article to its most similar centroid.
    Leader clustering depends on order and splits stories whose first articles came far apart;
    this repairs part of that. Returns new rows and ids (a merged pair keeps the id of its
    larger part).
    """
    for _ in range(iterations):
        cents = rebuild(E, T, days, rows, ids, weight)
        ue, ut = cents.unit()
        k = len(ids)
        best = np.full(k, -1)
        best_s = np.full(k, -np.inf)
        for start in range(0, k, BLOCK):
            stop = min(k, start + BLOCK)
            s = sim.embed_weight * (ue[start:stop] @ ue.T)
            s += (1.0 - sim.embed_weight) * (ut[start:stop] @ ut.T)
            s *= 1.0 - penalty(cents.first[start:stop], cents.first, cents.last, sim)
            s[np.arange(stop - start), np.arange(start, stop)] = -np.inf
            if k > 1:
                best[start:stop] = s.argmax(axis=1)
                best_s[start:stop] = s.max(axis=1)
        target = np.arange(k)
        for c in range(k):
            m = best[c]
            if m > c and best[m] == c and best_s[c] >= merge_threshold:
                keep, drop = (c, m) if cents.count[c] >= cents.count[m] else (m, c)
                target[drop] = keep
        if (target == np.arange(k)).all():
            break
        used = np.unique(target)
        remap = np.full(k, -1)
        remap[used] = np.arange(len(used))
        rows = remap[target[rows]]
        ids = [ids[u] for u in used]
        cents = rebuild(E, T, days, rows, ids, weight)
        moved = np.empty_like(rows)
        for start in range(0, len(rows), BLOCK):
            stop = min(len(rows), start + BLOCK)
            moved[start:stop] = similarities(E[start:stop], T[start:stop], days[start:stop],
                                             cents, sim).argmax(axis=1)
        used = np.unique(moved)
        remap_arr = np.full(len(ids), -1)
        remap_arr[used] = np.arange(len(used))
        rows = remap_arr[moved]
        ids = [ids[u] for u in used]
    return rows, ids


SPLIT_MIN_SHARE = 0.1
"""Least share of a story (and 3 articles) each part of a cut must hold: the centroid of a
handful of articles is noisy and would cut stray articles off the ends of a story."""


def split(E: np.ndarray, T: np.ndarray, days: np.ndarray, rows: np.ndarray, ids: list[str],
          embed_weight: float, threshold: float) -> tuple[np.ndarray, list[str]]:
    """Cut clusters whose earlier and later articles share little content (batch only).

    The dated members of a cluster are put in date order; for every day boundary leaving at
    least ``SPLIT_MIN_SHARE`` of them (and 3) on each side, the two parts' centroids are
    compared (``embed_weight`` on the embedding cosine, the rest on the term cosine, no time
    discount since the parts meet). Where the least alike cut is under ``threshold`` the
    cluster is cut there and both parts are checked again. This undoes chains: a story that
    grew from one topic into another through a few borderline articles has a day before
    which it was about something else. Undated members follow the part whose centroid they
    are nearer. Returns new rows and ids (a cut part is named ``<id>/<n>``).
    """
    rows = rows.copy()
    ids = list(ids)
    todo = list(range(len(ids)))
    while todo:
        c = todo.pop()
        members = np.flatnonzero(rows == c)
        dated = members[~np.isnan(days[members])]
        least = max(3, int(np.ceil(SPLIT_MIN_SHARE * len(dated))))
        if len(dated) < 2 * least:
            continue
        dated = dated[np.argsort(days[dated], kind="stable")]
        ce, ct = np.cumsum(E[dated], axis=0), np.cumsum(T[dated], axis=0)
        cut = np.arange(least, len(dated) - least + 1)
        cut = cut[days[dated][cut - 1] < days[dated][cut]]
        if not len(cut):
            continue
        s = embed_weight * _cosines(ce[cut - 1], ce[-1] - ce[cut - 1])
        s += (1.0 - embed_weight) * _cosines(ct[cut - 1], ct[-1] - ct[cut - 1])
        best = int(s.argmin())
        if s[best] >= threshold:
            continue
        k = int(cut[best])
        new = len(ids)
        ids.append(f"{ids[c]}/{new}")
        rows[dated[k:]] = new
        undated = members[np.isnan(days[members])]
        if len(undated):
            early_e, late_e = ce[k - 1], ce[-1] - ce[k - 1]
            early_t, late_t = ct[k - 1], ct[-1] - ct[k - 1]
            to_early = (embed_weight * _cosines(E[undated], early_e[np.newaxis])
                        + (1.0 - embed_weight) * _cosines(T[undated], early_t[np.newaxis]))
            to_late = (embed_weight * _cosines(E[undated], late_e[np.newaxis])
                       + (1.0 - embed_weight) * _cosines(T[undated], late_t[np.newaxis]))
            rows[undated[to_late > to_early]] = new
        todo.extend((c, new))
    return rows, ids


def _cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Row-wise cosine of ``a`` and ``b`` (``b`` may be one row); 0 where a row is zero."""
    na = np.linalg.norm(a, axis=1)
    nb = np.linalg.norm(b, axis=1)
    dots = np.sum(a * b, axis=1)
    return np.where((na > 0) & (nb > 0), dots / np.maximum(na * nb, 1e-12), 0.0)
