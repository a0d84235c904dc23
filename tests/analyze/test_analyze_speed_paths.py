"""The analysis' speed paths give the results of the plain path: repeated sentences parsed
once, the model's matrix products through OpenBLAS, the tag map's lemma look-ups."""

from __future__ import annotations

from dataclasses import replace

import pytest

from dateline.analyze import analyze_articles
from dateline.analyze.nlp import get_nlp, layers
from dateline.analyze.parse import parse_texts
from dateline.model import AnalyzedArticle, Article


def _results(analyzed: list[AnalyzedArticle]) -> list[tuple]:
    return [(a.article.id, a.sentences, a.mentions, a.claims) for a in analyzed]


def test_an_article_repeated_in_a_stream_is_analyzed_as_when_alone(
        raqqa_articles: dict[str, Article]) -> None:
    articles = list(raqqa_articles.values())
    # The same text under another id: every sentence the model reads is a repeat.
    twin = replace(articles[0], id="twin-" + articles[0].id)
    stream = [articles[0], articles[1], twin, articles[0], *articles[2:]]
    together = list(analyze_articles(stream))
    alone = [next(analyze_articles([article])) for article in stream]
    assert _results(together) == _results(alone)
    first, again = together[0], together[2]
    assert first.mentions and [(m.sentence, m.start, m.text, m.label) for m in first.mentions] \
        == [(m.sentence, m.start, m.text, m.label) for m in again.mentions]


def test_the_openblas_products_parse_as_thinc_default_does(
        raqqa_articles: dict[str, Article]) -> None:
    nlp = get_nlp()
    if nlp is None:
        pytest.skip("spaCy model not installed")
    from thinc.api import NumpyOps

    from dateline.analyze.articles import dated_sentences

    ner = nlp.get_pipe("ner").model
    if type(ner.ops) is NumpyOps:
        pytest.skip("thinc's BLIS kept (threadpoolctl missing)")
    texts = [s.text for a in raqqa_articles.values() for s in dated_sentences(a)]
    fast = list(parse_texts(texts))
    blas_ops = {node.id: node.ops for node in layers(nlp)}
    plain = NumpyOps()
    for node in layers(nlp):
        node.ops = plain
    try:
        default = list(parse_texts(texts))
    finally:
        for node in layers(nlp):
            node.ops = blas_ops[node.id]
    assert len(fast) == len(texts) > 100
    assert fast == default


def test_lemmas_from_the_tag_map() -> None:
    nlp = get_nlp()
    if nlp is None:
        pytest.skip("spaCy model not installed")
    from dateline.analyze.tags import TagMap

    tags = TagMap(nlp)
    assert tags.pos_lemma("fighters", "NNS") == ("NOUN", "fighter")
    assert tags.pos_lemma("killed", "VBD") == ("VERB", "kill")
    assert tags.pos_lemma("civilians", "NNS") == ("NOUN", "civilian")
