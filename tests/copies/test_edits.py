"""Recurring substitutions across the corpus, for the alias stage."""

from __future__ import annotations

from dateline.copies import CopyDetector, aggregate_substitutions, align, corpus_substitutions
from dateline.model import AlignedPassage, Article, CopyLink, Edit


def test_raqqa_substitutions_surface(raqqa_articles: dict[str, Article]) -> None:
    by_id = {a.id: a for a in raqqa_articles.values()}
    links = CopyDetector().fit(by_id.values()).links_
    found = {(s.old, s.new): s for s in corpus_substitutions(by_id, links)}
    daesh = found[("Islamic State", "Daesh")]
    assert daesh.count == 1  # one article pair
    assert daesh.examples == ((raqqa_articles["001"].id, raqqa_articles["000"].id),)
    assert ("self-declared", "so-called") in found
    assert corpus_substitutions(by_id.get, links) == list(found.values())


def _link(original: str, copy: str, *edits: Edit) -> CopyLink:
    return CopyLink(original, copy, 0.9, "near", "date", (AlignedPassage(0, 0, 0.9, edits),))


def test_substitutions_count_article_pairs_and_name_outlets() -> None:
    daesh = Edit("replace", "Islamic State", "Daesh")
    links = [_link("w1", "c1", daesh, daesh), _link("w2", "c2", daesh),
             _link("w3", "c3", Edit("replace", "islamic state", "DAESH")),
             _link("w4", "c4", Edit("replace", "200", "250"), Edit("replace", "A", "a"))]
    outlets = {"c1": "Gulf News", "c2": "Gulf News", "c3": "Arab News"}
    subs = aggregate_substitutions(links, outlets)
    assert len(subs) == 1  # numbers and case changes are no substitutions
    assert (subs[0].old, subs[0].new, subs[0].count) == ("Islamic State", "Daesh", 3)
    assert subs[0].outlets == ("Arab News", "Gulf News")
    assert subs[0].per_outlet == (("Gulf News", 2), ("Arab News", 1))
    assert aggregate_substitutions(links, outlets, min_count=4) == []


def test_alignment_of_a_link_keeps_its_direction(raqqa_articles: dict[str, Article]) -> None:
    link = CopyDetector().fit(raqqa_articles.values()).links_[0]
    by_id = {a.id: a for a in raqqa_articles.values()}
    aligned = align(by_id[link.original], by_id[link.copy], link)
    assert (aligned.original, aligned.copy, aligned.direction) == (
        link.original, link.copy, link.direction)
    assert aligned.passages
