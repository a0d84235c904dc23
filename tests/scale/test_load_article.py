"""The Spark steps' fast article loader gives the records of ``model.from_dict``."""

from __future__ import annotations

import dataclasses
import json

from dateline.model import Article, DateEvidence, from_dict, to_dict
from dateline.scale.articles import load_article


def test_load_article_rebuilds_the_records_from_dict_gives(raqqa_articles) -> None:
    dated = dataclasses.replace(raqqa_articles["000"], published=DateEvidence(
        value="2017-10-17", granularity="day", source="meta", detail="x", confidence=0.9))
    for article in [*raqqa_articles.values(), dated]:
        data = json.dumps(to_dict(article))
        loaded = load_article(data)
        assert loaded == from_dict(Article, json.loads(data)) == article
        assert type(loaded.published) is type(article.published)
