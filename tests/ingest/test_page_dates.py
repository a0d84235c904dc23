"""Publication dates of web pages: the page's own stamps, day-first dates, updates never win.

Small hand-made pages, each showing one rule a reader of ``dateline ls`` relies on.
"""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.ingest import to_article
from dateline.ingest.dates import day_first_for, find_dates, parse_date_line
from dateline.ingest.raw import RawDocument
from dateline.model import Article, Source

BODY = "<p>The city council approved the new budget after a long debate on Tuesday.</p>" * 6


def page(head: str = "", top: str = "", lang: str = "en", url: str | None = None) -> Article:
    html = (f"<html lang='{lang}'><head><title>Council approves the budget</title>{head}"
            f"</head><body><article><h1>Council approves the budget</h1>{top}{BODY}"
            "</article></body></html>")
    article = to_article(RawDocument(source=Source(path="p.html", url=url, format="html"),
                                     html=html))
    assert isinstance(article, Article), article
    return article


# -- day-first dates by the page's language ---------------------------------------------------


@pytest.mark.parametrize(("text", "day_first", "expected"), [
    ("10.06.2018", False, "2018-06-10"),  # dots: day first in every language
    ("am 10. Juni 2018", False, "2018-06-10"),
    ("06/10/2018", True, "2018-10-06"),
    ("06/10/2018", False, "2018-06-10"),
    ("13/10/2018", False, "2018-10-13"),  # 13 cannot be a month
    ("10 de junio de 2018", False, "2018-06-10"),
    ("le 3 août 2017", False, "2017-08-03"),
    ("2020年07月12日", False, "2020-07-12"),
    ("2018-06-10T10:00:00+02:00", False, "2018-06-10"),
])
def test_numeric_and_foreign_dates(text: str, day_first: bool, expected: str) -> None:
    assert [found.date.isoformat() for found in find_dates(text, day_first)] == [expected]


@pytest.mark.parametrize(("text", "expected"), [
    ("Top10 Mai 2018", []),  # a number glued to a word is no day
    ("version 1.10.2018", ["2018-10-01"]),
    ("v1.10.2018", []),
])
def test_dates_need_their_own_words(text: str, expected: list[str]) -> None:
    assert [found.date.isoformat() for found in find_dates(text)] == expected


@pytest.mark.parametrize(("language", "url", "expected"), [
    ("de", None, True), ("de-AT", None, True), ("fr", None, True), ("en-GB", None, True),
    ("en-US", None, False), ("en", "https://www.example.co.uk/a", True),
    ("en", "https://example.com/a", False), (None, "https://www.example.de/a", True),
    (None, "https://example.com/a", False), (None, None, False),
])
def test_day_first_by_language_then_domain(language: str | None, url: str | None,
                                           expected: bool) -> None:
    assert day_first_for(language, url) is expected


def test_german_date_line_is_day_first() -> None:
    assert parse_date_line("Veröffentlicht am 10.06.2018", "de") == dt.date(2018, 6, 10)
    assert parse_date_line("06/10/2018 14:33", "de") == dt.date(2018, 10, 6)
    assert parse_date_line("06/10/2018 14:33", "en") == dt.date(2018, 6, 10)


def test_german_page_prints_its_day_first() -> None:
    article = page(top="<p class='date'>06/10/2018</p>", lang="de")
    assert article.published_day == "2018-10-06"
    article = page(top="<p class='date'>06/10/2018</p>", lang="en-US")
    assert article.published_day == "2018-06-10"


# -- update stamps never win over publication stamps -----------------------------------------


def test_updated_time_does_not_win_over_published_time() -> None:
    article = page(head="<meta property='og:updated_time' content='2019-03-01T10:00:00+01:00'>"
                        "<meta property='article:published_time' "
                        "content='2018-06-10T10:00:00+02:00'>"
                        "<meta http-equiv='last-modified' content='2019-03-02'>")
    assert article.published is not None
    assert (article.published_day, article.published.source) == ("2018-06-10", "html-meta")
    updates = {e.value for e in article.date_evidence if e.source == "updated"}
    assert updates == {"2019-03-01", "2019-03-02"}  # kept as evidence, not chosen


def test_printed_publication_day_wins_over_update_stamps() -> None:
    article = page(head="<meta property='article:modified_time' content='2019-03-01'>"
                        "<meta name='last-modified' content='2019-03-01'>",
                   top="<p>Published on 10 June 2018 | Updated 1 March 2019</p>")
    assert article.published_day == "2018-06-10"


def test_update_stamp_alone_is_shown_with_low_confidence() -> None:
    article = page(head="<meta property='og:updated_time' content='2019-03-01T10:00:00'>")
    assert article.published is not None
    assert (article.published_day, article.published.source) == ("2019-03-01", "updated")
    assert article.published.confidence < 0.5


def test_page_without_any_date_has_none() -> None:
    article = page()
    assert article.published is None and article.date_evidence == ()


# -- other page rules --------------------------------------------------------------------------


def test_utc_stamp_is_read_at_the_publishers_offset() -> None:
    """03:28 UTC on the 9th is 22:28 on the 8th in New York, the day the page prints."""
    article = page(head="<meta property='article:published_time' "
                        "content='2023-11-09T03:28:35+00:00'>",
                   top="<time datetime='2023-11-08T22:28:35-05:00'>November 8, 2023</time>")
    assert article.published_day == "2023-11-08"


def test_first_date_of_a_teaser_list_is_weak_and_the_byline_date_wins() -> None:
    teasers = "".join(f"<li><span class='teaser-date'>0{day}.07.2020</span> Other story</li>"
                      for day in (1, 2, 3, 4))
    article = page(top=f"<p class='byline-date'>18.03.2020</p><ul>{teasers}</ul>", lang="de")
    assert article.published_day == "2020-03-18"


def test_url_day_given_by_the_crawler_counts() -> None:
    article = page(url="https://news.example.com/2018/06/10/council-budget/")
    assert article.published is not None
    assert (article.published_day, article.published.source) == ("2018-06-10", "url")


# -- the date parser takes anything -----------------------------------------------------------

DAYS = st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2100, 12, 31))
GERMAN = ("Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember")


@given(day=DAYS, form=st.sampled_from(["dotted", "german", "english", "iso", "slash-dmy",
                                       "slash-mdy"]))
def test_written_days_read_back(day: dt.date, form: str) -> None:
    text, day_first = {
        "dotted": (f"{day.day:02d}.{day.month:02d}.{day.year}", False),
        "german": (f"am {day.day}. {GERMAN[day.month - 1]} {day.year} um", False),
        "english": (f"on {day:%B} {day.day}, {day.year}.", False),
        "iso": (f"({day.isoformat()})", False),
        "slash-dmy": (f"{day.day}/{day.month}/{day.year}", True),
        "slash-mdy": (f"{day.month}/{day.day}/{day.year}", False),
    }[form]
    assert [found.date for found in find_dates(text, day_first)] == [day]


@given(text=st.text(max_size=120), day_first=st.booleans())
def test_date_parsers_never_raise(text: str, day_first: bool) -> None:
    for found in find_dates(text, day_first):
        assert text[found.start:found.end].strip(" ,") == found.text
    parse_date_line(text, "de" if day_first else None)
