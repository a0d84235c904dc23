"""T17 timeline benchmark: dateline's timeline against the gold timelines of Timeline17.

Protocol of news-tls (Gholipour Ghalandari & Ifrim 2020), as ``../shared/data/t17/README.md``
describes it: per topic, the articles of all its outlets are pooled; for each gold timeline the
input is restricted to articles published within the gold date range, the number of dates is
the gold's and sentences per date is ``round(gold sentences / gold dates)``. Metrics come from
tilse 0.2.1 (alignment-based ROUGE-1/2 F, many-to-one; date F1); the average is the F1 of mean
precision and mean recall over the timelines.

Topics are split once: DEV_TOPICS were used to develop and set parameters, the other topics
are reported as test, and all 19 timelines together for comparison with published numbers.
A trivial baseline (busiest publication days, lead sentences of that day's articles) runs in
the same run. The output also holds a faithfulness check of the citations (50 random cited
sentences of timelines and overview summaries) and the time per topic.

    .venv/bin/python bench/timeline_t17.py [--rouge perl|reimpl] [--topics mj,h1n1]
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import random
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from dateline.model import CitedSentence, DateEvidence, Sentence
from dateline.summarize import build_summary, build_timeline, check_citations
from dateline.summarize.corpus import as_docs

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "t17"
RESULTS = ROOT / "bench" / "results" / "timeline_t17.json"
TOPICS = ("bpoil", "egypt", "finan", "h1n1", "haiti", "iraq", "libya", "mj", "syria")
DEV_TOPICS = ("egypt", "h1n1", "haiti", "mj")
TEST_TOPICS = tuple(t for t in TOPICS if t not in DEV_TOPICS)
ANCHORS = {
    "news-tls DATEWISE (paper)": (0.120, 0.035, 0.544),
    "SUnSET, Qwen-72B (paper)": (0.136, 0.044, 0.576),
    "news-tls CLUST (re-run here, Perl)": (0.0821, 0.0202, 0.4073),
    "trivial busiest days (run here, Perl)": (0.0854, 0.0237, 0.4768),
}


@dataclass
class T17Article:
    id: str
    date: str
    lines: list[str]


@dataclass
class Gold:
    name: str
    subset: str
    dates: dict[str, list[str]]  # later entries overwrite earlier ones, as tilse does

    @property
    def first(self) -> str:
        return min(self.dates)

    @property
    def last(self) -> str:
        return max(self.dates)

    @property
    def per_date(self) -> int:
        return round(sum(len(v) for v in self.dates.values()) / len(self.dates))


def load_topic(topic: str, data: Path = DATA) -> tuple[list[T17Article], list[Gold]]:
    """All articles of a topic's outlets (pooled) and its gold timelines."""
    articles, golds = [], []
    for subset in sorted(p for p in data.iterdir() if p.is_dir()):
        with gzip.open(subset / "articles.jsonl.gz", "rt") as f:
            for line in f:
                record = json.loads(line)
                if record["topic"] != topic:
                    break
                lines = [s.strip() for s in record["text"].split("\n") if s.strip()]
                if lines:
                    articles.append(T17Article(record["id"], record["date"], lines))
        with open(subset / "timelines.jsonl") as f:
            for line in f:
                record = json.loads(line)
                if record["topic"] == topic:
                    golds.append(Gold(record["name"], record["subset"],
                                      {d: list(s) for d, s in record["entries"]}))
    return articles, golds


def date_articles(articles: list[T17Article]) -> dict[str, tuple[Sentence, ...]]:
    """T17's own sentences (kept as they are), dated by the time stage against the article date.

    The text is PTB-tokenised; the time stage reads it as it is.
    """
    from dateline.time import event_date, tag_times  # the time stage

    out = {}
    for article in articles:
        anchor = datetime.date.fromisoformat(article.date)
        published = DateEvidence(article.date, "day", "t17-folder", "", 1.0)
        sentences = []
        for i, text in enumerate(article.lines):
            times = tuple(tag_times(text, anchor))
            sentences.append(Sentence(article.id, i, 0, text, times,
                                      event_date(text, times, published)))
        out[article.id] = tuple(sentences)
    return out


def trivial_baseline(articles: list[T17Article], gold: Gold) -> dict[str, list[str]]:
    """Busiest publication days, lead sentences of that day's articles."""
    by_day: dict[str, list[T17Article]] = defaultdict(list)
    for article in articles:
        if gold.first <= article.date <= gold.last:
            by_day[article.date].append(article)
    days = sorted(by_day, key=lambda d: (-len(by_day[d]), d))[: len(gold.dates)]
    return {d: [a.lines[0] for a in by_day[d][: gold.per_date]] for d in days}


