"""Groups of copies: the one union-find of the code base, and the groups and leaders built on it.

Every part that joins articles (or names) through links uses :class:`UnionFind`: the copy
detector, independent-source counting, the Spark copy groups and the entity alias resolver.
A group's root is its smallest member, so the same links give the same roots in any order.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Generic, TypeVar

from dateline.model import CopyLink

T = TypeVar("T", bound=Hashable)


class UnionFind(Generic[T]):
    """Disjoint sets of items; :meth:`find` gives the smallest member of an item's set."""

    def __init__(self) -> None:
        self.parent: dict[T, T] = {}

    def __contains__(self, x: object) -> bool:
        return x in self.parent

    def __iter__(self):  # noqa: ANN204
        return iter(self.parent)

    def find(self, x: T) -> T:
        """The root (smallest member) of ``x``'s set; ``x`` joins as a set of its own."""
        self.parent.setdefault(x, x)
        while self.parent[x] != x:  # path halving
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: T, b: T) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)  # type: ignore[type-var]

    def roots(self) -> dict[T, T]:
        """Every item -> its root."""
        return {x: self.find(x) for x in list(self.parent)}

    def sets(self) -> list[tuple[T, ...]]:
        """Sets of two or more items, largest first, each sorted (ties: by first member)."""
        found: dict[T, list[T]] = {}
        for x, root in self.roots().items():
            found.setdefault(root, []).append(x)
        groups = [tuple(sorted(g)) for g in found.values() if len(g) > 1]  # type: ignore[type-var]
        return sorted(groups, key=lambda g: (-len(g), g[0]))


def _members(link: CopyLink | Iterable[str]) -> list[str]:
    return [link.original, link.copy] if isinstance(link, CopyLink) else list(link)


def joined(links: Iterable[CopyLink | Iterable[str]]) -> UnionFind[str]:
    """The union-find of ``links``: ``CopyLink`` records or groups of ids that copy one another."""
    found: UnionFind[str] = UnionFind()
    for link in links:
        members = _members(link)
        for member in members[1:]:
            found.union(members[0], member)
    return found


def copy_components(links: Iterable[CopyLink | Iterable[str]]) -> dict[str, str]:
    """Article id -> the smallest id of its connected component in the copy graph."""
    return joined(links).roots()


def copy_groups(links: Iterable[CopyLink | Iterable[str]]) -> list[tuple[str, ...]]:
    """Groups of two or more copies, largest first, each sorted by id
    (``CopyDetector.groups_``)."""
    return joined(links).sets()


def copy_leaders(links: Iterable[CopyLink | Iterable[str]], order: Mapping[str, int]
                 ) -> dict[str, str]:
    """Each linked article -> its group's leader, the member first in input order ``order``
    (the article the story clusterer embeds for the whole group)."""
    components = copy_components(links)
    leader: dict[str, str] = {}
    for member, root in components.items():
        if root not in leader or order[member] < order[leader[root]]:
            leader[root] = member
    return {member: leader[root] for member, root in components.items()}
