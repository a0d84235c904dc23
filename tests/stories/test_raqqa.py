"""Stories and events on the Raqqa corpus: what a user of `dateline stories` relies on."""

from __future__ import annotations

import json
from collections.abc import Callable

import numpy as np
import pytest
from typer.testing import CliRunner

from dateline.model import Article, Story
from dateline.store import SQLiteStore
from dateline.stories import StoryClusterer
from dateline.stories.edits import EditError, merge, split, undo
from dateline.stories.tables import load, save

Embed = Callable[[list[Article]], np.ndarray]


def shape(stories: list[Story]) -> set[tuple[str, tuple[tuple[str, tuple[str, ...]], ...]]]:
    return {(s.id, tuple((e.id, e.article_ids) for e in s.events)) for s in stories}


@pytest.fixture(scope="module")
def fitted(raqqa: list[Article], embedder: Embed) -> StoryClusterer:
    reuters = [[raqqa[0].id, raqqa[1].id]]  # 000 rewrites the Reuters story in 001
    return StoryClusterer(embedder=embedder).fit(raqqa, copy_groups=reuters)


def test_all_five_reports_form_one_story(fitted: StoryClusterer, raqqa: list[Article]) -> None:
    (story,) = fitted.stories_
    assert set(story.article_ids) == {a.id for a in raqqa}
    assert story.independent_sources == 4  # the Reuters copy counts once
    assert story.first_date == "2017-06-07" and story.last_date == "2017-10-16"
    assert story.label in {fitted.infos[a.id].headline for a in raqqa}


def test_events_tell_developments_apart(fitted: StoryClusterer, raqqa: list[Article]) -> None:
    (story,) = fitted.stories_
    event = fitted.event_of
    assert len(story.events) >= 3
    assert event[raqqa[0].id] == event[raqqa[1].id]  # the copy is the same development
    assert event[raqqa[3].id] != event[raqqa[4].id]  # wall breached on 07-04 vs June gains
    assert event[raqqa[3].id] != event[raqqa[0].id]  # July vs the October last stand
    dates = [e.first_date for e in story.events if e.first_date]
    assert dates == sorted(dates)


def test_ids_stay_stable_as_articles_arrive(raqqa: list[Article], embedder: Embed) -> None:
    model = StoryClusterer(embedder=embedder)
    model.partial_fit(raqqa[3:])  # the July and June dispatches come first
    first_story = model.story_of[raqqa[3].id]
    first_events = {a.id: model.event_of[a.id] for a in raqqa[3:]}
    model.partial_fit(raqqa[:3], copy_groups=[[raqqa[0].id, raqqa[1].id]])
    model.partial_fit(raqqa)  # already seen: nothing moves
    assert model.story_of[raqqa[3].id] == first_story
    assert {a.id: model.event_of[a.id] for a in raqqa[3:]} == first_events
    assert {model.story_of[a.id] for a in raqqa} == {first_story}
    assert model.event_of[raqqa[0].id] == model.event_of[raqqa[1].id]


def test_refit_keeps_the_story_id(fitted: StoryClusterer, raqqa: list[Article],
                                  embedder: Embed) -> None:
    model = StoryClusterer(embedder=embedder).fit(raqqa[2:])
    before = model.story_of[raqqa[2].id]
    model.fit(raqqa, copy_groups=[[raqqa[0].id, raqqa[1].id]])
    assert model.story_of[raqqa[2].id] == before


def test_save_load_and_continue(raqqa: list[Article], embedder: Embed,
                                store: SQLiteStore) -> None:
    model = StoryClusterer(embedder=embedder).fit(raqqa[2:])
    save(model, store, last_seq=3)
    loaded, seq = load(store, embedder=embedder)
    assert seq == 3 and shape(loaded.stories_) == shape(model.stories_)
    loaded.partial_fit(raqqa[:2], copy_groups=[[raqqa[0].id, raqqa[1].id]])
    model.partial_fit(raqqa[:2], copy_groups=[[raqqa[0].id, raqqa[1].id]])
    assert shape(loaded.stories_) == shape(model.stories_)
    row = store.execute("SELECT articles, independent_sources FROM stories_stories").fetchone()
    assert tuple(row) == (3, 3)


def test_split_and_merge_are_recorded_and_undone(raqqa: list[Article],
                                                 embedder: Embed) -> None:
    model = StoryClusterer(embedder=embedder).fit(raqqa, copy_groups=[[raqqa[0].id,
                                                                        raqqa[1].id]])
    before = shape(model.stories_)
    sid = model.story_of[raqqa[0].id]
    op, new = split(model, sid, [raqqa[0]])  # its copy 001 goes along
    assert model.story_of[raqqa[1].id] == new and model.story_of[raqqa[2].id] == sid
    assert model.ops[-1]["op"] == "split"
    undo(model, op)
    assert shape(model.stories_) == before
    _, new = split(model, sid, [raqqa[0]])
    op = merge(model, sid, new)
    assert {model.story_of[a.id] for a in raqqa} == {sid}
    undo(model, op)
    assert model.story_of[raqqa[0].id] == new
    with pytest.raises(EditError):
        undo(model, 1)  # not the latest operation still in force


def test_partial_fit_later_arrivals_join_existing_story(raqqa: list[Article],
                                                        embedder: Embed) -> None:
    model = StoryClusterer(embedder=embedder)
    for article in raqqa:  # one at a time, as a feed delivers them
        model.partial_fit([article])
    assert len(model.stories_) == 1


def test_cli_lists_stories_and_shows_one(raqqa_dir: object, tmp_path: object) -> None:
    from dateline.cli import app

    runner = CliRunner()
    db = str(tmp_path / "s.db")  # type: ignore[operator]
    assert runner.invoke(app, ["ingest", str(raqqa_dir), "--db", db]).exit_code == 0
    listed = runner.invoke(app, ["stories", "--db", db, "--json"])
    assert listed.exit_code == 0, listed.output
    stories = json.loads(listed.stdout)
    assert len(stories) == 1 and stories[0]["articles"] == 5
    shown = runner.invoke(app, ["story", stories[0]["id"][:6], "--db", db, "--json"])
    assert shown.exit_code == 0, shown.output
    story = json.loads(shown.stdout)
    assert sum(len(e["article_ids"]) for e in story["events"]) == 5
    again = runner.invoke(app, ["stories", "--db", db, "--json"])
    assert json.loads(again.stdout)[0]["id"] == stories[0]["id"]
