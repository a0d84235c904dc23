"""The analysis fast path: the model where it pays, its names found again everywhere else."""

from __future__ import annotations

import pytest

from dateline.analyze import analyze_articles
from dateline.analyze.nlp import get_nlp
from dateline.analyze.parse import Parsed, Span, fallback_parse
from dateline.analyze.propagate import (
    article_lexicon,
    lexicon_pattern,
    needs_model,
    propagated_parse,
)
from dateline.analyze.tags import TagMap
from dateline.model import Article


def test_the_model_runs_on_the_lead_and_on_sentences_with_numbers() -> None:
    assert needs_model(0, "Fighters entered the city.")
    assert needs_model(12, "Some 250 fighters remain in the city.")
    assert needs_model(12, "Thousands more have fled.")
    assert not needs_model(12, "Dillon said the fighting would go on.")
    assert not needs_model(1, "Dillon said the fighting would go on.", lead=1)


def test_names_found_in_the_lead_are_found_again_with_their_label() -> None:
    lead = fallback_parse("Colonel Ryan Dillon spoke for the Syrian Democratic Forces.")
    lexicon = {"Ryan Dillon": "PERSON", "Dillon": "PERSON", "Syrian Democratic Forces": "ORG"}
    later = propagated_parse("Dillon said the Syrian Democratic Forces held the stadium.",
                             lexicon, lexicon_pattern(lexicon))
    assert [(later.text[s.start:s.end], s.label) for s in later.ents] == [
        ("Dillon", "PERSON"), ("Syrian Democratic Forces", "ORG")]
    assert lead.tokens  # the rule-based tokens the mention rules work on
    # Nothing known, nothing capitalized inside: no tokens are made at all.
    assert propagated_parse("the fighting went on.", lexicon, None).tokens == ()


def test_a_surname_counts_as_the_person() -> None:
    text = "Colonel Ryan Dillon said the Observatory was wrong."
    rules = fallback_parse(text)
    doc = Parsed(text, rules.tokens, (Span(8, 19, "PERSON"), Span(29, 40, "ORG")), True)
    lexicon = article_lexicon("a", [doc])
    assert lexicon == {"Ryan Dillon": "PERSON", "Dillon": "PERSON", "Observatory": "ORG"}


def test_default_keeps_the_claims_of_the_model_everywhere(
        raqqa_articles: dict[str, Article]) -> None:
    if get_nlp() is None:
        pytest.skip("spaCy model not installed")
    articles = list(raqqa_articles.values())

    def claims(**kwargs: object) -> set[tuple]:
        return {(c.article_id, c.sentence, c.low, c.counted, c.aspect)
                for a in analyze_articles(articles, **kwargs) for c in a.claims}

    everywhere = claims(model_scope="all")
    assert everywhere and claims() == everywhere
    # The rules alone (--no-ner) are another analysis, not the same one.
    assert claims(use_model=False) != everywhere


def test_default_finds_most_names_of_the_model_everywhere(
        raqqa_articles: dict[str, Article]) -> None:
    if get_nlp() is None:
        pytest.skip("spaCy model not installed")
    articles = list(raqqa_articles.values())
    fast = {(m.article_id, m.sentence, m.text) for a in analyze_articles(articles)
            for m in a.mentions}
    full = {(m.article_id, m.sentence, m.text)
            for a in analyze_articles(articles, model_scope="all") for m in a.mentions}
    # Measured 2026-11-23 on these five articles: 283 vs 323 mentions (bench/README.md).
    assert len(fast & full) >= 0.7 * len(full)
    assert len(fast & full) >= 0.85 * len(fast)


def test_tag_map_gives_the_pos_and_lemma_of_the_ruler_and_lemmatizer(
        raqqa_articles: dict[str, Article]) -> None:
    nlp = get_nlp()
    if nlp is None:
        pytest.skip("spaCy model not installed")
    tags = TagMap(nlp)
    texts = [p for a in raqqa_articles.values() for p in a.paragraphs][:40]
    # Claims treat these pairs alike; the ruler's word exceptions are left out on purpose.
    alike = {("AUX", "VERB"), ("SCONJ", "ADP"), ("PART", "ADV"), ("PRON", "DET")}
    same = total = 0
    for doc in nlp.pipe(texts):
        for token in doc:
            pos, lemma = tags.pos_lemma(token.text, token.tag_)
            total += 1
            same += (pos == token.pos_ or (token.pos_, pos) in alike) and (
                lemma == token.lemma_.lower() or token.pos_ == "AUX")
    assert total > 500 and same / total >= 0.97


def test_worker_processes_give_the_same_analysis_in_order(raqqa_articles) -> None:
    from dateline.analyze.articles import analyze_in_processes

    articles = [raqqa_articles[key] for key in sorted(raqqa_articles)]
    here = list(analyze_articles(articles))
    spread = list(analyze_in_processes(articles, jobs=2, chunk_size=2, min_articles=1))
    assert [a.article.id for a in spread] == [a.article.id for a in here]
    assert [a.mentions for a in spread] == [a.mentions for a in here]
    assert [a.claims for a in spread] == [a.claims for a in here]
