"""Stage results built by hand from the Raqqa articles, to render before the stages land.

Sentences are found by their words (not by index), and copy edits come from a word diff of the
two real sentences, so the records stay true to the articles when cleaning changes.
"""

from __future__ import annotations

import difflib
import re
from dataclasses import replace

from dateline.model import (
    Alias,
    AlignedPassage,
    Article,
    Citation,
    CitedSentence,
    Claim,
    CopyLink,
    DateEvidence,
    Edit,
    Entity,
    Event,
    Story,
    TimelineEntry,
)
from dateline.report.document import (
    BuildResult,
    OutletOnly,
    SourceComparison,
    StoryResult,
    Wording,
)
from dateline.sentences import article_sentences


def sentence_index(article: Article, words: str) -> int:
    """The index of the first sentence of ``article`` that contains ``words``."""
    for sentence in article_sentences(article):
        if words in sentence.text:
            return sentence.index
    raise LookupError(f"no sentence of {article.id} contains {words!r}")


def sentence_text(article: Article, index: int) -> str:
    return article_sentences(article)[index].text


def word_edits(old: str, new: str) -> tuple[Edit, ...]:
    """Word-level edits from ``old`` to ``new`` (what the copies stage reports)."""
    a, b = re.findall(r"\S+", old), re.findall(r"\S+", new)
    edits = []
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if op != "equal":
            edits.append(Edit(op, " ".join(a[i1:i2]), " ".join(b[j1:j2])))  # type: ignore[arg-type]
    return tuple(edits)


def passage(original: Article, copy: Article, words_original: str,
            words_copy: str) -> AlignedPassage:
    i, j = sentence_index(original, words_original), sentence_index(copy, words_copy)
    old, new = sentence_text(original, i), sentence_text(copy, j)
    ratio = difflib.SequenceMatcher(a=old, b=new).ratio()
    return AlignedPassage(i, j, round(ratio, 3), word_edits(old, new))


def cite(article: Article, words: str, outlet: str) -> Citation:
    return Citation(article.id, sentence_index(article, words), outlet=outlet)


