"""HTML report: one self-contained file per run, and the views the web UI shares with it.

The file loads nothing and runs nothing: CSS is inline, there is no script, and a
Content-Security-Policy forbids both anyway. Every value goes through Jinja2's autoescape, so
article text can never become markup. Citations link to the cleaned article in the same file
(``#article-<id>-s<sentence>``); what cleaning removed is in a ``<details>`` under each article.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from dateline.model import Article, Claim, CopyLink, Source
from dateline.report.bidi import bdi, plain
from dateline.report.document import BuildResult, RecordIndex, SourceComparison, StoryResult
from dateline.report.views import (
    Axis,
    ClaimGroup,
    DiffRow,
    SourceRow,
    article_label,
    claim_groups,
    compared_outlet,
    copy_diff,
    copy_groups,
    entry_citations,
    format_quantity,
    outlet_of,
    safe_url,
    source_comparison,
    story_outlets,
    timeline_axis,
)
from dateline.sentences import article_sentences

TEMPLATES = Path(__file__).parent / "templates"
MATRIX_MAX_DATES = 40  # wider outlet-by-date tables stop being readable


def template_env(*extra: Path) -> jinja2.Environment:
    """A Jinja2 environment over ``extra`` folders then the report templates, autoescaping all
    (filters ``bdi`` and ``plain``: see :mod:`dateline.report.bidi`)."""
    loader = jinja2.FileSystemLoader([*(str(p) for p in extra), str(TEMPLATES)])
    env = jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True,
                             lstrip_blocks=True)
    env.filters["bdi"] = bdi  # each article-supplied string in a line: {{ a.outlet|bdi }}
    env.filters["plain"] = plain  # where no markup may go (<title>): controls removed
    return env


@cache
def stylesheet() -> str:
    return (TEMPLATES / "dateline.css").read_text(encoding="utf-8")


@dataclass(frozen=True)
class CopyView:
    link: CopyLink
    original_label: str
    copy_label: str
    rows: tuple[DiffRow, ...]
    edits: int


def copy_views(copies: Sequence[CopyLink], article: Callable[[str], Article | None],
               max_links: int | None = None) -> list[CopyView]:
    """Copy links with their aligned, edit-marked passages (``article`` fetches the texts)."""
    views = []
    for link in copies[:max_links] if max_links is not None else copies:
        original, copy = article(link.original), article(link.copy)
        rows = copy_diff(link, original, copy)
        views.append(CopyView(link, article_label(original, link.original),
                              article_label(copy, link.copy), tuple(rows),
                              sum(len(p.edits) for p in link.passages)))
    return views


@dataclass(frozen=True)
class StoryView:
    """Everything the story template shows, arranged from a :class:`StoryResult`."""

    result: StoryResult
    anchor: str
    axis: Axis
    outlets: Mapping[str, str]
    sources: list[SourceRow]
    matrix_dates: list[str]
    article_rows: list[Mapping[str, Any]]
    more_articles: int
    claim_groups: list[ClaimGroup]
    copies: list[CopyView]
    copy_groups: list[list[tuple[str, Markup]]]
    comparison: SourceComparison | None = None  # outlet-only sentences, wordings

    @staticmethod
    def quantity(claim: Claim) -> str:
        return format_quantity(claim)

    def outlet(self, name: str) -> str:
        """A name of the source comparison as shown (an article id becomes its outlet)."""
        return compared_outlet(name, self.outlets)

    entry_citations = staticmethod(entry_citations)


def labelled_groups(copies: Sequence[CopyLink], rows: Mapping[str, Mapping[str, Any]] | None
                    ) -> list[list[tuple[str, Markup]]]:
    """Copy groups (:func:`~dateline.report.views.copy_groups`) as ``(id, label)`` pairs, the
    label's title and outlet each isolated (``<bdi>``)."""
    rows = rows or {}
    return [[(i, Markup("{} ({})").format(bdi(article_label(rows.get(i), i)),
                                          bdi(outlet_of(rows.get(i))))) for i in group]
            for group in copy_groups(copies)]


