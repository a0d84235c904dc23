"""Story products on Spark: each story's timeline, overview and source comparison, built in
one task per story with the local functions of :mod:`dateline.summarize`.

The members of a story (its rows of the ``stories`` table) meet their ``analysis`` rows (article
and dated sentences) and the aligned copy links between two of them in a ``cogroup`` keyed by
story; the task then calls :func:`dateline.build.story_products`, what the local ``dateline
build`` runs for each story, with the members in the order of ``Story.article_ids`` (by id).
The parts are the fields of the build's
:class:`~dateline.report.document.StoryResult` (without the ``Story`` record, which the import
rebuilds from the story tables), as JSON. A story whose step raises becomes an error row (its
story id, ``failed to build timeline``, the exception); the other stories go on.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import Any

from dateline.model import AnalyzedArticle, CopyLink, Sentence, from_dict, to_dict
from dateline.scale.articles import load_article

TIMELINE_COLUMNS = ("story", "pos", "articles", "timeline", "summary", "comparison", "note")
_TIMELINE_SCHEMA = ("story string, pos long, articles long, timeline string, summary string, "
                    "comparison string, note string, path string, reason string, detail string")


def _products(story: str, members: list[tuple[Any, ...]], links: Iterable[str],
              config: Any) -> tuple[Any, ...]:
    """The timeline row of one story (members: ``pos``, ``id``, article and sentences JSON)."""
    from dateline.build import story_products

    analyzed = [AnalyzedArticle(load_article(article),
                                tuple(from_dict(Sentence, s) for s in json.loads(sentences)))
                for _pos, _id, article, sentences in members]
    ids = {a.article.id for a in analyzed}
    aligned = sorted((link for link in (from_dict(CopyLink, json.loads(data)) for data in links)
                      if link.original in ids and link.copy in ids),
                     key=lambda k: (k.original, k.copy))
    plain = [replace(link, passages=()) for link in aligned]  # the detector's links
    timeline, summary, comparison, note = story_products(analyzed, plain, lambda: aligned,
                                                         config)
    return (story, min(m[0] for m in members), len(analyzed), json.dumps(to_dict(timeline)),
            json.dumps(to_dict(summary)),
            json.dumps(to_dict(comparison)) if comparison is not None else None,
            f"story {story}: {note}" if note else None, None, None, None)


def story_partition(config: Any):  # type: ignore[no-untyped-def]
    """The task over ``(story, (members, links))`` groups: one timeline row or one error row
    per story (``config``: a :class:`dateline.build.BuildConfig`)."""
    def run(groups: Iterable[tuple[str, tuple[Iterable[Any], Iterable[str]]]]
            ) -> Iterator[tuple[Any, ...]]:
        for story, (members, links) in groups:
            rows = sorted((tuple(m) for m in members), key=lambda m: m[1])
            if not rows:  # links of articles whose analysis failed
                continue
            try:
                yield _products(story, rows, links, config)
            except Exception as exc:  # one story must not fail the job
                yield (None, min(r[0] for r in rows), None, None, None, None, None, story,
                       "failed to build timeline", f"{type(exc).__name__}: {exc}")
    return run


def timeline_frame(spark: Any, stories: Any, analysis: Any, aligned: Any, config: Any) -> Any:
    """Timeline rows and error rows (``story`` null) of every story.

    ``stories``: ``id``, ``story``; ``analysis``: the ``analysis`` table; ``aligned``: the
    ``aligned`` table (``original``, ``copy``, ``link``).
    """
    from pyspark.sql import functions as F

    assigned = stories.select("id", "story")
    members = assigned.join(analysis.select("id", "pos", "article", "sentences"), "id").rdd.map(
        lambda r: (r["story"], (r["pos"], r["id"], r["article"], r["sentences"])))
    links = (aligned.join(assigned.select(F.col("id").alias("original"),
                                          F.col("story").alias("s1")), "original")
             .join(assigned.select(F.col("id").alias("copy"), F.col("story").alias("s2")),
                   "copy")
             .where(F.col("s1") == F.col("s2"))
             .rdd.map(lambda r: (r["s1"], r["link"])))
    groups = members.cogroup(links)
    return spark.createDataFrame(groups.mapPartitions(story_partition(config)),
                                 _TIMELINE_SCHEMA)


def split_timelines(rows: Any) -> tuple[Any, Any]:
    """(timelines, errors) views of :func:`timeline_frame`'s DataFrame."""
    from pyspark.sql import functions as F

    from dateline.scale.articles import ERROR_COLUMNS

    return (rows.where(F.col("story").isNotNull()).select(*TIMELINE_COLUMNS),
            rows.where(F.col("story").isNull()).select(*ERROR_COLUMNS))


def story_parts(row: Any) -> dict[str, Any]:
    """The StoryResult fields of a ``timelines`` row, as data (``story`` left out)."""
    return {"timeline": json.loads(row["timeline"]), "summary": json.loads(row["summary"]),
            "comparison": json.loads(row["comparison"]) if row["comparison"] else None}
