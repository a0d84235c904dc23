"""The date each sentence reports on: its own time expression, else the publication date."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re

from dateline.model import Article, DateEvidence, Sentence, TimeExpression
from dateline.sentences import article_sentences
from dateline.time.article import anchor_date, publication_date
from dateline.time.tagger import tag_times, timex3_value

# How far a value of each rule can be trusted when the anchor is right. Rules that read the
# date as written score high; rules that pick the year or the week from the anchor, lower.
_RULE_CONFIDENCE = {
    "iso-date": 0.95, "numeric-date": 0.85, "month-day-year": 0.95, "day-month-year": 0.95,
    "month-year": 0.9, "year": 0.85, "decade": 0.8, "century": 0.8, "month-day": 0.85,
    "day-month": 0.85, "weekday": 0.8, "relative-day": 0.85, "part-of-day": 0.8,
    "clock": 0.75, "month": 0.7, "season": 0.6, "relative-unit": 0.7, "weekend": 0.7,
    "ago": 0.6, "quarter": 0.7, "spelled-year": 0.85, "decade-words": 0.8, "year-ago": 0.6,
    "year-period": 0.6,
}
_ABSOLUTE = {"iso-date", "numeric-date", "month-day-year", "day-month-year", "month-year",
             "decade", "century", "spelled-year", "decade-words"}
# "..., the SDF said on Sunday": the day of the statement, not of the event reported.
_REPORTING = re.compile(
    r"\b(?:said|says|say|told|reported|added|stated|according\s+to\s+\w+(?:\s+\w+)?|"
    r"announced|confirmed|declared|statement|spokes(?:man|woman|person))\s+"
    r"(?:(?:late|early|earlier|later)\s+)?(?:on\s+|in\s+|by\s+)?$",
    re.IGNORECASE,
)
# "BELTON, Mo., Oct. 20 -- ...": the dateline's date is the filing day, not the event's.
_DATELINE_AFTER = re.compile(r"\s*(?:\(\w+\)\s*)?(?:--|-|\u2014|\u2013)\s")
_ATTRIBUTIVE = re.compile(r"\s+[a-z]")
PUBLISHED_FACTOR = 0.5  # a sentence without a date of its own is dated by its publication


def _rule_name(expr: TimeExpression) -> str:
    return expr.rule.split(":", 1)[0]


def _calendar(expr: TimeExpression) -> bool:
    return expr.type in ("DATE", "TIME") and expr.granularity is not None


def _secondary(sentence: str, expr: TimeExpression) -> bool:
    """Whether a date is that of the statement or the filing rather than of the event: "said
    on Sunday", a dateline, a year naming a thing ("the 2011 season"), a clock time with no
    day of its own."""
    if _REPORTING.search(sentence[max(0, expr.start - 80) : expr.start]):
        return True
    if expr.start < 60 and _DATELINE_AFTER.match(sentence, expr.end):
        return True
    if _rule_name(expr) == "year" and _ATTRIBUTIVE.match(sentence, expr.end) and \
            sentence[max(0, expr.start - 4) : expr.start].lower() == "the ":
        return True  # "the 2011 Atlantic season": the year names the thing, not the event
    return _rule_name(expr) == "clock" and "publication day" in expr.rule


def event_date(sentence: str, times: list[TimeExpression] | tuple[TimeExpression, ...],
               published: DateEvidence | None) -> DateEvidence | None:
    """The date a sentence reports on.

    The first calendar expression of the sentence that is not secondary (a statement's date,
    "said on Sunday"; a dateline; "the 2011 season"; a bare clock time) wins; a secondary one
    is used when it is the only one. Durations, sets and vague references (``PAST_REF``) date
    nothing. Without any, the publication date stands in, with ``PUBLISHED_FACTOR`` times its
    confidence (source ``published``); without a publication date, ``None``: unknown.
    Confidence: by rule, from 0.95 (a date written in full) down to 0.6 ("three years ago").
    """
    dated = [t for t in times if _calendar(t)]
    events = [t for t in dated if not _secondary(sentence, t)]
    chosen = (events or dated or [None])[0]
    if chosen is not None:
        name = _rule_name(chosen)
        confidence = _RULE_CONFIDENCE.get(name, 0.6)
        if name not in _ABSOLUTE and name != "year" and published is not None:
            confidence *= min(1.0, 0.5 + published.confidence)
        value = chosen.value
        if chosen.granularity == "day":
            value = value[:10]  # the day of "10 p.m. Wednesday"
        elif chosen.granularity == "week":
            value = value[:8]  # the week of "the weekend"
        elif chosen.granularity == "season":
            value = timex3_value(chosen)  # "2017-SU"
        return DateEvidence(value=value, granularity=chosen.granularity,  # type: ignore[arg-type]
                            source="text", detail=chosen.text, confidence=round(confidence, 3))
    if published is None:
        return None
    return DateEvidence(value=published.value, granularity=published.granularity,
                        source="published", detail=published.detail or published.source,
                        confidence=round(published.confidence * PUBLISHED_FACTOR, 3))


def date_sentences(article: Article) -> tuple[Sentence, ...]:
    """The article's sentences (:func:`dateline.sentences.article_sentences`), each with its
    time expressions and event date, resolved against the article's publication date
    (:func:`dateline.time.publication_date`). A pure function: safe in any worker."""
    published = publication_date(article)
    anchor: dt.date | None = anchor_date(published)
    out = []
    for sentence in article_sentences(article):
        times = tag_times(sentence.text, anchor)
        out.append(dataclasses.replace(sentence, times=tuple(times),
                                       event_date=event_date(sentence.text, times, published)))
    return tuple(out)

