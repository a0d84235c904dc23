"""Near-duplicate detection over a corpus: exact copies, near copies and partial reprints.

:class:`CopyDetector` follows scikit-learn's convention: parameters in ``__init__``,
``fit(articles)``, ``partial_fit(new_articles)``, results in ``links_`` and ``groups_``, and
``save(store)`` / ``load(store)``. A loaded detector works against the store's own tables: an
arrival is fingerprinted, looked up in the stored band buckets and verified, without reading
the rest of the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any

import numpy as np

from dateline.copies import rules, tables
from dateline.copies.derivation import Provenance, provenance
from dateline.copies.fingerprints import Fingerprint, fingerprint
from dateline.copies.groups import UnionFind
from dateline.copies.index import MemoryIndex, StoreIndex, band_keys, lsh_params, pairs_within
from dateline.copies.rules import STOP_SAMPLE, Measure, Thresholds
from dateline.copies.tables import STEP
from dateline.model import Article, CopyLink, Source


@dataclass(frozen=True)
class _Doc:
    """An indexed article: what verification and derivation need, without the full text."""

    fp: Fingerprint
    article: Article


def _fingerprint_parts(args: tuple[str, tuple[str, ...], int, int]) -> Fingerprint:
    article_id, paragraphs, shingle, num_perm = args
    article = Article(id=article_id, source=Source(), paragraphs=paragraphs)
    return fingerprint(article, shingle, num_perm)


class CopyDetector:
    """Find exact, near and partial copies among articles.

    Parameters
    ----------
    threshold:
        Minimum verified similarity to join two articles (of ``measure``). Higher misses
        heavier rewrites, lower joins articles that only share quotes or stock phrases. 0.3
        (containment, 3-word shingles) had the best F1 on the T17-derived dev split.
    measure:
        ``"containment"`` (shared shingles over the smaller article's shingles: finds cut
        reprints and partial rewrites) or ``"jaccard"`` (shared over all: only whole copies).
    num_perm:
        MinHash signature length. Longer estimates Jaccard better and allows more LSH bands.
    shingle:
        Words per shingle. 3 keeps rewrites of single words findable; larger is stricter.
    lsh_threshold:
        Jaccard at which LSH starts to propose candidates. Copies below it are missed
        (recall), above it more candidates are verified (time). Partial copies have a low
        Jaccard even at high containment, so it sits well below ``threshold``.
    near:
        Jaccard from which a link is ``near`` rather than ``partial``.
    min_jaccard:
        Minimum Jaccard besides ``threshold``: a short text (a junk block, a stock paragraph)
        wholly inside a long article has a high containment but is no copy of it.
    min_shingles:
        Articles with fewer shingles (a headline, one sentence) are joined only as exact copies.
    min_shared:
        Minimum shared shingles for a link, against short passages joined by chance.
    stop_df:
        Shingles in at least this share of the articles (estimated on the first 5,000 of the
        first batch of 500 or more) are ignored when verifying: an outlet's page chrome.
        0 keeps every shingle. A wire story reprinted in 1% of a corpus would lose its shingles
        too: raise it for corpora dominated by one story.
    n_jobs:
        Processes for fingerprinting (pure per-article work).
    """

    def __init__(
        self,
        threshold: float = 0.3,
        measure: Measure = "containment",
        num_perm: int = 256,
        shingle: int = 3,
        lsh_threshold: float = 0.2,
        near: float = 0.8,
        min_jaccard: float = 0.1,
        min_shingles: int = 20,
        min_shared: int = 15,
        stop_df: float = 0.01,
        n_jobs: int = 1,
    ) -> None:
        self.threshold = threshold
        self.measure = measure
        self.num_perm = num_perm
        self.shingle = shingle
        self.lsh_threshold = lsh_threshold
        self.near = near
        self.min_jaccard = min_jaccard
        self.min_shingles = min_shingles
        self.min_shared = min_shared
        self.stop_df = stop_df
        self.n_jobs = n_jobs
        self._reset()

    # -- parameters and state ---------------------------------------------------------------

    def get_params(self) -> dict[str, Any]:
        return {"threshold": self.threshold, "measure": self.measure,
                "num_perm": self.num_perm, "shingle": self.shingle,
                "lsh_threshold": self.lsh_threshold, "near": self.near,
                "min_jaccard": self.min_jaccard,
                "min_shingles": self.min_shingles, "min_shared": self.min_shared,
                "stop_df": self.stop_df}

    def _reset(self) -> None:
        self.bands, self.rows = lsh_params(self.lsh_threshold, self.num_perm)
        self._ids: list[str] = []
        self._slot: dict[str, int] = {}
        self._docs: dict[int, _Doc] = {}
        self._provenances: dict[int, Provenance] = {}
        self._exact: dict[str, int] = {}
        self._links: dict[tuple[str, str], CopyLink] = {}
        self._groups: UnionFind[str] = UnionFind()
        self._index: MemoryIndex | StoreIndex = MemoryIndex()
        self._store: Any = None
        # signatures of the slots held in memory: every slot for a fitted detector, only the
        # slots added since loading for a detector attached to a store
        self._sig_buffer = np.zeros((0, self.num_perm), dtype=np.uint32)
        self._n_sigs = 0
        self._stop: np.ndarray | None = None
        self._unsaved: list[int] = []
        self._saved_links: set[tuple[str, str]] = set()
        self.candidates_ = 0

    @property
    def thresholds(self) -> Thresholds:
        """The verification's parameters, as the rules take them."""
        return Thresholds.of(self.get_params())

    @property
    def links_(self) -> list[CopyLink]:
        """Every verified copy link, original first, in a stable order."""
        return sorted(self._links.values(), key=lambda link: (link.original, link.copy))

    @property
    def groups_(self) -> list[tuple[str, ...]]:
        """Groups of copies (two or more articles), largest first, each sorted by id."""
        return self._groups.sets()

    def group_of(self, article_id: str) -> tuple[str, ...]:
        """The group holding ``article_id`` (just itself when it has no copy)."""
        if article_id not in self._groups:
            return (article_id,)
        root = self._groups.find(article_id)
        return tuple(sorted(a for a in self._groups if self._groups.find(a) == root))

    # -- fitting ----------------------------------------------------------------------------

    def fit(self, articles: Iterable[Article]) -> CopyDetector:
        """Forget everything and index ``articles`` (in memory; :meth:`save` to persist).

        The corpus is one batch (the detector keeps every article anyway), so the links do not
        depend on a batch size: a degenerate bucket (over 64 members) pairs members at most
        63 apart in input order, the rule of the Spark path (``dateline.scale``) at any size.
        """
        self._reset()
        articles = list(articles)
        return self.partial_fit(articles, batch_size=max(1, len(articles)))

    def partial_fit(self, articles: Iterable[Article], batch_size: int = 20_000) -> CopyDetector:
        """Add articles: each is checked against the index and the batch, then indexed.

        Articles already indexed (same id) are skipped. A detector loaded from a store writes
        each batch to it in one transaction.
        """
        batch: list[Article] = []
        for article in articles:
            if article.id in self._slot:
                continue
            batch.append(article)
            if len(batch) >= batch_size:
                self._add_batch(batch)
                batch = []
        if batch:
            self._add_batch(batch)
        return self

    def _fingerprints(self, batch: Sequence[Article]) -> list[Fingerprint]:
        if self.n_jobs > 1 and len(batch) >= 200:
            jobs = [(a.id, a.paragraphs, self.shingle, self.num_perm) for a in batch]
            with ProcessPoolExecutor(self.n_jobs) as pool:
                return list(pool.map(_fingerprint_parts, jobs, chunksize=64))
        return [fingerprint(a, self.shingle, self.num_perm) for a in batch]

    def _add_batch(self, batch: list[Article]) -> None:
        unique: dict[str, Article] = {}
        for article in batch:
            unique.setdefault(article.id, article)
        batch = list(unique.values())
        fps = self._fingerprints(batch)
        if self._stop is None:  # the first batch large enough gives the sample
            self._stop = rules.stop_shingles([fp.shingles for fp in fps[:STOP_SAMPLE]],
                                             self.stop_df)
        start = len(self._ids)
        slots = np.arange(start, start + len(batch), dtype=np.int64)
        for slot, article, fp in zip(slots.tolist(), batch, fps, strict=True):
            self._ids.append(article.id)
            self._slot[article.id] = slot
            self._docs[slot] = _Doc(fp, article)
            self._unsaved.append(slot)
        lookup = None if self._store is None else partial(tables.first_slot, self._store)
        for twin, slot in rules.exact_pairs(slots.tolist(), [fp.exact_key for fp in fps],
                                            [fp.n_words for fp in fps], self._exact, lookup):
            self._link(twin, slot, rules.exact(len(self._docs[slot].fp.shingles)))
        self._append_signatures(np.stack([fp.signature for fp in fps]))
        # near copies: LSH candidates among articles long enough, verified on shingles
        long = [i for i, fp in enumerate(fps) if len(fp.shingles) >= self.min_shingles]
        if long:
            keys = band_keys(self._sigs[-len(fps):][long], self.bands, self.rows)
            long_slots = slots[long]
            within = pairs_within(keys, long_slots)
            across = self._index.query(keys, long_slots)
            a = np.concatenate((within[0], across[0]))
            b = np.concatenate((within[1], across[1]))
            self.candidates_ += len(a)
            keep = self._prefiltered(a, b)
            thresholds = self.thresholds
            for x, y in zip(a[keep].tolist(), b[keep].tolist(), strict=True):
                self._verify(x, y, thresholds)
        if self._store is None:
            if long:
                self._index.add(keys, long_slots)
            return
        with self._store.transaction():  # the batch is stored whole or not at all
            if long:
                self._index.add(keys, long_slots)
            self._write(self._store)

    @property
    def _sigs(self) -> np.ndarray:
        return self._sig_buffer[: self._n_sigs]

    def _append_signatures(self, block: np.ndarray) -> None:
        end = self._n_sigs + len(block)
        if end > len(self._sig_buffer):  # grow by doubling: adding one by one stays cheap
            grown = np.zeros((max(end, 2 * len(self._sig_buffer)), self.num_perm), np.uint32)
            grown[: self._n_sigs] = self._sigs
            self._sig_buffer = grown
        self._sig_buffer[self._n_sigs : end] = block
        self._n_sigs = end

    def _prefiltered(self, a: np.ndarray, b: np.ndarray) -> np.ndarray:
        """Indices of the pairs ``(a[i], b[i])`` whose signatures pass the prefilter."""
        if len(a) == 0:
            return np.zeros(0, dtype=np.int64)
        needed, inverse = np.unique(np.concatenate((a, b)), return_inverse=True)
        matrix = self._signature_matrix(needed)
        return rules.prefiltered(matrix[inverse[: len(a)]], matrix[inverse[len(a) :]],
                                 self.thresholds)

    def _signature_matrix(self, slots: np.ndarray) -> np.ndarray:
        if self._store is None:
            return self._sigs[slots]
        first_new = len(self._ids) - len(self._sigs)
        found = tables.signatures(self._store, [int(x) for x in slots if x < first_new])
        rows = []
        for x in slots.tolist():
            if x >= first_new:
                rows.append(self._sigs[x - first_new])
            else:
                rows.append(found.get(x, np.full(self.num_perm, 0xFFFFFFFF, dtype=np.uint32)))
        return np.stack(rows)

    @property
    def stop_shingles_(self) -> np.ndarray | None:
        """The stop shingles in use (sorted), ``None`` before a sample was taken."""
        return self._stop

    def set_stop_shingles(self, stop: Sequence[int] | np.ndarray | None) -> CopyDetector:
        """Use these stop shingles (as :func:`rules.stop_shingles` of a sample gives them)
        instead of taking a sample (an index built elsewhere)."""
        self._stop = None if stop is None else np.sort(np.asarray(stop, dtype=np.uint64))
        return self

    def content_shingles(self, fp: Fingerprint) -> np.ndarray:
        """The shingles without the corpus's stop shingles (site chrome on every page)."""
        return rules.content_shingles(fp.shingles, self._stop)

    def _verify(self, a: int, b: int, thresholds: Thresholds) -> None:
        da, db = self._doc(a), self._doc(b)
        if da is None or db is None:
            return  # an article that left the store
        if da.fp.exact_key == db.fp.exact_key:
            return  # already joined as exact
        verdict = rules.verify(self.content_shingles(da.fp), self.content_shingles(db.fp),
                               thresholds)
        if verdict is not None:
            self._link(a, b, verdict)

    def _link(self, a: int, b: int, verdict: rules.Verdict) -> None:
        da, db = self._doc(a), self._doc(b)
        if da is None or db is None:
            return
        art_a, art_b = da.article, db.article
        link = rules.link(art_a.id, art_b.id, verdict, self._provenance(a, art_a),
                          self._provenance(b, art_b), len(da.fp.shingles), len(db.fp.shingles))
        self._links[tuple(sorted((art_a.id, art_b.id)))] = link  # type: ignore[index]
        self._groups.union(art_a.id, art_b.id)

    def _provenance(self, slot: int, article: Article) -> Provenance:
        # once per article, not once per link: a crowded copy group has many links an article
        if slot not in self._provenances:
            self._provenances[slot] = provenance(article)
        return self._provenances[slot]

    # -- documents: in memory, or read back from the store --------------------------------------

    def _doc(self, slot: int) -> _Doc | None:
        doc = self._docs.get(slot)
        if doc is None and self._store is not None:  # indexed before this detector was loaded
            article = self._store.get_article(self._ids[slot])
            if article is None:
                return None
            doc = _Doc(fingerprint(article, self.shingle, self.num_perm), article)
            self._docs[slot] = doc
        return doc

    # -- persistence ----------------------------------------------------------------------------

    def save(self, store: Any) -> CopyDetector:
        """Write the index, signatures and links to ``store`` (replacing what it held) and
        keep working against it from now on."""
        if self._store is store:
            return self  # an attached detector writes every batch as it goes
        if self._store is not None:
            raise ValueError("this detector works against another store; fit() it first")
        with store.transaction():
            assert isinstance(self._index, MemoryIndex)
            tables.replace_index(store, [(s.keys, s.slots) for s in self._index.segments])
            self._unsaved = list(range(len(self._ids)))
            self._write(store, links_all=True)
        self._attach(store)
        return self

    def _write(self, store: Any, links_all: bool = False) -> None:
        fps = [self._docs[slot].fp for slot in self._unsaved]
        rows = [tables.signature_row(fp.article_id, slot, fp.exact_key, len(fp.shingles),
                                     fp.signature) for slot, fp in zip(self._unsaved, fps,
                                                                       strict=True)]
        links = self._links.values() if links_all else self._new_links()
        tables.append(store, rows, links, self.get_params(), self._stop, len(self._ids))
        self._unsaved = []
        self._saved_links = set(self._links)
        if self._store is not None:
            self._docs = {}  # read back from the store when a later arrival needs them
            self._n_sigs = 0  # stored now; read back by slot

    def _new_links(self) -> list[CopyLink]:
        return [link for key, link in self._links.items() if key not in self._saved_links]

    def _attach(self, store: Any) -> None:
        self._store = store
        self._index = StoreIndex(store)
        # articles and signatures indexed so far are read back from the store when needed
        self._docs = {}
        self._n_sigs = 0
        self._saved_links = set(self._links)

    @classmethod
    def load(cls, store: Any, **overrides: Any) -> CopyDetector:
        """A detector with the parameters, index and links stored in ``store``.

        Raises ``ValueError`` when ``overrides`` change a parameter the stored index depends
        on (``num_perm``, ``shingle``, ``lsh_threshold``): :meth:`fit` again to rebuild.
        """
        params = store.load_state(STEP, "params") or {}
        fixed = ("num_perm", "shingle", "lsh_threshold")
        changed = [k for k in fixed if k in overrides and params and overrides[k] != params[k]]
        if changed:
            raise ValueError(f"the stored copy index was built with other {', '.join(changed)}"
                             "; run a full rebuild (fit) instead")
        detector = cls(**{**params, **overrides})
        for article_id, slot in tables.slots(store):
            detector._ids.extend([""] * (slot - len(detector._ids)) + [article_id])
            detector._slot[article_id] = slot
        for link in tables.links(store):
            detector._links[tuple(sorted((link.original, link.copy)))] = link  # type: ignore[index]
            detector._groups.union(link.original, link.copy)
        stop = store.load_state(STEP, "stop")
        if stop is not None:
            detector._stop = np.array(stop, dtype=np.uint64)
        detector._attach(store)
        return detector


def as_json(detector: CopyDetector) -> dict[str, Any]:
    """Groups and links as plain data (for ``--json``)."""
    from dateline.model import to_dict

    return {"params": detector.get_params(),
            "groups": [list(g) for g in detector.groups_],
            "links": to_dict(detector.links_)}