def score(predicted: dict[str, list[str]], gold: Gold, evaluator) -> dict[str, dict]:
    """tilse AR1/AR2 (many-to-one alignment) and date precision/recall of one timeline."""
    from tilse.data.timelines import GroundTruth, Timeline

    def as_timeline(entries: dict[str, list[str]]) -> Timeline:
        return Timeline({datetime.date.fromisoformat(d): s for d, s in entries.items() if s})

    pred_tl, gold_tl = as_timeline(predicted), as_timeline(gold.dates)
    rouge = evaluator.evaluate_align_date_content_costs_many_to_one(
        pred_tl, GroundTruth([gold_tl]))
    pred_dates, gold_dates = set(predicted), set(gold.dates)
    shared = len(pred_dates & gold_dates)
    p = shared / len(pred_dates) if pred_dates else 0.0
    r = shared / len(gold_dates)
    return {"ar1": rouge["rouge_1"], "ar2": rouge["rouge_2"],
            "date": {"precision": p, "recall": r, "f_score": _f1(p, r)}}


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def average(runs: Iterable[dict]) -> dict[str, float]:
    """news-tls averaging: F1 of the mean precision and the mean recall."""
    runs = list(runs)
    out = {}
    for metric in ("ar1", "ar2", "date"):
        p = sum(run[metric]["precision"] for run in runs) / len(runs)
        r = sum(run[metric]["recall"] for run in runs) / len(runs)
        out[metric] = _f1(p, r)
    return out


def make_evaluator(rouge: str):
    from tilse.evaluation.rouge import TimelineRougeEvaluator

    return TimelineRougeEvaluator(measures=["rouge_1", "rouge_2"],
                                  rouge_computation="original" if rouge == "perl" else rouge)


def run_topic(topic: str, evaluator, data: Path = DATA) -> dict:
    """Date the topic once, then build, score and time every gold timeline of it."""
    articles, golds = load_topic(topic, data)
    t0 = time.perf_counter()
    dated = date_articles(articles)
    dating_s = time.perf_counter() - t0
    published = {a.id: a.date for a in articles}
    outlets = {a.id: a.id.split("/")[0] for a in articles}
    runs = []
    for gold in golds:
        inside = {a.id: dated[a.id] for a in articles if gold.first <= a.date <= gold.last}
        t1, c1 = time.perf_counter(), time.process_time()
        entries = build_timeline(inside, n_dates=len(gold.dates), per_date=gold.per_date,
                                 date_range=(gold.first, gold.last), outlets=outlets,
                                 published=published)
        build_s, build_cpu_s = time.perf_counter() - t1, time.process_time() - c1
        summary = build_summary(inside, n_sentences=10, outlets=outlets, published=published)
        predicted = {e.date: [s.text for s in e.sentences] for e in entries}
        runs.append({
            "topic": topic, "timeline": f"{gold.subset}/{gold.name}",
            "articles": len(inside), "build_s": build_s, "build_cpu_s": build_cpu_s,
            "system": score(predicted, gold, evaluator),
            "baseline": score(trivial_baseline(articles, gold), gold, evaluator),
            "cited": [_cited_json(s) for e in entries for s in e.sentences]
            + [_cited_json(s) for s in summary],
            "docs": sorted(inside),
        })
    return {"topic": topic, "articles": len(articles), "dating_s": dating_s, "runs": runs,
            "dated": dated, "published": published}


def _cited_json(item: CitedSentence) -> dict:
    return {"text": item.text, "independent": item.independent,
            "citations": [[c.article_id, c.sentence, c.exact] for c in item.citations]}


