"""Inputs to an ``articles`` and an ``errors`` DataFrame: the local per-article code in Spark.

Each input file is one task: the task reads it with the local readers
(:func:`dateline.ingest.pipeline.read_path`) and turns each raw document into an article with
the local :func:`~dateline.ingest.to_article` and its sentences with
:func:`~dateline.time.date_sentences`. Parquet inputs are read by Spark and each row goes
through the local JSONL record parser, so a Parquet dump with the columns of a JSONL dump gives
the same articles. Nothing here differs from ``dateline ingest`` but the place it runs.

Every record carries ``pos``: its input order (file number << 32 | record number), which the
copy step uses the way the local path uses ingest order (the first of two copies is the one
read first).
"""

from __future__ import annotations

import glob
import json
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from typing import Any

from dateline.model import Article, IngestError, from_dict, to_dict

RECORD_BITS = 32
PARQUET_SUFFIX = ".parquet"

ARTICLE_COLUMNS = ("pos", "id", "article", "sentences")
ERROR_COLUMNS = ("pos", "path", "reason", "detail")
_RECORD_SCHEMA = ("pos long, id string, article string, sentences string, path string, "
                  "reason string, detail string")


def _is_parquet(path: Path) -> bool:
    if path.is_dir():
        return any(path.glob(f"*{PARQUET_SUFFIX}"))
    return path.suffix.lower() == PARQUET_SUFFIX


def input_files(specs: Iterable[str]) -> tuple[list[tuple[int, str, str]], list[IngestError]]:
    """``(number, path, kind)`` of every input file (kind ``parquet`` or ``file``), in the order
    ``dateline ingest`` reads them, and an error for each spec that names nothing."""
    from dateline.ingest.pipeline import input_files

    found: list[tuple[int, str, str]] = []
    missing: list[IngestError] = []
    for spec in specs:
        path = Path(spec)
        matches = [path] if path.exists() else []
        if not matches and any(char in spec for char in "*?["):
            matches = sorted(Path(match) for match in glob.glob(spec, recursive=True))
        if not matches:
            missing.append(IngestError(spec, "not found", "no such file or folder"))
        for match in matches:
            if _is_parquet(match):
                found.append((len(found), str(match), "parquet"))
                continue
            for file in input_files(match):
                kind = "parquet" if _is_parquet(file) else "file"
                found.append((len(found), str(file), kind))
    return found, missing


def _rows(pos: int, item: Any) -> Iterator[tuple[Any, ...]]:
    """The records of one processed item: an article (with its dated sentences), or an error."""
    from dateline.ingest.pipeline import process_raw
    from dateline.time import date_sentences

    result = process_raw(item)  # to_article, with any exception turned into an IngestError
    if isinstance(result, IngestError):
        yield (pos, None, None, None, result.path, result.reason, result.detail)
        return
    try:
        sentences = json.dumps(to_dict(list(date_sentences(result))))
    except Exception as exc:  # a dating failure keeps the article, and is reported
        sentences = None
        yield (pos, None, None, None, result.id, "failed to date", f"{type(exc).__name__}: {exc}")
    yield (pos, result.id, json.dumps(to_dict(result)), sentences, None, None, None)


def _file_partition(fields: Mapping[str, str] | None):  # type: ignore[no-untyped-def]
    def run(files: Iterable[tuple[int, str]]) -> Iterator[tuple[Any, ...]]:
        from dateline.ingest.pipeline import ReadOptions, read_path

        options = ReadOptions(fields=fields)
        for number, path in files:
            record = 0
            try:
                for record, item in enumerate(read_path(Path(path), options)):
                    yield from _rows((number << RECORD_BITS) | record, item)
            except Exception as exc:  # a reader bug on one file must not fail the job
                yield ((number << RECORD_BITS) | (record + 1), None, None, None, path,
                       "failed to read", f"{type(exc).__name__}: {exc}")
    return run