def story_view(result: StoryResult, rows: Mapping[str, Mapping[str, Any]],
               claims: Sequence[Claim], copies: Sequence[CopyLink],
               article: Callable[[str], Article | None], anchor: str,
               max_articles: int | None = None, max_copies: int | None = None
               ) -> StoryView:
    """Arrange one story for the template.

    ``rows`` are article metadata rows by id (title, outlet, agency, published); ``article``
    fetches a whole article for the copy diffs; ``max_articles``/``max_copies`` cap long lists
    on web pages (the report shows everything). The per-source comparison is the story's own
    (``result.comparison``), as the build stored it.
    """
    story = result.story
    outlets = story_outlets(result, rows)
    dates = [e.date for e in result.timeline]
    listed = story.article_ids if max_articles is None else story.article_ids[:max_articles]
    article_rows = [{"id": i, **(rows.get(i) or {})} for i in listed]
    for row in article_rows:
        row["label"] = article_label(row, row["id"])
        row.setdefault("title", None)
        row.setdefault("outlet", None)
        row.setdefault("agency", None)
        row.setdefault("published", None)
    return StoryView(
        result=result,
        anchor=anchor,
        axis=timeline_axis(result.timeline, f"{anchor}-"),
        outlets=outlets,
        sources=source_comparison(result, rows, claims, copies),
        matrix_dates=dates if 0 < len(dates) <= MATRIX_MAX_DATES else [],
        article_rows=article_rows,
        more_articles=len(story.article_ids) - len(listed),
        claim_groups=claim_groups(claims),
        copies=copy_views(copies, article, max_copies),
        copy_groups=labelled_groups(copies, rows),
        comparison=result.comparison,
    )


def body_html(article: Article, anchor: str) -> Markup:
    """The article's paragraphs with each sentence in a ``<span id="{anchor}s{index}">``,
    numbered as citations number them; every piece of text escaped.

    Built in Python rather than in the template: a whole-corpus report has a million sentences.
    """
    grouped: list[list[str]] = [[] for _ in article.paragraphs]
    prefix = escape(anchor)
    for s in article_sentences(article):
        span = f'<span class="s" id="{prefix}s{s.index}">{escape(s.text)}</span>'
        grouped[s.paragraph].append(span)
    return Markup("\n".join(f"<p>{' '.join(p)}</p>" for p in grouped if p))


def _rows(articles: Mapping[str, Article]) -> dict[str, dict[str, Any]]:
    return {i: {"title": a.title, "outlet": a.outlet, "agency": a.agency,
                "published": a.published.value if a.published else None}
            for i, a in articles.items()}


def render_html(result: BuildResult, title: str = "dateline report") -> str:
    """The whole build as one self-contained HTML page (stories, copies, every article).

    Each story's per-source comparison (``StoryResult.comparison``) is shown under its sources.
    """
    articles = result.article_map()
    rows = _rows(articles)
    views = []
    claims = RecordIndex(result.claims, "article_id")
    copies = RecordIndex(result.copies, "original", "copy")
    for n, story in enumerate(result.stories):
        ids = set(story.story.article_ids)
        views.append(story_view(story, rows, claims(ids), copies(ids), articles.get,
                                anchor=f"story-{n + 1}"))

    def href(article_id: str, sentence: int | None) -> str:
        if sentence is None:
            return f"#article-{article_id}"
        return f"#article-{article_id}-s{sentence}"

    def places(article: Article) -> tuple[Source, ...]:
        return result.places.get(article.id) or (article.source,)

    template = template_env().get_template("report.html.j2")
    return template.render(
        title=title, result=result, stories=views, href=href, places=places,
        label=lambda article: article_label(article, article.id),
        body=body_html, safe_url=safe_url, css=Markup(stylesheet()),
        all_copies=copy_views(result.copies, articles.get),
        copy_groups=labelled_groups(result.copies, rows),
    )
