"""Cleaning of plain text and decoding of text files."""

from __future__ import annotations

import contextlib
from collections import Counter

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.ingest.cleaning import clean_text, join_broken_lines
from dateline.ingest.text import DecodeError, decode, repair_mojibake


def _reasons(text: str) -> dict[str, str]:
    return {item.text: item.reason for item in clean_text(text).removed}


STORY = ("US-backed fighters gained ground against the Islamic State group in Raqqa on "
         "Wednesday, a day after their offensive broke into the city.")


@pytest.mark.parametrize(("line", "reason"), [
    ("You are here", "navigation"),
    ("Home > News > Middle East", "navigation"),
    ("25 users have voted.", "votes"),
    ("Add new comment", "comment-form"),
    ("Leave a Reply", "comment-form"),
    ("12 Comments", "comment-form"),
    ("This question is for testing whether or not you are a human visitor and to prevent "
     "automated spam submissions.", "captcha"),
    ("2 + 10 =", "captcha"),
    ("Solve this simple math problem and enter the result. E.g. for 1+3, enter 4.", "captcha"),
    ("Get top stories and blog posts emailed to you each day.", "newsletter"),
    ("Sign up for our daily newsletter", "newsletter"),
    ("For more stories from The Media Line, go to www.themedialine.org", "promo"),
    ("Show Full Article", "show-more"),
    ("Continue reading the main story", "show-more"),
    ("Advertisement", "advertising"),
    ("Share this article", "share"),
    ("© 2017 Reuters. All rights reserved.", "copyright"),
    ("1.2106907-1906023819", "image-id"),
])
def test_site_junk_is_removed_with_its_reason(line: str, reason: str) -> None:
    clean = clean_text(f"{STORY}\n\n{line}\n\n{STORY}")
    assert clean.paragraphs == (STORY, STORY)
    assert _reasons(f"{STORY}\n{line}") == {line: reason}


@pytest.mark.parametrize("line", [
    "'Real fight has begun'",
    "Mosul victory 'in 2 days'",
    "160,000 inside Raqa",
    "Overthrowing 'caliphate'",
    "2017-10-16",
    "He told AFP the city would fall within days.",
    "Share prices fell sharply in Damascus on Monday as the fighting spread to the suburbs.",
    "Home is where the fighting is, one resident said of the ruined Old City of Raqqa.",
    "The coalition said the SDF held most of the city (Syria/Iraq border areas excluded).",
    "- Instructional video: Here is a video showing how DXA works.",
    "Copyright law in the EU changed in 2019, the commission said.",
])
def test_story_lines_and_section_headings_are_kept(line: str) -> None:
    clean = clean_text(f"{STORY}\n\n{line}\n\n{STORY}")
    assert clean.paragraphs == (STORY, line, STORY)
    assert clean.removed == ()


@pytest.mark.parametrize("caption", [
    "A member of the SDF stands in the village of Hazima, on June 6, 2017. "
    "(DELIL SOULEIMAN/AFP)",
    "A MEMBER of ISIS waves the group's flag in Raqqa (photo credit: REUTERS)",
    "A displaced Syrian man drives his tuktuk at a camp in Ain Issa on Tuesday (AFP photo)",
    "This frame grab shows fighters at a base in Raqqa, Syria. Image Credit: AP",
    "Smoke rises over Raqqa, Syria June 6, 2017. REUTERS/Rodi Said",
    "Image copyright Getty Images",
])
def test_photo_captions_are_recognised_by_their_credit(caption: str) -> None:
    clean = clean_text(f"{caption}\n{STORY}")
    assert clean.paragraphs == (STORY,)
    assert clean.captions == (caption,)
    assert _reasons(caption) == {caption: "caption"}


def test_a_caption_printed_twice_is_one_caption() -> None:
    caption = "A member of the SDF stands in Hazima on June 6, 2017. (DELIL SOULEIMAN/AFP)"
    clean = clean_text(f"Title of the story\n\n{caption}\n{caption}\n\n{STORY}")
    assert clean.paragraphs == ("Title of the story", STORY)
    assert clean.captions == (caption,)
    assert [item.reason for item in clean.removed] == ["caption", "caption"]