def faithfulness(topics: list[dict], n: int = 50, seed: int = 0) -> dict:
    """Check 50 random cited sentences (of timelines and summaries): every citation's article
    must contain the sentence or a close paraphrase; no sentence may be uncited.

    The first citation of a sentence is the article it was taken from (it holds the sentence
    word for word); the rates that matter are over the other citations, the paraphrases and
    copies found in other articles. Two independent checks: content-word Dice >= 0.5 against
    the best sentence of the cited article, and the stricter in-order check (at least half
    the sentence's words in order, LCS).
    """
    from dateline.model import Citation

    pool = [(t, c) for t in topics for run in t["runs"] for c in run["cited"]]
    sample = random.Random(seed).sample(pool, min(n, len(pool)))
    counts = {"home": 0, "other": 0, "uncited": 0}
    ok = {("home", "dice"): 0, ("home", "order"): 0, ("other", "dice"): 0,
          ("other", "order"): 0}
    for topic, item in sample:
        if not item["citations"]:
            counts["uncited"] += 1
            continue
        for i, (article, sentence, exact) in enumerate(item["citations"]):
            kind = "home" if i == 0 else "other"
            counts[kind] += 1
            cited = CitedSentence(item["text"], (Citation(article, sentence, None, exact),))
            docs = as_docs({article: topic["dated"][article]})
            for method in ("dice", "order"):
                ok[(kind, method)] += check_citations([cited], docs, method=method)[0]
    out: dict = {"sentences": len(sample), "uncited_sentences": counts["uncited"]}
    for kind in ("home", "other"):
        out[f"{kind}_citations"] = counts[kind]
        for method in ("dice", "order"):
            good = ok[(kind, method)]
            out[f"{kind}_{method}_supported"] = good
            out[f"{kind}_{method}_rate"] = good / counts[kind] if counts[kind] else 1.0
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=DATA)
    parser.add_argument("--rouge", choices=("perl", "reimpl"), default="perl")
    parser.add_argument("--topics", default=",".join(TOPICS))
    parser.add_argument("--out", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    if not args.data.is_dir():
        print(f"T17 data not found at {args.data}", file=sys.stderr)
        return 2
    evaluator = make_evaluator(args.rouge)
    topics = [run_topic(t, evaluator, args.data) for t in args.topics.split(",")]
    runs = [run for t in topics for run in t["runs"]]
    table = _table(topics, runs)
    faith = faithfulness(topics)
    print(table)
    print(f"\nfaithfulness: {faith['sentences']} random cited sentences (timelines and "
          f"summaries), uncited: {faith['uncited_sentences']}; their source articles hold them "
          f"in {faith['home_dice_supported']}/{faith['home_citations']}; citations of other "
          f"articles: {faith['other_citations']}, supported by a close paraphrase (content-word "
          f"Dice >= 0.5) {faith['other_dice_supported']} ({faith['other_dice_rate']:.3f}), "
          f"half the words in order (LCS >= 0.5) {faith['other_order_supported']} "
          f"({faith['other_order_rate']:.3f})")
    args.out.parent.mkdir(parents=True, exist_ok=True)
    result = {
        "rouge": args.rouge, "dev_topics": DEV_TOPICS, "test_topics": TEST_TOPICS,
        "runs": [{k: v for k, v in run.items() if k not in ("cited", "docs")} for run in runs],
        "topics": [{"topic": t["topic"], "articles": t["articles"], "dating_s": t["dating_s"]}
                   for t in topics],
        "averages": _averages(runs), "faithfulness": faith, "anchors": ANCHORS,
    }
    args.out.write_text(json.dumps(result, indent=1))
    print(f"\nwrote {args.out}")
    return 0


def _averages(runs: list[dict]) -> dict:
    groups = {"dev": [r for r in runs if r["topic"] in DEV_TOPICS],
              "test": [r for r in runs if r["topic"] in TEST_TOPICS], "all": runs}
    return {name: {"timelines": len(rs), "system": average(r["system"] for r in rs),
                   "baseline": average(r["baseline"] for r in rs)}
            for name, rs in groups.items() if rs}


def _table(topics: list[dict], runs: list[dict]) -> str:
    lines = ["| topic | split | TLs | articles | dating s | build s/TL (CPU) | dateline AR1-F / "
             "AR2-F / Date-F1 | trivial AR1-F / AR2-F / Date-F1 |", "|---" * 8 + "|"]
    for t in topics:
        rs = t["runs"]
        sys_avg, base_avg = average(r["system"] for r in rs), average(r["baseline"] for r in rs)
        split = "dev" if t["topic"] in DEV_TOPICS else "test"
        build = sum(r["build_s"] for r in rs) / len(rs)
        cpu = sum(r["build_cpu_s"] for r in rs) / len(rs)
        lines.append(f"| {t['topic']} | {split} | {len(rs)} | {t['articles']} | "
                     f"{t['dating_s']:.1f} | {build:.2f} ({cpu:.2f}) | {_fmt(sys_avg)} | "
                     f"{_fmt(base_avg)} |")
    for name, avg in _averages(runs).items():
        lines.append(f"| **{name}** | | {avg['timelines']} | | | | {_fmt(avg['system'])} | "
                     f"{_fmt(avg['baseline'])} |")
    lines.append("")
    for name, (a1, a2, d) in ANCHORS.items():
        lines.append(f"anchor {name}: {a1:.4f} / {a2:.4f} / {d:.4f}")
    counts = Counter(r["topic"] for r in runs)
    lines.append(f"timelines per topic: {dict(counts)}")
    return "\n".join(lines)


def _fmt(avg: dict[str, float]) -> str:
    return f"{avg['ar1']:.4f} / {avg['ar2']:.4f} / {avg['date']:.4f}"


if __name__ == "__main__":
    sys.exit(main())
