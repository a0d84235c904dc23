"""Numbers as written in news ("200-300", "about 2,500", "tens of thousands") to value ranges.

:func:`parse_quantity` returns a :class:`Quantity` with ``low``/``high`` bounds:

- a plain number is ``low == high``; a range "200-300" / "between 200 and 300" is 200..300;
- hedges ("about", "around", "some", "an estimated", "or so") keep the value and set
  ``approx``; "nearly"/"almost" N is 0.9N..N, approximate;
- bounds: "at least"/"more than"/"over" N is N..inf, "up to"/"fewer than" N is 0..N;
- vague counts: "dozens" 24..99, "hundreds" 200..999, "a few hundred" 200..500,
  "tens of thousands" 20,000..99,999, "hundreds of thousands", "thousands", "millions";
- number words: "eight", "forty", "two million", "a dozen", "1.5 million";
- units: "per cent"/"percent"/"%" -> ``percent``; "$"/"dollars" -> ``dollar``.

It returns ``None`` for what is not a count (empty, malformed, ids such as "1.2106907-19060").
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

INF = math.inf


@dataclass(frozen=True)
class Quantity:
    low: float
    high: float
    approx: bool = False
    qualifier: str | None = None  # "about", "at least", "vague"...
    unit: str | None = None

    @property
    def vague(self) -> bool:
        return self.qualifier == "vague"


_UNITS = {"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
          "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
          "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
          "eighteen": 18, "nineteen": 19, "a": 1, "an": 1, "single": 1}
_TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
         "eighty": 80, "ninety": 90}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000,
           "dozen": 12, "k": 1_000, "m": 1_000_000, "bn": 1_000_000_000}
_VAGUE = [
    (r"hundreds of thousands", 200_000, 999_999),
    (r"tens of thousands", 20_000, 99_999),
    (r"tens of millions", 20_000_000, 99_999_999),
    (r"(?:a )?few hundred", 200, 500),
    (r"(?:a )?few thousand", 2_000, 5_000),
    (r"(?:a )?few dozen", 24, 60),
    (r"several hundred", 200, 900),
    (r"several thousand", 2_000, 9_000),
    (r"several dozen", 24, 99),
    (r"dozens", 24, 99),
    (r"scores", 40, 99),
    (r"hundreds", 200, 999),
    (r"thousands", 2_000, 9_999),
    (r"millions", 2_000_000, 9_999_999),
    (r"billions", 2_000_000_000, 9_999_999_999),
]
_APPROX = ["about", "around", "roughly", "approximately", "some", "an estimated", "estimated",
           "almost", "nearly", "close to", "just under", "just over", "or so", "circa", "c."]
_LOWER = ["at least", "more than", "well over", "over", "upwards of", "in excess of",
          "no fewer than", "no less than", "at minimum", "or more", "plus"]
_UPPER = ["up to", "fewer than", "less than", "under", "at most", "as many as", "no more than"]
_DROP = ["only", "just", "some", "the", "a total of", "total of", "another", "an additional"]

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_RANGE = re.compile(rf"^(?:between\s+)?({_NUM})\s*(?:-|\u2013|to|and)\s*({_NUM})$")


def _phrase_re(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_LEAD = re.compile(rf"^(?:{_phrase_re(_APPROX + _LOWER + _UPPER + _DROP)})\b\s*")
_TRAIL = re.compile(r"\s*\b(?:or so|or more|plus)$")


def parse_quantity(text: str) -> Quantity | None:
    """Parse one written quantity; ``None`` when it is not a count."""
    s = " ".join(text.lower().replace("\u2013", "-").split()).strip(" .,;:()")
    if not s:
        return None
    unit = None
    if s.startswith("$") or re.search(r"\b(?:dollars?|usd)\b", s):
        unit, s = "dollar", re.sub(r"\$|\b(?:dollars?|usd)\b", "", s).strip()
    elif re.search(r"%|\bper ?cent\b|\bpercent\b", s):
        unit, s = "percent", re.sub(r"%|\bper ?cent\b|\bpercent\b", "", s).strip()
    approx, lower, upper, qualifier = False, False, False, None
    while True:
        match = _LEAD.match(s)
        if not match:
            break
        word = match.group().strip()
        if word in _APPROX:
            approx = True
            qualifier = qualifier or word
            if word in ("nearly", "almost", "just under", "close to"):
                upper = upper or "nearly"
        elif word in _LOWER:
            lower, qualifier = True, word
        elif word in _UPPER:
            upper, qualifier = True, word
        s = s[match.end():]
    trail = _TRAIL.search(s)
    if trail:
        word = trail.group().strip()
        if word == "or so":
            approx, qualifier = True, qualifier or word
        else:
            lower, qualifier = True, word
        s = s[:trail.start()]
    s = s.strip()
    base = _parse_core(s)
    if base is None:
        return None
    low, high, vague = base
    if vague:
        return Quantity(low, high, True, "vague", unit)
    if lower:
        high = INF
    elif upper == "nearly":
        low = low * 0.9
    elif upper:
        low = 0.0
    return Quantity(low, high, approx, qualifier, unit)


def _parse_core(s: str) -> tuple[float, float, bool] | None:
    for pattern, low, high in _VAGUE:
        if re.fullmatch(pattern, s):
            return float(low), float(high), True
    match = _RANGE.match(s)
    if match:
        a, b = _num(match.group(1)), _num(match.group(2))
        if a is not None and b is not None and a < b:
            return a, b, False
        return None
    value = _parse_number(s)
    if value is None:
        return None
    return value, value, False


def _num(s: str) -> float | None:
    try:
        return float(s.replace(",", ""))
    except ValueError:
        return None


def _parse_number(s: str) -> float | None:
    """"2,500", "1.5 million", "forty", "two hundred", "a dozen", "twenty-one"."""
    parts = s.replace("-", " ").split()
    if not parts or len(parts) > 6:
        return None
    total, current, seen = 0.0, 0.0, False
    for part in parts:
        if re.fullmatch(_NUM, part):
            if seen and current:
                return None
            value = _num(part)
            if value is None:
                return None
            current, seen = current + value, True
        elif part in _UNITS:
            current, seen = current + _UNITS[part], True
        elif part in _TENS:
            current, seen = current + _TENS[part], True
        elif part in _SCALES and seen:
            scale = _SCALES[part]
            if scale >= 1000:
                total, current = total + current * scale, 0.0
            else:
                current *= scale
        elif part == "and":
            continue
        else:
            return None
    if not seen:
        return None
    return total + current
