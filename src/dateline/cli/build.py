"""The main job: ``dateline build PATH...`` runs every stage and writes the reports."""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
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
)
from dateline.cli.articles import EXIT_PARTIAL, FieldOption, report_errors

if TYPE_CHECKING:
    from dateline.build import BuildRun

DatesOption = Annotated[int | None, typer.Option(
    "--dates", min=1, help="Dates per timeline (default: chosen from the evidence).")]
PerDateOption = Annotated[int | None, typer.Option(
    "--per-date", min=1, help="Sentences per timeline date (default: from the evidence).")]
SentencesOption = Annotated[int, typer.Option(
    "--sentences", min=1, help="Sentences in each story's overview.")]


@app.command("build")
def build_command(
    paths: Annotated[list[str] | None, typer.Argument(
        help="Files, folders, globs or - to ingest first; none: build on the store as it is.")
    ] = None,
    db: DbOption = DEFAULT_DB,
    out: Annotated[Path, typer.Option(
        "--out", "-o", help="Folder for report.html, report.md and build.json.")
    ] = Path("dateline-report"),
    dates: DatesOption = None,
    per_date: PerDateOption = None,
    sentences: SentencesOption = 5,
    refit: Annotated[bool, typer.Option(
        help="Recluster every story from scratch instead of adding new articles.")] = False,
    ner: Annotated[bool, typer.Option(
        "--ner/--no-ner",
        help="spaCy NER for entities and claims on each article's lead and number sentences, "
             "its names matched again in the rest; --no-ner uses the rule-based fallback "
             "everywhere (about 8x faster, much rougher entities and claims).")] = True,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", "-j", min=1,
        help="Processes for the per-article analysis (default: one per CPU core; 1 keeps "
             "everything in this process). Same result, less wall time on large corpora.")
    ] = None,
    field: FieldOption = None,
    json_out: JsonOption = False,
) -> None:
    """Run the whole pipeline: ingest, copies, dates, stories, entities, claims, timeline,
    summary. Writes a self-contained HTML report, a Markdown report and the JSON result into
    --out, and publishes the result in the store for `dateline serve`.

    Example: `dateline build examples/raqqa --db raqqa.db --out raqqa-report`
    """
    from dateline.build import BuildConfig, build
    from dateline.ingest import ReadOptions
    from dateline.ingest.jsonl import parse_field_options
    from dateline.report import render_html, report_markdown, result_to_dict

    try:
        options = ReadOptions(fields=parse_field_options(field))
    except ValueError as exc:
        raise fail(str(exc)) from None
    store = open_db(db)
    config = BuildConfig(timeline_dates=dates, per_date=per_date, summary_sentences=sentences,
                         use_model=ner, refit_stories=refit, jobs=jobs or os.cpu_count() or 1)
    with err_console.status("building") as status:
        run = build(store, paths or [], config, ingest_options=options,
                    progress=lambda stage: status.update(f"building: {stage}"))
    if run.ingest:
        report_errors(run.ingest)
    out.mkdir(parents=True, exist_ok=True)
    document = result_to_dict(run.result)
    (out / "build.json").write_text(json.dumps(document, ensure_ascii=False, indent=1))
    (out / "report.md").write_text(report_markdown(run.result))
    (out / "report.html").write_text(render_html(run.result))
    if json_out:
        print_json(document)
    else:
        _print_summary(run, out)
    for note in run.notes:
        err_console.print(f"[yellow]note:[/yellow] {note}")
    if run.ingest and run.ingest.partial:
        raise typer.Exit(EXIT_PARTIAL)


def _print_summary(run: BuildRun, out: Path) -> None:
    result = run.result
    table = Table(title=f"{len(result.stories)} stories from {len(result.articles)} articles")
    for column in ("story", "label", "articles", "first", "last", "timeline dates"):
        table.add_column(column)
    for item in result.stories:
        story = item.story
        table.add_row(story.id[:8], story.label[:60], str(len(story.article_ids)),
                      story.first_date or "", story.last_date or "", str(len(item.timeline)))
    console.print(table)
    for item in result.stories[:3]:
        console.rule(item.story.label[:80])
        for entry in item.timeline:
            for sentence in entry.sentences:
                console.print(f"[bold]{entry.date}[/bold] {sentence.text} "
                              f"[dim]({_count(len(sentence.citations), 'article')}, "
                              f"{sentence.independent} independent)[/dim]", highlight=False)
    timing = ", ".join(f"{stage} {seconds:.1f}s" for stage, seconds in run.seconds.items())
    err_console.print(f"stages: {timing}")
    err_console.print(f"reports: {out / 'report.html'}, {out / 'report.md'}, "
                      f"{out / 'build.json'}")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
