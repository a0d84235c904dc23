"""Commands about copies: ``dateline copies`` (groups) and ``dateline diff A B`` (edits)."""

from __future__ import annotations

import re
from typing import Annotated

import typer
from rich.table import Table
from rich.text import Text

from dateline.cli.app import (
    DEFAULT_DB,
    DbOption,
    JsonOption,
    app,
    console,
    fail,
    open_db,
    print_json,
    resolve_article_id,
)
from dateline.cli.published import RebuildOption, published
from dateline.copies import align, copy_groups, decide, fingerprint, independent_count
from dateline.copies.align import diff_tokens
from dateline.copies.fingerprints import overlap
from dateline.model import Article, CopyLink
from dateline.report.outputs import CopiesReport, CopyDiff, CopyGroup, SameText
from dateline.report.results import Results
from dateline.sentences import article_sentences

_GLUED = re.compile(r"[.,;:!?)\]%]|'s\b")


def _label(article: Article | None) -> str:
    if article is None:
        return "(missing)"
    head = article.title or (article.paragraphs[0] if article.paragraphs else "")
    return head[:70]


@app.command("copies")
def copies_command(
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
    rebuild: RebuildOption = False,
    threshold: Annotated[
        float | None,
        typer.Option(help="Least containment to join two articles (default 0.3). Changes what "
                          "is computed: implies --rebuild, the whole store indexed again with "
                          "it."),
    ] = None,
) -> None:
    """Reprints and rewrites as the last build published them: groups of copies, with their
    sizes, and the texts read at several places."""
    store, results = published(db, rebuild or threshold is not None,
                               **({} if threshold is None else
                                  {"refit_copies": True, "copy_threshold": threshold}))
    links = results.copies()
    groups = copy_groups(links)
    total = store.count_articles()
    independent = independent_count(results.article_ids(), links)
    # the same normalized text read at several places is one article with several sources:
    # exact copies too, shown with their number of places
    places = results.place_counts()
    if json_out:
        print_json(CopiesReport(
            total, independent,
            tuple(CopyGroup(len(g), tuple(g), sum(places.get(a, 1) for a in g))
                  for g in groups),
            tuple(SameText(a, n) for a, n in sorted(places.items())), tuple(links)))
        return
    title = (f"{total} articles, {len(groups)} groups of copies, {len(places)} texts read at "
             f"several places, {independent} independent reports")
    if not groups and not places:
        console.print(f"{title}: no copies found.", highlight=False)
        return
    table = Table(title=title)
    for column, width in (("group", 6), ("id", 8), ("role", 14), ("published", 10),
                          ("outlet", 8), ("places", 6)):
        table.add_column(column, no_wrap=True, min_width=width, overflow="ellipsis")
    table.add_column("text", no_wrap=True, overflow="ellipsis", max_width=40)
    by_copy = {link.copy: link for link in links}
    in_groups = {a for g in groups for a in g}
    rows = [*groups, *((a,) for a in sorted(places) if a not in in_groups)]
    for number, group in enumerate(rows, 1):
        size = sum(places.get(a, 1) for a in group)
        for k, article_id in enumerate(group):
            article = store.get_article(article_id)
            link = by_copy.get(article_id)
            role = f"{link.kind} copy ({link.direction})" if link else (
                "original" if len(group) > 1 else "same text")
            published_on = article.published.value if article and article.published else ""
            outlet = (article.outlet or article.agency or "") if article else ""
            table.add_row(f"{number} (x{size})" if k == 0 else "", article_id[:8], role,
                          published_on, outlet[:14], str(places.get(article_id, 1)),
                          _label(article))
    console.print(table)


def _orient(a: Article, b: Article, stored: list[CopyLink]) -> tuple[Article, Article,
                                                                       CopyLink | None]:
    for link in stored:
        if {link.original, link.copy} == {a.id, b.id}:
            return (a, b, link) if link.original == a.id else (b, a, link)
    fa, fb = fingerprint(a), fingerprint(b)
    _, _, shared = overlap(fa.shingles, fb.shingles)
    original, copy, _how = decide(a, b, shared, fa, fb)
    return original, copy, None


@app.command("diff")
def diff_command(
    first: Annotated[str, typer.Argument(help="An article id or its first characters.")],
    second: Annotated[str, typer.Argument(help="The other article.")],
    db: DbOption = DEFAULT_DB,
    json_out: JsonOption = False,
) -> None:
    """Show what a copy changed: aligned sentences, deletions in red, insertions in green.

    The original and the aligned passages are those of the link the last build published,
    else decided now from dates, attribution and containment.
    """
    store = open_db(db)
    a = store.get_article(resolve_article_id(store, first))
    b = store.get_article(resolve_article_id(store, second))
    if a is None or b is None:
        raise fail("article not found")
    stored = Results(store).copies([a.id, b.id])  # the published link, aligned
    original, copy, link = _orient(a, b, stored)
    aligned = link if link is not None and link.passages else align(original, copy, link)
    sa = [s.text for s in article_sentences(original)]
    sb = [s.text for s in article_sentences(copy)]
    if json_out:
        print_json(CopyDiff(**vars(aligned), original_sentences=tuple(sa),
                            copy_sentences=tuple(sb)))
        return
    how = aligned.direction if link else "decided now"
    console.rule(f"original {original.id[:8]} -> copy {copy.id[:8]} "
                 f"({aligned.kind}, similarity {aligned.similarity:.2f}, direction: {how})")
    for passage in aligned.passages:
        line = Text()
        if passage.original is not None and passage.copy is not None:
            for op, old, new in diff_tokens(sa[passage.original], sb[passage.copy]):
                for text, style in ((old, "red strike"), (new, "green")) if op != "equal" \
                        else ((new, ""),):
                    if not text:
                        continue
                    if _GLUED.match(text):  # no space before punctuation
                        line.rstrip()
                    line.append(text, style=style)
                    line.append(" ")
            marker = "=" if not passage.edits else "~"
        elif passage.original is not None:
            line.append(sa[passage.original], style="red strike")
            marker = "-"
        else:
            line.append(sb[passage.copy or 0], style="green")
            marker = "+"
        console.print(Text(f"{marker} ", style="bold") + line, highlight=False)
