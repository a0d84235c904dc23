"""The whole T17 build as a new user runs it, its cost, and a digest that catches output changes.

``dateline build`` over the 17 ``articles.jsonl.gz`` of ../shared/data/t17 (4,650 articles)
into a fresh store, in a child process (the CLI command itself, default ``--jobs``). Measured:
wall, CPU of the main process and its workers (user + system, from ``wait4``), peak memory of
the whole process tree (sampled from /proc every ``--sample`` s), CPU and wall per build stage
(the build's own stage clock, ``dateline.build._Clock``, with CPU added by this script), and
the sha256 of build.json without ``generated_at``: a speed change must leave it unchanged.

Baseline in the same run: the plain spaCy reference pass (``nlp.pipe``, NER only, thinc's
default ops, one process) over the texts of every ``--reference-every``-th article, before the
build; its CPU scaled to all articles gives "build CPU / reference CPU", comparable across
loads. Report CPU rather than wall: the machine is shared.

    nice -n 10 .venv/bin/python bench/build_t17.py [--reference-every 40] [--keep DIR]

Writes bench/results/build_t17.json.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import resource
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "t17"
RESULTS = ROOT / "bench" / "results"
TICK = os.sysconf("SC_CLK_TCK")
PAGE = os.sysconf("SC_PAGE_SIZE")


def inputs() -> list[Path]:
    files = sorted(DATA.glob("*/articles.jsonl.gz"))
    if len(files) != 17:
        raise SystemExit(f"expected 17 articles.jsonl.gz under {DATA}, found {len(files)}")
    return files


# ---------------------------------------------------------------------------------------------
# The child: the CLI command, with CPU added to the build's stage clock


def child(stages_path: str, args: list[str]) -> int:
    """Run ``dateline build ARGS``; write each stage's wall and CPU to ``stages_path``."""
    from dateline import build as build_module
    from dateline.cli import app

    stages: dict[str, dict[str, float]] = {}
    original = build_module._Clock.stage

    @contextmanager
    def stage(self: Any, name: str, announce: bool = True) -> Iterator[None]:
        wall, cpu, workers = time.perf_counter(), time.process_time(), _children_cpu()
        with original(self, name, announce):
            yield
        row = stages.setdefault(name, {"wall": 0.0, "main_cpu": 0.0, "ended_workers_cpu": 0.0})
        row["wall"] += time.perf_counter() - wall
        row["main_cpu"] += time.process_time() - cpu
        row["ended_workers_cpu"] += _children_cpu() - workers

    build_module._Clock.stage = stage  # type: ignore[method-assign]
    try:
        app(["build", *args], standalone_mode=False)
        code = 0
    except SystemExit as stop:
        code = int(stop.code or 0)
    Path(stages_path).write_text(json.dumps(stages))
    return code


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


# ---------------------------------------------------------------------------------------------
# The parent: process tree sampling, reference pass, digest


class TreeSampler(threading.Thread):
    """Peak summed RSS of a process and its descendants, and each one's last seen CPU."""

    def __init__(self, root: int, every: float) -> None:
        super().__init__(daemon=True)
        self.root, self.every = root, every
        self.peak_rss = 0
        self.cpu: dict[int, tuple[str, float]] = {}
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(self.every):
            rss = 0
            for pid, (name, cpu, pages) in _tree(self.root).items():
                self.cpu[pid] = (name, cpu)
                rss += pages * PAGE
            self.peak_rss = max(self.peak_rss, rss)


