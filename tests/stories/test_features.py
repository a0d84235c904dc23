"""Terms, folded TF-IDF vectors and the clustering rule, on small made-up inputs."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from dateline.stories.clustering import Centroids, Similarity, assign, split
from dateline.stories.features import TermFolder, terms


def test_entities_become_single_terms() -> None:
    found = terms("Fighters of the Syrian Democratic Forces breached the Old City wall.")
    assert "@syrian_democratic_forces" in found and "@old_city" in found
    assert "the" not in found and "fighters" in found


@given(st.text(max_size=300))
def test_terms_never_fail_and_are_lower_case_words(text: str) -> None:
    for term in terms(text):
        assert term and term == term.lower()


def test_folded_vectors_keep_tfidf_order() -> None:
    folder = TermFolder(dim=1024)
    texts = ["Raqqa Old City wall breached by SDF fighters",
             "SDF fighters breach the Old City wall of Raqqa",
             "Michael Jackson memorial held in Los Angeles", ""]
    counts = folder.counts(texts)
    folder.update(counts)
    vectors = folder.transform(counts)
    assert np.allclose(np.linalg.norm(vectors[:3], axis=1), 1.0, atol=1e-5)
    assert not vectors[3].any()
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2] + 0.3


def test_dates_keep_apart_what_content_joins() -> None:
    rng = np.random.default_rng(0)
    base = rng.normal(size=8)
    E = np.stack([base + 0.05 * rng.normal(size=8) for _ in range(4)]).astype(np.float32)
    E /= np.linalg.norm(E, axis=1, keepdims=True)
    T = np.zeros((4, 4), np.float32)
    days = np.array([0.0, 1.0, 400.0, np.nan])
    sim = Similarity(threshold=0.6, embed_weight=1.0, time_scale=30.0, time_weight=0.8,
                     unknown=0.2)
    rows = assign(E, T, days, Centroids.empty(8, 4), sim, ["a", "b", "c", "d"])
    assert rows[0] == rows[1]  # a day apart: one cluster
    assert rows[2] != rows[0]  # a year later the same words start a new one
    assert rows[3] in (rows[0], rows[2])  # undated: content decides, with a smaller discount


def test_dormant_clusters_are_not_joined() -> None:
    E = np.ones((2, 4), np.float32) / 2.0
    T = np.zeros((2, 4), np.float32)
    sim = Similarity(threshold=0.3, embed_weight=1.0, time_weight=0.0, window=30.0)
    cents = Centroids.empty(4, 4)
    assign(E[:1], T[:1], np.array([0.0]), cents, sim, ["old"])
    rows = assign(E[1:], T[1:], np.array([100.0]), cents, sim, ["new"])
    assert cents.ids[rows[0]] == "new"


def _chain(rng: np.random.Generator, n: int, drift: float) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors of ``n`` dated articles: the second half about ``drift`` another topic."""
    first, second = rng.normal(size=(2, 16))
    rows = [(first if i < n // 2 else (1 - drift) * first + drift * second)
            + 0.3 * rng.normal(size=16) for i in range(n)]
    E = np.stack(rows).astype(np.float32)
    E /= np.linalg.norm(E, axis=1, keepdims=True)
    return E, E[:, ::-1].copy()


def test_a_story_that_drifted_into_another_topic_is_cut_where_it_changed() -> None:
    E, T = _chain(np.random.default_rng(2), 20, drift=1.0)
    days = np.arange(20.0)
    days[3] = np.nan  # undated, about the first topic: it follows that part
    rows, ids = split(E, T, days, np.zeros(20, dtype=np.int64), ["s"], 0.7, 0.7)
    assert len(ids) == 2 and ids[0] == "s"
    assert (rows[:10] == 0).all() and (rows[10:] == 1).all()


def test_one_topic_and_undated_stories_are_not_cut() -> None:
    E, T = _chain(np.random.default_rng(3), 20, drift=0.0)
    rows, ids = split(E, T, np.arange(20.0), np.zeros(20, dtype=np.int64), ["s"], 0.7, 0.7)
    assert ids == ["s"] and (rows == 0).all()
    E, T = _chain(np.random.default_rng(2), 20, drift=1.0)
    undated = np.full(20, np.nan)
    rows, ids = split(E, T, undated, np.zeros(20, dtype=np.int64), ["s"], 0.7, 0.7)
    assert ids == ["s"]  # without dates there is no before and after to cut between
