"""Copy detection as DataFrame steps: the rules of :mod:`dateline.copies.rules`, run where
the data lies, so the links are those of the local :class:`~dateline.copies.CopyDetector`.

1. fingerprints per partition with :func:`~dateline.copies.fingerprint` and
   :func:`band_keys`, and the article's :func:`~dateline.copies.derivation.provenance` (what
   the direction of a link reads of it), so the articles are read once, never joined to pairs;
2. one row per article id, the first read (``pos``), as the local store keeps one;
3. stop shingles of the first articles (``rules.stop_shingles``, on the driver);
4. exact copies: shuffled by exact key, ``rules.exact_pairs`` per partition;
5. LSH candidates: the band keys exploded and shuffled by (band, key), so each bucket lies in
   one partition, paired by ``rules.bucket_pairs`` in a Python task;
6. prefilter (``rules.prefiltered``) on the signatures' *sketches* (one byte a bin, a quarter
   of the signature), which keeps a superset of the pairs the signatures pass. Up to
   ``BROADCAST_BYTES`` of sketches are broadcast and tested in the task that builds the
   pairs; beyond it the candidates join the two sketches;
7. verification and direction (:mod:`dateline.scale.verification`): the prefilter again on
   the full signatures, ``rules.verify`` on the content shingles and ``rules.link``.

Every Python step gets and returns Arrow batches (``mapInArrow``; pickled rows were most of
the time of these steps), binary columns read as numpy without a copy per value; shingles
travel only with the pairs that passed the prefilter. The local and the Spark path follow
one bucket rule at any size, so the links are identical (``docs/spark.md``).
"""

from __future__ import annotations

import functools
import gc
import logging
from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from dateline.copies import rules
from dateline.copies.derivation import provenance
from dateline.copies.detector import CopyDetector
from dateline.copies.fingerprints import fingerprint
from dateline.copies.index import band_keys, lsh_params
from dateline.copies.rules import STOP_SAMPLE, Thresholds
from dateline.scale.articles import load_article
from dateline.scale.verification import (
    binary_values,
    content_sides,
    side_table,
    sides_bytes,
    verified_by_broadcast,
    verified_by_join,
)

FINGERPRINT_SCHEMA = ("pos long, id string, exact_key string, n_words int, n_shingles int, "
                      "shingles binary, signature binary, keys array<long>, published string, "
                      "credited array<string>, own string, boilerplate int, sketch binary")
_FINGERPRINT_NAMES = [part.split()[0] for part in FINGERPRINT_SCHEMA.split(", ")]


def _arrow_types() -> list[Any]:
    import pyarrow as pa

    return [pa.int64(), pa.string(), pa.string(), pa.int32(), pa.int32(), pa.binary(),
            pa.binary(), pa.list_(pa.int64()), pa.string(), pa.list_(pa.string()), pa.string(),
            pa.int32(), pa.binary()]


log = logging.getLogger(__name__)


def _fingerprint_batches(params: dict[str, Any]):  # type: ignore[no-untyped-def]
    bands, rows = lsh_params(params["lsh_threshold"], params["num_perm"])

    def run(batches: Iterable[Any]) -> Iterator[Any]:
        import pyarrow as pa

        for batch in batches:
            out: list[tuple[Any, ...]] = []
            for pos, article_id, data in zip(batch.column("pos").to_pylist(),
                                             batch.column("id").to_pylist(),
                                             batch.column("article").to_pylist(), strict=True):
                article = load_article(data)
                fp = fingerprint(article, params["shingle"], params["num_perm"])
                keys = None
                if len(fp.shingles) >= params["min_shingles"]:
                    keys = band_keys(fp.signature[None, :], bands, rows)[0].tolist()
                # what the direction of a link needs of the article, so the article itself
                # is read once here and never joined to the pairs
                prov = provenance(article)
                # binary columns: a list of numbers would be converted number by number
                out.append((pos, article_id, fp.exact_key, fp.n_words, len(fp.shingles),
                            fp.shingles.astype("<u8").tobytes(),
                            fp.signature.astype("<u4").tobytes(), keys, prov.published,
                            sorted(prov.credited), prov.own, prov.boilerplate,
                            sketch(fp.signature)))
            if out:
                yield pa.RecordBatch.from_arrays(
                    [pa.array(list(values), kind) for values, kind
                     in zip(zip(*out, strict=True), _arrow_types(), strict=True)],
                    _FINGERPRINT_NAMES)
    return run