def test_a_caption_split_from_its_credit_is_one_caption() -> None:
    text = ("A MEMBER of ISIS waves the group's flag in Raqqa (photo credit: REUTERS)\n"
            "A MEMBER of ISIS waves the group's flag in Raqqa\n(photo credit: REUTERS)\n" + STORY)
    clean = clean_text(text)
    assert clean.paragraphs == (STORY,)
    assert clean.captions == (
        "A MEMBER of ISIS waves the group's flag in Raqqa (photo credit: REUTERS)",)
    assert len(clean.removed) == 3


def test_a_credit_line_does_not_take_a_byline_or_a_sentence_with_it() -> None:
    clean = clean_text(f"Written by: Jane Doe\nPhoto: John Smith\n{STORY}\n(AFP photo)\n{STORY}")
    assert clean.paragraphs == ("Written by: Jane Doe", STORY, STORY)
    assert {item.text for item in clean.removed} == {"Photo: John Smith", "(AFP photo)"}


@pytest.mark.parametrize("sign_off", ["AFP", "(Reuters)", "— AP", "- Agence France-Presse"])
def test_agency_sign_off_on_the_last_line_is_removed(sign_off: str) -> None:
    clean = clean_text(f"{STORY}\n{sign_off}\nAdd new comment")
    assert clean.paragraphs == (STORY,)
    assert _reasons(f"{STORY}\n{sign_off}") == {sign_off: "sign-off"}


def test_embedded_video_caption_is_a_video_caption() -> None:
    video = ("Iraq delivers another blow to Islamic State (ISIS) by capturing the town of "
             "Hawija, September 5, 2017. (Reuters)")
    clean = clean_text(f"{STORY}\n{video}\n{STORY}")
    assert clean.paragraphs == (STORY, STORY)
    assert clean.captions == (video,)
    assert _reasons(video) == {video: "video-caption"}


def test_related_block_goes_up_to_the_first_line_of_prose() -> None:
    text = (f"{STORY}\nRelated Video:\nFive Things You Don't Know: ISIS\nShow Full Article\n"
            "Related articles\nRaqqa falls\nMosul rebuilt\n" + STORY)
    clean = clean_text(text)
    assert clean.paragraphs == (STORY, STORY)
    assert [item.reason for item in clean.removed] == [
        "related-video", "related-video", "show-more", "related-links", "related-links",
        "related-links"]


@pytest.mark.parametrize("stamp", [
    "24 April 2011 Last updated at 17:55 GMT Help",
    "Page last updated at 12:25 GMT , Tuesday , 8 June 2010 13:25 UK",
    "Last updated : 9 May , 2009 - 12:00 GMT",
])
def test_a_page_stamp_glued_to_the_first_sentence_is_cut_off(stamp: str) -> None:
    cleaned = clean_text(f"{stamp} {STORY}\nThe second paragraph stays.")
    assert cleaned.paragraphs == (STORY, "The second paragraph stays.")
    assert _reasons(f"{stamp} {STORY}") == {stamp: "page-stamp"}


def test_a_sentence_about_an_update_is_not_a_page_stamp() -> None:
    line = "The website said it was last updated at 10:00 GMT on Monday."
    assert clean_text(line).paragraphs == (line,)


def test_a_line_broken_inside_a_sentence_is_joined() -> None:
    text = ("The battle has been a grueling one\n, as urban warfare coupled with air strikes "
            "have leveled Raqqa's infrastructure.\n"
            "The coalition said the fighters who left the city with their families\n"
            "were being held by security forces before interrogation.")
    assert clean_text(text).paragraphs == (
        "The battle has been a grueling one, as urban warfare coupled with air strikes have "
        "leveled Raqqa's infrastructure.",
        "The coalition said the fighters who left the city with their families were being "
        "held by security forces before interrogation.",
    )


def test_lists_code_and_headings_are_not_joined() -> None:
    lines = ["Ingredients", "butter, softened", "import sys def main():", "return sys.argv",
             "Overthrowing 'caliphate'", "Along with Mosul in Iraq, Raqqa was a pivot."]
    assert join_broken_lines(lines) == lines


def test_raqqa_seeds_lose_no_story_paragraph(raqqa_dir) -> None:
    text = (raqqa_dir / "003_c14fd44a81389205.txt").read_text(encoding="utf-8")
    clean = clean_text(text)
    kept = "\n".join(clean.paragraphs)
    for sentence in ("'Real fight has begun'", "Mosul victory 'in 2 days'",
                     "\"We may be counting casualties by the hundreds,\" he told AFP.",
                     "But coalition officials said the extremists were now on their last legs"):
        assert sentence in kept
    assert "Add new comment" not in kept and "2 + 10 =" not in kept


