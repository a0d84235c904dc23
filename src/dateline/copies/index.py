"""The LSH index over MinHash signatures: band keys, candidate pairs, in memory or in the store.

A signature of ``bands * rows`` values is cut into ``bands`` bands; two articles are candidates
when they agree on every value of at least one band. The number of bands and rows comes from
datasketch's optimiser for the chosen Jaccard threshold, weighted towards recall because every
candidate is verified on its real shingles afterwards.

Band keys are 63-bit integers (band number mixed in). The store keeps the index of a full fit
as sorted segments (blobs: one write, one read, searched with numpy) and the band keys of later
arrivals as rows of a clustered table (one indexed insert and lookup each); when those rows
grow large they become one more segment. ``bench/copies_speed.py`` measures both.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from datasketch.lsh import _optimal_param

from dateline.copies import rules, tables
from dateline.copies.fingerprints import _mix
from dateline.copies.rules import MAX_BUCKET_PAIRS

_KEY_MASK = np.uint64(0x7FFFFFFFFFFFFFFF)


def lsh_params(threshold: float, num_perm: int) -> tuple[int, int]:
    """(bands, rows) for a Jaccard threshold; false negatives weigh 4x false positives."""
    bands, rows = _optimal_param(threshold, num_perm, 0.2, 0.8)
    return int(bands), int(rows)


def band_keys(signatures: np.ndarray, bands: int, rows: int) -> np.ndarray:
    """Band keys of signatures ``(n, num_perm)`` uint32 -> ``(n, bands)`` int64 (non-negative)."""
    n = signatures.shape[0]
    sig = signatures[:, : bands * rows].astype(np.uint64).reshape(n, bands, rows)
    with np.errstate(over="ignore"):
        key = np.broadcast_to(
            np.arange(1, bands + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15), (n, bands)
        ).copy()
        for j in range(rows):
            key = _mix(key ^ sig[:, :, j])
    return (key & _KEY_MASK).astype(np.int64)


def pairs_within(keys: np.ndarray, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Candidate pairs (a < b) among a batch whose band keys are ``keys`` (n, bands) and whose
    slots ``slots`` follow input order: the bucket rule of :func:`rules.bucket_pairs`."""
    n, bands = keys.shape
    band = np.tile(np.arange(bands, dtype=np.int64), n)
    found = list(rules.bucket_pairs(band, keys.ravel(), np.repeat(slots, bands)))
    return _unique_pairs([a for a, _ in found], [b for _, b in found])


def _unique_pairs(found_a: list[np.ndarray], found_b: list[np.ndarray]
                  ) -> tuple[np.ndarray, np.ndarray]:
    if not found_a:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    a, b = np.concatenate(found_a), np.concatenate(found_b)
    lo, hi = np.minimum(a, b).astype(np.int64), np.maximum(a, b).astype(np.int64)
    code = np.unique(lo * (1 << 31) + hi)
    return code >> 31, code & ((1 << 31) - 1)


class Segment:
    """One sorted run of band keys with the slot of each: queries are binary searches."""

    def __init__(self, keys: np.ndarray, slots: np.ndarray) -> None:
        self.keys = keys
        self.slots = slots

    @classmethod
    def of(cls, keys: np.ndarray, slots: np.ndarray) -> Segment:
        """A segment of the band keys ``keys`` (n, bands) of ``slots`` (n,)."""
        flat_keys = keys.ravel()
        flat_slots = np.repeat(slots.astype(np.int64), keys.shape[1])
        order = np.argsort(flat_keys, kind="stable")
        return cls(flat_keys[order], flat_slots[order])

    def query(self, keys: np.ndarray, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (indexed slot, new slot) sharing a band; ``keys`` (n, bands) of ``slots``."""
        empty = np.zeros(0, dtype=np.int64)
        if len(self.keys) == 0:
            return empty, empty
        flat = keys.ravel()
        lo = np.searchsorted(self.keys, flat, "left")
        hi = np.minimum(np.searchsorted(self.keys, flat, "right"), lo + MAX_BUCKET_PAIRS)
        counts = hi - lo
        hit = np.flatnonzero(counts)
        if len(hit) == 0:
            return empty, empty
        counts = counts[hit]
        starts = np.repeat(lo[hit], counts)
        within = np.arange(counts.sum()) - np.repeat(np.cumsum(counts) - counts, counts)
        old = self.slots[starts + within]
        new = np.repeat(slots[hit // keys.shape[1]], counts)
        return old, new

    def __len__(self) -> int:
        return len(self.keys)


class MemoryIndex:
    """Band keys in memory as a few sorted segments (one per batch, merged when many)."""

    MAX_SEGMENTS = 8

    def __init__(self, segments: list[Segment] | None = None) -> None:
        self.segments = segments or []

    def query(self, keys: np.ndarray, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        found = [segment.query(keys, slots) for segment in self.segments]
        return _unique_pairs([a for a, _ in found], [b for _, b in found])

    def add(self, keys: np.ndarray, slots: np.ndarray) -> None:
        self.segments.append(Segment.of(keys, slots))
        if len(self.segments) > self.MAX_SEGMENTS:  # one by one arrivals: merge them
            merged_keys = np.concatenate([s.keys for s in self.segments])
            merged_slots = np.concatenate([s.slots for s in self.segments])
            order = np.argsort(merged_keys, kind="stable")
            self.segments = [Segment(merged_keys[order], merged_slots[order])]

    def __len__(self) -> int:
        return sum(len(s) for s in self.segments)


COMPACT_AT = 200_000  # bucket rows after which they are merged into a new segment


class StoreIndex:
    """Band keys in the store (:mod:`dateline.copies.tables`): sorted segments (read once,
    searched in memory) and rows for the articles added since the last segment (indexed
    lookups)."""

    def __init__(self, store: Any) -> None:
        self.store = store
        self._segments: list[Segment] | None = None

    def segments(self) -> list[Segment]:
        if self._segments is None:
            self._segments = [Segment(keys, slots) for keys, slots in tables.segments(self.store)]
        return self._segments

    def query(self, keys: np.ndarray, slots: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Pairs (stored slot, new slot) sharing a band."""
        old: list[np.ndarray] = []
        new: list[np.ndarray] = []
        for segment in self.segments():
            a, b = segment.query(keys, slots)
            old.append(a)
            new.append(b)
        found_old, found_new = [], []
        flat = keys.ravel().tolist()
        rows_of: dict[int, list[int]] = {}
        for key, slot in tables.bucket_rows(self.store, flat):
            members = rows_of.setdefault(key, [])
            if len(members) < MAX_BUCKET_PAIRS:
                members.append(slot)
        bands = keys.shape[1]
        for i, key in enumerate(flat):
            for slot in rows_of.get(key, ()):
                found_old.append(slot)
                found_new.append(int(slots[i // bands]))
        old.append(np.array(found_old, dtype=np.int64))
        new.append(np.array(found_new, dtype=np.int64))
        return _unique_pairs(old, new)

    def add(self, keys: np.ndarray, slots: np.ndarray) -> None:
        if tables.add_buckets(self.store, keys, slots) >= COMPACT_AT:
            # many arrivals: one more sorted segment keeps lookups cheap
            tables.buckets_to_segment(self.store)
            self._segments = None
