from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from dateline.sentences import split_sentences


def test_abbreviations_and_initials_do_not_end_sentences() -> None:
    text = ("The U.S. envoy spoke on Sunday, Oct. 15, 2017. Col. Ryan Dillon said so. "
            "J. Smith agreed! Did he? \u201cYes,\u201d he said.")
    assert split_sentences(text) == [
        "The U.S. envoy spoke on Sunday, Oct. 15, 2017.",
        "Col. Ryan Dillon said so.",
        "J. Smith agreed!",
        "Did he?",
        "\u201cYes,\u201d he said.",
    ]


def test_quoted_sentence_end_stays_with_its_quote() -> None:
    text = '"Today, the real fight for Raqqa has begun." Abdel Rahman said.'
    assert split_sentences(text) == [
        '"Today, the real fight for Raqqa has begun."', "Abdel Rahman said."]


@given(st.text(max_size=300))
def test_splitting_loses_no_words(text: str) -> None:
    assert " ".join(split_sentences(text)).split() == text.split()


def test_a_run_without_punctuation_is_cut_into_bounded_pieces() -> None:
    """A page without a full stop (or a table flattened to text) is not one 50 KB sentence:
    every stage's work per sentence stays bounded, and no word is lost or cut."""
    from dateline.sentences import MAX_SENTENCE_CHARS

    text = " ".join(f"fighters{n} entered Raqqa" for n in range(3000))
    pieces = split_sentences(text)
    assert len(pieces) > 1
    assert all(len(p) <= MAX_SENTENCE_CHARS for p in pieces)
    assert " ".join(pieces).split() == text.split()
    assert all(len(p) == MAX_SENTENCE_CHARS for p in split_sentences("x" * 5000)[:2])