def _parquet_partition(number: int, name: str, fields: Mapping[str, str] | None
                       ):  # type: ignore[no-untyped-def]
    def run(lines: Iterable[tuple[str, int]]) -> Iterator[tuple[Any, ...]]:
        from dateline.ingest.jsonl import field_mapping, parse_line

        mapping = field_mapping(fields)
        for line, index in lines:
            item = parse_line(line.encode("utf-8"), name, index + 1, mapping, False)
            yield from _rows((number << RECORD_BITS) | index, item)
    return run


def read_records(spark: Any, specs: Iterable[str], fields: Mapping[str, str] | None = None
                 ) -> Any:
    """One DataFrame of every article and error read from ``specs`` (columns of
    ``_RECORD_SCHEMA``; ``id`` is null for an error)."""
    files, missing = input_files(specs)
    plain = [(number, path) for number, path, kind in files if kind == "file"]
    sc = spark.sparkContext
    parts = []
    if plain:
        slices = max(1, min(len(plain), sc.defaultParallelism * 4))
        parts.append(sc.parallelize(plain, slices).mapPartitions(_file_partition(fields)))
    for number, path, kind in files:
        if kind == "parquet":
            lines = spark.read.parquet(path).toJSON().zipWithIndex()
            parts.append(lines.mapPartitions(_parquet_partition(number, path, fields)))
    if missing:
        parts.append(sc.parallelize([(-1 - i, None, None, None, e.path, e.reason, e.detail)
                                     for i, e in enumerate(missing)], 1))
    rdd = sc.union(parts) if parts else sc.emptyRDD()
    return spark.createDataFrame(rdd, _RECORD_SCHEMA)


def split_records(records: Any) -> tuple[Any, Any]:
    """(articles, errors) views of a DataFrame of :func:`read_records`."""
    from pyspark.sql import functions as F

    articles = records.where(F.col("id").isNotNull()).select(*ARTICLE_COLUMNS)
    errors = records.where(F.col("id").isNull()).select(*ERROR_COLUMNS)
    return articles, errors


def read_articles(spark: Any, specs: Iterable[str], fields: Mapping[str, str] | None = None
                  ) -> tuple[Any, Any]:
    """(articles, errors) DataFrames of the inputs ``specs`` (paths, folders, globs).

    ``articles`` has ``pos``, ``id``, ``article`` (the Article as JSON, as the store keeps it)
    and ``sentences`` (the dated sentences as JSON); an article read twice has two rows (two
    sources), as ``dateline ingest`` records two sources. ``errors`` has ``pos``, ``path``,
    ``reason``, ``detail``: a malformed record ends there and the job goes on. Each of the two
    reads the inputs when used; to use both, persist :func:`read_records` and
    :func:`split_records` it (as :func:`dateline.scale.run_build` does).
    """
    return split_records(read_records(spark, specs, fields))


def article_frame(spark: Any, articles: Iterable[Article], slices: int | None = None) -> Any:
    """A DataFrame (``pos``, ``id``, ``article``) of Article records already in memory, in
    their order (for tests and benchmarks that build articles in Python)."""
    import pyarrow as pa

    rows = [(a.id, json.dumps(to_dict(a))) for a in articles]
    slices = slices or spark.sparkContext.defaultParallelism
    # sent as Arrow, one batch a partition (rows would be pickled one by one)
    step = max(1, -(-len(rows) // slices))
    batches = [pa.RecordBatch.from_arrays(
        [pa.array(range(start, start + len(chunk)), pa.int64()),
         pa.array([r[0] for r in chunk], pa.string()),
         pa.array([r[1] for r in chunk], pa.string())], ["pos", "id", "article"])
        for start in range(0, len(rows), step) for chunk in [rows[start : start + step]]]
    if not batches:
        return spark.createDataFrame([], "pos long, id string, article string")
    return spark.createDataFrame(pa.Table.from_batches(batches),
                                 "pos long, id string, article string")


def load_article(data: str) -> Article:
    """An Article from its JSON column (every Spark step that reads articles calls this once
    per article; ``from_dict`` resolves each type's hints once, not per record)."""
    return from_dict(Article, json.loads(data))
