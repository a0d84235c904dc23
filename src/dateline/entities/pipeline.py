"""The whole stage over a set of articles: analyze, resolve aliases, group claims.

Copies (when :mod:`dateline.copies` is installed) give two things: the substitutions of
aligned rewrites as alias evidence, and copy groups so a reprinted figure counts once.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from dateline.analyze.articles import analyze_articles
from dateline.copies import CopyDetector, corpus_substitutions
from dateline.entities.aliases import AliasResolver, Substitution, as_substitution
from dateline.entities.grouping import ClaimGrouper
from dateline.model import AnalyzedArticle, Article


@dataclass
class EntitiesResult:
    analyzed: list[AnalyzedArticle]
    resolver: AliasResolver
    grouper: ClaimGrouper
    copy_groups: list[tuple[str, ...]] = field(default_factory=list)
    substitutions: list[Substitution] = field(default_factory=list)


def copies_evidence(articles: Sequence[Article]) -> tuple[list[tuple[str, ...]],
                                                        list[Substitution]]:
    """Copy groups and name substitutions from the copies stage."""
    detector = CopyDetector().fit(articles)
    subs = corpus_substitutions({a.id: a for a in articles}, detector.links_)
    groups = [tuple(g) for g in detector.groups_ if len(g) > 1]
    return groups, [as_substitution(s) for s in subs]


def run_entities(articles: Iterable[Article], use_copies: bool = True,
                 use_model: bool = True) -> EntitiesResult:
    """Analyze ``articles``, resolve their entities and group their claims."""
    articles = list(articles)
    analyzed = list(analyze_articles(articles, use_model=use_model))
    groups, subs = copies_evidence(articles) if use_copies else ([], [])
    resolver = AliasResolver().fit(analyzed, substitutions=subs)
    claims = [c for a in analyzed for c in a.claims]
    grouper = ClaimGrouper(resolver=resolver).fit(claims, copy_groups=groups)
    return EntitiesResult(analyzed, resolver, grouper, groups, subs)
