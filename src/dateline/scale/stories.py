"""Stories on Spark: embeddings and term counts per partition, blocks by time window, the
local clusterer in each block, stories merged across neighbouring blocks.

The steps:

1. copy groups: the copy links are joined into groups on the driver
   (``copies.groups.copy_leaders``, the groups of ``CopyDetector.groups_``); the first member
   in input order leads the group, as the local ``StoryClusterer`` takes the first it reads;
2. embeddings of the group leaders (the articles that shape the centroids), per partition,
   with the local :func:`dateline.stories.embeddings.embed_articles` (the model is loaded once
   per Python worker: the module keeps it, and Spark reuses its workers), and every article's
   raw term counts (the local :func:`~dateline.stories.features.term_counts`: most of a
   local fit's time without embeddings, so it runs on all cores, not in the block's task);
3. blocks (:func:`plan_blocks`): when the leaders number at most ``block_size``, one block;
   else runs of consecutive publication days holding at most ``block_size`` leaders, and the
   undated leaders spread by id hash; copies go to their leader's block (a copy group is never
   cut);
4. each block is clustered by the local :class:`~dateline.stories.StoryClusterer` (``fit``
   with the block's copy groups and the embeddings and counts of step 2): the stories,
   events, labels and ids the local path gives on the block alone (on the whole corpus when
   it is one block);
5. merging on the driver, over the stories only (not the articles): walking the blocks in time
   order, a story of a block and a story of the block before (or a story merged into one) that
   are each other's most similar and at least ``merge_threshold`` alike become one story, by
   the similarity ``refine`` uses in the local fit; stories of undated articles are compared
   with all the others. A merged story keeps the id of its earliest part: the local id scheme
   (``s`` + hash of the story's first article by day, then input order) gives that id.

Where it differs from one local ``fit`` over everything (only with more than one block): term
weights (idf) inside a block's fit are those of the block; a story that the local leader pass
would grow across a block boundary is cut there and glued back only when its two halves pass
the merge test; events are not re-clustered after a merge (a merged story holds the events of
its parts). ``docs/spark.md`` gives the measured difference.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from dateline.copies.groups import copy_leaders
from dateline.scale.articles import load_article
from dateline.scale.verification import binary_values
from dateline.stories.features import HASH_FEATURES

EMBED_CHUNK = 256
BLOCK_SIZE = 20_000  # leaders per block: the local fit takes seconds at this size
# one schema for the two kinds of rows a block yields: article assignments and clusters
_BLOCK_SCHEMA = ("kind string, id string, story string, event string, grp string, "
                 "date string, headline string, outlet string, count double, first double, "
                 "last double, emb binary, terms binary, label_article string, "
                 "label_score double, label_emb binary, seed_day double, seed_pos long, "
                 "block long")
STORY_COLUMNS = ("id", "story", "event", "grp", "date", "headline", "outlet")
CLUSTER_COLUMNS = ("kind", "id", "story", "count", "first", "last", "emb", "terms",
                   "label_article", "label_score", "seed_day", "seed_pos")


def plan_blocks(day_counts: Iterable[tuple[float, int]], block_size: int
                ) -> tuple[dict[float, int], int]:
    """Blocks from the number of leaders of each day: (day -> block, undated blocks).

    When all leaders fit one block (``block_size``), everything is block 0, dated or not, and
    the result is the local fit's. Otherwise consecutive days fill blocks 0, 1, ... of at most
    ``block_size`` leaders (a day with more is a block of its own), and the undated leaders
    are spread over blocks -1, -2, ... of about ``block_size`` by a hash of their id.
    """
    counts = sorted((day, n) for day, n in day_counts if not math.isnan(day))
    undated = sum(n for day, n in day_counts if math.isnan(day))
    if sum(n for _, n in counts) + undated <= block_size:
        return {day: 0 for day, _ in counts}, 0
    plan: dict[float, int] = {}
    block, filled = 0, 0
    for day, n in counts:
        if filled and filled + n > block_size:
            block, filled = block + 1, 0
        plan[day] = block
        filled += n
    return plan, -(-undated // block_size)


def _feature_batches(use_embeddings: bool, max_tokens: int):  # type: ignore[no-untyped-def]
    """Arrow batches of (pos, id, article, leader) -> (pos, id, leader) with the publication
    day, the leader's embedding (float32 bytes; null for a copy or without embeddings) and the
    article's raw term counts (:func:`counts_blob`): the per-article work of the local fit,
    done here in parallel so the block task only clusters. The article is not passed on:
    this output is persisted, and the block step joins the articles again."""
    def run(batches: Iterable[Any]) -> Iterator[Any]:
        import pyarrow as pa

        from dateline.stories.clusterer import day_number
        from dateline.stories.embeddings import embed_articles
        from dateline.stories.features import article_terms_text, term_counts

        for batch in batches:
            ids = batch.column("id").to_pylist()
            leaders = batch.column("leader").to_pylist()
            days, vectors, counts = [], [], []
            for start in range(0, len(ids), EMBED_CHUNK):
                chunk = [load_article(x) for x in
                         batch.column("article").slice(start, EMBED_CHUNK).to_pylist()]
                days += [day_number(a.published_day) for a in chunk]
                matrix = term_counts(article_terms_text(a) for a in chunk)
                counts += [counts_blob(matrix, i) for i in range(len(chunk))]
                heads = [a for i, a in enumerate(chunk, start) if leaders[i] == ids[i]]
                found = iter(embed_articles(heads, max_tokens) if use_embeddings and heads
                             else [])
                vectors += [next(found).astype("<f4").tobytes()
                            if use_embeddings and leaders[i] == ids[i] else None
                            for i in range(start, start + len(chunk))]
            yield pa.RecordBatch.from_arrays(
                [batch.column("pos"), batch.column("id"), batch.column("leader"),
                 pa.array(days, pa.float64()), pa.array(vectors, pa.binary()),
                 pa.array(counts, pa.binary())],
                ["pos", "id", "leader", "day", "emb", "counts"])
    return run


def counts_blob(matrix: Any, row: int) -> bytes:
    """Row ``row`` of a term count matrix (csr) as bytes: its columns, then its counts
    (int32 each; counts are whole numbers)."""
    lo, hi = matrix.indptr[row], matrix.indptr[row + 1]
    return np.concatenate([matrix.indices[lo:hi], matrix.data[lo:hi]]).astype("<i4").tobytes()


def counts_matrix(blobs: list[Any]) -> Any:
    """The csr matrix of :func:`counts_blob` rows (as bytes, or int32 arrays viewing them),
    as the local count gives it."""
    from scipy import sparse

    from dateline.stories.features import HASH_FEATURES

    rows = [np.frombuffer(b, "<i4").reshape(2, -1) for b in blobs]  # columns, counts
    indptr = np.concatenate([[0], np.cumsum([row.shape[1] for row in rows], dtype=np.int64)])
    flat = np.concatenate(rows, axis=1) if rows else np.zeros((2, 0), "<i4")
    return sparse.csr_matrix((flat[1].astype(np.float64), flat[0].astype(np.int32), indptr),
                             shape=(len(blobs), HASH_FEATURES))


def _cluster_rows(model: Any, kind: str, cents: Any, emb_of: dict[str, np.ndarray],
                  seed: dict[str, tuple[float, int]], block: int) -> Iterator[tuple[Any, ...]]:
    for row, cid in enumerate(cents.ids):
        label, score = model.label_of.get(cid, (None, None))
        label_emb = emb_of.get(label) if label else None
        day, pos = seed[cid]
        yield (kind, cid, model.event_story.get(cid) if kind == "event" else cid, None, None,
               None, None, None, float(cents.count[row]), float(cents.first[row]),
               float(cents.last[row]), cents.emb[row].astype("<f4").tobytes(),
               cents.terms[row].astype("<f4").tobytes(), label, score,
               None if label_emb is None else label_emb.astype("<f4").tobytes(), day, pos,
               block)


def _block_arrow(params: dict[str, Any]):  # type: ignore[no-untyped-def]
    """The block task on one block's rows as an Arrow table (``groupBy(...).applyInArrow``):
    the rows of :func:`_block_task` as an Arrow table of ``_BLOCK_SCHEMA``.

    A block holds up to hundreds of thousands of articles, so its columns are read without a
    second Python copy alive at once: the articles' JSON one Arrow chunk at a time, the
    embeddings and term counts as numpy views of the Arrow buffers: with every column made a
    Python list first, 1M articles ran the machine out of memory (docs/decisions.md)."""
    task = _block_task(params)

    def run(table: Any) -> Any:
        import pyarrow as pa

        order = np.argsort(table.column("pos").to_numpy(), kind="stable").tolist()
        rows = {name: table.column(name).to_pylist() for name in ("pos", "id", "leader", "day")}
        rows = {name: [values[i] for i in order] for name, values in rows.items()}
        articles = [load_article(text) for chunk in table.column("article").chunks
                    for text in chunk.to_pylist()]
        block = table.column("block")[0].as_py() if table.num_rows else 0
        embs = _binary_views(table.column("emb"), "<f4")
        counts = _binary_views(table.column("counts"), "<i4")
        out = list(task(block, rows, [articles[i] for i in order], [embs[i] for i in order],
                        [counts[i] for i in order]))
        types = _block_types()
        return pa.Table.from_arrays(
            [pa.array(list(values), kind) for values, kind
             in zip(zip(*out, strict=True), types, strict=True)] if out
            else [pa.array([], kind) for kind in types],
            [part.split()[0] for part in _BLOCK_SCHEMA.split(", ")])
    return run


def _binary_views(column: Any, dtype: str) -> list[np.ndarray | None]:
    """Each value of an Arrow binary column (chunked) as a numpy view of its buffer, ``None``
    for a null: no copy of the bytes."""
    views: list[np.ndarray | None] = []
    for chunk in column.chunks:
        items, at = binary_values(chunk, dtype=dtype)
        valid = chunk.is_valid().to_numpy(zero_copy_only=False)
        views += [items[at[k] : at[k + 1]] if valid[k] else None for k in range(len(chunk))]
    return views


def _block_types() -> list[Any]:
    import pyarrow as pa

    kinds = {"string": pa.string(), "double": pa.float64(), "binary": pa.binary(),
             "long": pa.int64()}
    return [kinds[part.split()[1]] for part in _BLOCK_SCHEMA.split(", ")]


def _block_task(params: dict[str, Any]):  # type: ignore[no-untyped-def]
    def run(block: int, rows: dict[str, list[Any]], articles: list[Any],
            embs: list[np.ndarray | None], counts: list[Any]) -> Iterator[tuple[Any, ...]]:
        """One block's members in input order: ``rows`` (columns ``pos``, ``id``, ``leader``,
        ``day``), their articles, embeddings (leaders only) and term counts."""
        from dateline.stories.clusterer import StoryClusterer
        from dateline.stories.embeddings import DIM

        ids, leaders = rows["id"], rows["leader"]
        emb_of = {i: e for i, e in zip(ids, embs, strict=True) if e is not None}
        counts_of = dict(zip(ids, counts, strict=True))
        groups: dict[str, list[str]] = {}
        for article_id, leader in zip(ids, leaders, strict=True):
            groups.setdefault(leader, []).append(article_id)

        def embedder(batch: list[Any]) -> np.ndarray:
            if not batch:
                return np.zeros((0, DIM), np.float32)
            return np.stack([emb_of[a.id] for a in batch])

        def counter(batch: list[Any]) -> Any:
            return counts_matrix([counts_of[a.id] for a in batch])

        model = StoryClusterer(**params, embedder=embedder, term_counter=counter).fit(
            articles, copy_groups=[g for g in groups.values() if len(g) > 1])
        # the first leader of each story and event (by day, then input order), as the id
        seed: dict[str, tuple[float, int]] = {}
        for article_id, leader, day, pos in zip(ids, leaders, rows["day"], rows["pos"],
                                                strict=True):
            if leader != article_id:
                continue
            key = (math.inf if math.isnan(day) else day, pos)
            for cid in (model.story_of[article_id], model.event_of[article_id]):
                if cid not in seed or key < seed[cid]:
                    seed[cid] = key
        for article_id in ids:
            info = model.infos[article_id]
            yield ("article", article_id, model.story_of[article_id], model.event_of[article_id],
                   info.group, info.date, info.headline, info.outlet, *[None] * 11)
        yield from _cluster_rows(model, "story", model.stories, emb_of, seed, block)
        yield from _cluster_rows(model, "event", model.events, emb_of, seed, block)
        # the block's term document frequencies: blocks partition the corpus, so their sum is
        # what one local fit over everything counts
        present = np.flatnonzero(model.folder.df)
        yield ("df", None, None, None, None, None, None, None, float(model.folder.n_docs),
               None, None, present.astype("<i4").tobytes(),
               model.folder.df[present].astype("<i4").tobytes(), *[None] * 6)
    return run


@dataclass
class _Story:
    """A story of one block, or several merged: running sums as in ``Centroids``."""

    id: str
    emb: np.ndarray
    terms: np.ndarray
    count: float
    first: float
    last: float
    seed: tuple[float, int]
    labels: list[tuple[str, np.ndarray | None]] = field(default_factory=list)
    label: tuple[str | None, float | None] = (None, None)
    parts: list[str] = field(default_factory=list)

    def absorb(self, other: _Story) -> None:
        self.emb = self.emb + other.emb
        self.terms = self.terms + other.terms
        self.count += other.count
        self.first = float(np.fmin(self.first, other.first))
        self.last = float(np.fmax(self.last, other.last))
        if other.seed < self.seed:  # the merged story is named after its first article
            self.id, other.id = other.id, self.id
            self.seed = other.seed
        self.labels += other.labels
        self.parts += other.parts


def _story(row: Any) -> _Story:
    label_emb = None if row["label_emb"] is None else np.frombuffer(row["label_emb"], "<f4")
    return _Story(row["id"], np.frombuffer(row["emb"], "<f4").astype(np.float64),
                  np.frombuffer(row["terms"], "<f4").astype(np.float64), row["count"],
                  row["first"], row["last"], (row["seed_day"], row["seed_pos"]),
                  [(row["label_article"], label_emb)] if row["label_article"] else [],
                  (row["label_article"], row["label_score"]), [row["id"]])


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return x / norms


def _mutual_pairs(later: list[_Story], earlier: list[_Story], sim: Any, threshold: float
                  ) -> list[tuple[int, int]]:
    """(i, j): ``later[i]`` and ``earlier[j]`` each other's most similar story among both
    lists, and ``threshold`` alike: the merge test of the local ``refine`` (centroid cosines,
    discounted by the gap between one story's first day and the other's days)."""
    from dateline.stories.clustering import penalty

    if not later or not earlier:
        return []
    both = later + earlier
    ue = _unit(np.stack([s.emb for s in both]))
    ut = _unit(np.stack([s.terms for s in both]))
    first = np.array([s.first for s in both])
    last = np.array([s.last for s in both])
    s = sim.embed_weight * (ue @ ue.T) + (1.0 - sim.embed_weight) * (ut @ ut.T)
    s = s * (1.0 - penalty(first, first, last, sim))
    np.fill_diagonal(s, -np.inf)
    best = s.argmax(axis=1)
    n = len(later)
    return [(i, int(best[i]) - n) for i in range(n)
            if best[i] >= n and best[best[i]] == i and s[i, best[i]] >= threshold]


def merge_blocks(rows: Iterable[Any], sim: Any, threshold: float) -> list[_Story]:
    """Stories of all blocks (rows of kind ``story``), merged across neighbouring blocks."""
    by_block: dict[int, list[_Story]] = {}
    for row in rows:
        by_block.setdefault(row["block"], []).append(_story(row))
    for stories in by_block.values():
        stories.sort(key=lambda s: s.seed)
    done: list[_Story] = []
    frontier: list[_Story] = []  # the stories with a part in the previous block
    previous: int | None = None
    for block in sorted(b for b in by_block if b >= 0):
        current = by_block[block]
        if previous is None or block != previous + 1:
            done.extend(frontier)
            frontier = []
        grown: dict[int, _Story] = {}
        for i, j in _mutual_pairs(current, frontier, sim, threshold):
            frontier[j].absorb(current[i])
            grown[i] = frontier[j]
        kept = {id(g) for g in grown.values()}
        done.extend(s for s in frontier if id(s) not in kept)
        # a story merged across the boundary goes on to meet the next block
        frontier = [grown.get(i, s) for i, s in enumerate(current)]
        previous = block
    done.extend(frontier)
    undated = by_block.get(-1, [])
    absorbed = set()
    for i, j in _mutual_pairs(undated, done, sim, threshold):
        done[j].absorb(undated[i])
        absorbed.add(i)
    done.extend(s for i, s in enumerate(undated) if i not in absorbed)
    for story in done:
        _relabel(story)
    return sorted(done, key=lambda s: s.seed)


def _relabel(story: _Story) -> None:
    """The label of a merged story: of its parts' labels, the article nearest its centroid."""
    if len(story.parts) == 1 or not story.labels:
        return
    centre = story.emb / (np.linalg.norm(story.emb) or 1.0)
    scored = [(float(vector @ centre) if vector is not None else -np.inf, article)
              for article, vector in story.labels]
    score, article = max(scored, key=lambda x: x[0])
    story.label = (article, score if np.isfinite(score) else None)


