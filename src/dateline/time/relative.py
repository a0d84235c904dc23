"""Relative dates ("yesterday", "last week", "three years ago"), durations, sets, quarters and
the vague references PRESENT_REF / PAST_REF / FUTURE_REF.
"""

from __future__ import annotations

import datetime as dt
import re

from dateline.time import calendar as cal
from dateline.time.context import Context
from dateline.time.lexicon import (
    MONTH_RE,
    NUMBER_RE,
    PART_OF_DAY_CODE,
    PART_OF_DAY_RE,
    SEASON_RE,
    UNIT_CODE,
    UNIT_RE,
    WEEKDAY_RE,
    month_value,
    number_value,
    weekday_value,
)
from dateline.time.rules import Found, Rule, compile_rule, join_mods

# ---------------------------------------------------------------------------------------------
# Days relative to publication


_DAY_OFFSET = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}


@compile_rule("relative-day", r"\b(?:(?P<pm>early|late|earlier|later)\s+)?(?P<day>today|tonight|"
              r"yesterday|tomorrow|the\s+day\s+before\s+yesterday|the\s+day\s+after\s+tomorrow)"
              r"(?:\s+(?P<pod>" + PART_OF_DAY_RE + r"))?\b")
def relative_day(m: re.Match[str], ctx: Context) -> Found | None:
    word = " ".join(m["day"].lower().split())
    offset = {"the day before yesterday": -2, "the day after tomorrow": 2}.get(
        word, _DAY_OFFSET.get(word, 0))
    pod = PART_OF_DAY_CODE.get((m["pod"] or "").lower())
    if word == "tonight":
        pod = pod or "NI"
    mod = {"early": "START", "late": "END"}.get((m["pm"] or "").lower())
    kind = "TIME" if pod else "DATE"
    if ctx.anchor is None:
        value = "PRESENT_REF" if offset == 0 else "XXXX-XX-XX"
        return Found(kind, value, f"'{word}', no anchor", join_mods(pod, mod))
    day = cal.add_days(ctx.anchor, offset)
    return Found(kind, day.isoformat(), f"'{word}': publication day {offset:+d}",
                 join_mods(pod, mod))


@compile_rule("part-of-day", r"\b(?P<which>this|last|yesterday|tomorrow)\s+(?P<pod>"
              + PART_OF_DAY_RE + r")\b")
def part_of_day(m: re.Match[str], ctx: Context) -> Found | None:
    which = m["which"].lower()
    pod = PART_OF_DAY_CODE[m["pod"].lower()]
    if which == "last" and pod != "NI":
        return None  # "last morning" is not a phrase; "last evening" is rare
    offset = {"this": 0, "last": -1, "yesterday": -1, "tomorrow": 1}[which]
    if ctx.anchor is None:
        return Found("TIME", "XXXX-XX-XX", f"'{which} {m['pod']}', no anchor", pod)
    day = cal.add_days(ctx.anchor, offset)
    return Found("TIME", day.isoformat(), f"'{which} {m['pod'].lower()}': publication day "
                 f"{offset:+d}", pod)


# ---------------------------------------------------------------------------------------------
# "this week", "last year", "earlier this month", "the past year", "the weekend"

_WHICH = (r"(?P<which>this|last|next|the\s+past|the\s+previous|the\s+coming|the\s+current|"
          r"the\s+following|the\s+latest|the\s+prior|this\s+past|the\s+next|the\s+last|the|"
          r"a\s+year\s+(?:ago|earlier)|(?:this|last|next)\s+year's)")
_REL_UNIT = r"(?P<unit>week|weekend|month|year|quarter|decade|century|" + SEASON_RE + r")"
_REL_PRE = (r"(?:(?P<rel>earlier|later|early|late|mid"
            r"|the\s+(?:end|beginning|start|middle|rest)\s+of)[\s-]+)?")


