"""The copy rules both engines call: exact pairs, bucket pairing, verification thresholds."""

from __future__ import annotations

import numpy as np

from dateline.copies import rules
from dateline.copies.groups import UnionFind, copy_groups, copy_leaders
from dateline.copies.rules import MAX_BUCKET_PAIRS, Thresholds
from dateline.model import CopyLink


def test_exact_pairs_join_the_first_article_of_a_key_and_skip_wordless_ones() -> None:
    first: dict[str, int] = {}
    pairs = rules.exact_pairs([0, 1, 2, 3, 4], ["k", "e", "k", "e", "k"], [9, 0, 9, 0, 9],
                              first)
    assert pairs == [(0, 2), (0, 4)]  # the empty texts ("e") are no copies of each other
    # a later batch finds a key of an earlier one through ``first`` or the lookup
    assert rules.exact_pairs([5], ["k"], [9], first) == [(0, 5)]
    assert rules.exact_pairs([6], ["old"], [3], {}, lookup={"old": 1}.get) == [(1, 6)]


def test_a_crowded_bucket_pairs_each_member_with_its_next_neighbours_only() -> None:
    n = MAX_BUCKET_PAIRS + 36
    member = np.arange(n, dtype=np.int64)[::-1].copy()  # any order in, input order out
    pairs = {(int(a), int(b)) for x, y in rules.bucket_pairs(
        np.zeros(n, np.int64), np.full(n, 7, np.int64), member) for a, b in zip(x, y, strict=True)}
    assert (0, MAX_BUCKET_PAIRS - 1) in pairs and (0, MAX_BUCKET_PAIRS) not in pairs
    assert all(a < b for a, b in pairs)
    assert len(pairs) == sum(min(MAX_BUCKET_PAIRS - 1, n - 1 - i) for i in range(n))


def test_same_key_in_two_bands_is_two_buckets() -> None:
    found = list(rules.bucket_pairs(np.array([0, 1]), np.array([5, 5]), np.array([0, 1])))
    assert found == []


def test_verify_needs_score_jaccard_and_shared_shingles() -> None:
    long = np.arange(100, dtype=np.uint64)
    assert rules.verify(long, long[:90], Thresholds()) == rules.Verdict(1.0, 90, "near")
    assert rules.verify(long, long[:40], Thresholds()).kind == "partial"  # type: ignore[union-attr]
    # a short passage wholly inside a long article: containment 1, Jaccard below min_jaccard
    assert rules.verify(long, long[:9], Thresholds(min_shared=5)) is None
    assert rules.verify(long[:14], long[:14], Thresholds()) is None  # fewer than min_shared
    assert rules.verify(long, long[:25], Thresholds()) is not None  # containment 1
    assert rules.verify(long, long[:25], Thresholds(measure="jaccard")) is None  # J 0.25


def test_prefilter_keeps_pairs_agreeing_in_enough_bins() -> None:
    sa = np.zeros((3, 100), np.uint32)
    sb = sa.copy()
    sb[1, :95] = 1  # 5% agree: below 0.6 * 0.1
    sb[2, :94] = 1  # 6% agree
    assert rules.prefiltered(sa, sb, Thresholds()).tolist() == [0, 2]


def test_one_union_find_gives_groups_roots_and_leaders() -> None:
    links = [CopyLink("b", "c", 0.9, "near"), CopyLink("d", "a", 0.9, "near"),
             CopyLink("c", "e", 0.5, "partial")]
    assert copy_groups(links) == [("b", "c", "e"), ("a", "d")]
    assert copy_leaders(links, {"e": 0, "c": 1, "b": 2, "a": 3, "d": 4}) == {
        "b": "e", "c": "e", "e": "e", "a": "a", "d": "a"}
    found: UnionFind[str] = UnionFind()
    found.union("z", "y")
    assert found.find("z") == "y" and "z" in found and "x" not in found
