"""Speed and memory of the stories stage at 100k articles: batch fit and incremental adds.

The 100k corpus is synthetic, built from the 4,625 non-empty T17 articles: replica ``r`` of
article ``b`` has ``b``'s first 8 lines plus a marker, ``b``'s date moved ``400 * r`` days
later (so replicas form new stories rather than growing old ones), and ``b``'s cached
embedding with a little noise. So the batch and store timings exclude the model; the
incremental step embeds its 1,000 new articles with the real model (no cache), as
``dateline stories`` would. Quality is not measured here.

Baseline, same run: TF-IDF + agglomerative on the first 10,000 articles (it needs the full
distance matrix; 100k would need about 40 GB), against our batch fit on the same 10,000.

    nice .venv/bin/python bench/stories_scale.py [--n 100000]
"""

from __future__ import annotations

import argparse
import tempfile
from datetime import date, timedelta

import numpy as np

from dateline.model import Article
from dateline.store import SQLiteStore
from dateline.stories import StoryClusterer
from dateline.stories.evaluate import tfidf_agglomerative
from dateline.stories.tables import load, save
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

ADD = 1000


def base_articles() -> list[Article]:
    out = []
    for folder in sorted(p for p in (DATA / "t17").iterdir() if p.is_dir()):
        for doc in read_jsonl(folder / "articles.jsonl.gz"):
            if doc["text"].strip():
                out.append(make_article(doc["id"], doc["text"], doc["date"]))
    return out


def synthetic(bases: list[Article], vectors: np.ndarray, n: int, first_replica: int = 0,
              seed: int = 0) -> tuple[list[Article], np.ndarray]:
    rng = np.random.default_rng(seed)
    articles, rows = [], []
    for k in range(n):
        b, r = k % len(bases), first_replica + k // len(bases)
        base = bases[b]
        day = date.fromisoformat(base.published_day or "2010-01-01") + timedelta(days=400 * r)
        text = "\n".join(base.paragraphs[:8]) + f"\nreplica {r}"
        articles.append(make_article(f"{base.source.path}#{r}", text, day.isoformat()))
        rows.append(b)
    noise = rng.normal(scale=0.01, size=(n, vectors.shape[1])).astype(np.float32)
    embedded = vectors[rows] + noise
    return articles, embedded / np.linalg.norm(embedded, axis=1, keepdims=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    args = parser.parse_args()
    bases = base_articles()
    vectors = cached_embedder("t17")(bases)
    articles, embedded = synthetic(bases, vectors, args.n)
    lookup = {a.id: v for a, v in zip(articles, embedded, strict=True)}

    def embed(batch: list[Article]) -> np.ndarray:
        return np.stack([lookup[a.id] for a in batch])

    rows = []
    small = articles[:10_000]
    with Timer() as base_timer:
        tfidf_agglomerative([a.text for a in small], 0.9)
    with Timer() as ours_small:
        StoryClusterer(embedder=embed).fit(small)
    rows.append({"step": "batch fit 10k: baseline tfidf+agglo", "articles": len(small),
                 "seconds": round(base_timer.seconds, 1),
                 "articles_per_s": round(len(small) / base_timer.seconds, 1)})
    rows.append({"step": "batch fit 10k: ours", "articles": len(small),
                 "seconds": round(ours_small.seconds, 1),
                 "articles_per_s": round(len(small) / ours_small.seconds, 1)})
    model = StoryClusterer(embedder=embed)
    with Timer() as batch:
        model.fit(articles)
    stories = len(model.stories_)
    rows.append({"step": f"batch fit {args.n // 1000}k", "articles": args.n,
                 "seconds": round(batch.seconds, 1),
                 "articles_per_s": round(args.n / batch.seconds, 1),
                 "peak_mb": round(peak_mb()), "stories": stories})
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(f"{tmp}/scale.db")
        with Timer() as saving:
            save(model, store, last_seq=args.n)
        rows.append({"step": "save state to SQLite", "articles": args.n,
                     "seconds": round(saving.seconds, 1), "peak_mb": round(peak_mb())})
        del model
        new, _ = synthetic(bases, vectors, ADD, first_replica=1 + args.n // len(bases),
                           seed=1)
        with Timer() as adding:
            with Timer() as loading:
                loaded, _ = load(store)  # the bundled model embeds the new articles
            loaded.partial_fit(new)
            with Timer() as resaving:
                save(loaded, store, last_seq=args.n + ADD)
        rows.append({"step": f"add {ADD} (load + embed + assign + save)", "articles": ADD,
                     "seconds": round(adding.seconds, 1),
                     "articles_per_s": round(ADD / adding.seconds, 1),
                     "peak_mb": round(peak_mb()),
                     "note": f"load {loading.seconds:.1f} s, save {resaving.seconds:.1f} s"})
        store.close()
    print_table(f"stories at scale (synthetic from T17; load {load_average()})", rows,
                ["step", "articles", "seconds", "articles_per_s", "peak_mb", "stories",
                 "note"])
    write_json("stories_scale", {"rows": rows, "load": load_average()})


if __name__ == "__main__":
    main()
