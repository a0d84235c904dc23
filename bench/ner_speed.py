"""NER sentences/s of the installed spaCy, against a reference pass of the same model in this run.

Over the same T17 sentences (``--sentences``, the subsets interleaved), in round-robin rounds
after one untimed warm-up pass each, the median CPU seconds of this process (the machine is
shared: wall time would measure the neighbours):

- plain ner: ``nlp.pipe`` with every component but ``ner`` disabled, thinc's default ops;
- dateline ner: the same pass as dateline runs it (:func:`dateline.analyze.nlp.get_nlp`,
  OpenBLAS products on one thread), the first pass of ``parse_texts``;
- dateline parse_texts: the whole path (ner, then tok2vec + tagger on sentences with a number);
- tagging reference: tokenizer + tok2vec + tagger on every sentence, dateline's ops.

The tagging reference does the same kind of work as the ner pass (a tokenizer and a CNN
over the same words) but no transition loop, which is where spaCy 3.8.8 to 3.8.18 lost half
their NER speed (the interpreter lock taken inside the validity checks of ``ner.so``). So
``ner / tagging`` (CPU ratio) exposes such a regression whatever the load: 1.0-1.1 with the
pinned spaCy 3.8.2, 2.4-3.6 with 3.8.18 (docs/decisions.md). Above ``REGRESSION`` the script
says so and exits 1. The digest of the entity spans must stay the same across spaCy versions.

    .venv/bin/python bench/ner_speed.py [--sentences 3000] [--rounds 3]

Writes bench/results/ner_speed.json.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import spacy

from dateline.analyze.nlp import EXCLUDE, MODEL, get_nlp, one_blas_thread
from dateline.analyze.parse import parse_texts

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "t17"
RESULTS = ROOT / "bench" / "results"
# ner/tagging CPU ratio: 1.0-1.1 with spaCy 3.8.2, 2.4-3.6 with 3.8.18 (this machine, loaded).
REGRESSION = 1.6


def sentences(limit: int) -> list[str]:
    """``limit`` T17 sentences (one per line in the data), taking one subset after another."""
    per_subset = []
    for path in sorted(DATA.glob("*/articles.jsonl.gz")):
        with gzip.open(path, "rt") as handle:
            per_subset.append([s.strip() for line in handle
                               for s in json.loads(line)["text"].split("\n") if s.strip()])
    out: list[str] = []
    i = 0
    while len(out) < limit and any(i < len(s) for s in per_subset):
        out += [s[i] for s in per_subset if i < len(s)][: limit - len(out)]
        i += 1
    return out


def digest(docs: list[Any]) -> str:
    """sha256 of every entity span (start, end, label), sentence by sentence."""
    h = hashlib.sha256()
    for doc in docs:
        ents = getattr(doc, "ents", ())
        h.update(repr([(e.start_char, e.end_char, e.label_) if hasattr(e, "label_")
                       else (e.start, e.end, e.label) for e in ents]).encode())
    return h.hexdigest()


def passes(texts_batch: int) -> dict[str, Callable[[list[str]], list[Any]]]:
    plain = spacy.load(MODEL, exclude=list(EXCLUDE))
    ours = get_nlp()
    if ours is None:
        raise SystemExit(f"the spaCy model {MODEL} does not load: nothing to measure")
    not_ner = [n for n in ours.pipe_names if n != "ner"]
    not_tagging = [n for n in ours.pipe_names if n not in ("tok2vec", "tagger")]

    def dateline_ner(texts: list[str]) -> list[Any]:
        with one_blas_thread():
            return list(ours.pipe(texts, batch_size=texts_batch, disable=not_ner))

    def tagging(texts: list[str]) -> list[Any]:
        with one_blas_thread():
            return list(ours.pipe(texts, batch_size=texts_batch, disable=not_tagging))

    return {
        "plain ner": lambda t: list(plain.pipe(t, batch_size=texts_batch, disable=not_ner)),
        "dateline ner": dateline_ner,
        "dateline parse_texts": lambda t: list(parse_texts(t, batch_size=texts_batch)),
        "tagging reference": tagging,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sentences", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--batch-size", type=int, default=256)
    args = parser.parse_args(argv)
    texts = sentences(args.sentences)
    runs = passes(args.batch_size)
    for run in runs.values():  # warm-up: the first pass over new words fills the vocab
        run(texts)
    cpu: dict[str, list[float]] = {name: [] for name in runs}
    digests: dict[str, str] = {}
    for _ in range(args.rounds):
        for name, run in runs.items():
            start = time.process_time()
            docs = run(texts)
            cpu[name].append(time.process_time() - start)
            if name != "tagging reference":
                digests[name] = digest(docs)
    best = {name: statistics.median(seconds) for name, seconds in cpu.items()}
    ratio = best["dateline ner"] / best["tagging reference"]
    print(f"spaCy {spacy.__version__}, {len(texts)} T17 sentences, "
          f"{sum(len(t.split()) for t in texts):,} words, median CPU s of {args.rounds} rounds")
    print("| pass | CPU s (all rounds) | sentences/s | x plain ner |")
    print("|---|---|---|---|")
    for name, seconds in cpu.items():
        print(f"| {name} | {' '.join(f'{s:.2f}' for s in seconds)} | "
              f"{len(texts) / best[name]:,.0f} | {best['plain ner'] / best[name]:.2f} |")
    print(f"ner / tagging CPU: {ratio:.2f} (pinned spaCy 3.8.2: 1.0-1.1; 3.8.18: 2.4-3.6)")
    same = len(set(digests.values())) == 1
    print(f"entity digest {digests['dateline ner'][:16]}: "
          f"{'same on every path' if same else 'PATHS DIFFER'}")
    regressed = ratio > REGRESSION
    if regressed:
        print(f"REGRESSION: the ner pass costs {ratio:.2f}x the tagging pass (> {REGRESSION})")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "ner_speed.json").write_text(json.dumps({
        "spacy": spacy.__version__, "sentences": len(texts), "rounds": args.rounds,
        "cpu_seconds": cpu, "sentences_per_s": {n: len(texts) / s for n, s in best.items()},
        "ner_over_tagging": ratio, "regression_above": REGRESSION, "regressed": regressed,
        "digests": digests}, indent=2))
    return 1 if regressed or not same else 0


if __name__ == "__main__":
    raise SystemExit(main())
