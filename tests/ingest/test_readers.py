"""Each reader on real-looking files built from the Raqqa corpus (tests/fixtures)."""

from __future__ import annotations

import gzip
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dateline.ingest import ReadOptions, read_inputs, to_article
from dateline.ingest.files import sniff
from dateline.ingest.html import extract_html, html_to_text
from dateline.ingest.pipeline import read_path
from dateline.ingest.raw import RawDocument
from dateline.model import Article, IngestError, IngestWarning

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"


def articles(path: Path, options: ReadOptions | None = None) -> list[Article | IngestError]:
    return [item if isinstance(item, IngestError) else to_article(item)
            for item in read_path(path, options)]


def only_articles(items: list[Article | IngestError]) -> list[Article]:
    assert all(isinstance(item, Article) for item in items), items
    return [item for item in items if isinstance(item, Article)]


# -- HTML ----------------------------------------------------------------------------------------


PHRASES_003 = (
    "US-backed forces have penetrated the heavily fortified heart of extremist bastion Raqqa",
    "Coalition officials said a few hundred diehard extremists were making a desperate last stand",
    "we will announce the complete liberation of the Old City",
    "now on their last legs in their two most emblematic strongholds",
)


def test_html_page_keeps_the_story_and_drops_the_site() -> None:
    (article,) = only_articles(articles(FIXTURES / "raqqa_003.html"))
    text = article.text
    for phrase in PHRASES_003:
        assert phrase in text
    for junk in ("Add new comment", "This question is for testing", "Solve this simple math",
                 "Get top stories", "Privacy policy", "Related Articles",
                 "UN warns of civilians trapped", "Subscribe"):
        assert junk not in text, junk


def test_html_page_metadata_comes_from_its_markup() -> None:
    (article,) = only_articles(articles(FIXTURES / "raqqa_003.html"))
    assert article.title == "US-backed forces breach Daesh defences in heart of Syria’s Raqqa"
    assert article.outlet == "The Example Times"
    assert article.source.format == "html"
    assert article.source.url and article.source.url.endswith("breach-daesh-defences")
    assert article.published is not None
    assert (article.published.value, article.published.source) == ("2017-07-04", "html-meta")
    assert "article:published_time" in article.published.detail


def test_html_date_only_in_the_url_is_labelled_url() -> None:
    (article,) = only_articles(articles(FIXTURES / "raqqa_004_urldate.html"))
    assert article.published is not None
    assert (article.published.value, article.published.source) == ("2017-06-07", "url")


def test_html_page_without_a_date_has_no_date() -> None:
    """No guess from today or the file time: unknown stays None."""
    (article,) = only_articles(articles(FIXTURES / "raqqa_nodate.html"))
    assert article.published is None
    assert "On the ground in Raqqa" in (article.title or "")


def test_site_name_leaves_the_title() -> None:
    page = ("<html><head><title>Losing face: masks stolen | The Example Times</title>"
            "<meta property='og:site_name' content='The Example Times'></head><body><article>"
            + "<p>A hospital in Kobe lost six thousand surgical masks, officials said.</p>" * 8
            + "</article></body></html>")
    extracted = extract_html(page)
    assert (extracted.title, extracted.sitename) == ("Losing face: masks stolen",
                                                     "The Example Times")


def test_html_to_text_and_extract_agree() -> None:
    html = (FIXTURES / "raqqa_003.html").read_text("utf-8")
    assert html_to_text(html) == extract_html(html).text
    assert extract_html("<html><body></body></html>").text is None


def test_raw_document_with_html_is_extracted_inside_to_article() -> None:
    """A RawDocument carrying html (from a WARC, a feed, a JSONL dump) goes one path."""
    html = (FIXTURES / "raqqa_003.html").read_text("utf-8")
    from dateline.model import Source

    raw = RawDocument(source=Source(path="x", format="jsonl", line=1), html=html,
                      title="Container title")
    article = to_article(raw)
    assert isinstance(article, Article)
    assert article.title == "Container title"  # what the container says wins
    assert article.published is not None and article.published.source == "html-meta"
    assert all(phrase in article.text for phrase in PHRASES_003)


