"""Fast subset of bench/dates_web.py: publication dates of real pages keep their measured level.

The first 60 pages of ../shared/data/dates (gold order, both halves of the bench's split),
each read by the whole per-article path with its URL: day accuracy measured 0.700 (42 of 60;
these first pages are the hardest for dateline, see bench/README.md); the floor sits a little
under it. Skips when ../shared/data is absent.
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "bench"))

import dates_web  # noqa: E402  (bench/dates_web.py)

PAGES = 60
ACCURACY_FLOOR = 0.68


def test_publication_day_accuracy_floor(shared_data: Path) -> None:
    rows = dates_web.load_pages(shared_data / "dates", "all", PAGES)
    right = 0
    for row in rows:
        html, decoded = dates_web.page_html(shared_data / "dates", row)
        answer = dates_web.dateline_answer(html, row, with_url=True)[0] if decoded else None
        right += answer == row["date"]
    assert right / len(rows) >= ACCURACY_FLOOR, (right, len(rows))
