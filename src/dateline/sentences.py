"""Sentence splitting for English news text, shared by every stage that works on sentences.

Rules rather than a model: a period, question or exclamation mark ends a sentence when the
next word starts with a capital, a digit or a quote, unless the word before is a known
abbreviation ("U.S.", "Oct.", "Col.", "Lt.") or a single initial.
"""

from __future__ import annotations

import re

from dateline.model import Article, Sentence

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "prof", "sr", "jr", "st", "gen", "col", "lt", "maj", "capt", "sgt",
    "cpl", "adm", "gov", "sen", "rep", "rev", "brig", "cmdr", "pres", "supt", "insp",
    "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec",
    "mon", "tue", "tues", "wed", "thu", "thur", "thurs", "fri", "sat", "sun",
    "no", "nos", "vol", "fig", "approx", "est", "inc", "corp", "co", "ltd", "bros", "vs", "etc",
    "u.s", "u.k", "u.n", "e.g", "i.e", "a.m", "p.m", "d.c", "u.s.a",
}

# A candidate end: terminal punctuation, optional closing quotes/brackets, then space.
_END = re.compile(r"""[.!?]+["'\u201d\u2019)\]]*(?=\s+["'\u201c\u2018(\[]?[A-Z0-9])""")
_WORD_BEFORE = re.compile(r"([A-Za-z.]+)$")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; whitespace inside a sentence is kept as it is."""
    sentences, start = [], 0
    for match in _END.finditer(text):
        head = text[start : match.start()]
        word = _WORD_BEFORE.search(head)
        if match.group().startswith(".") and word:
            token = word.group(1).lower().rstrip(".")
            if token in _ABBREVIATIONS or len(token) == 1:
                continue
        sentence = text[start : match.end()].strip()
        if sentence:
            sentences.append(sentence)
        start = match.end()
    rest = text[start:].strip()
    if rest:
        sentences.append(rest)
    return sentences


def article_sentences(article: Article) -> tuple[Sentence, ...]:
    """The article's sentences in order, numbered across paragraphs, without dates yet."""
    sentences: list[Sentence] = []
    for p, paragraph in enumerate(article.paragraphs):
        for text in split_sentences(paragraph):
            sentences.append(Sentence(article_id=article.id, index=len(sentences),
                                      paragraph=p, text=text))
    return tuple(sentences)
