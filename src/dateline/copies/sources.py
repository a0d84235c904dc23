"""Independent sources: a wire story and all its reprints count once."""

from __future__ import annotations

from collections.abc import Iterable

from dateline.copies.groups import copy_components
from dateline.model import CopyLink


def independent_count(ids: Iterable[str], links: Iterable[CopyLink]) -> int:
    """How many independent reports the articles ``ids`` hold.

    Two articles are one report when a chain of copy links joins them, even through an
    article outside ``ids`` (two reprints of one wire story are one report). Ids without any
    link count one each; repeated ids count once.
    """
    component = copy_components(links)
    return len({component.get(i, i) for i in ids})
