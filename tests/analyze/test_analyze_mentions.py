"""Mentions with titles and roles; the rule-based fallback when the model is missing."""

from __future__ import annotations

from dateline.analyze import analyze_article
from dateline.analyze.nlp import get_nlp
from dateline.analyze.parse import fallback_parse


def test_model_loads_once_without_parser() -> None:
    nlp = get_nlp()
    assert nlp is not None and nlp is get_nlp()
    assert "parser" not in nlp.pipe_names and "ner" in nlp.pipe_names


def test_person_titles_and_roles(raqqa_analyzed, by_prefix) -> None:
    mentions = {(m.article_id, m.text): m for a in raqqa_analyzed for m in a.mentions}
    dillon = mentions[(by_prefix["001"], "Ryan Dillon")]
    assert dillon.label == "PERSON" and dillon.title == "Colonel"
    assert dillon.role and "spokesman" in dillon.role
    assert mentions[(by_prefix["000"], "Ilham Ahmad")].role == "politician"
    townsend = mentions[(by_prefix["004"], "Steve Townsend")]
    assert townsend.title == "Lieutenant General" and townsend.role == "commander"


def test_names_are_cleaned(raqqa_analyzed, by_prefix) -> None:
    texts = {m.text for a in raqqa_analyzed for m in a.mentions}
    assert "Islamic State" in texts  # not split into "Islamic" + "State", no "'s"
    assert "IS" in texts  # an acronym the model missed
    assert not any(t.startswith(("the ", "The ")) or t.endswith("'s") for t in texts)


def test_fallback_finds_names_without_the_model(raqqa_articles) -> None:
    analyzed = analyze_article(raqqa_articles["001"], use_model=False)
    texts = {m.text for m in analyzed.mentions}
    assert {"Syrian Democratic Forces", "SDF", "Ryan Dillon", "Raqqa"} <= texts
    claims = {c.text: c for c in analyzed.claims}
    assert any(c.low == 200 and c.high == 300 for c in claims.values())


def test_fallback_parse_spans() -> None:
    parsed = fallback_parse("Colonel Ryan Dillon said 250 fighters remained in Raqqa.")
    labels = {parsed.text[s.start:s.end]: s.label for s in parsed.ents}
    assert labels["250"] == "CARDINAL" and "Raqqa" in labels


def test_missing_model_falls_back_to_rules(raqqa_articles, monkeypatch) -> None:
    from dateline.analyze.nlp import DISABLE_ENV

    monkeypatch.setenv(DISABLE_ENV, "1")
    assert get_nlp() is None
    analyzed = analyze_article(raqqa_articles["004"])
    assert "Syrian Observatory for Human Rights" in {m.text for m in analyzed.mentions}
    assert any(c.low == 160_000 for c in analyzed.claims)


def test_stream_keeps_order_with_empty_articles(raqqa_articles) -> None:
    from dataclasses import replace

    from dateline.analyze import analyze_articles

    empty = replace(raqqa_articles["001"], id="empty", paragraphs=())
    order = [empty, raqqa_articles["001"], empty, raqqa_articles["004"], empty]
    results = list(analyze_articles(order, batch_size=8, use_model=False))
    assert [r.article.id for r in results] == [a.id for a in order]
    assert results[0].mentions == () and results[1].mentions
    assert all(m.article_id == results[3].article.id for m in results[3].mentions)
