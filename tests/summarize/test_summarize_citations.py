from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st
from summarize_helpers import dated

from dateline.model import Citation, CitedSentence, CopyLink
from dateline.summarize import as_docs, check_citations, copy_group_keys
from dateline.summarize.corpus import own_day
from dateline.summarize.text import STOP_WORDS, content_stems, numbers, stem, words


def test_copy_groups_merge_links_and_groups():
    keys = copy_group_keys("abcde", [("a", "b"), CopyLink("c", "b", 0.9, "near")])
    assert keys["a"] == keys["b"] == keys["c"]
    assert len({keys["a"], keys["d"], keys["e"]}) == 3


def test_own_day_tells_a_named_day_from_the_publication_fallback():
    assert own_day(dated("a", 0, "It happened.", day="2020-01-02")) == "2020-01-02"
    assert own_day(dated("a", 0, "It happened.", published="2020-01-02")) is None
    assert own_day(dated("a", 0, "It happened.")) is None


def test_check_citations_flags_an_article_that_does_not_say_it():
    docs = as_docs({
        "a": [dated("a", 0, "Rebels seized the airport after heavy fighting overnight.")],
        "b": [dated("b", 0, "Rebel fighters seized the airport after a night of heavy fighting.")],
        "c": [dated("c", 0, "Heavy snow closed schools across the country.")],
    })
    cited = CitedSentence("Rebels seized the airport after heavy fighting overnight.",
                          (Citation("a", 0), Citation("b", 0, exact=False), Citation("c", 0)))
    assert check_citations([cited], docs) == (2, 3)


def test_light_stems_match_inflections():
    assert stem("fighters") == stem("fighter")
    assert stem("captured") == stem("captures") == "captur"
    assert stem("cities") == stem("city")
    assert stem("press") == "press"


def test_a_sentence_with_other_numbers_is_not_support():
    from dateline.summarize import build_summary

    story = {
        "a": [dated("a", 0, "Two more people in London have been diagnosed with the swine flu "
                    "virus, the health department confirmed.")],
        "b": [dated("b", 0, "Three more people in London have been diagnosed with the swine "
                    "flu virus, the health department confirmed.")],
        "c": [dated("c", 0, "Two more people in London were diagnosed with the swine flu virus, "
                    "health officials confirmed on Monday.")],
    }
    (first,) = build_summary(story, n_sentences=1)
    cited = {c.article_id for c in first.citations}
    assert "c" in cited or "a" in cited
    assert not {"a", "b"} <= cited  # two and three cases are not the same fact


def test_check_citations_order_method_is_stricter_than_dice():
    docs = as_docs({"b": [dated("b", 0, "After a night of heavy fighting, the airport was "
                                "seized by rebels.")]})
    cited = CitedSentence("Rebels seized the airport after heavy fighting overnight.",
                          (Citation("b", 0, exact=False),))
    assert check_citations([cited], docs, method="dice") == (1, 1)
    assert check_citations([cited], docs, method="order") == (0, 1)


@given(st.integers(min_value=0, max_value=10**9), st.text(max_size=80))
def test_numbers_finds_every_written_number(value: int, text: str):
    assert str(value) in numbers(f"{text} {value:,} {text}") or any(
        ch.isdigit() for ch in text)
    assert all(n.isdigit() for n in numbers(text))


@given(st.text(max_size=200))
def test_content_stems_come_from_content_words_only(text: str):
    content = {w for w in words(text) if w not in STOP_WORDS}
    for token in content_stems(text):
        assert token and token == token.lower()
        assert any(stem(w) == token for w in content)
