"""Commands of the entities stage: ``dateline entities`` and ``dateline claims``."""

from __future__ import annotations

import math
from typing import Annotated

import typer
from rich.table import Table

from dateline.cli.app import (
    DEFAULT_DB,
    DbOption,
    JsonOption,
    app,
    console,
    fail,
    open_db,
    print_json,
)
from dateline.entities.grouping import ClaimGroup
from dateline.entities.pipeline import EntitiesResult, run_entities
from dateline.model import Article
from dateline.report.outputs import ClaimsReport, EntityReport

StoryArgument = Annotated[str | None, typer.Argument(
    help="A story id (or its prefix); omitted: every article in the store.")]


def _articles(db: str, story: str | None) -> list[Article]:
    store = open_db(db)
    articles = list(store.iter_articles())
    if not articles:
        raise fail(f"no articles in {db}; run `dateline ingest PATH...` first")
    if story is None:
        return articles
    from dateline.cli.stories import _saved_stories

    stories = _saved_stories(store)
    chosen = [s for s in stories if s.id.startswith(story)]
    if len(chosen) != 1:
        raise fail(f"{story!r} matches {len(chosen)} stories")
    ids = set(chosen[0].article_ids)
    return [a for a in articles if a.id in ids]


def _result(db: str, story: str | None) -> EntitiesResult:
    return run_entities(_articles(db, story))


@app.command("entities")
def entities_command(story: StoryArgument = None, db: DbOption = DEFAULT_DB,
                     json_out: JsonOption = False,
                     all_entities: Annotated[bool, typer.Option(
                         "--all", help="Also list names seen once with no alias.")] = False,
                     ) -> None:
    """Canonical entities with their aliases, the evidence for each alias, and mention counts
    per source."""
    result = _result(db, story)
    outlets = {a.article.id: a.article.outlet or a.article.agency or a.article.id[:8]
               for a in result.analyzed}
    rows = []
    for entity in result.resolver.entities_:
        if not all_entities and not entity.aliases and entity.mentions < 2:
            continue
        per_source: dict[str, int] = {}
        for article_id, n in result.resolver.counts_by_article(entity.id).items():
            name = outlets.get(article_id, article_id[:8])
            per_source[name] = per_source.get(name, 0) + n
        rows.append((entity, per_source))
    if json_out:
        print_json([EntityReport(**vars(e), mentions_by_source=s) for e, s in rows])
        return
    table = Table(title=f"{len(rows)} entities")
    for column in ("entity", "type", "mentions", "aliases (evidence)", "by source"):
        table.add_column(column)
    for entity, per_source in rows:
        aliases = "\n".join(f"{a.name}: {'; '.join(a.evidence[:2])}" for a in entity.aliases)
        sources = ", ".join(f"{k} {v}" for k, v in sorted(per_source.items()))
        table.add_row(f"{entity.name}\n[dim]{entity.id}[/dim]", entity.label,
                      str(entity.mentions), aliases, sources)
    console.print(table)


@app.command("claims")
def claims_command(story: StoryArgument = None, db: DbOption = DEFAULT_DB,
                   json_out: JsonOption = False) -> None:
    """Reported numbers grouped by what they count; conflicts first, then each series."""
    result = _result(db, story)
    groups = result.grouper.groups_
    if json_out:
        print_json(ClaimsReport(tuple(result.grouper.conflicts_), tuple(groups)))
        return
    if result.grouper.conflicts_:
        table = Table(title=f"{len(result.grouper.conflicts_)} conflicts")
        for column in ("what", "kind", "when", "values (source, article)"):
            table.add_column(column)
        for c in result.grouper.conflicts_:
            when = c.first_date if c.first_date == c.last_date else \
                f"{c.first_date}..{c.last_date}"
            table.add_row(c.what, c.kind, str(when), c.summary.replace(" vs ", "\nvs "))
        console.print(table)
    table = Table(title=f"{len(groups)} groups of claims")
    for column in ("what", "series (date: value)", "claims"):
        table.add_column(column)
    for group in groups:
        table.add_row(group.what, _series(group), "\n".join(
            f"{c.text} ({c.said_by or 'unattributed'}, {c.article_id[:8]}#{c.sentence})"
            for c in group.claims))
    console.print(table)


def _series(group: ClaimGroup) -> str:
    lines = []
    for point in group.series:
        when = point.first_date or "undated"
        if point.earlier:
            when = f"before {when}"
        high = "inf" if math.isinf(point.high) else f"{point.high:,.0f}"
        value = f"{point.low:,.0f}" if point.low == point.high else f"{point.low:,.0f}..{high}"
        lines.append(f"{when}: {value}")
    return "\n".join(lines)

