"""The Spark copy step's signature sketches, bucket pairs and Arrow column reading (no Spark
session)."""

from __future__ import annotations

import numpy as np
import pytest

from dateline.copies.fingerprints import fingerprint
from dateline.copies.rules import Thresholds

pa = pytest.importorskip("pyarrow")

from dateline.copies import rules  # noqa: E402
from dateline.copies.index import pairs_within  # noqa: E402
from dateline.scale.copies import (  # noqa: E402
    _bucket_pair_batches,
    _exact_pair_batches,
    _sketches_agree,
    sketch,
)
from dateline.scale.verification import binary_values  # noqa: E402


def test_sketch_agreement_never_below_the_signature_agreement(raqqa_articles) -> None:
    """The prefilter on sketches keeps every pair the local prefilter on full signatures
    keeps: equal bins give equal bytes, so the sketch's share of agreeing bins is at least
    the signature's (here over every pair of the Raqqa articles and their paragraphs)."""
    fps = [fingerprint(a, 3, 256) for a in raqqa_articles.values()]
    sigs = [fp.signature for fp in fps]
    sketches = [np.frombuffer(sketch(s), np.uint8) for s in sigs]
    assert all(len(x) == 256 for x in sketches)
    for i in range(len(sigs)):
        for j in range(i + 1, len(sigs)):
            exact = (sigs[i] == sigs[j]).mean()
            assert (sketches[i] == sketches[j]).mean() >= exact


def test_binary_columns_read_back_as_the_arrays_written(raqqa_articles) -> None:
    fps = [fingerprint(a, 3, 256) for a in raqqa_articles.values()]
    shingles = pa.array([fp.shingles.astype("<u8").tobytes() for fp in fps] + [b""])
    items, offsets = binary_values(shingles.slice(1))  # a sliced column starts at its offset
    for k, fp in enumerate(fps[1:]):
        assert np.array_equal(items[offsets[k] : offsets[k + 1]], fp.shingles)
    assert offsets[-1] - offsets[-2] == 0  # the empty value
    sigs = pa.array([fp.signature.astype("<u4").tobytes() for fp in fps])
    assert np.array_equal(binary_values(sigs, 256, "<u4"), np.stack([fp.signature for fp in fps]))


class _Broadcast:
    def __init__(self, value: object) -> None:
        self.value = value


def _partition_pairs(keys: np.ndarray, slots: np.ndarray, parts: int, lookup: object = None,
                     thresholds: Thresholds | None = None) -> set[tuple[int, int]]:
    """The pairs the Spark tasks build when the exploded band keys are spread over
    ``parts`` partitions by (band, key), in shuffled order and batches of 97 rows."""
    rng = np.random.default_rng(0)
    band = np.tile(np.arange(keys.shape[1]), keys.shape[0])
    key, pos = keys.ravel(), np.repeat(slots, keys.shape[1])
    part = (band * 7919 + key) % parts
    found: set[tuple[int, int]] = set()
    run = _bucket_pair_batches(lookup, thresholds)
    for p in range(parts):
        rows = rng.permutation(np.flatnonzero(part == p))
        batches = [pa.RecordBatch.from_arrays(
            [pa.array(pos[rows[i : i + 97]]), pa.array(band[rows[i : i + 97]], pa.int32()),
             pa.array(key[rows[i : i + 97]])], ["pos", "band", "key"])
            for i in range(0, len(rows), 97)]
        for out in run(iter(batches)):
            found |= set(zip(out.column("a").to_pylist(), out.column("b").to_pylist(),
                             strict=True))
    return found


def test_bucket_pairs_of_partitions_are_the_local_pairs_within() -> None:
    """Buckets small and large (beyond MAX_BUCKET_PAIRS members), spread over partitions and
    batches in any order, give exactly the local candidate pairs."""
    rng = np.random.default_rng(1)
    keys = rng.integers(1, 40, size=(2_000, 5)) * (rng.random((2_000, 5)) < 0.5)
    keys[:300, 0] = 1  # one bucket of more than 300 members
    keys += (np.arange(2_000)[:, None] + 1_000) * (keys == 0)  # singletons elsewhere
    slots = np.arange(2_000, dtype=np.int64) * 3 + 11
    a, b = pairs_within(keys, slots)
    local = set(zip(a.tolist(), b.tolist(), strict=True))
    assert len(local) > 10_000
    assert _partition_pairs(keys, slots, parts=3) == local


def test_bucket_pairs_tested_on_sketches_keep_the_prefilter_pairs() -> None:
    """With the sketches broadcast, a task keeps of its pairs those whose sketches agree in
    the prefilter's share of the bins, and only those."""
    rng = np.random.default_rng(2)
    keys = rng.integers(0, 30, size=(600, 4))
    slots = np.arange(600, dtype=np.int64)
    sketches = rng.integers(0, 3, size=(600, 64)).astype(np.uint8)
    a, b = pairs_within(keys, slots)
    thresholds = Thresholds(min_jaccard=0.6)  # a prefilter of 0.36
    agree = (sketches[a] == sketches[b]).mean(axis=1) >= 0.36
    expected = set(zip(a[agree].tolist(), b[agree].tolist(), strict=True))
    assert 0 < len(expected) < len(a)
    lookup = _Broadcast((slots, sketches))
    assert _partition_pairs(keys, slots, parts=2, lookup=lookup,
                            thresholds=thresholds) == expected
    kept = _sketches_agree((slots, sketches), a, b, thresholds, chunk=7)
    assert set(zip(*(x.tolist() for x in kept), strict=True)) == expected


def test_exact_pairs_of_partitions_are_the_local_exact_pairs() -> None:
    """Rows shuffled by exact key over partitions, in any order inside one, give the pairs
    of ``rules.exact_pairs`` over the whole corpus in input order."""
    rng = np.random.default_rng(3)
    keys = [f"k{k}" for k in rng.integers(0, 50, 400)]
    words = rng.integers(0, 4, 400)
    local = set(rules.exact_pairs(list(range(400)), keys, words.tolist(), {}))
    assert len(local) > 100
    found: set[tuple[int, int]] = set()
    for part in range(3):
        rows = rng.permutation([i for i in range(400) if int(keys[i][1:]) % 3 == part])
        batches = [pa.RecordBatch.from_arrays(
            [pa.array(rows[i : i + 31]), pa.array([keys[j] for j in rows[i : i + 31]]),
             pa.array(words[rows[i : i + 31]], pa.int32())], ["pos", "exact_key", "n_words"])
            for i in range(0, len(rows), 31)]
        for out in _exact_pair_batches(iter(batches)):
            found |= set(zip(out.column("a").to_pylist(), out.column("b").to_pylist(),
                             strict=True))
    assert found == local
