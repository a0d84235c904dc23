"""Rewrite edits aggregated over the corpus: which words outlets substitute, and how often.

A substitution seen in many article pairs ("Islamic State" -> "Daesh" in 14 pairs of outlet X)
is house style or an alias, not a one-off edit; the entity-alias stage uses them as evidence.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from dateline.copies.align import align
from dateline.model import Article, CopyLink, Edit

_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class Substitution:
    """Words the copies write instead of the original's, over every aligned pair.

    ``count`` is the number of (original, copy) article pairs with this substitution;
    ``outlets`` the copies' outlets (``"unknown"`` when not known) and ``per_outlet`` the pairs
    of each, most first; ``examples`` up to five (original id, copy id) pairs.
    """

    old: str
    new: str
    count: int
    outlets: tuple[str, ...]
    examples: tuple[tuple[str, str], ...]
    per_outlet: tuple[tuple[str, int], ...] = ()


def is_substitution(edit: Edit, max_words: int = 4) -> bool:
    """A replace of a short phrase by another, not a change of case, number or punctuation."""
    if edit.op != "replace" or edit.old.lower() == edit.new.lower():
        return False
    for side in (edit.old, edit.new):
        if not _LETTER.search(side) or len(side.split()) > max_words:
            return False
    return True


def link_edits(link: CopyLink) -> list[Edit]:
    """Every word-level edit of an aligned link, in passage order."""
    return [edit for passage in link.passages for edit in passage.edits]


def aggregate_substitutions(
    links: Iterable[CopyLink],
    outlet_of: Callable[[str], str | None] | Mapping[str, str | None] | None = None,
    min_count: int = 1,
    max_words: int = 4,
) -> list[Substitution]:
    """Substitutions across aligned links, most frequent first.

    ``links`` must carry passages (see :func:`dateline.copies.align.align`). ``outlet_of``
    names the copy's outlet by article id. ``min_count`` drops substitutions seen in fewer
    pairs; raise it to keep only recurring house style. ``max_words`` bounds each side.
    """
    lookup: Callable[[str], str | None]
    if outlet_of is None:
        lookup = lambda _id: None  # noqa: E731
    elif isinstance(outlet_of, Mapping):
        lookup = outlet_of.get
    else:
        lookup = outlet_of
    pairs: dict[tuple[str, str], dict[tuple[str, str], str]] = {}
    surface: dict[tuple[str, str], dict[tuple[str, str], int]] = {}
    for link in links:
        for edit in link_edits(link):
            if not is_substitution(edit, max_words):
                continue
            key = (edit.old.lower(), edit.new.lower())
            pairs.setdefault(key, {})[(link.original, link.copy)] = (
                lookup(link.copy) or "unknown")
            forms = surface.setdefault(key, {})
            forms[(edit.old, edit.new)] = forms.get((edit.old, edit.new), 0) + 1
    result = []
    for key, seen in pairs.items():
        if len(seen) < min_count:
            continue
        old, new = max(surface[key].items(), key=lambda item: item[1])[0]
        per_outlet = Counter(seen.values())
        result.append(Substitution(
            old, new, len(seen), tuple(sorted(per_outlet)), tuple(sorted(seen)[:5]),
            tuple(sorted(per_outlet.items(), key=lambda item: (-item[1], item[0])))))
    return sorted(result, key=lambda s: (-s.count, s.old.lower(), s.new.lower()))


def corpus_substitutions(
    articles: Mapping[str, Article] | Callable[[str], Article | None],
    links: Iterable[CopyLink],
    min_count: int = 1,
    max_words: int = 4,
) -> list[Substitution]:
    """Align every link (articles read from ``articles`` by id) and aggregate substitutions.

    This is the call for other stages: ``corpus_substitutions(store.get_article,
    detector.links_)``. Links whose articles are missing are skipped.
    """
    get = articles.get if isinstance(articles, Mapping) else articles
    aligned = []
    outlets: dict[str, str | None] = {}
    for link in links:
        original, copy = get(link.original), get(link.copy)
        if original is None or copy is None:
            continue
        outlets[copy.id] = copy.outlet  # the publisher; the agency is where it came from
        aligned.append(align(original, copy, link))
    return aggregate_substitutions(aligned, outlets, min_count, max_words)
