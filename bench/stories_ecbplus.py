"""ECB+ (topics 1-35): stories against gold topics, events against gold sub-topics.

Each ECB+ topic holds two different events of the same kind with the same kind of actors
(two Lindsay Lohan rehab stays, five years apart). Our stories are scored against the topic
and our events against the sub-topic, with B-cubed P/R/F1, ARI and NMI (arithmetic).
The documents have no dates, so time plays no part here.

Rows: one-signal variants, the earlier event method and average linkage without contrast
(for comparison), the defaults by ``fit`` and the defaults through ``partial_fit`` in 8 batches.
Split: dev = topics 1-20 (parameters were chosen there), test = topics 21-35 (reported only).
Baseline, measured in the same run: TF-IDF + average-linkage agglomerative clustering, its
distance threshold chosen on dev for each level.

    nice .venv/bin/python bench/stories_ecbplus.py [--tune]
"""

from __future__ import annotations

import argparse
import itertools
from typing import Any

import numpy as np

from dateline.model import Article
from dateline.stories import StoryClusterer
from dateline.stories.evaluate import scores, tfidf_agglomerative
from stories_common import (
    DATA,
    Timer,
    cached_embedder,
    make_article,
    print_table,
    read_jsonl,
    write_json,
)

DEV = set(range(1, 21))
BASELINE_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
LEADER = {"event_linkage": "leader", "event_contrast": 0.0, "event_threshold": 0.45,
          "event_embed_weight": 0.5}
VARIANTS: dict[str, dict[str, Any]] = {  # thresholds of each variant chosen on dev
    "tfidf+entities": {"use_embeddings": False, "story_threshold": 0.05,
                       "event_threshold": 0.2, **{k: LEADER[k] for k in ("event_linkage",
                                                                          "event_contrast")}},
    "embeddings": {"embed_weight": 1.0, "event_embed_weight": 1.0, "story_threshold": 0.18,
                   "event_threshold": 0.5, **{k: LEADER[k] for k in ("event_linkage",
                                                                      "event_contrast")}},
    "events: leader pass + refine (before)": LEADER,
    "events: average linkage, no contrast": {"event_contrast": 0.0, "event_threshold": 0.35},
    "embeddings+tfidf (default)": {},
}
STREAM = "embeddings+tfidf (default)"  # also run through partial_fit in 8 batches


def load() -> tuple[list[Article], list[str], list[str], list[int]]:
    docs = read_jsonl(DATA / "ecbplus" / "docs.jsonl.gz")
    articles = [make_article(d["doc_id"], d["text"]) for d in docs]
    return (articles, [d["topic"] for d in docs], [d["subtopic"] for d in docs],
            [int(d["topic"]) for d in docs])


def run(articles: list[Article], params: dict[str, Any],
        batches: int = 0) -> tuple[list[str], list[str], float]:
    """Stories and events of ``articles`` by ``fit``, or by ``partial_fit`` in ``batches``."""
    embed = cached_embedder("ecbplus")
    with Timer() as timer:
        model = StoryClusterer(embedder=embed, **params)
        if batches:
            for chunk in np.array_split(np.arange(len(articles)), batches):
                model.partial_fit([articles[i] for i in chunk])
        else:
            model.fit(articles)
    stories = [model.story_of[a.id] for a in articles]
    events = [model.event_of[a.id] for a in articles]
    return stories, events, timer.seconds


def part(rows: list[int], items: list[Any]) -> list[Any]:
    return [items[i] for i in rows]


