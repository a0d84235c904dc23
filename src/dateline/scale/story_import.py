"""The story tables of a Spark build into a store, as a local ``dateline stories`` saves them.

The tables hold what a fitted :class:`~dateline.stories.StoryClusterer` keeps (assignments,
centroid sums, labels, term frequencies); ``StoryClusterer.from_tables`` loads them, as it
loads the store's, and the local :func:`dateline.stories.tables.save` saves them, so
``dateline stories``, the web UI and later arrivals (``partial_fit``) read and go on from
them. The embeddings fill the store's embedding cache.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from dateline.model import Story
from dateline.stories.clustering import CentroidRow
from dateline.stories.labels import ArticleInfo


def _day(value: float | None) -> float:
    return float("nan") if value is None or math.isinf(value) else value


def write_stories(spark: Any, directory: Path, store: Any) -> list[Story]:
    """Save the stories of ``directory`` into ``store`` (replacing its saved stories), and
    cache the embeddings; the stories (``StoryClusterer.stories_``). Call on a store whose
    articles are those of the build (the import does so only for a store that was empty)."""
    from dateline.stories.clusterer import StoryClusterer
    from dateline.stories.tables import save

    meta = spark.read.parquet(str(directory / "story_meta")).first()
    members = ((ArticleInfo(r["id"], r["date"], r["headline"], r["outlet"], r["grp"]),
                r["story"], r["event"])
               for r in spark.read.parquet(str(directory / "stories")).toLocalIterator())
    clusters = spark.read.parquet(str(directory / "story_clusters"))
    rows = [_centroid_row(r) for kind in ("story", "event")
            for r in clusters.where(clusters["kind"] == kind)
            .orderBy("seed_day", "seed_pos", "id").collect()]
    model = StoryClusterer.from_tables(json.loads(meta["params"]), bytes(meta["df"]),
                                       int(meta["n_docs"]), members, rows)
    vectors = spark.read.parquet(str(directory / "story_embeddings"))
    batch: list[tuple[str, int, bytes]] = []
    for row in vectors.toLocalIterator():
        batch.append((row["id"], model.max_tokens, bytes(row["vector"])))
        if len(batch) >= 1000:
            _cache(store, batch)
    _cache(store, batch)
    save(model, store, last_seq=store.max_seq())
    return model.stories_


def _centroid_row(r: Any) -> CentroidRow:
    """A row of ``story_clusters`` as the clusterer loads it."""
    label = (r["label_article"], r["label_score"] or 0.0) if r["label_article"] else None
    return CentroidRow(r["kind"], r["id"], r["story"], r["count"], _day(r["first"]),
                       _day(r["last"]), np.frombuffer(r["emb"], "<f4"),
                       np.frombuffer(r["terms"], "<f4"), label)


def _cache(store: Any, batch: list[tuple[str, int, bytes]]) -> None:
    from dateline.stories.tables import cache_embeddings

    cache_embeddings(store, batch)
    batch.clear()
