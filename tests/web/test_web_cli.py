"""`dateline serve` binds to loopback unless told otherwise, and checks its options."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from dateline.cli import app

runner = CliRunner()


@pytest.fixture
def served(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    import uvicorn

    calls: list[dict[str, Any]] = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: calls.append(
        {"app": application, **kw}))
    return calls


def test_serve_defaults_to_loopback(served: list[dict[str, Any]], tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "s.db")])
    assert result.exit_code == 0, result.output
    assert served[0]["host"] == "127.0.0.1" and served[0]["port"] == 8000
    settings = served[0]["app"].state.settings
    assert settings.ingest_root is None and settings.max_upload_bytes == 50 * 2**20
    assert "warning" not in result.output


def test_serve_options(served: list[dict[str, Any]], tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "s.db"), "--host", "0.0.0.0",
                                 "--port", "8123", "--ingest-root", str(tmp_path),
                                 "--max-upload-mb", "2"])
    assert result.exit_code == 0, result.output
    assert "warning" in result.output and "0.0.0.0" in result.output
    assert served[0]["host"] == "0.0.0.0" and served[0]["port"] == 8123
    settings = served[0]["app"].state.settings
    assert settings.ingest_root == tmp_path and settings.max_upload_bytes == 2 * 2**20


def test_serve_refuses_a_missing_root(served: list[dict[str, Any]], tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "s.db"),
                                 "--ingest-root", str(tmp_path / "none")])
    assert result.exit_code == 1 and "is not a folder" in " ".join(result.output.split())
    assert served == []


def test_serve_allowed_hosts(served: list[dict[str, Any]], tmp_path: Path) -> None:
    result = runner.invoke(app, ["serve", "--db", str(tmp_path / "s.db"), "--port", "8123",
                                 "--allowed-host", "news.example", "--allowed-host", "box:9"])
    assert result.exit_code == 0, result.output
    settings = served[0]["app"].state.settings
    assert (settings.host, settings.port) == ("127.0.0.1", 8123)
    assert settings.allowed_hosts == ("news.example", "box:9")
