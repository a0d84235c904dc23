"""`dateline dates ID`: each expression with its value and rule; --json; --anchor; bad input."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app
from dateline.ingest import ingest
from dateline.store import SQLiteStore

runner = CliRunner()


def _reuters_id(store: SQLiteStore, raqqa_dir: Path) -> str:
    report = ingest(store, [str(raqqa_dir / "001_6fab4b70d4ac36b9.txt")])
    assert report.article_ids, report.errors
    return report.article_ids[0]


def test_dates_json_resolves_against_the_given_anchor(store: SQLiteStore, raqqa_dir: Path):
    article = _reuters_id(store, raqqa_dir)
    result = runner.invoke(app, ["dates", article[:8], "--db", str(store.path), "--json",
                                 "--anchor", "2017-10-16"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["published"]["value"] == "2017-10-16"
    times = {t["text"]: t for s in data["sentences"] for t in s["times"]}
    assert times["Saturday night"]["value"] == "2017-10-14"
    assert times["Saturday night"]["rule"].startswith("weekday:")
    convoy = next(s for s in data["sentences"] if "convoy" in s["text"])
    assert convoy["event_date"]["source"] == "text"


def test_dates_table_shows_value_and_rule(store: SQLiteStore, raqqa_dir: Path):
    article = _reuters_id(store, raqqa_dir)
    result = runner.invoke(app, ["dates", article[:8], "--db", str(store.path),
                                 "--anchor", "2017-10-16"], env={"COLUMNS": "200"})
    assert result.exit_code == 0, result.output
    assert "Saturday night" in result.stdout and "2017-10-14" in result.stdout
    assert "most recent such weekday" in result.stdout


def test_dates_without_publication_date_says_unknown(store: SQLiteStore, raqqa_dir: Path):
    article = _reuters_id(store, raqqa_dir)  # the reprint carries no date at all
    result = runner.invoke(app, ["dates", article[:8], "--db", str(store.path), "--json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["published"] is None
    times = {t["text"]: t for s in data["sentences"] for t in s["times"]}
    assert times["Saturday night"]["value"] == "XXXX-WXX-6"


def test_dates_rejects_a_bad_anchor_and_an_unknown_id(store: SQLiteStore, raqqa_dir: Path):
    article = _reuters_id(store, raqqa_dir)
    bad = runner.invoke(app, ["dates", article[:8], "--db", str(store.path),
                              "--anchor", "16/10/2017"])
    assert bad.exit_code == 1 and "not a date" in bad.output
    missing = runner.invoke(app, ["dates", "ffffffff", "--db", str(store.path)])
    assert missing.exit_code == 1 and "no article id" in missing.output
