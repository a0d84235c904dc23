"""TIMEX3 values of the relative expressions news is full of, against a known publication date."""

from __future__ import annotations

import datetime as dt

import pytest

from dateline.model import DateEvidence
from dateline.time import event_date, tag_times, timex3_value

MONDAY = dt.date(2017, 10, 16)


@pytest.mark.parametrize(("text", "phrase", "value", "kind"), [
    ("The offensive began last week.", "last week", "2017-W41", "DATE"),
    ("It was declared three years ago.", "three years ago", "2014", "DATE"),
    ("Prices rose earlier this year.", "earlier this year", "2017", "DATE"),
    ("They will retake the centre within a month.", "a month", "P1M", "DURATION"),
    ("The siege lasted four months.", "four months", "P4M", "DURATION"),
    ("Convoys leave every Monday.", "every Monday", "XXXX-WXX-1", "SET"),
    ("The militia is now poised to win.", "now", "PRESENT_REF", "DATE"),
    ("Aid was cut in recent years.", "recent years", "PAST_REF", "DATE"),
    ("The council will vote on Friday.", "Friday", "2017-10-20", "DATE"),
    ("Officials met yesterday.", "yesterday", "2017-10-15", "DATE"),
    ("Talks resume next month.", "next month", "2017-11", "DATE"),
    ("Results for the third quarter were weak.", "the third quarter", "2017-Q3", "DATE"),
    ("The city fell in the 1990s.", "the 1990s", "199", "DATE"),
    ("Fighting broke out on Oct. 3.", "Oct. 3", "2017-10-03", "DATE"),
    ("Offers are due by Nov. 20.", "Nov. 20", "2017-11-20", "DATE"),
    ("The group seized the city in January.", "January", "2017-01", "DATE"),
    ("He will step down in January.", "January", "2018-01", "DATE"),
    ("Elections are expected next spring.", "next spring", "2018", "DATE"),
    ("The blast came at 10 p.m. Saturday.", "10 p.m. Saturday", "2017-10-14T22:00", "TIME"),
    ("The envoy arrives this Friday.", "this Friday", "2017-10-20", "DATE"),
    ("He was to speak in July.", "July", "2017-07", "DATE"),  # a future seen from the past
    ("The UN resolution 2042 passed in 2012.", "2012", "2012", "DATE"),
])
def test_relative_expressions(text, phrase, value, kind):
    exprs = {e.text: e for e in tag_times(text, MONDAY)}
    assert phrase in exprs, exprs
    assert (exprs[phrase].value, exprs[phrase].type) == (value, kind)


def test_seasons_and_parts_of_day_are_modifiers():
    spring = next(e for e in tag_times("Elections are expected next spring.", MONDAY))
    assert (spring.value, spring.granularity, spring.modifier) == ("2018", "season", "SP")
    assert timex3_value(spring) == "2018-SP"
    night = next(e for e in tag_times("They left on Saturday night.", MONDAY))
    assert timex3_value(night) == "2017-10-14TNI"


PUBLISHED = DateEvidence("2017-10-16", "day", "test", "", 0.9)


def _event(text: str) -> DateEvidence | None:
    return event_date(text, tag_times(text, MONDAY), PUBLISHED)


def test_the_event_not_the_statement_dates_a_sentence():
    found = _event("A convoy left on Saturday night, the SDF said on Sunday.")
    assert found is not None and (found.value, found.detail) == ("2017-10-14", "Saturday night")
    found = _event("The UN said on Tuesday that 160,000 people remained.")
    assert found is not None and found.value == "2017-10-10"  # the only date: the statement's


def test_a_dateline_date_gives_way_to_the_event_date():
    found = _event("BELTON, Mo., Oct. 20 -- Battling Bush for the nomination in 2000, he hit out.")
    assert found is not None and found.value == "2000"


def test_durations_and_vague_references_do_not_date_a_sentence():
    found = _event("The siege has lasted four months and is now nearly over.")
    assert found is not None and found.source == "published"
    assert found.confidence < PUBLISHED.confidence


def test_coarse_dates_keep_their_granularity():
    found = _event("The campaign began in November.")
    assert found is not None and (found.value, found.granularity) == ("2016-11", "month")
    found = _event("Fighting eased last week.")
    assert found is not None and (found.value, found.granularity) == ("2017-W41", "week")


@pytest.mark.parametrize("text", [
    "The Security Council passed resolution 2042 unanimously.",
    "About 2000 people fled the city.",
    "The Sunday Times reported the strike.",
    "Officials said the talks may resume.",
    "Version 1.2.10 of the app is out.",
])
def test_numbers_and_names_that_are_not_dates(text):
    assert [e for e in tag_times(text, MONDAY) if e.type in ("DATE", "TIME")] == []
