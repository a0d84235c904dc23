"""What the read commands share: the published build, its stories, and ``--rebuild``.

Read commands (``timeline``, ``summary``, ``sources``, ``entities``, ``claims``, ``copies``)
render what the last build published (:mod:`dateline.report.results`); they never compute a
result of their own. ``--rebuild`` first runs the whole build over the store
(:func:`dateline.build.build`, the one wiring, which publishes); an option that changes what a
story's products are (``--dates``, ``--sentences``) remakes that story through the build's
story-products step (:func:`dateline.build.rebuild_story`) and publishes it.
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, Annotated, Any

import typer

from dateline.cli.app import err_console, fail, open_db
from dateline.report.results import Results
from dateline.store import SQLiteStore

if TYPE_CHECKING:
    from dateline.report.document import StoryResult

RebuildOption = Annotated[bool, typer.Option(
    "--rebuild", help="Run the whole build over the store first (copies, dates, stories, "
    "analysis, entities, claims, story products, with the settings of the last build) and "
    "publish it, as `dateline build` does; then show the fresh result.")]
StoryArgument = Annotated[str, typer.Argument(help="A story id or its first characters.")]


def published(db: str, rebuild: bool = False, **changes: Any) -> tuple[SQLiteStore, Results]:
    """The store and its published results (after a whole build when ``rebuild``, with the
    last build's settings and ``changes``); exits with a one-line message when no build was
    published."""
    store = open_db(db)
    if rebuild:
        run_build(store, **changes)
    results = Results(store)
    if not results.published():
        raise fail(f"no build published in {db}; run `dateline build` first")
    return store, results


def run_build(store: SQLiteStore, **changes: Any) -> None:
    """The whole build over ``store`` (no ingest), the last build's settings with
    ``changes``; it publishes its result."""
    from dateline.build import BuildConfig, build

    if store.count_articles() == 0:
        raise fail("no articles in the store; run `dateline build PATH...` first")
    config = BuildConfig.published(store, jobs=os.cpu_count() or 1, **changes)
    with err_console.status("building") as status:
        run = build(store, config=config,
                    progress=lambda stage: status.update(f"building: {stage}"))
    for note in run.notes:
        err_console.print(f"[yellow]note:[/yellow] {note}")


def story_result(store: SQLiteStore, results: Results, prefix: str,
                 **changes: Any) -> StoryResult:
    """The published story whose id starts with ``prefix``; with ``changes`` (settings of
    its products), its products made again and published first."""
    ids = results.find_stories(prefix)
    if len(ids) != 1:
        raise fail(f"{prefix!r} matches {'no' if not ids else 'more than one'} published "
                   "story" + ("; type more of the id" if ids else "; see `dateline stories`"))
    if changes:
        from dateline.build import BuildConfig, rebuild_story

        config = BuildConfig.published(store, **changes)
        result, note = rebuild_story(store, ids[0], config)
        if note:
            err_console.print(f"[yellow]note:[/yellow] {note}")
        return result
    found = results.story(ids[0])
    assert found is not None  # just listed
    return found


def story_article_ids(results: Results, prefix: str | None) -> list[str] | None:
    """The article ids of the published story ``prefix`` (``None``: no story, every
    article)."""
    if prefix is None:
        return None
    ids = results.find_stories(prefix)
    if len(ids) != 1:
        raise fail(f"{prefix!r} matches {'no' if not ids else 'more than one'} published "
                   "story")
    data = results.story_data(ids[0]) or {}
    return list(data.get("story", {}).get("article_ids", []))
