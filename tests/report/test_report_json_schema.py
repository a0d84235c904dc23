"""The JSON outputs match their committed, versioned schemas; the schemas match model.py."""

from __future__ import annotations

import json
import math
from dataclasses import replace
from pathlib import Path

import jsonschema
import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.report import json_schema
from dateline.report.document import BuildResult, result_from_dict, result_to_dict
from dateline.store import SQLiteStore

runner = CliRunner()


@pytest.mark.parametrize("name", json_schema.DOCUMENTS)
def test_committed_schema_matches_the_dataclasses(name: str) -> None:
    committed = json_schema.load(name)
    assert committed == json_schema.generate(name), (
        f"schemas/v1/{name}.json is out of date with model.py: "
        "run `python -m dateline.report.json_schema --write` and review the diff")
    jsonschema.Draft202012Validator.check_schema(committed)


def test_build_document_validates_and_round_trips(raqqa_result: BuildResult) -> None:
    data = json.loads(json.dumps(result_to_dict(raqqa_result)))
    json_schema.validate(data, "build")
    assert result_from_dict(data) == raqqa_result


def test_schema_rejects_a_broken_build_document(raqqa_result: BuildResult) -> None:
    data = result_to_dict(raqqa_result)
    data["stories"][0]["timeline"][0]["granularity"] = "fortnight"
    del data["articles"][0]["id"]
    problems = json_schema.errors(data, "build")
    assert any("fortnight" in p for p in problems)
    assert any("'id' is a required property" in p for p in problems)


def _cli(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def test_ls_show_export_and_report_outputs_validate(raqqa_store: SQLiteStore) -> None:
    db = raqqa_store.path
    listed = json.loads(_cli("ls", "--json", "--db", db))
    assert len(listed) == 5
    json_schema.validate(listed, "article-list")
    shown = json.loads(_cli("show", listed[0]["id"][:8], "--json", "--db", db))
    json_schema.validate(shown, "article")
    lines = [json.loads(line) for line in _cli("export", "--db", db).splitlines()]
    assert len(lines) == 5
    for line in lines:
        json_schema.validate(line, "article-line")
    build = json.loads(_cli("report", "--format", "json", "--db", db))
    json_schema.validate(build, "build")
    assert [s["story"]["label"] for s in build["stories"]] == ["Battle for Raqqa"]


def test_schema_command_prints_and_checks(tmp_path: Path, raqqa_result: BuildResult) -> None:
    printed = json.loads(_cli("schema", "build"))
    assert printed["$id"].endswith("/v1/build.json")
    good = tmp_path / "good.json"
    good.write_text(json.dumps(result_to_dict(raqqa_result)), encoding="utf-8")
    assert runner.invoke(app, ["schema", "build", "--check", str(good)]).exit_code == 0
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"format": "dateline-build", "version": 2}), encoding="utf-8")
    result = runner.invoke(app, ["schema", "build", "--check", str(bad)])
    assert result.exit_code == 1
    assert "invalid" in result.output
    assert runner.invoke(app, ["schema", "nope"]).exit_code != 0


def test_open_claim_bounds_are_strict_json(raqqa_result: BuildResult) -> None:
    claim = replace(raqqa_result.claims[0], high=math.inf)
    result = replace(raqqa_result, claims=(claim, *raqqa_result.claims[1:]))
    text = json.dumps(result_to_dict(result), allow_nan=False)
    data = json.loads(text)
    json_schema.validate(data, "build")
    assert data["claims"][0]["high"] is None
    assert result_from_dict(data).claims[0].high == math.inf
