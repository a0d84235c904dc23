"""Copies + stories on Spark (local[2]) against the single-process path, same run.

Corpus: as ``bench/scale_copies.py`` (T17 articles, then rounds of derived copies, the first
N distinct). Single process: ``CopyDetector().fit`` then ``StoryClusterer().fit`` with its copy
groups. Spark: ``find_copies`` then ``find_stories`` (blocks of at most ``--block-size`` copy
group leaders). Stories on TF-IDF and entities only (``use_embeddings=False``) unless
``--embeddings``: the MiniLM model embeds some 50 articles a second on this machine, which
alone would be most of both runs. Each (engine, size) runs in its own process; wall time and
peak resident memory of the process tree (Spark: driver, JVM, Python workers); the stories of
the two are compared (identical stories when the corpus is one block).

    nice python bench/scale_pipeline.py [--sizes 2500 10000] [--block-size 20000] \
        [--driver-memory 4g] [--shuffle-partitions 64] [--max-copies 5 [--remix-edits 0.2]] \
        [--spark-input parquet] [--engines spark] [--corpus-dir /tmp/corpora] \
        [--local-limit 12G]

``--max-copies K`` caps the derived copies of one original (a constant copy rate, see
``corpus`` in ``scale_copies.py``); the default corpus grows denser in copies with N.
``--remix-edits 0.2`` edits a fifth of each remix sentence's words, so remixes of one topic
stop sharing shingles by chance as N grows (the corpus for the growth curve to 1M).
``--spark-input parquet`` has Spark read the corpus from a Parquet file (written untimed; the
driver then drops its copy), as a cluster job reads its input: at 1M articles the driver
would otherwise hold the corpus twice. ``--engines spark`` runs one engine only (a size the
other cannot finish); ``--local-limit`` caps the local child's address space.

Prints a table and writes bench/results/scale_pipeline.json.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from scale_copies import cached_corpus, run_child  # noqa: E402


def measure(engine: str, n: int, args: argparse.Namespace) -> dict:  # type: ignore[type-arg]
    """Run one engine on n articles in a child process; wall, CPU, peak tree RSS, result.
    The local child runs under ``prlimit --as`` when ``--local-limit`` is given; a child
    that fails gives ``{"failed": message}``."""
    options = {name: getattr(args, name) for name in CHILD_OPTIONS}
    argv = [sys.executable, __file__, "--child", engine, str(n), json.dumps(options)]
    if engine == "local" and args.local_limit:
        argv = ["prlimit", f"--as={args.local_limit}", "--", *argv]
    try:
        return run_child(argv, f"{engine} on {n}")
    except SystemExit as failed:
        return {"failed": str(failed)}


# the options a child reads (main's, sent as one JSON argument)
CHILD_OPTIONS = ("master", "block_size", "embeddings", "driver_memory", "max_copies",
                 "shuffle_partitions", "remix_edits", "spark_input", "corpus_dir",
                 "broadcast_mb")


def child(engine: str, n: int, master: str, block_size: int, embeddings: bool,
          driver_memory: str, max_copies: int | None, shuffle_partitions: int,
          remix_edits: float, spark_input: str, corpus_dir: str | None, broadcast_mb: int,
          out: str) -> None:
    """The measured work (corpus generation and the Parquet file are not timed)."""
    import gc

    from dateline.stories import StoryClusterer

    articles = cached_corpus(n, max_copies, corpus_dir, remix_edits)
    result: dict = {"engine": engine, "n": len(articles)}  # type: ignore[type-arg]
    parquet = None
    if engine == "spark" and spark_input == "parquet":
        # the corpus as a cluster job would find it, not in the driver's memory
        parquet = Path(tempfile.mkdtemp()) / "corpus.parquet"
        write_parquet(articles, parquet)
        del articles
        gc.collect()
    # CPU spent on the corpus, to take out of the tree's CPU seconds
    result["setup_cpu_seconds"] = round(time.process_time(), 1)
    start = time.perf_counter()
    if engine == "local":
        from dateline.copies import CopyDetector

        detector = CopyDetector().fit(articles)
        result["copies_seconds"] = round(time.perf_counter() - start, 2)
        model = StoryClusterer(use_embeddings=embeddings).fit(articles,
                                                              copy_groups=detector.groups_)
        links = len(detector.links_)
        story_of = model.story_of
        result["blocks"] = 1
    else:
        import logging

        from dateline.scale import article_frame, find_copies, spark_session
        from dateline.scale.stories import find_stories

        # its "verifying N pairs in S slice(s)" line on stderr: the pairs set the copy step's
        # time and disk
        logging.basicConfig(format="%(asctime)s %(name)s %(message)s")
        logging.getLogger("dateline.scale.copies").setLevel(logging.INFO)
        with spark_session(master, driver_memory=driver_memory,
                           shuffle_partitions=shuffle_partitions) as spark:
            result["session_seconds"] = round(time.perf_counter() - start, 2)
            work = time.perf_counter()
            if parquet is None:
                frame = article_frame(spark, articles, slices=16).cache()
            else:  # read in splits of 16 MB: the file is ~0.8 kB an article (snappy), so
                # about 5 partitions at 100,000 articles, 10 at 200,000, 50 at 1M
                spark.conf.set("spark.sql.files.maxPartitionBytes", "16m")
                frame = spark.read.parquet(str(parquet)).cache()
            links_df, fps = find_copies(spark, frame, broadcast_bytes=broadcast_mb * 2**20)
            links_df = links_df.cache()
            links = links_df.count()
            result["copies_seconds"] = round(time.perf_counter() - work, 2)
            tables = find_stories(spark, frame, links_df,
                                  StoryClusterer(use_embeddings=embeddings),
                                  block_size=block_size)
            story_of = {r["id"]: r["story"] for r in tables.stories.collect()}
            result["blocks"] = tables.n_blocks
            result["work_seconds"] = round(time.perf_counter() - work, 2)
    result["seconds"] = round(time.perf_counter() - start, 2)
    result["stories_seconds"] = round(result.get("work_seconds", result["seconds"])
                                      - result["copies_seconds"], 2)
    if parquet is not None:
        shutil.rmtree(parquet.parent)
    result["links"] = links
    result["story_of"] = story_of
    Path(out).write_text(json.dumps(result))


def write_parquet(articles: list, path: Path) -> None:  # type: ignore[type-arg]
    """``pos``, ``id``, ``article`` (the JSON :func:`~dateline.scale.article_frame` makes), in
    row groups of 5,000 articles."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    from dateline.model import to_dict

    schema = pa.schema([("pos", pa.int64()), ("id", pa.string()), ("article", pa.string())])
    with pq.ParquetWriter(path, schema) as writer:
        for start in range(0, len(articles), 5000):
            chunk = articles[start : start + 5000]
            writer.write_batch(pa.RecordBatch.from_arrays(
                [pa.array(range(start, start + len(chunk)), pa.int64()),
                 pa.array([a.id for a in chunk]),
                 pa.array([json.dumps(to_dict(a)) for a in chunk])], schema=schema))


