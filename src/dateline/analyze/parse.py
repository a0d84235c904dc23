"""Sentences to tokens and entity spans: spaCy when its model loads, rules otherwise.

Both paths return the same plain records (:class:`Parsed`), so mentions and claims are
extracted by one code path. The rule-based fallback finds names as runs of capitalized words
and numbers with a regular expression; it has no part-of-speech tags (``pos`` is ``""``), so
claim extraction falls back to word lists for the counted noun.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import islice
from typing import Any, NamedTuple

from dateline.analyze.nlp import get_nlp, one_blas_thread
from dateline.analyze.tags import TagMap


class Tok(NamedTuple):
    """A word of a parsed sentence (a named tuple: several hundred thousand are made per
    thousand articles, at a fifth of a frozen dataclass's cost)."""

    text: str
    start: int  # character offsets in the sentence
    end: int
    pos: str = ""  # universal POS (NOUN, PROPN, VERB...), "" without a tagger
    lemma: str = ""


@dataclass(frozen=True)
class Span:
    start: int
    end: int
    label: str  # spaCy labels: PERSON, ORG, GPE, NORP, LOC, FAC, CARDINAL, DATE...


@dataclass(frozen=True)
class Parsed:
    text: str
    tokens: tuple[Tok, ...]
    ents: tuple[Span, ...]
    model: bool  # True when spaCy produced it


def parse_texts(texts: Iterable[str], batch_size: int = 256, n_process: int = 1,
                use_model: bool = True) -> Iterator[Parsed]:
    """Parse sentences in order. ``batch_size``/``n_process`` go to ``nlp.pipe`` (speed only).

    With ``use_model=False`` or no loadable model the rule-based fallback is used: it finds
    multi-word capitalized names well but guesses their types and misses lower-case ones.
    """
    nlp = get_nlp() if use_model else None
    if nlp is None:
        for text in texts:
            yield fallback_parse(text)
        return
    # Two passes: NER on every sentence (it has its own tok2vec), then the tagger only on
    # sentences with a number, the only ones whose words claims need; POS and lemma follow
    # from its fine tags (dateline.analyze.tags), without the ruler and the lemmatizer.
    tagging = [name for name in TAGGING if name in nlp.pipe_names]
    skipped = [name for name in nlp.pipe_names if name != "ner"]
    # The texts as sent, in order: ``doc.text`` would rebuild each one from a Token object per
    # word (it was 6% of the analysis), and the tokenizer keeps every character anyway.
    sent: deque[str] = deque()

    def feed() -> Iterator[str]:
        for text in texts:
            sent.append(text)
            yield text

    docs = nlp.pipe(feed(), batch_size=batch_size, n_process=n_process, disable=skipped)
    while True:
        # Pulling a batch runs the model on it (nlp.pipe batches by the same size).
        with one_blas_thread():
            batch = list(islice(docs, batch_size))
            done = list(_finish(nlp, tagging, batch, [sent.popleft() for _ in batch]))
        yield from done
        if len(batch) < batch_size:
            return


TAGGING = ("tok2vec", "tagger")
_NUMERIC = {"CARDINAL", "MONEY", "PERCENT", "QUANTITY"}
_tag_maps: dict[int, TagMap] = {}


def _finish(nlp: Any, tagging: list[str], docs: list[Any], texts: list[str]
            ) -> Iterator[Parsed]:
    from spacy.attrs import IDX, LENGTH, TAG

    ents_of = [tuple(Span(e.start_char, e.end_char, e.label_) for e in d.ents) for d in docs]
    wanted = [d for d, text, ents in zip(docs, texts, ents_of, strict=True)
              if any(e.label in _NUMERIC for e in ents)
              or _VAGUE_WORD.search(text) or _DIGIT.search(text)]
    for name in tagging:
        wanted = list(nlp.get_pipe(name).pipe(wanted))
    tagged = {id(d) for d in wanted}
    tag_map = _tag_maps.get(id(nlp))
    if tag_map is None:
        tag_map = _tag_maps[id(nlp)] = TagMap(nlp)
    strings = nlp.vocab.strings
    for doc, text, ents in zip(docs, texts, ents_of, strict=True):
        # Offsets from arrays: much cheaper than a Token object per word.
        rows = doc.to_array([IDX, LENGTH, TAG]).tolist() if len(doc) else []
        if id(doc) in tagged:
            tokens = tuple(Tok(text[i:i + n], i, i + n,
                               *tag_map.pos_lemma(text[i:i + n], strings[tag]))
                           for i, n, tag in rows)
        else:
            tokens = tuple(Tok(text[i:i + n], i, i + n, "", _plain_lemma(text[i:i + n]))
                           for i, n, _ in rows)
        yield Parsed(text, tokens, ents, True)


# ---------------------------------------------------------------------------------------------
# Rule-based fallback

_TOKEN = re.compile(r"\d[\d,.]*(?:-\d[\d,.]*)?|\w+(?:[-'\u2019]\w+)*|[^\w\s]")
_NUMBER = re.compile(
    r"\b(?:(?:about|around|nearly|almost|roughly|some|more than|at least|over|up to|"
    r"fewer than|less than|an estimated)\s+)?"
    r"\d[\d,]*(?:\.\d+)?(?:\s*(?:-|to|\u2013)\s*\d[\d,]*)?(?:\s+(?:million|billion|thousand))?"
    r"|\b(?:tens|hundreds|thousands|millions|dozens)\s+of\s+(?:thousands|millions)?\b"
    r"|\b(?:hundreds|thousands|millions|dozens)\b",
    re.IGNORECASE,
)
_VAGUE_WORD = re.compile(r"\b(?:hundreds|thousands|millions|dozens)\b", re.IGNORECASE)
_DIGIT = re.compile(r"\d")
_CONNECTORS = {"of", "for", "al", "el", "de", "the", "and", "bin", "ibn", "abu"}
# A word with an Arabic article is a name even in lower case: "Deir ez-Zor", "al-Meshlib".
ARTICLE_NAME = re.compile(r"(?:[Aa]l|[Ee]l|ez|ad|ar|as|ash|at|az|an|ul)-[A-Z]")
_SENTENCE_START_WORDS = {
    "the", "a", "an", "but", "and", "in", "on", "at", "it", "he", "she", "they", "we", "i",
    "this", "that", "there", "his", "her", "their", "its", "as", "after", "before", "when",
    "while", "if", "one", "some", "many", "most", "late", "early", "during", "since", "with",
    "for", "from", "by", "to", "of", "our", "you", "what", "who", "so", "yet", "also", "still",
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday",
}
_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
           "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_ORG_WORDS = {"forces", "force", "council", "observatory", "committee", "ministry", "army",
              "party", "group", "state", "command", "service", "agency", "office", "union",
              "nations", "crescent", "cross", "front", "brigade", "brigades", "units",
              "coalition", "government", "bank", "court", "organization", "organisation"}
