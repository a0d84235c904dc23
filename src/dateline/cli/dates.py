"""``dateline dates ID``: every time expression of an article, its value and the rule behind it."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Annotated

import typer
from rich.table import Table

from dateline.cli.app import (
    DEFAULT_DB,
    DbOption,
    JsonOption,
    app,
    console,
    fail,
    open_db,
    print_json,
    resolve_article_id,
)
from dateline.model import DateEvidence, Sentence
from dateline.report.outputs import ArticleDates
from dateline.time import date_evidence, date_sentences, publication_date


def _evidence(ev: DateEvidence | None) -> str:
    if ev is None:
        return "unknown"
    detail = f", {ev.detail!r}" if ev.detail else ""
    return f"{ev.value} ({ev.source}{detail}, confidence {ev.confidence:.2f})"


@app.command("dates")
def dates_command(
    article: Annotated[str, typer.Argument(help="An article id or its first characters.")],
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
    anchor: Annotated[str | None, typer.Option(
        help="Resolve against this publication date (YYYY-MM-DD) instead of the article's.",
    )] = None,
    all_sentences: Annotated[bool, typer.Option(
        "--all", help="Also list sentences without a time expression.")] = False,
) -> None:
    """Show each time expression of an article with its value and why, sentence by sentence.

    Relative expressions ("on Monday", "in June", "last week") are resolved against the
    publication date; without one they stay unresolved (XXXX-06, XXXX-WXX-1).
    """
    store = open_db(db)
    record = store.get_article(resolve_article_id(store, article))
    assert record is not None
    if anchor is not None:
        try:
            dt.date.fromisoformat(anchor)
        except ValueError:
            raise fail(f"--anchor {anchor!r} is not a date like 2017-10-16") from None
        given = DateEvidence(anchor, "day", "cli", "--anchor", 1.0)
        record = dataclasses.replace(record, published=given)
    published = publication_date(record)
    sentences = date_sentences(record)
    if json_out:
        print_json(ArticleDates(record.id, published, tuple(date_evidence(record)),
                                tuple(sentences)))
        return
    console.print(f"[bold]published:[/bold] {_evidence(published)}", highlight=False)
    for ev in date_evidence(record):
        console.print(f"  evidence: {_evidence(ev)}", highlight=False)
    table = Table(show_lines=True)
    for column in ("#", "sentence", "expression", "value", "rule", "event date"):
        table.add_column(column, overflow="fold")
    for sentence in sentences:
        if sentence.times or all_sentences:
            _add_rows(table, sentence)
    console.print(table)


def _add_rows(table: Table, sentence: Sentence) -> None:
    exprs = sentence.times or ()
    event = _evidence(sentence.event_date)
    text = sentence.text if len(sentence.text) <= 160 else sentence.text[:157] + "..."
    if not exprs:
        table.add_row(str(sentence.index), text, "", "", "", event)
        return
    for i, expr in enumerate(exprs):
        value = expr.value + (f" [{expr.modifier}]" if expr.modifier else "")
        value += f" ({expr.granularity or expr.type.lower()})"
        table.add_row(str(sentence.index) if i == 0 else "", text if i == 0 else "",
                      expr.text, value, expr.rule, event if i == 0 else "")
