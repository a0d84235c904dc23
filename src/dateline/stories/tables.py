"""The stories stage's tables: the one module that reads and writes them, saving a
:class:`StoryClusterer` to the store and loading it back (the Spark import saves through it too).

Tables (migration ``stories_0001_tables``): ``stories_stories`` and ``stories_events`` (the
records, for reading with any SQLite tool), ``stories_assignments`` (article -> story, event),
``stories_centroids`` (running sums, so arrivals are assigned without re-reading old
articles), ``stories_ops`` (the merge/split log), ``stories_embeddings`` (a cache of article
embeddings) and ``stories_blobs`` (document frequencies, parameters, last article seen).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from typing import Any

import numpy as np

from dateline.model import Article, to_dict
from dateline.store import Store
from dateline.stories.clusterer import StoryClusterer
from dateline.stories.clustering import CentroidRow
from dateline.stories.embeddings import DIM, article_text, embed_texts, encoder_name
from dateline.stories.labels import ArticleInfo


def _f32(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype=np.float32)


def _nan(value: float | None) -> float:
    return float("nan") if value is None else value


def _null(value: float) -> float | None:
    return None if np.isnan(value) else float(value)


def save(model: StoryClusterer, store: Store, last_seq: int | None = None) -> None:
    """Write the whole clustering state in one transaction (replacing the previous one)."""
    stories = model.stories_
    with store.transaction():
        for table in ("stories", "events", "assignments", "centroids", "ops", "blobs"):
            store.execute(f"DELETE FROM stories_{table}")
        store.executemany("INSERT INTO stories_stories VALUES (?,?,?,?,?,?,?)", (
            (s.id, s.label, s.first_date, s.last_date, len(s.article_ids),
             s.independent_sources, json.dumps(to_dict(s))) for s in stories))
        store.executemany("INSERT INTO stories_events VALUES (?,?,?,?,?,?)", (
            (e.id, s.id, e.label, e.first_date, e.last_date, len(e.article_ids))
            for s in stories for e in s.events))
        store.executemany("INSERT INTO stories_assignments VALUES (?,?,?,?,?,?,?)", (
            (aid, sid, model.event_of[aid], info.group, info.date, info.headline, info.outlet)
            for aid, sid in model.story_of.items() for info in (model.infos[aid],)))
        rows: list[tuple[Any, ...]] = []
        for kind, cents in (("story", model.stories), ("event", model.events)):
            for row, cid in enumerate(cents.ids):
                held = model.label_of.get(cid)
                rows.append((kind, cid, row, model.event_story.get(cid) if kind == "event"
                             else None, float(cents.count[row]), _null(cents.first[row]),
                             _null(cents.last[row]), cents.emb[row].tobytes(),
                             cents.terms[row].tobytes(), held[0] if held else None,
                             held[1] if held else None))
        store.executemany("INSERT INTO stories_centroids VALUES (?,?,?,?,?,?,?,?,?,?,?)", rows)
        store.executemany("INSERT INTO stories_ops VALUES (?,?,?,?,?)", (
            (op["id"], op["at"], op["op"], int(op["undone"]), json.dumps(op))
            for op in model.ops))
        df, n_docs = model.folder.state()
        meta = {"params": model.get_params(), "n_docs": n_docs,
                "used_ids": sorted(model.used_ids), "last_seq": last_seq}
        store.executemany("INSERT INTO stories_blobs VALUES (?,?)", (
            ("df", df), ("meta", json.dumps(meta).encode())))


def load(store: Store, **overrides: Any) -> tuple[StoryClusterer, int | None] | None:
    """The saved clusterer and the last article seq it saw; ``None`` when nothing was saved.

    ``overrides`` replace saved parameters that do not change the vectors (an ``embedder``).
    """
    blobs = {r[0]: r[1] for r in store.execute("SELECT key, value FROM stories_blobs")}
    if "meta" not in blobs:
        return None
    meta = json.loads(blobs["meta"])
    members = ((ArticleInfo(r["article_id"], r["date"], r["headline"], r["outlet"],
                            r["copy_group"]), r["story_id"], r["event_id"])
               for r in store.execute("SELECT * FROM stories_assignments"))
    clusters = [CentroidRow(r["kind"], r["id"], r["story_id"], r["count"], _nan(r["first_day"]),
                            _nan(r["last_day"]), _f32(r["emb"]), _f32(r["terms"]),
                            (r["label_article"], r["label_score"]) if r["label_article"]
                            else None)
                for r in store.execute("SELECT * FROM stories_centroids ORDER BY kind, row")]
    ops = [json.loads(r["detail"]) for r in
           store.execute("SELECT detail FROM stories_ops ORDER BY id")]
    model = StoryClusterer.from_tables(meta["params"], blobs["df"], meta["n_docs"], members,
                                       clusters, meta["used_ids"], ops, **overrides)
    return model, meta["last_seq"]


def headlines(store: Store, ids: Sequence[str]) -> dict[str, str]:
    """The short title the stories stage gave each of these articles (``ArticleInfo.headline``;
    an article never clustered has none)."""
    found: dict[str, str] = {}
    ids = list(dict.fromkeys(ids))
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        marks = ",".join("?" * len(chunk))
        for row in store.execute("SELECT article_id, headline FROM stories_assignments"
                                 f" WHERE article_id IN ({marks})", chunk):
            found[row[0]] = row[1]
    return found


def cache_embeddings(store: Store, rows: Iterable[tuple[str, int, bytes]]) -> None:
    """Add (article id, max_tokens, float32 vector) rows to the embedding cache."""
    with store.transaction():
        store.executemany("INSERT OR REPLACE INTO stories_embeddings VALUES (?,?,?)", rows)


def store_embedder(store: Store, max_tokens: int = 128,
                   encoder: str | None = None):  # noqa: ANN201
    """An embedder that reads and fills the store's embedding cache (one model run per text).

    The cache holds the vectors of one encoder (:func:`~dateline.stories.embeddings.
    encoder_name`, kept in the store's state): when the encoder changes (ONNX exported since,
    or ``DATELINE_ENCODER`` set) the cached vectors of the other are dropped, never mixed in.
    """
    checked: list[str] = []

    def embed(articles: list[Article]) -> np.ndarray:
        if not checked:
            checked.append(encoder_name(encoder))
            if store.load_state("stories", "encoder") != checked[0]:
                with store.transaction():
                    store.execute("DELETE FROM stories_embeddings")
                store.save_state("stories", "encoder", checked[0])
        found: dict[str, np.ndarray] = {}
        ids = [a.id for a in articles]
        for start in range(0, len(ids), 500):
            chunk = ids[start:start + 500]
            marks = ",".join("?" * len(chunk))
            for row in store.execute(
                    f"SELECT article_id, vector FROM stories_embeddings WHERE max_tokens=?"
                    f" AND article_id IN ({marks})", (max_tokens, *chunk)):
                found[row[0]] = _f32(row[1])
        missing = [a for a in articles if a.id not in found]
        if missing:
            vectors = embed_texts([article_text(a) for a in missing], max_tokens=max_tokens,
                                  encoder=checked[0])
            cache_embeddings(store, ((a.id, max_tokens, v.tobytes())
                                     for a, v in zip(missing, vectors, strict=True)))
            found.update({a.id: v for a, v in zip(missing, vectors, strict=True)})
        return np.stack([found[a.id] for a in articles]) if articles else np.zeros((0, DIM))

    return embed
