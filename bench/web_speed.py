"""Speed of the outputs: a story page of 1,000 articles, and the whole report of a T17-sized store.

    .venv/bin/python bench/web_speed.py

Data (read in place, never copied): ``../shared/data/t17/*/articles.jsonl.gz``, Timeline17's
4,650 articles. They are stored as articles (one paragraph per sentence line, the outlet from
the subset name, the publication date from the folder) and one synthetic story per topic is
published (the stages that make real stories are not wired in yet): every article of the topic,
a timeline entry per publication date citing up to five articles of that date with their first
sentence, a five-sentence summary, a claim per article that states a number, and a copy link
(with an edit) between consecutive articles that share their first sentence. Story pages use
the ``bpoil`` topic cut to its first 1,000 articles.

Measured, each the median of repeated runs in one process:
- ``story page``: ``GET /stories/{id}`` through the ASGI app (server time: routing, store reads,
  rendering); baseline ``GET /api/health`` (the cost of a request that does nothing) and the
  bare store read of the story record (``Results.story``).
- ``story JSON``: ``GET /api/stories/{id}``.
- ``report``: ``load_build`` + ``render_html`` of the whole store (every story and article);
  baseline ``json.dumps`` of the same build document; also ``report_markdown``.
- ``search``: ``Results.search_articles`` (count + first page of 50) through the FTS5 index
  against the fallback substring scan (``full_text=False``, what search did before the index),
  for a few queries; and ``GET /api/articles?q=`` through the app. The cost of keeping the
  index: storing the articles with the index's trigger against a store without it.
Targets: story page under 300 ms; whole report under 10 s. Writes ``bench/results/web_speed.json``.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
T17 = sorted((ROOT.parent / "shared" / "data" / "t17").glob("*/articles.jsonl.gz"))
RESULTS = ROOT / "bench" / "results"
PAGE_ARTICLES = 1000
NUMBER = re.compile(r"\b(\d{2,}(?:,\d{3})*)\b")


def median_ms(fn: Callable[[], Any], runs: int) -> float:
    fn()  # warm caches (templates, SQLite pages) once
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


SEARCHES = ("oil", "Deepwater Horizon", "Gaddafi", "swine flu vaccine", "pres", "zzzqx")


def store_articles(db: Path, articles: list[Any], index: bool = True) -> tuple[float, float]:
    """Wall and CPU seconds to store ``articles`` in a new store (``index=False``: without the
    search index's trigger)."""
    from dateline.store import SQLiteStore

    store = SQLiteStore(db)
    if not index:
        store.execute("DROP TRIGGER report_articles_fts_insert")
    start, cpu = time.perf_counter(), time.process_time()
    store.put_articles(articles)
    seconds = time.perf_counter() - start, time.process_time() - cpu
    store.close()
    return seconds


def load_store(db: Path) -> tuple[dict[str, list[Any]], dict[str, float]]:
    """Store the T17 articles; returns the articles of each topic in date order, and seconds
    to store them with the search index and (in a second store) without."""
    from dateline.model import Article, DateEvidence, Source, article_id

    by_topic: dict[str, list[Article]] = defaultdict(list)
    batch = []
    for path in T17:
        with gzip.open(path, "rt", encoding="utf-8") as stream:
            for line in stream:
                row = json.loads(line)
                lines = tuple(s.strip() for s in row["text"].split("\n") if s.strip())
                if not lines:
                    continue
                article = Article(
                    id=article_id("\n".join(lines)),
                    source=Source(path=row["id"], format="jsonl"),
                    paragraphs=lines, title=lines[0][:120],
                    outlet=row["subset"].split("_", 1)[1],
                    published=DateEvidence(row["date"], "day", "jsonl", row["date"], 1.0))
                batch.append(article)
                by_topic[row["topic"]].append(article)
    timing: dict[str, float] = {}
    for key, index in (("store_noindex", False), ("store", True)):
        where = db if index else db.with_name("noindex.db")
        timing[f"{key}_s"], timing[f"{key}_cpu_s"] = store_articles(where, batch, index)
    for articles in by_topic.values():
        articles.sort(key=lambda a: a.published.value if a.published else "")
    return by_topic, timing


def publish(db: Path, by_topic: dict[str, list[Any]]) -> str:
    """Publish one synthetic story per topic; returns the id of the 1,000-article story."""
    from dateline.model import (
        AlignedPassage,
        Citation,
        CitedSentence,
        Claim,
        CopyLink,
        Edit,
        Story,
        TimelineEntry,
    )
    from dateline.report.document import StoryResult
    from dateline.report.results import save_results
    from dateline.sentences import article_sentences
    from dateline.store import SQLiteStore

    stories, claims, copies = [], [], []
    for topic, articles in sorted(by_topic.items()):
        if topic == "bpoil":
            articles = articles[:PAGE_ARTICLES]
        by_date: dict[str, list[Any]] = defaultdict(list)
        for a in articles:
            by_date[a.published.value].append(a)
        timeline = tuple(
            TimelineEntry(day, "day", (CitedSentence(
                group[0].paragraphs[0][:300],
                tuple(Citation(a.id, 0, a.outlet) for a in group[:5]),
                independent=min(len(group), 5)),))
            for day, group in sorted(by_date.items()))
        summary = tuple(entry.sentences[0] for entry in timeline[:: max(1, len(timeline) // 5)])
        ids = tuple(a.id for a in articles)
        outlets = tuple(sorted({a.outlet for a in articles}))
        story = Story(f"story-{topic}", f"{topic} ({len(ids)} articles)", ids, (),
                      timeline[0].date, timeline[-1].date, outlets, len(outlets))
        stories.append(StoryResult(story, timeline, summary[:5]))
        for a in articles:
            for sentence in article_sentences(a)[:20]:
                if match := NUMBER.search(sentence.text):
                    value = float(match.group(1).replace(",", ""))
                    claims.append(Claim(a.id, sentence.index, match.group(1), value, value,
                                        "figure in " + topic, group=f"{topic}-figure"))
                    break
        for first, second in zip(articles, articles[1:], strict=False):
            if first.paragraphs[0] == second.paragraphs[0]:
                words = first.paragraphs[0].split()
                copies.append(CopyLink(first.id, second.id, 0.99, "near", "date", (
                    AlignedPassage(0, 0, 0.99, (Edit("replace", words[0], words[0].upper()),)),)))
    store = SQLiteStore(db)
    save_results(store, stories, copies, claims)
    store.close()
    return "story-bpoil"


def search_times(client: Any, store: Any) -> list[dict[str, Any]]:
    """Median ms of each query: substring scan, FTS5 index, and the API through the app."""
    from dateline.report.results import Results

    fts, scan = Results(store), Results(store, full_text=False)
    rows = []
    for query in SEARCHES:
        def api(query: str = query) -> None:
            assert client.get("/api/articles", params={"q": query}).status_code == 200

        rows.append({
            "query": query, "hits_fts": fts.search_articles(query)[0],
            "hits_scan": scan.search_articles(query)[0],
            "scan_ms": median_ms(lambda q=query: scan.search_articles(q), 5),
            "fts_ms": median_ms(lambda q=query: fts.search_articles(q), 15),
            "api_ms": median_ms(api, 15),
        })
    return rows


def main() -> int:
    if not T17:
        print("missing ../shared/data/t17", file=sys.stderr)
        return 2
    from fastapi.testclient import TestClient

    from dateline.report.document import result_to_dict
    from dateline.report.html import render_html
    from dateline.report.markdown import report_markdown
    from dateline.report.results import Results, load_build
    from dateline.store import SQLiteStore
    from dateline.web import Settings, create_app

    with tempfile.TemporaryDirectory() as folder:
        db = Path(folder) / "t17.db"
        start = time.perf_counter()
        by_topic, store_timing = load_store(db)
        story_id = publish(db, by_topic)
        setup_s = time.perf_counter() - start
        client = TestClient(create_app(Settings(db=str(db))), base_url="http://127.0.0.1:8000")

        def page() -> None:
            assert client.get(f"/stories/{story_id}").status_code == 200

        def story_json() -> None:
            assert client.get(f"/api/stories/{story_id}").status_code == 200

        def health() -> None:
            assert client.get("/api/health").status_code == 200

        store = SQLiteStore(db)

        def record() -> None:
            assert Results(store).story(story_id) is not None

        page_bytes = len(client.get(f"/stories/{story_id}").content)
        story = Results(store).story(story_id)
        assert story is not None
        r: dict[str, Any] = {
            "cpus": os.cpu_count(), "setup_s": setup_s,
            "story_articles": len(story.story.article_ids),
            "story_timeline_entries": len(story.timeline), "story_page_bytes": page_bytes,
            "story_page_ms": median_ms(page, 15), "story_json_ms": median_ms(story_json, 15),
            "health_ms": median_ms(health, 30), "story_record_ms": median_ms(record, 15),
            **store_timing, "search": search_times(client, store),
        }

        start = time.perf_counter()
        build = load_build(store)
        r["report_load_s"] = time.perf_counter() - start
        start = time.perf_counter()
        html = render_html(build)
        r["report_render_s"] = time.perf_counter() - start
        r["report_html_s"] = r["report_load_s"] + r["report_render_s"]
        r["report_html_mb"] = len(html.encode()) / 2**20
        start = time.perf_counter()
        json.dumps(result_to_dict(build))
        r["report_json_s"] = time.perf_counter() - start
        start = time.perf_counter()
        report_markdown(build)
        r["report_md_s"] = time.perf_counter() - start
        r["articles"] = len(build.articles)
        r["stories"] = len(build.stories)
        r["claims"] = len(build.claims)
        r["copies"] = len(build.copies)
        store.close()

    print(f"store: {r['articles']} T17 articles, {r['stories']} stories, {r['claims']} claims, "
          f"{r['copies']} copy links (set up in {r['setup_s']:.1f} s, {r['cpus']} cpus)\n")
    print(f"{'measure':<34} {'median':>10} {'vs baseline':>12}")
    print(f"{'GET /api/health (baseline)':<34} {r['health_ms']:>8.1f}ms {'1.0':>12}")
    print(f"{'story record read (baseline)':<34} {r['story_record_ms']:>8.1f}ms "
          f"{r['story_record_ms'] / r['health_ms']:>11.1f}x")
    print(f"{'GET /stories/{id} (1,000 articles)':<34} {r['story_page_ms']:>8.1f}ms "
          f"{r['story_page_ms'] / r['health_ms']:>11.1f}x")
    print(f"{'GET /api/stories/{id}':<34} {r['story_json_ms']:>8.1f}ms "
          f"{r['story_json_ms'] / r['health_ms']:>11.1f}x")
    print(f"\n{'whole report':<34} {'seconds':>10} {'vs JSON dump':>12}")
    print(f"{'json.dumps of the build (baseline)':<34} {r['report_json_s']:>9.2f}s {'1.0':>12}")
    print(f"{'load_build from the store':<34} {r['report_load_s']:>9.2f}s "
          f"{r['report_load_s'] / r['report_json_s']:>11.1f}x")
    print(f"{'render_html':<34} {r['report_render_s']:>9.2f}s "
          f"{r['report_render_s'] / r['report_json_s']:>11.1f}x")
    print(f"{'report_markdown':<34} {r['report_md_s']:>9.2f}s "
          f"{r['report_md_s'] / r['report_json_s']:>11.1f}x")
    print(f"\n{'search (count + page of 50)':<24} {'hits fts/scan':>14} {'scan':>9} "
          f"{'fts5':>8} {'speed-up':>9} {'GET /api':>9}")
    for row in r["search"]:
        print(f"{row['query']:<24} {row['hits_fts']:>6}/{row['hits_scan']:<7} "
              f"{row['scan_ms']:>7.1f}ms {row['fts_ms']:>6.1f}ms "
              f"{row['scan_ms'] / row['fts_ms']:>8.0f}x {row['api_ms']:>7.1f}ms")
    print(f"storing {r['articles']} articles: with the search index {r['store_s']:.2f} s wall, "
          f"{r['store_cpu_s']:.2f} s CPU; without {r['store_noindex_s']:.2f} s wall, "
          f"{r['store_noindex_cpu_s']:.2f} s CPU")
    print(f"\nstory page: {r['story_articles']} articles, {r['story_timeline_entries']} timeline "
          f"entries, {r['story_page_bytes'] / 1024:.0f} KiB; report: {r['report_html_mb']:.1f} MiB")
    page_ok = "met" if r["story_page_ms"] < 300 else "NOT met"
    report_ok = "met" if r["report_html_s"] < 10 else "NOT met"
    print(f"target story page < 300 ms: {page_ok}; whole HTML report < 10 s "
          f"({r['report_html_s']:.1f} s): {report_ok}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "web_speed.json").write_text(json.dumps(r, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