# -- JSONL ---------------------------------------------------------------------------------------


def test_jsonl_with_a_field_mapping() -> None:
    options = ReadOptions(fields={"outlet": "meta.site"})
    found = only_articles(articles(FIXTURES / "raqqa_custom.jsonl", options))
    assert len(found) == 5
    assert [a.source.line for a in found] == [1, 2, 3, 4, 5]
    first = found[0]
    assert first.outlet == "Example News"  # nested key through the mapping
    assert first.title == "Raqqa: US-backed militias close in on last Daesh pocket"
    assert first.source.url == "https://news.example.com/raqqa/000"
    assert first.published is not None
    # the publisher's local day is kept, not the UTC day
    assert (first.published.value, first.published.source) == ("2017-10-16", "jsonl")
    assert "published_at" in first.published.detail


def test_jsonl_default_names_and_gzip(tmp_path: Path) -> None:
    rows = [{"content": "BEIRUT — First report.\n\nSecond paragraph.", "headline": "One",
             "date_publish": "2017-07-04 10:00:00", "source_domain": "example.com"},
            {"maintext": "Another story, told in one paragraph.", "published": 1499162400}]
    path = tmp_path / "dump.jsonl.gz"
    with gzip.open(path, "wt", encoding="utf-8") as out:
        for row in rows:
            out.write(json.dumps(row) + "\n")
    one, two = only_articles(articles(path))
    assert (one.title, one.outlet) == ("One", "example.com")
    assert one.published is not None and one.published.value == "2017-07-04"
    assert two.published is None  # a number is Unix time only when declared so
    declared = ReadOptions(fields={"date": "published:epoch"})
    _, two = only_articles(articles(path, declared))
    assert two.published is not None and two.published.value == "2017-07-04"


def test_jsonl_html_field_goes_through_extraction(tmp_path: Path) -> None:
    html = (FIXTURES / "raqqa_003.html").read_text("utf-8")
    path = tmp_path / "pages.ndjson"
    path.write_text(json.dumps({"url": "https://x.example/a", "html": html}) + "\n")
    (article,) = only_articles(articles(path))
    assert PHRASES_003[0] in article.text and "Add new comment" not in article.text


def test_jsonl_reader_streams(tmp_path: Path) -> None:
    """Lines come one at a time: the first document is there before the file is read."""
    path = tmp_path / "big.jsonl"
    with path.open("w") as out:
        for n in range(2000):
            out.write(json.dumps({"text": f"Story number {n} about Raqqa."}) + "\n")
    stream = read_path(path)
    first = next(stream)
    assert isinstance(first, RawDocument) and first.source.line == 1
    assert sum(1 for _ in stream) == 1999


# -- feeds ---------------------------------------------------------------------------------------


def test_rss_entries(raqqa_articles: dict[str, Article]) -> None:
    found = only_articles(articles(FIXTURES / "raqqa.rss"))
    assert len(found) == 3
    first = found[0]
    assert first.outlet == "Example Regional News - Middle East"
    assert first.title == "Raqqa: US-backed militias close in on last Daesh pocket"
    assert first.byline == "Staff and agencies"
    assert first.source.url == "https://www.example-regional.com/syria/raqqa-last-pocket"
    assert first.source.format == "feed" and first.source.line == 1
    assert first.source.feed == "https://www.example-regional.com/middle-east/rss"  # rel=self
    assert first.published is not None
    assert (first.published.value, first.published.source) == ("2017-10-16", "feed")
    # content:encoded paragraphs became paragraphs, no markup left
    assert "<p>" not in first.text and len(first.paragraphs) > 10
    # the Reuters reprint read from the feed is the same article as the plain-text file
    assert found[1].id == raqqa_articles["001"].id
    # local day of a -0400 timestamp late in the evening stays that day
    assert found[2].published is not None and found[2].published.value == "2017-06-07"


