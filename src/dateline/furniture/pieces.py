"""What the furniture step reads of one article, and how it cuts learned furniture out of it.

Pure functions, no store: the site an article comes from (:func:`site_of`), the lines and
sentences that may recur as site furniture (:func:`pieces_of`), a signature of what the article
is about (:func:`topic_signature`, to tell unrelated stories apart), and :func:`clean`, which
takes learned furniture and agency credit lines out of the paragraphs and records each cut in
``Article.removed``. The article's id is never recomputed: it names the text as ingested.
"""

from __future__ import annotations

import hashlib
import re
from collections import Counter
from collections.abc import Iterator, Mapping
from dataclasses import replace
from functools import lru_cache
from urllib.parse import urlsplit

from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

from dateline.model import Article, RemovedText, normalize_text
from dateline.sentences import split_sentences

FURNITURE = "site-furniture"
"""Reason recorded for a line or sentence that recurs across one site's unrelated stories."""
CREDIT = "credit-line"
"""Reason recorded for an agency credit run into the text ("(Reporting by X; Editing by Y)")."""
DISCLAIMER = "disclaimer"
"""Reason recorded for a columnist's disclaimer ("The opinions expressed are his own .")."""
TICKER = "page-ticker"
"""Reason recorded for a page's news ticker above its "Full Article" marker."""

MAX_PIECE_WORDS = 200  # a longer line is a story's body, never a footer
GLUED_MIN_WORDS = 6  # a learned piece this long is cut also where it is glued inside a line

# "(Reporting by Maggie Fox ; Editing by Will Dunham)", "-LRB- Editing by David Stamp -RRB-":
# the agency's credits in brackets, as written and as PTB tokens.
_CREDIT = re.compile(
    r"(?:\(|-LRB-)\s*(?:Additional\s+)?(?:reporting|writing|editing|compiled|compiling|"
    r"sub-editing)\s+by\b[^()]{0,400}?(?:\)|-RRB-)", re.IGNORECASE)
_DISCLAIMER = re.compile(
    r"(?:The )?(?:opinions|views) expressed (?:here |in this (?:article|column|piece) )?are "
    r"(?:his|her|their|the author's|the writer's) own\s*\.?", re.IGNORECASE)
# "Full Article Egypt orders cull of pig herds ...": the page's ticker line(s) above the marker
_FULL_ARTICLE = re.compile(r"Full Article\s+(?=\S)")
TICKER_LINES = 2
_WORD = re.compile(r"[a-z][a-z'-]+")
_STOP = frozenset(ENGLISH_STOP_WORDS | {"said", "says", "lrb", "rrb", "reuters", "news"})


def piece_key(text: str) -> str:
    """The key a piece is counted under: 16 hex digits of the SHA-1 of its normalized text."""
    return hashlib.sha1(normalize_text(text).encode("utf-8")).hexdigest()[:16]


def site_of(article: Article) -> str | None:
    """The site an article comes from: its outlet, else its URL's host; ``None`` when unknown."""
    if article.outlet and article.outlet.strip():
        return " ".join(article.outlet.lower().split())
    url = article.source.url
    if url:
        host = urlsplit(url).hostname or ""
        return host.removeprefix("www.") or None
    return None


def _long_enough(text: str, min_words: int) -> bool:
    return min_words <= len(text.split()) <= MAX_PIECE_WORDS


def pieces_of(article: Article, min_words: int = 3) -> dict[str, str]:
    """``key -> text`` of the article's candidate pieces: every paragraph and every sentence of
    at least ``min_words`` words, and the site furniture already cut from it (so a refit on a
    cleaned store counts what it counted before)."""
    found: dict[str, str] = {}
    article = page_cuts(article)
    texts = [*article.paragraphs, *(r.text for r in article.removed if r.reason == FURNITURE)]
    for paragraph in texts:
        if _long_enough(paragraph, min_words):
            found.setdefault(piece_key(paragraph), paragraph)
        sentences = split_sentences(paragraph)
        if len(sentences) > 1:
            for sentence in sentences:
                if _long_enough(sentence, min_words):
                    found.setdefault(piece_key(sentence), sentence)
    return found


@lru_cache(maxsize=100_000)
def _rarity(word: str) -> float:
    from wordfreq import zipf_frequency  # its word lists ship inside the package

    return max(0.5, 7.0 - zipf_frequency(word, "en"))