def fingerprint_frame(spark: Any, articles: Any, detector: CopyDetector) -> Any:
    """One fingerprint row per article id (the first read), from an articles DataFrame with
    ``pos``, ``id``, ``article``."""
    from pyspark.sql import functions as F

    # the first read of each id: only (id, pos) are shuffled to find it, not the articles
    first = articles.groupBy("id").agg(F.min("pos").alias("pos"))
    unique = articles.select("pos", "id", "article").join(first, ["id", "pos"], "left_semi")
    # Arrow batches in and out: rows would be pickled one by one
    return unique.mapInArrow(_fingerprint_batches(detector.get_params()), FINGERPRINT_SCHEMA)


def _shingles(blob: bytes) -> np.ndarray:
    return np.frombuffer(blob, dtype="<u8").astype(np.uint64)


def stop_list(fps: Any, detector: CopyDetector) -> np.ndarray | None:
    """The stop shingles of ``rules.stop_shingles`` (from the first STOP_SAMPLE articles)."""
    from pyspark.sql import functions as F

    # the cut is found on ``pos`` alone, then the sample read by a filter: a top-k sort of
    # the shingles made each task return its own 5,000 rows of them (15 MB at 50,000 articles,
    # a task result lost from the block manager with a 2g heap)
    cut = (fps.select("pos").orderBy("pos").limit(STOP_SAMPLE)
           .agg(F.max("pos").alias("cut")).first()["cut"])
    if cut is None:
        return None
    sample = sorted(fps.where(F.col("pos") <= cut).select("pos", "id", "shingles").collect(),
                    key=lambda r: r["pos"])
    return rules.stop_shingles([_shingles(r["shingles"]) for r in sample], detector.stop_df)


def candidate_pairs(fps: Any, lookup: Any = None, thresholds: Thresholds | None = None) -> Any:
    """(a, b) positions of LSH candidates, a < b (``rules.bucket_pairs``), pairs of several
    bands counted once.

    The band keys are exploded and shuffled by (band, key), so each bucket lies whole in one
    partition, and a Python task pairs its partition's buckets in numpy (Spark's
    ``collect_list`` and array functions took about 30 s of JVM stages for the 5.6 M band
    keys of 100,000 articles). With ``lookup``, a broadcast of :func:`sketch_lookup`, the same
    task keeps only the pairs whose sketches pass the prefilter of ``thresholds``, so the
    candidates that fail it are never shuffled or joined.
    """
    from pyspark.sql import functions as F

    keys = (fps.where(F.col("keys").isNotNull())
            .select("pos", F.posexplode("keys").alias("band", "key"))
            .repartition("band", "key"))
    return (keys.mapInArrow(_bucket_pair_batches(lookup, thresholds), "a long, b long")
            .distinct())


def _bucket_pair_batches(lookup: Any, thresholds: Thresholds | None
                         ):  # type: ignore[no-untyped-def]
    """The pairs of the buckets of one partition (whole buckets: it is shuffled by band and
    key), tested on the sketches when ``lookup`` is given."""
    def run(batches: Iterable[Any]) -> Iterator[Any]:
        import pyarrow as pa

        parts = [b for b in batches if b.num_rows]
        if not parts:
            return
        band, key, pos = (np.concatenate([b.column(name).to_numpy() for b in parts])
                          for name in ("band", "key", "pos"))
        for a, b in rules.bucket_pairs(band, key, pos):
            if lookup is not None and thresholds is not None:
                a, b = _sketches_agree(lookup.value, a, b, thresholds)
            yield pa.RecordBatch.from_arrays([pa.array(a), pa.array(b)], ["a", "b"])
    return run


def sketch_lookup(fps: Any, num_perm: int) -> tuple[np.ndarray, np.ndarray]:
    """(positions in increasing order, their sketches ``(n, num_perm)`` uint8) of every
    article, collected on the driver to be broadcast to the pair tasks."""
    table = fps.select("pos", "sketch").toArrow()
    positions = table.column("pos").to_numpy()
    sketches = binary_values(table.column("sketch").combine_chunks(), num_perm, "u1")
    order = np.argsort(positions, kind="stable")
    return positions[order], sketches[order]


