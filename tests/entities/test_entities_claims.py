"""Claims with numbers on the Raqqa corpus: values, attribution, grouping and conflicts."""

from __future__ import annotations

import math

from dateline.entities import ClaimGrouper


def _claims(result, article_id: str) -> dict[str, object]:
    return {c.text: c for a in result.analyzed if a.article.id == article_id for c in a.claims}


def test_fighter_claims_with_sources(raqqa_result, by_prefix) -> None:
    claims = _claims(raqqa_result, by_prefix["000"])
    range_claim = claims["only 200-300"]
    assert (range_claim.low, range_claim.high) == (200, 300)
    assert range_claim.counted == "fighter" and range_claim.said_by == "SDF"
    assert claims["250"].counted == "fighter" and claims["250"].said_by == "Ashraf Serhad"
    assert claims["about 100"].aspect == "fled"  # the convoy out, not those remaining
    later = _claims(raqqa_result, by_prefix["003"])["around 2,500"]
    assert later.approx and later.counted == "fighter" and later.said_by == "coalition"


def test_vague_and_bounded_values(raqqa_result, by_prefix) -> None:
    c003 = _claims(raqqa_result, by_prefix["003"])
    assert c003["tens of thousands"].qualifier == "vague"
    c004 = _claims(raqqa_result, by_prefix["004"])
    assert c004["at least 21"].low == 21 and math.isinf(c004["at least 21"].high)
    assert c004["at least 21"].aspect == "killed"
    assert c004["about 160,000"].said_by == "UN humanitarian office"
    assert c004["An estimated 300,000"].earlier


def test_years_ages_times_and_distances_are_not_claims(raqqa_result) -> None:
    texts = " | ".join(c.text for a in raqqa_result.analyzed for c in a.claims)
    for word in ("2014", "forty", "24", "2.5", "34", "55", "eight-month", "one", "four-month"):
        assert word not in texts.split(" | "), word


def test_fighters_grouped_conflict_flagged_and_july_is_earlier(raqqa_result) -> None:
    grouper = raqqa_result.grouper
    group = next(g for g in grouper.groups_ if any(c.text == "250" for c in g.claims))
    texts = [c.text for c in group.claims]
    assert {"only 200-300", "250", "around 2,500"} <= set(texts)
    assert group.conflicts, "200-300 vs 250 must be flagged"
    conflict = group.conflicts[0]
    assert {c.text for c in conflict.claims} == {"only 200-300", "250"}
    assert conflict.first_date and conflict.first_date.startswith("2017-10")
    july = [p for p in group.series if p.first_date and p.first_date.startswith("2017-07")]
    assert july and july[0].low == 2500  # an earlier value of the series, not a conflict
    assert grouper.conflicts_[0].group == group.id


def test_civilians_series_is_not_a_conflict(raqqa_result) -> None:
    groups = [g for g in raqqa_result.grouper.groups_
              if any(c.text == "about 160,000" for c in g.claims)]
    assert len(groups) == 1 and not groups[0].conflicts
    assert any(p.earlier and p.low == 300_000 for p in groups[0].series)


def test_copies_count_once(raqqa_result, by_prefix) -> None:
    claims = [c for a in raqqa_result.analyzed for c in a.claims if c.text == "only 200-300"]
    assert len(claims) == 2  # the Reuters story and its rewrite
    grouper = ClaimGrouper(resolver=raqqa_result.resolver).fit(
        claims, copy_groups=[(by_prefix["000"], by_prefix["001"])])
    assert not grouper.conflicts_


def test_undated_copy_borrows_the_date_and_state_round_trips(raqqa_result, by_prefix) -> None:
    claims = [c for a in raqqa_result.analyzed for c in a.claims]
    copies = [(by_prefix["000"], by_prefix["001"])]
    grouper = ClaimGrouper(resolver=raqqa_result.resolver).fit(claims, copy_groups=copies)
    group = next(g for g in grouper.groups_ if any(c.text == "250" for c in g.claims))
    # 000 (the rewrite) carries a date; 001, the Reuters story it copies, carries none.
    assert all(c.refers_to for c in group.claims if c.text == "only 200-300")
    again = ClaimGrouper.from_state(grouper.get_state(), resolver=raqqa_result.resolver,
                                    copy_groups=copies)
    assert [g.id for g in again.groups_] == [g.id for g in grouper.groups_]
