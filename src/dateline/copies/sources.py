"""Independent sources: a wire story and all its reprints count once."""

from __future__ import annotations

from collections.abc import Iterable

from dateline.model import CopyLink


def copy_components(links: Iterable[CopyLink | Iterable[str]]) -> dict[str, str]:
    """Article id -> the smallest id of its connected component in the copy graph.

    ``links`` are ``CopyLink`` records or groups of article ids that copy one another.
    """
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for link in links:
        members = [link.original, link.copy] if isinstance(link, CopyLink) else list(link)
        for member in members[1:]:
            ra, rb = find(members[0]), find(member)
            if ra != rb:
                parent[max(ra, rb)] = min(ra, rb)
    return {x: find(x) for x in list(parent)}


def independent_count(ids: Iterable[str], links: Iterable[CopyLink]) -> int:
    """How many independent reports the articles ``ids`` hold.

    Two articles are one report when a chain of copy links joins them, even through an
    article outside ``ids`` (two reprints of one wire story are one report). Ids without any
    link count one each; repeated ids count once.
    """
    component = copy_components(links)
    return len({component.get(i, i) for i in ids})
