"""Speed of the mention pipeline (spaCy NER) over T17 sentences, in words per second.

Reads ../shared/data/t17/*/articles.jsonl.gz at run time (sentences are one per line there) and
takes the first ``--words`` words of sentences, interleaving the subsets. Configurations, all
in this run on the same sentences:

- full-default: the model with every component (parser included), n_process=1: the baseline;
- all-but-parser: tagger, attribute_ruler, lemmatizer and ner on every sentence;
- stage: what :func:`dateline.analyze.parse.parse_texts` does with every sentence it is given:
  ner, then tok2vec + tagger only on sentences with a number (POS and lemma from the fine tag,
  dateline.analyze.tags), n_process=1 and n_process=2 (by default the analysis gives it only
  the lead and the sentences with a number: bench/entities_fastpath.py);
- ner-only: only the ner component (what mentions alone need);
- fallback: the rule-based parser used when the model is missing.

    .venv/bin/python bench/entities_speed.py [--words 20000] [--batch-size 256] [--repeats 3]
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import spacy

from dateline.analyze.nlp import EXCLUDE, MODEL
from dateline.analyze.parse import fallback_parse, parse_texts

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "t17"
RESULTS = ROOT / "bench" / "results"


def sentences(limit_words: int) -> list[str]:
    per_subset = []
    for path in sorted(DATA.glob("*/articles.jsonl.gz")):
        with gzip.open(path, "rt") as handle:
            lines = [s.strip() for line in handle
                     for s in json.loads(line)["text"].split("\n") if s.strip()]
        per_subset.append(lines)
    out, words, i = [], 0, 0
    while words < limit_words and any(i < len(s) for s in per_subset):
        for subset in per_subset:
            if i < len(subset) and words < limit_words:
                out.append(subset[i])
                words += len(subset[i].split())
        i += 1
    return out


def timed(run, texts: list[str]) -> float:
    start = time.perf_counter()
    run(texts)
    return time.perf_counter() - start


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--words", type=int, default=20_000)
    parser.add_argument("--batch-size", type=int, default=256)
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args(argv)
    texts = sentences(args.words)
    n_words = sum(len(t.split()) for t in texts)
    full = spacy.load(MODEL)
    stage = spacy.load(MODEL, exclude=list(EXCLUDE))
    ner_only = spacy.load(MODEL, exclude=list(EXCLUDE))
    ner_only.select_pipes(enable=["ner"])
    list(stage.pipe(texts[:50]))  # warm-up
    bs = args.batch_size
    runs = {
        "full-default (baseline)": lambda t: list(full.pipe(t, batch_size=bs)),
        "all-but-parser, n_process=1": lambda t: list(stage.pipe(t, batch_size=bs)),
        "stage, n_process=1": lambda t: list(parse_texts(t, batch_size=bs)),
        "stage, n_process=2": lambda t: list(parse_texts(t, batch_size=bs, n_process=2)),
        "ner-only, n_process=1": lambda t: list(ner_only.pipe(t, batch_size=bs)),
        "ner-only, n_process=2": lambda t: list(ner_only.pipe(t, batch_size=bs, n_process=2)),
        "fallback (rules)": lambda t: [fallback_parse(x) for x in t],
    }
    # Round-robin repeats, best of each: the machine is shared, so one slow moment must not
    # decide a configuration's figure.
    best: dict[str, float] = {}
    for _ in range(args.repeats):
        for name, run in runs.items():
            seconds = timed(run, texts)
            best[name] = min(best.get(name, seconds), seconds)
    results = {name: {"seconds": sec, "words_per_s": n_words / sec} for name, sec in best.items()}
    base = results["full-default (baseline)"]["words_per_s"]
    print(f"T17, {len(texts)} sentences, {n_words} words, batch_size={bs}, "
          f"best of {args.repeats} round-robin runs")
    print("| configuration | words/s | x baseline |")
    print("|---|---|---|")
    for name, r in results.items():
        r["ratio"] = r["words_per_s"] / base
        print(f"| {name} | {r['words_per_s']:,.0f} | {r['ratio']:.2f} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "entities_speed.json").write_text(json.dumps(
        {"sentences": len(texts), "words": n_words, "batch_size": bs, "repeats": args.repeats,
         "runs": results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
