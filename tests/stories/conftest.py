"""Fixtures of the stories tests: the MiniLM embedder, loaded once for the whole module set."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest

from dateline.model import Article
from dateline.stories.embeddings import embed_articles


@pytest.fixture(scope="session")
def embedder() -> Callable[[list[Article]], np.ndarray]:
    """The bundled model (loaded once per test session) with a per-article memo."""
    memo: dict[str, np.ndarray] = {}

    def embed(articles: list[Article]) -> np.ndarray:
        missing = [a for a in articles if a.id not in memo]
        if missing:
            memo.update(zip((a.id for a in missing), embed_articles(missing), strict=True))
        return np.stack([memo[a.id] for a in articles])

    return embed


@pytest.fixture(scope="session")
def raqqa(raqqa_articles: dict[str, Article]) -> list[Article]:
    """The five reports in file order."""
    return [raqqa_articles[key] for key in sorted(raqqa_articles)]