def _sketches_agree(lookup: tuple[np.ndarray, np.ndarray], a: np.ndarray, b: np.ndarray,
                    thresholds: Thresholds, chunk: int = 65_536
                    ) -> tuple[np.ndarray, np.ndarray]:
    """The pairs among (a, b) whose sketches pass the prefilter (``chunk`` pairs at a time
    bound the memory)."""
    positions, sketches = lookup
    ia, ib = np.searchsorted(positions, a), np.searchsorted(positions, b)
    keep = [start + rules.prefiltered(sketches[ia[start : start + chunk]],
                                      sketches[ib[start : start + chunk]], thresholds)
            for start in range(0, len(a), chunk)]
    kept = np.concatenate(keep) if keep else np.zeros(0, np.int64)
    return a[kept], b[kept]


def exact_pairs(fps: Any) -> Any:
    """(a, b) positions of exact copies (``rules.exact_pairs``): shuffled by exact key, so
    every article of a key lies in one partition, which a Python task reads in input order."""
    keyed = fps.select("pos", "exact_key", "n_words").repartition("exact_key")
    return keyed.mapInArrow(_exact_pair_batches, "a long, b long")


def _exact_pair_batches(batches: Iterable[Any]) -> Iterator[Any]:
    import pyarrow as pa

    parts = [b for b in batches if b.num_rows]
    if not parts:
        return
    pos = np.concatenate([b.column("pos").to_numpy() for b in parts])
    keys = [k for b in parts for k in b.column("exact_key").to_pylist()]
    words = np.concatenate([b.column("n_words").to_numpy() for b in parts])
    order = np.argsort(pos, kind="stable")
    pairs = rules.exact_pairs(pos[order].tolist(), [keys[i] for i in order],
                              words[order].tolist(), {})
    if pairs:
        a, b = zip(*pairs, strict=True)
        yield pa.RecordBatch.from_arrays([pa.array(a, pa.int64()), pa.array(b, pa.int64())],
                                         ["a", "b"])


def sketch(signature: np.ndarray) -> bytes:
    """One byte per MinHash bin (its low byte): two equal bins have equal bytes, so the
    share of equal bytes is never below the share of equal bins. A quarter of the signature
    travels with each candidate pair; the full one only with the pairs this lets through."""
    return (signature & 0xFF).astype(np.uint8).tobytes()


def _prefilter_batches(num_perm: int, thresholds: Thresholds
                       ):  # type: ignore[no-untyped-def]
    """(a, b) of the candidates whose sketches pass the prefilter: every pair whose
    signatures pass it, and a few more (bytes that agree by chance), which the verification
    tests on the full signatures."""
    def run(batches: Iterable[Any]) -> Iterator[Any]:
        import pyarrow as pa

        for batch in batches:
            if batch.num_rows == 0:
                continue
            sa = binary_values(batch.column("a_sk"), num_perm, "u1")
            sb = binary_values(batch.column("b_sk"), num_perm, "u1")
            keep = rules.prefiltered(sa, sb, thresholds)
            yield pa.RecordBatch.from_arrays(
                [batch.column("a").take(keep), batch.column("b").take(keep)], ["a", "b"])
    return run


def prefiltered_pairs(spark: Any, fps: Any, pairs: Any, detector: CopyDetector) -> Any:
    """The candidate pairs ``(a, b)`` whose sketches pass the prefilter (a superset of the
    pairs the full signatures pass); only the sketches travel, as Arrow batches."""
    side = fps.select("pos", "sketch")
    a = side.toDF("a", "a_sk")
    b = side.toDF("b", "b_sk")
    joined = pairs.join(a, "a").join(b, "b").select("a", "b", "a_sk", "b_sk")
    return joined.mapInArrow(_prefilter_batches(detector.num_perm, detector.thresholds),
                             "a long, b long")


PAIRS_PER_SLICE = 2_000_000
BROADCAST_BYTES = 512 * 2**20


