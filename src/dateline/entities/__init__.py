"""Entities and claim groups: who is named (under every alias) and which figures disagree.

Corpus steps over analyzed articles (:mod:`dateline.analyze` gives their mentions and claims):
:class:`AliasResolver` joins names into entities from evidence; :class:`ClaimGrouper` groups
claims about the same quantity and flags conflicts.
"""

from dateline.entities.aliases import AliasResolver, Substitution
from dateline.entities.grouping import ClaimConflict, ClaimGroup, ClaimGrouper, SeriesPoint

__all__ = [
    "AliasResolver", "ClaimConflict", "ClaimGroup", "ClaimGrouper", "SeriesPoint", "Substitution",
]
