"""Fast subset of bench/extraction.py: the HTML path keeps its measured quality.

On the first 30 pages of ../shared/data/extraction the whole path (extraction, cleaning,
metadata) measured F1 0.907 (trafilatura alone 0.908 in the same run); the floor sits a
little under that. Skips when ../shared/data is absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import extraction  # noqa: E402  (bench/extraction.py)

PAGES = 30
F1_FLOOR = 0.88


def test_html_path_f1_floor(shared_data: Path) -> None:
    pages = extraction.load_pages(PAGES, shared_data / "extraction" / "pages.jsonl.gz")
    metrics = extraction.score(extraction.dateline_text, pages).metrics()
    assert metrics["f1"] >= F1_FLOOR, metrics
