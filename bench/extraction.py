"""Main-text extraction quality: dateline's HTML path against trafilatura alone.

    .venv/bin/python bench/extraction.py [--limit N] [--variants] [--dates]

Data: ``../shared/data/extraction/pages.jsonl.gz`` (153 English pages of trafilatura's
evaluation set, each with gold ``with`` snippets that must be extracted and ``without``
snippets of boilerplate that must not). Protocol of that dataset's README: a ``with`` snippet
found in the output is a true positive (missing: false negative), a ``without`` snippet found
is a false positive (absent: true negative); precision, recall, F1 and accuracy over all
snippets. Whitespace is collapsed on both sides before matching, for every system alike.

Systems, all run here on the same pages:
- ``trafilatura``: ``trafilatura.extract(html)`` with default settings (the baseline);
- ``dateline-extract``: the HTML path's extraction only (``html.html_to_text``);
- ``dateline``: the whole per-article path, ``to_article(RawDocument(html=...))``:
  extraction, plain-text cleaning and metadata (title/byline lines leave the body).
With ``--dates``, htmldate with and without ``extensive_search`` is compared (dates found,
agreement, time; the pages have no gold dates). With ``--variants``, trafilatura option sets
for the HTML path are also scored, on two halves of the pages (even and odd positions) so a
choice made on one half is checked on the other.

Prints a table and writes ``bench/results/extraction.json``, which names missed snippets by
page file and index only: no text of the data is written anywhere.
"""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import trafilatura

from dateline.ingest import html as html_path
from dateline.ingest.pipeline import to_article
from dateline.ingest.raw import RawDocument
from dateline.model import Article, Source

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "extraction" / "pages.jsonl.gz"
RESULTS = ROOT / "bench" / "results"

VARIANTS: dict[str, dict[str, Any]] = {
    "comments-off (chosen)": {"include_comments": False},
    "trafilatura-defaults": {"include_comments": True},
    "comments-off+precision": {"include_comments": False, "favor_precision": True},
    "comments-off+recall": {"include_comments": False, "favor_recall": True},
    "comments-off+no-tables": {"include_comments": False, "include_tables": False},
}

_SPACE = re.compile(r"\s+")


def squash(text: str) -> str:
    return _SPACE.sub(" ", text).strip()


@dataclass
class Score:
    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0
    seconds: float = 0.0
    missed: list[dict[str, Any]] = field(default_factory=list)  # file and index, never text

    def add(self, page: dict[str, Any], text: str) -> None:
        text = squash(text)
        for index, snippet in enumerate(page["with"]):
            if squash(snippet) in text:
                self.tp += 1
            else:
                self.fn += 1
                self.missed.append({"file": page["file"], "with_index": index})
        for snippet in page["without"]:
            if squash(snippet) in text:
                self.fp += 1
            else:
                self.tn += 1

    def metrics(self) -> dict[str, float]:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        total = self.tp + self.fn + self.fp + self.tn
        return {"precision": precision, "recall": recall, "f1": f1,
                "accuracy": (self.tp + self.tn) / total if total else 0.0,
                "tp": self.tp, "fn": self.fn, "fp": self.fp, "tn": self.tn,
                "seconds": round(self.seconds, 2)}


def load_pages(limit: int | None = None, path: Path = DATA) -> list[dict[str, Any]]:
    pages = []
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            pages.append(json.loads(line))
            if limit and len(pages) >= limit:
                break
    return pages


def trafilatura_text(page: dict[str, Any]) -> str:
    return trafilatura.extract(page["html"]) or ""


def dateline_extract_text(page: dict[str, Any]) -> str:
    return html_path.html_to_text(page["html"]) or ""


def dateline_article(page: dict[str, Any]) -> Article | None:
    raw = RawDocument(source=Source(path=page["file"], format="html"), html=page["html"])
    article = to_article(raw)
    return article if isinstance(article, Article) else None


def dateline_text(page: dict[str, Any]) -> str:
    article = dateline_article(page)
    return article.text if article else ""


SYSTEMS: dict[str, Callable[[dict[str, Any]], str]] = {
    "trafilatura": trafilatura_text,
    "dateline-extract": dateline_extract_text,
    "dateline": dateline_text,
}


def score(system: Callable[[dict[str, Any]], str], pages: Iterable[dict[str, Any]]) -> Score:
    result = Score()
    for page in pages:
        start = time.perf_counter()
        text = system(page)
        result.seconds += time.perf_counter() - start
        result.add(page, text)
    return result


def cleaning_losses(pages: list[dict[str, Any]]) -> Counter[str]:
    """Gold snippets the extraction found but the whole path lost, by the cleaning's reason."""
    reasons: Counter[str] = Counter()
    for page in pages:
        extracted = squash(dateline_extract_text(page))
        article = dateline_article(page)
        final = squash(article.text) if article else ""
        for snippet in page["with"]:
            wanted = squash(snippet)
            if wanted in extracted and wanted not in final:
                reason = "article refused (empty)" if article is None else "not in body"
                if article is not None:
                    for removed in article.removed:
                        if wanted[:40] in squash(removed.text):
                            reason = f"removed: {removed.reason}"
                            break
                    else:
                        subtitle = squash(getattr(article, "subtitle", None) or "")
                        if article.title and wanted[:40] in squash(article.title):
                            reason = "taken as title"
                        elif subtitle and wanted[:40] in subtitle:
                            reason = "taken as subtitle"
                        elif article.dateline and wanted.startswith(article.dateline):
                            reason = "dateline cut from the first paragraph"
                reasons[reason] += 1
    return reasons


