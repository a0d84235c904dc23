"""Timeline17 as a story benchmark: the 9 topics are 9 stories across 17 outlet subsets.

Every article of a split is clustered in one run (with its publication date) and the stories
are scored against the topic with B-cubed P/R/F1, ARI and NMI (arithmetic). T17 has no
event-level gold, so events are only counted.

Split: the 17 subsets are shuffled with seed 0; dev = the first 8 (parameters were chosen
there), test = the other 9 (reported only); ``all`` = all 4,650 articles (includes dev).
Baseline, measured in the same run: TF-IDF + average-linkage agglomerative (LSA to 256
dimensions above 3,000 texts), threshold chosen on dev.
``--speed`` times the whole run on all articles including the embeddings and the model load
(no cache), wall and CPU seconds; ``--max-tokens 64`` reads half as much of each article
(faster, see bench/README.md). ``--encoder`` names the encoders to run, each with its own
embedding cache (default both: the int8 ONNX model and the full torch model, same run).

    nice .venv/bin/python bench/stories_t17.py [--tune] [--speed] [--encoder onnx-int8 torch]
"""

from __future__ import annotations

import argparse
import itertools
import random
import time
from typing import Any

from dateline.model import Article
from dateline.stories import StoryClusterer
from dateline.stories.embeddings import ONNX, TORCH, embed_articles
from dateline.stories.evaluate import scores, tfidf_agglomerative
from stories_common import (
    DATA,
    Timer,
    cached_embedder,
    load_average,
    make_article,
    peak_mb,
    print_table,
    read_jsonl,
    write_json,
)

BASELINE_THRESHOLDS = (0.7, 0.8, 0.9, 0.95)
VARIANTS: dict[str, dict[str, Any]] = {  # thresholds of the one-signal variants: ECB+ dev
    "tfidf+entities": {"use_embeddings": False, "story_threshold": 0.05},
    "embeddings": {"embed_weight": 1.0, "story_threshold": 0.18},
    "embeddings+tfidf, no time": {"story_time_weight": 0.0},
    "embeddings+tfidf+time (default)": {},
    "default without the split (story_days 60)": {"split_threshold": 0.0},
    "before the split (story_days 30, no split)": {"story_days": 30.0, "split_threshold": 0.0},
}


def load() -> tuple[list[Article], list[str], list[str]]:
    articles, topics, subsets = [], [], []
    for folder in sorted(p for p in (DATA / "t17").iterdir() if p.is_dir()):
        for doc in read_jsonl(folder / "articles.jsonl.gz"):
            if not doc["text"].strip():
                continue
            articles.append(make_article(doc["id"], doc["text"], doc["date"]))
            topics.append(doc["topic"])
            subsets.append(doc["subset"])
    return articles, topics, subsets


def splits(subsets: list[str]) -> dict[str, list[int]]:
    names = sorted(set(subsets))
    random.Random(0).shuffle(names)
    dev = set(names[:8])
    return {"dev": [i for i, s in enumerate(subsets) if s in dev],
            "test": [i for i, s in enumerate(subsets) if s not in dev],
            "all": list(range(len(subsets)))}


MAX_TOKENS = 128


def run(articles: list[Article], params: dict[str, Any], cache: bool = True,
        encoder: str | None = None) -> tuple[StoryClusterer, float]:
    if cache:
        embedder = cached_embedder("t17", MAX_TOKENS, encoder)
    else:
        def embedder(arts: list[Article]) -> Any:
            return embed_articles(arts, MAX_TOKENS, encoder=encoder)
    params = {"max_tokens": MAX_TOKENS, **params}
    with Timer() as timer:
        model = StoryClusterer(embedder=embedder, **params).fit(articles)
    return model, timer.seconds


