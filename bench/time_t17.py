"""Sentence dates on Timeline17 (T17): where resolved dates fall relative to the publication
date, how fast the tagger runs, and a seeded random sample to check by hand.

Each T17 article has a known publication date (its folder name). Every sentence is tagged with
``dateline.time.tag_times`` against it and dated with ``dateline.time.event_date``. The text is
PTB-tokenised ("Oct. 15 , 2017", "Monday 's", "-LRB-"); it is detokenised lightly first, as a
reader of the original would see it.

Baseline in the same run: ``dateparser.search.search_dates`` (RELATIVE_BASE = publication date,
PREFER_DATES_FROM = past) on a seeded sample of sentences: speed ratio, and the share of its
dates that fall after publication.

Usage: ``.venv/bin/python bench/time_t17.py [--articles N] [--sample 50] [--seed 17]``;
writes ``bench/results/time_t17.json``.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import gzip
import json
import random
import re
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from dateline.model import DateEvidence
from dateline.time import event_date, tag_times

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "t17"
RESULTS = ROOT / "bench" / "results" / "time_t17.json"

_DETOK = [(re.compile(r"-LRB-"), "("), (re.compile(r"-RRB-"), ")"), (re.compile(r"``\s*"), '"'),
          (re.compile(r"\s*''"), '"'), (re.compile(r"\s+(n't|'s|'re|'ve|'ll|'d|'m)\b"), r"\1"),
          (re.compile(r"\s+([,.;:!?%)])"), r"\1"), (re.compile(r"([($])\s+"), r"\1"),
          (re.compile(r"`\s*"), "'")]


def detokenize(sentence: str) -> str:
    for pattern, repl in _DETOK:
        sentence = pattern.sub(repl, sentence)
    return sentence.strip()


def read_sentences(limit: int) -> Iterator[tuple[str, dt.date, str]]:
    """(article id, publication date, sentence) over every T17 subset, in file order."""
    count = 0
    for path in sorted(DATA.glob("*/articles.jsonl.gz")):
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                article = json.loads(line)
                count += 1
                if limit and count > limit:
                    return
                published = dt.date.fromisoformat(article["date"])
                for sentence in article["text"].split("\n"):
                    if sentence.strip():
                        yield article["id"], published, detokenize(sentence)


def period(value: str, granularity: str) -> tuple[dt.date, dt.date] | None:
    """First and last day of a calendar value."""
    try:
        if granularity == "day":
            day = dt.date.fromisoformat(value[:10])
            return day, day
        if granularity == "week":
            start = dt.date.fromisocalendar(int(value[:4]), int(value[6:8]), 1)
            return start, start + dt.timedelta(days=6)
        year = int(value[:4]) if granularity not in ("decade", "century") else 0
        if granularity == "month":
            month = int(value[5:7])
            end = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
            return dt.date(year, month, 1), end
        if granularity == "quarter":
            q = int(value[-1])
            start = dt.date(year, 3 * q - 2, 1)
            end = dt.date(year + (q == 4), (3 * q) % 12 + 1, 1) - dt.timedelta(days=1)
            return start, end
        if granularity in ("year", "season"):
            return dt.date(year, 1, 1), dt.date(year, 12, 31)
        if granularity == "decade":
            return dt.date(int(value) * 10, 1, 1), dt.date(int(value) * 10 + 9, 12, 31)
        if granularity == "century":
            return dt.date(int(value) * 100 or 1, 1, 1), dt.date(int(value) * 100 + 99, 12, 31)
    except ValueError:
        return None
    return None


def bucket(value: str, granularity: str, published: dt.date) -> str:
    span = period(value, granularity)
    if span is None:
        return "unparsable"
    start, end = span
    if start > published:
        return "after publication"
    if end >= published:
        return "same day" if start == end else f"{granularity} containing publication"
    days = (published - end).days
    if days <= 7:
        return "1-7 days before"
    if days <= 31:
        return "8-31 days before"
    if days <= 365:
        return "1-12 months before"
    return "over a year before"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, default=0, help="only the first N articles")
    parser.add_argument("--sample", type=int, default=50, help="sentences to print for checking")
    parser.add_argument("--seed", type=int, default=17)
    parser.add_argument("--baseline", type=int, default=1000,
                        help="sentences for the dateparser baseline")
    args = parser.parse_args()
    if not DATA.is_dir():
        print(f"no T17 data at {DATA}", file=sys.stderr)
        return 2
    rows = list(read_sentences(args.articles))
    started = time.perf_counter()
    tagged = [tag_times(text, published) for _, published, text in rows]
    tag_seconds = time.perf_counter() - started
    started = time.perf_counter()
    dated = []
    for (_, published, text), times in zip(rows, tagged, strict=True):
        evidence = DateEvidence(published.isoformat(), "day", "jsonl", "T17 folder", 0.9)
        dated.append(event_date(text, times, evidence))
    total_seconds = tag_seconds + time.perf_counter() - started

    buckets: collections.Counter[str] = collections.Counter()
    granularities: collections.Counter[str] = collections.Counter()
    for (_, published, _text), ev in zip(rows, dated, strict=True):
        if ev is None or ev.source == "published":
            buckets["no date of its own (publication date)"] += 1
            continue
        granularities[ev.granularity] += 1
        buckets[bucket(ev.value, ev.granularity, published)] += 1

    rng = random.Random(args.seed)
    base_rows = rng.sample(rows, min(args.baseline, len(rows)))
    from dateparser.search import search_dates

    started = time.perf_counter()
    base_after = base_found = 0
    for _, published, text in base_rows:
        base = dt.datetime(published.year, published.month, published.day)
        found = search_dates(text, languages=["en"], settings={
            "RELATIVE_BASE": base, "PREFER_DATES_FROM": "past"}) or []
        base_found += len(found)
        base_after += sum(when.date() > published for _, when in found)
    base_seconds = time.perf_counter() - started
    ours_rate = len(rows) / total_seconds
    base_rate = len(base_rows) / base_seconds

    ours_dates = [(ev, p) for (_, p, _t), ev in zip(rows, dated, strict=True)
                  if ev is not None and ev.source == "text"]
    ours_after = sum(bucket(ev.value, ev.granularity, p) == "after publication"
                     for ev, p in ours_dates)
    n = len(rows)
    print(f"T17: {n} sentences from {len({r[0] for r in rows})} articles\n")
    print(f"{'sentence event date relative to publication':48} {'sentences':>9} {'share':>7}")
    for name, count in buckets.most_common():
        print(f"{name:48} {count:9d} {100 * count / n:6.2f}%")
    print("\ngranularity of dates read in the text: " + ", ".join(
        f"{g} {c}" for g, c in granularities.most_common()))
    print(f"\n{'speed':32} {'sentences/s':>12}")
    print(f"{'dateline tag_times+event_date':32} {ours_rate:12.0f}")
    print(f"{'dateparser search_dates':32} {base_rate:12.0f}   (on {len(base_rows)} sentences)")
    print(f"ratio dateline / dateparser: x{ours_rate / base_rate:.1f}")
    print(f"dates after publication: dateline {100 * ours_after / max(1, len(ours_dates)):.2f}% "
          f"of {len(ours_dates)}; dateparser {100 * base_after / max(1, base_found):.2f}% "
          f"of {base_found}")

    candidates = [i for i, ev in enumerate(dated) if ev is not None and ev.source == "text"]
    sample = sorted(random.Random(args.seed).sample(candidates, min(args.sample, len(candidates))))
    print(f"\nsample to check by hand (seed {args.seed}):")
    for k, i in enumerate(sample, 1):
        _, published, text = rows[i]
        ev = dated[i]
        assert ev is not None
        rule = next((t.rule for t in tagged[i] if t.text == ev.detail), "")
        print(f"{k:2d}. published {published} ({published:%a}) -> {ev.value} from "
              f"{ev.detail!r} [{rule}]\n    {text}")
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps({
        "sentences": n, "buckets": dict(buckets), "granularities": dict(granularities),
        "sentences_per_second": ours_rate, "baseline_sentences_per_second": base_rate,
        "after_publication_share": ours_after / max(1, len(ours_dates)),
        "baseline_after_publication_share": base_after / max(1, base_found),
        "sample_seed": args.seed, "sample_size": len(sample),
    }, indent=2))
    print(f"\nwrote {RESULTS.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
