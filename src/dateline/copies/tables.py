"""The copies stage's tables (migration ``copies_0001_index``): the one module that reads and
writes them, for the local detector and the Spark import alike.

- ``copies_signatures``: one row per indexed article: its slot (input order), exact key,
  shingle count and MinHash signature;
- ``copies_segments``: sorted runs of LSH band keys with the slot of each (a full fit);
- ``copies_buckets``: band keys of the articles indexed since the last segment;
- ``copies_links``: the verified links;
- state ``copies``: ``params``, ``stop`` (stop shingles), ``count`` (slots), ``seq`` (the
  last article sequence indexed).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import numpy as np

from dateline.model import CopyLink

STEP = "copies"
SEGMENT = 4_000_000  # band keys per stored segment row (32 MB of keys)
SignatureRow = tuple[str, int, str, int, bytes]  # article id, slot, exact key, shingles, sig


def signature_row(article_id: str, slot: int, exact_key: str, n_shingles: int,
                  signature: np.ndarray | bytes) -> SignatureRow:
    """A ``copies_signatures`` row (the signature as little-endian uint32)."""
    sig = signature if isinstance(signature, bytes) else signature.astype("<u4").tobytes()
    return (article_id, slot, exact_key, n_shingles, sig)


# -- writing ---------------------------------------------------------------------------------------

def replace_index(store: Any, segments: Iterable[tuple[np.ndarray, np.ndarray]]) -> None:
    """Empty every copies table and store the band key ``segments`` ((keys, slots) sorted by
    key): the start of a whole index, which :func:`append` then fills."""
    with store.transaction():
        for table in ("signatures", "links", "segments", "buckets"):
            store.execute(f"DELETE FROM copies_{table}")
        for keys, slots in segments:
            for start in range(0, len(keys), SEGMENT):  # a slice of a sorted run is sorted
                add_segment(store, keys[start : start + SEGMENT], slots[start : start + SEGMENT])


def append(store: Any, signatures: Iterable[SignatureRow], links: Iterable[CopyLink],
           params: dict[str, Any], stop: np.ndarray | None, count: int,
           seq: int | None = None) -> None:
    """Add signature rows and links (replacing those of the same article or pair) and save
    the detector's parameters, stop shingles, slot count and (when given) sequence."""
    with store.transaction():
        store.executemany("INSERT OR REPLACE INTO copies_signatures VALUES (?, ?, ?, ?, ?)",
                          signatures)
        store.executemany(
            "INSERT OR REPLACE INTO copies_links VALUES (?, ?, ?, ?, ?)",
            [(lk.original, lk.copy, lk.similarity, lk.kind, lk.direction) for lk in links])
        store.save_state(STEP, "params", params)
        if stop is not None:
            store.save_state(STEP, "stop", [int(x) for x in stop])
        store.save_state(STEP, "count", count)
        if seq is not None:
            store.save_state(STEP, "seq", seq)


def add_segment(store: Any, keys: np.ndarray, slots: np.ndarray) -> None:
    store.execute("INSERT INTO copies_segments (keys, slots) VALUES (?, ?)",
                  (keys.astype("<i8").tobytes(), slots.astype("<i8").tobytes()))


def add_buckets(store: Any, keys: np.ndarray, slots: np.ndarray) -> int:
    """Store the band keys ``keys`` (n, bands) of ``slots`` as bucket rows; the rows held."""
    flat_slots = np.repeat(slots.astype(np.int64), keys.shape[1])
    rows = sorted(zip(keys.ravel().tolist(), flat_slots.tolist(), strict=True))
    store.executemany("INSERT OR IGNORE INTO copies_buckets VALUES (?, ?)", rows)
    return int(store.execute("SELECT COUNT(*) FROM copies_buckets").fetchone()[0])


def buckets_to_segment(store: Any) -> None:
    """Move every bucket row into one more segment (sorted by key)."""
    pairs = store.execute("SELECT key, slot FROM copies_buckets ORDER BY key, slot").fetchall()
    add_segment(store, np.array([k for k, _ in pairs], dtype=np.int64),
                np.array([s for _, s in pairs], dtype=np.int64))
    store.execute("DELETE FROM copies_buckets")


# -- reading ---------------------------------------------------------------------------------------

def segments(store: Any) -> list[tuple[np.ndarray, np.ndarray]]:
    """The stored segments, (keys, slots) each, in the order written."""
    return [(np.frombuffer(keys, dtype="<i8"), np.frombuffer(slots, dtype="<i8"))
            for keys, slots in store.execute("SELECT keys, slots FROM copies_segments ORDER BY id")]


def bucket_rows(store: Any, keys: list[int]) -> Iterator[tuple[int, int]]:
    """(key, slot) bucket rows of the band keys ``keys``."""
    for start in range(0, len(keys), 500):  # one query per 500 keys, not one per key
        chunk = keys[start : start + 500]
        marks = ",".join("?" * len(chunk))
        yield from store.execute(
            f"SELECT key, slot FROM copies_buckets WHERE key IN ({marks})", chunk)


def signatures(store: Any, slots: list[int]) -> dict[int, np.ndarray]:
    """Slot -> stored signature, for those of ``slots`` that are stored."""
    found: dict[int, np.ndarray] = {}
    for start in range(0, len(slots), 500):
        chunk = slots[start : start + 500]
        marks = ",".join("?" * len(chunk))
        for slot, blob in store.execute(
                f"SELECT slot, signature FROM copies_signatures WHERE slot IN ({marks})", chunk):
            found[slot] = np.frombuffer(blob, dtype="<u4")
    return found


def first_slot(store: Any, exact_key: str) -> int | None:
    """The first slot indexed with ``exact_key``."""
    row = store.execute("SELECT slot FROM copies_signatures WHERE exact_key=? ORDER BY slot "
                        "LIMIT 1", (exact_key,)).fetchone()
    return None if row is None else int(row[0])


def slots(store: Any) -> Iterator[tuple[str, int]]:
    """(article id, slot) of every indexed article, by slot."""
    yield from store.execute("SELECT article_id, slot FROM copies_signatures ORDER BY slot")


def links(store: Any) -> list[CopyLink]:
    """The stored links, in a stable order (original, copy)."""
    return [CopyLink(*row) for row in store.execute(
        "SELECT original, copy, similarity, kind, direction FROM copies_links "
        "ORDER BY original, copy")]
