from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from summarize_helpers import dated

from dateline.model import AnalyzedArticle
from dateline.summarize import build_summary
from dateline.summarize.text import word_count


def test_word_budget_and_citations_on_raqqa(raqqa_analyzed, raqqa_copies):
    summary = build_summary(raqqa_analyzed.values(), n_words=120, copy_groups=raqqa_copies)
    assert summary
    assert sum(word_count(s.text) for s in summary) <= 120
    sentences = {(i.article.id, s.index): s.text
                 for i in raqqa_analyzed.values() for s in i.sentences}
    for item in summary:
        home = item.citations[0]
        assert home.exact and sentences[(home.article_id, home.sentence)] == item.text
        assert 1 <= item.independent <= len(item.citations)


def test_sentence_count_is_respected(raqqa_analyzed):
    assert len(build_summary(raqqa_analyzed.values(), n_sentences=3)) == 3


def test_a_fact_repeated_by_copies_appears_once():
    text = ("Rebels seized the airport of the northern city after heavy fighting overnight, "
            "officials said.")
    story = {
        key: [dated(key, 0, text, published="2020-03-02"),
              dated(key, 1, f"Residents of district {n} fled the fighting towards the "
                    "southern villages, witnesses said.", published="2020-03-02")]
        for n, key in enumerate("abcd")
    }
    summary = build_summary(story, n_sentences=3)
    texts = [s.text for s in summary]
    assert texts.count(text) == 1
    seized = next(s for s in summary if s.text == text)
    assert {c.article_id for c in seized.citations} == set("abcd")
    assert seized.independent == 4
    grouped = build_summary(story, n_sentences=3, copy_groups=[("a", "b", "c", "d")])
    assert next(s for s in grouped if s.text == text).independent == 1


def test_single_article_falls_back_to_centrality(raqqa_analyzed):
    one = raqqa_analyzed["003"]
    summary = build_summary([AnalyzedArticle(one.article, one.sentences)], n_sentences=2)
    assert len(summary) == 2
    assert all(s.citations[0].article_id == one.article.id for s in summary)


def test_empty_story_gives_an_empty_summary():
    assert build_summary({}, n_words=50) == []


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=80))
def test_word_count_counts_whitespace_tokens_holding_a_letter_or_digit(text: str) -> None:
    # the length limits of overviews and timelines count words as a reader does: punctuation
    # alone ("--", "_") is not a word, "200-300" and "al-Baghdadi" are one word each
    assert word_count(text) == sum(any(c.isalnum() for c in t) for t in text.split())


def test_word_count_on_a_real_sentence() -> None:
    assert word_count("leaving only 200-300 foreign jihadists , according to the SDF . --") == 9
