"""The Spark main job (inputs -> Parquet tables) and the import of those tables into a store.

Tables written under ``out`` (each a Parquet folder, replaced whole by a re-run):

- ``articles``: ``pos``, ``id``, ``article`` (JSON), ``sentences`` (JSON of the dated sentences)
- ``errors``: ``pos``, ``path``, ``reason``, ``detail``
- ``fingerprints``: one row per article id: exact key, shingle count, MinHash signature, bands
- ``copies``: ``original``, ``copy``, ``similarity``, ``kind``, ``direction``
- ``stories``: one row per article id: ``story``, ``event``, copy group leader, date,
  headline, outlet (see :mod:`dateline.scale.stories`)
- ``story_clusters``: one row per story and event: running sums of the centroid, day range,
  label article
- ``story_embeddings``: ``id``, ``vector`` (float32) of the articles that were embedded
- ``story_meta``: the clusterer's parameters, the corpus term frequencies
"""

from __future__ import annotations

import json
import shutil
import time
import zlib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from dateline.copies.detector import STEP, CopyDetector
from dateline.copies.index import MemoryIndex, Segment, write_segments
from dateline.model import IngestError
from dateline.scale.articles import load_article, read_records, split_records
from dateline.scale.copies import find_copies

STORY_TABLES = ("stories", "story_clusters", "story_embeddings", "story_meta")
TABLES = ("articles", "errors", "fingerprints", "copies", *STORY_TABLES)
IMPORT_BATCH = 500


@dataclass
class BuildCounts:
    """What a Spark build wrote, and seconds per step."""

    articles: int = 0
    unique: int = 0
    errors: int = 0
    links: int = 0
    stories: int = 0
    blocks: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def run_build(spark: Any, inputs: Iterable[str], out: str | Path,
              fields: Mapping[str, str] | None = None,
              detector: CopyDetector | None = None, stories: bool = True,
              clusterer: Any = None, block_size: int | None = None) -> BuildCounts:
    """Read ``inputs``, run the per-article stages, copy detection and (unless ``stories`` is
    false) story clustering with ``clusterer``'s parameters in blocks of at most ``block_size``
    copy-group leaders (default :data:`~dateline.scale.stories.BLOCK_SIZE`); write the tables.

    Re-running over the same inputs writes the same tables (every table is overwritten; ids
    are content hashes and ``pos`` the input order).
    """
    out = Path(out)
    counts = BuildCounts()
    start = time.perf_counter()
    from pyspark import StorageLevel

    # one read of the inputs feeds both tables
    records = read_records(spark, inputs, fields).persist(StorageLevel.MEMORY_AND_DISK)
    articles, errors = split_records(records)
    articles.write.mode("overwrite").parquet(str(out / "articles"))
    errors.write.mode("overwrite").parquet(str(out / "errors"))
    records.unpersist()
    counts.seconds["articles"] = round(time.perf_counter() - start, 3)
    start = time.perf_counter()
    stored = spark.read.parquet(str(out / "articles"))
    links, fps = find_copies(spark, stored, detector)
    fps.drop("article").write.mode("overwrite").parquet(str(out / "fingerprints"))
    links.write.mode("overwrite").parquet(str(out / "copies"))
    counts.seconds["copies"] = round(time.perf_counter() - start, 3)
    fps.unpersist()
    if not stories:  # tables of an earlier run would no longer match the articles
        for table in STORY_TABLES:
            shutil.rmtree(out / table, ignore_errors=True)
    if stories:
        start = time.perf_counter()
        counts.stories, counts.blocks = build_stories(spark, out, clusterer, block_size)
        counts.seconds["stories"] = round(time.perf_counter() - start, 3)
    counts.articles = stored.count()
    counts.unique = spark.read.parquet(str(out / "fingerprints")).count()
    counts.errors = spark.read.parquet(str(out / "errors")).count()
    counts.links = spark.read.parquet(str(out / "copies")).count()
    return counts


def build_stories(spark: Any, out: Path, clusterer: Any, block_size: int | None
                   ) -> tuple[int, int]:
    """Write the story tables from the written articles and copies; (stories, blocks)."""
    from pyspark.sql import functions as F

    from dateline.scale.stories import BLOCK_SIZE, find_stories
    from dateline.stories.clusterer import StoryClusterer

    clusterer = clusterer or StoryClusterer()
    unique = spark.read.parquet(str(out / "fingerprints")).select("pos", "id").join(
        spark.read.parquet(str(out / "articles")).select("pos", "article"), "pos")
    tables = find_stories(spark, unique, spark.read.parquet(str(out / "copies")), clusterer,
                          block_size or BLOCK_SIZE)
    tables.stories.write.mode("overwrite").parquet(str(out / "stories"))
    tables.clusters.write.mode("overwrite").parquet(str(out / "story_clusters"))
    tables.embeddings.write.mode("overwrite").parquet(str(out / "story_embeddings"))
    meta = [(json.dumps(clusterer.get_params()), zlib.compress(tables.df.tobytes(), 1),
             tables.n_docs, tables.n_blocks)]
    spark.createDataFrame(meta, "params string, df binary, n_docs long, blocks long").coalesce(
        1).write.mode("overwrite").parquet(str(out / "story_meta"))
    tables.release()
    n = spark.read.parquet(str(out / "story_clusters")).where(F.col("kind") == "story").count()
    return n, tables.n_blocks


