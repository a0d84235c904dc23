"""Ingest throughput: the whole ``ingest`` into a fresh SQLite store, against baselines.

    .venv/bin/python bench/ingest_speed.py

Data (read in place, never copied):
- ``../shared/data/t17/*/articles.jsonl.gz``: Timeline17's 4,650 plain-text articles, through the
  JSONL reader with ``--field text=text --field date=date``;
- ``../shared/data/extraction/pages.jsonl.gz``: 153 HTML pages, through the JSONL reader with
  ``--field html=html`` (so every page goes the HTML path: trafilatura, htmldate, cleaning).

Runs, each in its own process so peak memory (``ru_maxrss``) is its own:
- ``t17-read``: baseline, gunzip and ``json.loads`` of every line, nothing else;
- ``t17-ingest``: dateline's full ingest of T17 into a fresh store;
- ``t17-ingest-2workers``: the same with ``workers=2`` (``dateline ingest --workers 2``);
- ``pages-trafilatura``: baseline, ``trafilatura.extract(html)`` on every page, nothing else;
- ``pages-ingest``: dateline's full ingest of the pages into a fresh store.
Prints a table with docs/s (wall clock), wall and CPU seconds (CPU time is what to compare
when other work shares the machine), peak RSS and the ratio to the baseline of the same data,
and writes ``bench/results/ingest_speed.json``. Target: the whole T17 ingest in under 30 s.
"""

from __future__ import annotations

import gzip
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SHARED = ROOT.parent / "shared" / "data"
T17 = sorted((SHARED / "t17").glob("*/articles.jsonl.gz"))
PAGES = SHARED / "extraction" / "pages.jsonl.gz"
RESULTS = ROOT / "bench" / "results"
RUNS = ("t17-read", "t17-ingest", "t17-ingest-2workers", "pages-trafilatura", "pages-ingest")


def lines(paths: list[Path]) -> int:
    count = 0
    for path in paths:
        with gzip.open(path, "rb") as stream:
            for line in stream:
                json.loads(line)
                count += 1
    return count


def trafilatura_pages() -> int:
    import trafilatura

    count = 0
    with gzip.open(PAGES, "rt", encoding="utf-8") as stream:
        for line in stream:
            trafilatura.extract(json.loads(line)["html"])
            count += 1
    return count


def dateline_ingest(paths: list[Path], fields: dict[str, str], workers: int = 1) -> dict[str, Any]:
    from dateline.ingest import ReadOptions, ingest
    from dateline.store import SQLiteStore

    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(Path(folder) / "bench.db")
        report = ingest(store, [str(p) for p in paths], options=ReadOptions(fields=fields),
                        workers=workers)
        stored = store.count_articles()
        store.close()
    return {"docs": report.read + len(report.errors), "read": report.read,
            "stored": stored, "errors": len(report.errors)}


def run_one(name: str) -> dict[str, Any]:
    """One measurement, in this process (called as ``ingest_speed.py --one NAME``)."""
    before = resource.getrusage(resource.RUSAGE_SELF)
    cpu_before = before.ru_utime + before.ru_stime
    start = time.perf_counter()
    if name == "t17-read":
        result: dict[str, Any] = {"docs": lines(T17)}
    elif name == "t17-ingest":
        result = dateline_ingest(T17, {"text": "text", "date": "date"})
    elif name == "t17-ingest-2workers":
        result = dateline_ingest(T17, {"text": "text", "date": "date"}, workers=2)
    elif name == "pages-trafilatura":
        result = {"docs": trafilatura_pages()}
    elif name == "pages-ingest":
        result = dateline_ingest([PAGES], {"html": "html"})
    else:
        raise SystemExit(f"unknown run {name}")
    result["seconds"] = time.perf_counter() - start
    usage = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # worker processes
    result["cpu_seconds"] = (usage.ru_utime + usage.ru_stime + children.ru_utime
                             + children.ru_stime - cpu_before)
    result["peak_rss_mb"] = max(usage.ru_maxrss, children.ru_maxrss) / 1024  # one process
    return result


def main() -> int:
    if len(sys.argv) == 3 and sys.argv[1] == "--one":
        print(json.dumps(run_one(sys.argv[2])))
        return 0
    if not T17 or not PAGES.exists():
        print(f"missing data under {SHARED}", file=sys.stderr)
        return 2
    results: dict[str, Any] = {"cpus": os.cpu_count()}
    for name in RUNS:
        done = subprocess.run([sys.executable, __file__, "--one", name], check=True,
                              capture_output=True, text=True)
        results[name] = json.loads(done.stdout.strip().splitlines()[-1])
        results[name]["docs_per_s"] = results[name]["docs"] / results[name]["seconds"]
    for key, ours, base in (("t17_ingest_vs_read", "t17-ingest", "t17-read"),
                            ("pages_ingest_vs_trafilatura", "pages-ingest", "pages-trafilatura")):
        results[key] = {
            "wall": results[ours]["docs_per_s"] / results[base]["docs_per_s"],
            "cpu": results[base]["cpu_seconds"] / results[ours]["cpu_seconds"],
        }
    print(f"{'run':<20} {'docs':>6} {'wall s':>8} {'CPU s':>7} {'docs/s':>9} {'peak RSS MB':>12}")
    for name in RUNS:
        r = results[name]
        print(f"{name:<20} {r['docs']:>6} {r['seconds']:>8.1f} {r['cpu_seconds']:>7.1f} "
              f"{r['docs_per_s']:>9.1f} {r['peak_rss_mb']:>12.0f}")
    for key, label in (("t17_ingest_vs_read", "T17 ingest / JSON read only"),
                       ("pages_ingest_vs_trafilatura", "pages ingest / trafilatura.extract alone")):
        print(f"{label}: {results[key]['wall']:.3f} of the speed by wall clock, "
              f"{results[key]['cpu']:.3f} by CPU time")
    best = min(results["t17-ingest"]["seconds"], results["t17-ingest-2workers"]["seconds"])
    verdict = "met" if best < 30 else "NOT met"
    load = os.getloadavg()[0]
    print(f"target (whole T17 ingest under 30 s wall): {verdict} "
          f"(load average {load:.1f} on {os.cpu_count()} CPUs during the run)")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ingest_speed.json").write_text(json.dumps(results, indent=2))
    print(f"wrote {RESULTS / 'ingest_speed.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
