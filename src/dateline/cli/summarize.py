"""Commands of the timeline and summary stage: ``timeline STORY``, ``summary STORY`` and
``sources STORY``, each on a stored story (run ``dateline stories`` first)."""

from __future__ import annotations

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
)
from dateline.model import AnalyzedArticle, CitedSentence, CopyLink, Story
from dateline.store import SQLiteStore


def _story_articles(store: SQLiteStore, prefix: str
                    ) -> tuple[Story, list[AnalyzedArticle], list[CopyLink]]:
    """The story, its articles with dated sentences, and the copy links among the store."""
    from dateline.cli.stories import _resolve, _saved_stories
    from dateline.copies.refresh import refresh
    from dateline.time import date_sentences

    story = _resolve(_saved_stories(store), prefix)
    articles = [a for a in (store.get_article(i) for i in story.article_ids) if a is not None]
    if not articles:
        raise fail(f"story {story.id} has no stored articles")
    analyzed = [AnalyzedArticle(a, date_sentences(a)) for a in articles]
    links = refresh(store).links_
    return story, analyzed, links


def _cites(item: CitedSentence) -> str:
    names = [f"{c.outlet or c.article_id[:8]}{'' if c.exact else '~'}" for c in item.citations]
    return f"{', '.join(names)} ({item.independent} independent)"


@app.command("timeline")
def timeline_command(
    story_id: Annotated[str, typer.Argument(help="A story id or its first characters.")],
    dates: Annotated[int | None, typer.Option(
        "--dates", min=1, help="How many dates (default: chosen from the evidence).")] = None,
    per_date: Annotated[int | None, typer.Option(
        "--per-date", min=1, help="Sentences per date (default: 1, or 2 for busy dates).")
    ] = None,
    since: Annotated[str | None, typer.Option("--from", help="First day, YYYY-MM-DD.")] = None,
    until: Annotated[str | None, typer.Option("--to", help="Last day, YYYY-MM-DD.")] = None,
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """The story's key dates, each with what happened and every article that reports it
    (``~`` marks a paraphrase; copies of one report count once)."""
    from dateline.summarize import build_timeline

    store = open_db(db)
    story, analyzed, links = _story_articles(store, story_id)
    date_range = (since or "0000-01-01", until or "9999-12-31") if since or until else None
    timeline = build_timeline(analyzed, copy_groups=links, n_dates=dates, per_date=per_date,
                              date_range=date_range)
    if json_out:
        print_json(timeline)
        return
    table = Table(title=f"{story.label} ({story.id})")
    for column in ("date", "what happened", "reported by"):
        table.add_column(column)
    for entry in timeline:
        for i, item in enumerate(entry.sentences):
            table.add_row(entry.date if i == 0 else "", item.text, _cites(item))
    console.print(table)


@app.command("summary")
def summary_command(
    story_id: Annotated[str, typer.Argument(help="A story id or its first characters.")],
    sentences: Annotated[int | None, typer.Option(
        "--sentences", min=1, help="Length in sentences (instead of words).")] = None,
    words: Annotated[int, typer.Option("--words", min=10, help="Length in words.")] = 100,
    llm_url: Annotated[str | None, typer.Option(
        "--llm-url", help="Rewrite through a local OpenAI-compatible server "
        "(e.g. http://127.0.0.1:8080/v1); each sentence is checked against its sources.")
    ] = None,
    llm_model: Annotated[str, typer.Option("--llm-model", help="Model name for --llm-url.")
                         ] = "local",
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """An overview of the story in a few of its own sentences, each with every article that
    reports it."""
    from dateline.summarize import Endpoint, build_summary, rewrite_summary

    store = open_db(db)
    story, analyzed, links = _story_articles(store, story_id)
    summary = build_summary(analyzed, n_sentences=sentences,
                            n_words=None if sentences else words, copy_groups=links)
    if llm_url:
        try:
            summary = rewrite_summary(summary, Endpoint(llm_url, llm_model))
        except (ValueError, OSError) as error:
            raise fail(f"{llm_url}: {error}") from error
    if json_out:
        print_json(summary)
        return
    console.print(f"[bold]{story.label}[/bold]  ({story.id})")
    for item in summary:
        console.print(f"- {item.text}  [dim]{_cites(item)}[/dim]")


@app.command("sources")
def sources_command(
    story_id: Annotated[str, typer.Argument(help="A story id or its first characters.")],
    per_outlet: Annotated[int, typer.Option(
        "--per-outlet", min=1, help="Outlet-only facts to show per outlet.")] = 5,
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """How the outlets report the story: what only one reports, and how they word the same
    fact differently ("Daesh" / "Islamic State")."""
    from dateline.summarize import compare_sources

    store = open_db(db)
    story, analyzed, links = _story_articles(store, story_id)
    result = compare_sources(analyzed, links=links, per_outlet=per_outlet)
    if json_out:
        from dateline.report.document import SourceComparison

        print_json(SourceComparison.of(result))  # the record the build document stores
        return
    console.print(f"[bold]{story.label}[/bold]  ({story.id})")
    table = Table(title="Wording of the same facts")
    for column in ("outlet", "writes", "outlet", "writes", "times"):
        table.add_column(column)
    for w in result.wordings:
        table.add_row(w.outlet, w.words, w.other_outlet, w.other_words, str(w.count))
    console.print(table)
    for outlet, items in result.unique:
        if items:
            console.print(f"\n[bold]Only {outlet}[/bold]")
            for item in items:
                console.print(f"- {item.text}")
