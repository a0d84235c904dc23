"""Copy detection on Spark (local[2]) against the single-process CopyDetector, same run.

Corpus: every T17 article plus derived copies (``bench/copies_t17.py``: reprints, light and
heavy rewrites, excerpts), more rounds of copies with other seeds until the size is reached,
the first N taken. Each (engine, size) runs in its own process so wall time and peak memory
(resident set of the process and every child: the JVM and its Python workers) are its own.
Spark's time is given with and without the session start; the links of the two engines are
compared (identical up to 20,000 articles, the local detector's batch; see docs/spark.md).

    nice python bench/scale_copies.py [--sizes 2500 5000 10000] [--master local[2]] \
        [--max-copies 5]

Prints a table and writes bench/results/scale_copies.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))

SEEDS = (17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30)
# rounds past SEEDS (seeds 31, 32, ...) make corpora past ~145,000 articles; the first
# SEEDS rounds are unchanged, so the corpora of earlier runs stay the same
MAX_ROUNDS = 200


def corpus(n: int, max_copies: int | None = None, remix_edits: float = 0.0
           ) -> list:  # type: ignore[type-arg]
    """The first ``n`` distinct articles: T17, then rounds of derived copies.

    ``max_copies`` None: every round derives more copies of the same 4,650 T17 originals, so
    copy groups grow with ``n`` (dense: 3.2, 5.9, 13.4 links an article at 20k, 40k, 100k).
    With ``max_copies`` K, an original that has K derived copies gets no more: the copies a
    round would derive of it are replaced by a fresh story group, a remix (see :func:`remix`)
    and copies of the remix at the same edit levels, so groups stay at most K + 1 articles
    and the share of copies stays about the same as ``n`` grows.

    Each round (seed) derives some 10,000 articles; the rounds go on (seeds 31, 32, ...)
    until ``n`` are reached, so with ``max_copies`` the corpus can grow to 1M articles of
    perturbed T17 sentences (a capped original's later copies are remixes and their copies:
    word edits, name substitutions, sentence cuts and moves, foreign sentences).

    ``remix_edits``: share of each remix sentence's words edited (see :func:`remix`); 0, one
    word a sentence. The remixes of a topic draw on one pool of T17 sentences, so the more
    remixes, the more pairs of them share a sentence and its shingles by chance: LSH
    candidates that verification rejects, which grew 3.3x for 2x the articles at 200,000
    with one edit. Editing a fifth of the words (0.2) breaks more of the shingles two remixes
    of one sentence share: from 100,000 to 200,000 articles the local copy fit then grew
    2.41x, against 3.05x with one edit (bench/README.md, scale_pipeline, session 7).
    """
    from copies_t17 import build, derive, load_t17

    out, seen = [], set()
    copies: dict[str, int] = {}  # original id -> derived copies taken so far
    pool: dict[str, list[list[str]]] = {}  # topic -> sentences of each T17 article
    topic_of: dict[str, str] = {}  # T17 id -> topic
    if max_copies is not None:
        for t17_id, topic, _date, sentences in load_t17():
            pool.setdefault(topic, []).append(sentences)
            topic_of[t17_id] = topic
    for seed in range(SEEDS[0], SEEDS[0] + MAX_ROUNDS):
        bench = build(("bpoil", "egypt", "finan", "h1n1", "haiti", "iraq", "libya", "mj",
                       "syria"), n_originals=2000, seed=seed)
        by_id = {a.id: a for a in bench.articles}
        fresh = list(bench.articles) if seed == SEEDS[0] else []
        remixes: dict[str, tuple[Any, list[str]]] = {}  # original -> this round's remix
        for d in bench.derived:
            if max_copies is None or copies.get(d.original, 0) < max_copies:
                copies[d.original] = copies.get(d.original, 0) + 1
                fresh.append(d.article)
                continue
            original = by_id[d.original]
            if d.original not in remixes:
                remixes[d.original] = remix(original, pool[topic_of[original.source.path]],
                                            seed, remix_edits)
                fresh.append(remixes[d.original][0])
            if d.level == "reprint":  # the remix stands in for the reprint
                continue
            base, sentences = remixes[d.original]
            rng = random.Random(zlib.crc32(f"{seed}/{d.level}/{base.id}".encode()))
            foreign = [x for other in rng.sample(pool[topic_of[original.source.path]], 6)
                       for x in other[1:6]]
            fresh.append(derive(base, d.level, sentences, foreign, rng.randrange(1 << 30)))
        for article in fresh:
            if article.id not in seen:
                seen.add(article.id)
                out.append(article)
                if len(out) >= n:
                    return out
    return out


def cached_corpus(n: int, max_copies: int | None, directory: str | None,
                  remix_edits: float = 0.0) -> list:  # type: ignore[type-arg]
    """:func:`corpus`, pickled in ``directory`` (made once per size and cap, then read by
    each engine's child: generation takes ~10 CPU s per 10,000 articles); without a
    directory, generated."""
    import pickle

    if not directory:
        return corpus(n, max_copies, remix_edits)
    edits = f"_e{remix_edits:g}" if remix_edits else ""
    path = Path(directory) / f"corpus_{n}_{max_copies or 'dense'}{edits}.pkl"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        articles = corpus(n, max_copies, remix_edits)
        tmp = path.with_suffix(".tmp")
        tmp.write_bytes(pickle.dumps(articles, protocol=pickle.HIGHEST_PROTOCOL))
        tmp.rename(path)
        return articles
    return pickle.loads(path.read_bytes())


def remix(original: Any, topic: list[list[str]], seed: int, edits: float = 0.0
          ) -> tuple[Any, list[str]]:
    """A new article on the topic of ``original`` that copies no one article: two
    consecutive sentences from each of 8 articles of the topic (of at least 12 sentences),
    each sentence edited by one word, or by a share ``edits`` of its words. It shares at most
    some 50 of its ~350 shingles with any one source, a containment of about 0.17 at most,
    under the copy threshold of 0.3.
    Dated as the original; (article, its sentences)."""
    from copies_t17 import _edit_words, make_article, paragraphs_of

    rng = random.Random(zlib.crc32(f"{seed}/{original.id}".encode()))
    long = [s for s in topic if len(s) >= 12]
    sentences: list[str] = []
    for source in rng.sample(long, min(8, len(long))):
        k = rng.randrange(len(source) - 1)
        for x in source[k : k + 2]:
            for _ in range(max(1, round(edits * len(x.split())))):
                x = _edit_words(x, rng)
            sentences.append(x)
    date = original.published.value if original.published else None
    article = make_article(paragraphs_of(sentences, rng), f"remix/{seed}/{original.source.path}",
                           date, f"remix-outlet-{rng.randrange(5)}")
    return article, sentences


def _tree_rss_kb(root: int, cpu: dict[int, float] | None = None) -> int:
    """Resident memory of ``root`` and all its descendants (kB), from /proc; with ``cpu``,
    also record each one's CPU seconds so far (user + system) in it."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    used: dict[int, float] = {}
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            fields = (proc / "stat").read_text().rsplit(")", 1)[1].split()
            status = (proc / "status").read_text()
        except OSError:
            continue
        pid, ppid = int(proc.name), int(fields[1])
        children.setdefault(ppid, []).append(pid)
        line = next((x for x in status.splitlines() if x.startswith("VmRSS:")), "VmRSS: 0 kB")
        rss[pid] = int(line.split()[1])
        used[pid] = (int(fields[11]) + int(fields[12])) / _TICKS
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        total += rss.get(pid, 0)
        if cpu is not None and pid in used:
            cpu[pid] = max(cpu.get(pid, 0.0), used[pid])
        todo += children.get(pid, [])
    return total


_TICKS = os.sysconf("SC_CLK_TCK")


def run_child(argv: list[str], label: str) -> dict:  # type: ignore[type-arg]
    """Run ``argv + [result path]`` as a child process; its JSON result, plus peak tree RSS
    (sampled every 0.5 s), the CPU seconds of the child and every descendant it waited for
    (``cpu_seconds``) and of every process of the tree as sampled (``tree_cpu_seconds``: with
    the JVM and Spark's Python workers)."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "result.json"
        proc = subprocess.Popen([*argv, str(out)])
        peak = 0
        cpu: dict[int, float] = {}  # pid -> CPU seconds, last seen, of the whole tree
        loads: list[float] = []  # the machine's 1-minute load average while it ran
        done = threading.Event()

        def sample() -> None:  # never reaps the child: wait4 below does, with its CPU time
            nonlocal peak
            while not done.is_set():
                peak = max(peak, _tree_rss_kb(proc.pid, cpu))
                loads.append(os.getloadavg()[0])
                time.sleep(0.5)

        sampler = threading.Thread(target=sample)
        sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        done.set()
        sampler.join()
        code = os.waitstatus_to_exitcode(status)
        if code:
            raise SystemExit(f"{label} failed ({code})")
        result = json.loads(out.read_text())
    result["peak_mb"] = round(peak / 1024)
    result["cpu_seconds"] = round(usage.ru_utime + usage.ru_stime, 1)
    # every process of the tree (JVM and Python workers too), as last sampled: a lower bound
    # (up to 0.5 s of each process's end is missed) but the same for both engines
    result["tree_cpu_seconds"] = round(sum(cpu.values()), 1)
    result["load_mean"] = round(sum(loads) / max(1, len(loads)), 2)
    result["load_max"] = round(max(loads, default=0.0), 2)
    return result


def measure(engine: str, n: int, master: str, max_copies: int | None = None
            ) -> dict:  # type: ignore[type-arg]
    """Run one engine on n articles in a child process; wall time, peak tree RSS, links."""
    return run_child([sys.executable, __file__, "--child", engine, str(n), master,
                      str(max_copies or 0)], f"{engine} on {n}")


def child(engine: str, n: int, master: str, max_copies: int | None, out: str) -> None:
    """The measured work (corpus generation is not timed)."""
    articles = corpus(n, max_copies)
    result: dict = {"engine": engine, "n": len(articles)}  # type: ignore[type-arg]
    # CPU spent on the corpus, to take out of the tree's CPU seconds
    result["setup_cpu_seconds"] = round(time.process_time(), 1)
    start = time.perf_counter()
    if engine == "local":
        from dateline.copies import CopyDetector

        links = [(k.original, k.copy, k.similarity, k.kind, k.direction)
                 for k in CopyDetector().fit(articles).links_]
        result["seconds"] = round(time.perf_counter() - start, 2)
    else:
        from dateline.scale import article_frame, find_copies, spark_session

        with spark_session(master, driver_memory="4g") as spark:
            result["session_seconds"] = round(time.perf_counter() - start, 2)
            work = time.perf_counter()
            frame = article_frame(spark, articles, slices=16)
            links_df, fps = find_copies(spark, frame)
            links = [tuple(r) for r in links_df.collect()]
            fps.unpersist()
            result["work_seconds"] = round(time.perf_counter() - work, 2)
        result["seconds"] = round(time.perf_counter() - start, 2)
    result["links"] = sorted(links)
    Path(out).write_text(json.dumps(result))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2500, 5000, 10000])
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--max-copies", type=int, default=None,
                        help="cap on the derived copies of one original (see corpus())")
    args = parser.parse_args()
    rows = []
    print(f"{'n':>7} {'local s':>8} {'local MB':>9} {'spark s':>8} {'(work s)':>9} "
          f"{'spark MB':>9} {'time x':>7} {'mem x':>6} {'links':>6} same")
    for n in args.sizes:
        local = measure("local", n, args.master, args.max_copies)
        spark = measure("spark", n, args.master, args.max_copies)
        same = local["links"] == spark["links"]
        row = {"n": local["n"], "local_seconds": local["seconds"], "local_peak_mb":
               local["peak_mb"], "spark_seconds": spark["seconds"],
               "spark_session_seconds": spark["session_seconds"],
               "spark_work_seconds": spark["work_seconds"], "spark_peak_mb": spark["peak_mb"],
               "time_ratio": round(spark["seconds"] / local["seconds"], 2),
               "work_ratio": round(spark["work_seconds"] / local["seconds"], 2),
               "memory_ratio": round(spark["peak_mb"] / max(1, local["peak_mb"]), 2),
               "links_local": len(local["links"]), "links_spark": len(spark["links"]),
               "identical": same}
        rows.append(row)
        print(f"{row['n']:>7} {row['local_seconds']:>8} {row['local_peak_mb']:>9} "
              f"{row['spark_seconds']:>8} {row['spark_work_seconds']:>9} "
              f"{row['spark_peak_mb']:>9} {row['time_ratio']:>7} {row['memory_ratio']:>6} "
              f"{row['links_local']:>6} {same}", flush=True)
    results = BENCH / "results"
    results.mkdir(exist_ok=True)
    path = results / ("scale_copies.json" if args.max_copies is None
                      else f"scale_copies_max{args.max_copies}.json")
    # sizes run separately (100k takes long) add to the growth curve of the same master
    if path.is_file() and json.loads(path.read_text()).get("master") == args.master:
        done = {r["n"] for r in rows}
        rows = [r for r in json.loads(path.read_text())["rows"] if r["n"] not in done] + rows
    path.write_text(json.dumps({"master": args.master,
                                "rows": sorted(rows, key=lambda r: r["n"])}, indent=2))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2], int(sys.argv[3]), sys.argv[4], int(sys.argv[5]) or None,
              sys.argv[6])
    else:
        main()
