"""The analysis fast path against the model on every sentence: quality and CPU seconds on T17.

Reads ../shared/data/t17/*/articles.jsonl.gz at run time through the ingest (as ``dateline
build`` does) and interleaves the 17 subsets. Two measurements, all systems in this run:

- quality: on every ``--every``-th article (offset 7), mentions and claims of the default
  analysis (``model_scope="lead+numbers"``: the model on the lead and the sentences with a
  number, its names propagated to the rest) and of the rules (``use_model=False``) against the
  model on every sentence (``model_scope="all"``, the reference). Mentions match on (article,
  sentence, start, end), and with the label; claims on (article, sentence, lower value), and
  with every field (counted, aspect, place, speaker).
- speed: CPU seconds (``time.process_time``, this process only: the machine is shared) of the
  analysis (sentence dates, mentions, claims) and of the entities step (AliasResolver and
  ClaimGrouper fits, as in build.py) on the first ``--articles`` articles (0: all of T17).

    .venv/bin/python bench/entities_fastpath.py                       # ~4 min of CPU
    .venv/bin/python bench/entities_fastpath.py --articles 0 --systems lead+numbers --every 0
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path

from dateline.analyze import analyze_articles
from dateline.analyze.nlp import get_nlp
from dateline.entities import AliasResolver, ClaimGrouper
from dateline.ingest import RawDocument, read_inputs, to_article
from dateline.model import AnalyzedArticle, Article

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "t17"
RESULTS = ROOT / "bench" / "results"
SYSTEMS = {  # name -> keyword arguments of analyze_articles
    "all (reference)": {"model_scope": "all"},
    "lead+numbers": {"model_scope": "lead+numbers"},
    "rules": {"use_model": False},
}


def load_t17(per_subset: int | None = None) -> list[Article]:
    """T17 articles (the first ``per_subset`` of each subset, or all), interleaved."""
    per_subset_articles = []
    for path in sorted(DATA.glob("*/articles.jsonl.gz")):
        articles: list[Article] = []
        for raw in read_inputs([str(path)]):
            if per_subset is not None and len(articles) >= per_subset:
                break
            article = to_article(raw) if isinstance(raw, RawDocument) else raw
            if isinstance(article, Article):
                articles.append(article)
        per_subset_articles.append(articles)
    out: list[Article] = []
    for i in range(max(map(len, per_subset_articles))):
        out += [subset[i] for subset in per_subset_articles if i < len(subset)]
    return out


def mention_keys(analyzed: list[AnalyzedArticle], label: bool) -> Counter[tuple]:
    return Counter((m.article_id, m.sentence, m.start, m.end) + ((m.label,) if label else ())
                   for a in analyzed for m in a.mentions)


def claim_keys(analyzed: list[AnalyzedArticle], fields: bool) -> Counter[tuple]:
    return Counter((c.article_id, c.sentence, c.low) + (
        (c.counted, c.aspect, c.place, c.said_by) if fields else ())
        for a in analyzed for c in a.claims)


def prf(pred: Counter[tuple], gold: Counter[tuple]) -> list[float]:
    tp = sum((pred & gold).values())
    p, r = tp / max(1, sum(pred.values())), tp / max(1, sum(gold.values()))
    return [round(p, 3), round(r, 3), round(2 * p * r / (p + r) if p + r else 0.0, 3)]


def quality(sample: list[Article], systems: list[str]) -> dict[str, dict[str, list[float]]]:
    ref = list(analyze_articles(sample, **SYSTEMS["all (reference)"]))
    out = {}
    for name in systems:
        if name == "all (reference)":
            continue
        got = list(analyze_articles(sample, **SYSTEMS[name]))
        out[name] = {
            "mentions": prf(mention_keys(got, False), mention_keys(ref, False)),
            "mentions+label": prf(mention_keys(got, True), mention_keys(ref, True)),
            "claims": prf(claim_keys(got, False), claim_keys(ref, False)),
            "claims, all fields": prf(claim_keys(got, True), claim_keys(ref, True)),
        }
    return out


def speed(articles: list[Article], name: str) -> dict[str, float]:
    start = time.process_time()
    analyzed = list(analyze_articles(articles, **SYSTEMS[name]))
    middle = time.process_time()
    resolver = AliasResolver().fit(analyzed)
    ClaimGrouper(resolver=resolver).fit(c for a in analyzed for c in a.claims)
    end = time.process_time()
    return {"analysis_cpu_s": round(middle - start, 1), "entities_cpu_s": round(end - middle, 1),
            "sentences": sum(len(a.sentences) for a in analyzed),
            "mentions": sum(len(a.mentions) for a in analyzed),
            "claims": sum(len(a.claims) for a in analyzed), "entities": len(resolver.entities_)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=500, help="speed slice (0: all)")
    parser.add_argument("--every", type=int, default=25, help="quality sample (0: none)")
    parser.add_argument("--systems", default=",".join(SYSTEMS))
    args = parser.parse_args(argv)
    systems = args.systems.split(",")
    articles = load_t17()
    get_nlp()  # load the model outside the timings
    results: dict = {"articles_total": len(articles)}
    if args.every:
        sample = articles[7::args.every]
        results["quality"] = quality(sample, systems)
        results["quality_sample"] = {"articles": len(sample)}
        print(f"Quality: {len(sample)} T17 articles (every {args.every}th), against the model "
              "on every sentence; P / R / F1")
        print("| system | mentions | mentions + label | claims | claims, all fields |")
        print("|---|---|---|---|---|")
        for name, row in results["quality"].items():
            cells = " | ".join("{:.3f} / {:.3f} / {:.3f}".format(*v) for v in row.values())
            print(f"| {name} | {cells} |")
    slice_ = articles[:args.articles] if args.articles else articles
    results["speed"] = {"articles": len(slice_)}
    print(f"\nSpeed: first {len(slice_)} T17 articles, CPU seconds of this process")
    print("| system | analysis | entities | total | x reference | sentences | mentions | claims |")
    print("|---|---|---|---|---|---|---|---|")
    base = None
    for name in systems:
        row = speed(slice_, name)
        total = row["analysis_cpu_s"] + row["entities_cpu_s"]
        base = base or (total if name == "all (reference)" else None)
        row["ratio"] = round(base / total, 2) if base else None
        results["speed"][name] = row
        print(f"| {name} | {row['analysis_cpu_s']} | {row['entities_cpu_s']} | {total:.1f} | "
              f"{row['ratio'] or '-'} | {row['sentences']} | {row['mentions']} | "
              f"{row['claims']} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "entities_fastpath.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
