"""Trust audit: what a reader is shown when real agency copy is built together with the seeds.

The corpus (issue 30): the five Raqqa reports of ``examples/raqqa`` plus ``--per-subset``
Reuters articles (15) from each of the T17 subsets H1N1, Libya, Syria and BP oil, chosen by a
fixed seed among the non-empty ones, written as one JSONL file (text as T17 has it, publication
date, outlet ``Reuters``). The corpus is built twice with ``dateline build``: by this checkout
and, as the baseline in the same run, by ``--base`` (a git revision, checked out in a temporary
worktree); both under ``nice``, one process each.

Reported for each build, over what the reader sees (story and event labels, timeline
sentences, overview sentences, per-outlet unique sentences, the sentences of conflicting
claims):

- ``furniture``: shown statements that are site furniture, i.e. that hold (or are part of) a
  line found in Reuters articles of two or more T17 topics (all articles of the four subsets
  are read for this; recurrence within one site across topics, the issue's definition);
- ``cross-topic copy links``: copy links between articles of different topics (Raqqa counts
  as a topic);
- ``mixed stories``: stories holding articles of two or more topics;
- the Raqqa account: its timeline dates, its copy link, the aliases of its entities, and
  whether the 200-300 and 250 foreign-fighter figures are still listed as differing figures.

    .venv/bin/python bench/trust_t17.py [--base REV] [--per-subset 15]
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import defaultdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "t17"
RAQQA = ROOT / "examples" / "raqqa"
RESULTS = ROOT / "bench" / "results" / "trust_t17.json"
SUBSETS = {"H1N1_reuters": "h1n1", "LibyaWar_reuters": "libya",
           "SyrianCrisis_reuters": "syria", "bpoil_reuters": "bpoil"}
SEED = 30
BASE = "cdf2fcf"  # main before issue 30
MIN_FURNITURE_WORDS = 4


def _norm(text: str) -> str:
    return " ".join(text.lower().split())


def read_subsets(data: Path = DATA) -> dict[str, list[dict[str, Any]]]:
    """Every non-empty article of the four subsets, in file order."""
    out = {}
    for subset in SUBSETS:
        with gzip.open(data / subset / "articles.jsonl.gz", "rt", encoding="utf-8") as f:
            out[subset] = [a for a in map(json.loads, f) if a["text"].strip()]
    return out


def choose(articles: dict[str, list[dict[str, Any]]], per_subset: int) -> list[dict[str, Any]]:
    """``per_subset`` articles of each subset, the same on every run."""
    chosen = []
    for subset in SUBSETS:
        pool = sorted(articles[subset], key=lambda a: a["id"])
        chosen += random.Random(f"{SEED}/{subset}").sample(pool, per_subset)
    return chosen


def furniture_lines(articles: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Lines (normalized) of the site's articles on two or more topics: found in three or more
    different articles, of which two are filed under different topics. An article that T17
    files under two topics (a Reuters story on Libya and Syria) names no topic here."""
    topics_of_text: dict[str, set[str]] = defaultdict(set)
    for subset, items in articles.items():
        for article in items:
            topics_of_text[article["text"]].add(SUBSETS[subset])
    topics: dict[str, set[str]] = defaultdict(set)
    texts: dict[str, set[str]] = defaultdict(set)
    for text, seen in topics_of_text.items():
        for line in text.split("\n"):
            line = _norm(line)
            if len(line.split()) >= MIN_FURNITURE_WORDS:
                texts[line].add(text)
                if len(seen) == 1:
                    topics[line] |= seen
    return sorted(line for line, seen in topics.items()
                  if len(seen) >= 2 and len(texts[line]) >= 3)


def is_furniture(statement: str, lines: list[str]) -> bool:
    text = _norm(statement)
    if len(text.split()) < 2:
        return False
    return any(line in text or (len(text.split()) >= MIN_FURNITURE_WORDS and text in line)
               for line in lines)


