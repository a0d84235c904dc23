"""Copy detection and derivation quality on T17 with realistic derived copies.

Usage: ``.venv/bin/python bench/copies_quality.py [--fast] [--sweep] [--real N]``

Dev topics tune (``--sweep`` prints the grid), test topics report. Every real T17 article of
the split's topics is in the corpus too (same-topic articles are the hard negatives). Pairs
between two real articles are not scored here (no gold): ``--real`` reports them apart.

Scoring, per edit level: a predicted link that involves a derived copy is right when the other
article is its original or another copy of the same original; it is left out when the other is
(a copy of) a real article that the engine also links to that original (a real syndicated
twin: T17 has no gold for those) or one the copy borrowed sentences from (real reuse, but not
the pair under test). Recall is
over the (original, copy) pairs. Direction: precision over decided links (not ``unknown``),
recall over all found pairs. Baselines in the same run: exact normalized-text hash only, and
classic near-duplicate detection (Jaccard of the same shingles >= 0.5).
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from copies_t17 import DEV_TOPICS, LEVELS, T17, TEST_TOPICS, Benchmark, build  # noqa: E402
from dateline.copies import CopyDetector, align  # noqa: E402
from dateline.model import CopyLink  # noqa: E402
from dateline.sentences import article_sentences  # noqa: E402

RESULTS = Path(__file__).resolve().parent / "results"


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def score(bench: Benchmark, links: list[CopyLink]) -> dict[str, dict[str, float]]:
    """Per level and overall: detection P/R/F1 and direction P/R/F1."""
    origin = {d.article.id: d.original for d in bench.derived}
    borrowed = {d.article.id: set(d.borrowed) for d in bench.derived}
    level_of = {d.article.id: d.level for d in bench.derived}
    linked = {frozenset((lk.original, lk.copy)) for lk in links}
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    found: dict[tuple[str, str], CopyLink] = {}
    for link in links:
        a, b = link.original, link.copy
        derived = [x for x in (a, b) if x in origin]
        if not derived:
            continue
        x = derived[0]
        other = b if x == a else a
        root_other = origin.get(other, other)
        right = root_other == origin[x]
        if not right and frozenset((origin[x], root_other)) in linked:
            continue  # the other is (a copy of) a real twin of the original: no gold
        if not right and (other in borrowed[x] or root_other in borrowed[x]
                          or (other in borrowed and origin[x] in borrowed[other])):
            continue  # the copy took sentences from the other too: reuse, but not the gold pair
        for level in {level_of[d] for d in derived}:
            stats[level]["predicted"] += 1
            stats[level]["right"] += int(right)
        if other == origin[x]:
            found[(other, x)] = link
    for d in bench.derived:
        stats[d.level]["gold"] += 1
        link = found.get((d.original, d.article.id))
        if link is None:
            continue
        stats[d.level]["found"] += 1
        if link.direction != "unknown":
            stats[d.level]["decided"] += 1
            stats[d.level]["dir_right"] += int(link.original == d.original)
    table: dict[str, dict[str, float]] = {}
    for level in (*LEVELS, "all"):
        s = stats[level] if level != "all" else {
            k: sum(stats[lv][k] for lv in LEVELS)
            for k in ("predicted", "right", "gold", "found", "decided", "dir_right")}
        p = s["right"] / s["predicted"] if s["predicted"] else 0.0
        r = s["found"] / s["gold"] if s["gold"] else 0.0
        dp = s["dir_right"] / s["decided"] if s["decided"] else 0.0
        dr = s["dir_right"] / s["found"] if s["found"] else 0.0
        table[level] = {"pairs": s["gold"], "precision": round(p, 4), "recall": round(r, 4),
                        "f1": round(_f1(p, r), 4), "dir_precision": round(dp, 4),
                        "dir_recall": round(dr, 4), "dir_f1": round(_f1(dp, dr), 4)}
    return table


def exact_baseline(bench: Benchmark) -> list[CopyLink]:
    """Links between articles with the same normalized text (what the store alone merges)."""
    from dateline.model import normalize_text

    first: dict[str, str] = {}
    links = []
    for article in [*bench.articles, *(d.article for d in bench.derived)]:
        key = normalize_text(article.text)
        if key in first:
            links.append(CopyLink(first[key], article.id, 1.0, "exact"))
        else:
            first[key] = article.id
    return links


def corpus(bench: Benchmark) -> list:
    return [*bench.articles, *(d.article for d in bench.derived)]


def print_table(title: str, table: dict[str, dict[str, float]]) -> None:
    print(f"\n{title}")
    print(f"{'level':8} {'pairs':>6} {'P':>6} {'R':>6} {'F1':>6} | "
          f"{'dirP':>6} {'dirR':>6} {'dirF1':>6}")
    for level, row in table.items():
        print(f"{level:8} {row['pairs']:>6} {row['precision']:6.3f} {row['recall']:6.3f} "
              f"{row['f1']:6.3f} | {row['dir_precision']:6.3f} {row['dir_recall']:6.3f} "
              f"{row['dir_f1']:6.3f}")


def sweep(bench: Benchmark) -> list[dict]:
    """Grid on dev: LSH threshold x shingle x measure x threshold (one fit per LSH setting,
    shingle and measure; thresholds are applied to the links afterwards)."""
    rows = []
    grid = [(0.3, 3, "jaccard"), *((lsh, k, "containment")
                                   for lsh in (0.2, 0.3) for k in (2, 3, 4))]
    for lsh, shingle, measure in grid:
        detector = CopyDetector(threshold=0.1, measure=measure, shingle=shingle,
                                lsh_threshold=lsh)
        t0 = time.perf_counter()
        detector.fit(corpus(bench))
        seconds = time.perf_counter() - t0
        for threshold in (0.2, 0.3, 0.4, 0.5, 0.6, 0.7):
            links = [lk for lk in detector.links_ if lk.similarity >= threshold]
            row = score(bench, links)["all"]
            rows.append({"lsh_threshold": lsh, "shingle": shingle, "measure": measure,
                         "threshold": threshold, "candidates": detector.candidates_,
                         "seconds": seconds, **row})
            print(f"lsh={lsh} shingle={shingle} {measure:11} t={threshold:.1f} "
                  f"P={row['precision']:.3f} R={row['recall']:.3f} F1={row['f1']:.3f} "
                  f"cand={detector.candidates_} {seconds:.1f}s", flush=True)
    return rows


def real_copies(n_show: int, params: dict) -> dict:
    """Copies the engine finds among the real T17 articles, across and within outlets."""
    bench = build(DEV_TOPICS + TEST_TOPICS, 0)
    detector = CopyDetector(**params).fit(bench.articles)
    by_id = {a.id: a for a in bench.articles}
    cross = [lk for lk in detector.links_
             if by_id[lk.original].outlet != by_id[lk.copy].outlet]
    kinds: dict[str, int] = defaultdict(int)
    for link in detector.links_:
        kinds[link.kind] += 1
    print(f"\nreal T17 ({len(bench.articles)} articles): {len(detector.links_)} links "
          f"({dict(kinds)}), {len(cross)} across outlets, {len(detector.groups_)} groups")
    rng = random.Random(3)
    within = [lk for lk in detector.links_ if lk not in cross]
    shown = cross + rng.sample(within, min(len(within), max(0, n_show - len(cross))))
    for link in shown[:n_show]:
        a, b = by_id[link.original], by_id[link.copy]
        aligned = align(a, b, link)
        sa = [x.text for x in article_sentences(a)]
        sb = [x.text for x in article_sentences(b)]
        pairs = [p for p in aligned.passages if p.original is not None and p.copy is not None]
        print(f"\n--- {link.kind} sim={link.similarity} dir={link.direction} "
              f"reused {len(pairs)}/{len(sb)} sentences of the copy")
        print(f"  O {a.source.path} [{a.outlet}] {len(sa)} sentences")
        print(f"  C {b.source.path} [{b.outlet}] {len(sb)} sentences")
        for p in sorted(pairs, key=lambda p: -len(sb[p.copy or 0]))[:3]:
            print(f"    {p.similarity:.2f} O: {sa[p.original or 0][:150]}")
            print(f"         C: {sb[p.copy or 0][:150]}")
    return {"articles": len(bench.articles), "links": len(detector.links_),
            "kinds": dict(kinds), "cross_outlet": len(cross), "groups": len(detector.groups_),
            "shown": [[by_id[lk.original].source.path, by_id[lk.copy].source.path, lk.kind,
                       lk.similarity] for lk in shown[:n_show]]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--fast", action="store_true", help="small subset (the pytest one)")
    parser.add_argument("--sweep", action="store_true", help="tune on dev: print the grid")
    parser.add_argument("--real", type=int, default=0, help="show N real T17 copies")
    parser.add_argument("--real-only", action="store_true", help="only the real T17 report")
    args = parser.parse_args()
    if not T17.is_dir():
        sys.exit(f"no T17 data at {T17}")
    n = 60 if args.fast else 300
    limit = 600 if args.fast else None
    result: dict = {"fast": args.fast, "params": CopyDetector().get_params()}
    if args.real_only:
        result["real_t17"] = real_copies(args.real or 20, CopyDetector().get_params())
        RESULTS.mkdir(exist_ok=True)
        (RESULTS / "copies_quality_real.json").write_text(json.dumps(result, indent=2))
        return
    t0 = time.perf_counter()
    dev = build(DEV_TOPICS, n, seed=17, limit=limit)
    test = build(TEST_TOPICS, n, seed=18, limit=limit)
    print(f"dev: {len(dev.articles)} real + {len(dev.derived)} derived; "
          f"test: {len(test.articles)} real + {len(test.derived)} derived "
          f"(built in {time.perf_counter() - t0:.1f}s)")
    if args.sweep:
        result["sweep"] = sweep(dev)
    for name, bench in (("dev", dev), ("test", test)):
        t0 = time.perf_counter()
        detector = CopyDetector().fit(corpus(bench))
        seconds = time.perf_counter() - t0
        table = score(bench, detector.links_)
        baseline = score(bench, exact_baseline(bench))
        classic = CopyDetector(measure="jaccard", threshold=0.5).fit(corpus(bench))
        jaccard_only = score(bench, classic.links_)
        print_table(f"{name}: CopyDetector defaults ({seconds:.1f}s, "
                    f"{detector.candidates_} candidates)", table)
        print_table(f"{name}: baseline, exact normalized text only", baseline)
        print_table(f"{name}: baseline, classic near-duplicates (Jaccard >= 0.5)", jaccard_only)
        result[name] = {"engine": table, "baseline_exact": baseline,
                        "baseline_jaccard_0.5": jaccard_only, "seconds": seconds}
    if args.real:
        result["real_t17"] = real_copies(args.real, CopyDetector().get_params())
    RESULTS.mkdir(exist_ok=True)
    name = "copies_quality_fast" if args.fast else "copies_quality"
    (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
