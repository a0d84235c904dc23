"""Coreference metrics against hand-computed values, and the ECB+ floor."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from dateline.entities.evaluate import conll

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _load(name: str):
    spec = importlib.util.spec_from_file_location(name, BENCH / f"{name}.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_metrics_by_hand() -> None:
    key = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    assert conll(key, key)["conll_f1"] == pytest.approx(1.0)
    singletons = {m: m for m in key}
    scores = conll(key, singletons)
    assert scores["muc"][1] == 0.0  # no link found
    assert scores["b3"][0] == 1.0 and scores["b3"][1] == pytest.approx((3 * 1 / 3 + 2 * 1 / 2) / 5)
    merged = {m: 0 for m in key}
    assert conll(key, merged)["muc"][1] == 1.0


def test_ecbplus_dev_subset_floor(shared_data: Path) -> None:
    results = _load("entities_ecbplus").run([2, 5])
    # Floors a little under what was measured on 2026-11-23 (bench/README.md): lemma 74.8,
    # lemma+links 75.8, resolver+lemma 74.3 CoNLL F1.
    assert results["lemma+links"]["conll_f1"] >= 0.74
    assert results["resolver+lemma"]["conll_f1"] >= 0.72
    assert results["lemma+links"]["conll_f1"] >= results["lemma"]["conll_f1"]


def test_t17_claims_gold_floor(shared_data: Path) -> None:
    results = _load("claims_t17").run()
    ours = results["dateline"]
    # Measured 2026-11-23: extraction P 1.00 R 0.92, grouping pairwise F1 0.98.
    assert ours["extraction"][0] >= 0.9 and ours["extraction"][1] >= 0.85
    assert ours["grouping"][2] >= 0.9
    assert ours["grouping"][2] > results["baseline"]["grouping"][2]


def test_t17_fastpath_floor(shared_data: Path) -> None:
    bench = _load("entities_fastpath")
    # The first article of each T17 subset; measured 2026-11-23 against the model on every
    # sentence: mentions P 0.86 R 0.75, claims F1 1.00, claims with every field 0.74.
    ours = bench.quality(bench.load_t17(per_subset=1), ["lead+numbers"])["lead+numbers"]
    assert ours["mentions"][0] >= 0.8 and ours["mentions"][1] >= 0.7
    assert ours["claims"][2] >= 0.95
    assert ours["claims, all fields"][2] >= 0.65
