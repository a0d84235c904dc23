"""Entities and claims: who is named (under every alias) and which numbers are reported.

Per article (pure): :func:`analyze_article` / :func:`analyze_articles` give mentions (with
titles and roles) and claims. Corpus steps: :class:`AliasResolver` joins names into entities
from evidence; :class:`ClaimGrouper` groups claims about the same quantity and flags conflicts.
"""

from dateline.entities.aliases import AliasResolver, Substitution
from dateline.entities.analyze import analyze_article, analyze_articles, dated_sentences
from dateline.entities.grouping import ClaimConflict, ClaimGroup, ClaimGrouper, SeriesPoint
from dateline.entities.quantities import Quantity, parse_quantity

__all__ = [
    "AliasResolver", "ClaimConflict", "ClaimGroup", "ClaimGrouper", "Quantity", "SeriesPoint",
    "Substitution", "analyze_article", "analyze_articles", "dated_sentences", "parse_quantity",
]
