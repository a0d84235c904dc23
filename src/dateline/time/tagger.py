"""The temporal tagger: find time expressions in text and normalize them against an anchor.

Every rule of :mod:`dateline.time.rules` and :mod:`dateline.time.relative` proposes spans; the
longest span wins where spans overlap (leftmost first on ties), and a span whose rule declines
to normalize it ("may" the verb) gives way to the shorter spans inside it.
"""

from __future__ import annotations

import datetime as dt
import re

from dateline.model import TimeExpression
from dateline.time.calendar import granularity_of
from dateline.time.context import Context
from dateline.time.relative import RELATIVE_RULES
from dateline.time.rules import DATE_RULES, Rule

RULES: tuple[Rule, ...] = DATE_RULES + RELATIVE_RULES
_PRIORITY = {rule.name: i for i, rule in enumerate(RULES)}

SEASON_CODES = ("SP", "SU", "FA", "WI")
PART_OF_DAY_CODES = ("MO", "AF", "EV", "NI", "MI")

_MONTHS = {"january", "february", "march", "april", "may", "june", "july", "august",
           "september", "october", "november", "december", "jan", "feb", "mar", "apr", "jun",
           "jul", "aug", "sep", "sept", "oct", "nov", "dec"}
_WEEKDAYS = {"monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"}
_SEASONS = {"spring", "summer", "autumn", "fall", "winter"}
_UNITS = {"second", "minute", "hour", "day", "night", "week", "fortnight", "weekend", "month",
          "quarter", "year", "decade", "century"}
_PLURALS = {u + "s" for u in _UNITS} | {"centuries"}
_PARTS = {"morning", "afternoon", "evening", "night", "overnight", "dawn", "daybreak", "dusk"}
_DIGIT = "<digit>"

_SET_ADVERBS = {"weekly", "monthly", "yearly", "nightly", "hourly", "biweekly", "biannually",
                "semiannually"}
_WEEKDAY_PLURALS = {d + "s" for d in _WEEKDAYS}

# For each rule, groups of words: the rule runs on a text only when the text has a word of every
# group. Most rules are skipped for most sentences, which makes the tagger several times faster
# than running every regex on every sentence.
TRIGGERS: dict[str, tuple[set[str], ...]] = {
    "iso-date": ({_DIGIT},), "numeric-date": ({_DIGIT},),
    "month-day-year": ({_DIGIT}, _MONTHS), "day-month-year": ({_DIGIT}, _MONTHS),
    "month-day": ({_DIGIT}, _MONTHS), "day-month": ({_DIGIT}, _MONTHS),
    "month-year": ({_DIGIT}, _MONTHS), "month": (_MONTHS,), "year": ({_DIGIT},),
    "decade": ({_DIGIT},), "century": ({"century"},),
    "spelled-year": ({"nineteen", "eighteen", "thousand"},),
    "decade-words": ({"twenties", "thirties", "forties", "fifties", "sixties", "seventies",
                      "eighties", "nineties"},), "weekday": (_WEEKDAYS,),
    "season": (_SEASONS,), "clock": ({_DIGIT, "noon", "midnight", "midday"},),
    "relative-day": ({"today", "tonight", "yesterday", "tomorrow"},),
    "part-of-day": (_PARTS,), "relative-unit": (_UNITS,), "weekend": ({"weekend"},),
    "year-ago": ({"year"},),
    "ago": (_UNITS | _PLURALS, {"ago", "earlier", "later", "hence", "now"}),
    "set": (_UNITS | _WEEKDAYS | _SEASONS | _MONTHS | _SET_ADVERBS | _WEEKDAY_PLURALS,
            {"every", "each", "per", "a"} | _SET_ADVERBS | _WEEKDAY_PLURALS),
    "duration": (_UNITS | _PLURALS,), "vague-duration": (_PLURALS,), "bare-units": (_PLURALS,),
    "quarter": ({"quarter", "half"},), "year-period": ({"period", "quarter"},),
    "reference": ({"now", "currently", "present", "presently", "nowadays", "days", "moment",
                   "recently", "lately", "past", "future", "someday"},),
}
_WORD = re.compile(r"[a-z]+")
_HAS_DIGIT = re.compile(r"\d")

