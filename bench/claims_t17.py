"""Claim extraction and grouping against a small hand-made gold on 10 T17 Syria articles.

Gold: bench/claims_t17_gold.json (article id, line index, lower value, group; no text of the
data). Articles are read from ../shared/data/t17 at run time; each T17 line becomes a
paragraph (PTB brackets and quotes undone), published = the T17 publication date.

A predicted claim matches a gold claim of the same article and line with the same lower value
(within 1%). Extraction: precision/recall/F1 of matched claims. Grouping: pairwise
precision/recall/F1 over the matched claims (two claims in one predicted group vs one gold
group), so extraction misses do not count twice.

Baseline in the same run: every number span of the model (CARDINAL/MONEY/PERCENT, parsed by
the same parse_quantity) is a claim; claims are grouped by the lemma of the next word.

    .venv/bin/python bench/claims_t17.py
"""

from __future__ import annotations

import gzip
import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path

from dateline.analyze.articles import analyze_articles
from dateline.analyze.parse import parse_texts
from dateline.analyze.quantities import parse_quantity
from dateline.entities.grouping import ClaimGrouper
from dateline.model import Article, DateEvidence, Source
from dateline.sentences import article_sentences

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "t17"
GOLD = ROOT / "bench" / "claims_t17_gold.json"
RESULTS = ROOT / "bench" / "results"

Key = tuple[str, int, float]  # (article, line, low)


def detokenize(line: str) -> str:
    for a, b in (("-LRB-", "("), ("-RRB-", ")"), ("``", '"'), ("''", '"'), (" ,", ","),
                 (" .", "."), (" 's", "'s"), (" n't", "n't"), ("( ", "("), (" )", ")")):
        line = line.replace(a, b)
    return line.strip()


def load_articles(ids: set[str]) -> list[Article]:
    articles = []
    for subset in sorted({i.split("/")[0] for i in ids}):
        with gzip.open(DATA / subset / "articles.jsonl.gz", "rt") as handle:
            for line in handle:
                record = json.loads(line)
                if record["id"] not in ids:
                    continue
                paragraphs = tuple(detokenize(s) for s in record["text"].split("\n"))
                articles.append(Article(
                    id=record["id"], source=Source(path=record["id"]), paragraphs=paragraphs,
                    published=DateEvidence(record["date"], "day", "t17", confidence=1.0)))
    return articles


def matched(pred: list[tuple[Key, str]], gold: list[tuple[Key, str]]
            ) -> tuple[int, list[tuple[str, str]]]:
    """Count matches; return (matches, [(predicted group, gold group)] per match)."""
    free = list(gold)
    pairs = []
    for (article, line, low), group in pred:
        for k, ((g_article, g_line, g_low), g_group) in enumerate(free):
            if (article, line) == (g_article, g_line) and abs(low - g_low) <= 0.01 * g_low:
                pairs.append((group, g_group))
                del free[k]
                break
    return len(pairs), pairs


def prf(tp: int, n_pred: int, n_gold: int) -> tuple[float, float, float]:
    p = tp / n_pred if n_pred else 0.0
    r = tp / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def pairwise(pairs: list[tuple[str, str]]) -> tuple[float, float, float]:
    same_pred = same_gold = both = 0
    for (pa, ga), (pb, gb) in combinations(pairs, 2):
        same_pred += pa == pb
        same_gold += ga == gb
        both += pa == pb and ga == gb
    return prf(both, same_pred, same_gold)


def run() -> dict[str, dict[str, list[float] | int]]:
    gold_data = json.loads(GOLD.read_text())["claims"]
    gold = [((g["article"], g["line"], float(g["low"])), g["group"]) for g in gold_data]
    articles = load_articles({g["article"] for g in gold_data})
    analyzed = list(analyze_articles(articles))
    line_of = {(a.article.id, s.index): s.paragraph for a in analyzed for s in a.sentences}
    claims = [c for a in analyzed for c in a.claims]
    grouper = ClaimGrouper().fit(claims)
    ours = [((c.article_id, line_of[(c.article_id, c.sentence)], c.low), c.group or "")
            for g in grouper.groups_ for c in g.claims]
    ours += [((c.article_id, line_of[(c.article_id, c.sentence)], c.low), f"alone:{i}")
             for i, c in enumerate(claims) if not c.counted]

    baseline = []
    for article in articles:
        sentences = article_sentences(article)
        for sentence, doc in zip(sentences, parse_texts([s.text for s in sentences]),
                                 strict=True):
            for span in doc.ents:
                if span.label not in {"CARDINAL", "MONEY", "PERCENT"}:
                    continue
                q = parse_quantity(doc.text[span.start:span.end])
                if q is None:
                    continue
                after = [t for t in doc.tokens if t.start >= span.end]
                head = after[0].lemma if after else ""
                baseline.append(((article.id, sentence.paragraph, q.low), head))

    results: dict[str, dict[str, list[float] | int]] = {}
    for name, pred in (("baseline", baseline), ("dateline", ours)):
        tp, pairs = matched(pred, gold)
        results[name] = {"predicted": len(pred), "gold": len(gold), "matched": tp,
                         "extraction": list(prf(tp, len(pred), len(gold))),
                         "grouping": list(pairwise(pairs))}
    groups = defaultdict(set)
    for (article, _line, _low), group in ours:
        groups[group].add(article)
    return results


def main() -> int:
    if not DATA.is_dir():
        print(f"missing {DATA}", file=sys.stderr)
        return 2
    results = run()
    print("T17 claims gold: 10 Syria articles, "
          f"{results['dateline']['gold']} gold claims (bench/claims_t17_gold.json)")
    print("| system | predicted | matched | extraction P | R | F1 | grouping P | R | F1 |")
    print("|---|---|---|---|---|---|---|---|---|")
    for name, r in results.items():
        e, g = r["extraction"], r["grouping"]
        print(f"| {name} | {r['predicted']} | {r['matched']} | {e[0]:.2f} | {e[1]:.2f} | "
              f"{e[2]:.2f} | {g[0]:.2f} | {g[1]:.2f} | {g[2]:.2f} |")
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "claims_t17.json").write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
