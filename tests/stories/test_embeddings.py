"""The int8 ONNX encoder against the full torch model, and the fallback when it is missing."""

from __future__ import annotations

import logging
from pathlib import Path

import numpy as np
import pytest

from dateline.model import Article
from dateline.store import SQLiteStore
from dateline.stories import embeddings, onnx_model
from dateline.stories.embeddings import ONNX, TORCH, embed_articles, embed_texts, encoder_name

needs_export = pytest.mark.skipif(
    not onnx_model.available(),
    reason=f"no int8 ONNX model at {onnx_model.model_path()} "
           "(python -m dateline.stories.onnx_model --export, run by make install)")


@needs_export
def test_onnx_matches_torch_on_raqqa(raqqa: list[Article]) -> None:
    fast = embed_articles(raqqa, encoder=ONNX)
    full = embed_articles(raqqa, encoder=TORCH)
    assert fast.shape == full.shape == (5, embeddings.DIM)
    np.testing.assert_allclose(np.linalg.norm(fast, axis=1), 1.0, atol=1e-5)
    cosines = np.sum(fast * full, axis=1)
    assert cosines.min() > 0.98, cosines
    # the same story's reports stay nearer each other than to an unrelated text
    other = embed_texts(["The central bank raised interest rates by a quarter point."],
                        encoder=ONNX)
    assert (fast @ fast.T)[np.triu_indices(5, 1)].min() > float((fast @ other.T).max())


@needs_export
def test_onnx_vector_of_a_text_does_not_depend_on_the_others(raqqa: list[Article]) -> None:
    texts = [embeddings.article_text(a) for a in raqqa] + ["Raqqa.", "Short text here."]
    together = embed_texts(texts, encoder=ONNX)
    alone = np.vstack([embed_texts([t], encoder=ONNX) for t in reversed(texts)])[::-1]
    np.testing.assert_array_equal(together, alone)


def test_missing_export_falls_back_to_torch_with_one_warning(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path,
        caplog: pytest.LogCaptureFixture) -> None:
    monkeypatch.setattr(onnx_model, "model_path", lambda: tmp_path / "missing.onnx")
    monkeypatch.setattr(embeddings, "_warned", [])
    monkeypatch.delenv("DATELINE_ENCODER", raising=False)
    with caplog.at_level(logging.WARNING, logger="dateline.stories.embeddings"):
        assert encoder_name() == TORCH
        assert encoder_name() == TORCH
    assert [r.getMessage().count("missing.onnx") for r in caplog.records] == [1]
    with pytest.raises(FileNotFoundError, match="--export"):
        encoder_name(ONNX)
    monkeypatch.setenv("DATELINE_ENCODER", "tensorflow")
    with pytest.raises(ValueError, match="unknown encoder"):
        encoder_name()


@needs_export
def test_store_cache_drops_vectors_of_another_encoder(store: SQLiteStore,
                                                     raqqa: list[Article]) -> None:
    from dateline.stories.tables import store_embedder

    stale = np.zeros(embeddings.DIM, dtype=np.float32)
    stale[0] = 1.0
    store.save_state("stories", "encoder", TORCH)
    with store.transaction():
        store.execute("INSERT INTO stories_embeddings VALUES (?,?,?)",
                      (raqqa[0].id, 128, stale.tobytes()))
    vectors = store_embedder(store, encoder=ONNX)(raqqa[:2])
    np.testing.assert_allclose(vectors, embed_articles(raqqa[:2], encoder=ONNX), atol=1e-6)
    assert store.load_state("stories", "encoder") == ONNX
    assert store.execute("SELECT COUNT(*) FROM stories_embeddings").fetchone()[0] == 2
