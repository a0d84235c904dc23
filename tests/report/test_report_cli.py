"""`dateline report` writes HTML, Markdown and JSON; bad options fail with a clear message."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app
from dateline.store import SQLiteStore

runner = CliRunner()


def test_report_formats_to_files(raqqa_store: SQLiteStore, tmp_path: Path) -> None:
    db = raqqa_store.path
    for fmt, marker in (("html", "<!DOCTYPE html>"), ("md", "# Battle for Raqqa"),
                        ("json", '"format": "dateline-build"')):
        out = tmp_path / f"report.{fmt}"
        result = runner.invoke(app, ["report", "--db", db, "-f", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert marker in out.read_text(encoding="utf-8")
    data = json.loads((tmp_path / "report.json").read_text(encoding="utf-8"))
    assert len(data["articles"]) == 5


def test_report_of_one_story_and_bad_options(raqqa_store: SQLiteStore) -> None:
    db = raqqa_store.path
    one = runner.invoke(app, ["report", "--db", db, "-f", "md", "--story", "s-raqqa"])
    assert one.exit_code == 0 and "Battle for Raqqa" in one.stdout
    missing = runner.invoke(app, ["report", "--db", db, "--story", "s-none"])
    assert missing.exit_code == 1 and "no story 's-none'" in missing.output
    bad = runner.invoke(app, ["report", "--db", db, "-f", "pdf"])
    assert bad.exit_code == 1 and "unknown format 'pdf'" in bad.output
