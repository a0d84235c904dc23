"""Bad input: each is reported with its path and reason, and the batch goes on."""

from __future__ import annotations

import gzip
import json
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.ingest import ingest, read_inputs
from dateline.ingest.files import MAX_RECORD_BYTES
from dateline.ingest.raw import RawDocument
from dateline.model import IngestError
from dateline.store import SQLiteStore

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
GOOD = FIXTURES / "raqqa_003.html"


def errors_of(*paths: Path | str) -> list[IngestError]:
    return [item for item in read_inputs([str(p) for p in paths])
            if isinstance(item, IngestError)]


def test_missing_path() -> None:
    (error,) = errors_of("/no/such/file.txt")
    assert (error.path, error.reason) == ("/no/such/file.txt", "not found")


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    path = tmp_path / "locked.txt"
    path.write_text("A story.")
    path.chmod(0)
    (error,) = errors_of(path)
    assert (error.path, error.reason) == (str(path), "unreadable")


def test_unreadable_file_any_user(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The same as above for root, who can read a file with no permissions."""
    path = tmp_path / "locked.html"
    path.write_text("<html></html>")
    original = Path.open

    def deny(self: Path, *args: object, **kwargs: object) -> object:
        if self == path:
            raise PermissionError(13, "Permission denied", str(self))
        return original(self, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(Path, "open", deny)
    (error,) = errors_of(path)
    assert (error.path, error.reason, error.detail) == (str(path), "unreadable",
                                                        "Permission denied")


def test_undecodable_bytes(tmp_path: Path) -> None:
    """A page's stray bytes are read, not refused (see test_charset.py); binary data is."""
    page = tmp_path / "latin.html"
    page.write_bytes(b"<html><body><p>Caf\xe9 \x80\x81 in Raqqa</p></body></html>")
    binary = tmp_path / "image.bin"
    binary.write_bytes(bytes(range(256)) * 4)
    errors = errors_of(page, binary)
    assert [(e.path, e.reason) for e in errors] == [(str(binary), "unknown encoding")]
    assert "byte" in errors[0].detail


def test_bad_jsonl_lines_are_reported_and_the_rest_goes_on(tmp_path: Path) -> None:
    path = tmp_path / "dump.jsonl"
    path.write_bytes(b'{"text": "The first story about Raqqa."}\n'
                     b'{"text": "broken\n'
                     b'[1, 2, 3]\n'
                     b'\n'
                     b'{"text": "caf\xe9"}\n'
                     b'{"title": "no body"}\n'
                     b'{"text": "The last story about Raqqa."}\n')
    items = list(read_inputs([str(path)]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [d.source.line for d in docs] == [1, 7]
    assert [(e.path, e.reason) for e in errors] == [
        (f"{path}:2", "bad JSON line"),
        (f"{path}:3", "bad JSON line"),
        (f"{path}:5", "unknown encoding"),
        (f"{path}:6", "empty article"),
    ]


def test_empty_articles(tmp_path: Path, store: SQLiteStore) -> None:
    empty = tmp_path / "empty.txt"
    empty.write_text("  \n\n ")
    page = tmp_path / "empty.html"
    page.write_text("<html><head><title>Nothing</title></head><body><script>load()</script>"
                    "<div class='app'></div></body></html>")
    report = ingest(store, [str(empty), str(page), str(GOOD)])
    assert report.added == 1
    assert [(e.path, e.reason) for e in report.errors] == [(str(empty), "empty article"),
                                                           (str(page), "empty article")]


def test_feed_that_is_an_html_page(tmp_path: Path) -> None:
    fake = tmp_path / "news.rss"
    shutil.copy(GOOD, fake)
    not_xml = tmp_path / "broken.xml"
    not_xml.write_text("<?xml version='1.0'?><catalog><book>Not news</book></catalog>")
    first, second = errors_of(fake, not_xml)
    assert (first.path, first.reason) == (str(fake), "not a feed (an HTML page)")
    assert (second.path, second.reason) == (str(not_xml), "not a feed")


def test_truncated_warc_keeps_the_records_before_the_break(tmp_path: Path) -> None:
    data = (FIXTURES / "raqqa.warc.gz").read_bytes()
    path = tmp_path / "cut.warc.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(read_inputs([str(path)]))
    docs = [i for i in items if isinstance(i, RawDocument)]
    assert len(docs) == 1 and docs[0].source.url is not None
    (error,) = items[len(docs):]
    assert isinstance(error, IngestError)
    assert error.reason.startswith("truncated")
    assert error.path.startswith(f"{path}@")
    assert "offset" in error.detail


def test_warc_cut_inside_a_header(tmp_path: Path) -> None:
    data = gzip.decompress((FIXTURES / "raqqa.warc.gz").read_bytes())
    second = data.index(b"WARC/1.0", data.index(b"WARC-Type: response"))  # after the 1st page
    path = tmp_path / "cut.warc"
    path.write_bytes(data[: second + 40])
    items = list(read_inputs([str(path)]))
    assert [type(i) for i in items] == [RawDocument, IngestError]
    assert isinstance(items[1], IngestError) and items[1].reason.startswith("truncated")
    assert items[1].path.startswith(f"{path}@")


def test_truncated_gzip_jsonl(tmp_path: Path) -> None:
    lines = "".join(json.dumps({"text": f"Story {n} about Raqqa."}) + "\n" for n in range(3000))
    data = gzip.compress(lines.encode())
    path = tmp_path / "cut.jsonl.gz"
    path.write_bytes(data[: len(data) // 2])
    items = list(read_inputs([str(path)]))
    assert all(isinstance(i, RawDocument) for i in items[:-1]) and len(items) > 100
    error = items[-1]
    assert isinstance(error, IngestError) and error.reason == "unreadable"
    assert error.path.startswith(f"{path}:")


def test_gzip_bomb_is_stopped(tmp_path: Path) -> None:
    # a megabyte of spaces per line: blank lines, so only the size cap can stop it
    line = b" " * (1 << 20) + b"\n"
    bomb = tmp_path / "bomb.jsonl.gz"
    with gzip.open(bomb, "wb", compresslevel=9) as out:
        for _ in range(MAX_RECORD_BYTES // len(line) + 10):
            out.write(line)
    assert bomb.stat().st_size < 1_000_000
    (error,) = errors_of(bomb)
    assert error.reason == "too large" and "gzip bomb" in error.detail
    assert error.path.startswith(str(bomb))


def test_oversized_warc_record_stops_the_file(monkeypatch: pytest.MonkeyPatch) -> None:
    from dateline.ingest import warc

    monkeypatch.setattr(warc, "MAX_RECORD_BYTES", 8000)  # the 003 page is 9.8 kB
    items = list(read_inputs([str(FIXTURES / "raqqa.warc.gz")]))
    (error,) = items
    assert isinstance(error, IngestError) and error.reason == "too large"
    assert error.path.startswith(str(FIXTURES / "raqqa.warc.gz@"))


def test_oversized_record(tmp_path: Path) -> None:
    page = tmp_path / "huge.html.gz"
    with gzip.open(page, "wb") as out:
        out.write(b"<html><body><p>")
        out.write(b"x" * (MAX_RECORD_BYTES + 10))
    (error,) = errors_of(page)
    assert (error.path, error.reason) == (str(page), "too large")


def test_cli_exits_3_on_partial_failure(tmp_path: Path) -> None:
    db = tmp_path / "cli.db"
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "A good line about Raqqa."}\nnot json\n')
    runner = CliRunner()
    result = runner.invoke(app, ["ingest", str(GOOD), str(bad), str(tmp_path / "missing.txt"),
                                 "--db", str(db)])
    assert result.exit_code == 3, result.output
    output = "".join(result.output.split())  # rich wraps long lines
    assert f"{bad}:2:badJSONline" in output
    assert "missing.txt:notfound" in output
    store = SQLiteStore(db)
    assert store.count_articles() == 2
    assert {e.reason for e in store.errors()} == {"bad JSON line", "not found"}


def test_cli_exits_0_when_all_is_read(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["ingest", str(GOOD), "--db", str(tmp_path / "ok.db")])
    assert result.exit_code == 0, result.output


def test_cli_field_option_and_stdin(tmp_path: Path) -> None:
    db = str(tmp_path / "stdin.db")
    runner = CliRunner()
    lines = '{"body": "A story read from stdin about Raqqa.", "published_at": "2017-10-17"}\n'
    result = runner.invoke(app, ["ingest", "-", "--stdin-format", "jsonl", "--field",
                                 "text=body", "--field", "date=published_at", "--db", db],
                           input=lines)
    assert result.exit_code == 0, result.output
    (article,) = SQLiteStore(db).iter_articles()
    assert article.published is not None
    assert (article.published.value, article.published.source) == ("2017-10-17", "jsonl")
    bad = runner.invoke(app, ["ingest", "-", "--field", "body", "--db", db], input="x")
    assert bad.exit_code == 2 and "NAME=KEY" in bad.output


def test_feed_with_a_character_reference_past_unicode(tmp_path: Path) -> None:
    """feedparser raised ValueError on "&#x110000;" and stopped the whole ingest (found by
    bench/fuzz.py); now the feed is reported and the batch goes on."""
    feed = tmp_path / "bad.rss"
    feed.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item>'
                    "<title>Raqqa &#x110000;</title><description>Fighting.</description>"
                    "</item></channel></rss>")
    shutil.copy(GOOD, tmp_path / "good.html")
    items = list(read_inputs([str(tmp_path)]))
    errors = [i for i in items if isinstance(i, IngestError)]
    assert [(e.path, e.reason) for e in errors] == [(str(feed), "not a feed")]
    assert any(isinstance(i, RawDocument) for i in items)
