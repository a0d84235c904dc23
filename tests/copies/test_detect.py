"""Copy detection: the Raqqa rewrite is found, nothing else is, and bad input is defined."""

from __future__ import annotations

import time

import pytest
from copies_helpers import make

from dateline.copies import CopyDetector, fingerprint
from dateline.model import Article
from dateline.store import SQLiteStore


def test_raqqa_rewrite_is_the_only_copy(raqqa_articles: dict[str, Article]) -> None:
    detector = CopyDetector().fit(raqqa_articles.values())
    assert len(detector.links_) == 1
    link = detector.links_[0]
    assert {link.original, link.copy} == {raqqa_articles["000"].id, raqqa_articles["001"].id}
    assert link.kind in ("near", "partial")
    assert detector.groups_ == [tuple(sorted((link.original, link.copy)))]


def test_raqqa_original_is_the_reuters_story(raqqa_articles: dict[str, Article]) -> None:
    link = CopyDetector().fit(raqqa_articles.values()).links_[0]
    # 000 adds an image id line and a photo caption around the story: it is the copy
    assert link.original == raqqa_articles["001"].id
    assert link.copy == raqqa_articles["000"].id
    assert link.direction != "unknown"


def test_boilerplate_only_difference_is_an_exact_copy(raqqa_articles: dict[str, Article]
                                                      ) -> None:
    story = raqqa_articles["004"]
    reprint = make(["Image credit: AFP", *(p.upper() for p in story.paragraphs),
                    "Copyright 2017 AFP. All rights reserved.", "Click here"])
    detector = CopyDetector().fit([story, reprint])
    assert [(lk.kind, lk.similarity) for lk in detector.links_] == [("exact", 1.0)]
    assert fingerprint(story).exact_key == fingerprint(reprint).exact_key


def test_empty_and_one_word_articles_join_nothing_but_their_exact_twin() -> None:
    empty_a, empty_b = make([""], path="a"), make(["   "], path="b")
    word, word_again, other = make(["Raqqa"]), make(["RAQQA!"]), make(["Mosul"])
    detector = CopyDetector().fit([empty_a, empty_b, word, word_again, other])
    pairs = {frozenset((lk.original, lk.copy)) for lk in detector.links_}
    assert pairs == {frozenset((word.id, word_again.id))}
    assert fingerprint(empty_a).n_words == 0


def test_short_text_inside_a_long_article_is_no_copy(raqqa_articles: dict[str, Article]
                                                     ) -> None:
    long = raqqa_articles["003"]
    quote = make([long.paragraphs[len(long.paragraphs) // 2]])  # one paragraph of it
    assert not CopyDetector().fit([long, quote]).links_


def test_giant_article_is_fingerprinted_quickly_and_still_matched() -> None:
    words = [f"w{i % 5000}x{i // 5000}" for i in range(300_000)]
    giant = make([" ".join(words[i : i + 100]) for i in range(0, len(words), 100)])
    trimmed = make(list(giant.paragraphs[:-30]))
    start = time.perf_counter()
    detector = CopyDetector().fit([giant, trimmed])
    assert time.perf_counter() - start < 10
    assert [lk.copy for lk in detector.links_] == [trimmed.id]  # the cut one is the copy


def test_partial_fit_finds_what_fit_finds(raqqa_articles: dict[str, Article]) -> None:
    articles = list(raqqa_articles.values())
    whole = CopyDetector().fit(articles)
    stepwise = CopyDetector().fit(articles[:1]).partial_fit(articles[1:3]).partial_fit(
        articles[3:])
    assert stepwise.links_ == whole.links_
    assert stepwise.partial_fit(articles).links_ == whole.links_  # known ids are skipped


def test_index_persists_and_arrivals_are_checked_against_it(
    raqqa_articles: dict[str, Article], store: SQLiteStore
) -> None:
    first = [raqqa_articles[k] for k in ("001", "002", "003")]
    store.put_articles(first)
    CopyDetector().fit(first).save(store)
    assert store.execute("SELECT COUNT(*) FROM copies_signatures").fetchone()[0] == 3
    assert store.execute("SELECT COUNT(*) FROM copies_segments").fetchone()[0] == 1

    reopened = SQLiteStore(store.path)
    detector = CopyDetector.load(reopened)
    arrivals = [raqqa_articles["000"], raqqa_articles["004"]]
    reopened.put_articles(arrivals)
    detector.partial_fit(arrivals)
    assert [(lk.original, lk.copy) for lk in detector.links_] == [
        (raqqa_articles["001"].id, raqqa_articles["000"].id)]
    # the link and the new signatures are in the store, for the next process
    again = CopyDetector.load(SQLiteStore(store.path))
    assert again.links_ == detector.links_
    assert reopened.execute("SELECT COUNT(*) FROM copies_signatures").fetchone()[0] == 5
    assert reopened.execute("SELECT COUNT(*) FROM copies_buckets").fetchone()[0] > 0


def test_many_arrivals_are_merged_into_a_segment(raqqa_articles: dict[str, Article],
                                                 store: SQLiteStore, monkeypatch) -> None:
    from dateline.copies import index

    monkeypatch.setattr(index, "COMPACT_AT", 1)
    store.put_articles(raqqa_articles.values())
    detector = CopyDetector().fit([raqqa_articles["001"]]).save(store)
    detector.partial_fit([raqqa_articles[k] for k in ("002", "003")])
    assert store.execute("SELECT COUNT(*) FROM copies_buckets").fetchone()[0] == 0
    assert store.execute("SELECT COUNT(*) FROM copies_segments").fetchone()[0] == 2
    detector.partial_fit([raqqa_articles["000"], raqqa_articles["004"]])  # found in a segment
    assert [(lk.original, lk.copy) for lk in detector.links_] == [
        (raqqa_articles["001"].id, raqqa_articles["000"].id)]


def test_loading_with_another_index_shape_is_refused(raqqa_articles: dict[str, Article],
                                                     store: SQLiteStore) -> None:
    CopyDetector().fit(raqqa_articles.values()).save(store)
    with pytest.raises(ValueError, match="num_perm"):
        CopyDetector.load(store, num_perm=64)


def test_jaccard_measure_misses_the_cut_reprint_that_containment_finds(
    raqqa_articles: dict[str, Article]
) -> None:
    pair = [raqqa_articles["000"], raqqa_articles["001"]]
    assert CopyDetector(measure="containment").fit(pair).links_
    assert not CopyDetector(measure="jaccard", threshold=0.5).fit(pair).links_


def test_page_chrome_on_every_page_does_not_make_pages_copies() -> None:
    import random

    rng = random.Random(1)
    vocabulary = [f"word{i}" for i in range(3000)]
    chrome = ("By clicking sign up you agree with the Terms of Service and the Privacy Policy "
              "and consent to the collection of your data; be sure to fill in everything.")
    pages = [make([" ".join(rng.choices(vocabulary, k=45)), chrome], path=f"p{i}")
             for i in range(520)]  # the chrome's share is estimated on batches of 500 or more
    assert CopyDetector(stop_df=0).fit(pages[:5]).links_  # chrome alone joins short pages
    assert not CopyDetector().fit(pages).links_
