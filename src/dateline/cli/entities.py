"""Commands of the entities stage: ``dateline entities`` and ``dateline claims``, rendering
what the last build published (entities with their mentions per article, claim groups)."""

from __future__ import annotations

import math
from dataclasses import replace
from typing import Annotated

import typer
from rich.table import Table

from dateline.cli.app import DEFAULT_DB, DbOption, JsonOption, app, console, print_json
from dateline.cli.published import RebuildOption, published, story_article_ids
from dateline.entities.grouping import ClaimGroup, conflicts_of
from dateline.report.outputs import ClaimsReport, EntityReport

StoryArgument = Annotated[str | None, typer.Argument(
    help="A story id (or its prefix); omitted: the whole corpus.")]


@app.command("entities")
def entities_command(story: StoryArgument = None, db: DbOption = DEFAULT_DB,
                     json_out: JsonOption = False,
                     all_entities: Annotated[bool, typer.Option(
                         "--all", help="Also list names seen once with no alias.")] = False,
                     rebuild: RebuildOption = False,
                     ) -> None:
    """Canonical entities with their aliases, the evidence for each alias, and mention counts
    per source, as the last build published them (with STORY: those its articles mention,
    counted in them)."""
    _store, results = published(db, rebuild)
    ids = story_article_ids(results, story)
    mentions = results.entity_mentions(ids)
    rows_of = results.article_rows([a for counts in mentions.values() for a in counts])
    outlets = {i: row["outlet"] or row["agency"] or i[:8] for i, row in rows_of.items()}
    rows = []
    for entity in results.entities(limit=1_000_000):
        counts = mentions.get(entity.id, {})
        if ids is not None:
            if not counts:
                continue
            entity = replace(entity, mentions=sum(counts.values()))
        if not all_entities and not entity.aliases and entity.mentions < 2:
            continue
        per_source: dict[str, int] = {}
        for article_id, n in counts.items():
            name = outlets.get(article_id, article_id[:8])
            per_source[name] = per_source.get(name, 0) + n
        rows.append((entity, dict(sorted(per_source.items()))))
    if json_out:
        print_json([EntityReport(**vars(e), mentions_by_source=s) for e, s in rows])
        return
    table = Table(title=f"{len(rows)} entities")
    for column in ("entity", "type", "mentions", "aliases (evidence)", "by source"):
        table.add_column(column)
    for entity, per_source in rows:
        aliases = "\n".join(f"{a.name}: {'; '.join(a.evidence[:2])}" for a in entity.aliases)
        sources = ", ".join(f"{k} {v}" for k, v in per_source.items())
        table.add_row(f"{entity.name}\n[dim]{entity.id}[/dim]", entity.label,
                      str(entity.mentions), aliases, sources)
    console.print(table)


@app.command("claims")
def claims_command(story: StoryArgument = None, db: DbOption = DEFAULT_DB,
                   json_out: JsonOption = False, rebuild: RebuildOption = False) -> None:
    """Reported numbers grouped by what they count, as the last build published them;
    conflicts first, then each series (with STORY: the groups with a claim in its articles,
    showing those claims; series and conflicts are the whole group's)."""
    _store, results = published(db, rebuild)
    groups = results.claim_groups(story_article_ids(results, story))
    conflicts = conflicts_of(groups)
    if json_out:
        print_json(ClaimsReport(tuple(conflicts), tuple(groups)))
        return
    if conflicts:
        table = Table(title=f"{len(conflicts)} conflicts")
        for column in ("what", "kind", "when", "values (source, article)"):
            table.add_column(column)
        for c in conflicts:
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
