"""The grammar of dates: calendar dates, months, years, weekdays, seasons, times of day.

Each rule is a regex and a function that turns a match into a TIMEX3 value against the anchor.
Relative, duration and reference expressions are in :mod:`dateline.time.relative`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from dateline.time import calendar as cal
from dateline.time.context import Context
from dateline.time.lexicon import (
    MONTH_DATED_RE,
    MONTH_RE,
    PART_OF_DAY_CODE,
    PART_OF_DAY_RE,
    SEASON_CODE,
    SEASON_RE,
    WEEKDAY_RE,
    month_value,
    weekday_value,
)


@dataclass(frozen=True)
class Found:
    """What a rule made of a match. ``why`` explains the choice of value to a user."""

    type: str
    value: str
    why: str
    modifier: str | None = None
    granularity: str | None = None  # only to override the one the value shows (seasons)


Normalizer = Callable[[re.Match[str], Context], "Found | None"]


@dataclass(frozen=True)
class Rule:
    name: str
    pattern: re.Pattern[str]
    normalize: Normalizer


def compile_rule(name: str, pattern: str, flags: int = re.IGNORECASE) -> Callable[
        [Normalizer], Rule]:
    def wrap(fn: Normalizer) -> Rule:
        return Rule(name, re.compile(pattern, flags), fn)
    return wrap


# Modifiers written before a date: "early June", "the end of 2016", "mid-October".
PRE = r"(?:(?P<pre>early|late|mid|the\s+(?:end|beginning|start|middle|close|turn)\s+of)[\s-]+)?"
_PRE_MOD = {"early": "START", "late": "END", "mid": "MID", "end": "END", "beginning": "START",
            "start": "START", "middle": "MID", "close": "END", "turn": "END"}


def pre_modifier(match: re.Match[str]) -> str | None:
    pre = match.groupdict().get("pre")
    if not pre:
        return None
    words = pre.lower().split()
    key = words[0] if len(words) == 1 else words[1]
    return _PRE_MOD.get(key)


def join_mods(*mods: str | None) -> str | None:
    kept = [m for m in mods if m]
    return ",".join(kept) if kept else None


def _year(text: str) -> int:
    year = int(text.lstrip("'"))
    if len(text.lstrip("'")) == 2:
        year += 1900 if year >= 30 else 2000
    return year


# ---------------------------------------------------------------------------------------------
# Calendar dates with a year


@compile_rule("iso-date", r"\b(?P<y>(?:1[6-9]|20)\d\d)-(?P<m>[01]\d)-(?P<d>[0-3]\d)\b")
def iso_date(m: re.Match[str], ctx: Context) -> Found | None:
    day = cal.valid_day(int(m["y"]), int(m["m"]), int(m["d"]))
    return Found("DATE", day.isoformat(), "ISO date as written") if day else None


# "10/16/2017", "10/16/17", "16.10.2017"; not "24/7/365", version numbers or IP addresses.
@compile_rule("numeric-date", r"(?<![\d/.])(?P<a>\d{1,2})(?:/(?P<b>\d{1,2})/(?P<y>(?:1[6-9]|20)\d\d"
              r"|\d\d)|\.(?P<b2>\d{1,2})\.(?P<y2>(?:1[6-9]|20)\d\d))(?!\d)(?![/.]\d)")
def numeric_date(m: re.Match[str], ctx: Context) -> Found | None:
    a, b, year = int(m["a"]), int(m["b"] or m["b2"]), _year(m["y"] or m["y2"])
    # Slashes in US order (month first), dots in European order (day first), unless the
    # number cannot be a month.
    month_first = (m["b"] is not None and a <= 12) or (m["b"] is None and b > 12)
    month, day = (a, b) if month_first else (b, a)
    found = cal.valid_day(year, month, day)
    order = "month first" if month_first else "day first"
    return Found("DATE", found.isoformat(), f"numeric date, {order}") if found else None


_WD_PREFIX = r"(?:(?P<wd>" + WEEKDAY_RE + r")\.?\s?,?\s+(?:the\s+)?)?"
_DAY = r"(?P<d>[0-3]?\d)(?:st|nd|rd|th)?"


@compile_rule("month-day-year", _WD_PREFIX + r"\b(?P<mon>" + MONTH_DATED_RE + r")\s+" + _DAY
              + r"\s?,?\s+(?P<y>(?:1[6-9]|20)\d\d)\b")
def month_day_year(m: re.Match[str], ctx: Context) -> Found | None:
    day = cal.valid_day(int(m["y"]), month_value(m["mon"]), int(m["d"]))
    return Found("DATE", day.isoformat(), "full date as written") if day else None


@compile_rule("day-month-year", _WD_PREFIX + r"\b" + _DAY + r"\s+(?:of\s+)?(?P<mon>"
              + MONTH_DATED_RE + r")\s?,?\s+(?P<y>(?:1[6-9]|20)\d\d)\b")
def day_month_year(m: re.Match[str], ctx: Context) -> Found | None:
    return month_day_year.normalize(m, ctx)


# ---------------------------------------------------------------------------------------------
# Calendar dates without a year: the year comes from the anchor (and the weekday, if given)


# Why a direction was taken, for the rule text shown to users.
_WHY = {1: "next {} (future cue)", -1: "most recent {}",
        0: "nearest {} (future seen from the past)"}

# A day and month without a year that falls this soon after publication is read as upcoming.
FUTURE_WINDOW_DAYS = 90


def _month_day(ctx: Context, month: int, day: int, weekday: str | None) -> Found | None:
    if not 1 <= day <= 31:
        return None
    if ctx.anchor is None:
        if cal.valid_day(2000, month, day) is None:
            return None
        return Found("DATE", f"XXXX-{month:02d}-{day:02d}", "day and month, no anchor for the year")
    if weekday:
        wd = weekday_value(weekday)
        for year in (ctx.anchor.year, ctx.anchor.year - 1, ctx.anchor.year + 1):
            found = cal.valid_day(year, month, day)
            if found and found.weekday() == wd:
                return Found("DATE", found.isoformat(), "year where the weekday matches the date")
    direction = -1 if ctx.word_before() == "since" else ctx.direction()
    year = cal.month_day_year(ctx.anchor, month, day, direction)
    why = _WHY[direction].format("such date")
    before = ctx.word_before()
    if direction < 0 and before != "since" and (before in _TOWARDS or not ctx.past()):
        # A date soon after publication is a schedule ("payable Dec. 15"), not last year's.
        ahead = cal.month_day_year(ctx.anchor, month, day, 1)
        upcoming = cal.valid_day(ahead, month, day)
        if upcoming and (upcoming - ctx.anchor).days <= FUTURE_WINDOW_DAYS:
            year, why = ahead, f"next such date (within {FUTURE_WINDOW_DAYS} days)"
    found = cal.valid_day(year, month, day)
    return Found("DATE", found.isoformat(), why) if found else None


@compile_rule("month-day", _WD_PREFIX + r"\b(?P<mon>" + MONTH_RE + r")\s+" + _DAY
              + r"(?![\d:,.]\d|\s*(?:%|percent|per\s*cent))\b")
def month_day(m: re.Match[str], ctx: Context) -> Found | None:
    if m["mon"].lower() in ("may", "march") and not m["mon"][0].isupper():
        return None
    return _month_day(ctx, month_value(m["mon"]), int(m["d"]), m["wd"])


@compile_rule("day-month", _WD_PREFIX + r"\b(?:the\s+)?" + _DAY + r"\s+(?:of\s+)?(?P<mon>"
              + MONTH_RE + r")\b", re.IGNORECASE)
def day_month(m: re.Match[str], ctx: Context) -> Found | None:
    if not m["mon"][0].isupper():
        return None
    return _month_day(ctx, month_value(m["mon"]), int(m["d"]), m["wd"])


# ---------------------------------------------------------------------------------------------
# Months and years


@compile_rule("month-year", r"\b" + PRE + r"(?P<mon>" + MONTH_DATED_RE
              + r")\.?\s?,?\s+(?:of\s+)?(?P<y>(?:1[6-9]|20)\d\d)\b")
def month_year(m: re.Match[str], ctx: Context) -> Found | None:
    month = month_value(m["mon"])
    return Found("DATE", f"{m['y']}-{month:02d}", "month and year as written", pre_modifier(m))


# A bare month this many months after publication, in a clause with no verb in the past
# ("the wells should stop the leak in August", written in July), is the coming one.
MONTHS_AHEAD = 2
_UNTIL = {"until", "till"}
# Words before a date that point ahead even in a past clause ("was extended to Nov. 16").
_TOWARDS = {"to", "until", "till", "by", "through", "before", "effective", "payable", "due"}
_MAY_CUE = {"in", "since", "by", "until", "till", "through", "from", "of", "last", "next",
            "this", "early", "late", "mid", "during", "before", "after", "to", "and", "or",
            "between", "on", "end", "beginning", "start", "middle", "that"}


@compile_rule("month", r"\b(?:(?P<which>last|next|this|coming|past)\s+)?" + PRE + r"(?P<mon>"
              + MONTH_RE + r")(?![\w-])(?:\s+(?P<rel>last|this|next)\s+year\b)?", 0)
def month(m: re.Match[str], ctx: Context) -> Found | None:
    name = m["mon"]
    if (name.lower() in ("may", "march", "sept") and not (m["which"] or m["pre"])
            and ctx.word_before() not in _MAY_CUE):
        return None  # "may" the verb, "March" the walk
    mon = month_value(name)
    which = (m["which"] or "").lower()
    if ctx.anchor is None:
        return Found("DATE", f"XXXX-{mon:02d}", "month, no anchor for the year", pre_modifier(m))
    if m["rel"]:
        shift = {"last": -1, "this": 0, "next": 1}[m["rel"]]
        return Found("DATE", f"{ctx.anchor.year + shift}-{mon:02d}",
                     f"month + '{m['rel']} year'", pre_modifier(m))
    if which == "last":
        year = ctx.anchor.year - 1 if mon >= ctx.anchor.month else ctx.anchor.year
        why = "'last' + month: the one before the current month"
    elif which in ("next", "coming"):
        year = ctx.anchor.year + 1 if mon <= ctx.anchor.month else ctx.anchor.year
        why = "'next' + month: the one after the current month"
    elif which == "this":
        year, why = ctx.anchor.year, "'this' + month: the anchor's year"
    else:
        before = ctx.word_before()
        if before == "since":
            direction = -1
        elif before in _UNTIL:  # "stay until September": the next one, unless "had ... until"
            direction = -1 if ctx.past() else 1
        else:
            direction = ctx.direction()
            ahead = (mon - ctx.anchor.month) % 12
            if direction < 0 and 0 < ahead <= MONTHS_AHEAD and not ctx.past_verb():
                direction = 1
        year = cal.month_year(ctx.anchor, mon, direction)
        why = _WHY[direction].format("month of that name")
    return Found("DATE", f"{year}-{mon:02d}", why, pre_modifier(m))


_NOT_A_YEAR_BEFORE = re.compile(
    r"(?:resolution|no\.|number|flight|route|highway|article|room|page|chapter|code|model|"
    r"version|item|bill|section|rule|\$|£|€|#)\s*$", re.IGNORECASE)
_NOT_A_YEAR_AFTER = re.compile(
    r"\s*(?:%|percent|per\s*cent|people|persons|troops|soldiers|fighters|militants|civilians|"
    r"men|women|children|refugees|residents|families|feet|ft|meters|metres|km|kilometers|"
    r"kilometres|miles|tons|tonnes|barrels|units|shares|votes|cars|jobs|workers|pounds|"
    r"dollars|euros|hours|deaths|cases|points|homes|houses|employees|members|students|"
    r"patients|prisoners|words|pages|rounds|acres|calories|gmt|utc|hrs|hours)\b",
    re.IGNORECASE)


@compile_rule("year", r"(?<![\w$£€.,/:-])" + PRE + r"(?:(?P<fy>fiscal|calendar|the\s+year)\s+)?"
              r"(?P<y>(?:1[7-9]|20)\d\d)(?![\w%]|[.,:/-]\d)")
def year(m: re.Match[str], ctx: Context) -> Found | None:
    if _NOT_A_YEAR_BEFORE.search(ctx.head()) or _NOT_A_YEAR_AFTER.match(
            ctx.text, ctx.end):
        return None
    at_start = ctx.start == len(ctx.text) - len(ctx.text.lstrip())
    if at_start and ctx.text[ctx.end : ctx.end + 1] == ":":
        return None  # "2018: It's rare for..." is a live blog's clock time
    value = m["y"]
    if (m["fy"] or "").lower() == "fiscal":
        return Found("DATE", value, "fiscal year as written", pre_modifier(m))
    return Found("DATE", value, "year as written", pre_modifier(m))


@compile_rule("decade", r"\b(?:the\s+)?" + PRE + r"(?P<dec>(?:1[7-9]|20)\d0|'\d0)'?s\b")
def decade(m: re.Match[str], ctx: Context) -> Found | None:
    text = m["dec"]
    digits = _year(text) if text.startswith("'") else int(text)
    if digits % 100 == 0 and digits < 2000:
        # "the 1700s" is the eighteenth century, not 1700-1709.
        return Found("DATE", str(digits)[:2], "hundreds as written: a century", pre_modifier(m),
                     "century")
    return Found("DATE", str(digits)[:3], "decade as written", pre_modifier(m))


_SMALL = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen",
          "eighteen", "nineteen"]
_TENS_WORDS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
               "ninety"]
_UNIT_WORD = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_TWO_DIGITS = (r"(?:(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)(?:[\s-]" + _UNIT_WORD
               + r")?|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
               r"|nineteen|oh[\s-]" + _UNIT_WORD + r")")


def _words_number(text: str) -> int:
    """The value of "ninety-six", "oh five", "twelve" (at most 99)."""
    total = 0
    for word in text.lower().replace("-", " ").split():
        if word in _SMALL:
            total += _SMALL.index(word)
        elif word in _TENS_WORDS:
            total += 10 * _TENS_WORDS.index(word)
    return total


@compile_rule("spelled-year", r"\b(?:the\s+year\s+|(?P<mon>" + MONTH_RE + r")\s+)?"
              r"(?:(?P<c>nineteen|eighteen)[\s-]+(?P<yy>"
              + _TWO_DIGITS + r")|two\s+thousand(?:\s+(?:and\s+)?(?P<y2>" + _UNIT_WORD
              + r"|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen"
              r"|nineteen))?)\b")
def spelled_year(m: re.Match[str], ctx: Context) -> Found | None:
    """Years read out in broadcast transcripts: "nineteen ninety-six", "two thousand"."""
    if m["c"]:
        value = (19 if m["c"].lower() == "nineteen" else 18) * 100 + _words_number(m["yy"])
    else:
        if not m.group().lower().startswith("the year") and not m["y2"] and re.match(
                r"\s+(?:[a-z]+s|people|dollars)\b", ctx.text[ctx.end :]):
            return None  # "two thousand troops"
        value = 2000 + (_words_number(m["y2"]) if m["y2"] else 0)
    if m["mon"]:
        return Found("DATE", f"{value}-{month_value(m['mon']):02d}", "month and year in words")
    return Found("DATE", str(value), "year written in words")


@compile_rule("decade-words", r"\b(?:the\s+)?" + PRE + r"(?P<c>nineteen\s+)?(?P<d>twenties|"
              r"thirties|forties|fifties|sixties|seventies|eighties|nineties)\b")
def decade_words(m: re.Match[str], ctx: Context) -> Found | None:
    if not m.group().lower().startswith(("the", "nineteen")) and not m["pre"]:
        return None  # "in her forties" is an age
    tens = ["twenties", "thirties", "forties", "fifties", "sixties", "seventies", "eighties",
            "nineties"].index(m["d"].lower()) + 2
    if m.group().lower().startswith("the") and ctx.word_before() in ("her", "his", "their"):
        return None
    return Found("DATE", f"19{tens}", "decade written in words", pre_modifier(m))


_ORD_NUMBER = {"first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6,
               "seventh": 7, "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11,
               "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
               "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
               "twentieth": 20, "twenty-first": 21}


@compile_rule("century", r"\b(?:the\s+)?" + PRE + r"(?P<n>\d{1,2}(?:st|nd|rd|th)|"
              + "|".join(sorted(_ORD_NUMBER, key=len, reverse=True))
              + r")[\s-]+century\b")
def century(m: re.Match[str], ctx: Context) -> Found | None:
    text = m["n"].lower()
    number = int(text[:-2]) if text[0].isdigit() else _ORD_NUMBER[text]
    return Found("DATE", f"{number - 1:02d}", "century as written", pre_modifier(m))


# ---------------------------------------------------------------------------------------------
# Weekdays, seasons, times of day


# Names that contain a weekday: "The Sunday Times", "Bloody Sunday", "Super Tuesday".
_NAME_AFTER = re.compile(r"\s+(?:Times|Telegraph|Express|Mirror|Herald|Post|Independent|Observer|"
                         r"Star|People|Sport|Mail|Tribune|Business|Night\s+Football|Night\s+Live|"
                         r"Prayers?)\b")
_NAME_BEFORE = re.compile(r"\b(?:Bloody|Good|Black|Super|Ash|Holy|Easter|Palm|Cyber|Maundy|"
                          r"Shrove|Whit|Blue)\s+$")


@compile_rule("weekday", r"\b(?:(?P<which>last|next|this|coming|past|early|late|earlier|later)"
              r"\s+(?:on\s+)?)?(?P<wd>" + WEEKDAY_RE + r")(?:\s+(?P<pod>" + PART_OF_DAY_RE
              + r"))?\b")
def weekday(m: re.Match[str], ctx: Context) -> Found | None:
    if not m["wd"][0].isupper():
        return None
    if _NAME_AFTER.match(ctx.text, ctx.end) or _NAME_BEFORE.search(ctx.head(12)):
        return None
    wd = weekday_value(m["wd"])
    which = (m["which"] or "").lower()
    pod = PART_OF_DAY_CODE.get((m["pod"] or "").lower())
    kind = "TIME" if pod else "DATE"
    mod = {"early": "START", "late": "END"}.get(which)
    if ctx.anchor is None:
        return Found(kind, f"XXXX-WXX-{wd + 1}", "weekday, no anchor", join_mods(pod, mod))
    if which in ("next", "coming"):
        day = cal.weekday_date(cal.add_days(ctx.anchor, 1), wd, 1)
        why = "'next' + weekday: the next one after publication"
    elif which == "last" or which == "past":
        day = cal.weekday_date(cal.add_days(ctx.anchor, -1), wd, -1)
        why = "'last' + weekday: the one before publication"
    elif which == "this":
        day = cal.add_days(ctx.anchor, wd - ctx.anchor.weekday())
        why = "'this' + weekday: that day of the publication week"
    else:
        direction = ctx.direction()
        day = cal.weekday_date(ctx.anchor, wd, direction)
        side = {1: "after", -1: "before", 0: "around"}[direction]
        why = _WHY[direction].format(f"such weekday on or {side} publication")
    return Found(kind, day.isoformat(), why, join_mods(pod, mod))


@compile_rule("season", r"\b(?:(?P<which>this|last|next|coming|past|early|late|mid|the)[\s-]+)?"
              r"(?P<s>" + SEASON_RE + r")(?:\s+(?:of\s+)?(?P<y>(?:1[7-9]|20)\d\d))?\b", 0)
def season(m: re.Match[str], ctx: Context) -> Found | None:
    which = (m["which"] or "").lower()
    name = m["s"].lower()
    if not m["y"] and not which:
        return None  # "fall" the verb, "spring" the water
    if name == "fall" and not m["y"] and which in ("the", "early", "late", "mid"):
        return None  # "the fall of Raqqa"
    if not m["y"] and re.match(r"\s+of\b", ctx.text[ctx.end :]):
        return None
    code = SEASON_CODE[name]
    mod = {"early": "START", "late": "END", "mid": "MID"}.get(which)
    if m["y"]:
        return Found("DATE", m["y"], "season and year as written", join_mods(code, mod), "season")
    if ctx.anchor is None:
        return Found("DATE", "XXXX", "season, no anchor", join_mods(code, mod), "season")
    order = ["WI", "SP", "SU", "FA"]
    now = order[(ctx.anchor.month % 12) // 3]
    year_ = ctx.anchor.year
    if which == "last":
        year_ -= 1 if order.index(code) >= order.index(now) else 0
        why = "'last' + season"
    elif which in ("next", "coming"):
        year_ += 1 if order.index(code) <= order.index(now) else 0
        why = "'next' + season"
    elif which == "this":
        why = "'this' + season: the anchor's year"
    else:
        future = ctx.future()
        if future and order.index(code) < order.index(now):
            year_ += 1
        elif not future and order.index(code) > order.index(now):
            year_ -= 1
        why = "season nearest in the tense of the clause"
    return Found("DATE", str(year_), why, join_mods(code, mod), "season")


_CLOCK = (r"(?P<h>[012]?\d)(?:[:.](?P<mi>[0-5]\d))?\s*(?P<ap>[ap]\.?\s?m\b\.?)"
          r"|(?P<h24>[012]?\d):(?P<mi24>[0-5]\d)(?!\d)|(?P<word>noon|midnight|midday)")


@compile_rule("clock", r"\b(?:" + _CLOCK + r")(?:\s+(?P<zone>(?-i:[A-Z]{1,3}T|GMT|UTC|BST)|local\s+"
              r"time))?(?:\s?,?\s+(?:on\s+)?(?:(?P<wd>" + WEEKDAY_RE + r")|(?P<mon>" + MONTH_RE
              + r")\s+(?P<d>[0-3]?\d)(?:\s?,?\s+(?P<y>(?:1[6-9]|20)\d\d))?)\b)?")
def clock(m: re.Match[str], ctx: Context) -> Found | None:
    if m["word"]:
        hour, minute = (0 if m["word"].lower() == "midnight" else 12), 0
    elif m["ap"]:
        hour, minute = int(m["h"]), int(m["mi"] or 0)
        if hour > 12 or hour == 0:
            return None
        hour = hour % 12 + (12 if m["ap"].lower().startswith("p") else 0)
    else:
        hour, minute = int(m["h24"]), int(m["mi24"])
        if hour > 23:
            return None
    time = f"T{hour:02d}:{minute:02d}"
    if ctx.anchor is None:
        return Found("TIME", "XXXX-XX-XX" + time, "clock time, no anchor")
    day = ctx.anchor
    why = "clock time on the publication day"
    if m["wd"]:
        day = cal.weekday_date(ctx.anchor, weekday_value(m["wd"]), ctx.direction())
        why = "clock time on the weekday nearest publication in the clause's tense"
    elif m["mon"] and m["y"]:
        written = cal.valid_day(int(m["y"]), month_value(m["mon"]), int(m["d"]))
        if written is None:
            return None
        return Found("TIME", written.isoformat() + time, "clock time on a date as written")
    elif m["mon"]:
        date = _month_day(ctx, month_value(m["mon"]), int(m["d"]), None)
        if date is None:
            return None
        return Found("TIME", date.value + time, f"clock time on a date: {date.why}")
    return Found("TIME", day.isoformat() + time, why)


DATE_RULES: tuple[Rule, ...] = (
    iso_date, numeric_date, month_day_year, day_month_year, month_day, day_month, month_year,
    month, year, spelled_year, decade, decade_words, century, weekday, season, clock,
)
