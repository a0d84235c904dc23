"""Every command's ``--json`` output, run for real on the Raqqa corpus, matches its schema."""

from __future__ import annotations

import json
import shutil
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.report import json_schema

runner = CliRunner()


def _run(*args: str) -> str:
    result = runner.invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result.stdout


def _json(*args: str) -> Any:
    return json.loads(_run(*args))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, raqqa_dir: Path) -> dict[str, Any]:
    """A store built from the Raqqa corpus by the real commands, and ids to ask about."""
    folder = tmp_path_factory.mktemp("cli-json")
    db = str(folder / "raqqa.db")
    ingested = _json("ingest", str(raqqa_dir), "--db", db, "--json")
    build = _json("build", "--db", db, "--out", str(folder / "out"), "--no-ner", "--json")
    story = build["stories"][0]["story"]["id"]
    copy = build["copies"][0]
    return {"db": db, "ingest": ingested, "build": build, "story": story[:8],
            "original": copy["original"][:8], "copy": copy["copy"][:8]}


def test_every_document_has_a_committed_schema() -> None:
    assert set(json_schema.COMMANDS.values()) == set(json_schema.DOCUMENTS)
    for name in json_schema.DOCUMENTS:
        assert json_schema.load(name)["$id"].endswith(f"/v1/{name}.json")


def test_ingest_and_build_outputs_validate(built: dict[str, Any]) -> None:
    json_schema.validate(built["ingest"], "ingest")
    assert built["ingest"]["read"] == 5 and built["ingest"]["added"] == 5
    assert len(built["ingest"]["article_ids"]) == 5
    json_schema.validate(built["build"], "build")
    (story,) = built["build"]["stories"]
    assert len(story["story"]["article_ids"]) == 5
    # the per-source comparison is part of the document
    wordings = {(w["words"], w["other_words"]) for w in story["comparison"]["wordings"]}
    assert {"Daesh", "Islamic State"} <= {word for pair in wordings for word in pair}


COMMANDS = [
    ("copies --json", ["copies"]),
    ("diff --json", ["diff", "{original}", "{copy}"]),
    ("dates --json", ["dates", "{copy}"]),
    ("stories --json", ["stories"]),
    ("story --json", ["story", "{story}"]),
    ("entities --json", ["entities", "--all"]),
    ("claims --json", ["claims"]),
    ("timeline --json", ["timeline", "{story}"]),
    ("summary --json", ["summary", "{story}", "--sentences", "3"]),
    ("sources --json", ["sources", "{story}"]),
    ("ls --json", ["ls"]),
    ("show --json", ["show", "{copy}"]),
    ("report --format json", ["report", "--format", "json"]),
]


@pytest.mark.parametrize(("command", "args"), COMMANDS, ids=[c for c, _ in COMMANDS])
def test_command_output_validates(built: dict[str, Any], command: str, args: list[str]) -> None:
    argv = [a.format(**built) for a in args] + ["--db", built["db"]]
    if command.endswith("--json"):
        argv.append("--json")
    data = _json(*argv)
    problems = json_schema.errors(data, json_schema.COMMANDS[command])
    assert not problems, problems[:5]
    assert data, f"{command} printed nothing"


def test_outputs_say_what_the_corpus_holds(built: dict[str, Any]) -> None:
    db = built["db"]
    copies = _json("copies", "--db", db, "--json")
    assert copies["articles"] == 5 and copies["independent"] == 4
    assert copies["groups"][0]["size"] == 2
    diff = _json("diff", built["original"], built["copy"], "--db", db, "--json")
    edited = [p for p in diff["passages"] if p["edits"]]
    assert edited and all(p["original"] < len(diff["original_sentences"]) for p in edited)
    (listed,) = _json("stories", "--db", db, "--json")
    assert listed["articles"] == 5 and listed["events"] >= 1
    claims = _json("claims", "--db", db, "--json")
    assert claims["conflicts"], "the fighters' numbers disagree"
    sources = _json("sources", built["story"], "--db", db, "--json")
    assert {item["outlet"] for item in sources["unique"]} == set(sources["outlets"])


def test_export_lines_validate(built: dict[str, Any]) -> None:
    lines = _run("export", "--db", built["db"]).splitlines()
    assert len(lines) == 5
    for line in lines:
        json_schema.validate(json.loads(line), "article-line")


@pytest.mark.skipif(shutil.which("java") is None, reason="Spark needs a Java runtime")
def test_spark_outputs_validate(tmp_path: Path, raqqa_dir: Path) -> None:
    pytest.importorskip("pyspark")
    out = str(tmp_path / "tables")
    checkpoints = tmp_path / "checkpoints"
    # nothing broadcast, one candidate pair a slice, checkpointed to a directory as on a
    # cluster
    counts = _json("spark", "build", str(raqqa_dir), "--out", out, "--master", "local[1]",
                   "--driver-memory", "1g", "--broadcast-mb", "0", "--pairs-per-slice", "1",
                   "--checkpoint-dir", str(checkpoints), "--json")
    json_schema.validate(counts, "spark-build")
    assert counts["articles"] == 5
    assert counts["links"] == 1  # Reuters and its Gulf News rewrite, as `dateline copies`
    assert any(p.is_file() for p in checkpoints.rglob("*"))
    imported = _json("spark", "import", out, "--db", str(tmp_path / "s.db"),
                     "--master", "local[1]", "--driver-memory", "1g", "--json")
    json_schema.validate(imported, "spark-import")
    assert imported["added"] == 5


def test_story_edit_outputs_validate(built: dict[str, Any], tmp_path: Path) -> None:
    db = str(tmp_path / "edits.db")
    source = sqlite3.connect(built["db"])
    with sqlite3.connect(db) as copy:  # edit a copy: the other tests read the built store
        source.backup(copy)
    source.close()
    listed = _json("ls", "--db", db, "--json")
    lone = next(a["id"] for a in listed if a["id"][:8] not in (built["original"], built["copy"]))
    split = _json("story-split", built["story"], lone[:8], "--db", db, "--json")
    json_schema.validate(split, "story-edit")
    assert split["action"] == "split" and split["new_story"]
    assert len(_json("stories", "--db", db, "--json")) == 2
    merged = _json("story-merge", built["story"], split["new_story"], "--db", db, "--json")
    json_schema.validate(merged, "story-edit")
    assert merged["operation"] == split["operation"] + 1
    undone = _json("story-undo", str(merged["operation"]), "--db", db, "--json")
    json_schema.validate(undone, "story-edit")
    assert len(_json("stories", "--db", db, "--json")) == 2
