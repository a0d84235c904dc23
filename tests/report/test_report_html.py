"""The HTML report: one inert self-contained file with the timeline, claims, copies, articles."""

from __future__ import annotations

import re
from pathlib import Path

from report_hostile import assert_inert, audit
from report_raqqa import with_comparison
from report_xss import write_corpus

from dateline.ingest import ingest
from dateline.model import Citation, CitedSentence, Claim, CopyLink, Story, TimelineEntry
from dateline.report.document import (
    BuildResult,
    StoryResult,
)
from dateline.report.html import render_html
from dateline.report.markdown import report_markdown
from dateline.report.results import load_build, save_results
from dateline.report.views import story_outlets
from dateline.sentences import article_sentences
from dateline.store import SQLiteStore


def test_report_loads_nothing_and_runs_nothing(raqqa_result: BuildResult) -> None:
    html = render_html(raqqa_result)
    assert "Content-Security-Policy" in html and "default-src 'none'" in html
    found = audit(html)
    assert found.scripts == []
    assert "img" not in found.tags
    assert html.count("<link") == 1 and '<link rel="icon" href="data:,">' in html
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", html)
    assert_inert(html)


def test_timeline_shows_dates_on_an_axis_with_citation_counts(
        raqqa_result: BuildResult) -> None:
    html = render_html(raqqa_result)
    points = re.findall(r'<a class="point" href="#(story-1-[^"]+)" style="left: ([\d.]+)%',
                        html)
    assert [p[0] for p in points] == ["story-1-2017-06-06", "story-1-2017-07",
                                      "story-1-2017-07-04", "story-1-2017-10-14",
                                      "story-1-2017-10-16"]
    assert float(points[0][1]) == 0 and float(points[-1][1]) == 100
    for anchor, _ in points:
        assert f'id="{anchor}"' in html
    assert "2 citations" in html


def test_every_citation_links_to_a_sentence_of_its_article(raqqa_result: BuildResult) -> None:
    html = render_html(raqqa_result)
    targets = set(re.findall(r'href="#(article-[0-9a-f]{16}(?:-s\d+)?)"', html))
    assert len(targets) >= 8
    for target in targets:
        assert f'id="{target}"' in html, target
    story = raqqa_result.stories[0]
    convoy = story.timeline[3].sentences[0].citations[0]
    article = raqqa_result.article_map()[convoy.article_id]
    sentence = article_sentences(article)[convoy.sentence].text
    span = re.search(rf'id="article-{article.id}-s{convoy.sentence}">([^<]*)<', html)
    assert span and "convoy" in span.group(1)
    assert "200-300" in sentence


def test_removed_boilerplate_is_viewable_per_article(raqqa_result: BuildResult) -> None:
    html = render_html(raqqa_result)
    assert "<summary>Removed by cleaning (" in html
    assert "Add new comment" in html  # 003's comment form, kept for audit
    section = html.split('id="article-', 1)[1]
    assert "<details class=\"removed\">" in section


def test_copy_diff_marks_the_daesh_edits(raqqa_result: BuildResult) -> None:
    html = render_html(raqqa_result)
    assert "<del>Islamic State’s</del>" in html
    assert "<ins>Daesh’s</ins>" in html
    assert "<ins>militants</ins>" in html


def test_conflicting_claims_are_highlighted(raqqa_result: BuildResult) -> None:
    html = render_html(raqqa_result)
    conflict = html.split('class="group conflict"', 1)[1].split('class="group"', 1)[0]
    assert "foreign fighters remaining in Raqqa" in conflict
    assert "2,500" in conflict and "200–300" in conflict


def test_per_source_comparison_lists_each_outlet(raqqa_result: BuildResult) -> None:
    html = render_html(raqqa_result)
    table = html.split('<table class="sources">', 1)[1].split("</table>", 1)[0]
    rows = {a.id: {"outlet": a.outlet, "agency": a.agency} for a in raqqa_result.articles}
    outlets = set(story_outlets(raqqa_result.stories[0], rows).values())
    assert len(outlets) >= 4 and "unknown outlet" not in outlets
    for outlet in outlets:
        assert f"<td><bdi>{outlet}</bdi></td>" in table
    assert '<table class="matrix">' in html


def test_hostile_articles_render_inert(tmp_path: Path) -> None:
    store = SQLiteStore(tmp_path / "x.db")
    report = ingest(store, [str(p) for p in write_corpus(tmp_path / "corpus")])
    assert report.read == 4, report.errors
    articles = list(store.iter_articles())
    ids = tuple(a.id for a in articles)
    citations = tuple(Citation(a.id, i, outlet="<i>Evil</i>") for a in articles
                      for i in range(len(article_sentences(a))))
    hostile = "<script>alert('label')</script>"
    story = StoryResult(
        Story("<s>", hostile, ids, first_date="2017-10-16", outlets=("<b>x</b>",)),
        (TimelineEntry("2017-10-16", "day", (CitedSentence(hostile, citations),)),),
        (CitedSentence("<img src=x onerror=alert(1)>", citations[:2]),))
    claims = [Claim(articles[0].id, 0, "<b>250</b>", 250, 250, "<svg onload=alert(1)>",
                    said_by="<a href='javascript:alert(1)'>x</a>", group="g"),
              Claim(articles[1].id, 0, "2500", 2500, 2500, "x", group="g")]
    copies = [CopyLink(articles[0].id, articles[1].id, 0.5, "near", "<script>")]
    save_results(store, [story], copies, claims)
    html = render_html(load_build(store), title="<script>alert('title')</script>")
    assert_inert(html)
    assert "&lt;script&gt;alert(&#39;xss-script&#39;)&lt;/script&gt;" in html
    assert "<img" not in html and "<svg" not in html and "<script" not in html
    assert "&lt;script&gt;alert(&#39;title&#39;)&lt;/script&gt;" in html


def test_source_comparison_is_shown(raqqa_result: BuildResult) -> None:
    compared = with_comparison(raqqa_result)
    html = render_html(compared)
    assert "Reported by one outlet only" in html and "<b><bdi>Jordan Times</bdi></b>" in html
    wordings = html.split('<table class="wordings">', 1)[1].split("</table>", 1)[0]
    assert "“<bdi>Islamic State</bdi>”" in wordings and "“<bdi>Daesh</bdi>”" in wordings
    assert '<td class="num">4</td>' in wordings
    text = report_markdown(compared)
    assert "### Same fact, different words" in text
    assert "| Reuters | “Islamic State” | Gulf News | “Daesh” | 4 |" in text
    assert "Reported by one outlet only" not in render_html(raqqa_result)


def test_source_comparison_is_read_from_the_store(tmp_path: Path, raqqa_dir: Path,
                                                  raqqa_result: BuildResult) -> None:
    compared = with_comparison(raqqa_result)
    store = SQLiteStore(tmp_path / "c.db")
    ingest(store, [str(raqqa_dir)])
    save_results(store, compared.stories, compared.copies, compared.claims)
    loaded = load_build(store)
    assert loaded.stories[0].comparison == compared.stories[0].comparison
    assert "“<bdi>Islamic State</bdi>”" in render_html(loaded)
