"""Fast subset of the fuzz campaign (``bench/fuzz.py``, 10,000 inputs): 200 mutated real
inputs in mixed batches through ingest, one batch through the whole build. Nothing escapes,
no input fails without a clear reason, no good article of a batch is lost."""

from __future__ import annotations

import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parents[2] / "bench"


def test_two_hundred_fuzzed_inputs() -> None:
    sys.path.insert(0, str(BENCH))
    try:
        import fuzz
    finally:
        sys.path.remove(str(BENCH))
    result = fuzz.campaign(200, seed=7, batch=50, build_every=4, baseline=False,
                           log=lambda line: None)
    assert result["inputs"] == 200 and result["built"] == 1
    assert result["escaped"] == []
    assert result["unexpected"] == []
    assert result["lost"] == []
    assert set(fuzz.MUTATIONS) <= set(result["mutations"])  # every mutation was tried
