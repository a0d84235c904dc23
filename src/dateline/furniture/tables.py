"""The furniture step's table in the store: one row per site and piece, this module its only
reader and writer (the SQL of the step lives here and nowhere else)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any


@dataclass
class PieceCount:
    """How often one piece was seen at one site, and on how many unrelated stories."""

    text: str
    articles: int = 0
    topics: list[list[str]] = field(default_factory=list)
    members: list[str] = field(default_factory=list)
    learned: bool = False


Key = tuple[str, str]  # (site, piece key)


def load_counts(store: Any) -> dict[Key, PieceCount]:
    """Every stored count."""
    rows = store.execute("SELECT site, key, text, articles, topics, members, learned"
                         " FROM furniture_pieces")
    return {(r[0], r[1]): PieceCount(r[2], r[3], json.loads(r[4]), json.loads(r[5]), bool(r[6]))
            for r in rows}


def save_counts(store: Any, counts: Iterable[tuple[Key, PieceCount]]) -> None:
    """Write (insert or replace) the given counts, in the caller's transaction if any."""
    rows = ((site, key, c.text, c.articles, json.dumps(c.topics), json.dumps(c.members),
             int(c.learned)) for (site, key), c in counts)
    with store.transaction():
        store.executemany("INSERT OR REPLACE INTO furniture_pieces VALUES (?,?,?,?,?,?,?)", rows)


def clear_counts(store: Any) -> None:
    with store.transaction():
        store.execute("DELETE FROM furniture_pieces")


def learned_rows(store: Any) -> Iterator[tuple[str, str, str, int]]:
    """(site, key, text, articles) of every learned piece, most frequent first."""
    yield from store.execute("SELECT site, key, text, articles FROM furniture_pieces"
                             " WHERE learned=1 ORDER BY site, articles DESC, key")
