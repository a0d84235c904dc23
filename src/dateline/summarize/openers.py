"""Page furniture at the start of a sentence, cut before the sentence is shown as a statement.

Reporters' sentences sometimes open with words that are about the page, not the news: a live
blog's time stamp ("(Update 4:08 a.m. Tuesday in Cairo, 9:08 p.m. ET Monday) Google said
..."), an agency dateline that the ingest stage did not take off the first paragraph ("Cairo,
Egypt (CNN) -- Egypt braced ..."), a byline run into the text ("January 31, 2011 | By Ashley
Hayes, CNN Army soldiers stand ..."), or a transcript's speaker ("WOLF BLITZER, CNN ANCHOR:
Egypt's president ..."). A timeline or overview shows the statement without them; the
citations still point at the whole sentence in its article.

Brackets are matched written as ``(``/``)`` and as the PTB tokens ``-LRB-``/``-RRB-`` of
tokenised corpora such as T17. Only the start of a sentence is read, and a cut that would
leave fewer than ``MIN_WORDS`` words is not made.
"""

from __future__ import annotations

import re

MIN_WORDS = 4
"""Fewest words a statement keeps after a cut (else it is shown whole)."""

_AGENCIES = r"(?:CNN|AP|Reuters|AFP|BBC|UPI|dpa|Xinhua|Bloomberg|ANI|IANS|PTI)"
_OPEN, _CLOSE = r"(?:\(|-LRB-)", r"(?:\)|-RRB-)"
_DASH = r"(?:--|-|\u2014|\u2013|:)"

# "Cairo , Egypt (CNN) --", "LONDON, July 4 (Reuters) -", "(CNN) -": an optional place (and
# date) of at most eight words that opens with a capital, then the agency in brackets.
_DATELINE = re.compile(
    rf"^(?:[A-Z][\w.'\u2019-]*(?:\s*,?\s+[\w.'\u2019-]+){{0,7}}\s*)?"
    rf"{_OPEN}\s*{_AGENCIES}\b[^()]{{0,30}}?\s*{_CLOSE}\s*{_DASH}\s+")
# "January 31 , 2011 | By Ashley Hayes , CNN ": a byline and its agency run into the text.
_BYLINE = re.compile(
    rf"^[^|]{{0,40}}\|\s*By\s+[A-Z][\w.'\u2019-]*(?:\s+[A-Z][\w.'\u2019-]*){{0,3}}\s*,\s*"
    rf"{_AGENCIES}\s+")
# "WOLF BLITZER , CNN ANCHOR :" in a broadcast transcript: a name of two to four words in
# capitals, then a colon ("NATO: Strikes continue" is a headline's source, and stays).
_SPEAKER = re.compile(r"^[A-Z][A-Z.'\u2019-]+(?:\s+[A-Z][A-Z.'\u2019-]+){1,3}"
                      r"(?:\s*,\s*[A-Z][A-Z.'\u2019-]*(?:\s+[A-Z][A-Z.'\u2019-]*){0,3})?\s*:\s+")
_STAMP_WORD = re.compile(r"^\s*Update[ds]?\b", re.IGNORECASE)
_BRACKET = re.compile(rf"{_OPEN}|{_CLOSE}")
_MAX_STAMP_CHARS = 160


def strip_opener(text: str) -> str:
    """``text`` without the page furniture it opens with (see the module docstring); the
    text itself when there is none, or when the cut would leave fewer than ``MIN_WORDS``."""
    rest = text.lstrip()
    for _ in range(3):  # "(Update ...) Cairo, Egypt (CNN) -- ..." holds two
        cut = _cut_stamp(rest)
        for pattern in (_DATELINE, _BYLINE, _SPEAKER):
            if cut == rest:
                match = pattern.match(rest)
                cut = rest[match.end():] if match else rest
        if cut == rest:
            break
        rest = cut.lstrip()
    return rest if rest != text.lstrip() and len(rest.split()) >= MIN_WORDS else text


def _cut_stamp(text: str) -> str:
    """``text`` after a bracketed live-blog stamp that opens it ("(Updated 5:45 p.m. (0045 in
    Egypt))"), brackets nested once or more; ``text`` when it opens with none."""
    opening = re.match(_OPEN, text)
    if opening is None or not _STAMP_WORD.match(text[opening.end():]):
        return text
    depth = 0
    for bracket in _BRACKET.finditer(text[:_MAX_STAMP_CHARS]):
        depth += 1 if bracket.group() in ("(", "-LRB-") else -1
        if depth == 0:
            return text[bracket.end():]
    return text
