"""Spark's publish step: the analysis and the story products of a Spark build into a store,
through the tail of the one corpus wiring (:mod:`dateline.build`).

The corpus steps that need every article run here, on the driver, over the collected
per-article results in the local order (input order): the entities step
(:func:`dateline.entities.pipeline.resolve_corpus`: aliases with the substitutions of the
aligned copy links, claim groups with the copy groups, conflicts marked) and the publish step
(:func:`dateline.build.publish_corpus`), the functions ``dateline build`` calls. They hold
mentions and claims, not texts' worth of arrays, and the SQLite store they publish into is
on this machine anyway.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from dateline.model import Story, from_dict, to_dict
from dateline.report.document import StoryResult
from dateline.scale.analysis import aligned_of, analyzed_of
from dateline.scale.timelines import story_parts


@dataclass
class Published:
    """What was published: stories with a timeline, claims, entities, copy links."""

    timelines: int = 0
    claims: int = 0
    entities: int = 0
    links: int = 0


def publish(spark: Any, directory: Path, store: Any, stories: Sequence[Story]) -> Published:
    """Publish the ``analysis``, ``aligned`` and ``timelines`` tables of ``directory`` with
    ``stories`` (the imported stories) into ``store``, replacing its published results.

    A story whose timeline step failed (an errors row) is published without timeline,
    overview or comparison.
    """
    from dateline.build import publish_corpus
    from dateline.copies import copy_groups
    from dateline.entities.pipeline import resolve_corpus

    rows = spark.read.parquet(str(directory / "analysis")).orderBy("pos")
    analyzed = [analyzed_of(row) for row in rows.toLocalIterator()]
    aligned_rows = spark.read.parquet(str(directory / "aligned")).collect()
    aligned = sorted((aligned_of(r) for r in aligned_rows), key=lambda k: (k.original, k.copy))
    outlets = {r["copy"]: r["copy_outlet"] for r in aligned_rows}
    resolved = resolve_corpus(analyzed, aligned, copy_groups(aligned), outlets)
    parts = {r["story"]: story_parts(r)
             for r in spark.read.parquet(str(directory / "timelines")).toLocalIterator()}
    results = [from_dict(StoryResult, {"story": to_dict(s), **parts[s.id]}) if s.id in parts
               else StoryResult(s) for s in stories]
    publish_corpus(store, results, aligned, resolved, config=None)  # settings: not recorded
    return Published(len(parts), len(resolved.claims), len(resolved.resolver.entities_),
                     len(aligned))
