"""Time and memory of ``dateline build`` on pathological articles, against normal ones.

    nice -n 10 .venv/bin/python bench/pathological.py                # 1, 5 and 20 MB
    nice -n 10 .venv/bin/python bench/pathological.py --sizes 1 --cases sentence distinct

Each case is one generated article (nothing is read from a crawl) of the given size, built
alone into a fresh store, each in its own process (so its peak memory is its own):
- ``distinct`` (the baseline): distinct real sentences, in paragraphs: Timeline17's articles
  from ``../shared/data/t17`` when present, otherwise the Raqqa examples' sentences
  recombined;
- ``sentence``: one sentence repeated, ten to a paragraph;
- ``template``: one sentence repeated with another number each time ("... 1,234 people ...");
- ``word``: one word repeated, no punctuation, one paragraph;
- ``nopunct``: the baseline's words without punctuation or line breaks (one huge sentence);
- ``table``: an HTML page with one huge table (a date, a place and numbers in each row).

A sampler thread reads the process's resident memory every 20 ms and stops the case when it
passes ``--max-gb`` (or its CPU time passes ``--max-cpu``), so a runaway case cannot take
the shared machine down: it is reported as over the limit, in the stage it was in. Prints
CPU seconds and peak RSS per case (CPU time is what to compare on a loaded machine), their
ratio to the baseline of the same size, and the stage that took most CPU; per-stage CPU and
peak RSS go to ``bench/results/pathological.json``. Target (issue 24): the 1 MB ``sentence``
case under 1.5 GB and 60 s.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
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
T17 = ROOT.parent / "shared" / "data" / "t17"
RAQQA = ROOT / "examples" / "raqqa"
RESULTS = ROOT / "bench" / "results"
CASES = ("distinct", "sentence", "template", "word", "nopunct", "table")
MB = 1_000_000
TITLE = "Fighting for Raqqa enters its final phase"
SENTENCE = ("The Syrian Democratic Forces said on Tuesday that they had entered the city of "
            "Raqqa from the east after weeks of heavy fighting.")


def real_sentences() -> Iterator[str]:
    """Distinct real sentences: Timeline17's articles, or the Raqqa examples recombined."""
    seen: set[str] = set()
    if T17.is_dir():
        for path in sorted(T17.glob("*/articles.jsonl.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as stream:
                for line in stream:
                    for sentence in json.loads(line)["text"].split("\n"):
                        sentence = sentence.strip()
                        if len(sentence) > 40 and sentence not in seen:
                            seen.add(sentence)
                            yield sentence
    raqqa = [s.strip() for p in sorted(RAQQA.glob("*.txt"))
             for s in re.split(r"(?<=[.!?])\s+", p.read_text(encoding="utf-8")) if len(s) > 40]
    halves = [(s[: len(s) // 2], s[len(s) // 2:]) for s in raqqa]
    for i, (head, _) in enumerate(halves):
        for j, (_, tail) in enumerate(halves):
            if (head + tail) not in seen and i != j:
                seen.add(head + tail)
                yield head + tail


def paragraphs(sentences: Iterator[str], size: int, per_paragraph: int = 10) -> str:
    out, length, paragraph = [TITLE, ""], len(TITLE), []
    for sentence in sentences:
        paragraph.append(sentence)
        length += len(sentence) + 1
        if len(paragraph) == per_paragraph:
            out += [" ".join(paragraph), ""]
            paragraph = []
        if length >= size:
            break
    if paragraph:
        out.append(" ".join(paragraph))
    return "\n".join(out) + "\n"


def article(case: str, size: int) -> tuple[str, str]:
    """The file name and text of one case's article of about ``size`` characters."""
    if case == "distinct":
        return "distinct.txt", paragraphs(real_sentences(), size)
    if case == "sentence":
        return "sentence.txt", paragraphs(iter(lambda: SENTENCE, None), size)
    if case == "template":
        numbers = (f"The Syrian Observatory said {n:,} people had fled Raqqa since the "
                   f"offensive began, {n % 97} of them on Tuesday." for n in range(1, 10**9))
        return "template.txt", paragraphs(numbers, size)
    if case == "word":
        return "word.txt", f"{TITLE}\n\n" + "Raqqa " * (size // 6) + "\n"
    if case == "nopunct":
        text = paragraphs(real_sentences(), size)
        return "nopunct.txt", " ".join(re.sub(r"[^\w\s]", " ", text).split()) + "\n"
    if case == "table":
        rng = random.Random(24)
        rows, length = [], 0
        while length < size:
            day = f"2017-{rng.randint(6, 10):02d}-{rng.randint(1, 28):02d}"
            row = (f"<tr><td>{day}</td><td>Raqqa</td><td>{rng.randint(1, 500)} killed</td>"
                   f"<td>{rng.randint(1, 5000)} displaced</td></tr>\n")
            rows.append(row)
            length += len(row)
        page = (f"<html><head><title>{TITLE}</title></head><body><article><h1>{TITLE}</h1>"
                f"<p>{SENTENCE}</p><table>\n{''.join(rows)}</table></article></body></html>")
        return "table.html", page
    raise ValueError(f"unknown case {case!r}: one of {', '.join(CASES)}")


class Monitor:
    """Peak resident memory and CPU seconds per build stage, and the limits' watchdog."""

    def __init__(self, max_bytes: int, max_cpu: float, out: Path) -> None:
        self.stage = "other"
        self.peak: dict[str, int] = {}
        self.cpu: dict[str, float] = {}
        self.max_bytes, self.max_cpu, self.out = max_bytes, max_cpu, out
        self.page = os.sysconf("SC_PAGE_SIZE")
        threading.Thread(target=self._watch, daemon=True).start()

    def rss(self) -> int:
        with open("/proc/self/statm") as statm:
            return int(statm.read().split()[1]) * self.page

    def sample(self) -> int:
        rss = self.rss()
        self.peak[self.stage] = max(self.peak.get(self.stage, 0), rss)
        return rss

    def _watch(self) -> None:
        while True:
            rss = self.sample()
            over = ("memory" if rss > self.max_bytes else
                    "cpu" if time.process_time() > self.max_cpu else None)
            if over:
                self.write({"status": f"over {over} limit in {self.stage}"})
                os._exit(3)
            time.sleep(0.02)

    @contextmanager
    def enter(self, name: str) -> Iterator[None]:
        previous, self.stage = self.stage, name
        self.sample()
        start = time.process_time()
        try:
            yield
        finally:
            self.cpu[name] = self.cpu.get(name, 0.0) + time.process_time() - start
            self.sample()
            self.stage = previous

    def write(self, extra: dict[str, Any]) -> None:
        import resource

        usage = resource.getrusage(resource.RUSAGE_SELF)
        result = {"cpu": round(usage.ru_utime + usage.ru_stime, 2),
                  "peak_mb": round(usage.ru_maxrss / 1024),
                  "stage_cpu": {k: round(v, 2) for k, v in self.cpu.items()},
                  "stage_peak_mb": {k: round(v / 2**20) for k, v in self.peak.items()},
                  **extra}
        self.out.write_text(json.dumps(result))


def run_one(path: Path, out: Path, max_gb: float, max_cpu: float) -> None:
    """Build ``path`` into a fresh store in this process, measured by a :class:`Monitor`."""
    monitor = Monitor(int(max_gb * 2**30), max_cpu, out)
    with monitor.enter("import"):
        import dateline.build as build_module
        from dateline.store import SQLiteStore

    original = build_module._Clock.stage

    @contextmanager
    def stage(clock: Any, name: str, announce: bool = True) -> Iterator[None]:
        with original(clock, name, announce), monitor.enter(name):
            yield

    build_module._Clock.stage = stage  # per-stage CPU and memory, the build itself unchanged
    with tempfile.TemporaryDirectory() as folder:
        store = SQLiteStore(Path(folder) / "bench.db")
        run = build_module.build(store, [str(path)], build_module.BuildConfig(jobs=1))
        store.close()
    monitor.write({"status": "ok", "stories": len(run.result.stories),
                   "errors": len(run.result.errors)})


def measure(case: str, size_mb: float, folder: Path, max_gb: float, max_cpu: float
            ) -> dict[str, Any]:
    name, text = article(case, int(size_mb * MB))
    path = folder / f"{case}-{size_mb:g}MB" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    out = folder / f"{case}-{size_mb:g}MB.json"
    proc = subprocess.run([sys.executable, __file__, "--one", str(path), str(out),
                           str(max_gb), str(max_cpu)], capture_output=True, text=True)
    if out.exists():
        result = json.loads(out.read_text())
    else:
        result = {"status": f"failed (exit {proc.returncode}): {proc.stderr.strip()[-300:]}"}
    path.unlink()
    return {"case": case, "mb": size_mb, "bytes": len(text.encode()), **result}


def table(rows: list[dict[str, Any]]) -> str:
    base = {r["mb"]: r for r in rows if r["case"] == "distinct" and r["status"] == "ok"}
    lines = [f"{'case':<10}{'MB':>5}{'CPU s':>9}{'peak MB':>9}{'CPU x':>8}{'RSS x':>8}"
             "  most CPU        status"]
    for r in rows:
        b = base.get(r["mb"])
        cpu_x = f"{r['cpu'] / b['cpu']:.2f}" if b and "cpu" in r else "-"
        rss_x = f"{r['peak_mb'] / b['peak_mb']:.2f}" if b and "peak_mb" in r else "-"
        stages = r.get("stage_cpu", {})
        worst = max(stages, key=stages.get, default="-")
        worst_text = f"{worst} {stages.get(worst, 0):.1f}s" if stages else "-"
        lines.append(f"{r['case']:<10}{r['mb']:>5g}{r.get('cpu', 0):>9.1f}"
                     f"{r.get('peak_mb', 0):>9}{cpu_x:>8}{rss_x:>8}  {worst_text:<16}"
                     f"{r['status']}")
    return "\n".join(lines)


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        run_one(Path(sys.argv[2]), Path(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]))
        return
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=float, nargs="+", default=[1, 5, 20])
    parser.add_argument("--cases", nargs="+", default=list(CASES), choices=CASES)
    parser.add_argument("--max-gb", type=float, default=4.0)
    parser.add_argument("--max-cpu", type=float, default=900.0)
    args = parser.parse_args()
    cases = ["distinct"] + [c for c in args.cases if c != "distinct"]  # the baseline first
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for size in args.sizes:
            for case in cases:
                rows.append(measure(case, size, Path(folder), args.max_gb, args.max_cpu))
                print(json.dumps(rows[-1]), flush=True)
    print(table(rows))
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "pathological.json").write_text(json.dumps(
        {"sizes_mb": args.sizes, "max_gb": args.max_gb, "max_cpu": args.max_cpu,
         "runs": rows}, indent=2) + "\n")


if __name__ == "__main__":
    main()
