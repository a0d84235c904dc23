"""A fast subset of the ECB+ benchmark with pinned floors (skips without ../shared/data).

ECB+ dev topics 1-6 (about 120 documents): stories against the gold topic, events against the
gold sub-topic (two different events of the same kind per topic). The floors sit a little
under what the defaults scored when they were pinned (147 documents, int8 ONNX and torch
vectors alike: topic B-cubed F1 0.763, sub-topic 0.912 by ``fit``, 0.79 through
``partial_fit`` in 4 batches); a change that loses more fails here.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from dateline.model import Article, Source
from dateline.stories import StoryClusterer
from dateline.stories.evaluate import bcubed, scores

TOPICS = {"1", "2", "3", "4", "5", "6"}
TOPIC_F1_FLOOR = 0.72
SUBTOPIC_F1_FLOOR = 0.87
STREAM_SUBTOPIC_F1_FLOOR = 0.75


def test_bcubed_counts_each_item_once() -> None:
    assert bcubed(["a", "a", "b"], [1, 1, 1]) == pytest.approx((5 / 9, 1.0, 2 * 5 / 9 / (14 / 9)))
    assert bcubed(["a", "b"], [1, 2]) == (1.0, 1.0, 1.0)


def test_ecbplus_subset_above_floor(shared_data: Path,
                                    embedder: Callable[[list[Article]], np.ndarray]) -> None:
    with gzip.open(shared_data / "ecbplus" / "docs.jsonl.gz", "rt", encoding="utf-8") as fh:
        docs = [d for d in map(json.loads, fh) if d["topic"] in TOPICS]
    articles = [Article(id=d["doc_id"], source=Source(path=d["doc_id"]),
                        paragraphs=tuple(d["text"].split("\n"))) for d in docs]
    model = StoryClusterer(embedder=embedder).fit(articles)
    topic = scores([d["topic"] for d in docs], [model.story_of[a.id] for a in articles])
    event = scores([d["subtopic"] for d in docs], [model.event_of[a.id] for a in articles])
    assert topic["b3_f1"] >= TOPIC_F1_FLOOR, topic
    assert event["b3_f1"] >= SUBTOPIC_F1_FLOOR, event
    stream = StoryClusterer(embedder=embedder)
    for chunk in np.array_split(np.arange(len(articles)), 4):
        stream.partial_fit([articles[i] for i in chunk])
    streamed = scores([d["subtopic"] for d in docs], [stream.event_of[a.id] for a in articles])
    assert streamed["b3_f1"] >= STREAM_SUBTOPIC_F1_FLOOR, streamed
