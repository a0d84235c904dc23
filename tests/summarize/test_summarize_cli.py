"""`dateline timeline|summary|sources STORY` on the Raqqa corpus: the published story."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner


def test_timeline_summary_and_sources_commands(raqqa_dir: Path, tmp_path: Path) -> None:
    from dateline.cli import app

    runner = CliRunner()
    db = str(tmp_path / "s.db")
    built = runner.invoke(app, ["build", str(raqqa_dir), "--db", db, "--out",
                                str(tmp_path / "out"), "--no-ner", "--json"])
    assert built.exit_code == 0, built.output
    story = json.loads(built.stdout)["stories"][0]["story"]["id"][:6]

    shown = runner.invoke(app, ["timeline", story, "--db", db, "--json"])
    assert shown.exit_code == 0, shown.output
    timeline = {e["date"]: e for e in json.loads(shown.stdout)}
    assert {"2017-06-06", "2017-07-04", "2017-10-14", "2017-10-16"} <= set(timeline)
    convoy = timeline["2017-10-14"]["sentences"][0]
    assert len(convoy["citations"]) == 2 and convoy["independent"] == 1  # 000 copies 001

    ranged = runner.invoke(app, ["timeline", story, "--db", db, "--json", "--from",
                                 "2017-10-01"])
    assert [e["date"] for e in json.loads(ranged.stdout)] == ["2017-10-14", "2017-10-16"]
    one = runner.invoke(app, ["timeline", story, "--db", db, "--json", "--dates", "1"])
    assert len(json.loads(one.stdout)) == 1

    summary = runner.invoke(app, ["summary", story, "--db", db, "--json", "--sentences", "3"])
    assert summary.exit_code == 0, summary.output
    assert len(json.loads(summary.stdout)) == 3

    sources = runner.invoke(app, ["sources", story, "--db", db])
    assert sources.exit_code == 0, sources.output
    assert "Daesh" in sources.stdout and "Islamic State" in sources.stdout

    missing = runner.invoke(app, ["timeline", "nosuchstory", "--db", db])
    assert missing.exit_code != 0
