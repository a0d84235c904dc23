"""Fast subsets of the two quality benchmarks, with pinned floors.

They skip when ``../shared/data`` or the scoring packages (tilse, nltk: the ``bench`` extra)
are absent, and fail when quality drops below the floor. Full runs: ``bench/timeline_t17.py``
and ``bench/summary_duc.py``.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[2] / "bench"


def _bench(name: str):
    if str(BENCH) not in sys.path:
        sys.path.insert(0, str(BENCH))
    return importlib.import_module(name)


def test_t17_mj_timeline_floor(shared_data: Path):
    """T17 topic mj (a dev topic, 138 articles, 1 gold timeline), tilse's Python ROUGE."""
    pytest.importorskip("tilse")
    t17 = _bench("timeline_t17")
    evaluator = t17.make_evaluator("reimpl")
    result = t17.run_topic("mj", evaluator, shared_data / "t17")
    (run,) = result["runs"]
    system, baseline = run["system"], run["baseline"]
    # measured 0.1797 / 0.0631 with statements shown without page time stamps and datelines
    # (session 12), 0.1752 / 0.0615 with furniture out and key terms particular to the story
    # (2026-12-07), 0.1589 / 0.0570 with concept choice from whole articles (session 5),
    # 0.1468 / 0.0550 before, 0.136 before the date ranker
    assert system["ar1"]["f_score"] >= 0.172
    assert system["ar2"]["f_score"] >= 0.060
    assert system["date"]["f_score"] >= 0.50  # measured 0.5263 (20 of 38 gold dates)
    assert system["date"]["f_score"] > baseline["date"]["f_score"]
    faith = t17.faithfulness([result], n=20)
    assert faith["uncited_sentences"] == 0
    assert faith["home_dice_rate"] == 1.0
    # measured 0.721 of 43 in session 12, 0.707 of 41 (0.867 of 45 before, 0.920 of 87
    # before that): the sample of 20 now holds "His former doctor is accused of involuntary
    # manslaughter ." with 12 other articles cited, and Dice fails a short sentence against
    # the long ones that say it ("Dr Conrad Murray is on trial accused of the involuntary
    # manslaughter of ...")
    assert faith["other_dice_rate"] >= 0.65


def test_t17_h1n1_timeline_floor(shared_data: Path):
    """T17 topic h1n1 (a dev topic, 3 outlets, 3 gold timelines), tilse's Python ROUGE: the
    topic where the key-term filter helped most (0.1394 / 0.0342 without it)."""
    pytest.importorskip("tilse")
    t17 = _bench("timeline_t17")
    result = t17.run_topic("h1n1", t17.make_evaluator("reimpl"), shared_data / "t17")
    system = t17.average(run["system"] for run in result["runs"])
    baseline = t17.average(run["baseline"] for run in result["runs"])
    # measured 0.1714 / 0.0416 with statements shown without page time stamps and datelines
    # (session 12), 0.1618 / 0.0397 before (0.1642 / 0.0411 before the furniture and key-term
    # change of 2026-12-07, 0.1571 before session 5; trivial 0.1246)
    assert system["ar1"] >= 0.166
    assert system["ar2"] >= 0.040
    assert system["date"] >= 0.78  # measured 0.8024
    assert system["ar1"] > baseline["ar1"] and system["date"] > baseline["date"]


def test_duc2004_five_clusters_floor(shared_data: Path, tmp_path: Path):
    """dateline's 100-word summaries of the first 5 DUC 2004 clusters, Python ROUGE recall;
    LexRank's published summaries scored the same way must stay behind."""
    pytest.importorskip("nltk")
    duc = _bench("summary_duc")
    data = shared_data / "duc2004"
    clusters = duc.load_clusters(data)
    peers = {}
    for name in sorted(clusters)[:5]:
        peers[name] = tmp_path / name
        peers[name].write_text("\n".join(duc.summarize_cluster(clusters[name])))
    ours = duc.score_python(peers, data)
    lexrank = duc.score_python({n: data / "peers" / f"{n}.LexRank" for n in peers}, data)
    assert ours["rouge_1"] >= 0.355  # measured 0.375 (Python scorer, first 5 clusters)
    assert ours["rouge_2"] >= 0.105  # measured 0.112
    assert ours["rouge_2"] > lexrank["rouge_2"]
