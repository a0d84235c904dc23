"""Independent sources: a wire story and its reprints are one report."""

from __future__ import annotations

from dateline.copies import CopyDetector, independent_count
from dateline.model import Article, CopyLink


def test_a_wire_story_and_twenty_reprints_are_one_report() -> None:
    links = [CopyLink("wire", f"reprint{i}", 0.9, "near") for i in range(20)]
    ids = ["wire", *(f"reprint{i}" for i in range(20))]
    assert independent_count(ids, links) == 1
    assert independent_count([*ids, "own-report"], links) == 2


def test_reprints_of_a_story_outside_the_set_are_still_one() -> None:
    links = [CopyLink("wire", "a", 0.9, "near"), CopyLink("wire", "b", 0.8, "partial")]
    assert independent_count(["a", "b"], links) == 1
    assert independent_count(["a", "a", "c"], []) == 2


def test_raqqa_has_four_independent_reports(raqqa_articles: dict[str, Article]) -> None:
    links = CopyDetector().fit(raqqa_articles.values()).links_
    assert independent_count([a.id for a in raqqa_articles.values()], links) == 4
