"""A 1 MB article that repeats one sentence builds in bounded memory (it took 3.5 GB).

The build runs in its own process (``bench/pathological.py --one``), whose peak resident
memory is read with ``resource``; a watchdog stops it at 3 GB so a regression fails the test
instead of the machine. Full benchmark: ``bench/pathological.py``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

BENCH = Path(__file__).resolve().parent.parent / "bench" / "pathological.py"


def test_one_megabyte_of_one_sentence_builds_under_1_5_gb(tmp_path: Path) -> None:
    sys.path.insert(0, str(BENCH.parent))
    try:
        import pathological
    finally:
        sys.path.remove(str(BENCH.parent))
    name, text = pathological.article("sentence", 1_000_000)
    path = tmp_path / "in" / name
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    out = tmp_path / "result.json"
    proc = subprocess.run([sys.executable, str(BENCH), "--one", str(path), str(out), "3", "900"],
                          capture_output=True, text=True)
    assert out.exists(), proc.stderr[-2000:]
    result = json.loads(out.read_text())
    assert result["status"] == "ok", result
    assert result["stories"] == 1 and result["errors"] == 0
    assert result["peak_mb"] < 1500, result  # measured 698 MB (3.5 GB before)