def _shift(anchor: dt.date, unit: str, n: int) -> str:
    """The value of the calendar ``unit`` containing ``anchor``, moved ``n`` units."""
    if unit in ("week", "weekend"):
        value = cal.week_value(anchor + dt.timedelta(weeks=n))
        return value + ("-WE" if unit == "weekend" else "")
    if unit == "month":
        y, m = cal.add_months(anchor.year, anchor.month, n)
        return f"{y}-{m:02d}"
    if unit == "quarter":
        y, m = cal.add_months(anchor.year, anchor.month, 3 * n)
        return f"{y}-Q{cal.quarter_of(m)}"
    if unit == "decade":
        return str(anchor.year // 10 + n)
    if unit == "century":
        return str(anchor.year // 100 + n)
    return str(anchor.year + n)


@compile_rule("relative-unit", r"\b" + _REL_PRE + _WHICH + r"\s+" + _REL_UNIT + r"\b")
def relative_unit(m: re.Match[str], ctx: Context) -> Found | None:
    which = " ".join(m["which"].lower().split())
    unit = m["unit"].lower()
    rel = (m["rel"] or "").lower()
    mod = {"early": "START", "earlier": None, "late": "END", "later": None, "mid": "MID",
           "the end of": "END", "the beginning of": "START", "the start of": "START",
           "the middle of": "MID"}.get(" ".join(rel.split()))
    season = unit in ("spring", "summer", "autumn", "fall", "winter")
    if season or unit == "weekend":
        return None  # handled by the season and weekend rules
    if which in ("the", "the latest") and unit not in ("week", "weekend", "quarter", "year"):
        return None  # "the month" alone is too vague to date
    offsets = {"this": 0, "the current": 0, "last": -1, "the previous": -1, "the prior": -1,
               "this past": -1, "next": 1, "the coming": 1, "the following": 1, "the next": 1,
               "the past": -1, "the last": -1, "the": 0, "the latest": -1,
               "a year ago": -4, "a year earlier": -4, "this year's": 0, "last year's": -4,
               "next year's": 4}
    offset = offsets[which]
    if which.startswith(("a year", "last year's", "next year's")) and unit != "quarter":
        return None
    if which in ("the following", "the previous", "the prior"):
        # Relative to a date earlier in the text, not to publication: left unresolved.
        return Found("DATE", "XXXX", f"'{which} {unit}': relative to an earlier date in the "
                     "text, not resolved", mod)
    if ctx.anchor is None:
        return Found("DATE", "PRESENT_REF" if offset == 0 else "XXXX",
                     f"'{which} {unit}', no anchor", mod)
    if unit == "quarter" and which in ("the", "the latest"):
        offset = -1  # "the quarter" in a results story is the last one completed
    value = _shift(ctx.anchor, unit, offset)
    why = f"'{which} {unit}': the {unit} of publication {offset:+d}"
    return Found("DATE", value, why, mod)


@compile_rule("weekend", r"\b(?P<which>this|last|next|the\s+past|the\s+coming|the)\s+"
              r"weekend\b")
def weekend(m: re.Match[str], ctx: Context) -> Found | None:
    which = " ".join(m["which"].lower().split())
    if ctx.anchor is None:
        return Found("DATE", "XXXX-WXX-WE", "weekend, no anchor")
    if which in ("next", "the coming"):
        offset = 1 if ctx.anchor.weekday() >= 5 else 0
    elif which == "last":
        offset = -1
    elif which == "the past":
        offset = 0 if ctx.anchor.weekday() >= 5 else -1
    elif which == "this" or ctx.future():
        offset = 0  # "this weekend" on a Thursday is the coming one
    else:
        offset = 0 if ctx.anchor.weekday() >= 5 else -1
    value = cal.week_value(ctx.anchor + dt.timedelta(weeks=offset)) + "-WE"
    return Found("DATE", value, f"'{which} weekend': nearest weekend in the clause's tense")


# ---------------------------------------------------------------------------------------------
# "three years ago", "two weeks earlier", durations, sets

# "over" is a modifier in "over a week" but a preposition in "over the past year".
_MOD_WORDS = (r"(?P<mod>more\s+than|less\s+than|fewer\s+than|nearly|almost|about|around|"
              r"over(?!\s+the\b)|at\s+least|at\s+most|up\s+to|roughly|approximately|some|"
              r"no\s+more\s+than|no\s+less\s+than|under|well\s+over|close\s+to|"
              r"as\s+many\s+as)")
_MOD_CODE = {"more than": "MORE_THAN", "over": "MORE_THAN", "well over": "MORE_THAN",
             "less than": "LESS_THAN", "fewer than": "LESS_THAN", "under": "LESS_THAN",
             "barely": "LESS_THAN", "nearly": "APPROX", "almost": "APPROX",
             "about": "APPROX", "around": "APPROX", "roughly": "APPROX",
             "approximately": "APPROX", "some": "APPROX", "close to": "APPROX",
             "at least": "EQUAL_OR_MORE", "no less than": "EQUAL_OR_MORE",
             "at most": "EQUAL_OR_LESS", "up to": "EQUAL_OR_LESS",
             "no more than": "EQUAL_OR_LESS", "as many as": "EQUAL_OR_LESS"}


def _mod(m: re.Match[str]) -> str | None:
    text = m.groupdict().get("mod")
    return _MOD_CODE.get(" ".join(text.lower().split())) if text else None


def _amount(text: str | None) -> str:
    value = number_value(text) if text else None
    if value is None:
        return "X"
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


def duration_value(amount: str, unit: str) -> str:
    code = UNIT_CODE[unit.lower().rstrip("s")] if unit.lower() != "centuries" else "CE"
    if unit.lower().startswith("fortnight") and amount != "X":
        amount = str(2 * int(float(amount)))
    if code in ("S", "H") or (code == "M" and unit.lower().startswith("minute")):
        return f"PT{amount}{code}"
    if code == "WE":
        return f"P{amount}WE"
    return f"P{amount}{code}"


# Results stories compare a quarter with "a year ago": TimeML dates that to the quarter.
_FINANCIAL = re.compile(r"\b(?:quarter|a\s+share|net\s+income|net\s+loss|earnings|profit|"
                        r"revenue|per\s+share)\b", re.IGNORECASE)


@compile_rule("year-ago", r"\b(?:the\s+)?(?:comparable\s+)?year[\s-](?:ago|earlier)"
              r"(?:\s+(?:(?P<q>first|second|third|fourth)\s+)?(?P<what>quarter|period|"
              r"(?P<n>nine|six|three)\s+months))?\b")
def year_ago(m: re.Match[str], ctx: Context) -> Found | None:
    if m["n"]:
        return Found("DURATION", f"P{number_value(m['n'])}M", "months of the year before")
    if ctx.anchor is None:
        return Found("DATE", "XXXX", "year-ago, no anchor")
    if m["q"]:
        n = {"first": 1, "second": 2, "third": 3, "fourth": 4}[m["q"].lower()]
        return Found("DATE", f"{ctx.anchor.year - 1}-Q{n}", "named quarter of the year before")
    if m["what"] or _FINANCIAL.search(ctx.text):
        return Found("DATE", _shift(ctx.anchor, "quarter", -5),
                     "the quarter a year before the last one reported")
    return Found("DATE", str(ctx.anchor.year - 1), "the year before publication")


@compile_rule("ago", r"\b(?:" + _MOD_WORDS + r"\s+)?(?P<n>" + NUMBER_RE + r")[\s-]+(?P<unit>"
              + UNIT_RE + r")s?(?:\s+or\s+so)?\s+(?P<dir>ago|earlier|later|from\s+now|hence)\b")
def ago(m: re.Match[str], ctx: Context) -> Found | None:
    unit = m["unit"].lower().rstrip("s")
    unit = "century" if unit.startswith("centur") else unit
    direction = m["dir"].lower()
    sign = 1 if direction in ("later", "from now", "hence") else -1
    amount = number_value(m["n"])
    mod = _mod(m)
    if direction in ("earlier", "later") and (unit != "year" or amount is None):
        return None  # "three days later": a length of time after some event, not a date
    if amount is None or isinstance(amount, float):
        return Found("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF",
                     f"vague amount of {unit}s {direction}", mod)
    if ctx.anchor is None:
        return Found("DATE", "PAST_REF" if sign < 0 else "FUTURE_REF",
                     f"{unit}s {direction}, no anchor", mod)
    n = sign * amount
    if unit == "year" and amount == 1 and sign < 0 and _FINANCIAL.search(ctx.text):
        value = _shift(ctx.anchor, "quarter", -5)
        return Found("DATE", value, "'a year ago' in a results story: the same quarter a year "
                     "before the last one reported", mod)
    if unit in ("day", "night"):
        value = cal.add_days(ctx.anchor, n).isoformat()
    elif unit in ("hour", "minute", "second"):
        value = ctx.anchor.isoformat()
    elif unit == "fortnight":
        value = cal.week_value(ctx.anchor + dt.timedelta(weeks=2 * n))
    elif unit in ("week", "weekend"):
        value = cal.week_value(ctx.anchor + dt.timedelta(weeks=n))
    elif unit == "decade":
        value = str(ctx.anchor.year + 10 * n)
    else:
        value = _shift(ctx.anchor, unit, n)
    return Found("DATE", value, f"publication date {n:+d} {unit}(s)", mod)


# A determiner is part of "the past two years" but not of "a two-year term".
_WHICH_SPAN = (r"(?:past|last|next|previous|coming|first|final|following|latest|recent|full|"
               r"entire|whole|same|initial|remaining)")


@compile_rule("duration", r"\b(?:" + _MOD_WORDS + r"\s+)?(?:(?:the|a|an)\s+(?=(?:" + _WHICH_SPAN
              + r"\s+)?" + NUMBER_RE + r"\s+" + UNIT_RE + r"))?(?:(?P<which>" + _WHICH_SPAN
              + r")\s+)?(?P<n>" + NUMBER_RE
              + r")[\s-]+(?P<unit>" + UNIT_RE + r")(?P<pl>s)?(?:[\s-]+long)?\b")
def duration(m: re.Match[str], ctx: Context) -> Found | None:
    unit = m["unit"].lower()
    amount = _amount(m["n"])
    if amount == "1" and m["pl"]:
        return None  # "a months-long offensive": the vague rule reads "months-long"
    if re.match(r"[\s-]+(?:ago|old)\b", ctx.text[ctx.end :], re.IGNORECASE):
        return None  # ages are not time expressions in TimeML
    value = duration_value(amount, unit)
    return Found("DURATION", value, f"{amount} {unit}(s): a length of time, not a date", _mod(m))


@compile_rule("vague-duration", r"\b(?:" + _MOD_WORDS + r"\s+)?(?:(?P<det>the|recent|the\s+past|"
              r"the\s+last|the\s+next|the\s+coming|past|coming|for|several|many|few)\s+)"
              r"(?:(?:few|several|many)\s+)?(?P<unit>second|minute|hour|day|week|month|year|"
              r"decade)s\b")
def vague_duration(m: re.Match[str], ctx: Context) -> Found | None:
    det = " ".join(m["det"].lower().split())
    unit = m["unit"].lower()
    if det == "for":
        # "for years": the extent is the bare unit; a separate span keeps "for" out.
        return None
    if det == "recent" and unit in ("year", "decade"):
        return Found("DATE", "PAST_REF", f"'recent {unit}s': some time before publication")
    return Found("DURATION", duration_value("X", unit), f"'{det} {unit}s': vague length", _mod(m))


@compile_rule("bare-units", r"\b(?P<unit>hours|days|weeks|months|years|decades)(?:[\s-]long)?\b")
def bare_units(m: re.Match[str], ctx: Context) -> Found | None:
    if re.match(r"\s+(?:ago|old|later|earlier|before|after)\b", ctx.text[ctx.end :]):
        return None
    if ctx.word_before() in ("the", "those", "these", "its", "their", "his", "her", "our"):
        return None
    return Found("DURATION", duration_value("X", m["unit"][:-1]),
                 f"'{m['unit']}': a vague length of time")


# "daily", "quarterly", "annually" are mostly adjectives of money ("quarterly dividend"),
# which TimeML does not annotate; only the rarer adverbs stay.
_SET_ADVERB = {"weekly": "P1W", "monthly": "P1M", "yearly": "P1Y", "nightly": "P1D",
               "hourly": "PT1H", "biweekly": "P2W", "biannually": "P6M", "semiannually": "P6M"}


@compile_rule("set", r"\b(?:(?P<every>every|each|per|a)\s+(?:other\s+)?(?:(?P<unit>" + UNIT_RE
              + r"|weekend)|(?P<wd>" + WEEKDAY_RE + r")|(?P<season>" + SEASON_RE + r")|(?P<mon>"
              + MONTH_RE + r"))"
              r"|(?P<adv>weekly|monthly|yearly|nightly|hourly|biweekly|biannually|semiannually)"
              r"|(?P<wds>" + WEEKDAY_RE + r")s)\b")
def set_rule(m: re.Match[str], ctx: Context) -> Found | None:
    if m["adv"]:
        return Found("SET", _SET_ADVERB[m["adv"].lower()], f"'{m['adv']}': a recurring time")
    if m["wds"]:
        if not m["wds"][0].isupper():
            return None
        return Found("SET", f"XXXX-WXX-{weekday_value(m['wds']) + 1}", "plural weekday: every one")
    every = m["every"].lower()
    if m["mon"]:
        if every not in ("every", "each") or not m["mon"][0].isupper():
            return None
        return Found("SET", f"XXXX-{month_value(m['mon']):02d}", f"'{every}' + month")
    if m["wd"]:
        if every == "a":
            return None
        return Found("SET", f"XXXX-WXX-{weekday_value(m['wd']) + 1}", f"'{every}' + weekday")
    if m["season"]:
        if every == "a":
            return None
        return Found("SET", "XXXX-" + {"spring": "SP", "summer": "SU", "autumn": "FA",
                                        "fall": "FA", "winter": "WI"}[m["season"].lower()],
                     f"'{every}' + season")
    unit = m["unit"].lower()
    if every == "a":
        # "$300 a year", "twice a day": a rate after an amount, not "a year" the duration.
        head = ctx.head().rstrip().lower()
        if not re.search(r"(?:\d|percent|%|once|twice|times|dollars|cents|euros|pounds)$", head):
            return None
    return Found("SET", duration_value("1", unit), f"'{every} {unit}': a recurring time")


# ---------------------------------------------------------------------------------------------
# Quarters and halves of the year

_Q_ORD = r"(?P<q>first|second|third|fourth|1st|2nd|3rd|4th|final|last)"
_Q_ORD_VALUE = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4,
                "4th": 4, "final": 4, "last": 4}


# "the third quarter" but "third-quarter profit": the adjective goes without its determiner.
@compile_rule("quarter", r"\b(?:(?P<whose>this\s+year's|last\s+year's|next\s+year's|the)\s+"
              r"(?=(?:\S+\s+)?(?:first|second|third|fourth|1st|2nd|3rd|4th|final|last)\s))?"
              r"(?:(?P<y0>(?:1[7-9]|20)\d\d)\s+)?(?:(?:fiscal|calendar)[\s-]+)?" + _Q_ORD
              + r"[\s-]+(?:fiscal[\s-]+)?(?P<part>quarter|half)(?:\s+(?:of\s+)?"
              r"(?:(?:fiscal|calendar)\s+)?(?P<y>(?:1[7-9]|20)\d\d))?\b")
def quarter(m: re.Match[str], ctx: Context) -> Found | None:
    n = _Q_ORD_VALUE[m["q"].lower()]
    part = m["part"].lower()
    if part == "half":
        n = 1 if n == 1 else 2
    whose = (m["whose"] or "").lower()
    if m["y"] or m["y0"]:
        year_, why = int(m["y"] or m["y0"]), "as written"
    elif ctx.anchor is None:
        return Found("DATE", f"XXXX-{'Q' if part == 'quarter' else 'H'}{n}", "no anchor")
    else:
        year_ = ctx.anchor.year + (-1 if whose.startswith("last") else
                                   1 if whose.startswith("next") else 0)
        why = "the anchor's year"
        current = cal.quarter_of(ctx.anchor.month) if part == "quarter" else (
            1 if ctx.anchor.month <= 6 else 2)
        if whose in ("", "the") and n > current and not ctx.future():
            year_ -= 1
            why = "the last such one before publication"
    code = "Q" if part == "quarter" else "H"
    return Found("DATE", f"{year_}-{code}{n}", f"{part} of the year, {why}")


@compile_rule("year-period", r"\bthe\s+(?:(?P<y>(?:1[7-9]|20)\d\d)\s+(?:quarter|period)|"
              r"(?:latest|most\s+recent|same)\s+period)\b")
def year_period(m: re.Match[str], ctx: Context) -> Found | None:
    """"the 1988 period", "the latest period" in a results story: the quarter reported."""
    if ctx.anchor is None:
        return Found("DATE", m["y"] or "XXXX", "a reported period, no anchor")
    last = _shift(ctx.anchor, "quarter", -1)
    if not m["y"]:
        return Found("DATE", last, "the latest period of a results story: the last quarter")
    return Found("DATE", f"{m['y']}-{last[-2:]}", "the quarter reported, in the year written")


# ---------------------------------------------------------------------------------------------
# PRESENT_REF, PAST_REF, FUTURE_REF

_REFS = {"now": "PRESENT_REF", "currently": "PRESENT_REF", "current": "PRESENT_REF",
         "at present": "PRESENT_REF", "presently": "PRESENT_REF", "nowadays": "PRESENT_REF",
         "these days": "PRESENT_REF", "at the moment": "PRESENT_REF", "right now": "PRESENT_REF",
         "the present": "PRESENT_REF", "present-day": "PRESENT_REF", "so far": "PRESENT_REF",
         "to date": "PRESENT_REF", "recently": "PAST_REF", "recent": "PAST_REF",
         "lately": "PAST_REF", "the past": "PAST_REF", "previously": "PAST_REF",
         "formerly": "PAST_REF", "once": "PAST_REF", "in the past": "PAST_REF",
         "the future": "FUTURE_REF", "future": "FUTURE_REF", "soon": "FUTURE_REF",
         "shortly": "FUTURE_REF", "eventually": "FUTURE_REF", "someday": "FUTURE_REF",
         "one day": "FUTURE_REF", "the near future": "FUTURE_REF"}


# Adjectives ("current", "recent", "future") and adverbs such as "previously" and "soon" are
# left out: TimeML annotates them rarely, and they date nothing.
@compile_rule("reference", r"\b(?P<w>now|currently|at\s+present|presently|"
              r"nowadays|these\s+days|at\s+the\s+moment|recently|lately|the\s+past|"
              r"the\s+(?:near\s+|distant\s+)?future|someday)\b")
def reference(m: re.Match[str], ctx: Context) -> Found | None:
    word = " ".join(m["w"].lower().split())
    if word in ("near future", "the distant future"):
        word = "the future"
    value = _REFS.get(word, "FUTURE_REF" if "future" in word else "PRESENT_REF")
    if word == "the past" and re.match(r"\s+(?:\d|few|several|many|two|three|four|five|six|"
                                       r"seven|eight|nine|ten|twelve|twenty)", ctx.text[ctx.end :]):
        return None  # "the past three summers": a length of time
    if word == "now" and re.match(r"\s+that\b", ctx.text[ctx.end :]):
        return None
    if word == "current" and re.match(r"\s+(?:account|accounts|affairs|events)\b",
                                      ctx.text[ctx.end :]):
        return None
    return Found("DATE", value, f"'{word}': vague reference to the "
                 f"{value.split('_')[0].lower()}")


RELATIVE_RULES: tuple[Rule, ...] = (
    relative_day, part_of_day, relative_unit, weekend, year_ago, ago, set_rule, duration,
    vague_duration, bare_units, quarter, year_period, reference,
)