# The same test, indexed: each word names the trigger groups it belongs to, and a rule runs
# when the groups hit by the text's words include all of its own (one look-up per word instead
# of every group against the text).
_GROUPS: list[frozenset[str]] = list(dict.fromkeys(
    frozenset(group) for groups in TRIGGERS.values() for group in groups))
_GROUPS_OF: dict[str, frozenset[int]] = {
    word: frozenset(g for g, group in enumerate(_GROUPS) if word in group)
    for word in set().union(*_GROUPS)}
_REQUIRED: dict[str, frozenset[int]] = {
    name: frozenset(_GROUPS.index(frozenset(group)) for group in groups)
    for name, groups in TRIGGERS.items()}


def _words(text: str) -> set[str]:
    words = set(_WORD.findall(text.lower()))
    if _HAS_DIGIT.search(text):
        words.add(_DIGIT)
    return words


def tag_times(text: str, anchor: dt.date | None) -> list[TimeExpression]:
    """Time expressions in ``text``, normalized TIMEX3-style against ``anchor``.

    ``anchor`` is the document creation time (the publication date). With ``None``, relative
    expressions keep an underspecified value (``XXXX-06``, ``XXXX-WXX-1``, ``PAST_REF``) and
    no granularity, so nothing is dated by guess. Offsets are characters in ``text``.
    A pure function: safe in any worker.
    """
    if isinstance(anchor, dt.datetime):
        anchor = anchor.date()
    if not text:
        return []
    hit: set[int] = set()
    for word in _words(text):
        groups = _GROUPS_OF.get(word)
        if groups:
            hit.update(groups)
    candidates: list[tuple[int, int, int, Rule, re.Match[str]]] = []
    for rule in RULES:
        if not _REQUIRED[rule.name] <= hit:
            continue
        for match in rule.pattern.finditer(text):
            if match.end() > match.start():
                candidates.append((match.start(), match.end(), _PRIORITY[rule.name], rule, match))
    candidates.sort(key=lambda c: (c[0] - c[1], c[0], c[2]))
    taken = bytearray(len(text))  # 1 where a chosen span already covers the character
    found: list[TimeExpression] = []
    for start, end, _priority, rule, match in candidates:
        if any(taken[start:end]):
            continue
        result = rule.normalize(match, Context(text, start, end, anchor))
        if result is None:
            continue
        taken[start:end] = b"\x01" * (end - start)
        granularity = result.granularity or granularity_of(result.value)
        found.append(TimeExpression(
            text=text[start:end], start=start, end=end, type=result.type,  # type: ignore[arg-type]
            value=result.value, granularity=granularity,  # type: ignore[arg-type]
            modifier=result.modifier, rule=f"{rule.name}: {result.why}",
        ))
    found.sort(key=lambda t: t.start)
    return found


def split_modifier(expr: TimeExpression) -> tuple[str | None, str | None]:
    """The (season or part-of-day code, TIMEX3 ``mod``) kept in ``expr.modifier``."""
    calendar_part, mods = None, []
    for code in (expr.modifier or "").split(","):
        if code in SEASON_CODES or code in PART_OF_DAY_CODES:
            calendar_part = code
        elif code:
            mods.append(code)
    return calendar_part, (",".join(mods) or None)


def timex3_value(expr: TimeExpression) -> str:
    """The value as TimeML writes it: the season or part of day put back into the value
    (``2017-SU``, ``2017-10-14TNI``)."""
    part, _mod = split_modifier(expr)
    if part in SEASON_CODES and re.fullmatch(r"\d{4}|XXXX", expr.value):
        return f"{expr.value}-{part}"
    if part in PART_OF_DAY_CODES and re.fullmatch(r"\d{4}-\d{2}-\d{2}|XXXX-XX-XX|XXXX-WXX-\d",
                                                  expr.value):
        return f"{expr.value}T{part}"
    return expr.value
