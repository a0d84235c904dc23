"""Fixtures of the web tests: an app over a store with the Raqqa articles and results."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "report"))

from report_raqqa import raqqa_build  # noqa: E402

from dateline.ingest import ingest  # noqa: E402
from dateline.model import Article  # noqa: E402
from dateline.report.document import BuildResult  # noqa: E402
from dateline.report.results import save_results  # noqa: E402
from dateline.store import SQLiteStore  # noqa: E402
from dateline.web import Settings, create_app  # noqa: E402

LOCAL = "http://127.0.0.1:8000"  # a Host the app serves (testserver is not one)


@pytest.fixture(scope="session")
def raqqa_result(raqqa_articles: dict[str, Article]) -> BuildResult:
    return raqqa_build(raqqa_articles)


def raqqa_db(path: Path, raqqa_dir: Path, result: BuildResult) -> str:
    store = SQLiteStore(path)
    ingest(store, [str(raqqa_dir)])
    save_results(store, result.stories, result.copies, result.claims, result.entities)
    store.close()
    return str(path)


@pytest.fixture
def ingest_root(tmp_path: Path) -> Path:
    root = tmp_path / "inbox"
    root.mkdir()
    return root


@pytest.fixture
def settings(tmp_path: Path, raqqa_dir: Path, raqqa_result: BuildResult,
             ingest_root: Path) -> Settings:
    db = raqqa_db(tmp_path / "web.db", raqqa_dir, raqqa_result)
    return Settings(db=db, ingest_root=ingest_root, upload_dir=tmp_path / "uploads",
                    max_upload_bytes=64 * 1024, ingest_batch_size=2)


@pytest.fixture
def client(settings: Settings) -> Iterator[TestClient]:
    app = create_app(settings)
    with TestClient(app, base_url=LOCAL) as test_client:
        yield test_client
    app.state.jobs.wait()