def raqqa_build(arts: dict[str, Article]) -> BuildResult:
    """A build result for the five Raqqa articles: one story, its timeline, copies, claims."""
    a0, a1, a2, a3, a4 = (arts[k] for k in ("000", "001", "002", "003", "004"))
    ids = tuple(a.id for a in (a0, a1, a2, a3, a4))
    story_id = "s-raqqa"
    events = (
        Event("e-meshleb", story_id, "SDF breaks into Raqqa's Al-Meshleb district",
              "2017-06-06", "2017-06-07", (a4.id,)),
        Event("e-wall", story_id, "Coalition strikes breach the Rafiqah Wall", "2017-07-04",
              "2017-07-04", (a3.id,)),
        Event("e-last-stand", story_id, "Foreign fighters' last stand in Raqqa", "2017-10-14",
              "2017-10-16", (a0.id, a1.id, a2.id)),
    )
    story = Story(story_id, "Battle for Raqqa", ids, events, "2017-06-06", "2017-10-16",
                  ("Reuters", "Gulf News", "The Media Line", "Jordan Times", "AFP"), 4)
    convoy = CitedSentence(
        "A convoy of Syrian Islamic State fighters left Raqqa on Saturday night with their "
        "families, leaving only 200-300 foreign jihadists.",
        (cite(a1, "A convoy of Syrian", "Reuters"), cite(a0, "A convoy of Syrian", "Gulf News")),
        independent=1)
    timeline = (
        TimelineEntry("2017-06-06", "day", (CitedSentence(
            "The SDF's Arab and Kurdish fighters broke into the eastern Al-Meshleb district.",
            (cite(a4, "Al-Meshleb", "AFP"),)),)),
        TimelineEntry("2017-07", "month", (CitedSentence(
            "The SDF encircled Raqqa and advanced from the west of the city.",
            (cite(a2, "encircled Raqqa", "The Media Line"),)),)),
        TimelineEntry("2017-07-04", "day", (CitedSentence(
            "Coalition air strikes punched two holes in the Rafiqah Wall around the Old City.",
            (cite(a3, "punched two holes", "Jordan Times"),)),)),
        TimelineEntry("2017-10-14", "day", (convoy,)),
        TimelineEntry("2017-10-16", "day", (CitedSentence(
            "US-backed militias battled foreign fighters defending the last pocket of Raqqa.",
            (cite(a1, "US-backed militias battled", "Reuters"),
             cite(a0, "US-backed militias battled", "Gulf News")), independent=1),)),
    )
    summary = (
        CitedSentence("US-backed forces fought Islamic State for Raqqa from June to October 2017.",
                      (cite(a4, "Al-Meshleb", "AFP"), cite(a3, "punched two holes", "Jordan Times"),
                       cite(a1, "US-backed militias battled", "Reuters")), independent=3),
        convoy,
    )
    copy = CopyLink(a1.id, a0.id, 0.83, "near", "attribution", (
        passage(a1, a0, "US-backed militias battled", "US-backed militias battled"),
        passage(a1, a0, "A convoy of Syrian", "A convoy of Syrian"),
        passage(a1, a0, "The SDF is now poised", "The SDF is now poised"),
        passage(a1, a0, "lost Mosul", "lost Mosul"),
        AlignedPassage(sentence_index(a1, "could not put a timeline"), None, 0.0,
                       (Edit("delete", sentence_text(a1, sentence_index(
                           a1, "could not put a timeline")), ""),)),
    ))
    FIGHTERS_CONFLICT = "200-300 (the SDF) vs 250 (Ashraf Serhad)"  # noqa: N806
    october = DateEvidence("2017-10-14", "day", "text", "Saturday night", 0.8)
    claims = (
        Claim(a1.id, sentence_index(a1, "200-300"), "200-300", 200, 300,
              "foreign fighters remaining in Raqqa", "the SDF", october, "fighters-in-raqqa",
              conflict=FIGHTERS_CONFLICT),
        Claim(a0.id, sentence_index(a0, "250 Daesh fighters"), "250", 250, 250,
              "foreign fighters remaining in Raqqa", "Ashraf Serhad", october,
              "fighters-in-raqqa", conflict=FIGHTERS_CONFLICT),
        Claim(a3.id, sentence_index(a3, "around 2,500"), "around 2,500", 2500, 2500,
              "extremists defending Raqqa", "the coalition",
              DateEvidence("2017-07-04", "day", "text", "Jul 04,2017", 0.7), "fighters-in-raqqa"),
        Claim(a4.id, sentence_index(a4, "160,000"), "about 160,000", 160000, 160000,
              "people remaining in Raqqa", "the UN humanitarian office"),
    )
    entities = (
        Entity("ent-is", "Islamic State", "ORG",
               (Alias("Daesh", ("substitution in rewrite Islamic State -> Daesh (4x)",)),
                Alias("ISIS", ("acronym of a name in the same story",)),
                Alias("IS", ("acronym of a name in the same story",))),
               mentions=41),
        Entity("ent-sdf", "Syrian Democratic Forces", "ORG",
               (Alias("SDF", ("defined in text: Syrian Democratic Forces (SDF)",)),),
               mentions=30),
    )
    return BuildResult(articles=tuple(arts[k] for k in sorted(arts)),
                       stories=(StoryResult(story, timeline, summary),), copies=(copy,),
                       claims=claims, entities=entities, generated_at="2026-11-23T12:00:00+00:00")


def with_comparison(result: BuildResult) -> BuildResult:
    """``result`` with a per-source comparison on its story, written by hand: what only the
    Jordan Times reports, and Reuters' "Islamic State" against Gulf News' "Daesh"."""
    story = result.stories[0]
    convoy = story.timeline[3].sentences[0]
    wall = story.timeline[2].sentences[0]
    comparison = SourceComparison(
        ("Reuters", "Gulf News", "Jordan Times"),
        (OutletOnly("Reuters"), OutletOnly("Gulf News"), OutletOnly("Jordan Times", (wall,))),
        (Wording("Reuters", "Islamic State", "Gulf News", "Daesh", 4,
                 (convoy.citations[0], convoy.citations[1])),))
    return replace(result, stories=(replace(story, comparison=comparison),))
