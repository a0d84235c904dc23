"""Bidi controls from articles are isolated (HTML: inside <bdi>) or removed (Markdown, the
terminal): an outlet named "Daily\\u202eTAERG" cannot turn a date/id line around (issue 24)."""

from __future__ import annotations

import re
from pathlib import Path

from report_bidi import OUTLET, bidi_store
from typer.testing import CliRunner

from dateline.cli import app
from dateline.report.bidi import bdi, plain
from dateline.report.html import render_html
from dateline.report.markdown import report_markdown
from dateline.report.results import load_build
from dateline.store import SQLiteStore


def assert_isolated(html: str) -> None:
    """Every occurrence of the outlet is a whole <bdi> element."""
    assert OUTLET in html
    assert html.count(OUTLET) == html.count(f"<bdi>{OUTLET}</bdi>"), [
        html[max(0, m.start() - 60):m.end() + 20] for m in re.finditer(OUTLET, html)
        if html[m.start() - 5:m.start()] != "<bdi>"]


def test_report_html_isolates_the_outlet(tmp_path: Path) -> None:
    ids = bidi_store(tmp_path / "bidi.db")
    html = render_html(load_build(SQLiteStore(tmp_path / "bidi.db")))
    assert_isolated(html)
    # the article's date and id line: outlet, byline, date, id, in that order
    assert (f'<p class="meta"><bdi>{OUTLET}</bdi> · <bdi>Ann Lee</bdi> · published '
            f"2017-06-10 (jsonl: “<bdi>date: 2017-06-10</bdi>”) · id <code>{ids[OUTLET]}"
            "</code></p>") in html
    cites = re.findall(r'<a class="cite"[^>]*>(.*?)</a>', html)
    assert cites[:3] == [f"<bdi>{OUTLET}</bdi>", "<bdi>Second Paper</bdi>",
                         "<bdi>Third Paper</bdi>"]


def test_markdown_and_terminal_drop_the_controls(tmp_path: Path) -> None:
    ids = bidi_store(tmp_path / "bidi.db")
    markdown = report_markdown(load_build(SQLiteStore(tmp_path / "bidi.db")))
    assert "\u202e" not in markdown and "DailyTAERG `" in markdown
    runner = CliRunner()
    for command in (["ls"], ["show", ids[OUTLET]]):
        result = runner.invoke(app, [*command, "--db", str(tmp_path / "bidi.db")])
        assert result.exit_code == 0, (command, result.output)
        assert "\u202e" not in result.output and "DailyTAERG" in result.output, command


def test_bdi_and_plain() -> None:
    assert bdi("a<b\u202e") == "<bdi>a&lt;b\u202e</bdi>" and bdi(None) == bdi("") == ""
    assert plain("x\u202ey\u2066z\u200f\x1b[31m\x07\tw\n") == "xyz[31m\tw\n"
    assert plain("Ünïcode العربية") == "Ünïcode العربية"


def test_terminal_prints_bracketed_metadata_as_text(tmp_path: Path) -> None:
    dump = tmp_path / "d.jsonl"
    dump.write_text('{"text": "The old bridge in the town centre was closed on Saturday.", '
                    '"source": "[/] Daily", "title": "[/bold] Bridge"}\n', encoding="utf-8")
    db = str(tmp_path / "m.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(dump), "--db", db]).exit_code == 0
    listed = runner.invoke(app, ["ls", "--db", db])
    assert listed.exit_code == 0 and "[/] Daily" in listed.output, listed.output
    (article,) = SQLiteStore(db).iter_articles()
    shown = runner.invoke(app, ["show", article.id, "--db", db])
    assert shown.exit_code == 0 and "[/bold] Bridge" in shown.output, shown.output
