"""Properties of the tagger that must hold for any publication date and any text."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from dateline.time import tag_times, timex3_value

WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
          "September", "October", "November", "December"]
dates = st.dates(min_value=dt.date(1900, 1, 8), max_value=dt.date(2099, 12, 20))


@given(anchor=dates, day=st.sampled_from(WEEKDAYS),
       frame=st.sampled_from(["The rebels left the city on {} with their families.",
                              "Fighting broke out {} night, the army said.",
                              "On {}, the SDF said it had taken the hospital.",
                              "{} was quiet."]))
def test_a_weekday_without_cue_is_within_the_week_before_publication(anchor, day, frame):
    exprs = [e for e in tag_times(frame.format(day), anchor) if day in e.text]
    assert len(exprs) == 1
    found = dt.date.fromisoformat(exprs[0].value)
    assert 0 <= (anchor - found).days < 7
    assert found.strftime("%A") == day


@given(anchor=dates, day=st.sampled_from(WEEKDAYS))
def test_a_weekday_in_the_future_tense_is_within_the_week_after(anchor, day):
    exprs = tag_times(f"The council will vote on {day}.", anchor)
    found = dt.date.fromisoformat(exprs[0].value)
    assert 0 <= (found - anchor).days < 7 and found.strftime("%A") == day


@given(anchor=dates, month=st.integers(1, 12))
def test_a_bare_month_is_the_most_recent_one_not_after_publication(anchor, month):
    exprs = tag_times(f"The battle started in {MONTHS[month - 1]}.", anchor)
    assert len(exprs) == 1
    year, mon = map(int, exprs[0].value.split("-"))
    assert mon == month
    assert (year, mon) <= (anchor.year, anchor.month)
    assert (anchor.year * 12 + anchor.month) - (year * 12 + mon) < 12


@given(anchor=st.one_of(st.none(), dates), text=st.text(max_size=300))
@settings(max_examples=300)
def test_arbitrary_text_never_crashes_and_offsets_hold(anchor, text):
    for expr in tag_times(text, anchor):
        assert text[expr.start : expr.end] == expr.text
        assert expr.type in ("DATE", "TIME", "DURATION", "SET")
        assert timex3_value(expr)


PIECES = st.sampled_from([
    "on", "last", "next", "May", "may", "March", "Monday", "night", "the", "2017", "31",
    "Feb.", "29", "ago", "three", "years", "a", "week", "this", "Sept", "fall", "spring",
    "early", "late", "mid-", "1990s", "'80s", "quarter", "third", "fiscal", "every", "day",
    "10", "a.m.", "noon", "12/31/99", "2017-02-30", "13/13/2013", ",", ".", "will", "said",
    "yesterday", "tonight", "21st", "century", "now", "recently", "0", "00:99", "hours",
])


@given(anchor=st.one_of(st.none(), dates), words=st.lists(PIECES, max_size=12))
@settings(max_examples=400)
def test_ambiguous_date_words_never_crash(anchor, words):
    text = " ".join(words)
    for expr in tag_times(text, anchor):
        assert text[expr.start : expr.end] == expr.text
        if expr.granularity == "day":
            dt.date.fromisoformat(expr.value[:10])


@given(anchor=dates, month=st.integers(1, 12))
def test_a_month_in_the_future_tense_is_within_the_year_after(anchor, month):
    exprs = tag_times(f"The election will be held in {MONTHS[month - 1]}.", anchor)
    year, mon = map(int, exprs[0].value.split("-"))
    assert mon == month
    assert 0 <= (year * 12 + mon) - (anchor.year * 12 + anchor.month) < 12
