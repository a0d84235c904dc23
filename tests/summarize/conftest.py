"""Fixtures of the summarize tests: the Raqqa corpus dated by the time stage."""

from __future__ import annotations

import pytest

from dateline.model import AnalyzedArticle, Article


@pytest.fixture(scope="session")
def raqqa_analyzed(raqqa_articles: dict[str, Article]) -> dict[str, AnalyzedArticle]:
    """The five Raqqa articles with sentences dated by the time stage, keyed "000".."004"."""
    from dateline.time import date_sentences

    return {key: AnalyzedArticle(article, date_sentences(article))
            for key, article in raqqa_articles.items()}


@pytest.fixture(scope="session")
def raqqa_copies(raqqa_articles: dict[str, Article]) -> list[tuple[str, str]]:
    """000 is a rewrite of the Reuters story 001 (examples/raqqa/README.md)."""
    return [(raqqa_articles["000"].id, raqqa_articles["001"].id)]