def speed(articles: list[Article], encoders: list[str]) -> None:
    with Timer() as base:
        tfidf_agglomerative([a.text for a in articles], 0.9)
    rows = []
    for encoder in encoders:
        cpu = time.process_time()
        model, seconds = run(articles, {}, cache=False, encoder=encoder)
        cpu = time.process_time() - cpu
        rows.append({"encoder": encoder, "articles": len(articles), "seconds": round(seconds, 1),
                     "cpu_s": round(cpu, 1), "articles_per_s": round(len(articles) / seconds, 1),
                     "baseline_seconds": round(base.seconds, 1), "peak_mb": round(peak_mb()),
                     "stories": len(model.stories_), "load": load_average()})
    print_table("T17 end to end (embeddings and model load included, no cache; peak_mb is the "
                "process so far)", rows, list(rows[0]))
    write_json(f"stories_t17_speed_{MAX_TOKENS}", {"rows": rows, "max_tokens": MAX_TOKENS})


def tune(articles: list[Article], gold: list[str], encoder: str) -> None:
    rows = []
    for st, ew, tw, sd in itertools.product((0.12, 0.16, 0.2), (0.7,), (0.3, 0.6), (30.0,)):
        params = {"story_threshold": st, "embed_weight": ew, "story_time_weight": tw,
                  "story_days": sd}
        model, _ = run(articles, params, encoder=encoder)
        rows.append({**params, **scores(gold, [model.story_of[a.id] for a in articles])})
    rows.sort(key=lambda r: -r["b3_f1"])
    print_table("T17 dev sweep (best 12)", rows[:12], list(rows[0]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--tune", action="store_true", help="sweep parameters on dev only")
    parser.add_argument("--speed", action="store_true", help="time all articles, no cache")
    parser.add_argument("--max-tokens", type=int, default=128,
                        help="word pieces the model reads per article")
    parser.add_argument("--encoder", nargs="+", choices=(ONNX, TORCH), default=[ONNX, TORCH],
                        help="encoders to run (each with its own embedding cache)")
    args = parser.parse_args()
    global MAX_TOKENS
    MAX_TOKENS = args.max_tokens
    articles, topics, subsets = load()
    parts = splits(subsets)
    if args.tune:
        idx = parts["dev"]
        tune([articles[i] for i in idx], [topics[i] for i in idx], args.encoder[0])
        return
    if args.speed:
        speed(articles, args.encoder)
        return
    rows: list[dict[str, Any]] = []
    chosen = None
    for split, idx in parts.items():
        arts, gold = [articles[i] for i in idx], [topics[i] for i in idx]
        texts = [a.text for a in arts]
        if chosen is None:
            chosen = max(BASELINE_THRESHOLDS,
                         key=lambda t: scores(gold, tfidf_agglomerative(texts, t))["b3_f1"])
        with Timer() as timer:
            pred = tfidf_agglomerative(texts, chosen)
        rows.append({"split": split, "system": f"baseline tfidf+agglo t={chosen}",
                     **scores(gold, pred), "seconds": round(timer.seconds, 1)})
        for name, params in VARIANTS.items():
            for encoder in args.encoder if params.get("use_embeddings", True) else [None]:
                model, seconds = run(arts, params, encoder=encoder)
                stories = model.stories_
                rows.append({"split": split, "system": name, "encoder": encoder or "",
                             **scores(gold, [model.story_of[a.id] for a in arts]),
                             "events": sum(len(s.events) for s in stories),
                             "seconds": round(seconds, 1)})
    print_table(f"T17 stories vs topics, max_tokens {MAX_TOKENS} (dev = 8 seeded subsets, "
                f"test = other 9); "
                f"load {load_average()}", rows,
                ["split", "system", "encoder", "b3_p", "b3_r", "b3_f1", "ari", "nmi",
                 "clusters", "gold", "events", "seconds"])
    suffix = "" if MAX_TOKENS == 128 else f"_{MAX_TOKENS}"
    write_json(f"stories_t17{suffix}", {"rows": rows, "max_tokens": MAX_TOKENS})


if __name__ == "__main__":
    main()
