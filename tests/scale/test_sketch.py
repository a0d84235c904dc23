"""The Spark copy step's signature sketches and Arrow column reading (no Spark session)."""

from __future__ import annotations

import numpy as np
import pytest

from dateline.copies.fingerprints import fingerprint

pa = pytest.importorskip("pyarrow")

from dateline.scale.copies import _binary, sketch  # noqa: E402


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
    items, offsets = _binary(shingles.slice(1))  # a sliced column starts at its offset
    for k, fp in enumerate(fps[1:]):
        assert np.array_equal(items[offsets[k] : offsets[k + 1]], fp.shingles)
    assert offsets[-1] - offsets[-2] == 0  # the empty value
    sigs = pa.array([fp.signature.astype("<u4").tobytes() for fp in fps])
    assert np.array_equal(_binary(sigs, 256, "<u4"), np.stack([fp.signature for fp in fps]))
