"""Coreference metrics from their definitions: MUC, B-cubed, CEAF-e and the CoNLL F1.

Both sides are ``{mention: cluster}`` maps over the same mentions (gold mentions), singletons
included. MUC (Vilain et al. 1995) counts links, B-cubed (Bagga & Baldwin 1998) averages per
mention, CEAF-e (Luo 2005) aligns clusters one-to-one with the entity similarity
``phi4 = 2|K & R| / (|K| + |R|)``; CoNLL F1 is the mean of the three F1 values (Pradhan et al.
2014 reference scorer logic).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

import numpy as np
from scipy.optimize import linear_sum_assignment

Scores = tuple[float, float, float]  # precision, recall, F1


def clusters(assignment: Mapping[Hashable, Hashable]) -> list[set[Hashable]]:
    groups: dict[Hashable, set[Hashable]] = defaultdict(set)
    for mention, cluster in assignment.items():
        groups[cluster].add(mention)
    return list(groups.values())


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def muc(key: list[set[Hashable]], response: list[set[Hashable]]) -> Scores:
    def side(a: list[set[Hashable]], b: list[set[Hashable]]) -> float:
        where = {m: i for i, c in enumerate(b) for m in c}
        num = den = 0
        for cluster in a:
            parts = {where.get(m, ("alone", m)) for m in cluster}
            num += len(cluster) - len(parts)
            den += len(cluster) - 1
        return num / den if den else 0.0
    r, p = side(key, response), side(response, key)
    return p, r, _f1(p, r)


def b_cubed(key: list[set[Hashable]], response: list[set[Hashable]]) -> Scores:
    def side(a: list[set[Hashable]], b: list[set[Hashable]]) -> float:
        where = {m: c for c in b for m in c}
        total = sum(len(c) for c in a)
        score = sum(len(c & where.get(m, {m})) / len(c) for c in a for m in c)
        return score / total if total else 0.0
    r, p = side(key, response), side(response, key)
    return p, r, _f1(p, r)


def ceaf_e(key: list[set[Hashable]], response: list[set[Hashable]]) -> Scores:
    if not key or not response:
        return 0.0, 0.0, 0.0
    sim = np.zeros((len(key), len(response)))
    index = {m: j for j, c in enumerate(response) for m in c}
    for i, k in enumerate(key):
        for m in k:
            j = index.get(m)
            if j is not None:
                sim[i, j] += 1
    for i, k in enumerate(key):
        for j in np.nonzero(sim[i])[0]:
            sim[i, j] = 2 * sim[i, j] / (len(k) + len(response[j]))
    rows, cols = linear_sum_assignment(-sim)
    total = sim[rows, cols].sum()
    p, r = total / len(response), total / len(key)
    return p, r, _f1(p, r)


def conll(key_map: Mapping[Hashable, Hashable],
          response_map: Mapping[Hashable, Hashable]) -> dict[str, Scores | float]:
    """All metrics for two assignments of the same mentions."""
    key, response = clusters(key_map), clusters(response_map)
    scores: dict[str, Scores | float] = {
        "muc": muc(key, response), "b3": b_cubed(key, response), "ceafe": ceaf_e(key, response)}
    scores["conll_f1"] = sum(s[2] for s in scores.values()  # type: ignore[index]
                             ) / 3
    return scores
