"""Copy detection as DataFrame steps, with the same links as the local CopyDetector.

The steps, each the Spark form of one step of :class:`dateline.copies.CopyDetector`:

1. fingerprints per partition with the local :func:`~dateline.copies.fingerprint` (same
   shingles, same one-permutation MinHash) and the local :func:`band_keys` (same bands), and
   the article's :func:`~dateline.copies.derivation.provenance` (what the direction of a link
   reads of it), so the articles themselves are read once and never joined to pairs;
2. one row per article id, the first read (``pos``), as the local store keeps one;
3. stop shingles from the first 5,000 articles with the local :func:`stop_shingles`;
4. exact copies: articles with the same exact key join the first of them;
5. LSH candidates: explode the band keys, group by (band, key), pair members up to
   ``MAX_BUCKET_PAIRS - 1`` apart in input order, exactly as the local ``pairs_within``;
6. prefilter: the candidates join the two signatures (binary) and a Python task compares
   them a block of pairs at a time with numpy, as ``CopyDetector._estimate``;
7. verification and direction: the pairs left (and the exact pairs) join the two shingle
   sets and provenances, and a Python task runs the local :func:`overlap` on the local
   ``content_shingles``, the thresholds of ``CopyDetector._verify`` and the local
   :func:`~dateline.copies.derivation.decide_provenance`.

Numbers travel between the JVM and Python as binary columns (a list column is converted one
number at a time, which was most of the time of this step); shingles travel only with the
pairs that passed the prefilter. The local and the Spark path follow one bucket rule at any
size, so the links are identical (``docs/spark.md``).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from dateline.copies.derivation import Provenance, decide_provenance, provenance
from dateline.copies.detector import PREFILTER, STOP_SAMPLE, STOP_SAMPLE_MIN, CopyDetector
from dateline.copies.fingerprints import Fingerprint, fingerprint, overlap
from dateline.copies.index import MAX_BUCKET_PAIRS, band_keys, lsh_params
from dateline.scale.articles import load_article

FINGERPRINT_SCHEMA = ("pos long, id string, exact_key string, n_words int, n_shingles int, "
                      "shingles binary, signature binary, keys array<long>, published string, "
                      "credited array<string>, own string, boilerplate int")
PREFILTER_BLOCK = 4096  # candidate pairs compared in one numpy step
LINK_SCHEMA = "original string, copy string, similarity double, kind string, direction string"


def _fingerprint_partition(params: dict[str, Any]):  # type: ignore[no-untyped-def]
    bands, rows = lsh_params(params["lsh_threshold"], params["num_perm"])

    def run(records: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        for pos, article_id, data in records:
            article = load_article(data)
            fp = fingerprint(article, params["shingle"], params["num_perm"])
            keys = None
            if len(fp.shingles) >= params["min_shingles"]:
                keys = band_keys(fp.signature[None, :], bands, rows)[0].tolist()
            # what the direction of a link needs of the article, so the article itself is
            # read once here and never joined to the pairs
            prov = provenance(article)
            # binary columns: a list of numbers would be converted number by number
            yield (pos, article_id, fp.exact_key, fp.n_words, len(fp.shingles),
                   fp.shingles.astype("<u8").tobytes(), fp.signature.astype("<u4").tobytes(),
                   keys, prov.published, sorted(prov.credited), prov.own, prov.boilerplate)
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
    # rows built here match the schema: skip the per-row type check in Python
    return spark.createDataFrame(rdd, FINGERPRINT_SCHEMA, verifySchema=False)


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


def _prefilter_partition(num_perm: int, least: float):  # type: ignore[no-untyped-def]
    """(a, b) of the candidates whose signatures agree in at least a share ``least`` of the
    bins (``CopyDetector._estimate``'s arithmetic, a block of pairs at a time) and whose
    exact keys differ (those are exact copies, joined already)."""
    def flush(block: list[Any]) -> Iterator[tuple[int, int]]:
        sa = np.frombuffer(b"".join(r[2] for r in block), dtype="<u4").reshape(-1, num_perm)
        sb = np.frombuffer(b"".join(r[4] for r in block), dtype="<u4").reshape(-1, num_perm)
        estimate = (sa == sb).mean(axis=1)
        for row, value in zip(block, estimate.tolist(), strict=True):
            if value >= least and row[1] != row[3]:
                yield row[0]

    def run(rows: Iterable[Any]) -> Iterator[tuple[int, int]]:
        block: list[Any] = []
        for a, b, a_key, a_sig, b_key, b_sig in rows:
            block.append(((a, b), a_key, bytes(a_sig), b_key, bytes(b_sig)))
            if len(block) >= PREFILTER_BLOCK:
                yield from flush(block)
                block = []
        if block:
            yield from flush(block)
    return run


def prefiltered_pairs(spark: Any, fps: Any, pairs: Any, detector: CopyDetector) -> Any:
    """The candidate pairs ``(a, b)`` that pass the signature prefilter of
    ``CopyDetector._add_batch`` and are no exact copies; only the signatures travel."""
    side = fps.select("pos", "exact_key", "signature")
    a = side.toDF("a", "a_key", "a_sig")
    b = side.toDF("b", "b_key", "b_sig")
    joined = pairs.join(a, "a").join(b, "b").select("a", "b", "a_key", "a_sig", "b_key",
                                                    "b_sig")
    least = PREFILTER * detector.min_jaccard
    return spark.createDataFrame(
        joined.rdd.mapPartitions(_prefilter_partition(detector.num_perm, least)),
        "a long, b long", verifySchema=False)


def _verify_partition(params: dict[str, Any], stop: Any):  # type: ignore[no-untyped-def]
    """Links of the prefiltered and exact pairs: the tests of ``CopyDetector._verify`` (the
    local :func:`overlap` on the local ``content_shingles``) and the direction by the local
    :func:`decide_provenance`, as ``CopyDetector._link`` does."""
    def run(rows: Iterable[Any]) -> Iterator[tuple[Any, ...]]:
        detector = CopyDetector(**params).set_stop_shingles(stop.value)
        for row in rows:
            sa, sb = _shingles(row["a_sh"]), _shingles(row["b_sh"])
            if row["exact"]:
                score, shared, kind = 1.0, len(sb), "exact"
            else:
                fa = Fingerprint("", "", 0, sa, np.zeros(0, np.uint32))
                fb = Fingerprint("", "", 0, sb, np.zeros(0, np.uint32))
                jac, cont, shared = overlap(detector.content_shingles(fa),
                                            detector.content_shingles(fb))
                score = cont if detector.measure == "containment" else jac
                if not (score >= detector.threshold and jac >= detector.min_jaccard
                        and shared >= detector.min_shared):
                    continue
                kind = "near" if jac >= detector.near else "partial"
            first, how = decide_provenance(_provenance(row, "a"), _provenance(row, "b"),
                                           shared, len(sa), len(sb))
            original, copy = ((row["a_id"], row["b_id"]) if first
                              else (row["b_id"], row["a_id"]))
            yield (original, copy, round(score, 4), kind, how)
    return run


def _provenance(row: Any, side: str) -> Provenance:
    return Provenance(row[f"{side}_pub"], frozenset(row[f"{side}_cred"] or ()),
                      row[f"{side}_own"], row[f"{side}_bp"])


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
    pairs = (exact_pairs(fps).withColumn("exact", F.lit(True))
             .unionByName(prefiltered_pairs(spark, fps, candidate_pairs(fps), detector)
                          .withColumn("exact", F.lit(False))))
    # the shingles travel with the pairs that passed the prefilter only
    side = fps.select("pos", "id", "shingles", "published", "credited", "own", "boilerplate")
    names = ("id", "sh", "pub", "cred", "own", "bp")
    a = side.toDF("a", *(f"a_{x}" for x in names))
    b = side.toDF("b", *(f"b_{x}" for x in names))
    links = spark.createDataFrame(
        pairs.join(a, "a").join(b, "b").rdd.mapPartitions(
            _verify_partition(detector.get_params(), stop_b)), LINK_SCHEMA, verifySchema=False)
    return links, fps
