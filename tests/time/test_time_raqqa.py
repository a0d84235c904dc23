"""The time stage on the Raqqa seed reports: the dates a reader of these reports relies on."""

from __future__ import annotations

import dataclasses
import datetime as dt

from dateline.model import Article, DateEvidence
from dateline.sentences import split_sentences
from dateline.time import date_sentences, publication_date, tag_times

OCTOBER = dt.date(2017, 10, 16)  # 000 and 001: Reuters, Monday 16 October 2017
JUNE = dt.date(2017, 6, 7)  # 004: AFP, Wednesday 7 June 2017


def _sentence(article: Article, needle: str) -> str:
    for paragraph in article.paragraphs:
        for sentence in split_sentences(paragraph):
            if needle in sentence:
                return sentence
    raise AssertionError(f"no sentence with {needle!r}")


def _value(article: Article, needle: str, phrase: str, anchor: dt.date) -> tuple[str, str | None]:
    for expr in tag_times(_sentence(article, needle), anchor):
        if expr.text == phrase:
            return expr.value, expr.granularity
    raise AssertionError(f"{phrase!r} not tagged in the sentence with {needle!r}")


def test_saturday_night_is_the_saturday_before_publication(raqqa_articles):
    for key in ("000", "001"):
        value, granularity = _value(raqqa_articles[key], "convoy of Syrian", "Saturday night",
                                    OCTOBER)
        assert (value, granularity) == ("2017-10-14", "day")


def test_saturday_night_keeps_the_part_of_day(raqqa_articles):
    expr = next(e for e in tag_times(_sentence(raqqa_articles["001"], "convoy"), OCTOBER)
                if e.text == "Saturday night")
    assert expr.modifier == "NI" and expr.type == "TIME"


def test_june_6_in_the_afp_report(raqqa_articles):
    assert _value(raqqa_articles["003"], "broke into Raqqa on June 6", "June 6", JUNE) == (
        "2017-06-06", "day")


def test_month_and_year_as_written(raqqa_articles):
    assert _value(raqqa_articles["000"], "in November 2015", "November 2015", OCTOBER) == (
        "2015-11", "month")


def test_bare_month_is_the_most_recent_past_one(raqqa_articles):
    for key in ("000", "001"):
        assert _value(raqqa_articles[key], "started in June", "June", OCTOBER) == (
            "2017-06", "month")
        # November after an October publication is last year's November.
        assert _value(raqqa_articles[key], "began in November", "November", OCTOBER) == (
            "2016-11", "month")


def test_without_an_anchor_relative_dates_stay_unresolved(raqqa_articles):
    sentence = _sentence(raqqa_articles["001"], "convoy")
    expr = next(e for e in tag_times(sentence, None) if e.text == "Saturday night")
    assert expr.value == "XXXX-WXX-6" and expr.granularity is None


def test_durations_are_not_dates(raqqa_articles):
    exprs = tag_times(_sentence(raqqa_articles["002"], "within a month"), OCTOBER)
    month = next(e for e in exprs if e.text == "a month")
    assert (month.type, month.value, month.granularity) == ("DURATION", "P1M", None)


def test_may_the_verb_is_not_a_date():
    assert tag_times("Officials said the fighting may last, and civilians may flee.", JUNE) == []


def test_publication_date_agrees_with_ingest(raqqa_articles):
    for article in raqqa_articles.values():
        assert publication_date(article) == article.published


def test_caption_date_and_lead_weekday_date_an_article_without_evidence(raqqa_articles):
    """An article built outside ingest (no evidence recorded) gets ingest's caption rule."""
    article = dataclasses.replace(
        raqqa_articles["001"], published=None, date_evidence=(),
        captions=("This frame grab from video released on Sunday, Oct. 15, 2017 and provided "
                  "by Furat FM",))
    found = publication_date(article)
    assert found is not None
    assert (found.value, found.source) == ("2017-10-16", "caption+weekday")
    assert "Oct. 15, 2017" in found.detail and "Monday" in found.detail
    sentences = date_sentences(article)
    convoy = next(s for s in sentences if "convoy" in s.text)
    assert convoy.event_date is not None and convoy.event_date.value == "2017-10-14"


def test_sentences_get_event_dates_with_provenance(raqqa_articles):
    article = dataclasses.replace(raqqa_articles["001"],
                                  published=DateEvidence("2017-10-16", "day", "test", "", 0.9))
    sentences = date_sentences(article)
    convoy = next(s for s in sentences if "convoy" in s.text)
    assert convoy.event_date is not None
    assert (convoy.event_date.value, convoy.event_date.source) == ("2017-10-14", "text")
    assert convoy.event_date.detail == "Saturday night"
    undated = next(s for s in sentences if not any(t.granularity for t in s.times))
    assert undated.event_date is not None and undated.event_date.source == "published"
    assert undated.event_date.confidence < convoy.event_date.confidence


def test_unknown_publication_date_gives_no_event_date_to_undated_sentences(raqqa_articles):
    article = dataclasses.replace(raqqa_articles["001"], published=None, date_evidence=(),
                                  captions=())
    for sentence in date_sentences(article):
        if sentence.event_date is not None:
            assert sentence.event_date.source == "text"
            assert "X" not in sentence.event_date.value
