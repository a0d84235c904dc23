"""Copy detection speed: 100k articles indexed and grouped, an incremental add of 1,000, and
LSH against exhaustive pairwise similarity on 5k articles.

Usage: ``.venv/bin/python bench/copies_speed.py [--n 100000] [--jobs 2]``

The 100k corpus is T17 repeated with perturbations: every real T17 article, then synthetic
articles of 20-40 sentences drawn at random from the sentences of one T17 topic (so articles
of a topic share vocabulary but not passages), and 5% derived copies of earlier articles at
the quality benchmark's edit levels. The 5k comparison uses the real T17 articles plus derived
copies of some of them; exhaustive similarity there is one sparse matrix product
(documents x shingles), the fastest exact method available, so the time ratio is fair to it.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from scipy import sparse

sys.path.insert(0, str(Path(__file__).resolve().parent))

from datasketch import MinHash  # noqa: E402

from copies_t17 import LEVELS, T17, derive, load_t17, make_article, t17_article  # noqa: E402
from dateline.copies import CopyDetector, fingerprint  # noqa: E402
from dateline.copies.fingerprints import minhash  # noqa: E402
from dateline.model import Article  # noqa: E402
from dateline.store import SQLiteStore  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def cpu() -> float:
    """CPU seconds of this process and its finished children (the fingerprinting pool)."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(
        resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def load_avg() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def corpus(rows: list, n: int, seed: int = 5) -> list[Article]:
    rng = random.Random(seed)
    articles = [t17_article(i, date, sents) for i, _t, date, sents in rows]
    pools: dict[str, list[str]] = {}
    for _i, topic, _d, sents in rows:
        pools.setdefault(topic, []).extend(sents)
    topics = sorted(pools)
    sentences_of = {a.id: rows[k][3] for k, a in enumerate(articles)}
    while len(articles) < n:
        if rng.random() < 0.05:
            base = articles[rng.randrange(len(articles))]
            level = rng.choice(LEVELS)
            copy = derive(base, level, sentences_of.get(base.id, list(base.paragraphs)),
                          [], rng.randrange(1 << 30))
            articles.append(copy)
            continue
        topic = rng.choice(topics)
        sents = rng.sample(pools[topic], rng.randint(20, 40))
        date = f"2010-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
        article = make_article([" ".join(sents[i : i + 2]) for i in range(0, len(sents), 2)],
                               f"synthetic/{len(articles)}", date, f"outlet-{rng.randrange(50)}")
        sentences_of[article.id] = sents
        articles.append(article)
    unique = list({a.id: a for a in articles}.values())
    return unique[:n]


def sample_5k(rows: list, seed: int = 9) -> list[Article]:
    rng = random.Random(seed)
    articles = [t17_article(i, date, sents) for i, _t, date, sents in rows]
    picked = rng.sample(range(len(rows)), 5000 - len(articles))
    for k in picked:
        articles.append(derive(articles[k], rng.choice(LEVELS), rows[k][3], [], k))
    return list({a.id: a for a in articles}.values())


