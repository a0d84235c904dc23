"""The story tables of a Spark build into a store, as a local ``dateline stories`` saves them.

The tables hold what a fitted :class:`~dateline.stories.StoryClusterer` keeps (assignments,
centroid sums, labels, term frequencies); they are put back into one and saved with the local
:func:`dateline.stories.persist.save`, so ``dateline stories``, the web UI and later arrivals
(``partial_fit``) read and go on from them. The embeddings fill the store's embedding cache.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from dateline.model import Story


def _day(value: float | None) -> float:
    return float("nan") if value is None or math.isinf(value) else value


def write_stories(spark: Any, directory: Path, store: Any) -> list[Story]:
    """Save the stories of ``directory`` into ``store`` (replacing its saved stories), and
    cache the embeddings; the stories (``StoryClusterer.stories_``). Call on a store whose
    articles are those of the build (the import does so only for a store that was empty)."""
    from dateline.stories.clusterer import StoryClusterer
    from dateline.stories.clustering import Centroids
    from dateline.stories.embeddings import DIM
    from dateline.stories.labels import ArticleInfo
    from dateline.stories.persist import save

    meta = spark.read.parquet(str(directory / "story_meta")).first()
    model = StoryClusterer(**json.loads(meta["params"]))
    model.folder.restore(bytes(meta["df"]), int(meta["n_docs"]))
    for row in spark.read.parquet(str(directory / "stories")).toLocalIterator():
        aid = row["id"]
        model.infos[aid] = ArticleInfo(aid, row["date"], row["headline"], row["outlet"],
                                       row["grp"])
        model.story_of[aid] = row["story"]
        model.event_of[aid] = row["event"]
    clusters = spark.read.parquet(str(directory / "story_clusters"))
    for kind in ("story", "event"):
        rows = (clusters.where(clusters["kind"] == kind)
                .orderBy("seed_day", "seed_pos", "id").collect())
        cents = Centroids.empty(DIM, model.term_dim)
        cents.add_clusters([r["id"] for r in rows])
        for n, r in enumerate(rows):
            cents.emb[n] = np.frombuffer(r["emb"], "<f4")
            cents.terms[n] = np.frombuffer(r["terms"], "<f4")
            cents.count[n] = r["count"]
            cents.first[n] = _day(r["first"])
            cents.last[n] = _day(r["last"])
            if r["label_article"]:
                model.label_of[r["id"]] = (r["label_article"], r["label_score"] or 0.0)
            if kind == "event":
                model.event_story[r["id"]] = r["story"]
        cents.renorm()
        if kind == "story":
            model.stories, model.story_row = cents, {c: n for n, c in enumerate(cents.ids)}
        else:
            model.events, model.event_row = cents, {c: n for n, c in enumerate(cents.ids)}
        model.used_ids.update(cents.ids)
    vectors = spark.read.parquet(str(directory / "story_embeddings"))
    batch: list[tuple[str, int, bytes]] = []
    for row in vectors.toLocalIterator():
        batch.append((row["id"], model.max_tokens, bytes(row["vector"])))
        if len(batch) >= 1000:
            _cache(store, batch)
    _cache(store, batch)
    save(model, store, last_seq=store.max_seq())
    return model.stories_


def _cache(store: Any, batch: list[tuple[str, int, bytes]]) -> None:
    with store.transaction():
        store.executemany("INSERT OR REPLACE INTO stories_embeddings VALUES (?,?,?)", batch)
    batch.clear()

