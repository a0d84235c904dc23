"""Markdown report of a story: timeline, summary, sources, claims with conflicts, copies.

Readable as plain text in a terminal and rendered on a code host. Every piece of article text
is escaped so that nothing in it becomes markup (no HTML tag, link or emphasis from an article).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from dateline.model import Article, Citation, CitedSentence
from dateline.report.bidi import plain
from dateline.report.document import BuildResult, RecordIndex, SourceComparison, StoryResult
from dateline.report.views import (
    article_label,
    claim_groups,
    compared_outlet,
    copy_diff,
    format_quantity,
    outlet_of,
    source_comparison,
    story_outlets,
)

# CommonMark treats every ASCII punctuation character after a backslash as literal text.
_SPECIAL = re.compile(r"([\\`*_{}\[\]<>()#+!|~&])")
# At the start of a line these would make a list item or a heading underline.
_LINE_START = re.compile(r"^(\s*|\s*\d+(?=[.)]))([-=.)])", re.MULTILINE)


def md_escape(text: str | None) -> str:
    """Text safe to put in Markdown: no tag, link, emphasis or table cell break survives, and
    no bidi control turns the line around (:func:`~dateline.report.bidi.plain`)."""
    if not text:
        return ""
    escaped = _SPECIAL.sub(r"\\\1", " ".join(plain(str(text)).split()))
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)


def _ref(citation: Citation, rows: Mapping[str, Any]) -> str:
    outlet = citation.outlet or outlet_of(rows.get(citation.article_id))
    return f"{md_escape(outlet)} `{citation.article_id[:8]}#s{citation.sentence}`"


def _cited(sentence: CitedSentence, rows: Mapping[str, Any]) -> str:
    refs = "; ".join(_ref(c, rows) for c in sentence.citations)
    count = len(sentence.citations)
    reports = f"{count} report{'s' if count != 1 else ''}, {sentence.independent} independent"
    return f"{md_escape(sentence.text)} ({reports}: {refs})"


class _Build:
    """What every story of one build reads: articles and their rows, claims and copies by
    article (made once for a whole report)."""

    def __init__(self, result: BuildResult) -> None:
        self.articles: dict[str, Article] = result.article_map()
        self.rows = {i: {"title": a.title, "outlet": a.outlet, "agency": a.agency,
                         "published": a.published.value if a.published else None}
                     for i, a in self.articles.items()}
        self.claims = RecordIndex(result.claims, "article_id")
        self.copies = RecordIndex(result.copies, "original", "copy")


def story_markdown(result: BuildResult, story: StoryResult, build: _Build | None = None) -> str:
    """The Markdown report of one story of ``result`` (articles, claims and copies come from it,
    the per-source comparison from ``story.comparison``). ``build``: the same, already indexed
    (:func:`report_markdown` makes it once for all stories)."""
    build = build or _Build(result)
    articles, rows = build.articles, build.rows
    s = story.story
    ids = set(s.article_ids)
    claims = build.claims(ids)
    copies = build.copies(ids)
    out: list[str] = [f"# {md_escape(s.label)}", ""]
    span = " to ".join(d for d in (s.first_date, s.last_date) if d) or "dates unknown"
    out += [f"{span} · {len(s.article_ids)} articles · {len(s.outlets)} outlets · "
            f"{s.independent_sources} independent sources", ""]

    if story.summary:
        out += ["## Summary", ""]
        out += [f"- {_cited(c, rows)}" for c in story.summary] + [""]

    out += ["## Timeline", ""]
    if not story.timeline:
        out += ["No dated statements.", ""]
    for entry in story.timeline:
        cites = sum(len(c.citations) for c in entry.sentences)
        plural = "citation" if cites == 1 else "citations"
        out += [f"### {md_escape(entry.date)} ({entry.granularity}, {cites} {plural})", ""]
        out += [f"- {_cited(c, rows)}" for c in entry.sentences] + [""]

    if s.events:
        out += ["## Events", "", "| dates | event | articles |", "| --- | --- | --- |"]
        for event in s.events:
            dates = " to ".join(dict.fromkeys(d for d in (event.first_date, event.last_date) if d))
            out.append(f"| {md_escape(dates) or 'unknown'} | {md_escape(event.label)} | "
                       f"{len(event.article_ids)} |")
        out.append("")

    out += ["## Sources", "", "| outlet | articles | published | statements supported | "
            "claims | copies |", "| --- | --- | --- | --- | --- | --- |"]
    for row in source_comparison(story, rows, claims, copies):
        dates = " to ".join(dict.fromkeys(d for d in (row.first, row.last) if d)) or "unknown"
        out.append(f"| {md_escape(row.outlet)} | {len(row.articles)} | {md_escape(dates)} | "
                   f"{row.cited} | {row.claims} | {row.copies} |")
    out.append("")
    outlets = story_outlets(story, rows)
    for article_id in s.article_ids:
        label = md_escape(article_label(articles.get(article_id), article_id))
        out.append(f"- `{article_id[:8]}` {label} ({md_escape(outlets[article_id])})")
    out.append("")

    if story.comparison is not None:
        out += _comparison(story.comparison, rows, outlets)

    out += ["## Claims", ""]
    if not claims:
        out += ["No numbers reported.", ""]
    for group in claim_groups(claims):
        flag = f" **(conflict: {md_escape(group.reason)})**" if group.reason else \
            " **(conflict)**" if group.conflict else ""
        out += [f"### {md_escape(group.what)}{flag}", ""]
        for claim in group.claims:
            who = f", said by {md_escape(claim.said_by)}" if claim.said_by else ""
            when = f", about {md_escape(claim.refers_to.value)}" if claim.refers_to else ""
            source = md_escape(outlets.get(claim.article_id, "unknown outlet"))
            out.append(f"- **{md_escape(format_quantity(claim))}** ({md_escape(claim.text)})"
                       f"{who}{when} in {source} `{claim.article_id[:8]}#s{claim.sentence}`")
        out.append("")

    out += ["## Copies", ""]
    if not copies:
        out += ["No copies among these articles.", ""]
    for link in copies:
        original, copy = articles.get(link.original), articles.get(link.copy)
        out += [f"### `{link.copy[:8]}` {md_escape(article_label(copy, link.copy))} copies "
                f"`{link.original[:8]}` {md_escape(article_label(original, link.original))}", "",
                f"{link.kind} copy, similarity {link.similarity:.2f}, direction by "
                f"{md_escape(link.direction)}.", ""]
        for row in copy_diff(link, original, copy):
            edits = "; ".join(_edit(e.op, e.old, e.new) for e in row.edits) or "no change"
            left = "—" if row.original_index is None else f"s{row.original_index}"
            right = "—" if row.copy_index is None else f"s{row.copy_index}"
            out.append(f"- {left} → {right} "
                       f"({row.similarity:.2f}): {edits}")
        out.append("")
    return "\n".join(out).rstrip() + "\n"


def _comparison(comparison: SourceComparison, rows: Mapping[str, Any],
                outlets: Mapping[str, str]) -> list[str]:
    def name(outlet: str) -> str:
        return md_escape(compared_outlet(outlet, outlets))

    out: list[str] = []
    only = [item for item in comparison.unique if item.sentences]
    if only:
        out += ["### Reported by one outlet only", ""]
        for item in only:
            out += [f"- **{name(item.outlet)}**"]
            out += [f"  - {_cited(c, rows)}" for c in item.sentences]
        out.append("")
    if comparison.wordings:
        out += ["### Same fact, different words", "",
                "| outlet | writes | outlet | writes | times |", "| --- | --- | --- | --- | --- |"]
        for w in comparison.wordings[:40]:
            out.append(f"| {name(w.outlet)} | “{md_escape(w.words)}” | "
                       f"{name(w.other_outlet)} | “{md_escape(w.other_words)}” | {w.count} |")
        out.append("")
    return out


def _edit(op: str, old: str, new: str) -> str:
    if op == "insert":
        return f"+ “{md_escape(new)}”"
    if op == "delete":
        return f"− “{md_escape(old)}”"
    return f"“{md_escape(old)}” → “{md_escape(new)}”"


def report_markdown(result: BuildResult) -> str:
    """Every story of ``result`` one after the other; a note when there is none."""
    if not result.stories:
        return (f"# dateline report\n\n{len(result.articles)} articles, no stories yet "
                "(run `dateline build`).\n")
    build = _Build(result)
    return "\n\n".join(story_markdown(result, story, build) for story in result.stories)
