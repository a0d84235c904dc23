"""Passage alignment and word edits: what a rewrite changed, sentence by sentence."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dateline.copies import align, align_sentences, word_edits
from dateline.model import Article, Edit


def _raqqa_link(raqqa_articles: dict[str, Article]):
    return align(raqqa_articles["001"], raqqa_articles["000"])


def test_raqqa_rewrite_edits_are_listed(raqqa_articles: dict[str, Article]) -> None:
    link = _raqqa_link(raqqa_articles)
    edits = {e for p in link.passages for e in p.edits}
    assert Edit("replace", "Islamic State", "Daesh") in edits
    assert Edit("replace", "self-declared", "so-called") in edits
    assert Edit("insert", "", "vicious") in edits
    # "rule" became "vicious rule": the insertion sits in the sentence about the rule
    rule = next(p for p in link.passages if Edit("insert", "", "vicious") in p.edits)
    assert rule.original is not None and rule.copy is not None


def test_most_of_the_reuters_story_is_reused_and_the_rest_is_marked(
    raqqa_articles: dict[str, Article]
) -> None:
    link = _raqqa_link(raqqa_articles)
    aligned = [p for p in link.passages if p.original is not None and p.copy is not None]
    only_copy = [p for p in link.passages if p.original is None]
    n_original = max(p.original for p in link.passages if p.original is not None) + 1
    assert len(aligned) >= 0.8 * n_original  # nearly every Reuters sentence is in the rewrite
    assert len(only_copy) >= 10  # the rewrite carries the rest of the wire story
    assert all(p.similarity == 0.0 for p in only_copy)


def test_independent_reports_align_only_loose_background(raqqa_articles: dict[str, Article]
                                                        ) -> None:
    # 003 and 004 are two AFP dispatches a day apart: only background lines are alike
    link = align(raqqa_articles["003"], raqqa_articles["004"])
    matched = [p for p in link.passages if p.original is not None and p.copy is not None]
    assert len(matched) <= 3
    assert all(p.similarity < 0.7 for p in matched)


def test_word_edits_ignore_case_and_keep_compounds_whole() -> None:
    assert word_edits("The Self-Declared caliphate", "the self-declared caliphate") == ()
    assert word_edits("its self-declared caliphate", "its so-called caliphate") == (
        Edit("replace", "self-declared", "so-called"),)
    assert word_edits("Islamic State's rule", "Daesh's vicious rule") == (
        Edit("replace", "Islamic State", "Daesh"), Edit("insert", "", "vicious"))


sentence = st.lists(st.sampled_from(["raqqa", "fell", "the", "city", "sdf", "said", "on"]),
                    min_size=1, max_size=8).map(" ".join)


@given(st.lists(sentence, max_size=8), st.lists(sentence, max_size=8))
def test_every_sentence_is_in_exactly_one_passage(a: list[str], b: list[str]) -> None:
    passages = align_sentences(a, b)
    assert sorted(p.original for p in passages if p.original is not None) == list(range(len(a)))
    assert sorted(p.copy for p in passages if p.copy is not None) == list(range(len(b)))


@given(st.lists(sentence, max_size=8))
def test_a_text_aligned_with_itself_has_no_edits(a: list[str]) -> None:
    for passage in align_sentences(a, a):
        assert passage.original is not None and passage.copy is not None
        assert passage.edits == ()
