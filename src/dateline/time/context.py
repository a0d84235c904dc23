"""What a rule may look at around a match: the anchor, and tense cues in the same clause.

News conventions: a weekday or a month with no cue is the most recent one on or before the
publication date; a future cue ("will", "next", "scheduled to", "ahead of") in the same clause
turns it to the next one on or after.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

# Words that put the clause in the future. "would" is left out: in reported speech it is a
# past tense ("he said he would leave on Monday" is as often past as future).
_FUTURE = re.compile(
    r"\b(?:will|won't|wo\s+n't|shall|'ll|going\s+to|gonna|scheduled|expected|expects?\s+to"
    r"|due\s+to|set\s+to|supposed\s+to|was\s+to|were\s+to|slated|plans?\s+to|planning\s+to|intends?\s+to|is\s+to|are\s+to"
    r"|ahead\s+of|upcoming|to\s+be\s+held|next|coming)\b",
    re.IGNORECASE,
)
# A future cue put in the past: the date may be on either side of publication.
_FUTURE_IN_PAST = re.compile(r"\b(?:was|were)\s+(?:(?:set|due|scheduled|expected|supposed|"
                             r"slated|going)\s+)?to\b", re.IGNORECASE)
# Past cues, used only for dates just after the anchor ("was hijacked on April 18").
_PAST = re.compile(r"\b(?:was|were|had|did|ago|last|previously|since)\b", re.IGNORECASE)
# A verb in the past: between a future cue and the date it wins ("will study the law passed on
# Monday"). "will be named" and "will succeed" are not: a participle after "be", -eed verbs.
_DONE = re.compile(
    r"\b(?<!\bbe\s)(?<!\bbeen\s)(?:was|were|had|did|began|begun|became|broke|brought|built|"
    r"came|drove|fell|fled|fought|found|gave|got|held|hit|kept|led|left|lost|made|met|ran|rose|"
    r"said|sank|saw|sent|shot|spent|spoke|stood|struck|swept|took|told|thought|threw|went|won|"
    r"wrote|[a-z]{2,}[^e\W]ed)\b")
# A period ends a clause unless it ends an initial or an abbreviation ("P.", "Mr.", "Oct.").
_CLAUSE_BREAK = re.compile(
    r"(?<![A-Z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})(?<!Sept)\.\s"
    r"|[;:!?\"\u201c\u201d]|\s-{1,2}\s|\s\u2014\s|,\s+(?:but|and|while)\b"
    r"|\s(?:that|which|who|whom)\s"
)


@dataclass(frozen=True)
class Context:
    """A match inside its sentence, with the anchor (publication date) it is resolved against."""

    text: str
    start: int
    end: int
    anchor: dt.date | None

    def clause_before(self, limit: int = 100) -> str:
        """The words before the match in the same clause (at most ``limit`` characters)."""
        head = self.text[max(0, self.start - limit) : self.start]
        breaks = list(_CLAUSE_BREAK.finditer(head))
        return head[breaks[-1].end() :] if breaks else head

    def clause_after(self, limit: int = 30) -> str:
        tail = self.text[self.end : self.end + limit]
        stop = _CLAUSE_BREAK.search(tail)
        return tail[: stop.start()] if stop else tail

    def future(self) -> bool:
        """Whether the clause around the match speaks of the future ("will vote on Friday",
        "Friday will see"); a cue after a statement date ("said on Sunday that it will") is the
        statement's, not the date's."""
        after = self.clause_after(14).split(" that ")[0]
        before = self.clause_before()
        cues = list(_FUTURE.finditer(before))
        if cues:
            # The nearer verb wins: "it will look at the resolution approved on March 17".
            done = [m for m in _DONE.finditer(before, cues[-1].end()) if not _FUTURE.fullmatch(
                m.group())]
            return not done
        return bool(_FUTURE.search(after))

    def past(self) -> bool:
        """Whether an auxiliary of the past ("was", "had") is in the clause around the match."""
        return bool(_PAST.search(self.clause_before()) or _PAST.search(self.clause_after(60)))

    def past_verb(self) -> bool:
        """Whether the clause has a past auxiliary or a verb in the past ("started")."""
        return self.past() or bool(_DONE.search(self.clause_before())
                                   or _DONE.search(self.clause_after(40)))

    def direction(self) -> int:
        """-1 (most recent on or before the anchor) unless a future cue says +1; 0 (nearest)
        for a future seen from the past ("was set to speak in July", "were to leave Friday")."""
        if not self.future():
            return -1
        return 0 if _FUTURE_IN_PAST.search(self.clause_before()) else 1

    def head(self, limit: int = 40) -> str:
        """The ``limit`` characters before the match (bounded, so long texts stay linear)."""
        return self.text[max(0, self.start - limit) : self.start]

    def word_before(self) -> str:
        words = self.text[max(0, self.start - 40) : self.start].split()
        return words[-1].lower().strip(",.()\"'") if words else ""
