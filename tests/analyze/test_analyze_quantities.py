"""Written quantities to value ranges."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from dateline.analyze.quantities import parse_quantity


@pytest.mark.parametrize(("text", "low", "high", "approx"), [
    ("200-300", 200, 300, False),
    ("only 200-300", 200, 300, False),
    ("between 200 and 300", 200, 300, False),
    ("about 2,500", 2500, 2500, True),
    ("around 2,500", 2500, 2500, True),
    ("nearly 200", 180, 200, True),
    ("at least 21", 21, math.inf, False),
    ("more than 130", 130, math.inf, False),
    ("up to 300", 0, 300, False),
    ("tens of thousands", 20_000, 99_999, True),
    ("hundreds", 200, 999, True),
    ("a few hundred", 200, 500, True),
    ("eight", 8, 8, False),
    ("twenty-one", 21, 21, False),
    ("1.5 million", 1_500_000, 1_500_000, False),
    ("a dozen", 12, 12, False),
    ("An estimated 300,000", 300_000, 300_000, True),
    ("200 or so", 200, 200, True),
])
def test_parses_news_quantities(text: str, low: float, high: float, approx: bool) -> None:
    q = parse_quantity(text)
    assert q is not None
    assert (q.low, q.high, q.approx) == (pytest.approx(low), high, approx)


def test_units_and_rejects() -> None:
    assert parse_quantity("70 per cent").unit == "percent"  # type: ignore[union-attr]
    assert parse_quantity("$1.5 billion").low == 1.5e9  # type: ignore[union-attr]
    assert parse_quantity("300-200") is None  # a range must go up
    assert parse_quantity("camouflage") is None
    assert parse_quantity("") is None


@given(st.integers(min_value=0, max_value=10**9))
def test_any_integer_with_thousands_separators_round_trips(n: int) -> None:
    q = parse_quantity(f"{n:,}")
    assert q is not None and q.low == q.high == n


@given(st.integers(min_value=0, max_value=10**6), st.integers(min_value=1, max_value=10**6))
def test_ranges_give_ordered_bounds(a: int, span: int) -> None:
    q = parse_quantity(f"{a}-{a + span}")
    assert q is not None and (q.low, q.high) == (a, a + span)


@given(st.text(max_size=30))
def test_never_crashes(text: str) -> None:
    q = parse_quantity(text)
    assert q is None or q.low <= q.high
