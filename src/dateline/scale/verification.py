"""The last step of the Spark copy step: verify the pairs left and decide their direction.

Every pair meets the rules of :mod:`dateline.copies.rules` as locally: the prefilter on the
full signatures (the sketches stood in for them so far), ``verify`` on the two articles'
content shingles (``content_shingles``, made once per article by :func:`content_sides`) and
``link`` for the direction.

What a pair needs of its two articles reaches the task in one of two ways:

- :func:`verified_by_join`: the pairs join the two articles' rows of :func:`content_sides`,
  each join shuffling every pair with its article's shingles (some 4 kB a pair); scales
  with the cluster's disks, slice by slice;
- :func:`verified_by_broadcast`: the rows of :func:`content_sides` are collected once into a
  :class:`Sides` table and broadcast, and the tasks look the two articles of each pair up in
  it, so nothing but the pairs is shuffled; every Python worker holds the whole table.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from dateline.copies import rules
from dateline.copies.derivation import Provenance
from dateline.copies.detector import CopyDetector
from dateline.copies.rules import Thresholds

SIDE_COLUMNS = ("pos", "id", "n_shingles", "published", "credited", "own", "boilerplate",
                "exact_key", "signature")
SIDE_SCHEMA = ("pos long, id string, n_shingles int, published string, credited array<string>, "
               "own string, boilerplate int, exact_key string, signature binary, "
               "content binary")
LINK_SCHEMA = "original string, copy string, similarity double, kind string, direction string"
# the columns of a side in a joined pair row, after the pair's "a" or "b"
_JOINED = ("id", "n", "pub", "cred", "own", "bp", "key", "sig", "ct")


def binary_values(column: Any, width: int | None = None, dtype: str = "<u8") -> Any:
    """An Arrow binary column as numpy without copying each value: ``(n, width)`` when every
    value holds ``width`` items of ``dtype``, else the flat items and the offsets (in items)
    of each value."""
    import pyarrow as pa

    size = np.dtype(dtype).itemsize
    offset_type = np.int64 if pa.types.is_large_binary(column.type) else np.int32
    _, offsets, data = column.buffers()
    bounds = np.frombuffer(offsets, offset_type)[column.offset : column.offset + len(column) + 1]
    raw = np.zeros(0, np.uint8) if data is None else np.frombuffer(data, np.uint8)
    items = raw[bounds[0] : bounds[-1]].view(dtype)
    if width is not None:
        return items.reshape(-1, width)
    return items, (bounds - bounds[0]) // size


@dataclass
class Sides:
    """What a link needs of some articles, row ``j`` for the ``j``-th: id, number of
    shingles, provenance, exact key, signature and content shingles."""

    ids: list[str]
    n: list[int]
    published: list[str | None]
    credited: list[list[str] | None]
    own: list[str | None]
    boilerplate: list[int]
    keys: np.ndarray  # object: the exact keys
    signatures: np.ndarray  # (rows, num_perm) uint32
    content: np.ndarray  # every row's content shingles, one after the other
    at: np.ndarray  # row j's content shingles are content[at[j] : at[j + 1]]

    @classmethod
    def of_columns(cls, columns: dict[str, Any], names: tuple[str, ...], num_perm: int
                   ) -> Sides:
        """From Arrow columns named ``names`` in the order of ``_JOINED``."""
        get = dict(zip(_JOINED, names, strict=True))
        content, at = binary_values(columns[get["ct"]])
        return cls(*(columns[get[x]].to_pylist() for x in ("id", "n", "pub", "cred", "own",
                                                            "bp")),
                   np.array(columns[get["key"]].to_pylist(), dtype=object),
                   binary_values(columns[get["sig"]], num_perm, "<u4"), content, at)

    def provenance(self, j: int) -> Provenance:
        return Provenance(self.published[j], frozenset(self.credited[j] or ()), self.own[j],
                          self.boilerplate[j])

    def shingles(self, j: int) -> np.ndarray:
        return self.content[self.at[j] : self.at[j + 1]]


def _links(thresholds: Thresholds, exact: np.ndarray, a: Sides, ia: np.ndarray, b: Sides,
           ib: np.ndarray) -> list[tuple[Any, ...]]:
    """The links of pairs ``(a row ia[i], b row ib[i])``, as the local detector makes them;
    ``exact[i]`` says the pair is an exact one (``rules.exact_pairs``)."""
    passed = np.zeros(len(ia), dtype=bool)
    passed[rules.prefiltered(a.signatures[ia], b.signatures[ib], thresholds)] = True
    same_key = a.keys[ia] == b.keys[ib]  # joined as exact already, or not at all
    out: list[tuple[Any, ...]] = []
    for i in np.flatnonzero(exact | (passed & ~same_key)).tolist():
        ja, jb = int(ia[i]), int(ib[i])
        verdict = (rules.exact(b.n[jb]) if exact[i]
                   else rules.verify(a.shingles(ja), b.shingles(jb), thresholds))
        if verdict is not None:
            link = rules.link(a.ids[ja], b.ids[jb], verdict, a.provenance(ja),
                              b.provenance(jb), a.n[ja], b.n[jb])
            out.append((link.original, link.copy, link.similarity, link.kind, link.direction))
    return out


def _link_batch(out: list[tuple[Any, ...]]) -> Any:
    import pyarrow as pa

    return pa.RecordBatch.from_arrays(
        [pa.array(list(column)) for column in zip(*out, strict=True)],
        ["original", "copy", "similarity", "kind", "direction"])


def _content_batches(stop: Any):  # type: ignore[no-untyped-def]
    """The fingerprint rows a link needs, the shingles replaced by the content shingles
    (``rules.content_shingles``: stop shingles out), made once per article instead of once
    per pair in the verification."""
    def run(batches: Iterable[Any]) -> Iterator[Any]:
        import pyarrow as pa

        words = None if stop.value is None else np.sort(np.asarray(stop.value, np.uint64))
        for batch in batches:
            if batch.num_rows == 0:
                continue
            shingles, at = binary_values(batch.column("shingles"))
            content = [rules.content_shingles(shingles[at[i] : at[i + 1]], words)
                       .astype("<u8").tobytes() for i in range(batch.num_rows)]
            yield pa.RecordBatch.from_arrays(
                [batch.column(name) for name in SIDE_COLUMNS] + [pa.array(content, pa.binary())],
                [*SIDE_COLUMNS, "content"])
    return run


def content_sides(fps: Any, detector: CopyDetector, stop_b: Any) -> Any:
    """What a link needs of each article (``SIDE_SCHEMA``): the fingerprint columns, the
    shingles replaced by the content shingles (stop shingles out, the broadcast ``stop_b``).

    ``find_copies`` makes it once for both sides of every slice: once per side costs the
    copy step about 10% more for the same links (docs/decisions.md)."""
    return fps.select(*SIDE_COLUMNS, "shingles").mapInArrow(
        _content_batches(stop_b), SIDE_SCHEMA)


def sides_bytes(fps: Any, num_perm: int) -> int:
    """About the bytes of :func:`content_sides` for ``fps``: every shingle (the content
    shingles are at most those), the signatures, and some 200 bytes an article of ids and
    provenance."""
    from pyspark.sql import functions as F

    row = fps.agg(F.sum("n_shingles").alias("s"), F.count("*").alias("n")).first()
    return int(row["s"] or 0) * 8 + int(row["n"]) * (4 * num_perm + 200)


def verified_by_join(sides: Any, pairs: Any, detector: CopyDetector,
                     part: tuple[int, int] | None = None) -> Any:
    """The links of ``pairs``, or of the slice ``part`` = (s, slices) of them: the pairs
    whose first article's position hashes to ``s`` modulo ``slices``. ``sides`` is
    :func:`content_sides`: the content shingles travel with the pairs that passed the
    prefilter only."""
    from pyspark.sql import functions as F

    first = sides
    if part is not None:
        s, slices = part
        pairs = pairs.where(F.pmod(F.xxhash64("a"), F.lit(slices)) == s)
        first = sides.where(F.pmod(F.xxhash64("pos"), F.lit(slices)) == s)
    a = first.toDF("a", *(f"a_{x}" for x in _JOINED))
    b = sides.toDF("b", *(f"b_{x}" for x in _JOINED))
    return pairs.join(a, "a").join(b, "b").mapInArrow(
        _joined_batches(detector.thresholds, detector.num_perm), LINK_SCHEMA)


def _joined_batches(thresholds: Thresholds, num_perm: int):  # type: ignore[no-untyped-def]
    """Links of pair rows that carry both articles' sides (:func:`verified_by_join`)."""
    names = {x: tuple(f"{x}_{name}" for name in _JOINED) for x in "ab"}

    def run(batches: Iterable[Any]) -> Iterator[Any]:
        for batch in batches:
            if batch.num_rows == 0:
                continue
            columns = {name: batch.column(name) for name in batch.schema.names}
            rows = np.arange(batch.num_rows)
            out = _links(thresholds, columns["exact"].to_numpy(zero_copy_only=False),
                         Sides.of_columns(columns, names["a"], num_perm), rows,
                         Sides.of_columns(columns, names["b"], num_perm), rows)
            if out:
                yield _link_batch(out)
    return run


