from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from summarize_helpers import dated

from dateline.summarize import build_summary
from dateline.summarize.openers import MIN_WORDS, strip_opener


@pytest.mark.parametrize(("sentence", "shown"), [
    # a live blog's stamp, in PTB tokens as T17 writes it, nested brackets too
    ("-LRB- Update 4:08 a.m. Tuesday in Cairo , 9:08 p.m. ET Monday -RRB- Google said on its "
     "blog that it had set up a speak-to-tweet service .",
     "Google said on its blog that it had set up a speak-to-tweet service ."),
    ("(Updated 5:45 p.m. (0045 in Egypt)) Protesters in Cairo are calling for Mubarak to go.",
     "Protesters in Cairo are calling for Mubarak to go."),
    # agency datelines the ingest stage did not take off, with or without a place
    ("Cairo , Egypt -LRB- CNN -RRB- -- Egypt braced for a march of millions on Tuesday .",
     "Egypt braced for a march of millions on Tuesday ."),
    ("LONDON, July 4 (Reuters) - Oil prices rose on Tuesday as traders weighed supply.",
     "Oil prices rose on Tuesday as traders weighed supply."),
    ("(CNN) - President Obama spoke to Mubarak by telephone on Friday night.",
     "President Obama spoke to Mubarak by telephone on Friday night."),
    # a stamp and a dateline, one after the other
    ("(Update 2:45 p.m. Cairo) (CNN) -- State TV reports that Mubarak is visiting troops.",
     "State TV reports that Mubarak is visiting troops."),
    # a page's time stamp, alone or after the reporter's name
    ("5 January 2011 Last updated at 06:50 GMT Help A preliminary hearing has opened in Los "
     "Angeles .", "A preliminary hearing has opened in Los Angeles ."),
    ("Page last updated at 07:48 GMT , Tuesday , 8 November 2011 The trial of the doctor "
     "ended .", "The trial of the doctor ended ."),
    ("Susan Watts | 18:00 UK time , Saturday , 25 April 2009 Experts are clearly concerned .",
     "Experts are clearly concerned ."),
    ("MEXICO CITY | Mon Apr 27 , 2009 3:10 am BST MEXICO CITY -LRB- Reuters -RRB- - Fears of "
     "a global flu pandemic grew .", "Fears of a global flu pandemic grew ."),
    ("2009 04 25 08:50 JST By Alistair Bell and Noel Randewich MEXICO CITY -LRB- Reuters "
     "-RRB- - Mexico shut schools across the capital .",
     "Mexico shut schools across the capital ."),
    # a picture credit, a byline run into the text
    ("Photograph : Centers for Disease Control/Reuters The public panic about swine flu is "
     "out of proportion .", "The public panic about swine flu is out of proportion ."),
    ("January 31, 2011 | By Ashley Hayes, CNN Army soldiers stand guard outside the museum.",
     "Army soldiers stand guard outside the museum."),
    ("By Julian E. Zelizer , Special to CNN An anti-government protester chants in front of "
     "soldiers .", "An anti-government protester chants in front of soldiers ."),
])
def test_page_furniture_at_the_start_is_cut(sentence: str, shown: str) -> None:
    assert strip_opener(sentence) == shown


@pytest.mark.parametrize("sentence", [
    "US-backed militias battled foreign fighters (SDF) in Raqqa on Monday.",
    "NATO: Strikes continue over Tripoli as rebels advance on the capital.",  # who says it
    "WOLF BLITZER, CNN ANCHOR: Egypt's president is certainly feeling the heat.",
    "Raqqa: US-backed militias battled foreign fighters.",  # a dateline without an agency
    "The UN (AP) said the talks would resume.",
    "By Tuesday , CNN reported that the talks had failed in Cairo .",
    "Updates to the law were passed on Monday.",  # "Update" outside brackets is a word
    "(Update 9:00) Talks end.",  # the cut would leave too little
    "Monday 12.30 was the time of the blast in the city .",  # the time is the news
    "At 10:30 GMT Police arrived at the scene .",
    "0.85 W/m2 is the imbalance at the end of the decade .",  # a number, not a clock
    "On 8 February , 2010 , Dr Murray appeared in court .",
])
def test_sentences_without_furniture_stay_whole(sentence: str) -> None:
    assert strip_opener(sentence) == sentence


_PIECES = [*"abcXYZ ()-:|,.", "-LRB- ", "-RRB- ", "CNN ", "Update ", "By ", "Cairo , ", "-- "]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_the_shown_statement_is_the_sentence_or_its_end(text: str) -> None:
    shown = strip_opener(text)
    assert shown == text or (text.rstrip().endswith(shown.rstrip())
                             and len(shown.split()) >= MIN_WORDS)


def test_a_statement_is_shown_without_its_stamp_and_cited_to_its_sentence() -> None:
    story = {
        "a": [dated("a", 0, "(Update 4:08 a.m. Tuesday in Cairo) Google set up a service that "
                    "turns voice messages into tweets for Egyptians.", day="2011-02-01")],
        "b": [dated("b", 3, "Google set up a service that turns voice messages into tweets "
                    "for Egyptians cut off from the internet.", day="2011-02-01")],
    }
    (statement,) = build_summary(story, n_sentences=1)
    assert statement.text.startswith("Google set up a service")
    assert {(c.article_id, c.sentence) for c in statement.citations} == {("a", 0), ("b", 3)}


def test_an_article_saying_the_shown_words_is_an_exact_citation() -> None:
    words = "Google set up a service that turns voice messages into tweets for Egyptians."
    story = {
        "a": [dated("a", 0, "(Update 4:08 a.m. Tuesday in Cairo) " + words, day="2011-02-01")],
        "b": [dated("b", 3, "Cairo , Egypt (CNN) -- " + words, day="2011-02-01")],
    }
    (statement,) = build_summary(story, n_sentences=1)
    assert statement.text == words
    assert all(c.exact for c in statement.citations)
