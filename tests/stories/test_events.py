"""Events inside a story: average linkage in batch, the same criterion for arrivals, contrast."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from dateline.model import Article
from dateline.stories import StoryClusterer
from dateline.stories.clustering import (
    Similarity,
    assign,
    average_linkage,
    contrast,
    pairwise,
    rebuild,
    similarities,
)


def _unit(x: np.ndarray) -> np.ndarray:
    return (x / np.linalg.norm(x, axis=1, keepdims=True)).astype(np.float32)


def _two_events(rng: np.random.Generator, n: int = 6) -> tuple[np.ndarray, np.ndarray]:
    """Unit vectors of one story: a shared part (the actors) plus one of two event parts."""
    shared, first, second = rng.normal(size=(3, 16))
    rows = [2.0 * shared + (first if i < n // 2 else second) + 0.2 * rng.normal(size=16)
            for i in range(n)]
    E = _unit(np.stack(rows))
    T = _unit(np.stack([row[::-1] for row in rows]))
    return E, T


def test_mean_similarity_from_sums_is_the_mean_over_members() -> None:
    rng = np.random.default_rng(1)
    E, T = _two_events(rng)
    ones = np.ones(len(E))
    Es = contrast(E, ones, E.mean(axis=0), 0.3)
    Ts = contrast(T, ones, T.mean(axis=0), 0.3)
    days = np.full(len(E), np.nan)
    sim = Similarity(threshold=0.3, embed_weight=0.4, time_weight=0.0, mean=True)
    members = np.array([0, 1, 2])
    cents = rebuild(Es[members], Ts[members], days[members], np.zeros(3, np.int64), ["e"])
    got = similarities(Es, Ts, days, cents, sim)[:, 0]
    want = pairwise(Es, Ts, days, sim)[:, members].mean(axis=1)
    assert np.allclose(got, want, atol=1e-5)
    # sums moved into the contrast space equal the moved members summed
    moved_sum = contrast(E[members].sum(axis=0, keepdims=True), np.array([3.0]),
                         E.mean(axis=0), 0.3)
    assert np.allclose(moved_sum[0], Es[members].sum(axis=0), atol=1e-5)


def test_contrast_tells_apart_two_events_that_share_actors() -> None:
    rng = np.random.default_rng(2)
    E, T = _two_events(rng)
    days = np.full(len(E), np.nan)
    sim = Similarity(threshold=0.6, embed_weight=0.5, time_weight=0.0, mean=True)
    assert len(set(average_linkage(E, T, days, sim))) == 1  # the shared part dominates
    ones = np.ones(len(E))
    Es = contrast(E, ones, E.mean(axis=0), 0.3)
    Ts = contrast(T, ones, T.mean(axis=0), 0.3)
    labels = average_linkage(Es, Ts, days, sim)
    assert list(labels) == [0, 0, 0, 1, 1, 1]


def test_an_arrival_joins_where_average_linkage_would_put_it() -> None:
    rng = np.random.default_rng(3)
    E, T = _two_events(rng, 8)
    ones = np.ones(len(E))
    Es = contrast(E, ones, E.mean(axis=0), 0.3)
    Ts = contrast(T, ones, T.mean(axis=0), 0.3)
    days = np.full(len(E), np.nan)
    sim = Similarity(threshold=0.6, embed_weight=0.5, time_weight=0.0, mean=True)
    old = [0, 1, 2, 4, 5, 6]  # three of each event, then one more of each arrives
    labels = average_linkage(Es[old], Ts[old], days[old], sim)
    cents = rebuild(Es[old], Ts[old], days[old], labels, ["a", "b"])
    rows = assign(Es[[3, 7]], Ts[[3, 7]], days[[3, 7]], cents, sim, ["new3", "new7"])
    assert list(rows) == [0, 1]
    assert len(cents) == 2  # nothing new started
    whole = average_linkage(Es, Ts, days, sim)
    assert whole[3] == whole[0] and whole[7] == whole[4]


def test_arrivals_keep_events_and_plain_sums(raqqa: list[Article],
                                             embedder: Callable[[list[Article]], np.ndarray]
                                             ) -> None:
    model = StoryClusterer(embedder=embedder).fit(raqqa[:3])
    before = {a.id: model.event_of[a.id] for a in raqqa[:3]}
    model.partial_fit(raqqa[3:])
    assert {a.id: model.event_of[a.id] for a in raqqa[:3]} == before
    for eid, row in model.event_row.items():  # saved sums stay in the plain space
        members = [a for a in raqqa if model.event_of[a.id] == eid]
        assert model.event_story[eid] == model.story_of[members[0].id]
        assert model.events.count[row] == len(members)
        assert np.allclose(model.events.emb[row], embedder(members).sum(axis=0), atol=1e-4)