def exhaustive(articles: list[Article], detector: CopyDetector) -> set[frozenset[str]]:
    """Every pair whose exact similarity passes the detector's verification."""
    fps = [fingerprint(a, detector.shingle, 8) for a in articles]
    # the same shingles the detector verifies on: without the corpus's stop shingles
    content = [detector.content_shingles(f) for f in fps]
    lengths = np.array([len(c) for c in content])
    allh = np.concatenate(content)
    _, cols = np.unique(allh, return_inverse=True)
    rows = np.repeat(np.arange(len(fps)), lengths)
    x = sparse.csr_matrix((np.ones(len(cols), dtype=np.float32), (rows, cols)))
    inter = sparse.triu(x @ x.T, k=1).tocoo()
    i, j, shared = inter.row, inter.col, inter.data
    small = np.minimum(lengths[i], lengths[j])
    indexed = np.array([len(f.shingles) >= detector.min_shingles for f in fps])
    ok = indexed[i] & indexed[j] & (shared >= detector.min_shared)
    if detector.measure == "containment":
        score = shared / np.maximum(small, 1)
    else:
        score = shared / (lengths[i] + lengths[j] - shared)
    ok &= (score >= detector.threshold) & (shared / (lengths[i] + lengths[j] - shared)
                                           >= detector.min_jaccard)
    exact = {frozenset((fps[a].article_id, fps[b].article_id))
             for a, b in zip(i[ok], j[ok], strict=True)}
    keys: dict[str, str] = {}
    for f in fps:  # exact copies (same content words) count whatever their length
        if f.exact_key in keys:
            exact.add(frozenset((keys[f.exact_key], f.article_id)))
        keys.setdefault(f.exact_key, f.article_id)
    return exact


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--add", type=int, default=1000)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--sample-only", action="store_true", help="only the 5k comparison")
    args = parser.parse_args()
    if not T17.is_dir():
        sys.exit(f"no T17 data at {T17}")
    out: dict = {"n": args.n, "jobs": args.jobs, "load_before": load_avg()}
    rows = list(load_t17())
    # 5k: LSH + verification against exhaustive exact similarity
    sample = sample_5k(rows)
    t0 = time.perf_counter()
    small = CopyDetector(n_jobs=1).fit(sample)
    lsh_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    exact = exhaustive(sample, small)
    exact_s = time.perf_counter() - t0
    found = {frozenset((lk.original, lk.copy)) for lk in small.links_}
    recall = len(found & exact) / len(exact) if exact else 1.0
    print(f"5k sample ({len(sample)}): LSH {lsh_s:.2f}s, exhaustive {exact_s:.2f}s "
          f"(ratio {exact_s / lsh_s:.2f}); {len(exact)} exact pairs, LSH recall {recall:.4f}, "
          f"{len(found - exact)} LSH links not in exact")
    out["sample_5k"] = {"articles": len(sample), "lsh_seconds": lsh_s, "exact_seconds": exact_s,
                        "time_ratio_exact_over_lsh": exact_s / lsh_s, "exact_pairs": len(exact),
                        "lsh_recall": recall, "lsh_extra": len(found - exact)}

    # signing alone: datasketch's MinHash (num_perm permutations per shingle) against the
    # one-permutation signature used here, on the same shingles of 500 articles
    fps = [fingerprint(a) for a in sample[:500]]
    t0 = time.perf_counter()
    for f in fps:
        MinHash(num_perm=256, hashfunc=int).update_batch((f.shingles & 0xFFFFFFFF).tolist())
    ds_s = time.perf_counter() - t0
    t0 = time.perf_counter()
    for f in fps:
        minhash(f.shingles, 256)
    oph_s = time.perf_counter() - t0
    print(f"signing 500 articles, 256 values: datasketch MinHash {ds_s:.2f}s, one-permutation "
          f"{oph_s:.3f}s (ratio {ds_s / oph_s:.0f})")
    out["signing_500"] = {"datasketch_seconds": ds_s, "one_permutation_seconds": oph_s}
    if args.sample_only:
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "copies_speed_sample.json").write_text(json.dumps(out, indent=2))
        return

    t0 = time.perf_counter()
    articles = corpus(rows, args.n + args.add + args.add // 2)  # ids repeat: keep a margin
    base, arrivals = articles[: args.n], articles[args.n : args.n + args.add]
    print(f"corpus: {len(base)} + {len(arrivals)} arrivals, built in "
          f"{time.perf_counter() - t0:.1f}s; load {load_avg()}")

    # 100k: fit in memory, then save to the store
    t0, c0 = time.perf_counter(), cpu()
    detector = CopyDetector(n_jobs=args.jobs).fit(base)
    fit_s, fit_cpu = time.perf_counter() - t0, cpu() - c0
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    print(f"fit {len(base)}: {fit_s:.1f}s wall, {fit_cpu:.1f}s CPU, "
          f"{detector.candidates_} candidates, {len(detector.links_)} links, "
          f"{len(detector.groups_)} groups, peak RSS {rss:.2f} GiB;"
          f" load {load_avg()}")
    with tempfile.TemporaryDirectory() as tmp:
        store = SQLiteStore(Path(tmp) / "speed.db")
        t0 = time.perf_counter()
        store.put_articles(base)
        put_s = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), cpu()
        detector.save(store)
        save_s, save_cpu = time.perf_counter() - t0, cpu() - c0
        size = os.path.getsize(Path(tmp) / "speed.db") / 2**20
        print(f"store: articles written in {put_s:.1f}s (not timed); index saved in {save_s:.1f}s;"
              f" db {size:.0f} MiB")
        store.close()
        # incremental: a fresh process would do exactly this
        store = SQLiteStore(Path(tmp) / "speed.db")
        t0 = time.perf_counter()
        loaded = CopyDetector.load(store)
        load_s = time.perf_counter() - t0
        before = len(loaded.links_)
        t0 = time.perf_counter()
        store.put_articles(arrivals)
        put_new = time.perf_counter() - t0
        t0, c0 = time.perf_counter(), cpu()
        loaded.partial_fit(arrivals)
        add_s, add_cpu = time.perf_counter() - t0, cpu() - c0
        print(f"incremental: load {load_s:.2f}s, store {len(arrivals)} articles {put_new:.2f}s, "
              f"partial_fit {add_s:.2f}s ({add_cpu:.2f}s CPU), "
              f"{len(loaded.links_) - before} new links; "
              f"load {load_avg()}")
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024 / 1024
    out.update({"fit_seconds": fit_s, "fit_cpu": fit_cpu, "save_cpu": save_cpu,
                "partial_fit_cpu": add_cpu, "candidates": detector.candidates_,
                "links": len(detector.links_), "groups": len(detector.groups_),
                "save_seconds": save_s, "store_articles_seconds": put_s, "db_mib": size,
                "load_seconds": load_s, "partial_fit_seconds": add_s,
                "new_links": len(loaded.links_) - before, "peak_rss_gib": rss,
                "load_after": load_avg(), "bands": detector.bands, "rows": detector.rows})
    print(f"index+group {len(base)}: {fit_s + save_s:.1f}s wall, {fit_cpu + save_cpu:.1f}s CPU "
          f"(fit + save); peak RSS {rss:.2f} GiB")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "copies_speed.json").write_text(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
