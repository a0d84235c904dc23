from __future__ import annotations

from dateline.summarize import compare_sources


def test_outlets_wording_of_the_same_fact(raqqa_analyzed):
    result = compare_sources(raqqa_analyzed.values())
    pairs = {frozenset((w.words, w.other_words)): w for w in result.wordings}
    daesh = pairs[frozenset(("Daesh", "Islamic State"))]
    assert daesh.count >= 2
    ids = {daesh.outlet, daesh.other_outlet}
    assert ids == {raqqa_analyzed["000"].article.id, raqqa_analyzed["001"].article.id}
    first, second = daesh.example
    assert first.article_id != second.article_id
    assert frozenset(("so-called", "self-declared")) in pairs


def test_outlet_only_facts_are_not_in_other_outlets(raqqa_analyzed):
    result = compare_sources(raqqa_analyzed.values())
    unique = dict(result.unique)
    assert set(unique) == set(result.outlets)
    rewrite = raqqa_analyzed["000"].article
    only_rewrite = [s.text for s in unique[rewrite.outlet or rewrite.id]]
    # 000 adds a paragraph about the convoy's make-up that the Reuters original lacks
    assert any("Saturday night" in t and "convoy" in t for t in only_rewrite)
    original = raqqa_analyzed["001"].article
    # every sentence of 001 is also in its rewrite 000
    assert unique[original.outlet or original.id] == ()


def test_copy_links_passages_are_used(raqqa_analyzed):
    from dateline.model import AlignedPassage, CopyLink

    a, b = raqqa_analyzed["000"], raqqa_analyzed["001"]
    first = next(s.index for s in a.sentences if "last pocket" in s.text)
    link = CopyLink(original=b.article.id, copy=a.article.id, similarity=0.8, kind="near",
                    passages=(AlignedPassage(original=0, copy=first, similarity=0.9),))
    result = compare_sources([a, b], links=[link], threshold=0.99)
    assert any({w.words, w.other_words} == {"Daesh", "Islamic State"} for w in result.wordings)
