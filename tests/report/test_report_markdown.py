"""The Markdown report shows what a reader needs, and article text never becomes markup."""

from __future__ import annotations

import re
from dataclasses import replace

from dateline.model import Citation, CitedSentence, Story, TimelineEntry
from dateline.report.document import BuildResult, StoryResult
from dateline.report.markdown import md_escape, report_markdown, story_markdown


def test_story_report_has_every_section(raqqa_result: BuildResult) -> None:
    text = story_markdown(raqqa_result, raqqa_result.stories[0])
    headings = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert headings == ["Summary", "Timeline", "Events", "Sources", "Claims", "Copies"]
    dates = re.findall(r"^### (\d{4}-\d{2}(?:-\d{2})?) ", text, re.MULTILINE)
    assert dates == ["2017-06-06", "2017-07", "2017-07-04", "2017-10-14", "2017-10-16"]
    assert "2 citations" in text and "2 reports, 1 independent" in text


def test_conflicting_claims_are_flagged(raqqa_result: BuildResult) -> None:
    text = story_markdown(raqqa_result, raqqa_result.stories[0])
    assert "### foreign fighters remaining in Raqqa **(conflict)**" in text
    assert "**200–300**" in text and "**2,500**" in text
    assert "### people remaining in Raqqa\n" in text


def test_copy_edits_show_the_daesh_rewrite(raqqa_result: BuildResult) -> None:
    text = story_markdown(raqqa_result, raqqa_result.stories[0])
    assert "“Islamic State’s” → “Daesh’s”" in text
    assert "− “The US-led coalition supporting them said" in text
    assert "“jihadists” → “militants”" in text


def test_article_markup_is_escaped() -> None:
    hostile = "<script>alert(1)</script> [x](javascript:alert(2)) *bold* | cell"
    escaped = md_escape(hostile)
    assert "<" not in escaped.replace("\\<", "")
    assert "](" not in escaped
    assert "\\*bold\\*" in escaped and "\\|" in escaped
    assert md_escape("# not a heading") == "\\# not a heading"
    assert md_escape("1. not a list") == "1\\. not a list"


def test_hostile_story_renders_no_raw_markup(raqqa_result: BuildResult) -> None:
    article = raqqa_result.articles[0]
    story = Story("s-x", "<img src=x onerror=alert(1)>", (article.id,))
    entry = TimelineEntry("2017-10-16", "day", (
        CitedSentence("<script>alert('x')</script>", (Citation(article.id, 0, "<b>AFP</b>"),)),))
    result = replace(raqqa_result, stories=(StoryResult(story, (entry,)),))
    text = report_markdown(result)
    assert re.search(r"(?<!\\)<", text) is None


def test_empty_build_says_so() -> None:
    assert "no stories yet" in report_markdown(BuildResult())
