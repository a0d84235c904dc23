"""The copies commands on the Raqqa store: groups, diff, JSON, short ids."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.build import BuildConfig, build
from dateline.cli import app
from dateline.ingest import ingest
from dateline.model import Article
from dateline.store import SQLiteStore

runner = CliRunner()


@pytest.fixture
def db(tmp_path: Path, raqqa_dir: Path) -> str:
    """The Raqqa corpus built (the rule-based analysis: copies do not need spaCy)."""
    path = str(tmp_path / "raqqa.db")
    build(SQLiteStore(path), [str(raqqa_dir)], BuildConfig(use_model=False))
    return path


def _ids(db: str) -> dict[str, str]:
    store = SQLiteStore(db)
    return {Path(s.path or "").name[:3]: a.id for a in store.iter_articles()
            for s in store.sources(a.id)}


def test_copies_lists_the_one_group_and_counts_independent_reports(db: str) -> None:
    result = runner.invoke(app, ["copies", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    ids = _ids(db)
    assert data["articles"] == 5 and data["independent"] == 4
    assert [g["articles"] for g in data["groups"]] == [sorted([ids["000"], ids["001"]])]
    assert data["links"][0]["original"] == ids["001"]
    table = runner.invoke(app, ["copies", "--db", db])
    assert table.exit_code == 0 and "1 groups of copies" in table.stdout
    assert ids["000"][:8] in table.stdout


def test_copies_checks_only_new_articles_on_later_runs(db: str, raqqa_articles: dict[str, Article]
                                                       ) -> None:
    store = SQLiteStore(db)
    reprint = Article(id="f" * 16, source=raqqa_articles["004"].source,
                      paragraphs=(*raqqa_articles["004"].paragraphs, "Copyright 2017 AFP"))
    store.put_article(reprint)
    published = json.loads(runner.invoke(app, ["copies", "--db", db, "--json"]).stdout)
    assert len(published["groups"]) == 1  # what the build published, until a rebuild
    data = json.loads(runner.invoke(app, ["copies", "--rebuild", "--db", db, "--json"]).stdout)
    assert len(data["groups"]) == 2
    assert store.execute("SELECT COUNT(*) FROM copies_signatures").fetchone()[0] == 6


def test_the_same_text_read_twice_is_listed_with_its_places(db: str, raqqa_dir: Path,
                                                           tmp_path: Path) -> None:
    again = tmp_path / "again" / "004_copy.txt"
    again.parent.mkdir()
    again.write_bytes(next(raqqa_dir.glob("004_*.txt")).read_bytes())
    ingest(SQLiteStore(db), [str(again)])
    data = json.loads(runner.invoke(app, ["copies", "--db", db, "--json"]).stdout)
    assert data["same_text"] == [{"article": _ids(db)["004"], "sources": 2}]
    assert data["independent"] == 4
    table = runner.invoke(app, ["copies", "--db", db]).stdout
    assert "same text" in table


def test_diff_shows_the_rewrite_with_short_ids(db: str) -> None:
    ids = _ids(db)
    result = runner.invoke(app, ["diff", ids["000"][:6], ids["001"][:6], "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["original"], data["copy"]) == (ids["001"], ids["000"])
    edits = [e for p in data["passages"] for e in p["edits"]]
    assert {"op": "replace", "old": "Islamic State", "new": "Daesh"} in edits
    shown = runner.invoke(app, ["diff", ids["000"], ids["001"], "--db", db])
    assert shown.exit_code == 0 and "Daesh" in shown.stdout and "Islamic State" in shown.stdout


def test_diff_without_a_stored_link_decides_now_and_bad_ids_fail(db: str) -> None:
    ids = _ids(db)
    result = runner.invoke(app, ["diff", ids["003"], ids["004"], "--db", db, "--json"])
    assert result.exit_code == 0 and json.loads(result.stdout)["passages"]
    missing = runner.invoke(app, ["diff", "zzzz", ids["004"], "--db", db])
    assert missing.exit_code == 1