def test_atom_entries_content_or_summary() -> None:
    feature, dispatch = only_articles(articles(FIXTURES / "raqqa.atom"))
    assert feature.byline == "Seth J. Frantzman"
    assert feature.published is not None and feature.published.value == "2017-06-24"
    assert "published" in feature.published.detail
    assert len(feature.paragraphs) > 10  # full content
    # only a summary and only <updated>: used, with lower confidence than <published>
    assert PHRASES_003[0] in dispatch.paragraphs[0]
    assert dispatch.published is not None and dispatch.published.value == "2017-07-04"
    assert dispatch.published.confidence < feature.published.confidence


# -- WARC ----------------------------------------------------------------------------------------


def test_warc_html_responses_only() -> None:
    found = only_articles(articles(FIXTURES / "raqqa.warc.gz"))
    urls = [a.source.url for a in found]
    assert urls == [
        "https://www.example-times.com/news/region/us-backed-forces-breach-daesh-defences",
        "https://www.example-wire.net/2017/06/07/us-backed-force-gains-ground-raqqa/",
        "https://dispatches.example.org/middle-east/on-the-ground-in-raqqa",
        "http://local.example.net/cafe-reopens",
    ]  # no request, redirect, image, 404 or metadata record
    for article in found:
        assert article.source.format == "warc"
        assert article.source.warc_record_id and article.source.warc_record_id.startswith("<urn")
        assert article.source.warc_offset is not None
    offsets = [a.source.warc_offset for a in found]
    assert offsets == sorted(offsets) and len(set(offsets)) == 4


def test_warc_offset_points_at_the_record() -> None:
    from warcio.archiveiterator import ArchiveIterator

    found = only_articles(articles(FIXTURES / "raqqa.warc.gz"))
    with (FIXTURES / "raqqa.warc.gz").open("rb") as stream:
        stream.seek(found[1].source.warc_offset or 0)
        record = next(iter(ArchiveIterator(stream)))
        assert record.rec_headers.get_header("WARC-Target-URI") == found[1].source.url


def test_warc_date_is_never_the_publication_date() -> None:
    found = only_articles(articles(FIXTURES / "raqqa.warc.gz"))
    by_url = {a.source.url: a for a in found}
    dated = by_url["https://www.example-times.com/news/region/us-backed-forces-breach-daesh-defences"]
    assert dated.published is not None and dated.published.value == "2017-07-04"
    assert by_url["https://dispatches.example.org/middle-east/on-the-ground-in-raqqa"].published \
        is None
    for article in found:
        assert all(not ev.value.startswith("2026") for ev in article.date_evidence)


def test_warc_charset_from_the_http_header() -> None:
    found = only_articles(articles(FIXTURES / "raqqa.warc.gz"))
    cafe = found[-1]
    assert "A café on the edge of the Old City" in cafe.text
    assert "«We cleaned the rubble ourselves,»" in cafe.text


# -- sniffing and stdin --------------------------------------------------------------------------


@pytest.mark.parametrize(("head", "expected"), [
    (b'<?xml version="1.0"?>\n<rss version="2.0">', "feed"),
    (b'<?xml version="1.0" encoding="utf-8"?>\n<!-- c -->\n<feed xmlns="x">', "feed"),
    (b"\xef\xbb\xbf<rss>", "feed"),
    (b"<!DOCTYPE html><html>", "html"),
    (b'<?xml version="1.0"?><html xmlns="http://www.w3.org/1999/xhtml">', "html"),
    (b"WARC/1.0\r\nWARC-Type: warcinfo", "warc"),
    (b'{"text": "a"}\n{"text": "b"}', "jsonl"),
    (b"BEIRUT - US-backed forces...", "text"),
    (b"{curly text that is no JSON}\n", "text"),
])
def test_sniff(head: bytes, expected: str) -> None:
    assert sniff(head) == expected


def test_txt_files_are_read_as_what_they_are(tmp_path: Path) -> None:
    feed = tmp_path / "feed.txt"
    shutil.copy(FIXTURES / "raqqa.rss", feed)
    packed = tmp_path / "page.txt"  # a gzipped HTML page under a misleading name
    packed.write_bytes(gzip.compress((FIXTURES / "raqqa_003.html").read_bytes()))
    formats = [a.source.format for a in only_articles(articles(feed) + articles(packed))]
    assert formats == ["feed", "feed", "feed", "html"]