def write_corpus(chosen: list[dict[str, Any]], folder: Path) -> Path:
    path = folder / "t17_reuters.jsonl"
    with path.open("w", encoding="utf-8") as f:
        for article in chosen:
            f.write(json.dumps({"text": article["text"], "date": article["date"],
                                "source": "Reuters"}) + "\n")
    return path


def run_build(src: Path, inputs: list[Path], folder: Path) -> tuple[dict[str, Any], float]:
    """``dateline build`` of ``inputs`` with the sources under ``src``; the build document
    and the CPU seconds of the build process."""
    db, out = folder / "trust.db", folder / "report"
    env = {**os.environ, "PYTHONPATH": str(src)}
    code = "import sys; from dateline.cli import app; sys.argv[0] = 'dateline'; app()"
    command = ["nice", "-n", "10", sys.executable, "-c", code, "build",
               *map(str, inputs), "--db", str(db), "--out", str(out), "--jobs", "1"]
    before = os.times()
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    after = os.times()
    if done.returncode not in (0, 3):
        raise SystemExit(f"build with {src} failed ({done.returncode}):\n{done.stderr[-2000:]}")
    cpu = (after.children_user - before.children_user) + (
        after.children_system - before.children_system)
    return json.loads((out / "build.json").read_text(encoding="utf-8")), cpu


def _sentences(article: dict[str, Any]) -> list[str]:
    from dateline.sentences import split_sentences

    return [s for paragraph in article["paragraphs"] for s in split_sentences(paragraph)]


def shown_statements(build: dict[str, Any]) -> list[tuple[str, str]]:
    """(kind, text) of every statement the reader is shown."""
    shown: list[tuple[str, str]] = []
    articles = {a["id"]: a for a in build["articles"]}
    for result in build["stories"]:
        story = result["story"]
        shown.append(("story label", story["label"]))
        shown += [("event label", event["label"]) for event in story["events"]]
        shown += [("timeline", s["text"]) for entry in result["timeline"]
                  for s in entry["sentences"]]
        shown += [("overview", s["text"]) for s in result["summary"]]
        comparison = result.get("comparison") or {}
        shown += [("comparison", s["text"]) for only in comparison.get("unique", [])
                  for s in only["sentences"]]
    for claim in build["claims"]:
        if claim.get("conflict") and claim["article_id"] in articles:
            sentences = _sentences(articles[claim["article_id"]])
            if claim["sentence"] < len(sentences):
                shown.append(("conflict", sentences[claim["sentence"]]))
    return shown


def topics_of(build: dict[str, Any], chosen: list[dict[str, Any]]) -> dict[str, str]:
    """Article id -> T17 topic (``raqqa`` for the seeds), from where each was read."""
    topics = {}
    for article in build["articles"]:
        source = article["source"]
        if source.get("line"):
            topics[article["id"]] = SUBSETS[chosen[source["line"] - 1]["id"].split("/")[0]]
        else:
            topics[article["id"]] = "raqqa"
    return topics


_FIGHTERS = re.compile(r"foreign")


def raqqa_account(build: dict[str, Any], topics: dict[str, str]) -> dict[str, Any]:
    """What the reader sees of the Raqqa story: dates, copy, aliases, the fighters' figures."""
    seeds = {i for i, t in topics.items() if t == "raqqa"}
    story = max(build["stories"], key=lambda r: len(seeds & set(r["story"]["article_ids"])))
    copies = sorted(tuple(sorted((c["original"], c["copy"]))) for c in build["copies"]
                    if c["original"] in seeds and c["copy"] in seeds)
    aliases = sorted(sorted(a["name"] for a in e["aliases"]) for e in build["entities"]
                     if len(e["aliases"]) > 1 and any(
                         n["name"] in ("Islamic State", "Daesh", "IS") for n in e["aliases"]))
    fighters = sorted({(c["text"], bool(c.get("conflict"))) for c in build["claims"]
                       if c["article_id"] in seeds and c["text"] in ("only 200-300", "250")})
    return {"timeline dates": [e["date"] for e in story["timeline"]],
            "story articles": len(seeds & set(story["story"]["article_ids"])),
            "copies": copies, "aliases": aliases, "fighters": fighters}


