"""The fast subset of bench/copies_quality.py, with a pinned floor (needs ../shared/data)."""

from __future__ import annotations

import sys
from pathlib import Path

from dateline.copies import CopyDetector

BENCH = Path(__file__).resolve().parents[2] / "bench"

# Measured on this subset when the floors were pinned (test topics, first 600 T17 articles,
# 60 originals x 5 edit levels, 288 pairs): detection F1 0.979 (classic Jaccard >= 0.5:
# 0.737), direction F1 0.926. The floors leave a little room, not a regression.
DETECTION_F1_FLOOR = 0.95
DIRECTION_F1_FLOOR = 0.88
CLASSIC_GAIN = 0.15  # containment must beat classic Jaccard >= 0.5 by this much F1


def test_fast_quality_subset_stays_above_its_floor(shared_data: Path) -> None:
    sys.path.insert(0, str(BENCH))
    from copies_quality import corpus, score
    from copies_t17 import TEST_TOPICS, build

    bench = build(TEST_TOPICS, 60, seed=18, limit=600)
    table = score(bench, CopyDetector().fit(corpus(bench)).links_)["all"]
    classic = score(bench, CopyDetector(measure="jaccard", threshold=0.5).fit(
        corpus(bench)).links_)["all"]
    assert table["f1"] >= DETECTION_F1_FLOOR, table
    assert table["dir_f1"] >= DIRECTION_F1_FLOOR, table
    assert table["f1"] >= classic["f1"] + CLASSIC_GAIN, (table, classic)
