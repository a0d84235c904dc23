"""Metadata of an article: title, subtitle, byline, agency, outlet, dateline, publication date.

The golden files in ``golden/`` were written by reading each Raqqa seed line by line: every line
of the seed is in them, as a paragraph, a field, or a removed line with its reason.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.ingest import to_article
from dateline.ingest.agencies import choose_agency, outlet_cue, text_cues
from dateline.ingest.cleaning import clean_text
from dateline.ingest.datelines import dateline_alone, parse_byline, parse_dateline
from dateline.ingest.dates import find_dates, parse_date_line, weekday_on_or_after
from dateline.ingest.metadata import infer_metadata
from dateline.ingest.raw import RawDocument
from dateline.model import Article, DateEvidence, Source, to_dict

GOLDEN = Path(__file__).parent / "golden"
SEEDS = sorted(path.stem for path in GOLDEN.glob("*.json"))
FIELDS = ("title", "subtitle", "outlet", "byline", "agency", "dateline", "published",
          "date_evidence", "captions", "removed", "paragraphs")


def _article(text: str, **container) -> Article:
    article = to_article(RawDocument(source=Source(path="t.txt"), text=text, **container))
    assert isinstance(article, Article), article
    return article


@pytest.mark.parametrize("seed", SEEDS)
def test_seed_matches_its_golden_file(seed: str, raqqa_articles: dict[str, Article]) -> None:
    expected = json.loads((GOLDEN / f"{seed}.json").read_text(encoding="utf-8"))
    article = to_dict(raqqa_articles[seed[:3]])
    for field in FIELDS:
        assert article[field] == expected[field], field


@pytest.mark.parametrize("seed", SEEDS)
def test_every_character_of_a_seed_is_kept_somewhere(seed: str, raqqa_dir: Path,
                                                     raqqa_articles: dict[str, Article]) -> None:
    source = (raqqa_dir / f"{seed}.txt").read_text(encoding="utf-8")
    article = raqqa_articles[seed[:3]]
    parts = [article.title or "", article.subtitle or "", *article.paragraphs,
             *(item.text for item in article.removed)]
    chars = Counter(ch for part in parts for ch in part if not ch.isspace())
    assert chars == Counter(ch for ch in source if not ch.isspace())


def test_seed_publication_dates(raqqa_articles: dict[str, Article]) -> None:
    published = {key: a.published for key, a in raqqa_articles.items()}
    assert (published["003"].value, published["003"].source) == ("2017-07-04", "byline")
    assert (published["004"].value, published["004"].source) == ("2017-06-07", "caption+weekday")
    assert (published["000"].value, published["000"].source) == ("2017-10-16", "caption+weekday")
    assert published["001"] is None
    assert published["002"] is None


def test_embedded_video_date_is_weak_evidence_only(raqqa_articles: dict[str, Article]) -> None:
    article = raqqa_articles["002"]
    (evidence,) = article.date_evidence
    assert (evidence.value, evidence.source) == ("2017-09-05", "video-caption")
    assert evidence.confidence < 0.5 and article.published is None


def test_seed_headers(raqqa_articles: dict[str, Article]) -> None:
    a = raqqa_articles
    assert a["001"].title is None and a["001"].paragraphs[0].startswith("US-backed militias")
    assert a["000"].title is None and a["000"].dateline == "Raqqa"
    assert a["000"].paragraphs[0] == a["001"].paragraphs[0].replace("Islamic State", "Daesh")
    assert a["003"].subtitle == ("Coalition estimates that around 2,500 extremists are "
                                 "defending the city")
    assert a["002"].subtitle is not None and a["002"].subtitle not in a["002"].paragraphs
    assert a["004"].subtitle is None
    assert (a["003"].byline, a["003"].agency, a["003"].dateline) == ("AFP", "AFP", "BEIRUT")
    assert [x.agency for _, x in sorted(a.items())] == ["Reuters", "Reuters", None, "AFP", "AFP"]
    assert a["002"].outlet == "The Media Line" and a["000"].outlet is None


# ------------------------------------------------------------------------------------------
# Container metadata wins


def test_container_title_wins_and_its_repeat_leaves_the_body() -> None:
    text = "US-backed forces breach Raqqa defences\n\nBEIRUT — US-backed forces broke into " \
           "the Old City of Raqqa on Tuesday, the coalition said.\n\nMore followed."
    article = _article(text, title="US-backed forces breach Raqqa defences | The Site")
    assert article.title == "US-backed forces breach Raqqa defences | The Site"
    assert article.paragraphs[0].startswith("US-backed forces broke into")


def test_container_date_wins_over_the_text() -> None:
    given_date = DateEvidence("2017-07-05", "day", "html-meta", "article:published_time", 0.95)
    article = _article("By AFP - Jul 04,2017\n\nBEIRUT — Fighters broke into the Old City of "
                       "Raqqa on Tuesday, the coalition said.", published=given_date)
    assert article.published == given_date
    assert {e.source for e in article.date_evidence} == {"html-meta", "byline"}


def test_a_weak_container_date_yields_to_the_byline() -> None:
    guess = DateEvidence("2017-07-09", "day", "html-text", "htmldate pattern in the page", 0.4)
    article = _article("By AFP - Jul 04,2017\n\nBEIRUT — Fighters broke into the Old City of "
                       "Raqqa on Tuesday, the coalition said.", published=guess)
    assert article.published is not None
    assert (article.published.value, article.published.source) == ("2017-07-04", "byline")
    assert guess in article.date_evidence


def test_no_evidence_means_no_date() -> None:
    assert _article(f"{'Fighters broke into the city on Tuesday. ' * 3}").published is None


# ------------------------------------------------------------------------------------------
# Bylines, datelines, agencies


@pytest.mark.parametrize(("line", "names", "dates"), [
    ("By AFP - Jul 04,2017 - Last updated at Jul 04,2017", "AFP", ["2017-07-04"]),
    ("By John Smith and Jane Doe, Reuters", "John Smith and Jane Doe, Reuters", []),
    ("Written by: Charnele Henry", "Charnele Henry", []),
    ("By Ellen Francis | October 16, 2017", "Ellen Francis", ["2017-10-16"]),
])
def test_bylines(line: str, names: str, dates: list[str]) -> None:
    byline = parse_byline(line)
    assert byline is not None and byline.names == names
    assert [d.date.isoformat() for d in byline.dates] == dates


@pytest.mark.parametrize("line", [
    "By Tuesday, the forces had reached the Old City.",
    "By the end of the day the SDF controlled the whole city.",
    "Bystanders said the convoy left at night.",
])
def test_sentences_starting_with_by_are_not_bylines(line: str) -> None:
    assert parse_byline(line) is None


@pytest.mark.parametrize(("paragraph", "place", "agency", "rest"), [
    ("BEIRUT — US-backed forces have penetrated the heart of Raqqa for the first time.",
     "BEIRUT", None, "US-backed forces have penetrated the heart of Raqqa for the first time."),
    ("LONDON (Reuters) - British police arrested a man on Monday after the attack in the city.",
     "LONDON", "Reuters", "British police arrested a man on Monday after the attack in the city."),
    ("Raqqa, Syria— The battle for Raqqa is nearing completion, commanders said.",
     "Raqqa, Syria", None, "The battle for Raqqa is nearing completion, commanders said."),
    ("NAPA COUNTY, Calif. -- The county entered an agreement with the resort on Tuesday.",
     "NAPA COUNTY, Calif.", None, "The county entered an agreement with the resort on Tuesday."),
    ("BEIRUT, July 4 (Reuters) - Fighters broke into the Old City of Raqqa on Tuesday.",
     "BEIRUT", "Reuters", "Fighters broke into the Old City of Raqqa on Tuesday."),
])
def test_datelines(paragraph: str, place: str, agency: str | None, rest: str) -> None:
    dateline = parse_dateline(paragraph)
    assert dateline is not None
    assert (dateline.place, dateline.agency, dateline.rest) == (place, agency, rest)


def test_dated_dateline_gives_date_and_agency() -> None:
    article = _article("MOSUL, Iraq, July 4, 2017 (AFP) — Iraqi forces closed in on the last "
                       "streets of the Old City, commanders said.\n\nMore fighting followed.")
    assert (article.dateline, article.agency) == ("MOSUL, Iraq", "AFP")
    assert article.published is not None
    assert (article.published.value, article.published.source) == ("2017-07-04", "dateline")
    assert article.paragraphs[0].startswith("Iraqi forces closed in")


def test_colon_dateline_needs_its_place_named_again() -> None:
    lead = "Raqqa: US-backed militias battled foreign fighters defending the last pocket."
    assert parse_dateline(lead, "The battle inside Raqqa started in June.") is not None
    assert parse_dateline(lead.replace("Raqqa:", "Aleppo:"), "Nothing else here.") is None
    interview = "Smith: Thank you for having me on the show today, it is a pleasure."
    assert parse_dateline(interview, "Smith said the city had fallen. Smith smiled.") is None


@pytest.mark.parametrize("paragraph", [
    "US-backed militias battled foreign fighters in Raqqa on Monday, the coalition said.",
    "Update: the coalition said the battle for Raqqa was over, and the SDF held the city.",
    "UPDATE — The coalition said the battle for Raqqa was over on Tuesday night.",
    "A Reuters correspondent saw smoke rising above the city.",
])
def test_leads_without_a_dateline(paragraph: str) -> None:
    assert parse_dateline(paragraph, "Raqqa Raqqa") is None


def test_dateline_on_its_own_line_is_taken_out() -> None:
    assert dateline_alone("WASHINGTON —") is not None and dateline_alone("Washington") is None
    article = _article("Bloomberg tries again\n\nBy Evan Halper\n\nWASHINGTON —\n\nThe former "
                       "mayor has spent heavily on advertising ahead of the debate, aides said.")
    assert article.dateline == "WASHINGTON" and article.byline == "Evan Halper"
    assert article.paragraphs == ("The former mayor has spent heavily on advertising ahead of "
                                  "the debate, aides said.",)


def test_agency_after_the_names_in_a_byline() -> None:
    article = _article("Raqqa falls\n\nBy Ellen Francis | Reuters\n\nThe SDF said the battle for "
                       "Raqqa was over on Tuesday, after four months of fighting.")
    assert (article.byline, article.agency) == ("Ellen Francis", "Reuters")


def test_agency_cues_in_text() -> None:
    paragraphs = ["Abu Mohamed told AFP the bombing had not stopped.",
                  "A Reuters correspondent saw smoke.", "Hussam Eesa said in an interview with "
                  "the Associated Press that more would die."]
    assert text_cues(paragraphs) == ["AFP", "Reuters", "AP"]


def test_agency_needs_text_evidence_and_a_clear_winner() -> None:
    assert choose_agency([("credit", "Reuters"), ("credit", "Reuters")]) is None
    assert choose_agency([("text", "AFP"), ("text", "Reuters")]) is None
    assert choose_agency([("text", "Reuters"), ("credit", "AP")]) == "Reuters"
    assert choose_agency([("byline", "AFP"), ("text", "Reuters"), ("text", "Reuters")]) == "AFP"


def test_outlet_only_from_its_own_promotion_line() -> None:
    assert outlet_cue(["For more stories from The Media Line, go to www.themedialine.org"]) \
        == "The Media Line"
    assert outlet_cue(["The Media Line reported that the city fell."]) is None


# ------------------------------------------------------------------------------------------
# Dates


@pytest.mark.parametrize(("text", "expected"), [
    ("By AFP - Jul 04,2017", ["2017-07-04"]),
    ("video released on Sunday, Oct. 15, 2017 and provided by", ["2017-10-15"]),
    ("on June 6, 2017. (DELIL SOULEIMAN/AFP)", ["2017-06-06"]),
    ("on 6 June 2017 and 2017-06-07", ["2017-06-06", "2017-06-07"]),
    ("Feb 30, 2017 or June 2017 or 6 June", []),
])
def test_find_dates(text: str, expected: list[str]) -> None:
    assert [found.date.isoformat() for found in find_dates(text)] == expected


@pytest.mark.parametrize(("line", "expected"), [
    ("Published: July 4, 2017", dt.date(2017, 7, 4)),
    ("Latest update May 6th, 2022 12:49 AM", dt.date(2022, 5, 6)),
    ("Tuesday 4 July 2017 10.33 BST", dt.date(2017, 7, 4)),
    ("2017-07-04T10:33:00Z", dt.date(2017, 7, 4)),
    ("The coalition said on July 4, 2017 that Raqqa's wall was breached.", None),
    ("on Monday", None),
])
def test_parse_date_line(line: str, expected: dt.date | None) -> None:
    assert parse_date_line(line) == expected


def test_weekday_is_resolved_on_or_after_the_caption_date() -> None:
    tuesday = dt.date(2017, 6, 6)
    assert weekday_on_or_after(tuesday, 2) == dt.date(2017, 6, 7)  # Wednesday
    assert weekday_on_or_after(tuesday, 1) == tuesday  # the same day
    assert weekday_on_or_after(tuesday, 0) == dt.date(2017, 6, 12)  # the next Monday


def test_caption_without_a_lead_weekday_stays_weak() -> None:
    text = ("A fighter in Raqqa on June 6, 2017. (DELIL SOULEIMAN/AFP)\n\nFighters gained ground "
            "in the streets of Raqqa, a day after their offensive broke into the city.")
    article = _article(text)
    assert article.published is None
    assert [(e.value, e.source) for e in article.date_evidence] == [("2017-06-06", "caption")]


def test_video_caption_date_is_not_resolved_with_the_weekday() -> None:
    text = ("Fighters gained ground in the streets of Raqqa on Wednesday, the monitor said.\n"
            "Iraq captures the town of Hawija, September 5, 2017. (Reuters)\nMore text here.")
    clean = clean_text(text)
    meta = infer_metadata(RawDocument(source=Source(path="t.txt"), text=text), clean)
    assert meta.published is None
    assert [e.source for e in meta.date_evidence] == ["video-caption"]


def test_file_picture_date_is_not_resolved_with_the_weekday() -> None:
    text = ("Fighters in Raqqa on June 6, 2014. (Reuters file photo)\n\nFighters gained ground "
            "in the streets of Raqqa on Wednesday, the monitor said, as the battle went on.")
    article = _article(text)
    assert article.published is None
    assert [(e.value, e.confidence) for e in article.date_evidence] == [("2014-06-06", 0.1)]


def test_agency_sign_off_decides_the_agency() -> None:
    article = _article(f"{'The coalition said the battle was nearly over. ' * 3}\n\n(AFP)")
    assert article.agency == "AFP"
    assert article.removed[-1].reason == "sign-off"


@given(st.text(max_size=120))
def test_date_parsing_never_crashes(text: str) -> None:
    for found in find_dates(text):
        assert isinstance(found.date, dt.date)
    result = parse_date_line(text)
    assert result is None or isinstance(result, dt.date)


@given(st.text(max_size=300))
def test_metadata_never_crashes(text: str) -> None:
    clean = clean_text(text)
    meta = infer_metadata(RawDocument(source=Source(path="t.txt"), text=text), clean)
    assert len(meta.body) <= len(clean.paragraphs)
    assert meta.published is None or meta.published.confidence >= 0.5


_LINE = st.one_of(
    st.sampled_from(["Raqqa falls to the SDF", "By AFP - Jul 04,2017", "BEIRUT —",
                     "Published: July 4, 2017", "(AFP photo)", "You are here",
                     "BEIRUT — The coalition said the battle for Raqqa was nearly over.",
                     "Fighters gained ground in Raqqa on Wednesday, a day after the breach."]),
    st.text(max_size=60),
)


@given(st.lists(_LINE, min_size=1, max_size=8))
def test_every_character_is_kept_in_a_field_a_paragraph_or_removed(lines: list[str]) -> None:
    text = "\n\n".join(lines)
    article = to_article(RawDocument(source=Source(path="t.txt"), text=text))
    if not isinstance(article, Article):
        return  # nothing left for a body: an ingest error, reported with its reason
    parts = [article.title or "", article.subtitle or "", *article.paragraphs,
             *(item.text for item in article.removed)]
    folded = "\u00a0\u200b\ufeff"
    assert Counter(ch for part in parts for ch in part if not ch.isspace()) == Counter(
        ch for ch in text if not ch.isspace() and ch not in folded)
