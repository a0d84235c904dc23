"""Fixtures of the report tests: the Raqqa build result, and a store that holds it."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_raqqa import raqqa_build

from dateline.ingest import ingest
from dateline.model import Article
from dateline.report.document import BuildResult
from dateline.report.results import save_results
from dateline.store import SQLiteStore


@pytest.fixture(scope="session")
def raqqa_result(raqqa_articles: dict[str, Article]) -> BuildResult:
    return raqqa_build(raqqa_articles)


@pytest.fixture
def raqqa_store(tmp_path: Path, raqqa_dir: Path, raqqa_result: BuildResult) -> SQLiteStore:
    """A store with the Raqqa articles ingested and the hand-built results published."""
    store = SQLiteStore(tmp_path / "raqqa.db")
    ingest(store, [str(raqqa_dir)])
    save_results(store, raqqa_result.stories, raqqa_result.copies, raqqa_result.claims,
                 raqqa_result.entities)
    return store