def find_copies(spark: Any, articles: Any, detector: CopyDetector | None = None,
                fps: Any = None, pairs_per_slice: int = PAIRS_PER_SLICE,
                broadcast_bytes: int = BROADCAST_BYTES) -> tuple[Any, Any]:
    """(links, fingerprints) DataFrames for an articles DataFrame (``pos``, ``id``,
    ``article``), with the parameters of ``detector`` (default: the local defaults).

    ``links`` has the columns of :class:`~dateline.model.CopyLink`; ``fingerprints`` one row
    per article (the store import writes its signatures, so the local detector can go on from
    them). Pass ``fps`` to reuse fingerprints already computed. The pairs and the links are
    computed here and checkpointed (see :func:`_materialized`), not lazily. Neither parameter
    below changes the links.

    ``broadcast_bytes`` decides how what a pair needs of its two articles reaches the task
    that tests it. What fits in this many bytes is collected on the driver and broadcast,
    so that only the pairs are shuffled: the sketches (``num_perm`` bytes an article), tested
    in the task that builds the candidate pairs, and the content shingles and signatures for
    the verification (about 3.8 kB an article on the benchmark corpus). Each Python worker
    then holds a copy: on a cluster, count it in the executors' ``memoryOverhead`` for each
    core, or pass 0. What does not fit is joined to the pairs, which scales with the cluster
    but shuffles each pair with both articles' data (:func:`prefiltered_pairs`,
    :func:`~dateline.scale.verification.verified_by_join`).

    ``pairs_per_slice`` bounds the disk a joined verification takes: each pair to verify is
    shuffled with both articles' content shingles (some 4 KB a pair), so the pairs are
    verified in slices of about this many (by a hash of the first article), and a slice's
    shuffle files are released before the next one is written. Each slice beyond the first
    costs one more read of every article's content shingles (made once and persisted).
    2,000,000 pairs hold the shuffle files of a slice near 8 GB.
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    detector = detector or CopyDetector()
    if fps is None:
        fps = fingerprint_frame(spark, articles, detector).persist(StorageLevel.MEMORY_AND_DISK)
    stop = stop_list(fps, detector)
    stop_b = spark.sparkContext.broadcast(None if stop is None else stop.tolist())
    lookup = None
    if fps.count() * detector.num_perm <= broadcast_bytes:
        lookup = spark.sparkContext.broadcast(sketch_lookup(fps, detector.num_perm))
        tested = candidate_pairs(fps, lookup, detector.thresholds)
    else:
        tested = prefiltered_pairs(spark, fps, candidate_pairs(fps), detector)
    pairs = (exact_pairs(fps).withColumn("exact", F.lit(True))
             .unionByName(tested.withColumn("exact", F.lit(False))))
    # materialized without its lineage, so the candidates' shuffles can go before the
    # verification's are written
    pairs = _materialized(pairs)
    if lookup is not None:
        lookup.destroy()
    _release_shuffles(spark)
    n_pairs = pairs.count()
    sides = content_sides(fps, detector, stop_b)
    if sides_bytes(fps, detector.num_perm) <= broadcast_bytes:
        log.info("verifying %d pairs with the articles broadcast", n_pairs)
        table = spark.sparkContext.broadcast(side_table(sides, detector.num_perm))
        # the checkpointed pairs may sit in fewer partitions than there are cores
        spread = pairs.repartition(2 * spark.sparkContext.defaultParallelism)
        links = _materialized(verified_by_broadcast(spread, table, detector))
        table.destroy()
        return links, fps
    slices = max(1, -(-n_pairs // max(1, pairs_per_slice)))
    log.info("verifying %d pairs in %d slice(s)", n_pairs, slices)
    sides = sides.persist(StorageLevel.MEMORY_AND_DISK)
    parts = []
    for s in range(slices):
        part = verified_by_join(sides, pairs, detector, (s, slices) if slices > 1 else None)
        parts.append(_materialized(part))
        del part
        _release_shuffles(spark)
    sides.unpersist()
    return functools.reduce(lambda x, y: x.unionByName(y), parts), fps


def _materialized(frame: Any) -> Any:
    """``frame`` computed and stored without its lineage, so nothing refers to the shuffles
    that made it any more: in the checkpoint directory when the SparkContext has one (set it
    on a cluster: a local checkpoint is lost with its executor, and the job fails), else in
    the executors' block managers."""
    if frame.sparkSession.sparkContext.getCheckpointDir() is not None:
        return frame.checkpoint(eager=True)
    return frame.localCheckpoint(eager=True)


def _release_shuffles(spark: Any) -> None:
    """Let Spark delete the files of the shuffles nothing refers to now, rather than at the
    driver's periodic collection (every 30 minutes): its ContextCleaner deletes them when the
    JVM collects their objects, which happens once Python has released its references."""
    gc.collect()
    spark.sparkContext._jvm.System.gc()
