"""Decisions on rounded values: ties that floating point breaks are ties again."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pandas as pd
import pytest

from analysis.precision import DECIMALS, exact, integer_scale, rank, rounded, sort


def test_values_equal_in_exact_arithmetic_round_to_equal_values():
    assert 0.1 + 0.2 != 0.3 and rounded(0.1 + 0.2) == rounded(0.3)
    assert rounded(1 / 3) == 0.333333333 and DECIMALS == 9
    # a relative perturbation of 1e-12 leaves a value of unit size unchanged
    assert rounded(0.123456789 * (1 + 1e-12)) == rounded(0.123456789 * (1 - 1e-12)) == 0.123456789


def test_rounding_never_gives_negative_zero_and_keeps_nan():
    assert math.copysign(1.0, rounded(-1e-12)) == 1.0
    out = rounded(np.array([-1e-13, np.nan, 2.5]))
    assert math.copysign(1.0, out[0]) == 1.0 and math.isnan(out[1]) and out[2] == 2.5
    assert str(rounded(pd.Series([-1e-15])).round(3).iloc[0]) == "0.0"


def test_rank_treats_a_last_bit_difference_as_a_tie():
    s = pd.Series({"b": 0.1 + 0.2, "a": 0.3, "c": 0.5, "d": np.nan})
    assert s["b"] > s["a"]  # the raw floats differ
    r = rank(s)
    assert r.to_dict()["c"] == 1 and r["a"] == r["b"] == 2 and math.isnan(r["d"])
    assert rank(s, ascending=True)[["a", "b"]].tolist() == [1.0, 1.0]


def test_sort_puts_tied_rows_in_label_order():
    frame = pd.DataFrame({"x": [0.3, 0.1 + 0.2, 0.5, np.nan], "k": [1, 1, 2, 3]}, index=["z", "a", "m", "b"])
    assert list(sort(frame, "x").index) == ["m", "a", "z", "b"]  # largest first, NaN last
    assert list(sort(frame, "x", ascending=True).index) == ["a", "z", "m", "b"]
    assert list(sort(frame, ["k", "x"], ascending=[True, False]).index) == ["a", "z", "m", "b"]
    assert list(sort(frame["x"]).index) == ["m", "a", "z", "b"]


def test_exact_fractions_and_integer_sums():
    assert exact(0.1) == Fraction(1, 10) and exact(1 / 3) == Fraction(333333333, 10**9)
    assert exact(0.5) + exact(1 / 3) + exact(1 / 6) == 1  # 0.5 + 0.333333333 + 0.166666667
    assert integer_scale([0.1, 0.2]).sum() == integer_scale([0.3])[0]
    with pytest.raises(OverflowError):
        integer_scale([1e12])
