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
- ``dated_copies``: ``id``, ``article``: the articles that took their date from a copy
- ``analysis``: one row per article id: ``pos``, ``id``, ``article`` (as analyzed, JSON),
  ``sentences``, ``mentions``, ``claims`` (JSON; see :mod:`dateline.scale.analysis`)
- ``aligned``: ``original``, ``copy``, ``link`` (the CopyLink with its aligned passages, JSON),
  ``copy_outlet``
- ``timelines``: one row per story: ``story``, ``pos``, ``articles``, ``timeline``,
  ``summary``, ``comparison`` (JSON: the fields of the build's ``StoryResult``), ``note``
  (see :mod:`dateline.scale.timelines`)

An article or a story whose analysis, alignment or timeline step raises is a row of
``errors`` (its id, the step, the exception); the job goes on.
"""

from __future__ import annotations

import json
import shutil
import time
import zlib
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

import numpy as np

from dateline.copies import tables
from dateline.copies.detector import CopyDetector
from dateline.copies.index import Segment
from dateline.copies.tables import STEP
from dateline.model import IngestError
from dateline.report.outputs import BuildCounts, ImportCounts
from dateline.scale.articles import load_article, read_records, split_records
from dateline.scale.copies import BROADCAST_BYTES, PAIRS_PER_SLICE, find_copies

STORY_TABLES = ("stories", "story_clusters", "story_embeddings", "story_meta", "dated_copies",
                "analysis", "aligned", "timelines")
TABLES = ("articles", "errors", "fingerprints", "copies", *STORY_TABLES)
IMPORT_BATCH = 500
# reasons of the error rows that build_products appends to ``errors``
STEP_REASONS = ("failed to analyze", "failed to align", "failed to build timeline")


def run_build(spark: Any, inputs: Iterable[str], out: str | Path,
              fields: Mapping[str, str] | None = None,
              detector: CopyDetector | None = None, stories: bool = True,
              clusterer: Any = None, block_size: int | None = None,
              config: Any = None, pairs_per_slice: int = PAIRS_PER_SLICE,
              broadcast_bytes: int = BROADCAST_BYTES) -> BuildCounts:
    """Read ``inputs``, run the per-article stages, copy detection and (unless ``stories`` is
    false) story clustering with ``clusterer``'s parameters in blocks of at most ``block_size``
    copy-group leaders (default :data:`~dateline.scale.stories.BLOCK_SIZE`), the per-article
    analysis (mentions, claims) and each story's timeline, overview and source comparison
    with the settings of ``config`` (a :class:`dateline.build.BuildConfig`; its ``jobs`` and
    ``refit_stories`` do not apply); write the tables. ``pairs_per_slice`` bounds the copy
    step's disk and ``broadcast_bytes`` what it broadcasts instead of shuffling (see
    :func:`~dateline.scale.copies.find_copies`).

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
    links, fps = find_copies(spark, stored, detector, pairs_per_slice=pairs_per_slice,
                             broadcast_bytes=broadcast_bytes)
    fps.drop("article", "sketch").write.mode("overwrite").parquet(str(out / "fingerprints"))
    links.write.mode("overwrite").parquet(str(out / "copies"))
    counts.seconds["copies"] = round(time.perf_counter() - start, 3)
    fps.unpersist()
    if not stories:  # tables of an earlier run would no longer match the articles
        for table in STORY_TABLES:
            shutil.rmtree(out / table, ignore_errors=True)
    if stories:
        start = time.perf_counter()
        counts.dated_copies = write_dated_copies(spark, out)
        counts.seconds["dates"] = round(time.perf_counter() - start, 3)
        start = time.perf_counter()
        counts.stories, counts.blocks = build_stories(spark, out, clusterer, block_size)
        counts.seconds["stories"] = round(time.perf_counter() - start, 3)
        counts.analyzed, counts.timelines = build_products(spark, out, config, counts.seconds)
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
    unique = dated_unique(spark, out)
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


def _unique(spark: Any, out: Path) -> Any:
    """One row per article id (the first read): ``pos``, ``id``, ``article``."""
    return spark.read.parquet(str(out / "fingerprints")).select("pos", "id").join(
        spark.read.parquet(str(out / "articles")).select("pos", "article"), "pos")


def write_dated_copies(spark: Any, out: Path) -> int:
    """Write ``dated_copies``: the articles that take their date from a copy, as the local
    build does before clustering stories; how many."""
    from dateline.model import to_dict
    from dateline.scale.analysis import inherit_dates

    inherited = inherit_dates(spark, _unique(spark, out),
                              spark.read.parquet(str(out / "copies")))
    rows = [(i, json.dumps(to_dict(a))) for i, a in sorted(inherited.items())]
    spark.createDataFrame(rows, "id string, article string").coalesce(1).write.mode(
        "overwrite").parquet(str(out / "dated_copies"))
    return len(rows)


def dated_unique(spark: Any, out: Path) -> Any:
    """:func:`_unique` with the articles of ``dated_copies`` (when written) in place."""
    from dateline.scale.analysis import with_inherited

    unique = _unique(spark, out)
    if not (out / "dated_copies").is_dir():
        return unique
    inherited = {r["id"]: load_article(r["article"])
                 for r in spark.read.parquet(str(out / "dated_copies")).collect()}
    return with_inherited(spark, unique, inherited)