def compare(a: dict[str, str], b: dict[str, str]) -> dict:  # type: ignore[type-arg]
    """Stories identical (same id, same articles), and the ARI of the two partitions."""
    from sklearn.metrics import adjusted_rand_score

    def groups(m: dict[str, str]) -> dict[str, frozenset[str]]:
        out: dict[str, set[str]] = {}
        for article, story in m.items():
            out.setdefault(story, set()).add(article)
        return {s: frozenset(v) for s, v in out.items()}

    ga, gb = groups(a), groups(b)
    ids = sorted(a)
    return {"stories_local": len(ga), "stories_spark": len(gb),
            "identical_stories": sum(1 for s in ga if gb.get(s) == ga[s]),
            "ari": round(adjusted_rand_score([a[i] for i in ids], [b.get(i, "") for i in ids]),
                         4)}


def main() -> None:
    from dateline.scale.copies import BROADCAST_BYTES

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 10000])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--block-size", type=int, default=20_000)
    parser.add_argument("--engines", nargs="+", choices=("local", "spark"),
                        default=["local", "spark"],
                        help="run only these (a size where one engine cannot finish)")
    parser.add_argument("--embeddings", action="store_true")
    parser.add_argument("--max-copies", type=int, default=None,
                        help="cap on the derived copies of one original (corpus() in "
                        "scale_copies.py): a constant copy rate; default: dense, copy groups "
                        "grow with n")
    parser.add_argument("--remix-edits", type=float, default=0.0,
                        help="with --max-copies: share of each remix sentence's words edited "
                        "(corpus() in scale_copies.py); 0: one word a sentence")
    parser.add_argument("--spark-input", choices=("memory", "parquet"), default="memory",
                        help="memory: the articles sent from the driver (article_frame); "
                        "parquet: written to a Parquet file first (untimed), the driver "
                        "drops them, Spark reads the file (what a cluster job does)")
    parser.add_argument("--driver-memory", default="4g",
                        help="Spark driver (= executor in local mode) JVM heap")
    parser.add_argument("--shuffle-partitions", type=int, default=64,
                        help="spark.sql.shuffle.partitions before adaptive execution merges "
                        "small ones (spark_session's default: 64)")
    parser.add_argument("--broadcast-mb", type=int, default=BROADCAST_BYTES // 2**20,
                        help="find_copies' broadcast_bytes in MB (its default); 0: the "
                        "sketches and the articles' shingles are joined to the pairs")
    parser.add_argument("--corpus-dir", default=None,
                        help="make each corpus once, pickled here, for both engines' children "
                        "(past 100,000 articles generation takes minutes)")
    parser.add_argument("--local-limit", default=None,
                        help="address-space cap of the local child (prlimit --as, e.g. 12G): "
                        "where the single process runs out of memory")
    args = parser.parse_args()
    rows = []
    print(f"{'n':>7} {'local s':>8} {'(cp+st)':>13} {'local MB':>9} {'spark s':>8} "
          f"{'(work s)':>9} {'(cp+st)':>13} {'spark MB':>9} {'time x':>7} {'mem x':>6} "
          f"{'blocks':>6} same stories")
    for n in args.sizes:
        if args.corpus_dir:  # made (untimed) before either engine runs
            subprocess.run([sys.executable, __file__, "--corpus", str(n),
                            str(args.max_copies or 0), args.corpus_dir, str(args.remix_edits)],
                           check=True)
        load = os.getloadavg()
        skipped = {"skipped": "not in --engines"}
        local = measure("local", n, args) if "local" in args.engines else skipped
        print(f"  local {n}: " + json.dumps({k: v for k, v in local.items()
                                             if k != "story_of"}), flush=True)
        spark = measure("spark", n, args) if "spark" in args.engines else skipped
        if any("failed" in r or "skipped" in r for r in (local, spark)):
            print(f"  spark {n}: " + json.dumps({k: v for k, v in spark.items()
                                                 if k != "story_of"}), flush=True)
            local.pop("story_of", None)
            spark.pop("story_of", None)
            rows.append({"n": n, "local": local, "spark": spark,
                         "load_before": [round(x, 2) for x in load]})
            continue
        same = compare(local.pop("story_of"), spark.pop("story_of"))
        row = {"n": local["n"], "local": local, "spark": spark, **same,
               "time_ratio": round(spark["seconds"] / local["seconds"], 2),
               "memory_ratio": round(spark["peak_mb"] / max(1, local["peak_mb"]), 2),
               "links_equal": local["links"] == spark["links"],
               "links_per_article": round(local["links"] / max(1, local["n"]), 2),
               "load_before": [round(x, 2) for x in load],
               "load_after": [round(x, 2) for x in os.getloadavg()]}
        rows.append(row)
        print(f"{row['n']:>7} {local['seconds']:>8} "
              f"{local['copies_seconds']:>6}+{local['stories_seconds']:<6} "
              f"{local['peak_mb']:>9} {spark['seconds']:>8} {spark['work_seconds']:>9} "
              f"{spark['copies_seconds']:>6}+{spark['stories_seconds']:<6} "
              f"{spark['peak_mb']:>9} {row['time_ratio']:>7} {row['memory_ratio']:>6} "
              f"{spark['blocks']:>6} {same['identical_stories']}/{same['stories_local']} "
              f"(ARI {same['ari']}) links {local['links']}/{spark['links']} "
              f"tree cpu {local['tree_cpu_seconds']}/{spark['tree_cpu_seconds']} "
              f"load {local['load_mean']}/{spark['load_mean']} (max {local['load_max']}/"
              f"{spark['load_max']})",
              flush=True)
    results = BENCH / "results"
    results.mkdir(exist_ok=True)
    edits = f"_e{args.remix_edits:g}" if args.remix_edits else ""
    path = results / ("scale_pipeline.json" if args.max_copies is None
                      else f"scale_pipeline_max{args.max_copies}{edits}.json")
    key = {"master": args.master, "block_size": args.block_size, "embeddings": args.embeddings,
           "max_copies": args.max_copies, "shuffle_partitions": args.shuffle_partitions,
           "remix_edits": args.remix_edits, "spark_input": args.spark_input,
           "broadcast_mb": args.broadcast_mb}
    if path.is_file() and json.loads(path.read_text()).get("params") == key:
        done = {r["n"] for r in rows}
        rows = [r for r in json.loads(path.read_text())["rows"] if r["n"] not in done] + rows
    path.write_text(json.dumps({"params": key, "rows": sorted(rows, key=lambda r: r["n"])},
                               indent=2))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        # --child ENGINE N OPTIONS-JSON RESULT-PATH (run_child appends the path)
        child(sys.argv[2], int(sys.argv[3]), **json.loads(sys.argv[4]), out=sys.argv[5])
    elif len(sys.argv) > 1 and sys.argv[1] == "--corpus":
        cached_corpus(int(sys.argv[2]), int(sys.argv[3]) or None, sys.argv[4],
                      float(sys.argv[5]) if len(sys.argv) > 5 else 0.0)
    else:
        main()
