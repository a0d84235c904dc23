"""Group claims about the same quantity, show them over time, and flag conflicts.

Two claims count the same thing when their counted class ("fighter": militants, jihadists,
fighters), aspect (present, killed, fled...), scope (a running total such as "has killed 3,000
since March", or one event) and place (resolved to one entity by the
:class:`~dateline.entities.aliases.AliasResolver` when one is given: Raqqa = Raqa) agree, and
their owners do not disagree ("250 Daesh fighters" vs "200 of our fighters").

Inside a group the claims are ordered by the date they refer to and cut into time windows
(consecutive dates at most ``window_days`` apart). Different values in different windows are a
series (2,500 in July, 200-300 in October), not a conflict. Inside one window, two claims from
independent sources are compared only when they are about the same time (dates at most
``same_days`` apart): a count that grows from one day to the next (a toll of 103, then 149) is a
series too. Two such claims contradict when their ranges are disjoint, or when both are precise
numbers (no "hundreds", no "at least") and differ; a range that holds the other value (the
SDF's 200-300 and a commander's 250) is listed as differing figures but marked consistent, and
ranked below every contradiction. A source is a copy group (articles that copy each other
count once) and a speaker: the same SDF figure reprinted by three outlets is one source; two
figures of one article are two sources only when two named speakers give them, and sums of
money are never compared (an article's revenue and its profit count different things). Claims
the text puts before the reported time ("300,000 had been living") go to the start of the
series and never conflict. Each conflict carries its reason; ``conflicts_`` are ranked by it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Any, Literal

from dateline.entities.aliases import AliasResolver
from dateline.entities.names import name_key
from dateline.model import Claim, from_dict, to_dict


@dataclass(frozen=True)
class SeriesPoint:
    """The values reported for one time window of a group."""

    first_date: str | None
    last_date: str | None
    low: float
    high: float
    claims: int
    earlier: bool = False  # values the text places before the window's own time


@dataclass(frozen=True)
class ClaimConflict:
    """Different values for one quantity and time window from independent sources."""

    group: str
    what: str
    # disjoint ranges, different precise values, or a range that holds the other value
    kind: Literal["disjoint", "different", "consistent"]
    first_date: str | None
    last_date: str | None
    claims: tuple[Claim, ...]  # one per independent source
    summary: str  # the reason, then the figures: what outputs show
    reason: str = ""


KINDS = ("disjoint", "different", "consistent")
"""Conflict kinds, surest contradiction first."""
CONSISTENT = "consistent"
CONTRADICTION = "contradiction"
_MONEY = {"dollar", "euro", "pound", "yen", "yuan", "rupee", "dirham", "riyal", "franc", "won",
          "peso", "rouble", "ruble", "lira", "krone", "krona", "shekel", "dinar"}


def conflict_rank(summary: str | None) -> int:
    """How sure a conflict summary (``Claim.conflict``) is: 0 a contradiction, 1 figures that
    differ but are consistent, 2 no conflict. Outputs order claim groups by it."""
    if not summary:
        return 2
    return 1 if summary.startswith(CONSISTENT) else 0


def conflict_reason(summary: str | None) -> str:
    """The reason a conflict summary opens with ("consistent, 250 is within 200-300, 1 day
    apart"); "" for a summary without one."""
    if summary and summary.startswith((CONSISTENT, CONTRADICTION)):
        return summary.split(": ", 1)[0]
    return ""


@dataclass(frozen=True)
class ClaimGroup:
    id: str
    what: str
    counted: str
    aspect: str
    place: str | None
    owner: str | None
    claims: tuple[Claim, ...]
    series: tuple[SeriesPoint, ...]
    conflicts: tuple[ClaimConflict, ...] = ()


def conflicts_of(groups: Iterable[ClaimGroup]) -> list[ClaimConflict]:
    """The conflicts of ``groups`` as :attr:`ClaimGrouper.conflicts_` lists them, surest first
    (:data:`KINDS`: disjoint ranges, then different values, then consistent figures), each kind
    in group order."""
    return sorted((c for g in groups for c in g.conflicts), key=lambda c: KINDS.index(c.kind))


class ClaimGrouper:
    """Group claims and flag conflicts.

    Parameters:
        window_days: claims whose dates are at most this many days apart (chained) are one
            point of the series.
        same_days: two claims are about the same time, and may conflict, when their dates are
            at most this many days apart (a report of "Saturday night" and the next day's).
        tolerance: relative slack for hedged values ("about 2,500" matches 2,400..2,600).
        resolver: a fitted AliasResolver, so places, owners and speakers written differently
            are one (without it names must match after case folding).
    """

    def __init__(self, window_days: int = 3, tolerance: float = 0.1,
                 resolver: AliasResolver | None = None, same_days: int = 1) -> None:
        self.window_days = window_days
        self.same_days = same_days
        self.tolerance = tolerance
        self.resolver = resolver
        self.groups_: list[ClaimGroup] = []
        self.conflicts_: list[ClaimConflict] = []

    def fit(self, claims: Iterable[Claim],
            copy_groups: Iterable[Iterable[str]] = ()) -> ClaimGrouper:
        """Group ``claims``; ``copy_groups`` are sets of article ids that copy each other."""
        copy_of: dict[str, str] = {}
        for group in copy_groups:
            members = sorted(group)
            for article in members:
                copy_of[article] = members[0]
        claims = _borrow_dates(list(claims), copy_of)
        buckets: dict[tuple[str, str, str], list[Claim]] = defaultdict(list)
        for claim in claims:
            if not claim.counted:
                continue
            key = (claim.counted, claim.aspect, self._id(claim.place) or "")
            buckets[key].append(claim)
        groups: list[ClaimGroup] = []
        for key, members in buckets.items():
            for owner, subgroup in self._split_owners(members).items():
                groups.append(self._group(key, owner, subgroup, copy_of))
        groups.sort(key=lambda g: (min((KINDS.index(c.kind) for c in g.conflicts), default=3),
                                   -len(g.conflicts), -len(g.claims), g.what))
        self.groups_ = groups
        self.conflicts_ = conflicts_of(groups)
        return self

    def partial_fit(self, claims: Iterable[Claim],
                    copy_groups: Iterable[Iterable[str]] = ()) -> ClaimGrouper:
        """Add claims to those already grouped (groups are rebuilt; ids stay stable)."""
        seen = [replace(c, group=None) for g in self.groups_ for c in g.claims]
        return self.fit([*seen, *claims], copy_groups)

    def get_state(self) -> dict[str, Any]:
        """JSON-able state (parameters and the grouped claims) for ``store.save_state``."""
        return {"params": {"window_days": self.window_days, "tolerance": self.tolerance,
                           "same_days": self.same_days},
                "claims": to_dict([c for g in self.groups_ for c in g.claims])}

    @classmethod
    def from_state(cls, state: dict[str, Any], resolver: AliasResolver | None = None,
                   copy_groups: Iterable[Iterable[str]] = ()) -> ClaimGrouper:
        grouper = cls(resolver=resolver, **state["params"])
        claims = [replace(from_dict(Claim, c), group=None) for c in state["claims"]]
        return grouper.fit(claims, copy_groups)

    # -----------------------------------------------------------------------------------------

    def _id(self, name: str | None) -> str | None:
        if not name:
            return None
        if self.resolver is not None:
            entity = self.resolver.entity_id(name)
            if entity:
                return entity
        return name_key(name)

    def _owner(self, claim: Claim) -> str | None:
        if claim.owner in {"our", "their", "his", "her", "its"}:
            return f"speaker:{self._id(claim.said_by)}"
        return self._id(claim.owner)

    def _split_owners(self, claims: list[Claim]) -> dict[str | None, list[Claim]]:
        owners = Counter(self._owner(c) for c in claims if self._owner(c))
        if not owners:
            return {None: claims}
        main = owners.most_common(1)[0][0]
        split: dict[str | None, list[Claim]] = defaultdict(list)
        for claim in claims:
            split[self._owner(claim) or main].append(claim)
        return split

    def _group(self, key: tuple[str, str, str], owner: str | None, claims: list[Claim],
               copy_of: dict[str, str]) -> ClaimGroup:
        group_id = "g" + hashlib.sha1("|".join([*key, owner or ""]).encode()).hexdigest()[:10]
        claims = sorted(claims, key=lambda c: (_date(c) or dt.date.max, c.article_id,
                                               c.sentence))
        claims = [replace(c, group=group_id) for c in claims]
        place = self._place_name(claims)
        what = claims[0].what if place is None else _what(claims[0], place)
        series: list[SeriesPoint] = []
        conflicts: list[ClaimConflict] = []
        earlier = [c for c in claims if c.earlier]
        if earlier:
            series.append(_point(earlier, earlier=True))
        for window in self._windows([c for c in claims if not c.earlier]):
            series.append(_point(window))
            conflict = self._conflict(group_id, what, window, copy_of)
            if conflict:
                conflicts.append(conflict)
        return ClaimGroup(id=group_id, what=what, counted=key[0], aspect=key[1], place=place,
                          owner=owner, claims=tuple(claims), series=tuple(series),
                          conflicts=tuple(conflicts))

    def _place_name(self, claims: Sequence[Claim]) -> str | None:
        place = claims[0].place
        if place and self.resolver is not None:
            entity_id = self.resolver.entity_id(place)
            entity = self.resolver.entity(entity_id) if entity_id else None
            if entity:
                return entity.name
        return place

    def _windows(self, claims: list[Claim]) -> list[list[Claim]]:
        windows: list[list[Claim]] = []
        undated = [c for c in claims if _date(c) is None]
        last: dt.date | None = None
        for claim in claims:
            day = _date(claim)
            if day is None:
                continue
            if last is None or (day - last).days > self.window_days:
                windows.append([])
            windows[-1].append(claim)
            last = day
        if undated:
            windows.append(undated)
        return windows

    def _conflict(self, group_id: str, what: str, window: list[Claim],
                  copy_of: dict[str, str]) -> ClaimConflict | None:
        by_source: dict[tuple[str, str], Claim] = {}
        for claim in window:
            source = (copy_of.get(claim.article_id, claim.article_id),
                      self._id(claim.said_by) or "")
            by_source.setdefault(source, claim)
        # A speaker's figure repeated in other articles is still one source.
        distinct: dict[tuple[float, float, str], Claim] = {}
        for claim in by_source.values():
            distinct.setdefault((claim.low, claim.high, self._id(claim.said_by) or ""), claim)
        sources = list(distinct.values())
        found: dict[int, tuple[str, str]] = {}  # pair index -> (kind, reason)
        involved: dict[int, Claim] = {}
        for i, a in enumerate(sources):
            for j, b in enumerate(sources[i + 1:], i + 1):
                verdict = self._verdict(a, b, copy_of)
                if verdict:
                    found[len(found)] = verdict
                    involved[i], involved[j] = a, b
        if not found:
            return None
        kind, reason = min(found.values(), key=lambda v: KINDS.index(v[0]))
        claims = [involved[i] for i in sorted(involved)]
        dates = [_date(c) for c in claims if _date(c)]
        first = min(dates).isoformat() if dates else None
        last = max(dates).isoformat() if dates else None
        figures = " vs ".join(f"{c.text} ({c.said_by or 'unattributed'}, {c.article_id[:8]})"
                              for c in claims)
        return ClaimConflict(group=group_id, what=what, kind=kind,  # type: ignore[arg-type]
                             first_date=first, last_date=last, claims=tuple(claims),
                             summary=f"{reason}: {figures}", reason=reason)

    def _verdict(self, a: Claim, b: Claim, copy_of: dict[str, str]
                 ) -> tuple[str, str] | None:
        """(kind, reason) when ``a`` and ``b`` disagree about one quantity at one time."""
        same_copy = copy_of.get(a.article_id, a.article_id) == copy_of.get(b.article_id,
                                                                            b.article_id)
        speakers = self._id(a.said_by), self._id(b.said_by)
        if same_copy and (speakers[0] == speakers[1] or not all(speakers)):
            return None  # one source, or an article's own figures of different things
        if {a.unit, b.unit, a.counted, b.counted} & _MONEY:
            return None  # sums of money of one place count different things
        day_a, day_b = _date(a), _date(b)
        apart = abs((day_a - day_b).days) if day_a and day_b else 0
        if apart > self.same_days:
            return None  # counts at different times: a series
        kind = self._compare(a, b)
        if kind is None:
            return None
        when = "the same day" if apart == 0 else f"{apart} day{'s' if apart > 1 else ''} apart"
        if kind == CONSISTENT:
            inner, outer = (a, b) if a.high - a.low <= b.high - b.low else (b, a)
            return kind, f"{CONSISTENT}, {inner.text} is within {outer.text}, {when}"
        if apart and day_a and day_b:
            early, late = (a, b) if day_a < day_b else (b, a)
            if late.low >= early.high:
                return None  # a count that grew from one day to the next: a series
        sources = "two speakers of one article" if same_copy else "independent sources"
        what = "disjoint figures" if kind == "disjoint" else "different precise figures"
        return kind, f"{CONTRADICTION}, {what} from {sources}, {when}"

    def _compare(self, a: Claim, b: Claim) -> Literal["disjoint", "different",
                                                      "consistent"] | None:
        a_low, a_high = _widen(a, self.tolerance)
        b_low, b_high = _widen(b, self.tolerance)
        if a_high < b_low or b_high < a_low:
            return "disjoint"
        precise = all(c.qualifier not in {"vague", "at least", "more than", "over", "up to",
                                          "fewer than", "less than", "or more"} for c in (a, b))
        if precise and (a.low, a.high) != (b.low, b.high) and not (a.approx or b.approx):
            if (a.low <= b.low and b.high <= a.high) or (b.low <= a.low and a.high <= b.high):
                return "consistent"  # a range that holds the other figure
            return "different"
        return None


def _borrow_dates(claims: list[Claim], copy_of: dict[str, str]) -> list[Claim]:
    """An undated claim takes the date of the same figure in a dated copy of its article."""
    dated = {(copy_of.get(c.article_id, c.article_id), c.low, c.high, c.counted): c.refers_to
             for c in claims if c.refers_to is not None and c.article_id in copy_of}
    out = []
    for claim in claims:
        key = (copy_of.get(claim.article_id, claim.article_id), claim.low, claim.high,
               claim.counted)
        if claim.refers_to is None and key in dated:
            claim = replace(claim, refers_to=dated[key])
        out.append(claim)
    return out


def _widen(claim: Claim, tolerance: float) -> tuple[float, float]:
    if claim.approx:
        return claim.low * (1 - tolerance), claim.high * (1 + tolerance)
    return claim.low, claim.high


def _date(claim: Claim) -> dt.date | None:
    if claim.refers_to is None:
        return None
    value = claim.refers_to.value
    try:
        if len(value) >= 10:
            return dt.date.fromisoformat(value[:10])
        if len(value) == 7:
            return dt.date.fromisoformat(value + "-01")
        if len(value) == 4 and value.isdigit():
            return dt.date(int(value), 1, 1)
    except ValueError:
        return None
    return None


def _point(claims: list[Claim], earlier: bool = False) -> SeriesPoint:
    dates = [_date(c) for c in claims if _date(c)]
    return SeriesPoint(first_date=min(dates).isoformat() if dates else None,
                       last_date=max(dates).isoformat() if dates else None,
                       low=min(c.low for c in claims), high=max(c.high for c in claims),
                       claims=len(claims), earlier=earlier)


def _what(claim: Claim, place: str) -> str:
    if claim.place and claim.what.endswith(claim.place):
        return claim.what[: -len(claim.place)] + place
    return claim.what
