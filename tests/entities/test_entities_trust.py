"""Claims a reader can trust: conflicts only between figures about one quantity at one time,
ranked, with their reason."""

from __future__ import annotations

from dateline.entities.grouping import ClaimGrouper, conflict_rank
from dateline.model import Claim, DateEvidence


def claim(article: str, text: str, low: float, high: float | None = None, day: str = "",
          said_by: str | None = None, counted: str = "civilian", aspect: str = "killed",
          unit: str | None = None) -> Claim:
    when = DateEvidence(day, "day", "text") if day else None
    return Claim(article, 0, text, low, low if high is None else high, f"{counted} {aspect}",
                 said_by=said_by, refers_to=when, counted=counted, aspect=aspect,
                 place="Mexico", unit=unit)


def test_a_toll_that_grows_from_day_to_day_is_a_series_not_a_conflict() -> None:
    toll = [claim("a1", "20", 20, day="2009-04-25"), claim("a2", "103", 103, day="2009-04-27"),
            claim("a3", "149", 149, day="2009-04-28")]
    grouper = ClaimGrouper().fit(toll)
    assert not grouper.conflicts_
    assert len(grouper.groups_) == 1 and len(grouper.groups_[0].claims) == 3


def test_a_range_holding_the_other_figure_is_consistent_and_ranked_below_a_contradiction(
        ) -> None:
    claims = [
        claim("a1", "200-300", 200, 300, "2017-10-14", "SDF", "fighter", "present"),
        claim("a2", "250", 250, None, "2017-10-15", "commander", "fighter", "present"),
        claim("a3", "14", 14, None, "2011-04-22", "Residents"),
        claim("a4", "eight", 8, None, "2011-04-22", "Syrian television"),
    ]
    grouper = ClaimGrouper().fit(claims)
    kinds = [c.kind for c in grouper.conflicts_]
    assert kinds == ["disjoint", "consistent"]  # the contradiction first
    consistent = grouper.conflicts_[1]
    assert consistent.reason == "consistent, 250 is within 200-300, 1 day apart"
    assert consistent.summary.startswith(consistent.reason + ": 200-300 (SDF")
    assert grouper.conflicts_[0].reason.startswith("contradiction, disjoint figures")
    assert conflict_rank(consistent.summary) == 1 > conflict_rank(grouper.conflicts_[0].summary)


def test_one_articles_own_figures_and_sums_of_money_are_not_conflicts() -> None:
    claims = [claim("a1", "2.35 million", 2.35e6, day="2009-03-01", counted="passenger"),
              claim("a1", "221,494", 221494, day="2009-03-01", counted="passenger"),
              claim("a2", "92", 92, day="2011-05-12", said_by="Dana", counted="dirham"),
              claim("a3", "616 million", 616e6, day="2011-05-12", said_by="CEO",
                    counted="dirham")]
    assert not ClaimGrouper().fit(claims).conflicts_


def test_figures_a_week_apart_are_never_compared() -> None:
    claims = [claim("a1", "eight", 8, day="2009-04-25", said_by="CNN"),
              claim("a2", "5", 5, day="2009-05-02", said_by="WHO")]
    assert not ClaimGrouper().fit(claims).conflicts_
