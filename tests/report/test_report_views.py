"""The arrangements every renderer shares: dates on an axis, claim conflicts, edits, links."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import given
from hypothesis import strategies as st

from dateline.model import Claim, CopyLink, TimelineEntry
from dateline.report.document import BuildResult
from dateline.report.views import (
    claim_groups,
    copy_groups,
    date_ordinal,
    format_quantity,
    mark_edits,
    safe_url,
    timeline_axis,
)


def test_date_ordinal_reads_every_granularity() -> None:
    assert date_ordinal("2017-10-16") == dt.date(2017, 10, 16).toordinal()
    assert date_ordinal("2017-10") == dt.date(2017, 10, 1).toordinal()
    assert date_ordinal("2017") == dt.date(2017, 1, 1).toordinal()
    assert date_ordinal("2017-W41") == dt.date(2017, 10, 9).toordinal()
    assert date_ordinal("2017-Q3") == dt.date(2017, 7, 1).toordinal()
    assert date_ordinal("2017-SU") == dt.date(2017, 6, 1).toordinal()
    assert date_ordinal("201") == dt.date(2010, 1, 1).toordinal()
    assert date_ordinal("PRESENT_REF") is None
    assert date_ordinal("2017-13-45") is None


@given(st.text(max_size=20))
def test_date_ordinal_never_raises(value: str) -> None:
    assert date_ordinal(value) is None or isinstance(date_ordinal(value), int)


def test_axis_places_raqqa_dates_in_order(raqqa_result: BuildResult) -> None:
    axis = timeline_axis(raqqa_result.stories[0].timeline, "t-")
    positions = [p.position for p in axis.points]
    assert positions[0] == 0 and positions[-1] == 100
    assert positions == sorted(positions)
    assert [p.citations for p in axis.points] == [1, 1, 1, 2, 2]
    assert any(label == "Aug 2017" for label, _ in axis.ticks)


def test_axis_keeps_undated_entries_out() -> None:
    axis = timeline_axis([TimelineEntry("PRESENT_REF", "day", ())], "t-")
    assert axis.points == () and axis.undated == 1


def test_claims_flagged_by_the_grouper_are_shown_as_a_conflict() -> None:
    flagged = [Claim("a", 0, "200-300", 200, 300, "fighters", group="g1",
                     conflict="200-300 vs 250"),
               Claim("b", 0, "250", 250, 250, "fighters", group="g1", conflict="200-300 vs 250"),
               Claim("c", 0, "2,500", 2500, 2500, "defenders", group="g2")]
    groups = claim_groups(flagged)
    assert groups[0].conflict and groups[0].what == "fighters" and len(groups[0].claims) == 2
    assert not groups[1].conflict
    # The view only renders: values that differ are no conflict unless the grouper said so.
    unflagged = [Claim("a", 0, "200", 200, 200, "fighters"),
                 Claim("b", 0, "900", 900, 900, "fighters")]
    assert not claim_groups(unflagged)[0].conflict


def test_mark_edits_marks_each_word_in_order() -> None:
    segments = mark_edits("left Raqqa then Raqqa again", ["Raqqa", "Raqqa", "missing"], "del")
    assert segments == [("left ", ""), ("Raqqa", "del"), (" then ", ""), ("Raqqa", "del"),
                        (" again", "")]
    assert "".join(text for text, _ in segments) == "left Raqqa then Raqqa again"


def test_safe_url_keeps_only_plain_web_addresses() -> None:
    assert safe_url("https://www.reuters.com/article/x") == "https://www.reuters.com/article/x"
    for bad in ("javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,<script>",
                "http://x/\"onmouseover=alert(1)", "//evil.invalid/x", None, ""):
        assert safe_url(bad) is None


def test_copy_groups_join_chains_and_put_sources_first() -> None:
    links = [CopyLink("b", "c", 0.9, "near"), CopyLink("a", "b", 0.9, "near"),
             CopyLink("d", "e", 1.0, "exact")]
    assert copy_groups(links) == [["a", "b", "c"], ["d", "e"]]
    assert copy_groups([]) == []


def test_quantities_read_as_written() -> None:
    def claim(low: float, high: float) -> Claim:
        return Claim("a", 0, "", low, high, "x")

    assert format_quantity(claim(200, 300)) == "200–300"
    assert format_quantity(claim(2500, 2500)) == "2,500"
    assert format_quantity(claim(2.5, 2.5)) == "2.5"
    assert format_quantity(claim(21, math.inf)) == "at least 21"
    assert format_quantity(claim(-math.inf, 5)) == "at most 5"
