"""The entities stage over a corpus, written once: aliases, claim groups, conflicts.

:func:`resolve_corpus` is the step every engine calls (``dateline build``, Spark's publish
step, :func:`run_entities`): names are joined into entities with the substitutions of the
aligned copy links as alias evidence, claims are grouped with the copy groups so a reprinted
figure counts once, and every grouped claim carries its conflict's summary.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from dateline.analyze.articles import analyze_articles
from dateline.copies import CopyDetector, aggregate_substitutions, align
from dateline.entities.aliases import AliasResolver
from dateline.entities.grouping import ClaimGroup, ClaimGrouper
from dateline.model import AnalyzedArticle, Article, Claim, CopyLink


@dataclass
class Resolved:
    """What the entities stage made of a corpus.

    ``claims``: every grouped claim, in group order, those in a conflict carrying the
    conflict's summary (``Claim.conflict``): what the build publishes.
    """

    resolver: AliasResolver
    grouper: ClaimGrouper
    claims: list[Claim]

    def mentions(self) -> dict[str, dict[str, int]]:
        """Entity id -> article id -> mentions (one pass over the names; what
        ``AliasResolver.counts_by_article`` gives one entity at a time)."""
        counts: dict[str, Counter[str]] = {}
        for key, stats in self.resolver.names_.items():
            entity = self.resolver.entity_of_name_.get(key)
            if entity is not None:
                counts.setdefault(entity, Counter()).update(stats.articles)
        return {entity: dict(found) for entity, found in counts.items()}


def resolve_corpus(analyzed: Sequence[AnalyzedArticle], aligned: Sequence[CopyLink],
                   copy_groups: Iterable[Sequence[str]],
                   outlets: Mapping[str, str | None]) -> Resolved:
    """Resolve the entities of ``analyzed`` and group their claims.

    ``aligned``: the copy links with their aligned passages (their word substitutions,
    "Islamic State" -> "Daesh", are alias evidence); ``copy_groups``: groups of two or more
    articles that copy one another; ``outlets``: the outlet of each article id (the
    substitution evidence names the copy's publisher).
    """
    substitutions = aggregate_substitutions(aligned, outlets)
    resolver = AliasResolver().fit(analyzed, substitutions=substitutions)
    grouper = ClaimGrouper(resolver=resolver).fit(
        (c for a in analyzed for c in a.claims), copy_groups=[tuple(g) for g in copy_groups])
    return Resolved(resolver, grouper, mark_conflicts(grouper.groups_))


def mark_conflicts(groups: Iterable[ClaimGroup]) -> list[Claim]:
    """Every grouped claim, those in a conflict carrying the conflict's summary."""
    claims = []
    for group in groups:
        flagged = {(c.article_id, c.sentence, c.start): conflict.summary
                   for conflict in group.conflicts for c in conflict.claims}
        claims += [replace(c, conflict=flagged.get((c.article_id, c.sentence, c.start)))
                   for c in group.claims]
    return claims


@dataclass
class EntitiesResult:
    analyzed: list[AnalyzedArticle]
    resolver: AliasResolver
    grouper: ClaimGrouper


def run_entities(articles: Iterable[Article], use_copies: bool = True,
                 use_model: bool = True) -> EntitiesResult:
    """Analyze ``articles`` (no store) and run :func:`resolve_corpus` on them, with the
    copies a fresh :class:`CopyDetector` finds among them (none when not ``use_copies``)."""
    articles = list(articles)
    analyzed = list(analyze_articles(articles, use_model=use_model))
    by_id = {a.id: a for a in articles}
    detector = CopyDetector().fit(articles) if use_copies else None
    links = detector.links_ if detector else []
    aligned = [align(by_id[k.original], by_id[k.copy], k) for k in links]
    resolved = resolve_corpus(analyzed, aligned, detector.groups_ if detector else [],
                              {a.id: a.outlet for a in articles})
    return EntitiesResult(analyzed, resolved.resolver, resolved.grouper)
