"""The per-article analysis on Spark: dates inherited from copies, mentions and claims, aligned
copy links, each with the local function, and the analysis rows read back as records.

- :func:`inherit_dates`: a dateless article takes the date of a dated copy, as the local
  ``dateline build`` does right after the copies (``copies.inherit_dates``, the links in the
  order of ``CopyDetector.links_``). Only linked articles can change, so it runs on the
  driver over the dateless linked articles and their twins (collected; few next to the corpus).
- :func:`analyze_frame`: ``analyze.articles.analyze_articles`` per partition (spaCy loaded once
  per Python worker: ``analyze.nlp`` keeps it and Spark reuses its workers), in chunks of
  :data:`CHUNK` articles through one batched ``nlp.pipe`` as locally. A chunk that raises is
  analyzed again article by article; an article that still raises becomes an error row (its
  id, ``failed to analyze``, the exception) and the job goes on.
- :func:`align_frame`: every copy link with its aligned passages (``copies.align``), as the
  local build publishes them; a link whose alignment raises keeps no passages and is reported.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from typing import Any

from dateline.analyze.cache import analysis_parts, analyzed_from
from dateline.copies import derivation
from dateline.model import AnalyzedArticle, Article, CopyLink, from_dict, to_dict
from dateline.scale.articles import load_article

CHUNK = 64  # articles per nlp.pipe call; a failing chunk is retried one article at a time
ANALYSIS_COLUMNS = ("pos", "id", "article", "sentences", "mentions", "claims")
_ANALYSIS_SCHEMA = ("pos long, id string, article string, sentences string, mentions string, "
                    "claims string, path string, reason string, detail string")
_ALIGNED_SCHEMA = ("original string, copy string, link string, copy_outlet string, "
                   "path string, reason string, detail string")


def link_of(row: Any) -> CopyLink:
    """The CopyLink of a row of the ``copies`` table."""
    return CopyLink(row["original"], row["copy"], row["similarity"], row["kind"],
                    row["direction"])


def inherit_dates(spark: Any, unique: Any, copies: Any) -> dict[str, Article]:
    """The articles whose date the local build takes from a copy: id -> the new article.

    ``unique``: one row per article id (``id``, ``article`` JSON); ``copies``: the links.
    """
    links = sorted((link_of(r) for r in copies.collect()), key=lambda k: (k.original, k.copy))
    if not links:
        return {}
    linked = {i for k in links for i in (k.original, k.copy)}
    dated = dict(_subset(spark, unique, linked).rdd.map(
        lambda r: (r["id"], json.loads(r["article"]).get("published") is not None)).collect())
    dateless = {i for i in linked if not dated.get(i, True)}
    if not dateless:
        return {}
    needed = set(dateless)
    for k in links:
        if k.original in dateless or k.copy in dateless:
            needed.update((k.original, k.copy))
    state = {r["id"]: load_article(r["article"])
             for r in _subset(spark, unique, needed).collect()}
    return derivation.inherit_dates(links, state.get)


def _subset(spark: Any, unique: Any, ids: Iterable[str]) -> Any:
    from pyspark.sql import functions as F

    wanted = spark.createDataFrame([(i,) for i in sorted(ids)], "id string")
    return unique.join(F.broadcast(wanted), "id").select("id", "article")


def with_inherited(spark: Any, unique: Any, inherited: dict[str, Article]) -> Any:
    """``unique`` (``pos``, ``id``, ``article``) with the articles of :func:`inherit_dates`."""
    from pyspark.sql import functions as F

    if not inherited:
        return unique.select("pos", "id", "article")
    new = spark.createDataFrame([(i, json.dumps(to_dict(a))) for i, a in inherited.items()],
                                "id string, inherited string")
    return unique.join(F.broadcast(new), "id", "left").select(
        "pos", "id", F.coalesce("inherited", "article").alias("article"))


def _analyzed_row(pos: int, result: AnalyzedArticle) -> tuple[Any, ...]:
    parts = analysis_parts(result)
    return (pos, result.article.id, json.dumps(to_dict(result.article)),
            json.dumps(parts["sentences"]), json.dumps(parts["mentions"]),
            json.dumps(parts["claims"]), None, None, None)


def _error_row(pos: int, key: str, reason: str, exc: BaseException) -> tuple[Any, ...]:
    return (pos, None, None, None, None, None, key, reason, f"{type(exc).__name__}: {exc}")


def _analyze_chunk(chunk: list[tuple[int, str, str]], use_model: bool
                   ) -> Iterator[tuple[Any, ...]]:
    from dateline.analyze import articles as analyze

    try:
        articles = [load_article(data) for _pos, _id, data in chunk]
        results = list(analyze.analyze_articles(articles, use_model=use_model))
    except Exception:  # one record spoils the batch: find it, keep the others
        for pos, aid, data in chunk:
            try:
                result = next(analyze.analyze_articles([load_article(data)],
                                                       use_model=use_model))
            except Exception as exc:
                yield _error_row(pos, aid, "failed to analyze", exc)
            else:
                yield _analyzed_row(pos, result)
        return
    for (pos, _id, _data), result in zip(chunk, results, strict=True):
        yield _analyzed_row(pos, result)


def analysis_partition(use_model: bool):  # type: ignore[no-untyped-def]
    """The task of one partition of (``pos``, ``id``, ``article``) rows: analysis rows and
    error rows in the schema ``_ANALYSIS_SCHEMA``."""
    def run(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        chunk: list[tuple[int, str, str]] = []
        for row in rows:
            chunk.append((row[0], row[1], row[2]))
            if len(chunk) >= CHUNK:
                yield from _analyze_chunk(chunk, use_model)
                chunk = []
        yield from _analyze_chunk(chunk, use_model)
    return run


def analyze_frame(spark: Any, frame: Any, use_model: bool = True) -> Any:
    """One DataFrame of analysis rows and error rows (``id`` null) for the articles of
    ``frame`` (``pos``, ``id``, ``article``); split it with :func:`split_analysis`."""
    rdd = frame.select("pos", "id", "article").rdd.mapPartitions(analysis_partition(use_model))
    return spark.createDataFrame(rdd, _ANALYSIS_SCHEMA)


def split_analysis(rows: Any) -> tuple[Any, Any]:
    """(analysis, errors) views of :func:`analyze_frame`'s DataFrame."""
    from pyspark.sql import functions as F

    from dateline.scale.articles import ERROR_COLUMNS

    return (rows.where(F.col("id").isNotNull()).select(*ANALYSIS_COLUMNS),
            rows.where(F.col("id").isNull()).select(*ERROR_COLUMNS))


