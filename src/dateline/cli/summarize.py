"""Commands of the timeline and summary stage: ``timeline STORY``, ``summary STORY`` and
``sources STORY``, each rendering what the last build published for the story (``--json``:
exactly the story's record in ``build.json``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Annotated

import typer
from rich.table import Table

from dateline.cli.app import DEFAULT_DB, DbOption, JsonOption, app, console, fail, print_json
from dateline.cli.published import RebuildOption, StoryArgument, published, story_result
from dateline.model import CitedSentence, TimelineEntry
from dateline.report.views import date_ordinal

_REMADE = (" Changes what is computed: the story's products are made again with it through "
           "the build's story step and published (the report and web UI then show the same).")


def _cites(item: CitedSentence) -> str:
    names = [f"{c.outlet or c.article_id[:8]}{'' if c.exact else '~'}" for c in item.citations]
    return f"{', '.join(names)} ({item.independent} independent)"


def _given(**options: int | None) -> dict[str, int]:
    """The options the user gave (the settings they change)."""
    return {name: value for name, value in options.items() if value is not None}


def _day(value: str | None, option: str) -> int | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value).toordinal()
    except ValueError:
        raise fail(f"{option} wants a day as YYYY-MM-DD, got {value!r}") from None


def _within(timeline: tuple[TimelineEntry, ...], since: int | None, until: int | None
            ) -> list[TimelineEntry]:
    """The entries whose date (its first day) is in the range; all when there is none."""
    if since is None and until is None:
        return list(timeline)
    kept = []
    for entry in timeline:
        day = date_ordinal(entry.date)
        if day is not None and (since is None or day >= since) and \
                (until is None or day <= until):
            kept.append(entry)
    return kept


@app.command("timeline")
def timeline_command(
    story_id: StoryArgument,
    dates: Annotated[int | None, typer.Option(
        "--dates", min=1, help="How many dates (default: the build's, chosen from the "
        "evidence)." + _REMADE)] = None,
    per_date: Annotated[int | None, typer.Option(
        "--per-date", min=1, help="Sentences per date (default: the build's, 1 or 2 for busy "
        "dates)." + _REMADE)] = None,
    since: Annotated[str | None, typer.Option(
        "--from", help="Show only the published entries from this day on, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option(
        "--to", help="Show only the published entries up to this day, YYYY-MM-DD.")] = None,
    rebuild: RebuildOption = False,
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """The story's key dates as the last build published them, each with what happened and
    every article that reports it (``~`` marks a paraphrase; copies of one report count
    once). --from/--to only filter what is shown."""
    first, last = _day(since, "--from"), _day(until, "--to")
    changes = _given(timeline_dates=dates, per_date=per_date)
    store, results = published(db, rebuild, **changes)
    result = story_result(store, results, story_id, **({} if rebuild else changes))
    timeline = _within(result.timeline, first, last)
    if json_out:
        print_json(timeline)
        return
    table = Table(title=f"{result.story.label} ({result.story.id})")
    for column in ("date", "what happened", "reported by"):
        table.add_column(column)
    for entry in timeline:
        for i, item in enumerate(entry.sentences):
            table.add_row(entry.date if i == 0 else "", item.text, _cites(item))
    console.print(table)


@app.command("summary")
def summary_command(
    story_id: StoryArgument,
    sentences: Annotated[int | None, typer.Option(
        "--sentences", min=1, help="Length in sentences (default: the build's, 5)." + _REMADE)
    ] = None,
    words: Annotated[int | None, typer.Option(
        "--words", min=10, help="Length in words instead of sentences." + _REMADE)] = None,
    llm_url: Annotated[str | None, typer.Option(
        "--llm-url", help="Rewrite the published overview through a local OpenAI-compatible "
        "server (e.g. http://127.0.0.1:8080/v1); each sentence is checked against its "
        "sources. Shown only, not published.")] = None,
    llm_model: Annotated[str, typer.Option("--llm-model", help="Model name for --llm-url.")
                         ] = "local",
    rebuild: RebuildOption = False,
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """The story's overview as the last build published it: a few of its own sentences,
    each with every article that reports it."""
    from dateline.summarize import Endpoint, rewrite_summary

    changes = _given(summary_words=words)
    if sentences is not None:  # sentences instead of the words an earlier --words set
        changes.update(summary_sentences=sentences, summary_words=words)
    store, results = published(db, rebuild, **changes)
    result = story_result(store, results, story_id, **({} if rebuild else changes))
    summary = list(result.summary)
    if llm_url:
        try:
            summary = rewrite_summary(summary, Endpoint(llm_url, llm_model))
        except (ValueError, OSError) as error:
            raise fail(f"{llm_url}: {error}") from error
    if json_out:
        print_json(summary)
        return
    console.print(f"[bold]{result.story.label}[/bold]  ({result.story.id})")
    for item in summary:
        console.print(f"- {item.text}  [dim]{_cites(item)}[/dim]")


@app.command("sources")
def sources_command(
    story_id: StoryArgument,
    per_outlet: Annotated[int | None, typer.Option(
        "--per-outlet", min=1, help="Show at most this many of the outlet-only facts the "
        "build published per outlet (default: all it kept).")] = None,
    rebuild: RebuildOption = False,
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """How the outlets report the story, as the last build published it: what only one
    reports, and how they word the same fact differently ("Daesh" / "Islamic State")."""
    store, results = published(db, rebuild)
    result = story_result(store, results, story_id)
    comparison = result.comparison
    if comparison is not None and per_outlet is not None:
        comparison = replace(comparison, unique=tuple(
            replace(item, sentences=item.sentences[:per_outlet]) for item in comparison.unique))
    if comparison is None:  # build.json holds null: a story too large to align
        raise fail(f"the build made no per-source comparison of story {result.story.id} "
                   f"({len(result.story.article_ids)} articles, too many to align)")
    if json_out:
        print_json(comparison)  # the record the build document holds
        return
    console.print(f"[bold]{result.story.label}[/bold]  ({result.story.id})")
    table = Table(title="Wording of the same facts")
    for column in ("outlet", "writes", "outlet", "writes", "times"):
        table.add_column(column)
    for w in comparison.wordings:
        table.add_row(w.outlet, w.words, w.other_outlet, w.other_words, str(w.count))
    console.print(table)
    for item in comparison.unique:
        if item.sentences:
            console.print(f"\n[bold]Only {item.outlet}[/bold]")
            for sentence in item.sentences:
                console.print(f"- {sentence.text}")
