"""The analysis stage's table (migration ``analyze_0001_cache``): the one module that reads and
writes it.

``analyze_cache`` holds one row per article: the key its analysis was made with and the
analysis as zlib-compressed JSON (:mod:`dateline.analyze.cache` makes both and decides when a
row may be reused).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from dateline.store import Store

Row = tuple[str, str, bytes]  # article id, key, compressed analysis


def cached_rows(store: Store) -> Iterator[Row]:
    """Every stored analysis row."""
    for row in store.execute("SELECT article_id, key, data FROM analyze_cache"):
        yield row[0], row[1], row[2]


def put_rows(store: Store, rows: Iterable[Row]) -> None:
    """Write rows (one transaction; a row replaces the article's older one)."""
    with store.transaction():
        store.executemany("INSERT OR REPLACE INTO analyze_cache VALUES (?, ?, ?)", rows)
