"""Stories on a store: fit the first time, then add what arrived since the last run."""

from __future__ import annotations

from collections.abc import Sequence

from dateline.model import Story
from dateline.store import Store
from dateline.stories.clusterer import StoryClusterer
from dateline.stories.tables import load, save, store_embedder


def load_clusterer(store: Store) -> tuple[StoryClusterer, int | None] | None:
    """The saved clusterer (with the store's embedding cache) and the last seq it saw."""
    saved = load(store)
    if saved is None:
        return None
    return load(store, embedder=store_embedder(store, saved[0].max_tokens))


def refresh_stories(store: Store, copy_groups: Sequence[tuple[str, ...]],
                    refit: bool = False) -> list[Story]:
    """Bring the store's stories up to date and save them.

    The first run (or ``refit``) clusters every article; later runs add the articles that
    arrived since (``partial_fit``), so story ids never change. ``copy_groups`` are the copies
    stage's groups over the same store (the caller brings that stage up to date first): copies
    always land in one story.
    """
    saved = load_clusterer(store)
    last_seq = store.max_seq()
    if saved is None or refit:
        model = saved[0] if saved else StoryClusterer(embedder=store_embedder(store))
        model.fit(store.iter_articles(), copy_groups=copy_groups)
    else:
        model, seen = saved
        model.partial_fit(store.iter_articles(since_seq=seen or 0), copy_groups=copy_groups)
    save(model, store, last_seq=last_seq)
    return model.stories_
