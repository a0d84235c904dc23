"""The whole pipeline: ``dateline spark build`` + ``spark import`` (local[2]) against the
single-process ``dateline build``, same run, same input, same result?

Corpus: as ``bench/scale_copies.py`` (T17 articles, then rounds of derived copies, the first
N distinct), written as one JSONL file (text, title, url, date) that both engines read. Single
process: :func:`dateline.build.build` with ``jobs=1`` on a fresh store. Spark:
:func:`dateline.scale.run_build` then :func:`dateline.scale.import_tables` into a fresh store.
Both with the defaults (spaCy NER, the MiniLM story embeddings). Each engine runs in its own
process (wall time; CPU seconds and peak resident memory of the whole process tree, sampled
every 0.5 s by ``scale_copies.run_child``: Spark counts its JVM and Python workers). The
build documents (``load_build``: what ``dateline report`` renders) are compared part by part,
and story by story for the timelines.

    nice python bench/scale_build.py [--sizes 500 2000]

Prints a table and writes bench/results/scale_build.json.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

from scale_copies import corpus, run_child  # noqa: E402

PARTS = ("articles", "stories", "copies", "claims", "entities", "errors")


def write_jsonl(n: int, path: Path) -> int:
    articles = corpus(n)
    with path.open("w") as out:
        for a in articles:
            out.write(json.dumps({"text": "\n\n".join(a.paragraphs), "title": a.title or "",
                                  "url": a.source.url or f"https://example.org/{a.id}",
                                  "date": a.published.value if a.published else None}) + "\n")
    return len(articles)


def _digest(data: object) -> str:
    return hashlib.sha1(json.dumps(data, sort_keys=True).encode()).hexdigest()


def child(engine: str, jsonl: str, master: str, out: str) -> None:
    """The measured work: one engine over the JSONL file, into a fresh store."""
    import dateline
    from dateline.model import to_dict
    from dateline.report.results import load_build
    from dateline.store import SQLiteStore

    result: dict = {"engine": engine, "package": dateline.__file__}  # type: ignore[type-arg]
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "store.db")
        start = time.perf_counter()
        if engine == "local":
            from dateline.build import BuildConfig, build

            run = build(store, [jsonl], BuildConfig(jobs=1))
            result["stages"] = run.seconds
        else:
            from dateline.scale import import_tables, run_build, spark_session

            with spark_session(master, driver_memory="4g") as spark:
                result["worker_package"] = spark.sparkContext.parallelize([0], 1).map(
                    lambda _: __import__("dateline").__file__).first()
                counts = run_build(spark, [jsonl], Path(tmp) / "tables")
                begin = time.perf_counter()
                import_tables(spark, Path(tmp) / "tables", store)
                result["stages"] = {**counts.seconds,
                                    "import": round(time.perf_counter() - begin, 3)}
        result["seconds"] = round(time.perf_counter() - start, 2)
        document = to_dict(load_build(store))
        store.close()
    result["parts"] = {part: _digest(document[part]) for part in PARTS}
    result["timelines"] = {s["story"]["id"]: _digest([s["timeline"], s["summary"],
                                                      s["comparison"]])
                           for s in document["stories"]}
    result["n_stories"] = len(document["stories"])
    result["n_claims"] = len(document["claims"])
    Path(out).write_text(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[500, 2000])
    parser.add_argument("--master", default="local[2]")
    args = parser.parse_args()
    rows = []
    print(f"{'n':>6} {'local s':>8} {'local cpu':>9} {'local MB':>8} {'spark s':>8} "
          f"{'spark cpu':>9} {'spark MB':>8} {'time x':>7} {'cpu x':>6} {'mem x':>6} "
          "same parts / same story products")
    with tempfile.TemporaryDirectory() as tmp:
        # both engines run one frozen copy of the package (the working tree may change
        # while they run); Spark's Python workers inherit PYTHONPATH
        shutil.copytree(BENCH.parent / "src" / "dateline", Path(tmp) / "src" / "dateline",
                        ignore=shutil.ignore_patterns("__pycache__"))
        os.environ["PYTHONPATH"] = str(Path(tmp) / "src")
        # one seed for both engines, as in the recorded runs (made before AliasResolver
        # stopped depending on the hash seed)
        os.environ["PYTHONHASHSEED"] = "0"
        for n in args.sizes:
            jsonl = Path(tmp) / f"corpus-{n}.jsonl"
            count = write_jsonl(n, jsonl)
            load = os.getloadavg()
            local = run_child([sys.executable, __file__, "--child", "local", str(jsonl),
                               args.master], f"local on {n}")
            spark = run_child([sys.executable, __file__, "--child", "spark", str(jsonl),
                               args.master], f"spark on {n}")
            same = [p for p in PARTS if local["parts"][p] == spark["parts"][p]]
            differ = sorted(s for s, h in local["timelines"].items()
                            if spark["timelines"].get(s) != h)
            stories = sum(1 for s, h in local["timelines"].items()
                          if spark["timelines"].get(s) == h)
            row = {"n": count, "local": local, "spark": spark, "same_parts": same,
                   "same_story_products": stories, "stories": local["n_stories"],
                   "differing_stories": differ,
                   "time_ratio": round(spark["seconds"] / local["seconds"], 2),
                   "cpu_ratio": round(spark["tree_cpu_seconds"] / local["tree_cpu_seconds"], 2),
                   "memory_ratio": round(spark["peak_mb"] / max(1, local["peak_mb"]), 2),
                   "load_before": [round(x, 2) for x in load],
                   "load_after": [round(x, 2) for x in os.getloadavg()]}
            for engine in (local, spark):
                engine.pop("timelines")
            rows.append(row)
            print(f"{count:>6} {local['seconds']:>8} {local['tree_cpu_seconds']:>9} "
                  f"{local['peak_mb']:>8} {spark['seconds']:>8} {spark['tree_cpu_seconds']:>9} "
                  f"{spark['peak_mb']:>8} {row['time_ratio']:>7} {row['cpu_ratio']:>6} "
                  f"{row['memory_ratio']:>6} {len(same)}/{len(PARTS)} "
                  f"{stories}/{row['stories']} (load {row['load_after'][0]})", flush=True)
            print(f"  local stages {local['stages']}\n  spark stages {spark['stages']}",
                  flush=True)
    results = BENCH / "results"
    results.mkdir(exist_ok=True)
    (results / "scale_build.json").write_text(json.dumps({"master": args.master,
                                                          "rows": rows}, indent=1))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(*sys.argv[2:6])
    else:
        main()
