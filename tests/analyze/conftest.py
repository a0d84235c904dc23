"""The Raqqa corpus through the per-article analysis once per session (spaCy loads once)."""

from __future__ import annotations

import pytest

from dateline.analyze import analyze_articles
from dateline.model import AnalyzedArticle, Article


@pytest.fixture(scope="session")
def raqqa_analyzed(raqqa_articles: dict[str, Article]) -> list[AnalyzedArticle]:
    return list(analyze_articles(raqqa_articles.values()))


@pytest.fixture(scope="session")
def by_prefix(raqqa_articles: dict[str, Article]) -> dict[str, str]:
    """File prefix ("000") -> article id."""
    return {prefix: article.id for prefix, article in raqqa_articles.items()}