def date_coverage(pages: list[dict[str, Any]]) -> dict[str, Any]:
    """htmldate with and without ``extensive_search``: dates found, agreement, time.

    The pages carry no gold dates, so this measures coverage and agreement, not accuracy.
    """
    from htmldate import find_date
    from trafilatura.utils import load_html

    found = {False: 0, True: 0}
    seconds = {False: 0.0, True: 0.0}
    agree = only_extensive = 0
    sources: Counter[str] = Counter()
    for page in pages:
        tree = load_html(page["html"])
        dates = {}
        for extensive in (False, True):
            start = time.perf_counter()
            dates[extensive] = find_date(tree, extensive_search=extensive, original_date=True)
            seconds[extensive] += time.perf_counter() - start
            found[extensive] += dates[extensive] is not None
        agree += dates[False] is not None and dates[False] == dates[True]
        only_extensive += dates[False] is None and dates[True] is not None
        if dates[False]:
            evidence = html_path._evidence(tree, dates[False], None)
            sources[evidence.source if evidence else "not a day"] += 1
    return {"pages": len(pages), "found_fast": found[False], "found_extensive": found[True],
            "both_and_agree": agree, "only_extensive": only_extensive,
            "seconds_fast": round(seconds[False], 2),
            "seconds_extensive": round(seconds[True], 2), "fast_sources": dict(sources)}


def table(rows: dict[str, dict[str, float]], title: str) -> str:
    lines = [title, f"{'system':<26} {'P':>6} {'R':>6} {'F1':>6} {'acc':>6} {'sec':>6}"]
    for name, m in rows.items():
        lines.append(f"{name:<26} {m['precision']:6.3f} {m['recall']:6.3f} {m['f1']:6.3f} "
                     f"{m['accuracy']:6.3f} {m['seconds']:6.1f}")
    return "\n".join(lines)


def with_options(options: dict[str, Any]) -> Callable[[dict[str, Any]], str]:
    def run(page: dict[str, Any]) -> str:
        saved = dict(html_path.EXTRACT_OPTIONS)
        html_path.EXTRACT_OPTIONS.update(options)
        try:
            return html_path.html_to_text(page["html"]) or ""
        finally:
            html_path.EXTRACT_OPTIONS.clear()
            html_path.EXTRACT_OPTIONS.update(saved)

    return run


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N pages")
    parser.add_argument("--variants", action="store_true",
                        help="also score trafilatura option sets for the HTML path")
    parser.add_argument("--dates", action="store_true",
                        help="also compare htmldate with and without extensive search")
    args = parser.parse_args(argv)
    if not DATA.exists():
        print(f"missing {DATA}", file=sys.stderr)
        return 2
    pages = load_pages(args.limit)
    news = [p for p in pages if p["news_domain"]]
    results: dict[str, Any] = {"pages": len(pages), "news_pages": len(news),
                               "trafilatura_version": trafilatura.__version__,
                               "options": html_path.EXTRACT_OPTIONS}
    for subset, chosen in (("all", pages), ("news", news)):
        scores = {name: score(system, chosen) for name, system in SYSTEMS.items()}
        results[subset] = {name: s.metrics() for name, s in scores.items()}
        results[f"{subset}_missed_by_dateline_only"] = [
            m for m in scores["dateline"].missed if m not in scores["trafilatura"].missed]
        print(table(results[subset], f"\n{subset} pages ({len(chosen)})"))
    base, ours = results["all"]["trafilatura"]["f1"], results["all"]["dateline"]["f1"]
    print(f"\nF1 dateline / trafilatura: {ours / base:.3f}")
    losses = cleaning_losses(pages)
    results["cleaning_losses"] = dict(losses)
    print("gold snippets extracted but lost by cleaning/metadata:",
          dict(losses) if losses else "none")
    if args.variants:
        halves = {"even": pages[0::2], "odd": pages[1::2]}
        results["variants"] = {}
        for name, options in VARIANTS.items():
            results["variants"][name] = {half: score(with_options(options), chosen).metrics()
                                         for half, chosen in halves.items()}
        print("\nHTML-path option sets (extraction only), F1 on even / odd halves")
        for name, by_half in results["variants"].items():
            print(f"{name:<26} {by_half['even']['f1']:6.3f} {by_half['odd']['f1']:6.3f}")
    if args.dates:
        results["dates"] = dates = date_coverage(pages)
        print(f"\nhtmldate on {dates['pages']} pages: fast finds {dates['found_fast']} "
              f"({dates['seconds_fast']} s), extensive finds {dates['found_extensive']} "
              f"({dates['seconds_extensive']} s); same date on {dates['both_and_agree']}, "
              f"{dates['only_extensive']} only with extensive search. "
              f"Fast-mode provenance: {dates['fast_sources']}")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "extraction.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    print(f"\nwrote {RESULTS / 'extraction.json'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
