"""Page furniture at the start of a sentence, cut before the sentence is shown as a statement.

Reporters' sentences sometimes open with words that are about the page, not the news: a live
blog's time stamp ("(Update 4:08 a.m. Tuesday in Cairo, 9:08 p.m. ET Monday) Google said
..."), a page's ("5 January 2011 Last updated at 06:50 GMT Help A preliminary hearing ..."),
an agency dateline that the ingest stage did not take off the first paragraph ("Cairo,
Egypt (CNN) -- Egypt braced ..."), a byline run into the text ("January 31, 2011 | By Ashley
Hayes, CNN Army soldiers stand ...") or a picture credit ("Photograph : AP A Scottish
hospital worker ..."). A timeline or overview shows the statement without them; the citations
still point at the whole sentence in its article. Words that say who speaks stay: a
transcript's speaker ("WOLF BLITZER, CNN ANCHOR: ...") is the statement's attribution, as is
"officials said", and a fact-checker reads it.

Brackets are matched written as ``(``/``)`` and as the PTB tokens ``-LRB-``/``-RRB-`` of
tokenised corpora such as T17. Only the start of a sentence is read, and a cut that would
leave fewer than ``MIN_WORDS`` words is not made.
"""

from __future__ import annotations

import re

from dateline.time.lexicon import MONTH_RE, MONTH_VALUE, WEEKDAY_RE, WEEKDAY_VALUE

MIN_WORDS = 4
"""Fewest words a statement keeps after a cut (else it is shown whole)."""

_AGENCIES = r"(?:CNN|AP|Reuters|AFP|BBC|UPI|dpa|Xinhua|Bloomberg|ANI|IANS|PTI)"
# "By Tuesday, CNN reported ..." is not a byline
_WHEN = rf"(?:{WEEKDAY_RE}|{MONTH_RE}|Then|Now|Early|Late|Midday|Noon)"
_OPEN, _CLOSE = r"(?:\(|-LRB-)", r"(?:\)|-RRB-)"
_DASH = r"(?:--|-|\u2014|\u2013|:)"
_NAME_WORD = r"[A-Z][\w.'\u2019-]*"

# "Cairo , Egypt (CNN) --", "LONDON, July 4 (Reuters) -", "(CNN) -", "MEXICO CITY | Mon Apr
# 27 , 2009 3:10 am BST MEXICO CITY (Reuters) -", "By Alistair Bell and Noel Randewich MEXICO
# CITY (Reuters) -": an optional place, time stamp or byline (capitalised words, numbers,
# "am"/"pm", "and", commas and bars, at most 16), then the agency in brackets.
_STAMP_TOKEN = rf"(?:{_NAME_WORD},?|\d[\d:.,]*|[ap]\.?m\.?|and|[,|])"
_DATELINE = re.compile(
    rf"^(?:{_STAMP_TOKEN}(?:\s+{_STAMP_TOKEN}){{0,15}}\s*)?"
    rf"{_OPEN}\s*{_AGENCIES}\b[^()]{{0,30}}?\s*{_CLOSE}\s*{_DASH}\s+")
# "Photograph : Centers for Disease Control/Reuters The public panic ...": a picture credit
# run into the text, up to the agency that ends it.
_CREDIT = re.compile(rf"^(?:Photograph|Photo|Picture)\s*:\s*[^.]{{0,60}}?\b"
                     rf"(?:{_AGENCIES}|PA|EPA|Getty Images|Rex Features|Corbis)\s+(?=[A-Z])")
# "January 31 , 2011 | By Ashley Hayes , CNN ", "By Julian E. Zelizer , Special to CNN ": a
# byline and its agency run into the text.
_BYLINE = re.compile(
    rf"^(?:[^|]{{0,40}}\|\s*)?By\s+(?!{_WHEN}\b){_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}}\s*,\s*"
    rf"(?:Special to\s+)?{_AGENCIES}\s+")
