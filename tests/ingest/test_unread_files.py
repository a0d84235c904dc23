"""Nothing is skipped without a word: every file of a folder is read or reported with its path
and reason, and a store path that cannot be a store is a one-line error (issue 24)."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest
from typer.testing import CliRunner

from dateline.cli import app
from dateline.ingest import ingest, read_inputs
from dateline.ingest.raw import RawDocument
from dateline.model import IngestError
from dateline.store import SQLiteStore, StoreOpenError

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
TEXT = "The council closed the old bridge in the town centre on Tuesday, the mayor said.\n"


def test_a_page_with_an_unknown_extension_is_read_by_its_content(tmp_path: Path) -> None:
    shutil.copy(FIXTURES / "raqqa_003.html", tmp_path / "story.net")
    (tmp_path / "index.php").write_text(TEXT, encoding="utf-8")
    (tmp_path / "noext").write_text(TEXT.replace("Tuesday", "Monday"), encoding="utf-8")
    (tmp_path / "data.bin").write_bytes(b"\x00\x01binary\x00")
    items = list(read_inputs([str(tmp_path)]))
    read = {Path(i.source.path).name: i.source.format for i in items
            if isinstance(i, RawDocument)}
    assert read == {"story.net": "html", "index.php": "text", "noext": "text"}
    (error,) = [i for i in items if isinstance(i, IngestError)]
    assert error.path == str(tmp_path / "data.bin") and "binary data" in error.detail


def test_every_file_not_read_is_reported(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    for n in range(3):  # said once, for the hidden folder
        (tmp_path / ".git" / f"object{n}").write_text("x")
    (tmp_path / ".DS_Store").write_bytes(b"\x00")
    (tmp_path / "README.md").write_text("# my corpus")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "chart.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    (tmp_path / "sub" / "a.txt").write_text(TEXT, encoding="utf-8")
    report = ingest(SQLiteStore(":memory:"), [str(tmp_path)])
    assert report.read == 1 and report.errors == []
    assert [(Path(w.path).relative_to(tmp_path).as_posix(), w.reason, w.detail)
            for w in report.warnings] == [
        (".DS_Store", "not read", "hidden file"),
        (".git", "not read", "hidden folder"),
        ("README.md", "not read", "a README describes its folder"),
        ("sub/chart.png", "not read", ".png is not an article format"),
    ]


def test_the_cli_says_what_it_did_not_read(tmp_path: Path) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(FIXTURES / "raqqa_003.html", folder / "story.net")
    (folder / "logo.svg").write_text("<svg/>")
    result = CliRunner().invoke(app, ["ingest", str(folder), "--db", str(tmp_path / "x.db")])
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())
    assert f"warning {folder / 'logo.svg'}: not read (.svg is not an article format)" in output
    assert "1 articles read: 1 new" in output


def test_a_text_file_as_store_is_a_one_line_error(tmp_path: Path) -> None:
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes\n" * 100)
    result = CliRunner().invoke(app, ["ls", "--db", str(notes)])
    assert result.exit_code == 1
    assert result.output.strip().splitlines() == [
        f"error: cannot open the store {notes}: file is not a database (a dateline store is a "
        "SQLite file)"]
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert notes.read_text() == "my notes\n" * 100


@pytest.mark.parametrize("command", [["ls"], ["ingest", str(FIXTURES / "raqqa_003.html")],
                                     ["serve"], ["build", str(FIXTURES / "raqqa_003.html")]])
def test_a_store_in_a_missing_folder_is_an_error(tmp_path: Path, command: list[str]) -> None:
    db = tmp_path / "nonexistent" / "dir" / "x.db"
    result = CliRunner().invoke(app, [*command, "--db", str(db)])
    assert result.exit_code == 1, result.output
    assert result.output.strip().splitlines() == [
        f"error: cannot create the store {db}: the folder {db.parent} does not exist "
        "(create it first)"]
    assert not (tmp_path / "nonexistent").exists()


def test_store_open_errors(tmp_path: Path) -> None:
    with pytest.raises(StoreOpenError, match="is a folder"):
        SQLiteStore(tmp_path)
    (tmp_path / "file").write_text("x")
    with pytest.raises(StoreOpenError, match="is not a folder"):
        SQLiteStore(tmp_path / "file" / "x.db")
    other = tmp_path / "other.db"
    sqlite3.connect(other).close()  # an empty SQLite file becomes a store
    SQLiteStore(other).close()
