"""Fixtures shared by every stage's tests: the Raqqa corpus and the shared data folder."""

from __future__ import annotations

from pathlib import Path

import pytest

from dateline.ingest import read_inputs, to_article
from dateline.model import Article
from dateline.store import SQLiteStore

ROOT = Path(__file__).resolve().parent.parent
RAQQA = ROOT / "examples" / "raqqa"
SHARED_DATA = ROOT.parent / "shared" / "data"


@pytest.fixture(scope="session")
def raqqa_dir() -> Path:
    return RAQQA


@pytest.fixture(scope="session")
def raqqa_articles() -> dict[str, Article]:
    """The five seed articles after ingest, keyed by their file's three-digit prefix."""
    articles = {}
    for raw in read_inputs([str(RAQQA)]):
        article = to_article(raw)
        assert isinstance(article, Article), article
        articles[Path(article.source.path or "").name[:3]] = article
    return articles


@pytest.fixture
def store(tmp_path: Path) -> SQLiteStore:
    return SQLiteStore(tmp_path / "test.db")


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data`` beside the checkout; tests that need it skip when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip("../shared/data is not beside this checkout")
    return SHARED_DATA
