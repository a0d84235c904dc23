"""Which article is the original, and dates inherited from a dated twin."""

from __future__ import annotations

import dataclasses

import pytest
from copies_helpers import make

from dateline.copies import CopyDetector, attributed_agencies, inherit_date, inherit_dates
from dateline.model import Article, CopyLink

STORY = [
    "US-backed militias battled foreign fighters defending the last pocket of the group's "
    "one-time Syrian capital of Raqqa on Monday, bringing their campaign to the brink.",
    "A field commander said he expected the operation to end on Monday, while the coalition "
    "said it could not put a timeline on the battle that began in June this year.",
    "The battle inside Raqqa started in June, and the intense air strikes and street fighting "
    "drove many of its people to refugee camps and left much of the city in ruins.",
]


def _direction(a: Article, b: Article) -> tuple[str, str, str]:
    (link,) = CopyDetector().fit([a, b]).links_
    return link.original, link.copy, link.direction


def test_earlier_publication_is_the_original() -> None:
    late = make(STORY, date="2017-10-17")
    early = make([*STORY, "Follow us on Twitter"], date="2017-10-16")
    assert _direction(late, early) == (early.id, late.id, "date")


def test_the_agency_credited_in_the_text_is_the_original() -> None:
    wire = make(["BEIRUT (Reuters) - " + STORY[0], *STORY[1:]], outlet="Reuters")
    reprint = make(["BEIRUT (Reuters) - " + STORY[0], *STORY[1:], "Extra local line here."],
                   outlet="Gulf Daily")
    assert attributed_agencies(wire) == {"Reuters"}
    assert _direction(reprint, wire) == (wire.id, reprint.id, "attribution")


def test_the_article_that_adds_boilerplate_is_the_copy() -> None:
    plain = make(STORY)
    wrapped = make(["Image credit: AP", *STORY[:2], STORY[2] + " More.", "Related Video:"])
    assert _direction(wrapped, plain) == (plain.id, wrapped.id, "containment")


def test_a_dateless_copy_inherits_its_twins_date() -> None:
    dated = make(STORY, date="2017-10-16")
    dateless = make([*STORY, "Copyright 2017"])
    before = dataclasses.replace(dateless)
    result = inherit_date(dateless, dated)
    assert dateless == before and dateless.published is None  # not mutated
    assert result.published is not None
    assert (result.published.value, result.published.source, result.published.detail) == (
        "2017-10-16", "copy-of", dated.id)
    assert result.date_evidence[-1] == result.published
    assert result.published.confidence < dated.published.confidence  # type: ignore[union-attr]
    assert inherit_date(dated, dateless) is dated  # a dated article keeps its own date


def test_a_date_passes_along_a_chain_of_copies_in_link_order() -> None:
    dated = make(STORY, date="2017-10-16")
    reprint = make([*STORY, "Copyright 2017"])
    cut = make([*STORY[:2], "Copyright 2017"])
    links = [CopyLink(dated.id, reprint.id, 0.9, "near"), CopyLink(reprint.id, cut.id, 0.8,
                                                                  "near")]
    articles = {a.id: a for a in (dated, reprint, cut)}
    changed = inherit_dates(links, articles.get)
    assert list(changed) == [reprint.id, cut.id]  # the cut dated through the reprint
    assert changed[cut.id].published.detail == reprint.id  # type: ignore[union-attr]
    assert inherit_dates(links[1:], articles.get) == {}  # no dated twin in reach


def test_inherit_date_refuses_a_link_between_other_articles() -> None:
    a, b = make(STORY, date="2017-10-16"), make([*STORY, "Follow us"])
    (link,) = CopyDetector().fit([a, b]).links_
    with pytest.raises(ValueError):
        inherit_date(b, make(["Other"], date="2017-01-01"), link)



def test_provenance_alone_decides_the_direction() -> None:
    # the Spark path ships each article's provenance, not the article, to decide its links
    from dateline.copies import fingerprint
    from dateline.copies.derivation import decide, provenance

    wire = make(["BEIRUT (Reuters) - " + STORY[0], *STORY[1:]], outlet="Reuters")
    reprint = make(["BEIRUT (Reuters) - " + STORY[0], *STORY[1:], "Extra local line here."],
                   outlet="Gulf Daily")
    pw, pr = provenance(wire), provenance(reprint)
    assert (pw.credited, pw.own, pw.published) == (frozenset({"Reuters"}), "Reuters", None)
    fw, fr = fingerprint(wire), fingerprint(reprint)
    shared = len(set(fw.shingles.tolist()) & set(fr.shingles.tolist()))
    original, _, how = decide(reprint, wire, shared, fr, fw, pr, pw)
    assert (original.id, how) == (wire.id, "attribution")
    # the same articles with their provenances swapped: the decision follows the provenance
    original, _, how = decide(reprint, wire, shared, fr, fw, pw, pr)
    assert (original.id, how) == (reprint.id, "attribution")