def test_folder_walk_reads_every_format(tmp_path: Path) -> None:
    for name in ("raqqa_003.html", "raqqa.rss", "raqqa.warc.gz"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "skip.txt").write_text("not an article")
    (tmp_path / "make_corpus.py").write_text("print('not an article')")
    (tmp_path / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(100))
    warnings: list[IngestWarning] = []
    items = list(read_inputs([str(tmp_path)], on_warning=warnings.append))
    # what is not read is said, with its path and why
    notes = {(Path(w.path).name, w.detail) for w in warnings}
    assert notes == {(".hidden", "hidden folder"), ("make_corpus.py", ".py is not an article "
                     "format"), ("photo.jpg", ".jpg is not an article format")}
    formats = sorted({item.source.format for item in items if isinstance(item, RawDocument)})
    assert formats == ["feed", "html", "warc"]
    assert all(isinstance(item, RawDocument) for item in items)
    # a file named explicitly is read whatever its name
    (error,) = read_inputs([str(tmp_path / "photo.jpg")])
    assert isinstance(error, IngestError) and error.reason == "unknown encoding"


def test_globs_relative_and_absolute(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("raqqa.rss", "raqqa.atom", "raqqa_003.html"):
        shutil.copy(FIXTURES / name, tmp_path / name)
    absolute = [r for r in read_inputs([str(tmp_path / "raqqa.*")])]
    monkeypatch.chdir(tmp_path)
    relative = [r for r in read_inputs(["raqqa*.[ar]*"])]
    assert len(absolute) == len(relative) == 5
    assert all(isinstance(r, RawDocument) for r in absolute + relative)


def test_stdin_text_and_jsonl(monkeypatch: pytest.MonkeyPatch) -> None:
    text = (FIXTURES.parent.parent / "examples" / "raqqa").glob("001_*.txt")
    data = next(text).read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    (raw,) = list(read_inputs(["-"]))
    assert isinstance(raw, RawDocument) and raw.source.format == "stdin"
    assert raw.text and raw.text.startswith("US-backed militias")

    lines = (FIXTURES / "raqqa_custom.jsonl").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(lines)))
    found = list(read_inputs(["-"], ReadOptions(stdin_format="jsonl")))
    assert len(found) == 5
    assert all(isinstance(r, RawDocument) and r.source.format == "jsonl" for r in found)
    # stdin is no stable place: each line's content names its source, so sources stay distinct
    assert len({r.source.key() for r in found if isinstance(r, RawDocument)}) == 5


def test_stdin_gzip_from_a_pipe(tmp_path: Path) -> None:
    """A pipe cannot seek or tell; gzip on stdin is still read."""
    data = gzip.compress((FIXTURES / "raqqa_custom.jsonl").read_bytes())
    db = tmp_path / "pipe.db"
    command = [sys.executable, "-c", "from dateline.cli import app; app()", "ingest", "-",
               "--stdin-format", "jsonl", "--db", str(db)]
    done = subprocess.run(command, input=data, capture_output=True, timeout=120)
    assert done.returncode == 0, done.stderr.decode()
    from dateline.store import SQLiteStore

    assert SQLiteStore(db).count_articles() == 5


def test_stdin_auto_sniffs_a_feed(monkeypatch: pytest.MonkeyPatch) -> None:
    data = (FIXTURES / "raqqa.rss").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
    found = list(read_inputs(["-"], ReadOptions(stdin_format="auto")))
    assert [r.source.format for r in found if isinstance(r, RawDocument)] == ["feed"] * 3


def test_unknown_stdin_format_is_refused() -> None:
    with pytest.raises(ValueError, match="stdin format"):
        ReadOptions(stdin_format="pdf")
    with pytest.raises(ValueError, match="unknown field"):
        ReadOptions(fields={"headline": "title"})