@dataclass
class ImportCounts:
    """What an import added to the store."""

    added: int = 0
    known: int = 0
    errors: int = 0
    links: int = 0
    copies_index: bool = False
    stories: int = 0


def import_tables(spark: Any, directory: str | Path, store: Any,
                  detector: CopyDetector | None = None) -> ImportCounts:
    """Read the tables of :func:`run_build` into ``store`` (a :class:`SQLiteStore`).

    Articles go in input order through ``put_article`` (one transaction per batch; an article
    already stored gains the new source only), errors through ``put_error`` (only those the
    store does not hold yet, so importing twice adds nothing). Into a store that held no
    articles and no copy index, the signatures, band keys and links are written as the index
    of a local fit with ``detector``'s parameters, so ``dateline copies`` and ``dateline
    build`` go on from it; into any other store, only articles and errors are imported and
    the next ``dateline copies`` indexes them locally.
    """
    directory = Path(directory)
    detector = detector or CopyDetector()
    counts = ImportCounts()
    empty_store = store.count_articles() == 0
    known_errors = {(e.path, e.reason, e.detail) for e in store.errors()}
    with store.transaction():
        for row in spark.read.parquet(str(directory / "errors")).orderBy("pos").collect():
            key = (row["path"], row["reason"], row["detail"] or "")
            if key not in known_errors:
                store.put_error(IngestError(*key))
                known_errors.add(key)
                counts.errors += 1
    batch: list[Any] = []
    rows = spark.read.parquet(str(directory / "articles")).orderBy("pos").select("article")
    for row in rows.toLocalIterator():
        batch.append(load_article(row["article"]))
        if len(batch) >= IMPORT_BATCH:
            _put(store, batch, counts)
    _put(store, batch, counts)
    if empty_store and store.load_state(STEP, "params") is None:
        _write_copy_index(spark, directory, store, detector, counts)
    if empty_store and (directory / "story_meta").is_dir():
        from dateline.scale.story_import import write_stories

        counts.stories = write_stories(spark, directory, store)
    return counts


def _put(store: Any, batch: list[Any], counts: ImportCounts) -> None:
    with store.transaction():
        for article in batch:
            if store.put_article(article):
                counts.added += 1
            else:
                counts.known += 1
    batch.clear()


def _write_copy_index(spark: Any, directory: Path, store: Any, detector: CopyDetector,
                      counts: ImportCounts) -> None:
    """The stored form of a local fit: signatures by slot (input order), band key segment,
    links, parameters, stop shingles and the article sequence it covers."""
    from dateline.scale.copies import stop_list

    fps = spark.read.parquet(str(directory / "fingerprints")).orderBy("pos")
    stop = stop_list(fps, detector)
    signatures, keys, slots = [], [], []
    for slot, row in enumerate(fps.select("id", "exact_key", "n_shingles", "signature",
                                          "keys").toLocalIterator()):
        signatures.append((row["id"], slot, row["exact_key"], row["n_shingles"],
                           bytes(row["signature"])))
        if row["keys"] is not None:
            keys.append(row["keys"])
            slots.append(slot)
    links = spark.read.parquet(str(directory / "copies")).collect()
    index = MemoryIndex()
    if keys:
        index.add(np.array(keys, dtype=np.int64), np.array(slots, dtype=np.int64))
    with store.transaction():
        for table in ("copies_signatures", "copies_links"):
            store.execute(f"DELETE FROM {table}")
        write_segments(store, index if keys else MemoryIndex([Segment.of(
            np.zeros((0, 1), np.int64), np.zeros(0, np.int64))]))
        store.executemany("INSERT INTO copies_signatures VALUES (?, ?, ?, ?, ?)", signatures)
        store.executemany("INSERT OR REPLACE INTO copies_links VALUES (?, ?, ?, ?, ?)",
                          [tuple(r) for r in links])
        store.save_state(STEP, "params", detector.get_params())
        if stop is not None:
            store.save_state(STEP, "stop", [int(x) for x in stop])
        store.save_state(STEP, "count", len(signatures))
        store.save_state(STEP, "seq", store.max_seq())
    counts.links = len(links)
    counts.copies_index = True


def links_json(rows: Iterable[Any]) -> str:
    """Links rows as JSON lines (for ``--json``)."""
    return "\n".join(json.dumps(r.asDict()) for r in rows)