def evaluate(split: str, idx: list[int], articles: list[Article], topics: list[str],
             subtopics: list[str], baseline: dict[str, float],
             variants: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    arts = part(idx, articles)
    gold_t, gold_s = part(idx, topics), part(idx, subtopics)
    out = []
    texts = [a.text for a in arts]
    for level, gold in (("topic", gold_t), ("subtopic", gold_s)):
        pred = tfidf_agglomerative(texts, baseline[level])
        out.append({"split": split, "level": level, "system":
                    f"baseline tfidf+agglo t={baseline[level]}", **scores(gold, pred)})
    runs = [(name, params, 0) for name, params in variants.items()]
    runs.append((f"{STREAM}, stream of 8 batches", variants[STREAM], 8))
    for name, params, batches in runs:
        stories, events, seconds = run(arts, params, batches)
        out.append({"split": split, "level": "topic", "system": name,
                    **scores(gold_t, stories), "seconds": round(seconds, 2)})
        out.append({"split": split, "level": "subtopic", "system": name,
                    **scores(gold_s, events), "seconds": round(seconds, 2)})
    return out


GRIDS: dict[str, dict[str, tuple[float, ...]]] = {
    "tfidf+entities": {"story_threshold": (0.05, 0.075, 0.1, 0.125),
                       "event_threshold": (0.15, 0.2, 0.25, 0.3)},
    "embeddings": {"story_threshold": (0.12, 0.15, 0.18, 0.21),
                   "event_threshold": (0.5, 0.55, 0.6, 0.65, 0.7)},
    "embeddings+tfidf (default)": {"event_threshold": (0.225, 0.25, 0.275, 0.3, 0.325),
                                   "event_contrast": (0.0, 0.1, 0.2, 0.3),
                                   "event_embed_weight": (0.3, 0.4, 0.5)},
}


def tune(idx: list[int], articles: list[Article], topics: list[str],
         subtopics: list[str], variant: str) -> None:
    arts, gold_t, gold_s = part(idx, articles), part(idx, topics), part(idx, subtopics)
    rows = []
    grid = GRIDS[variant]
    for values in itertools.product(*grid.values()):
        params = {**VARIANTS[variant], **dict(zip(grid, values, strict=True))}
        stories, events, _ = run(arts, params)
        t, s = scores(gold_t, stories), scores(gold_s, events)
        rows.append({**dict(zip(grid, values, strict=True)), "topic_f1": t["b3_f1"],
                     "sub_f1": s["b3_f1"], "mean": round((t["b3_f1"] + s["b3_f1"]) / 2, 4)})
    rows.sort(key=lambda r: -r["mean"])
    print_table(f"dev sweep of {variant} (best 10)", rows[:10], list(rows[0]))


def best_baseline(idx: list[int], articles: list[Article], topics: list[str],
                  subtopics: list[str]) -> dict[str, float]:
    texts = [articles[i].text for i in idx]
    chosen = {}
    for level, gold in (("topic", part(idx, topics)), ("subtopic", part(idx, subtopics))):
        results = {t: scores(gold, tfidf_agglomerative(texts, t))["b3_f1"]
                   for t in BASELINE_THRESHOLDS}
        chosen[level] = max(results, key=results.__getitem__)
    return chosen


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tune", choices=list(VARIANTS), help="sweep a variant on dev only")
    args = parser.parse_args()
    articles, topics, subtopics, numbers = load()
    dev = [i for i, n in enumerate(numbers) if n in DEV]
    test = [i for i, n in enumerate(numbers) if n not in DEV]
    if args.tune:
        tune(dev, articles, topics, subtopics, args.tune)
        return
    baseline = best_baseline(dev, articles, topics, subtopics)
    rows = evaluate("dev", dev, articles, topics, subtopics, baseline, VARIANTS)
    rows += evaluate("test", test, articles, topics, subtopics, baseline, VARIANTS)
    print_table(f"ECB+ stories/events: dev topics 1-20 ({len(dev)} docs), test topics 21-35 "
                f"({len(test)} docs)", rows,
                ["split", "level", "system", "b3_p", "b3_r", "b3_f1", "ari", "nmi", "clusters",
                 "gold", "seconds"])
    write_json("stories_ecbplus", {"baseline_thresholds": baseline, "rows": rows})


if __name__ == "__main__":
    main()
