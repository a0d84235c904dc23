"""Explicit merges and splits of stories, recorded in an operation log and reversible.

Clustering never merges or splits a story on its own after the fact: a user (or a reviewing
step) does it with :func:`merge` or :func:`split`, and :func:`undo` reverses the recorded
operation exactly (centroid sums are additive, so a reversal subtracts what was added).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import numpy as np

from dateline.model import Article

if TYPE_CHECKING:
    from dateline.stories.clusterer import StoryClusterer


class EditError(ValueError):
    """A merge, split or undo that cannot be done (unknown id, nothing to move...)."""


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def _sums(model: StoryClusterer, kind: str, cid: str) -> dict[str, Any]:
    cents, row = (model.stories, model.story_row[cid]) if kind == "story" else (
        model.events, model.event_row[cid])
    return {"emb": cents.emb[row].tolist(), "terms": cents.terms[row].tolist(),
            "count": float(cents.count[row])}


def _shift(model: StoryClusterer, kind: str, cid: str, sums: dict[str, Any],
           sign: float) -> None:
    cents, row = (model.stories, model.story_row[cid]) if kind == "story" else (
        model.events, model.event_row[cid])
    cents.emb[row] += sign * np.asarray(sums["emb"], dtype=np.float32)
    cents.terms[row] += sign * np.asarray(sums["terms"], dtype=np.float32)
    cents.count[row] = max(0.0, cents.count[row] + sign * sums["count"])
    if cents.count[row] == 0.0:
        cents.emb[row] = 0.0
        cents.terms[row] = 0.0
    cents.renorm(np.array([row]))
    _redate(model, kind, cid)


def _redate(model: StoryClusterer, kind: str, cid: str) -> None:
    """Recompute a cluster's first and last day from its members' dates."""
    from dateline.stories.clusterer import day_number

    owner = model.story_of if kind == "story" else model.event_of
    days = [day_number(model.infos[a].date) for a, c in owner.items()
            if c == cid and model.infos[a].date]
    cents, row = (model.stories, model.story_row[cid]) if kind == "story" else (
        model.events, model.event_row[cid])
    cents.first[row] = min(days) if days else np.nan
    cents.last[row] = max(days) if days else np.nan


def _record(model: StoryClusterer, op: dict[str, Any]) -> int:
    op_id = len(model.ops) + 1
    model.ops.append({"id": op_id, "at": _now(), "undone": False, **op})
    return op_id


def merge(model: StoryClusterer, into: str, other: str, note: str = "") -> int:
    """Move every article and event of story ``other`` into story ``into``; returns the op id.

    ``other`` stops existing (its id is never reused); :func:`undo` brings it back.
    """
    for sid in (into, other):
        if sid not in model.story_row or not any(s == sid for s in model.story_of.values()):
            raise EditError(f"no story {sid!r}")
    if into == other:
        raise EditError("a story cannot be merged into itself")
    articles = [a for a, s in model.story_of.items() if s == other]
    events = [e for e, s in model.event_story.items() if s == other]
    sums = _sums(model, "story", other)
    for aid in articles:
        model.story_of[aid] = into
    for eid in events:
        model.event_story[eid] = into
    _shift(model, "story", other, sums, -1.0)
    _shift(model, "story", into, sums, 1.0)
    return _record(model, {"op": "merge", "into": into, "from": other, "articles": articles,
                           "events": events, "sums": sums, "note": note})


def split(model: StoryClusterer, story: str, articles: list[Article], note: str = "") -> tuple[
        int, str]:
    """Move ``articles`` (and their copies) out of ``story`` into a new story.

    An event all of whose articles move goes with them; an event split in two leaves its moved
    articles in a new event. Returns the op id and the new story's id.
    """
    moving = {a.id for a in articles}
    if not moving or any(model.story_of.get(a) != story for a in moving):
        raise EditError(f"every article to split off must be in story {story!r}")
    moving |= {a for a, i in model.infos.items() if i.group in moving
               and model.story_of.get(a) == story}
    if moving >= {a for a, s in model.story_of.items() if s == story}:
        raise EditError("a split must leave at least one article in the story")
    heads = [a for a in articles if model.infos[a.id].group == a.id]
    E, T = model._vectors(heads, learn=False)
    ordered = sorted(moving, key=lambda a: (model.infos[a].date or "9999", a))
    new = model._new_id("s", ordered[0])
    model.stories.add_clusters([new])
    model.story_row[new] = len(model.stories) - 1
    total = {"emb": E.sum(axis=0).tolist(), "terms": T.sum(axis=0).tolist(),
             "count": float(len(heads))}
    before = {a: [model.story_of[a], model.event_of[a]] for a in moving}
    for aid in moving:
        model.story_of[aid] = new
    _shift(model, "story", story, total, -1.0)
    _shift(model, "story", new, total, 1.0)
    moved_events, new_events = [], {}
    by_event: dict[str, list[str]] = {}
    for aid in moving:
        by_event.setdefault(before[aid][1], []).append(aid)
    index = {a.id: n for n, a in enumerate(heads)}
    for eid, aids in sorted(by_event.items()):
        if all(model.story_of[a] == new for a, e in model.event_of.items() if e == eid):
            model.event_story[eid] = new
            moved_events.append(eid)
            continue
        rows = [index[a] for a in aids if a in index]
        part = {"emb": E[rows].sum(axis=0).tolist(), "terms": T[rows].sum(axis=0).tolist(),
                "count": float(len(rows))}
        fresh = model._new_id("e", sorted(aids)[0])
        model.events.add_clusters([fresh])
        model.event_row[fresh] = len(model.events) - 1
        model.event_story[fresh] = new
        for aid in aids:
            model.event_of[aid] = fresh
        _shift(model, "event", eid, part, -1.0)
        _shift(model, "event", fresh, part, 1.0)
        new_events[fresh] = {"from": eid, "sums": part}
        held = model.label_of.get(eid)
        if held and held[0] in aids:
            model.label_of.pop(eid)
        model.label_of.setdefault(fresh, (sorted(aids)[0], 0.0))
    held = model.label_of.get(story)
    if held and held[0] in moving:
        model.label_of.pop(story)
    model.label_of[new] = (ordered[0], 0.0)
    return _record(model, {"op": "split", "from": story, "new": new, "before": before,
                           "sums": total, "moved_events": moved_events,
                           "new_events": new_events, "note": note}), new


def undo(model: StoryClusterer, op_id: int) -> None:
    """Reverse a recorded merge or split (the latest first: later edits may depend on it)."""
    live = [op for op in model.ops if not op["undone"]]
    if not live or live[-1]["id"] != op_id:
        raise EditError(f"only the latest operation still in force can be undone; "
                        f"that is {live[-1]['id'] if live else 'none'}")
    op = live[-1]
    if op["op"] == "merge":
        for aid in op["articles"]:
            model.story_of[aid] = op["from"]
        for eid in op["events"]:
            model.event_story[eid] = op["from"]
        _shift(model, "story", op["into"], op["sums"], -1.0)
        _shift(model, "story", op["from"], op["sums"], 1.0)
    elif op["op"] == "split":
        for aid, (sid, eid) in op["before"].items():
            model.story_of[aid] = sid
            model.event_of[aid] = eid
        for eid in op["moved_events"]:
            model.event_story[eid] = op["from"]
        for fresh, info in op["new_events"].items():
            model.event_story.pop(fresh, None)
            _shift(model, "event", fresh, info["sums"], -1.0)
            _shift(model, "event", info["from"], info["sums"], 1.0)
            model.label_of.pop(fresh, None)
        _shift(model, "story", op["new"], op["sums"], -1.0)
        _shift(model, "story", op["from"], op["sums"], 1.0)
        model.label_of.pop(op["new"], None)
    else:
        raise EditError(f"operation {op_id} ({op['op']}) cannot be undone")
    op["undone"] = True
