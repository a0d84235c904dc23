"""The Raqqa corpus through the entities stage once per session (spaCy loads once)."""

from __future__ import annotations

import pytest

from dateline.entities.pipeline import EntitiesResult, run_entities
from dateline.model import Article


@pytest.fixture(scope="session")
def raqqa_result(raqqa_articles: dict[str, Article]) -> EntitiesResult:
    return run_entities(list(raqqa_articles.values()))


@pytest.fixture(scope="session")
def by_prefix(raqqa_articles: dict[str, Article]) -> dict[str, str]:
    """File prefix ("000") -> article id."""
    return {prefix: article.id for prefix, article in raqqa_articles.items()}