def merged_ids(stories: list[_Story]) -> dict[str, str]:
    """Block story id -> final story id, for the parts that changed id."""
    return {part: s.id for s in stories for part in s.parts if part != s.id}


def _arrow_frame(spark: Any, columns: dict[str, list[Any]], schema: str) -> Any:
    """A DataFrame of these columns (strings), sent to Spark as one Arrow table."""
    import pyarrow as pa

    return spark.createDataFrame(
        pa.table({name: pa.array(values, pa.string()) for name, values in columns.items()}),
        schema)


@dataclass
class StoryTables:
    """The outputs of :func:`find_stories`: DataFrames and the corpus term statistics."""

    stories: Any  # one row per article: STORY_COLUMNS
    clusters: Any  # one row per story and event: CLUSTER_COLUMNS
    embeddings: Any  # id, vector (the leaders' embeddings; empty without embeddings)
    df: np.ndarray
    n_docs: int
    n_blocks: int
    cached: list[Any] = field(default_factory=list)

    def release(self) -> None:
        """Drop the intermediate results Spark keeps (after the tables are written)."""
        for frame in self.cached:
            frame.unpersist()


def find_stories(spark: Any, articles: Any, links: Any, clusterer: Any = None,
                 block_size: int = BLOCK_SIZE) -> StoryTables:
    """Stories of an articles DataFrame (``pos``, ``id``, ``article``; one row per id) with
    the copy ``links`` (``original``, ``copy``), clustered as :class:`StoryClusterer`
    ``clusterer`` (default: the local defaults) would cluster each time block.

    ``block_size`` caps the copy-group leaders of a block (see :func:`plan_blocks`): up to
    that many, the result is the local fit's; larger blocks agree more with one local fit
    and give fewer, larger tasks (one block is one task, and its fit holds it in memory).
    """
    from pyspark import StorageLevel
    from pyspark.sql import functions as F

    from dateline.stories.clusterer import StoryClusterer

    model = clusterer or StoryClusterer()
    params = model.get_params()
    # copy groups on the driver: memory in the links, not in the articles; to and from the
    # driver as Arrow tables, not one Row object per link
    ends = links.select("original", "copy").toArrow()
    pairs = list(zip(ends.column("original").to_pylist(), ends.column("copy").to_pylist(),
                     strict=True))
    linked = _arrow_frame(spark, {"id": sorted({x for p in pairs for x in p})}, "id string")
    positions = articles.join(linked, "id").select("id", "pos").toArrow()
    order = dict(zip(positions.column("id").to_pylist(), positions.column("pos").to_pylist(),
                     strict=True))
    leaders = copy_leaders(pairs, order)
    lead = _arrow_frame(spark, {"id": list(leaders), "leader": list(leaders.values())},
                        "id string, leader string")
    keyed = (articles.select("pos", "id", "article").join(lead, "id", "left")
             .withColumn("leader", F.coalesce("leader", "id")))
    # persisted without the articles: with them, this cache (a second copy of the corpus
    # beside the caller's) left no memory for the day count's aggregation in the same task
    # (AGGREGATE_OUT_OF_MEMORY, 100,000 dense articles with a 4g heap; 50,000 with 2g)
    embedded = keyed.select("pos", "id", "article", "leader").mapInArrow(
        _feature_batches(model.use_embeddings, model.max_tokens),
        "pos long, id string, leader string, day double, emb binary, counts binary",
    ).persist(StorageLevel.MEMORY_AND_DISK)
    leading = embedded.where("leader = id")
    plan, undated = plan_blocks([(r["day"], r["count"]) for r in
                                 leading.groupBy("day").count().collect()], block_size)
    days = spark.createDataFrame(list(plan.items()) or [(0.0, 0)], "day double, block long")
    spread = (F.lit(-1) - F.pmod(F.xxhash64("id"), F.lit(undated))) if undated else F.lit(0)
    heads = (leading.select("id", "day").join(days, "day", "left")
             .select(F.col("id").alias("leader"),
                     F.when(F.isnan("day"), spread).otherwise(F.col("block"))
                     .cast("long").alias("block")))
    placed = (embedded.join(heads, "leader")
              .select("id", "leader", "day", "emb", "counts", "block")
              .join(articles.select("pos", "id", "article"), "id"))
    # one block is one group, as Arrow (rows would be pickled one by one)
    out = (placed.select("pos", "id", "article", "leader", "day", "emb", "counts", "block")
           .groupBy("block").applyInArrow(_block_arrow(params), _BLOCK_SCHEMA)
           .persist(StorageLevel.MEMORY_AND_DISK))
    story_rows = out.where("kind = 'story'").collect()
    df, n_docs = np.zeros(HASH_FEATURES, np.int64), 0
    for row in out.where("kind = 'df'").select("emb", "terms", "count").collect():
        df[np.frombuffer(row["emb"], "<i4")] += np.frombuffer(row["terms"], "<i4")
        n_docs += int(row["count"])
    merged = merge_blocks(story_rows, model.story_similarity,
                          model.merge_threshold if model.merge_threshold is not None
                          else model.story_threshold)
    rename = merged_ids(merged)
    remap = _arrow_frame(spark, {"old": list(rename), "new": list(rename.values())},
                         "old string, new string")

    def renamed(frame: Any, column: str) -> Any:
        return (frame.join(remap, frame[column] == remap["old"], "left")
                .withColumn(column, F.coalesce("new", column)).drop("old", "new"))

    stories = renamed(out.where("kind = 'article'"), "story").select(*STORY_COLUMNS)
    events = renamed(out.where("kind = 'event'"), "story").select(*CLUSTER_COLUMNS)
    merged_rows = [("story", s.id, s.id, s.count, s.first, s.last,
                   s.emb.astype("<f4").tobytes(), s.terms.astype("<f4").tobytes(), *s.label,
                   *s.seed) for s in merged]
    clusters = spark.createDataFrame(merged_rows, events.schema).unionByName(events)
    vectors = embedded.where(F.col("emb").isNotNull()).select("id", F.col("emb").alias("vector"))
    n_blocks = len({r["block"] for r in story_rows})
    return StoryTables(stories, clusters, vectors, df.astype(np.int32), n_docs, n_blocks,
                       [embedded, out])
