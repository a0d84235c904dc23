"""Published results: saved whole, read back by id, by article, page by page."""

from __future__ import annotations

import json
import math
from dataclasses import replace

from dateline.report.document import BuildResult
from dateline.report.results import Results, load_build, save_results
from dateline.store import SQLiteStore


def test_saved_results_read_back_equal(raqqa_store: SQLiteStore,
                                       raqqa_result: BuildResult) -> None:
    db = Results(raqqa_store)
    story = raqqa_result.stories[0]
    assert db.story(story.story.id) == story
    assert db.copies() == list(raqqa_result.copies)
    assert db.claims() == list(raqqa_result.claims)
    assert [e.name for e in db.entities()] == ["Islamic State", "Syrian Democratic Forces"]
    assert [e.name for e in db.entities("Daesh")] == ["Islamic State"]
    copy = raqqa_result.copies[0]
    assert db.copies([copy.copy]) == [copy]
    assert db.stories_of(copy.copy) == [{"id": "s-raqqa", "label": "Battle for Raqqa"}]
    assert db.story("nope") is None


def test_search_articles_and_stories(raqqa_store: SQLiteStore) -> None:
    db = Results(raqqa_store)
    total, rows = db.search_articles("Rafiqah")
    assert total == 1 and "text" not in rows[0]
    total, _ = db.search_articles("")
    assert total == 5
    total, page = db.search_articles("", limit=2, offset=4)
    assert total == 5 and len(page) == 1
    assert Results(raqqa_store, full_text=False).search_articles("100%_")[0] == 0  # literal
    assert db.search_stories("raqqa")[0] == 1
    assert db.search_stories("mosul")[0] == 0


def test_save_replaces_the_previous_build(raqqa_store: SQLiteStore) -> None:
    save_results(raqqa_store)
    db = Results(raqqa_store)
    assert db.count_stories() == 0 and db.count_copies() == 0 and db.claims() == []


def test_load_build_gathers_everything(raqqa_store: SQLiteStore,
                                       raqqa_result: BuildResult) -> None:
    build = load_build(raqqa_store)
    assert {a.id for a in build.articles} == {a.id for a in raqqa_result.articles}
    assert build.stories == raqqa_result.stories
    assert build.copies == raqqa_result.copies and build.claims == raqqa_result.claims
    only = load_build(raqqa_store, ["s-raqqa"])
    assert len(only.articles) == 5 and len(only.stories) == 1
    assert load_build(raqqa_store, ["missing"]).stories == ()


def test_open_bounds_are_stored_as_strict_json(raqqa_store: SQLiteStore,
                                                raqqa_result: BuildResult) -> None:
    claim = replace(raqqa_result.claims[0], low=21, high=math.inf, text="at least 21")
    save_results(raqqa_store, claims=[claim])
    stored = raqqa_store.execute("SELECT record FROM report_claims").fetchone()[0]
    assert "Infinity" not in stored and json.loads(stored)["high"] is None
    assert Results(raqqa_store).claims() == [claim]