def side_table(sides: Any, num_perm: int) -> tuple[np.ndarray, Sides]:
    """(positions in increasing order, their :class:`Sides`): :func:`content_sides`
    collected on the driver, to be broadcast."""
    table = sides.toArrow().sort_by("pos")
    columns = {name: table.column(name).combine_chunks() for name in table.column_names}
    names = ("id", "n_shingles", "published", "credited", "own", "boilerplate", "exact_key",
             "signature", "content")
    return columns["pos"].to_numpy(), Sides.of_columns(columns, names, num_perm)


def verified_by_broadcast(pairs: Any, table: Any, detector: CopyDetector) -> Any:
    """The links of ``pairs``, each task looking both articles up in the broadcast ``table``
    (:func:`side_table`)."""
    return pairs.mapInArrow(_looked_up_batches(detector.thresholds, table), LINK_SCHEMA)


def _looked_up_batches(thresholds: Thresholds, table: Any):  # type: ignore[no-untyped-def]
    def run(batches: Iterable[Any]) -> Iterator[Any]:
        positions, sides = table.value
        for batch in batches:
            if batch.num_rows == 0:
                continue
            ia = np.searchsorted(positions, batch.column("a").to_numpy())
            ib = np.searchsorted(positions, batch.column("b").to_numpy())
            out = _links(thresholds, batch.column("exact").to_numpy(zero_copy_only=False),
                         sides, ia, sides, ib)
            if out:
                yield _link_batch(out)
    return run