_PLACE_PREPS = {"in", "at", "from", "near", "to", "into", "outside", "inside", "across"}


def fallback_parse(text: str) -> Parsed:
    """Tokens and spans from rules alone (used when the spaCy model cannot be loaded)."""
    tokens = tuple(Tok(m.group(), m.start(), m.end(), "", _plain_lemma(m.group()))
                   for m in _TOKEN.finditer(text))
    spans = [Span(m.start(), m.end(), "CARDINAL") for m in _NUMBER.finditer(text)]
    spans += _capitalized_spans(text, tokens)
    spans.sort(key=lambda s: s.start)
    return Parsed(text, tokens, tuple(spans), False)


@lru_cache(maxsize=1 << 16)  # a few thousand distinct words per thousand sentences
def _plain_lemma(word: str) -> str:
    lower = word.lower()
    if len(lower) > 3 and lower.endswith("ies"):
        return lower[:-3] + "y"
    if len(lower) > 3 and lower.endswith("s") and not lower.endswith("ss"):
        return lower[:-1]
    return lower


def _is_cap(tok: Tok) -> bool:
    return (tok.text[:1].isupper() and tok.text.lower() not in _MONTHS) or \
        bool(ARTICLE_NAME.match(tok.text))


def _capitalized_spans(text: str, tokens: Sequence[Tok]) -> list[Span]:
    spans: list[Span] = []
    i = 0
    while i < len(tokens):
        if not _is_cap(tokens[i]) or (i == 0 and tokens[i].text.lower() in
                                      _SENTENCE_START_WORDS):
            i += 1
            continue
        j = i + 1
        while j < len(tokens):
            if _is_cap(tokens[j]):
                j += 1
            elif (tokens[j].text.lower() in _CONNECTORS and j + 1 < len(tokens)
                  and _is_cap(tokens[j + 1])):
                j += 2
            else:
                break
        words = tokens[i:j]
        if not (len(words) == 1 and len(words[0].text) < 2):
            before = tokens[i - 1].text.lower() if i > 0 else ""
            spans.append(Span(words[0].start, words[-1].end, _guess_label(words, before)))
        i = j
    return spans


def _guess_label(words: Sequence[Tok], before: str) -> str:
    last = words[-1].text.lower()
    if last in _ORG_WORDS or (len(words) == 1 and words[0].text.isupper()
                              and 2 <= len(words[0].text) <= 6):
        return "ORG"
    if words[-1].text.endswith(("an", "ish", "ese", "i")) and len(words) == 1 and \
            before not in _PLACE_PREPS:
        return "NORP"
    if before in _PLACE_PREPS:
        return "GPE"
    if len(words) >= 2:
        return "PERSON"
    return "GPE"
