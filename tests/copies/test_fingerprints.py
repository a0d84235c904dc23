"""Fingerprints: stable, tolerant of layout and case, and equal to the regex tokenizer."""

from __future__ import annotations

import string

import numpy as np
from copies_helpers import make
from hypothesis import given
from hypothesis import strategies as st

from dateline.copies.fingerprints import fingerprint, is_boilerplate, token_hashes, words

ascii_text = st.text(alphabet=string.ascii_letters + string.digits + " .,;:'\"-_()\n\t!?",
                     max_size=300)


@given(ascii_text)
def test_vectorized_word_hashes_match_the_regex_words(text: str) -> None:
    hashes = token_hashes(text)
    assert len(hashes) == len(words(text))
    # the same word hashes the same wherever it stands
    by_word: dict[str, int] = {}
    for word, value in zip(words(text), hashes.tolist(), strict=True):
        assert by_word.setdefault(word, value) == value


def test_layout_case_and_typographic_quotes_do_not_change_the_fingerprint() -> None:
    a = make(["Islamic State\u2019s rule over Raqqa \u2014 ended.", "Second  paragraph."])
    b = make(["ISLAMIC STATE'S RULE over Raqqa - ended. Second paragraph."])
    fa, fb = fingerprint(a), fingerprint(b)
    assert fa.exact_key == fb.exact_key
    assert np.array_equal(fa.signature, fb.signature)


def test_boilerplate_lines_are_recognised_and_story_lines_are_not() -> None:
    for line in ("Image Credit: AP", "1.2106907-1906023819", "Related Video:",
                 "Copyright 2017 Reuters. All rights reserved.", "25 users have voted.",
                 "Reporting by Tom Perry; Editing by Peter Graff"):
        assert is_boilerplate(line), line
    for line in ("Related talks between the SDF and Damascus began on Monday, officials said.",
                 "A Reuters correspondent saw smoke rising above the city."):
        assert not is_boilerplate(line), line
