"""Alias definitions written in the text of one article.

Each finder takes one sentence and its mentions and returns ``(name, alias, evidence)`` pairs:

- a parenthesis after a name: "Syrian Democratic Forces (SDF)", "Islamic State (ISIS)"; the
  letters must fit the name (Schwartz & Hearst), so "(photo credit: REUTERS)" does not count;
- "known by their Kurdish acronym YPG", "known as ...", "better known as Jihadi John";
- "Daesh, the Arabic acronym for IS".
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from dateline.entities.names import acronym_matches, is_acronym
from dateline.model import Mention

_PAREN = re.compile(r"\s*[(\[]\s*([A-Z][A-Za-z.\-]{1,11})\s*[)\]]")
_KNOWN = re.compile(r",?\s+(?:better\s+|also\s+)?known\s+(?:by\s+(?:its|their|the)\s+"
                    r"(?:[A-Z][a-z]+\s+)?acronym(?:\s+of)?|as)\s+(?:the\s+)?", re.IGNORECASE)
_ACRONYM_FOR = re.compile(r",?\s+(?:the|an?|its)\s+(?:[A-Z][a-z]+\s+)?acronym\s+for\s+"
                          r"(?:the\s+)?", re.IGNORECASE)
_CAP_RUN = re.compile(r"[A-Z][\w'\u2019.\-]*(?:\s+(?:of|for|the|and|al|el|[A-Z][\w'\u2019.\-]*))*")

Definition = tuple[str, str, str]  # (name, alias, kind)


def find_definitions(text: str, mentions: Sequence[Mention]) -> list[Definition]:
    """Alias definitions in one sentence; ``mentions`` are this sentence's mentions."""
    found: list[Definition] = []
    lower = text.lower()
    if "(" not in text and "[" not in text and "known" not in lower and "acronym" not in lower:
        return found  # most sentences: no pattern can match, skip the three scans
    ends = {m.end: m for m in mentions}
    starts = {m.start: m for m in mentions}
    for match in _PAREN.finditer(text):
        short = match.group(1)
        long = _name_ending_at(text, match.start(), ends)
        if long and is_acronym(short) and acronym_matches(short, long):
            found.append((long, short, "acronym defined"))
    for match in _KNOWN.finditer(text):
        long = _name_ending_at(text, match.start(), ends, slack=8)
        alias = _name_starting_at(text, match.end(), starts)
        if long and alias and long != alias:
            found.append((long, alias, "'known as' definition"))
    for match in _ACRONYM_FOR.finditer(text):
        alias = _name_ending_at(text, match.start(), ends)
        long = _name_starting_at(text, match.end(), starts)
        if long and alias and long != alias:
            found.append((long, alias, "'acronym for' definition"))
    return found


def _name_ending_at(text: str, pos: int, ends: dict[int, Mention], slack: int = 0) -> str | None:
    """The mention that ends at ``pos`` (allowing ``slack`` characters of capitalized words)."""
    for end in range(pos, max(-1, pos - slack - 1), -1):
        if end in ends:
            gap = text[end:pos]
            if not gap.strip() or gap.strip()[0].isupper():
                return ends[end].text
    return None


def _name_starting_at(text: str, pos: int, starts: dict[int, Mention]) -> str | None:
    if pos in starts:
        return starts[pos].text
    match = _CAP_RUN.match(text, pos)
    return match.group().rstrip(".,") if match else None
