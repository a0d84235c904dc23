"""The read commands render what the build published: `timeline`, `summary` and `sources STORY
--json` print exactly the story's record in build.json; `entities`, `claims` and `copies` the
published records; `--rebuild` goes through the build; no build, a one-line message."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dateline.build import BuildConfig, rebuild_story
from dateline.cli import app
from dateline.ingest import ingest
from dateline.report.results import Results
from dateline.store import SQLiteStore

runner = CliRunner()


def _json(*args: str) -> Any:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, raqqa_dir: Path) -> tuple[str, dict]:
    """A store built by `dateline build` on the Raqqa corpus, and its build.json."""
    folder = tmp_path_factory.mktemp("read")
    db, out = folder / "raqqa.db", folder / "out"
    result = runner.invoke(app, ["build", str(raqqa_dir), "--db", str(db), "--out", str(out),
                                 "--no-ner", "--jobs", "1"])
    assert result.exit_code == 0, result.output
    return str(db), json.loads((out / "build.json").read_text())


@pytest.fixture
def copy_of_built(built: tuple[str, dict], tmp_path: Path) -> tuple[str, dict]:
    """The built store copied, for a test that publishes into it."""
    db, document = built
    target = tmp_path / "copy.db"
    with sqlite3.connect(db) as source, sqlite3.connect(target) as copy:
        source.backup(copy)
    return str(target), document


def test_story_commands_print_what_build_json_holds(built: tuple[str, dict]) -> None:
    db, document = built
    assert document["stories"]
    for story in document["stories"]:
        prefix = story["story"]["id"][:7]
        assert _json("timeline", prefix, "--db", db, "--json") == story["timeline"]
        assert _json("summary", prefix, "--db", db, "--json") == story["summary"]
        assert _json("sources", prefix, "--db", db, "--json") == story["comparison"]


def test_entities_claims_and_copies_are_the_published_records(built: tuple[str, dict]) -> None:
    db, document = built
    entities = _json("entities", "--all", "--db", db, "--json")
    assert [{k: v for k, v in e.items() if k != "mentions_by_source"} for e in entities] \
        == document["entities"]
    assert all(sum(e["mentions_by_source"].values()) == e["mentions"] for e in entities)
    claims = _json("claims", "--db", db, "--json")
    assert [c for g in claims["groups"] for c in g["claims"]] == document["claims"]
    conflicting = {c["article_id"] for x in claims["conflicts"] for c in x["claims"]}
    assert conflicting and conflicting <= {c["article_id"] for c in document["claims"]
                                           if c["conflict"]}
    copies = _json("copies", "--db", db, "--json")
    assert copies["links"] == document["copies"] and copies["independent"] == 4
    story = document["stories"][0]["story"]["id"]
    in_story = _json("claims", story, "--db", db, "--json")
    assert [c for g in in_story["groups"] for c in g["claims"]] == document["claims"]


def test_from_and_to_filter_the_published_entries(built: tuple[str, dict]) -> None:
    db, document = built
    story = document["stories"][0]
    shown = _json("timeline", story["story"]["id"], "--from", "2017-10-01", "--to",
                  "2017-10-15", "--db", db, "--json")
    assert shown == [e for e in story["timeline"] if "2017-10-01" <= e["date"] <= "2017-10-15"]
    assert [e["date"] for e in shown] == ["2017-10-14"]
    wrong = runner.invoke(app, ["timeline", story["story"]["id"], "--from", "October",
                                "--db", db])
    assert wrong.exit_code == 1 and "YYYY-MM-DD" in wrong.output


def test_nothing_published_is_a_one_line_message(tmp_path: Path, raqqa_dir: Path) -> None:
    db = str(tmp_path / "ingested.db")
    ingest(SQLiteStore(db), [str(raqqa_dir)])
    for args in (["timeline", "abc"], ["summary", "abc"], ["sources", "abc"], ["entities"],
                 ["claims"], ["copies"]):
        result = runner.invoke(app, [*args, "--db", db, "--json"])
        assert result.exit_code == 1, args
        assert isinstance(result.exception, SystemExit)  # no traceback
        assert result.output.strip().splitlines() == [
            f"error: no build published in {db}; run `dateline build` first"]


def test_rebuild_builds_and_publishes_through_the_build(tmp_path: Path, raqqa_dir: Path,
                                                        built: tuple[str, dict]) -> None:
    db = str(tmp_path / "ingested.db")
    store = SQLiteStore(db)
    ingest(store, [str(raqqa_dir)])
    store.save_state("report", "settings", {"use_model": False})  # as a --no-ner build
    copies = _json("copies", "--rebuild", "--db", db, "--json")
    assert copies["links"] == built[1]["copies"]
    (story,) = built[1]["stories"]
    # the same corpus and settings: the same story, published
    assert _json("timeline", story["story"]["id"], "--rebuild", "--db", db, "--json") \
        == story["timeline"]
    assert Results(SQLiteStore(db)).story(story["story"]["id"]) is not None


def test_an_option_that_changes_the_products_remakes_and_publishes_the_story(
        copy_of_built: tuple[str, dict]) -> None:
    db, document = copy_of_built
    story = document["stories"][0]
    story_id = story["story"]["id"]
    two = _json("timeline", story_id, "--dates", "2", "--db", db, "--json")
    assert len(two) == 2
    assert _json("timeline", story_id, "--db", db, "--json") == two  # published
    assert _json("summary", story_id, "--sentences", "3", "--db", db, "--json") \
        == _json("summary", story_id, "--db", db, "--json")
    assert len(_json("summary", story_id, "--db", db, "--json")) == 3
    short = _json("summary", story_id, "--words", "20", "--db", db, "--json")
    assert sum(len(s["text"].split()) for s in short) <= 20 or len(short) == 1
    assert len(_json("summary", story_id, "--sentences", "2", "--db", db, "--json")) == 2
    # the untouched parts and the other records stay as the build published them
    assert _json("sources", story_id, "--db", db, "--json") == story["comparison"]
    assert _json("claims", "--db", db, "--json")["groups"]


def test_remaking_a_story_with_the_published_settings_gives_the_published_story(
        copy_of_built: tuple[str, dict]) -> None:
    db, document = copy_of_built
    store = SQLiteStore(db)
    config = BuildConfig.published(store)
    assert config.use_model is False  # the --no-ner build's settings were published
    for story in document["stories"]:
        before = Results(store).story(story["story"]["id"])
        remade, note = rebuild_story(store, story["story"]["id"], config)
        assert remade == before and note is None
