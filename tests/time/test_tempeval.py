"""A fast subset of bench/time_tempeval.py: TempEval-3 gold, scored with pinned floors.

Every third file of TimeBank (dev) and of AQUAINT (test). Skips when ../shared/data is absent.
The floors sit a little under the values measured when they were pinned, so a change that
loses accuracy fails here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.time.timeml import Score, dateline_tagger, read_timeml

FLOORS = {
    # split: (relaxed F1, value F1) on this subset; measured 0.943 / 0.790 (TimeBank, dev)
    # and 0.925 / 0.737 (AQUAINT, test) with the rules of 2026-11-23
    "TimeBank": (0.92, 0.76),
    "AQUAINT": (0.90, 0.71),
}


@pytest.mark.parametrize("split", sorted(FLOORS))
def test_tempeval_subset_stays_above_its_floor(shared_data: Path, split: str):
    folder = shared_data / "tempeval3" / split
    if not folder.is_dir():
        pytest.skip(f"{folder} is absent")
    score = Score()
    for path in sorted(folder.glob("*.tml"))[::3]:
        doc = read_timeml(path)
        score.add(doc.name, doc.timexes, dateline_tagger(doc.text, doc.dct))
    table = score.table()
    relaxed_floor, value_floor = FLOORS[split]
    assert table["relaxed_f1"] >= relaxed_floor, table
    assert table["value_f1"] >= value_floor, table


def test_scorer_counts_strict_and_relaxed_matches(tmp_path: Path):
    tml = tmp_path / "doc.tml"
    tml.write_text(
        '<?xml version="1.0" ?><TimeML><DCT><TIMEX3 tid="t0" type="DATE" value="2017-10-16" '
        'functionInDocument="CREATION_TIME">2017-10-16</TIMEX3></DCT><TEXT>Fighters left on '
        '<TIMEX3 tid="t1" type="TIME" value="2017-10-14TNI">Saturday night</TIMEX3> after '
        '<TIMEX3 tid="t2" type="DURATION" value="P4M">four months</TIMEX3> of war, the SDF said '
        '<TIMEX3 tid="t3" type="DATE" value="2017-10-15">Sunday</TIMEX3>.</TEXT></TimeML>')
    doc = read_timeml(tml)
    assert [t.text for t in doc.timexes] == ["Saturday night", "four months", "Sunday"]
    score = Score()
    score.add(doc.name, doc.timexes, dateline_tagger(doc.text, doc.dct))
    table = score.table()
    assert table["strict_f1"] == table["relaxed_f1"] == table["value_accuracy"] == 1.0
