"""JSONL fields are typed strictly (issue 24): a number or a list where text is expected, an
impossible date, an integer date each give a warning or an error with path:line, and nothing
becomes an article by accident. Property tests of the date field parser."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from dateline.cli import app
from dateline.ingest import ingest
from dateline.ingest.fields import EPOCH_RANGE, FieldError, read_date
from dateline.ingest.jsonl import field_mapping, parse_line
from dateline.ingest.raw import RawDocument
from dateline.model import IngestError
from dateline.store import SQLiteStore

TEXT = "Fighters advanced on the old city of Raqqa on Monday, commanders said."
FAST = settings(max_examples=200, deadline=None)


def line(record: object, fields: dict[str, str] | None = None) -> RawDocument | IngestError:
    return parse_line(json.dumps(record).encode(), "dump.jsonl", 7, field_mapping(fields), False)


def test_text_that_is_not_a_string_is_an_error() -> None:
    for value, kind in [(123, "a number (123)"), (["one", "two"], "a list"),
                        (True, "a boolean (true)"), ({"p": TEXT}, "an object"),
                        (1.5, "a number (1.5)")]:
        result = line({"text": value, "title": "T"})
        assert isinstance(result, IngestError), value
        assert (result.path, result.reason) == ("dump.jsonl:7", "bad field")
        assert result.detail == f"text (text) is {kind}, not a string", result.detail
    assert isinstance(line({"body": 42}, {"text": "body"}), IngestError)
    assert isinstance(line({"html": ["<p>x</p>"]}), IngestError)
    # the html is not looked at when the text is there
    assert isinstance(line({"text": TEXT, "html": 5}), RawDocument)


def test_metadata_of_the_wrong_type_is_left_out_with_a_warning() -> None:
    doc = line({"text": TEXT, "title": 2017, "url": ["http://a"], "source": {"n": 1},
                "author": ["Ann Lee", "Bo Chen"], "language": "en"})
    assert isinstance(doc, RawDocument)
    assert (doc.title, doc.source.url, doc.outlet) == (None, None, None)
    assert (doc.byline, doc.language) == ("Ann Lee, Bo Chen", "en")
    assert [(w.path, w.reason, w.detail) for w in doc.warnings] == [
        ("dump.jsonl:7", "bad field", "url (url) is a list, not a string; left out"),
        ("dump.jsonl:7", "bad field", "title (title) is a number (2017), not a string; left out"),
        ("dump.jsonl:7", "bad field", "outlet (source) is an object, not a string; left out"),
    ]
    mixed = line({"text": TEXT, "authors": ["Ann Lee", 7]})
    assert isinstance(mixed, RawDocument) and mixed.byline is None
    assert "byline (authors) is a list" in mixed.warnings[0].detail


@pytest.mark.parametrize(("value", "fields", "expected"), [
    (20170610, None, "2017-06-10"),  # YYYYMMDD as a number: not 1970-08-22
    ("20170610", None, "2017-06-10"),
    ("2017-06-10T23:30:00-05:00", None, "2017-06-10"),  # the publisher's day
    ("Sat, 10 Jun 2017 08:00:00 GMT", None, "2017-06-10"),
    (1497052800, {"date": "date:epoch"}, "2017-06-10"),
    ("1497052800", {"date": "date:epoch"}, "2017-06-10"),
    (1497052800123, {"date": "date:epoch-ms"}, "2017-06-10"),
    (20170610, {"date": "date:epoch"}, "2017-06-10"),  # a YYYYMMDD stays one
])
def test_dates_read(value: object, fields: dict[str, str] | None, expected: str) -> None:
    doc = line({"text": TEXT, "date": value}, fields)
    assert isinstance(doc, RawDocument) and doc.warnings == ()
    assert doc.published is not None and doc.published.value == expected


@pytest.mark.parametrize(("value", "fields", "words"), [
    ("1999-02-30", None, "'1999-02-30' is not a calendar date"),
    (19990230, None, "the number 19990230 is not a YYYYMMDD date; if it is Unix time"),
    (1497052800, None, "declare it: --field date=KEY:epoch"),
    (1497052800.5, None, "not a YYYYMMDD date"),
    ("yesterday", None, "'yesterday' is not a date"),
    ([2017, 6, 10], None, "a list, not a date"),
    (True, None, "a boolean (true), not a date"),
    (1234, {"date": "date:epoch"}, "1234 as Unix time (epoch) is 1970-01-01, not between "
                                   "1980 and 2099"),
    (1497052800, {"date": "date:epoch-ms"}, "is 1970-01-18"),
    (10**20, {"date": "date:epoch"}, "out of range"),
])
def test_dates_refused_with_a_warning(value: object, fields: dict[str, str] | None,
                                      words: str) -> None:
    doc = line({"text": TEXT, "date": value}, fields)
    assert isinstance(doc, RawDocument) and doc.published is None
    ((where, reason, detail),) = [(w.path, w.reason, w.detail) for w in doc.warnings]
    assert (where, reason) == ("dump.jsonl:7", "bad date")
    assert words in detail and detail.startswith("date (date): "), detail


def test_a_unit_is_for_the_date_only() -> None:
    with pytest.raises(ValueError, match="only the date field takes a unit"):
        field_mapping({"title": "t:epoch"})
    assert field_mapping({"date": "meta.ts:epoch-ms"})["date"] == ("meta.ts:epoch-ms",)


def test_ingest_reports_each_problem_with_path_and_line(tmp_path: Path) -> None:
    dump = tmp_path / "dump.jsonl"
    rows = [{"text": TEXT, "date": 20170610}, {"text": 123}, {"text": ["a", "b"]},
            {"text": TEXT + " Again.", "date": "1999-02-30"},
            {"text": TEXT + " Later.", "date": 1497052800}]
    dump.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    store = SQLiteStore(tmp_path / "x.db")
    report = ingest(store, [str(dump)])
    assert report.read == 3
    assert [(e.path, e.reason) for e in report.errors] == [
        (f"{dump}:2", "bad field"), (f"{dump}:3", "bad field")]
    assert [(w.path, w.reason) for w in report.warnings] == [
        (f"{dump}:4", "bad date"), (f"{dump}:5", "bad date")]
    dates = sorted(str(a.published.value) if a.published else "-" for a in store.iter_articles())
    assert dates == ["-", "-", "2017-06-10"]
    result = CliRunner().invoke(app, ["ingest", str(dump), "--db", str(tmp_path / "c.db")])
    assert result.exit_code == 3
    output = " ".join(result.output.split())
    assert f"warning {dump}:4: bad date (date (date): '1999-02-30' is not a calendar date" in output
    assert f"skipped {dump}:2: bad field (text (text) is a number (123), not a string)" in output
    help_text = " ".join(CliRunner().invoke(app, ["ingest", "--help"]).output.split())
    assert "date=KEY:epoch" in help_text and "YYYYMMDD" in help_text


# -- properties of the date parser ----------------------------------------------------------

DAYS = st.dates(min_value=date(1800, 1, 1), max_value=date(2199, 12, 31))
JSON = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
                    lambda c: st.lists(c, max_size=3) | st.dictionaries(st.text(), c, max_size=3),
                    max_leaves=6)


@FAST
@given(value=JSON, unit=st.sampled_from([None, "epoch", "epoch-ms"]))
def test_any_value_is_a_valid_date_or_a_field_error(value: object, unit: str | None) -> None:
    try:
        text, granularity = read_date(value, unit)
    except FieldError as exc:
        assert str(exc)
        return
    fmt = {"day": "%Y-%m-%d", "month": "%Y-%m", "year": "%Y"}[granularity]
    assert datetime.strptime(text, fmt).strftime(fmt) == text  # a real calendar date


@FAST
@given(day=DAYS)
def test_a_day_reads_back_in_every_form(day: date) -> None:
    iso = day.isoformat()
    assert read_date(iso) == (iso, "day")
    assert read_date(day.strftime("%Y%m%d")) == (iso, "day")
    assert read_date(int(day.strftime("%Y%m%d"))) == (iso, "day")
    assert read_date(int(day.strftime("%Y%m%d")), "epoch") == (iso, "day")  # YYYYMMDD first


@FAST
@given(moment=st.datetimes(min_value=EPOCH_RANGE[0].replace(tzinfo=None),
                           max_value=EPOCH_RANGE[1].replace(tzinfo=None) - timedelta(days=1)))
def test_declared_unix_time_in_range_is_its_utc_day(moment: datetime) -> None:
    seconds = int(moment.replace(tzinfo=UTC).timestamp())
    expected = datetime.fromtimestamp(seconds, UTC).date().isoformat()
    assert read_date(seconds, "epoch") == (expected, "day")
    assert read_date(seconds * 1000, "epoch-ms") == (expected, "day")
    with pytest.raises(FieldError, match="declare it"):
        read_date(seconds)  # never Unix time unless declared


@FAST
@given(number=st.integers(min_value=-10**12, max_value=10**12))
def test_an_undeclared_number_is_a_day_only_as_yyyymmdd(number: int) -> None:
    try:
        text, granularity = read_date(number)
    except FieldError:
        return
    assert granularity == "day" and text.replace("-", "") == str(number)


@FAST
@given(year=st.integers(1800, 2199), month=st.integers(1, 12), day=st.integers(29, 31))
def test_impossible_days_are_refused(year: int, month: int, day: int) -> None:
    value = f"{year:04d}-{month:02d}-{day:02d}"
    try:
        date(year, month, day)
    except ValueError:
        with pytest.raises(FieldError, match="not a calendar date"):
            read_date(value)
        with pytest.raises(FieldError):
            read_date(int(value.replace("-", "")))
    else:
        assert read_date(value) == (value, "day")


@FAST
@given(record=st.dictionaries(st.sampled_from(["text", "html", "title", "date", "author",
                                               "url", "source", "language"]), JSON))
def test_a_line_is_an_article_only_with_string_text(record: dict[str, object]) -> None:
    result = line(record)
    if isinstance(result, IngestError):
        return
    text, html = record.get("text"), record.get("html")
    assert (isinstance(text, str) and text.strip()) or (isinstance(html, str) and html.strip())
    for value in (result.title, result.outlet, result.byline, result.language, result.source.url):
        assert value is None or isinstance(value, str)