def _tree(root: int) -> dict[int, tuple[str, float, int]]:
    stats: dict[int, tuple[int, str, float, int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            raw = Path(f"/proc/{entry}/stat").read_text()
        except OSError:  # ended meanwhile
            continue
        name = raw[raw.index("(") + 1:raw.rindex(")")]
        fields = raw[raw.rindex(")") + 2:].split()
        # after the name: state ppid ... utime(12) stime(13) ... rss(22), 0-based from state
        stats[int(entry)] = (int(fields[1]), name,
                             (int(fields[11]) + int(fields[12])) / TICK, int(fields[21]))
    members, frontier = {root}, [root]
    while frontier:
        parent = frontier.pop()
        for pid, (ppid, *_rest) in stats.items():
            if ppid == parent and pid not in members:
                members.add(pid)
                frontier.append(pid)
    return {pid: stats[pid][1:] for pid in members if pid in stats}


def reference_pass(files: list[Path], every: int) -> dict[str, float]:
    """Plain spaCy NER over every ``every``-th article's text, in this process (CPU s)."""
    import spacy

    from dateline.analyze.nlp import EXCLUDE, MODEL

    texts, total = [], 0
    for path in files:
        with gzip.open(path, "rt") as handle:
            for line in handle:
                if total % every == 0:
                    texts.append(json.loads(line)["text"])
                total += 1
    nlp = spacy.load(MODEL, exclude=list(EXCLUDE))
    not_ner = [n for n in nlp.pipe_names if n != "ner"]
    list(nlp.pipe(texts[:20], disable=not_ner))  # warm-up
    start = time.process_time()
    for _doc in nlp.pipe(texts, batch_size=64, disable=not_ner):
        pass
    cpu = time.process_time() - start
    words = sum(len(t.split()) for t in texts)
    return {"articles": len(texts), "of_articles": total, "words": words, "cpu": cpu,
            "words_per_cpu_s": words / cpu, "cpu_all_articles": cpu * total / len(texts),
            "spacy": spacy.__version__}


def build_digest(path: Path) -> str:
    """sha256 of build.json with ``generated_at`` (the only time stamp) removed."""
    document = json.loads(path.read_text())
    document.pop("generated_at", None)
    return hashlib.sha256(json.dumps(document, sort_keys=True).encode()).hexdigest()


def run_build(files: list[Path], work: Path, sample: float) -> dict[str, Any]:
    stages_path = work / "stages.json"
    command = [sys.executable, __file__, "--child", str(stages_path), *map(str, files),
               "--db", str(work / "t17.db"), "--out", str(work / "report")]
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL)
    sampler = TreeSampler(process.pid, sample)
    sampler.start()
    _pid, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    sampler.stop.set()
    sampler.join()
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode != 0:
        raise SystemExit(f"dateline build failed (exit {process.returncode}); see stderr above")
    stages = json.loads(stages_path.read_text())
    main_cpu = sum(s["main_cpu"] for s in stages.values())  # the stages cover the build
    workers = {f"{name} {pid}": cpu for pid, (name, cpu) in sampler.cpu.items()
               if pid != process.pid}
    return {"wall": wall, "cpu": usage.ru_utime + usage.ru_stime,
            "main_cpu_sampled": sampler.cpu.get(process.pid, ("", 0.0))[1],
            "main_cpu_in_stages": main_cpu, "workers_cpu_sampled": workers,
            "peak_rss_tree_mb": sampler.peak_rss / 2**20,
            "max_rss_one_process_mb": usage.ru_maxrss / 1024, "stages": stages,
            "digest": build_digest(work / "report" / "build.json")}


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        return child(argv[1], argv[2:])
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reference-every", type=int, default=40)
    parser.add_argument("--sample", type=float, default=0.5, help="seconds between samples")
    parser.add_argument("--keep", type=Path, help="build here and keep the store and reports")
    args = parser.parse_args(argv)
    files = inputs()
    reference = reference_pass(files, args.reference_every)
    with tempfile.TemporaryDirectory() as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        run = run_build(files, work, args.sample)
    ratio = run["cpu"] / reference["cpu_all_articles"]
    print(f"T17 build: {reference['of_articles']} articles, spaCy {reference['spacy']}")
    print("| measure | value |")
    print("|---|---|")
    print(f"| wall | {run['wall']:.0f} s |")
    print(f"| CPU, main + workers | {run['cpu']:.0f} s |")
    print(f"| CPU, main process (last sample) | {run['main_cpu_sampled']:.0f} s |")
    print(f"| CPU, main inside the stages | {run['main_cpu_in_stages']:.0f} s |")
    for name, cpu in sorted(run["workers_cpu_sampled"].items()):
        print(f"| CPU, {name} (last sample) | {cpu:.0f} s |")
    print(f"| peak memory, process tree | {run['peak_rss_tree_mb']:,.0f} MB |")
    print(f"| reference: plain spaCy NER, {reference['articles']} articles | "
          f"{reference['cpu']:.1f} CPU s ({reference['words_per_cpu_s']:,.0f} words/s), "
          f"{reference['cpu_all_articles']:.0f} s scaled to all |")
    print(f"| build CPU / reference CPU | {ratio:.2f} |")
    print(f"| build.json digest (no generated_at) | {run['digest'][:16]} |")
    print("\n| stage | wall s | main CPU s | ended workers' CPU s |")
    print("|---|---|---|---|")
    for name, row in run["stages"].items():
        print(f"| {name} | {row['wall']:.1f} | {row['main_cpu']:.1f} | "
              f"{row['ended_workers_cpu']:.1f} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "build_t17.json").write_text(json.dumps(
        {"build": run, "reference": reference, "build_cpu_over_reference": ratio}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
