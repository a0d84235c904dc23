"""Commands about stories: ``stories`` (cluster and list), ``story ID`` (events and articles),
and the explicit edits ``story-merge``, ``story-split``, ``story-undo``."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Literal

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
from dateline.model import Story
from dateline.store import SQLiteStore

if TYPE_CHECKING:
    from dateline.report.outputs import StoryEdit, StorySummary
    from dateline.stories import StoryClusterer


def _saved_model(store: SQLiteStore) -> tuple[StoryClusterer, int | None]:
    """The saved clusterer and the last seq it saw; exits when nothing was clustered yet."""
    from dateline.stories.refresh import load_clusterer

    saved = load_clusterer(store)
    if saved is None:
        raise fail("no stories yet: run `dateline stories` first")
    return saved


def _saved_stories(store: SQLiteStore) -> list[Story]:
    return _saved_model(store)[0].stories_


def _resolve(stories: list[Story], prefix: str) -> Story:
    found = [s for s in stories if s.id.startswith(prefix)]
    if len(found) != 1:
        raise fail(f"{prefix!r} matches {len(found)} stories" + ("; type more of the id"
                                                                  if found else ""))
    return found[0]


@app.command("stories")
def stories_command(
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
    refit: Annotated[bool, typer.Option(
        "--refit", help="Cluster the whole store again (ids carry over where stories hold)."
    )] = False,
) -> None:
    """Group the stored articles into stories and events (new articles are added to existing
    stories; ids stay stable) and list the stories, largest first."""
    store = open_db(db)
    if store.count_articles() == 0:
        raise fail(f"no articles in {db}: run `dateline ingest PATH...` first")
    from dateline.copies.refresh import refresh as refresh_copies
    from dateline.furniture import refresh as refresh_furniture
    from dateline.stories.refresh import refresh_stories

    furniture = refresh_furniture(store)  # as the build does: no step sees a site's furniture
    copies = refresh_copies(store, bool(furniture.recleaned_))
    stories = refresh_stories(store, copies.groups_, refit=refit)
    if json_out:
        print_json([_summary(s) for s in stories])
        return
    table = Table(title=f"{len(stories)} stories in {db}")
    for column in ("id", "label", "articles", "independent", "outlets", "first", "last",
                   "events"):
        table.add_column(column)
    for s in stories:
        table.add_row(s.id, s.label, str(len(s.article_ids)), str(s.independent_sources),
                      str(len(s.outlets)), s.first_date or "?", s.last_date or "?",
                      str(len(s.events)))
    console.print(table)


def _summary(story: Story) -> StorySummary:
    from dateline.report.outputs import StorySummary

    return StorySummary(story.id, story.label, len(story.article_ids),
                        story.independent_sources, tuple(story.outlets), story.first_date,
                        story.last_date, len(story.events))


@app.command("story")
def story_command(
    story_id: Annotated[str, typer.Argument(help="A story id or its first characters.")],
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """Show one story: its events with their dates and articles."""
    store = open_db(db)
    story = _resolve(_saved_stories(store), story_id)
    if json_out:
        print_json(story)
        return
    console.print(f"[bold]{story.label}[/bold]  ({story.id})")
    console.print(f"{len(story.article_ids)} articles, {story.independent_sources} independent,"
                  f" {story.first_date or '?'} .. {story.last_date or '?'}; outlets: "
                  f"{', '.join(story.outlets) or 'unknown'}")
    table = Table()
    for column in ("event", "dates", "label", "articles"):
        table.add_column(column)
    for event in story.events:
        dates = event.first_date or "?"
        if event.last_date and event.last_date != event.first_date:
            dates += f" .. {event.last_date}"
        table.add_row(event.id, dates, event.label, "\n".join(event.article_ids))
    console.print(table)


@app.command("story-merge")
def story_merge_command(
    into: Annotated[str, typer.Argument(help="The story that stays.")],
    other: Annotated[str, typer.Argument(help="The story merged into it.")],
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """Merge one story into another (recorded; `dateline story-undo` reverses it)."""
    from dateline.stories.edits import EditError, merge
    from dateline.stories.tables import save

    store = open_db(db)
    model, seen = _saved_model(store)
    stories = model.stories_
    kept = _resolve(stories, into).id
    try:
        op = merge(model, kept, _resolve(stories, other).id)
    except EditError as exc:
        raise fail(str(exc)) from exc
    save(model, store, last_seq=seen)
    err_console.print(f"merged (operation {op})")
    if json_out:
        print_json(_edit(op, "merge", kept))


@app.command("story-split")
def story_split_command(
    story_id: Annotated[str, typer.Argument(help="The story to split.")],
    article_ids: Annotated[list[str], typer.Argument(help="Articles that leave it.")],
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """Move articles (with their copies) out of a story into a new story (recorded)."""
    from dateline.cli.app import resolve_article_id
    from dateline.stories.edits import EditError, split
    from dateline.stories.tables import save

    store = open_db(db)
    model, seen = _saved_model(store)
    story = _resolve(model.stories_, story_id)
    articles = [store.get_article(resolve_article_id(store, a)) for a in article_ids]
    try:
        op, new = split(model, story.id, [a for a in articles if a is not None])
    except EditError as exc:
        raise fail(str(exc)) from exc
    save(model, store, last_seq=seen)
    err_console.print(f"split off story {new} (operation {op})")
    if json_out:
        print_json(_edit(op, "split", story.id, new))


@app.command("story-undo")
def story_undo_command(
    op_id: Annotated[int, typer.Argument(help="The operation to reverse (the latest).")],
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """Reverse the latest merge or split."""
    from dateline.stories.edits import EditError, undo
    from dateline.stories.tables import save

    store = open_db(db)
    model, seen = _saved_model(store)
    try:
        undo(model, op_id)
    except EditError as exc:
        raise fail(str(exc)) from exc
    save(model, store, last_seq=seen)
    err_console.print(f"operation {op_id} undone")
    if json_out:
        print_json(_edit(op_id, "undo"))


def _edit(op: int, action: Literal["merge", "split", "undo"], story: str | None = None,
          new: str | None = None) -> StoryEdit:
    from dateline.report.outputs import StoryEdit

    return StoryEdit(op, action, story, new)
