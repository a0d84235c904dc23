"""Which news agency a story comes from, and which outlet printed it, from cues in the text.

An agency is scored from evidence, each kind with a weight:

* ``byline`` (``By AFP``), ``dateline`` (``LONDON (Reuters) -``) and ``sign-off`` (a last line
  that is only the agency's name, ``(AFP)``): 3 each;
* a ``text`` cue where the agency did the reporting: ``told AFP``, ``a Reuters
  correspondent``, ``in an interview with AP``: 1 each;
* a photo ``credit`` (``(AFP photo)``, ``/AFP)``, ``Image Credit: AP``): 0.5 each. A credit names
  who took the picture, not who wrote the text, so credits alone never decide: the agency
  chosen needs at least :data:`MIN_TEXT_SCORE` from the other kinds.

The agency with the highest score wins; a tie, or no agency with enough text evidence, gives
``None``. A site's own promotion line ("For more stories from The Media Line, go to ...")
names the outlet; nothing else in the text does, so the outlet is never guessed.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable

from dateline.ingest.captions import CREDIT_TAIL, is_credit_line

# Canonical name -> the ways it is written.
AGENCIES: dict[str, str] = {
    "Reuters": r"Reuters|REUTERS|Thomson Reuters",
    "AFP": r"AFP|Agence France[- ]Presse",
    "AP": r"AP|Associated Press|The Associated Press",
    "Bloomberg": r"Bloomberg",
    "dpa": r"dpa|DPA|Deutsche Presse-Agentur",
    "EFE": r"EFE",
    "ANSA": r"ANSA",
    "Xinhua": r"Xinhua",
    "Anadolu": r"Anadolu(?: Agency)?|AA",
    "UPI": r"UPI|United Press International",
    "Kyodo": r"Kyodo(?: News)?",
    "Yonhap": r"Yonhap",
    "TASS": r"TASS|Tass",
    "Interfax": r"Interfax",
    "PTI": r"PTI|Press Trust of India",
    "IANS": r"IANS",
}
AGENCY_ALTERNATIVES = "|".join(AGENCIES.values())  # one pattern for any agency, no groups
_ANY = "|".join(f"(?P<a{i}>{pattern})" for i, pattern in enumerate(AGENCIES.values()))
_NAMES = list(AGENCIES)
AGENCY_NAME = re.compile(r"\b(?:" + _ANY + r")\b")
_AGENCY_ANYWHERE = re.compile(AGENCY_ALTERNATIVES)  # any name, even inside a word: a filter

WEIGHTS = {"byline": 3.0, "dateline": 3.0, "sign-off": 3.0, "text": 1.0, "credit": 0.5}
MIN_TEXT_SCORE = 1.0

_TEXT_CUES = [
    re.compile(r"\b(?:told|telling|informed|tells)\s+(?:the\s+)?(?:" + _ANY + r")\b"),
    re.compile(r"\b(?:" + _ANY + r")\s+(?:correspondents?|reporters?|journalists?|photographers?"
               r"|team|crew|stringers?|tally|count|witnesses|reporting)\b"),
    re.compile(r"\b(?:interview with|speaking to|spoke to|spoke with|talking to|quoted by"
               r"|contacted by|interviewed by)\s+(?:the\s+)?(?:" + _ANY + r")\b"),
]
_OUTLET_CUE = re.compile(
    r"for more (?:stories|news|articles|coverage|reports?) (?:from|by) (?P<outlet>[A-Z][\w&.'’ -]"
    r"{1,60}?),? (?:go to|visit|head to|see|click)\b", re.IGNORECASE)


def agency_in(text: str) -> str | None:
    """The canonical name of the first agency written in ``text``, else ``None``."""
    match = AGENCY_NAME.search(text)
    return _canonical(match) if match else None


def _canonical(match: re.Match[str]) -> str:
    for i, name in enumerate(_NAMES):
        if match.group(f"a{i}"):
            return name
    raise ValueError(match.group(0))  # unreachable: one group always matched


def text_cues(paragraphs: Iterable[str]) -> list[str]:
    """The agency of every reporting cue in the paragraphs (``told AFP`` -> ``AFP``), in order."""
    cues: list[tuple[int, int, str]] = []
    for p, paragraph in enumerate(paragraphs):
        if not _AGENCY_ANYWHERE.search(paragraph):
            continue  # every cue names an agency: one quick scan instead of three for most
        for pattern in _TEXT_CUES:
            cues += [(p, m.start(), _canonical(m)) for m in pattern.finditer(paragraph)]
    return [name for _p, _start, name in sorted(cues)]


def credit_agencies(captions: Iterable[str]) -> list[str]:
    """The agency named in the credit of each caption, if any."""
    found = []
    for caption in captions:
        match = CREDIT_TAIL.search(caption)
        credit = match.group(1) if match else caption if is_credit_line(caption) else ""
        name = agency_in(credit)
        if name:
            found.append(name)
    return found


def choose_agency(evidence: Iterable[tuple[str, str]]) -> str | None:
    """The agency best supported by ``(kind, agency)`` evidence, or ``None`` when unclear."""
    total: Counter[str] = Counter()
    text: Counter[str] = Counter()
    for kind, name in evidence:
        total[name] += WEIGHTS[kind]
        if kind != "credit":
            text[name] += WEIGHTS[kind]
    ranked = [(score, name) for name, score in total.items() if text[name] >= MIN_TEXT_SCORE]
    ranked.sort(reverse=True)
    if not ranked or len(ranked) > 1 and ranked[0][0] == ranked[1][0]:
        return None
    return ranked[0][1]


def outlet_cue(lines: Iterable[str]) -> str | None:
    """The outlet a site names in its own promotion line, else ``None``."""
    for line in lines:
        match = _OUTLET_CUE.search(line)
        if match:
            return match.group("outlet").strip()
    return None
