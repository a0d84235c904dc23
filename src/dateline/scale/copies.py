"""Copy detection as DataFrame steps, with the same links as the local CopyDetector.

The steps, each the Spark form of one step of :class:`dateline.copies.CopyDetector`:

1. fingerprints per partition with the local :func:`~dateline.copies.fingerprint` (same
   shingles, same one-permutation MinHash) and the local :func:`band_keys` (same bands);
2. one row per article id, the first read (``pos``), as the local store keeps one;
3. stop shingles from the first 5,000 articles with the local :func:`stop_shingles`;
4. exact copies: articles with the same exact key join the first of them;
5. LSH candidates: explode the band keys, group by (band, key), pair members up to
   ``MAX_BUCKET_PAIRS - 1`` apart in input order, exactly as the local ``pairs_within``;
6. verification: the signature prefilter, the shingle overlap without stop shingles and the
   thresholds (in SQL, on the local content shingles), then the local
   :func:`~dateline.copies.decide` on executors for the direction of each link.

Identical to the local path when the local detector sees the articles in one batch (up to
20,000); beyond that the local path caps degenerate buckets (> 64 members) per batch, so the
two can differ on pairs inside such buckets only (see ``docs/spark.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from dateline.copies.detector import PREFILTER, STOP_SAMPLE, STOP_SAMPLE_MIN, CopyDetector
from dateline.copies.fingerprints import Fingerprint, fingerprint
from dateline.copies.index import MAX_BUCKET_PAIRS, band_keys, lsh_params
from dateline.scale.articles import load_article

FINGERPRINT_SCHEMA = ("pos long, id string, article string, exact_key string, n_words int, "
                      "n_shingles int, shingles binary, signature binary, keys array<long>, "
                      "sig array<int>")
LINK_SCHEMA = "original string, copy string, similarity double, kind string, direction string"


def _fingerprint_partition(params: dict[str, Any]):  # type: ignore[no-untyped-def]
    bands, rows = lsh_params(params["lsh_threshold"], params["num_perm"])

    def run(records: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        for pos, article_id, data in records:
            fp = fingerprint(load_article(data), params["shingle"], params["num_perm"])
            keys = None
            if len(fp.shingles) >= params["min_shingles"]:
                keys = band_keys(fp.signature[None, :], bands, rows)[0].tolist()
            yield (pos, article_id, data, fp.exact_key, fp.n_words, len(fp.shingles),
                   fp.shingles.astype("<u8").tobytes(), fp.signature.astype("<u4").tobytes(),
                   keys, fp.signature.view(np.int32).tolist())
    return run


def fingerprint_frame(spark: Any, articles: Any, detector: CopyDetector) -> Any:
    """One fingerprint row per article id (the first read), from an articles DataFrame with
    ``pos``, ``id``, ``article``."""
    from pyspark.sql import Window
    from pyspark.sql import functions as F

    first = Window.partitionBy("id").orderBy("pos")
    unique = (articles.select("pos", "id", "article")
              .withColumn("_n", F.row_number().over(first)).where("_n = 1").drop("_n"))
    rdd = unique.rdd.mapPartitions(_fingerprint_partition(detector.get_params()))
    return spark.createDataFrame(rdd, FINGERPRINT_SCHEMA)


def _shingles(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)


def stop_list(fps: Any, detector: CopyDetector) -> np.ndarray | None:
    """The local detector's stop shingles: from the first STOP_SAMPLE articles, when there are
    at least STOP_SAMPLE_MIN (else ``None``: every shingle counts)."""
    from dateline.copies.detector import stop_shingles

    sample = fps.orderBy("pos").select("id", "shingles").limit(STOP_SAMPLE).collect()
    if len(sample) < STOP_SAMPLE_MIN:
        return None
    light = [Fingerprint(r["id"], "", 0, _shingles(r["shingles"]), np.zeros(0, np.uint32))
             for r in sample]
    return stop_shingles(light, detector.stop_df)


def candidate_pairs(fps: Any) -> Any:
    """(a, b) positions of LSH candidates, a < b: members of one band bucket at most
    MAX_BUCKET_PAIRS - 1 apart in input order (the local ``pairs_within``)."""
    from pyspark.sql import functions as F

    buckets = (fps.where(F.col("keys").isNotNull())
               .select("pos", F.posexplode("keys").alias("band", "key"))
               .groupBy("band", "key")
               .agg(F.sort_array(F.collect_list("pos")).alias("members"))
               .where(F.size("members") > 1))
    near = MAX_BUCKET_PAIRS - 1
    pairs = (buckets.select("members", F.posexplode("members").alias("i", "a"))
             .where(F.col("i") < F.size("members") - 1)  # sequence() would count down
             .select("members", "a", F.explode(F.sequence(
                 F.col("i") + 1, F.least(F.col("i") + near, F.size("members") - 1))).alias("j"))
             .select("a", F.element_at("members", F.col("j") + 1).alias("b")))
    return pairs.distinct()


def exact_pairs(fps: Any) -> Any:
    """(a, b) positions of exact copies: every later article with an exact key joins the first
    (articles without words are no copies)."""
    from pyspark.sql import functions as F

    keyed = fps.where("n_words > 0").select("pos", "exact_key")
    first = keyed.groupBy("exact_key").agg(F.min("pos").alias("a"))
    return (keyed.join(first, "exact_key")
            .where(F.col("pos") != F.col("a")).select("a", F.col("pos").alias("b")))


def _fp(row: Any, side: str) -> Fingerprint:
    return Fingerprint(row[f"{side}_id"], row[f"{side}_key"], 0, _shingles(row[f"{side}_sh"]),
                       np.frombuffer(row[f"{side}_sig"], dtype="<u4"))


def _content_partition(params: dict[str, Any], stop: Any):  # type: ignore[no-untyped-def]
    def run(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        detector = CopyDetector(**params).set_stop_shingles(stop.value)
        for pos, blob in rows:
            fp = Fingerprint("", "", 0, _shingles(blob), np.zeros(0, np.uint32))
            yield pos, detector.content_shingles(fp).view(np.int64).tolist()
    return run


def verified_pairs(spark: Any, fps: Any, pairs: Any, detector: CopyDetector, stop: Any) -> Any:
    """(a, b, score, shared, kind) of the candidate pairs that pass the local verification:
    the signature prefilter of ``CopyDetector._add_batch`` and the tests of
    ``CopyDetector._verify`` on the shingles without stop shingles (:func:`overlap`'s
    arithmetic in SQL, so the shingles never leave the JVM; the content shingles themselves
    come from the local ``content_shingles``)."""
    from pyspark.sql import functions as F

    content = spark.createDataFrame(
        fps.select("pos", "shingles").rdd.mapPartitions(
            _content_partition(detector.get_params(), stop)), "pos long, content array<long>")
    side = fps.select("pos", "exact_key", "sig").join(content, "pos")
    a = side.toDF("a", "a_key", "a_sig", "a_c")
    b = side.toDF("b", "b_key", "b_sig", "b_c")
    agree = F.expr("size(filter(zip_with(a_sig, b_sig, (x, y) -> x = y), z -> z))")
    inter = F.size(F.array_intersect("a_c", "b_c"))
    na, nb = F.size("a_c"), F.size("b_c")
    empty = (na == 0) | (nb == 0)
    jac = F.when(empty, 0.0).otherwise(inter / (na + nb - inter))
    cont = F.when(empty, 0.0).otherwise(inter / F.least(na, nb))
    shared = F.when(empty, 0).otherwise(inter)
    score = cont if detector.measure == "containment" else jac
    checked = (pairs.join(a, "a").join(b, "b")
               .where(agree / F.lit(detector.num_perm) >= PREFILTER * detector.min_jaccard)
               .where(F.col("a_key") != F.col("b_key"))
               .select("a", "b", score.alias("score"), jac.alias("jac"),
                       shared.alias("shared")))
    return (checked.where((F.col("score") >= detector.threshold)
                          & (F.col("jac") >= detector.min_jaccard)
                          & (F.col("shared") >= detector.min_shared))
            .select("a", "b", "score", F.col("shared").cast("int").alias("shared"),
                    F.when(F.col("jac") >= detector.near, "near").otherwise("partial")
                    .alias("kind")))


def _decide_partition(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
    """The direction of each verified pair, by the local :func:`decide`."""
    from dateline.copies.derivation import decide

    for row in rows:
        fa, fb = _fp(row, "a"), _fp(row, "b")
        original, copy, how = decide(load_article(row["a_art"]), load_article(row["b_art"]),
                                     row["shared"], fa, fb)
        yield (original.id, copy.id, round(row["score"], 4), row["kind"], how)


def find_copies(spark: Any, articles: Any, detector: CopyDetector | None = None,
                fps: Any = None) -> tuple[Any, Any]:
    """(links, fingerprints) DataFrames for an articles DataFrame (``pos``, ``id``,
    ``article``), with the parameters of ``detector`` (default: the local defaults).

    ``links`` has the columns of :class:`~dateline.model.CopyLink`; ``fingerprints`` one row
    per article (the store import writes its signatures, so the local detector can go on from
    them). Pass ``fps`` to reuse fingerprints already computed.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    detector = detector or CopyDetector()
    if fps is None:
        fps = fingerprint_frame(spark, articles, detector).persist(StorageLevel.MEMORY_AND_DISK)
    stop = stop_list(fps, detector)
    stop_b = spark.sparkContext.broadcast(None if stop is None else stop.tolist())
    n_shingles = fps.select(F.col("pos").alias("b"), "n_shingles")
    exact = (exact_pairs(fps).join(n_shingles, "b")
             .select("a", "b", F.lit(1.0).alias("score"),
                     F.col("n_shingles").alias("shared"), F.lit("exact").alias("kind")))
    verified = exact.unionByName(
        verified_pairs(spark, fps, candidate_pairs(fps), detector, stop_b))
    # the direction needs the articles: they join the few links only
    full = fps.select("pos", "id", "article", "exact_key", "shingles", "signature")
    a = full.toDF("a", "a_id", "a_art", "a_key", "a_sh", "a_sig")
    b = full.toDF("b", "b_id", "b_art", "b_key", "b_sh", "b_sig")
    links = spark.createDataFrame(
        verified.join(a, "a").join(b, "b").rdd.mapPartitions(_decide_partition), LINK_SCHEMA)
    return links, fps
