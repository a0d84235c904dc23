"""`dateline entities` and `dateline claims` on a store holding the Raqqa corpus."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from dateline.cli import app


def test_entities_and_claims_commands(tmp_path: Path, raqqa_dir: Path) -> None:
    db = str(tmp_path / "r.db")
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", str(raqqa_dir), "--db", db]).exit_code == 0
    # nothing published yet: --rebuild runs the build (spaCy NER) and publishes it
    result = runner.invoke(app, ["entities", "--rebuild", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    entities = json.loads(result.output)
    sdf = next(e for e in entities if e["name"] == "Syrian Democratic Forces")
    assert any(a["name"] == "SDF" and a["evidence"] for a in sdf["aliases"])
    assert sum(sdf["mentions_by_source"].values()) == sdf["mentions"]
    result = runner.invoke(app, ["claims", "--db", db, "--json"])
    assert result.exit_code == 0, result.output
    claims = json.loads(result.output)
    assert claims["conflicts"][0]["kind"] == "consistent"  # 250 is within 200-300
    assert claims["conflicts"][0]["reason"].startswith("consistent, 250 is within")
    table = runner.invoke(app, ["claims", "--db", db])
    assert table.exit_code == 0 and "conflicts" in table.output


def test_empty_store_is_a_clear_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(app, ["claims", "--db", str(tmp_path / "empty.db")])
    assert result.exit_code == 1 and "no build published" in result.output
    rebuilt = CliRunner().invoke(app, ["claims", "--rebuild", "--db", str(tmp_path / "e.db")])
    assert rebuilt.exit_code == 1 and "no articles" in rebuilt.output