def topic_signature(article: Article, size: int = 8, lead: int = 6) -> frozenset[str]:
    """The ``size`` words that best say what the article is about: in its title and first
    ``lead`` paragraphs (footers sit at the end), weighted by count and rarity in English;
    the outlet's own name is left out (every article of a site names it)."""
    site_words = set(_WORD.findall((article.outlet or "").lower()))
    text = " ".join([article.title or "", *article.paragraphs[:lead]]).lower()
    counts = Counter(w for w in _WORD.findall(text) if w not in _STOP and w not in site_words
                     and len(w) > 2)
    ranked = sorted(counts, key=lambda w: (-counts[w] * _rarity(w), w))
    return frozenset(ranked[:size])


def _cut(text: str, piece: str) -> str | None:
    """``text`` without ``piece`` where it stands between words; ``None`` when absent."""
    start = text.find(piece)
    while start >= 0:
        end = start + len(piece)
        if (start == 0 or text[start - 1] == " ") and (end == len(text) or text[end] == " "):
            return " ".join((text[:start] + " " + text[end:]).split())
        start = text.find(piece, start + 1)
    return None


def _cuts(paragraph: str, learned: Mapping[str, str]) -> Iterator[tuple[str, str]]:
    """(kept text, removed text) steps of cleaning one paragraph."""
    if piece_key(paragraph) in learned:
        yield "", paragraph
        return
    sentences = split_sentences(paragraph)
    if len(sentences) > 1 and any(piece_key(s) in learned for s in sentences):
        kept = [s for s in sentences if piece_key(s) not in learned]
        for sentence in sentences:
            if piece_key(sentence) in learned:
                yield " ".join(kept), sentence
        paragraph = " ".join(kept)
    for piece in learned.values():
        if len(piece.split()) >= GLUED_MIN_WORDS and piece in paragraph:
            rest = _cut(paragraph, piece)
            if rest is not None:
                paragraph = rest
                yield paragraph, piece


def page_cuts(article: Article) -> Article:
    """``article`` without what its own page shows to be furniture: agency credits in
    brackets, a columnist's disclaimer, a news ticker above a "Full Article" marker among the
    first lines; each cut recorded in ``removed``. The same object when nothing is cut."""
    paragraphs = list(article.paragraphs)
    removed: list[RemovedText] = []
    for i, paragraph in enumerate(paragraphs[:TICKER_LINES + 1]):
        marker = _FULL_ARTICLE.match(paragraph)
        if marker and i > 0:
            removed += [RemovedText(p, TICKER) for p in paragraphs[:i]]
            removed.append(RemovedText(marker.group().strip(), TICKER))
            paragraphs = [paragraph[marker.end():], *paragraphs[i + 1:]]
            break
    for i, paragraph in enumerate(paragraphs):
        text = paragraph
        for pattern, reason in ((_CREDIT, CREDIT), (_DISCLAIMER, DISCLAIMER)):
            found = [m.group(0) for m in pattern.finditer(text)]
            if found:
                removed += [RemovedText(f, reason) for f in found]
                text = " ".join(pattern.sub(" ", text).split())
        paragraphs[i] = text
    paragraphs = [p for p in paragraphs if p.strip(" .,;:-|")]
    if not removed or not paragraphs:
        return article
    return replace(article, paragraphs=tuple(paragraphs), removed=(*article.removed, *removed))


def clean(article: Article, learned: Mapping[str, str]) -> Article:
    """``article`` without its page's furniture (:func:`page_cuts`) and its site's learned
    furniture (``key -> text``), each cut recorded in ``removed``; the same object when nothing
    is cut. An article that would be left with no text is returned as it is."""
    article = page_cuts(article)
    if not learned:
        return article
    paragraphs: list[str] = []
    removed: list[RemovedText] = []
    for paragraph in article.paragraphs:
        text = paragraph
        for kept, cut in _cuts(paragraph, learned):
            text = kept
            removed.append(RemovedText(cut, FURNITURE))
        if text.strip(" .,;:-|"):
            paragraphs.append(text)
    if not removed or not paragraphs:
        return article
    return replace(article, paragraphs=tuple(paragraphs), removed=(*article.removed, *removed))
