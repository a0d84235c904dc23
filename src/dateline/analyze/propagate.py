"""Run the model only where it pays; find its names again in the article's other sentences.

Named-entity recognition is the costliest step of the stage (about 8k words/s on this project's
2-core machine, bench/entities_speed.py), and in news most of what it finds is the same few
names again and again. So the model runs on two kinds of sentences (:func:`needs_model`):

- the lead: the first ``lead`` sentences of the article (title and opening, where news names
  its actors in full: "Syrian Democratic Forces", "Colonel Ryan Dillon");
- every sentence with a number (digits or a number word): claims need the model's number spans
  and part-of-speech tags, and these sentences are where claims come from.

The other sentences get the names the model found in this article, matched again by exact
surface form (one regular expression per article, word boundaries, longest first), each with
the label the model gave it most often; a person's surname alone counts as that person
("Dillon" after "Ryan Dillon"). Of the capitalized words the model never saw in the article,
only runs of two words or more ("the eastern Deir ez-Zor region", "Ilham Ahmad, a senior") and
words with an Arabic article ("al-Meshlib") become mentions, typed by the rule-based
fallback; other single capitalized words stay unnamed (on a T17
sample they were right about half the time: "President", "Wednesday"). Everything here
depends on one article only, so the per-article analysis stays pure.
bench/entities_fastpath.py measures mentions and claims against the model on every sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence

from dateline.analyze.mentions import mentions_from_parsed
from dateline.analyze.parse import ARTICLE_NAME, Parsed, Span, fallback_parse

LEAD = 3
_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|"
    "ninety|hundreds?|thousands?|millions?|billions?|dozens?|scores"
)
_NUMBER = re.compile(rf"\d|\b(?:{_NUMBER_WORDS})\b", re.IGNORECASE)
_CAPS_WORD = re.compile(r"\b[A-Z]{2,6}\b")  # a possible bare acronym ("bombing IS in Syria")
_RUN = re.compile(r"[A-Z][\w'.-]*\s+(?:[a-z]{1,3}[ -])?[A-Z]|\b[a-z]{2,3}-[A-Z]")  # a name?


def needs_model(position: int, text: str, lead: int = LEAD) -> bool:
    """Whether the sentence at ``position`` (0 = the article's first) goes through the model.

    On a T17 sample (bench/entities_fastpath.py) the number test keeps 99% of the sentences
    the full model draws claims from; ``lead`` trades time for names found in full.
    """
    return position < lead or bool(_NUMBER.search(text))


Lexicon = dict[str, str]  # surface form -> label


def article_lexicon(article_id: str, parsed: Iterable[Parsed]) -> Lexicon:
    """The names the model found in ``parsed`` (cleaned as mentions are), with their label."""
    votes: dict[str, Counter[str]] = {}
    for doc in parsed:
        for mention in mentions_from_parsed(article_id, 0, doc):
            votes.setdefault(mention.text, Counter())[mention.label] += 2
            surname = mention.text.split()[-1]
            if mention.label == "PERSON" and surname != mention.text and len(surname) > 2 \
                    and surname[:1].isupper():
                votes.setdefault(surname, Counter())["PERSON"] += 1
    return {text: counts.most_common(1)[0][0] for text, counts in votes.items()
            if len(text) > 1}


def lexicon_pattern(lexicon: Lexicon) -> re.Pattern[str] | None:
    """One expression for every surface form of ``lexicon``, longest first, whole words."""
    if not lexicon:
        return None
    forms = sorted(lexicon, key=lambda s: (-len(s), s))
    alternatives = "|".join(map(re.escape, forms))
    return re.compile(rf"(?<![\w-])(?:{alternatives})(?![\w-])")


def propagated_parse(text: str, lexicon: Lexicon, pattern: re.Pattern[str] | None) -> Parsed:
    """A sentence the model skipped: the lexicon's names in it, and capitalized runs of two
    words or more that no known name covers (typed by the rule-based fallback).

    Tokens come from the rule-based tokenizer (no tags); a sentence with no known name, no
    capitalized run and no all-capital word has nothing for the mention rules and is not
    tokenized at all.
    """
    spans = [Span(m.start(), m.end(), lexicon[m.group()])
             for m in pattern.finditer(text)] if pattern else []
    if not spans and not _CAPS_WORD.search(text) and not _RUN.search(text):
        return Parsed(text, (), (), False)
    rules = fallback_parse(text)
    for span in rules.ents:
        name = text[span.start:span.end]
        if span.label != "CARDINAL" and (" " in name or ARTICLE_NAME.match(name)) \
                and not any(s.start < span.end and span.start < s.end for s in spans):
            spans.append(span)
    return Parsed(text, rules.tokens, tuple(sorted(spans, key=lambda s: s.start)), False)


def complete(article_id: str, texts: Sequence[str], model_docs: dict[int, Parsed]) -> list[Parsed]:
    """Every sentence's parse: the model's where it ran, propagated names elsewhere."""
    lexicon = article_lexicon(article_id, model_docs.values())
    pattern = lexicon_pattern(lexicon)
    return [model_docs[i] if i in model_docs else propagated_parse(text, lexicon, pattern)
            for i, text in enumerate(texts)]
