"""T17 articles as dateline Articles, and realistic derived copies of them (for the copies
benchmarks and their pytest subset). Reads ``../shared/data/t17`` at run time; copies nothing.

Derived copies imitate what outlets do to a wire story, at four edit levels:

- ``reprint``: wire dateline and boilerplate (credits, copyright, links) added, paragraphs merged;
- ``light``: reprint + two names substituted everywhere + 10% of sentences cut + small word edits;
- ``rewrite``: four names substituted, 30% cut (mostly the tail), 20% of sentences edited,
  some paragraphs swapped, two sentences of another article of the topic added;
- ``heavy``: only the first 40% kept, six names substituted, 40% edited, reordered, three
  foreign sentences added;
- ``excerpt``: a local story quoting the wire: the first quarter of the original (three names
  substituted, 30% edited) inside as many sentences of other articles of the topic.

Copies are dated the same day or up to two days later, a quarter of them not at all.
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
import re
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from dateline.model import Article, DateEvidence, Source, article_id

ROOT = Path(__file__).resolve().parent.parent
T17 = ROOT.parent / "shared" / "data" / "t17"
LEVELS = ("reprint", "light", "rewrite", "heavy", "excerpt")
DEV_TOPICS = ("h1n1", "haiti", "mj", "egypt", "finan")
TEST_TOPICS = ("bpoil", "libya", "syria", "iraq")
OUTLETS = {"bbc": "BBC", "cnn": "CNN", "foxnews": "Fox News", "guardian": "The Guardian",
           "reuters": "Reuters", "washingtonpost": "The Washington Post"}

_PTB = [(" -LRB- ", " ("), ("-LRB- ", "("), (" -RRB-", ")"), ("-RRB-", ")"),
        (" -LSB- ", " ["), (" -RSB-", "]"), ("``", '"'), ("''", '"'), (" n't", "n't")]
_SPACE_BEFORE = re.compile(r" ([.,;:!?%]|'s\b|'re\b|'ve\b|'ll\b|'d\b|'m\b)")
_NAME = re.compile(r"\b(?:[A-Z][a-z]+ ){1,2}[A-Z][a-z]+\b")
_FILLERS = ("also", "now", "still", "just", "very", "already", "however,")
_ADJECTIVES = ("major", "latest", "so-called", "vicious", "ongoing", "deadly", "key")
_BOILERPLATE = ("Image credit: {agency}", "Copyright {year} {agency}. All rights reserved.",
                "Click here for more stories", "Follow us on Twitter", "Related articles",
                "Reporting by staff; Editing by the desk", "Share this article")


def detokenize(sentence: str) -> str:
    """PTB tokens back to plain text, lightly (quotes stay spaced)."""
    text = f" {sentence.strip()} "
    for old, new in _PTB:
        text = text.replace(old, new)
    return _SPACE_BEFORE.sub(r"\1", text).replace("( ", "(").replace("$ ", "$").strip()


def load_t17(topics: tuple[str, ...] | None = None, limit: int | None = None
             ) -> Iterator[tuple[str, str, str, list[str]]]:
    """(t17 id, topic, date, sentences) of every non-empty T17 article, in file order."""
    count = 0
    for subset in sorted(T17.iterdir()):
        path = subset / "articles.jsonl.gz"
        if not path.is_file():
            continue
        with gzip.open(path, "rt", encoding="utf-8") as lines:
            for line in lines:
                record = json.loads(line)
                if topics and record["topic"] not in topics:
                    continue
                sentences = [detokenize(s) for s in record["text"].split("\n") if s.strip()]
                if not sentences:
                    continue
                yield record["id"], record["topic"], record["date"], sentences
                count += 1
                if limit and count >= limit:
                    return


def paragraphs_of(sentences: list[str], rng: random.Random) -> list[str]:
    """News-style paragraphs of one to three sentences."""
    paragraphs, i = [], 0
    while i < len(sentences):
        n = rng.choice((1, 1, 2, 2, 3))
        paragraphs.append(" ".join(sentences[i : i + n]))
        i += n
    return paragraphs


def make_article(paragraphs: list[str], path: str, date: str | None, outlet: str | None
                 ) -> Article:
    published = DateEvidence(date, "day", "jsonl", path, 0.9) if date else None
    return Article(id=article_id("\n".join(paragraphs)), source=Source(path=path, format="jsonl"),
                   paragraphs=tuple(paragraphs), outlet=outlet, published=published,
                   date_evidence=(published,) if published else ())


def t17_article(t17_id: str, date: str, sentences: list[str]) -> Article:
    rng = random.Random(zlib.crc32(t17_id.encode()))
    outlet = OUTLETS.get(t17_id.split("/")[0].split("_")[-1].lower())
    return make_article(paragraphs_of(sentences, rng), t17_id, date, outlet)


@dataclass(frozen=True)
class Derived:
    article: Article
    original: str  # id of the article it was made from
    level: str
    borrowed: tuple[str, ...] = ()  # ids of the articles whose sentences it also took


def _substitute(sentences: list[str], n: int, rng: random.Random) -> list[str]:
    names = sorted({m.group() for s in sentences for m in _NAME.finditer(s)})
    rng.shuffle(names)
    for name in names[:n]:
        parts = name.split()
        alias = "".join(p[0] for p in parts) if rng.random() < 0.5 else parts[-1]
        sentences = [s.replace(name, alias) for s in sentences]
    return sentences


def _edit_words(sentence: str, rng: random.Random) -> str:
    words = sentence.split()
    if len(words) < 6:
        return sentence
    k = rng.randrange(1, len(words) - 1)
    action = rng.random()
    if action < 0.4:
        words.insert(k, rng.choice(_ADJECTIVES))
    elif action < 0.7:
        del words[k]
    else:
        words.insert(k, rng.choice(_FILLERS))
    return " ".join(words)


def derive(original: Article, level: str, sentences: list[str], foreign: list[str],
           seed: int) -> Article:
    """A copy of ``original`` (whose sentences are ``sentences``) at an edit level."""
    rng = random.Random(seed)
    agency = original.outlet or "AP"
    sents = list(sentences)
    n_sub, cut, edit, reorder, add = {
        "reprint": (0, 0.0, 0.0, 0.0, 0), "light": (2, 0.1, 0.1, 0.0, 0),
        "rewrite": (4, 0.3, 0.2, 0.15, 2), "heavy": (6, 0.0, 0.4, 0.2, 3),
        "excerpt": (3, 0.0, 0.3, 0.0, 0)}[level]
    if level == "heavy":
        sents = sents[: max(3, int(len(sents) * 0.4))]
    if level == "excerpt":
        sents = sents[: max(2, len(sents) // 4)]
        add = len(sents)
    sents = _substitute(sents, n_sub, rng)
    if cut:  # outlets cut mostly from the end, sometimes in the middle
        tail = int(len(sents) * cut * 0.7)
        if tail:
            sents = sents[:-tail]
        middle = int(len(sents) * cut * 0.3)
        for _ in range(middle):
            if len(sents) > 3:
                del sents[rng.randrange(1, len(sents))]
    sents = [_edit_words(s, rng) if rng.random() < edit else s for s in sents]
    for extra in rng.sample(foreign, min(add, len(foreign))):
        sents.insert(rng.randrange(1, len(sents) + 1), extra)
    paragraphs = paragraphs_of(sents, rng)
    if level != "reprint" or rng.random() < 0.7:  # paragraph merges
        for _ in range(max(1, len(paragraphs) // 5)):
            if len(paragraphs) > 2:
                k = rng.randrange(len(paragraphs) - 1)
                paragraphs[k : k + 2] = [paragraphs[k] + " " + paragraphs[k + 1]]
    for _ in range(int(len(paragraphs) * reorder)):
        k = rng.randrange(1, max(2, len(paragraphs) - 1))
        if k + 1 < len(paragraphs):
            paragraphs[k], paragraphs[k + 1] = paragraphs[k + 1], paragraphs[k]
    if paragraphs and rng.random() < 0.5:
        paragraphs[0] = f"{rng.choice(('LONDON', 'WASHINGTON', 'NEW YORK'))} ({agency}) - " + (
            paragraphs[0])
    if rng.random() < 0.6:
        year = (original.published.value[:4] if original.published else "2010")
        for line in rng.sample(_BOILERPLATE, rng.randint(1, 3)):
            paragraphs.append(line.format(agency=agency, year=year))
    date = None
    if original.published and rng.random() >= 0.25:
        day = dt.date.fromisoformat(original.published.value)
        date = (day + dt.timedelta(days=rng.choice((0, 0, 1, 2)))).isoformat()
    path = f"derived/{level}/{original.source.path}"
    return make_article(paragraphs, path, date, f"copy-outlet-{rng.randrange(5)}")


@dataclass
class Benchmark:
    articles: list[Article]
    derived: list[Derived]


def build(topics: tuple[str, ...], n_originals: int, seed: int = 17,
          limit: int | None = None) -> Benchmark:
    """Every T17 article of ``topics`` plus derived copies of ``n_originals`` of them at each
    level (each original gets one copy per level)."""
    rows = list(load_t17(topics, limit))
    articles = [t17_article(i, date, sents) for i, _topic, date, sents in rows]
    rng = random.Random(seed)
    picked = rng.sample(range(len(rows)), min(n_originals, len(rows)))
    derived = []
    known = {a.id for a in articles}
    for k in picked:
        t17_id, topic, _date, sents = rows[k]
        others = [j for j in rng.sample(range(len(rows)), 20)
                  if rows[j][1] == topic and j != k][:6]
        foreign = [s for j in others for s in rows[j][3][1:6]]
        borrowed = tuple(articles[j].id for j in others)
        for level in LEVELS:
            copy = derive(articles[k], level, sents, foreign, seed * 7919 + k * 31 + len(level))
            if copy.id not in known:  # same normalized text: the store makes it one article
                known.add(copy.id)
                derived.append(Derived(copy, articles[k].id, level, borrowed))
    return Benchmark(articles, derived)