_UPDATE_WORD = re.compile(r"^\s*Update[ds]?\b", re.IGNORECASE)
# A page's time stamp run into the text ("5 January 2011 Last updated at 06:50 GMT Help A
# preliminary hearing ...", "Sunday 26 April 2009 11.25 BST An electron micrograph ...",
# "Susan Watts | 18:00 UK time , Saturday , 25 April 2009 Experts are ..."): words from a
# closed list (days, months, zones, "last updated"), numbers and commas, holding a clock time
# or "updated", after at most four capitalised words and a bar.
_ZONES = {"gmt", "bst", "utc", "et", "edt", "est", "cst", "cdt", "mst", "mdt", "pdt", "pst",
          "cet", "cest", "eet", "eest", "ist", "jst", "hkt", "sgt", "aest", "msk", "uk", "time"}
_STAMP_WORDS = frozenset(MONTH_VALUE) | frozenset(WEEKDAY_VALUE) | _ZONES | {
    "page", "last", "updated", "published", "help", "am", "pm", "a.m.", "p.m.", ",", "-", ":",
    "|"}
_STAMP_NUMBER = re.compile(r"^\d{1,4}(?:[:.]\d\d)?,?$")
_CLOCK = re.compile(r"^\d{1,2}[:.]\d\d$")
_NAMES_AND_BAR = re.compile(rf"^(?:{_NAME_WORD}\s+){{0,4}}\|\s+")
_BRACKET = re.compile(rf"{_OPEN}|{_CLOSE}")
_MAX_STAMP_CHARS = 160


def strip_opener(text: str) -> str:
    """``text`` without the page furniture it opens with (see the module docstring); the
    text itself when there is none, or when the cut would leave fewer than ``MIN_WORDS``."""
    rest = text.lstrip()
    for _ in range(3):  # "(Update ...) Cairo, Egypt (CNN) -- ..." holds two
        cut = _cut_one(rest)
        if cut == rest:
            break
        rest = cut.lstrip()
    return rest if rest != text.lstrip() and len(rest.split()) >= MIN_WORDS else text


def _cut_one(text: str) -> str:
    """``text`` after the first piece of furniture it opens with; ``text`` when none."""
    for cut in (_cut_bracketed_stamp, _cut_time_stamp):
        rest = cut(text)
        if rest != text:
            return rest
    for pattern in (_DATELINE, _BYLINE, _CREDIT):
        match = pattern.match(text)
        if match:
            return text[match.end():]
    return text


def _cut_bracketed_stamp(text: str) -> str:
    """``text`` after a bracketed live-blog stamp that opens it ("(Updated 5:45 p.m. (0045 in
    Egypt))"), brackets nested once or more; ``text`` when it opens with none."""
    opening = re.match(_OPEN, text)
    if opening is None or not _UPDATE_WORD.match(text[opening.end():]):
        return text
    depth = 0
    for bracket in _BRACKET.finditer(text[:_MAX_STAMP_CHARS]):
        depth += 1 if bracket.group() in ("(", "-LRB-") else -1
        if depth == 0:
            return text[bracket.end():]
    return text


def _cut_time_stamp(text: str) -> str:
    """``text`` after a page's time stamp that opens it (see ``_STAMP_WORDS``); ``text`` when
    it opens with none."""
    names = _NAMES_AND_BAR.match(text)
    start = names.end() if names else 0
    tokens = list(re.finditer(r"\S+", text[start:start + _MAX_STAMP_CHARS]))
    end, updated, clock, worded, following, previous = 0, False, False, False, "", ""
    for token in tokens:
        word = token.group()
        if word.lower() in ("at", "on") and previous in ("updated", "published"):
            pass  # "last updated at", "published on"; a leading "At 10:30" is the news
        elif word.lower() in _STAMP_WORDS:
            updated = updated or word.lower() == "updated"
            worded = worded or word.isalpha()
        elif _STAMP_NUMBER.match(word):
            clock = clock or bool(_CLOCK.match(word.rstrip(",")))
        else:
            following = word
            break
        end, previous = token.end(), word.lower()
    # a clock time with a day, month or zone ("0.85 W/m2 is ..." is a number), and the text
    # goes on as a sentence does ("Monday 12.30 was the time ..." has no stamp)
    if not (updated or (clock and worded)) or not following[:1].isupper():
        return text
    return text[start + end:]