def analyzed_of(row: Any) -> AnalyzedArticle:
    """The AnalyzedArticle of a row of the ``analysis`` table."""
    return analyzed_from(load_article(row["article"]),
                         {k: json.loads(row[k]) for k in ("sentences", "mentions", "claims")})


def _align_rows(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    from dateline.copies import align

    for row in rows:
        link = link_of(row)
        outlet = None
        try:
            original, copy = load_article(row["a_original"]), load_article(row["a_copy"])
            outlet = copy.outlet
            link = align(original, copy, link)
        except Exception as exc:  # the link stays, without passages
            yield (None, None, None, None, f"{link.original}->{link.copy}",
                   "failed to align", f"{type(exc).__name__}: {exc}")
        yield (link.original, link.copy, json.dumps(to_dict(link)), outlet, None, None, None)


def align_frame(spark: Any, copies: Any, articles: Any) -> Any:
    """The links of ``copies`` with their aligned passages (column ``link``: the CopyLink as
    JSON) and the copy's outlet, joined with ``articles`` (``id``, ``article``), plus error
    rows (``original`` null)."""
    originals = articles.select(_renamed("id", "original"), _renamed("article", "a_original"))
    copied = articles.select(_renamed("id", "copy"), _renamed("article", "a_copy"))
    pairs = copies.join(originals, "original").join(copied, "copy")
    return spark.createDataFrame(pairs.rdd.mapPartitions(_align_rows), _ALIGNED_SCHEMA)


def _renamed(name: str, alias: str) -> Any:
    from pyspark.sql import functions as F

    return F.col(name).alias(alias)


def aligned_of(row: Any) -> CopyLink:
    """The aligned CopyLink of a row of the ``aligned`` table."""
    return from_dict(CopyLink, json.loads(row["link"]))
