"""Publication dates of real web pages: dateline's date choice against htmldate, same run.

    .venv/bin/python bench/dates_web.py [--split dev|test|all] [--limit N] [--no-htmldate]
                                        [--failures]

Data: ``../shared/data/dates`` (999 pages of htmldate's evaluation sets with the day a person
read off each page; see its README). Protocol of that README: day accuracy over all pages (no
answer counts as wrong), precision when an answer is given, and the abstentions.

Systems, all on the same decoded page text:
- ``dateline``: the whole per-article path, ``to_article(RawDocument(html=...))``, without and
  with the page's URL (``Source.url``), scored on ``Article.published_day``;
- ``htmldate-eval``: ``find_date(html, original_date=True, extensive_search=True)``, the
  settings of htmldate's own evaluation, without and with ``url=``;
- ``htmldate-default``: ``find_date(html)`` without and with ``url=``.

The README gives no split, so the pages are split here, deterministically, by the parity of the
SHA-256 of their file name: ``dev`` (506 pages) is the half whose failures were looked at while
building the rules; ``test`` (493) was only ever scored. Both halves and all are reported.
Pages are decoded with dateline's own page decoder (``ingest.charset.decode_page``); a page it
refuses is counted as an abstention for dateline and given to htmldate decoded with
replacement characters. Writes ``bench/results/dates_web.json``; ``--failures`` adds, for the
dev half only, each wrong page's file, gold and answer with its evidence (no page text).
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import resource
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "dates"
RESULTS = ROOT / "bench" / "results"
SPLITS = ("dev", "test", "all")


def split_of(file: str) -> str:
    """``dev`` or ``test``: the parity of the SHA-256 of the page's file name."""
    return "dev" if int(hashlib.sha256(file.encode()).hexdigest(), 16) % 2 == 0 else "test"


def load_pages(data: Path = DATA, split: str = "all", limit: int | None = None
               ) -> list[dict[str, Any]]:
    """The gold rows of one split (``dev``, ``test`` or ``all``), in file order."""
    rows = [json.loads(line) for line in (data / "gold.jsonl").open(encoding="utf-8")]
    rows = [row for row in rows if split == "all" or split_of(row["file"]) == split]
    return rows[:limit] if limit else rows


def page_html(data: Path, row: dict[str, Any]) -> tuple[str, bool]:
    """The page as text, and whether dateline's decoder accepted it."""
    from dateline.ingest.charset import PageDecodeError, decode_page

    raw = gzip.decompress((data / row["file"]).read_bytes())
    try:
        return decode_page(raw).text, True
    except PageDecodeError:
        return raw.decode("utf-8", "replace"), False


def dateline_answer(html: str, row: dict[str, Any], with_url: bool
                    ) -> tuple[str | None, Any]:
    """dateline's publication day for one page, and the article (for its evidence)."""
    from dateline.ingest.pipeline import process_raw
    from dateline.ingest.raw import RawDocument
    from dateline.model import Article, Source

    source = Source(path=row["file"], url=row["url"] if with_url else None, format="html")
    article = process_raw(RawDocument(source=source, html=html))  # errors as the CLI has them
    if not isinstance(article, Article):
        return None, None
    return article.published_day, article


def htmldate_system(extensive: bool, with_url: bool) -> Callable[[str, dict[str, Any]], Any]:
    from htmldate import find_date

    def run(html: str, row: dict[str, Any]) -> tuple[str | None, None]:
        url = row["url"] if with_url else None
        try:
            if extensive:
                return find_date(html, url=url, original_date=True, extensive_search=True), None
            return find_date(html, url=url), None
        except Exception:  # htmldate gives up on some markup: no answer
            return None, None

    return run


def systems(with_htmldate: bool) -> dict[str, Callable[[str, dict[str, Any]], Any]]:
    found: dict[str, Callable[[str, dict[str, Any]], Any]] = {
        "dateline": lambda html, row: dateline_answer(html, row, False),
        "dateline+url": lambda html, row: dateline_answer(html, row, True),
    }
    if with_htmldate:
        for name, extensive in (("htmldate-eval", True), ("htmldate-default", False)):
            found[name] = htmldate_system(extensive, False)
            found[name + "+url"] = htmldate_system(extensive, True)
    return found


def score(rows: Iterable[dict[str, Any]], name: str) -> dict[str, float | int]:
    rows = list(rows)
    answered = [row for row in rows if row["answers"][name]]
    right = sum(row["answers"][name] == row["date"] for row in answered)
    return {"pages": len(rows), "right": right, "answered": len(answered),
            "accuracy": round(right / len(rows), 4) if rows else 0.0,
            "precision": round(right / len(answered), 4) if answered else 0.0,
            "abstentions": len(rows) - len(answered)}


def evidence_of(article: Any) -> list[str]:
    if article is None:
        return []
    return [f"{e.value} {e.source} {e.confidence} {e.detail[:90]}"
            for e in article.date_evidence]


def run(split: str, limit: int | None, with_htmldate: bool, failures: bool) -> dict[str, Any]:
    rows = load_pages(DATA, split, limit)
    chosen = systems(with_htmldate)
    cpu = dict.fromkeys(chosen, 0.0)
    for row in rows:
        html, decoded = page_html(DATA, row)
        row["split"] = split_of(row["file"])
        row["answers"], row["evidence"] = {}, []
        for name, system in chosen.items():
            start = time.process_time()
            answer, article = (None, None) if name.startswith("dateline") and not decoded \
                else system(html, row)
            cpu[name] += time.process_time() - start
            row["answers"][name] = answer
            if name == "dateline+url":
                row["evidence"] = evidence_of(article)
    table = {part: {name: score((r for r in rows if part == "all" or r["split"] == part), name)
                    for name in chosen} for part in SPLITS}
    result: dict[str, Any] = {"pages": len(rows), "scores": table,
                              "cpu_seconds": {k: round(v, 1) for k, v in cpu.items()}}
    if failures:
        result["dev_failures"] = [
            {"file": r["file"], "gold": r["date"], "answers": r["answers"],
             "evidence": r["evidence"]}
            for r in rows if r["split"] == "dev" and r["answers"]["dateline+url"] != r["date"]]
    return result


def print_table(result: dict[str, Any]) -> None:
    for part, by_system in result["scores"].items():
        pages = next(iter(by_system.values()))["pages"]
        if not pages:
            continue
        print(f"\n{part} ({pages} pages)")
        print(f"{'system':<22} {'day acc':>8} {'precision':>10} {'answered':>9} {'abstain':>8}")
        for name, m in by_system.items():
            print(f"{name:<22} {m['accuracy']:8.3f} {m['precision']:10.3f} "
                  f"{m['answered']:9d} {m['abstentions']:8d}")
    print("\nCPU seconds:", ", ".join(f"{k} {v}" for k, v in result["cpu_seconds"].items()))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--split", choices=SPLITS, default="all")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--no-htmldate", action="store_true", help="dateline only")
    parser.add_argument("--failures", action="store_true", help="list the dev half's misses")
    args = parser.parse_args(argv)
    if not (DATA / "gold.jsonl").exists():
        print(f"no data at {DATA}", file=sys.stderr)
        return 1
    result = run(args.split, args.limit, not args.no_htmldate, args.failures)
    result["max_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    print_table(result)
    RESULTS.mkdir(parents=True, exist_ok=True)
    name = "dates_web.json" if args.split == "all" and not args.limit else \
        f"dates_web_{args.split}{'_' + str(args.limit) if args.limit else ''}.json"
    (RESULTS / name).write_text(json.dumps(result, indent=1), encoding="utf-8")
    print(f"wrote {RESULTS / name}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