def build_products(spark: Any, out: Path, config: Any, seconds: dict[str, float]
                   ) -> tuple[int, int]:
    """Write ``analysis``, ``aligned`` and ``timelines`` (and their error rows into
    ``errors``) from the written articles, copies and stories; (articles analyzed, stories
    with a timeline)."""
    from pyspark import StorageLevel

    from dateline.build import BuildConfig
    from dateline.scale.analysis import align_frame, analyze_frame, split_analysis
    from dateline.scale.timelines import split_timelines, timeline_frame

    config = config or BuildConfig()
    _drop_step_errors(spark, out)
    steps = (("analysis", lambda: analyze_frame(spark, dated_unique(spark, out),
                                                 config.use_model), split_analysis),
             ("aligned", lambda: align_frame(spark, spark.read.parquet(str(out / "copies")),
                                               dated_unique(spark, out)), _split_aligned),
             ("timelines", lambda: timeline_frame(
                 spark, spark.read.parquet(str(out / "stories")),
                 spark.read.parquet(str(out / "analysis")),
                 spark.read.parquet(str(out / "aligned")), config), split_timelines))
    for name, make, split in steps:
        start = time.perf_counter()
        rows = make().persist(StorageLevel.MEMORY_AND_DISK)
        table, errors = split(rows)
        table.write.mode("overwrite").parquet(str(out / name))
        errors.write.mode("append").parquet(str(out / "errors"))
        rows.unpersist()
        seconds[name] = round(time.perf_counter() - start, 3)
    return (spark.read.parquet(str(out / "analysis")).count(),
            spark.read.parquet(str(out / "timelines")).count())


def _drop_step_errors(spark: Any, out: Path) -> None:
    """Remove the error rows of an earlier :func:`build_products` from ``errors`` (the rows
    of the read stay), so that running it again appends the same rows once."""
    from pyspark.sql import functions as F

    errors = spark.read.parquet(str(out / "errors"))
    if errors.where(F.col("reason").isin(*STEP_REASONS)).limit(1).count() == 0:
        return
    staged = out / "errors.tmp"
    errors.where(~F.col("reason").isin(*STEP_REASONS)).write.mode("overwrite").parquet(
        str(staged))
    shutil.rmtree(out / "errors")
    staged.rename(out / "errors")


def _split_aligned(rows: Any) -> tuple[Any, Any]:
    from pyspark.sql import functions as F

    return (rows.where(F.col("original").isNotNull()).select(
                "original", "copy", "link", "copy_outlet"),
            rows.where(F.col("original").isNull()).select(
                F.lit(-1).cast("long").alias("pos"), "path", "reason", "detail"))


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
    if (directory / "dated_copies").is_dir():
        counts.dated_copies = _date_copies(spark, directory, store)
    if empty_store and store.load_state(STEP, "params") is None:
        _write_copy_index(spark, directory, store, detector, counts)
    if empty_store and (directory / "story_meta").is_dir():
        from dateline.scale.story_import import write_stories

        stories = write_stories(spark, directory, store)
        counts.stories = len(stories)
        if all((directory / t).is_dir() for t in ("analysis", "aligned", "timelines")):
            from dateline.scale.publish import publish

            published = publish(spark, directory, store, stories)
            counts.timelines = published.timelines
            counts.claims, counts.entities = published.claims, published.entities
    return counts


def _date_copies(spark: Any, directory: Path, store: Any) -> int:
    """Give the stored dateless articles of ``dated_copies`` their copy's date, as the local
    build does; how many changed (none when imported before)."""
    changed = 0
    with store.transaction():
        for row in spark.read.parquet(str(directory / "dated_copies")).collect():
            stored = store.get_article(row["id"])
            if stored is not None and stored.published is None:
                store.replace_article(load_article(row["article"]))
                changed += 1
    return changed


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
    """The stored form of a local fit (:mod:`dateline.copies.tables`, as
    ``CopyDetector.save`` writes it): signatures by slot (input order), band key segment,
    links, parameters, stop shingles and the article sequence it covers."""
    from dateline.scale.analysis import link_of
    from dateline.scale.copies import stop_list

    fps = spark.read.parquet(str(directory / "fingerprints")).orderBy("pos")
    stop = stop_list(fps, detector)
    signatures, keys, slots = [], [], []
    for slot, row in enumerate(fps.select("id", "exact_key", "n_shingles", "signature",
                                          "keys").toLocalIterator()):
        signatures.append(tables.signature_row(row["id"], slot, row["exact_key"],
                                               row["n_shingles"], bytes(row["signature"])))
        if row["keys"] is not None:
            keys.append(row["keys"])
            slots.append(slot)
    links = [link_of(r) for r in spark.read.parquet(str(directory / "copies")).collect()]
    segments = []
    if keys:
        segment = Segment.of(np.array(keys, dtype=np.int64), np.array(slots, dtype=np.int64))
        segments.append((segment.keys, segment.slots))
    with store.transaction():
        tables.replace_index(store, segments)
        tables.append(store, signatures, links, detector.get_params(), stop, len(signatures),
                      seq=store.max_seq())
    counts.links = len(links)
    counts.copies_index = True


def links_json(rows: Iterable[Any]) -> str:
    """Links rows as JSON lines (for ``--json``)."""
    return "\n".join(json.dumps(r.asDict()) for r in rows)