def audit(build: dict[str, Any], chosen: list[dict[str, Any]], lines: list[str]
          ) -> dict[str, Any]:
    topics = topics_of(build, chosen)
    shown = shown_statements(build)
    furniture = [(kind, text) for kind, text in shown if is_furniture(text, lines)]
    cross = [(c["original"], c["copy"]) for c in build["copies"]
             if topics.get(c["original"]) != topics.get(c["copy"])]
    mixed = [r["story"]["id"] for r in build["stories"]
             if len({topics.get(i) for i in r["story"]["article_ids"]}) > 1]
    by_kind: dict[str, int] = defaultdict(int)
    for kind, _ in furniture:
        by_kind[kind] += 1
    return {"shown": len(shown), "furniture": len(furniture),
            "furniture share": round(len(furniture) / max(1, len(shown)), 4),
            "furniture by kind": dict(sorted(by_kind.items())),
            "furniture examples": sorted({f"{kind}: {text[:90]}" for kind, text in furniture}),
            "cross-topic copy links": len(cross), "mixed stories": len(mixed),
            "stories": len(build["stories"]), "raqqa": raqqa_account(build, topics)}


def measure(per_subset: int, src: Path, folder: Path,
            data: Path = DATA) -> tuple[dict[str, Any], float]:
    """Build the audit corpus with the sources under ``src`` in ``folder``; the audit and the
    build's CPU seconds."""
    articles = read_subsets(data)
    chosen = choose(articles, per_subset)
    corpus = write_corpus(chosen, folder)
    build, cpu = run_build(src, [RAQQA, corpus], folder)
    return audit(build, chosen, furniture_lines(articles)), cpu


def _baseline_tree(base: str, folder: Path) -> Path:
    tree = folder / "base"
    subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), base],
                   check=True, capture_output=True)
    return tree


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default=BASE, help="git revision of the baseline build")
    parser.add_argument("--per-subset", type=int, default=15)
    parser.add_argument("--keep", type=Path, help="copy both builds' documents here")
    args = parser.parse_args(argv)
    if not DATA.is_dir():
        print(f"no T17 data at {DATA}", file=sys.stderr)
        return 2
    results: dict[str, Any] = {"base": args.base, "per_subset": args.per_subset}
    with tempfile.TemporaryDirectory(prefix="trust_t17_") as tmp:
        folder = Path(tmp)
        tree = _baseline_tree(args.base, folder)
        try:
            for name, src in (("baseline", tree / "src"), ("this", ROOT / "src")):
                (folder / name).mkdir()
                start = time.perf_counter()
                results[name], cpu = measure(args.per_subset, src, folder / name)
                results[name]["cpu seconds"] = round(cpu, 1)
                results[name]["wall seconds"] = round(time.perf_counter() - start, 1)
                if args.keep:
                    args.keep.mkdir(parents=True, exist_ok=True)
                    shutil.copy(folder / name / "report" / "build.json",
                                args.keep / f"{name}.json")
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(tree)],
                           capture_output=True)
    base, this = results["baseline"], results["this"]
    results["raqqa unchanged"] = base["raqqa"] == this["raqqa"]
    rows = [("shown statements", "shown"), ("furniture statements", "furniture"),
            ("furniture share", "furniture share"),
            ("cross-topic copy links", "cross-topic copy links"),
            ("mixed stories", "mixed stories"), ("stories", "stories"),
            ("build CPU seconds", "cpu seconds")]
    print(f"{'':28} {'baseline ' + args.base:>18} {'this':>10}")
    for label, key in rows:
        print(f"{label:28} {base[key]!s:>18} {this[key]!s:>10}")
    print(f"{'furniture by kind':28} {base['furniture by kind']} -> {this['furniture by kind']}")
    print(f"raqqa unchanged: {results['raqqa unchanged']}  (this: {this['raqqa']})")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
