"""Words of English time expressions: month, weekday, number and unit names as regex pieces.

Each ``*_RE`` string is a regex alternation (no capturing groups) and each ``*_VALUE`` dict maps
the lower-cased word, without a trailing period, to its value.
"""

from __future__ import annotations

import re

MONTH_VALUE = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12,
    "dec": 12,
}
# Full names, or an abbreviation with its period ("Oct."); a bare "Mar"/"Jan" is too ambiguous.
MONTH_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.|Sept)"
)
# Before a day and a year ("Jul 11, 2011", "08 Jul 2009") the period may go missing.
MONTH_DATED_RE = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?)"
)

WEEKDAY_VALUE = {
    "monday": 0, "mon": 0, "tuesday": 1, "tue": 1, "tues": 1, "wednesday": 2, "wed": 2,
    "thursday": 3, "thu": 3, "thur": 3, "thurs": 3, "friday": 4, "fri": 4, "saturday": 5,
    "sat": 5, "sunday": 6, "sun": 6,
}
WEEKDAY_RE = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"

NUMBER_VALUE: dict[str, int | None] = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18,
    "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60,
    "seventy": 70, "eighty": 80, "ninety": 90, "hundred": 100, "a hundred": 100,
    "a couple of": 2, "a couple": 2, "couple of": 2, "a dozen": 12, "dozen": 12,
    "half a": None, "several": None, "a few": None, "few": None, "many": None, "some": None,
    "dozens of": None, "hundreds of": None, "a number of": None,
}
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
NUMBER_RE = (
    r"(?:\d{1,3}(?:\.\d+)?|" + _TENS + r"[-\s]" + _UNITS + r"\b|a\s+couple(?:\s+of)?|couple\s+of|"
    r"a\s+dozen|dozens\s+of|hundreds\s+of|a\s+number\s+of|a\s+hundred|a\s+few|"
    r"a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|"
    r"fifteen|sixteen|seventeen|eighteen|nineteen|" + _TENS + r"|hundred|several|few|many|some)"
)

ORDINAL_VALUE = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "last": 4, "final": 4,
}
ORDINAL_RE = r"(?:first|second|third|fourth|1st|2nd|3rd|4th)"

UNIT_CODE = {
    "second": "S", "minute": "M", "hour": "H", "day": "D", "night": "D", "week": "W",
    "fortnight": "W", "weekend": "WE", "month": "M", "quarter": "Q", "year": "Y",
    "decade": "DE", "century": "CE", "centurie": "CE",
}
UNIT_RE = (r"(?:second|minute|hour|day|night|week|fortnight|month|quarter|year|decade"
           r"|centur(?:y|ie))")

SEASON_CODE = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
SEASON_RE = r"(?:spring|summer|autumn|fall|winter)"

PART_OF_DAY_CODE = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI",
                    "overnight": "NI", "midday": "MI", "dawn": "MO", "daybreak": "MO",
                    "dusk": "EV"}
PART_OF_DAY_RE = r"(?:morning|afternoon|evening|night|overnight|dawn|daybreak|dusk)"

_NUMBER_SPACE = re.compile(r"\s+")
_TENS_WORDS = {"twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"}


def number_value(word: str) -> int | float | None:
    """The value of a number word or numeral; ``None`` for vague amounts ("several")."""
    word = _NUMBER_SPACE.sub(" ", word.lower().strip())
    if word.replace(".", "", 1).isdigit():
        return float(word) if "." in word else int(word)
    if "-" in word or (" " in word and word.split()[0] in _TENS_WORDS):
        tens, _, unit = word.replace("-", " ").partition(" ")
        return (NUMBER_VALUE.get(tens) or 0) + (NUMBER_VALUE.get(unit) or 0)
    return NUMBER_VALUE.get(word)


def month_value(word: str) -> int:
    return MONTH_VALUE[word.lower().rstrip(".")]


def weekday_value(word: str) -> int:
    return WEEKDAY_VALUE[word.lower().rstrip(".")]
