"""Commands about articles: ingest, ls, show, export."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table

from dateline.cli.app import (
    DEFAULT_DB,
    DbOption,
    JsonOption,
    app,
    console,
    err_console,
    fail,
    open_db,
    print_json,
    resolve_article_id,
)
from dateline.ingest import IngestReport, ReadOptions, ingest
from dateline.ingest.jsonl import parse_field_options
from dateline.model import Article, to_dict

EXIT_PARTIAL = 3


def report_errors(report: IngestReport) -> None:
    for warning in report.warnings:
        detail = f" ({warning.detail})" if warning.detail else ""
        err_console.print(f"[yellow]warning[/yellow] {warning.path}: {warning.reason}{detail}",
                          highlight=False)
    for error in report.errors:
        detail = f" ({error.detail})" if error.detail else ""
        err_console.print(f"[yellow]skipped[/yellow] {error.path}: {error.reason}{detail}")


FieldOption = Annotated[list[str] | None, typer.Option(
    "--field", metavar="NAME=KEY",
    help="JSONL: the key holding a field, e.g. --field text=body --field date=published_at "
         "(fields: text, html, title, url, date, outlet, byline, language; a.b for nested "
         "keys; date=KEY:epoch or KEY:epoch-ms reads numbers as Unix time). Common names "
         "are guessed when not given.")]


@app.command("ingest")
def ingest_command(
    paths: Annotated[list[str], typer.Argument(help="Files, folders, globs, or - for stdin.")],
    db: DbOption = DEFAULT_DB,
    field: FieldOption = None,
    stdin_format: Annotated[str, typer.Option(
        "--stdin-format",
        help="What - (stdin) carries: text (one article), jsonl, html, feed, warc, or auto.",
    )] = "text",
    workers: Annotated[int, typer.Option(
        "--workers", min=1, help="Processes that clean and extract (same results, in order).",
    )] = 1,
    json_out: Annotated[bool, typer.Option(
        "--json", help="Also print the counts, skipped inputs and new ids as JSON.")] = False,
) -> None:
    """Read articles (text, HTML, JSONL, RSS/Atom, WARC) into the store.

    Re-ingesting the same input adds nothing. Inputs that cannot be read are reported with
    their reason and the rest goes on; the exit code is then 3 (partial failure).

    In a folder, each file is read by its extension or, for any other extension (a page saved
    as story.net), by its content. Hidden files, README.md and files of other kinds (.png,
    .pdf, .py, .db...) are not read, each said in a warning.

    JSONL fields are typed strictly. A text that is not a string (a number, a list) makes the
    line an error. A title, url, outlet or language that is not a string is left out with a
    warning (path:line). Dates are read as ISO 8601, YYYYMMDD (also the number 20170610) or
    RFC 822. A number is Unix time only when declared (--field date=KEY:epoch, or
    KEY:epoch-ms) and between 1980 and 2099. Any other date (1999-02-30, an undeclared
    1497052800) is left out with a warning.
    """
    try:
        options = ReadOptions(fields=parse_field_options(field), stdin_format=stdin_format)
    except ValueError as exc:
        raise fail(str(exc), code=2) from None
    store = open_db(db)
    with Progress(SpinnerColumn(), TextColumn("{task.description}"), TimeElapsedColumn(),
                  console=err_console, transient=True) as progress:
        task = progress.add_task("ingesting", total=None)

        def show(report: IngestReport) -> None:
            progress.update(task, description=f"{report.read} read, {report.added} new, "
                                              f"{len(report.errors)} skipped")

        report = ingest(store, paths, on_progress=show, options=options, workers=workers)
    report_errors(report)
    err_console.print(f"{report.read} articles read: {report.added} new, {report.known} already "
                      f"stored, {len(report.errors)} inputs skipped. Store: {db}")
    if json_out:
        print_json(report)
    if report.partial:
        raise typer.Exit(EXIT_PARTIAL)


def _date_cell(article: Article) -> str:
    if not article.published:
        return "unknown"
    return f"{article.published.value} ({article.published.source})"


@app.command("ls")
def ls_command(db: DbOption = DEFAULT_DB, json_out: JsonOption = False) -> None:
    """List the stored articles with their metadata."""
    store = open_db(db)
    articles = list(store.iter_articles())
    if json_out:
        print_json([_summary(a) for a in articles])
        return
    table = Table(title=f"{len(articles)} articles in {db}")
    for column in ("id", "published", "outlet/agency", "dateline", "title", "words"):
        table.add_column(column)
    for a in articles:
        table.add_row(a.id[:8], _date_cell(a), a.outlet or a.agency or "", a.dateline or "",
                      (a.title or a.paragraphs[0])[:70], str(len(a.text.split())))
    console.print(table)


def _summary(article: Article) -> dict:
    data = to_dict(article)
    data.pop("paragraphs")
    data.pop("removed")
    data["words"] = len(article.text.split())
    return data


@app.command("show")
def show_command(
    article: Annotated[str, typer.Argument(help="An article id or its first characters.")],
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
    removed: Annotated[bool, typer.Option(help="Also print what cleaning removed.")] = False,
) -> None:
    """Show one article: metadata, date evidence, clean text (and removed boilerplate)."""
    store = open_db(db)
    record = store.get_article(resolve_article_id(store, article))
    assert record is not None
    if json_out:
        data = to_dict(record)
        data["sources"] = to_dict(store.sources(record.id))
        print_json(data)
        return
    console.rule(record.title or "(no title)")
    for label, value in (("id", record.id), ("outlet", record.outlet), ("agency", record.agency),
                         ("byline", record.byline), ("dateline", record.dateline),
                         ("published", _date_cell(record))):
        console.print(f"[bold]{label}:[/bold] {value or 'unknown'}", highlight=False)
    for ev in record.date_evidence:
        console.print(f"  date evidence: {ev.value} from {ev.source} "
                      f"({ev.detail!r}, confidence {ev.confidence:.2f})", highlight=False)
    for source in store.sources(record.id):
        console.print(f"[bold]source:[/bold] {source.path or source.url} ({source.format})",
                      highlight=False)
    console.print()
    for paragraph in record.paragraphs:
        console.print(paragraph, highlight=False)
        console.print()
    if removed:
        console.rule("removed by cleaning")
        for item in record.removed:
            console.print(f"[dim]{item.reason}:[/dim] {item.text}", highlight=False)


@app.command("export")
def export_command(
    db: DbOption = DEFAULT_DB,
    format: Annotated[str, typer.Option("--format", "-f", help="Only jsonl for now.")] = "jsonl",
) -> None:
    """Write every stored article as one JSON object per line on stdout."""
    if format != "jsonl":
        raise fail(f"unknown format {format!r}; use jsonl")
    store = open_db(db)
    for article in store.iter_articles():
        sys.stdout.write(json.dumps(to_dict(article), ensure_ascii=False) + "\n")