_LOWER = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=9)
_WORD = st.one_of(
    _LOWER, _LOWER.map(str.capitalize), st.integers(0, 10**6).map(str),
    # words that junk rules look for, inside prose they must not trigger a rule
    st.sampled_from(["said", "AFP", "Reuters", "(AP)", "photo", "video", "credit:", "By",
                     "Image", "related", "comments", "share", "Monday", "June", "2017,",
                     "told", "read", "more:", "home", "copyright", "newsletter", "voted"]),
)
_SENTENCE = st.builds(
    lambda words, end: words[0][:1].upper() + words[0][1:] + " " + " ".join(words[1:]) + end,
    st.lists(_WORD, min_size=8, max_size=30), st.sampled_from([".", "?", "!", '."']),
)


_PLAIN = st.builds(
    lambda words: words[0].capitalize() + " " + " ".join(words[1:]) + ".",
    st.lists(_LOWER, min_size=3, max_size=30),
)


@given(st.lists(_PLAIN, min_size=1, max_size=8))
def test_story_like_text_passes_through_unchanged(sentences: list[str]) -> None:
    clean = clean_text("\n\n".join(sentences))
    assert clean.paragraphs == tuple(sentences)
    assert clean.removed == ()


@given(st.lists(_SENTENCE, min_size=1, max_size=8))
def test_a_sentence_is_lost_only_when_a_junk_rule_matches_it(sentences: list[str]) -> None:
    kept = clean_text("\n\n".join(sentences)).paragraphs
    lost = [sentence for sentence in sentences if sentence not in kept]
    assert lost == [sentence for sentence in sentences if clean_text(sentence).removed]


def _chars(texts) -> Counter[str]:
    return Counter(ch for text in texts for ch in text if not ch.isspace())


@given(st.text(max_size=400))
def test_cleaning_never_crashes_and_accounts_for_every_character(text: str) -> None:
    clean = clean_text(text)
    kept = [*clean.paragraphs, *(item.text for item in clean.removed)]
    assert _chars(kept) == _chars(
        ch for ch in text if ch not in "\u00a0\u200b\ufeff")  # spaces that cleaning folds


@given(st.lists(st.sampled_from([
    "You are here", "Add new comment", "2 + 10 =", STORY, "Related Video:", "Raqqa falls",
    "(photo credit: REUTERS)", "A MEMBER of ISIS waves a flag in Raqqa", "Show Full Article",
    ", as urban warfare went on", "'Real fight has begun'"]), max_size=12))
def test_cleaning_mixed_lines_keeps_every_story_sentence(lines: list[str]) -> None:
    clean = clean_text("\n".join(lines))
    kept = "\n".join(clean.paragraphs)
    assert kept.count(STORY) == lines.count(STORY)


# ------------------------------------------------------------------------------------------
# Decoding


def test_decode_accepts_utf8_bom_utf16_and_windows_1252() -> None:
    assert decode("Daesh’s “caliphate”".encode()) == "Daesh’s “caliphate”"
    assert decode(b"\xef\xbb\xbfRaqqa") == "Raqqa"
    assert decode("Raqqa – Syria".encode("utf-16")) == "Raqqa – Syria"
    assert decode("café – “Raqqa”".encode("cp1252")) == "café – “Raqqa”"


def test_decode_repairs_mojibake_but_not_real_accents() -> None:
    broken = "Daesh’s “one-time” capital".encode().decode("latin-1").encode()
    assert decode(broken) == "Daesh’s “one-time” capital"
    assert decode("NÃO, São Paulo".encode()) == "NÃO, São Paulo"


@pytest.mark.parametrize("data", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"text\x00more",
                                  b"\x81\x8d\x90 not text", b"\x01\x02\x03\xff\xfe\xfa"])
def test_decode_refuses_binary_data(data: bytes) -> None:
    with pytest.raises(DecodeError):
        decode(data)


@given(st.binary(max_size=200))
def test_decode_gives_text_or_a_decode_error(data: bytes) -> None:
    with contextlib.suppress(DecodeError):
        assert isinstance(decode(data), str)


@given(st.text(max_size=200).filter(lambda s: "\x00" not in s))
def test_decode_of_utf8_is_the_text_up_to_mojibake_repair(text: str) -> None:
    assert decode(text.encode("utf-8")) == repair_mojibake(text.removeprefix("\ufeff"))
