"""Numerical precision: every ranking, sort, tie and threshold is decided on rounded values.

Floating-point results differ in their last bits from one machine to another: BLAS and LAPACK
kernels, the SIMD paths of numpy's sums and math functions and the order of a sum all depend on
the CPU. Two actors whose values are equal in exact arithmetic can then come out 1e-16 apart,
in either order, and a printed rank changes with the machine. The package therefore decides on
values rounded to :data:`DECIMALS` decimal places, never on raw floats:

- graphs store their edge values rounded (:mod:`analysis.graphs`), so whether an edge exists
  and which sign it has is decided once, on the rounded value;
- every measure returns its values rounded (centrality, similarity, distances, composite
  indices, the power gap), so every sort, rank, maximum and threshold downstream compares
  rounded values;
- shortest paths add distances in exact rational arithmetic (:func:`exact`), so paths of equal
  length are equal;
- the frustration of a bipartition is summed in integers (:func:`integer_scale`).

Ties are then real ties, and the tie rule is stated where it is used: ranks share the best
rank (``min``), and sorted tables put tied rows in the order of their labels (actor code).

Rounding with :func:`numpy.round` multiplies, rounds half to even and divides, all exactly
specified IEEE operations, so a given input rounds to the same value on every CPU. A value
whose exact result lies within about 1e-16 of a rounding boundary (a 9th decimal ending in 5)
could still round either way; at 9 decimals this happens to about one value in ten million.
"""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pandas as pd

#: Decimal places every decision is made on: far below any printed digit (3 to 6 decimals),
#: far above floating-point noise (about 1e-16 relative) and a perturbation of 1e-12.
DECIMALS = 9


def rounded(values):
    """``values`` (a float, array, Series or DataFrame) rounded to :data:`DECIMALS` places;
    NaN stays NaN and -0.0 becomes 0.0 (so a rounded zero never prints as "-0")."""
    if isinstance(values, (pd.Series, pd.DataFrame)):
        return values.astype(float).round(DECIMALS) + 0.0
    if np.ndim(values) == 0:
        return float(np.round(float(values), DECIMALS)) + 0.0
    return np.round(np.asarray(values, dtype=float), DECIMALS) + 0.0


def exact(value: float) -> Fraction:
    """The rounded ``value`` as an exact fraction (its shortest decimal form, so 0.1 is 1/10):
    sums of these are exact, and equal lengths compare equal."""
    return Fraction(repr(rounded(value)))


def integer_scale(values) -> np.ndarray:
    """Rounded ``values`` as integers in units of 10**-DECIMALS, for sums that must be exact
    (int64: exact while the total stays below 9.2e9 in the values' own unit)."""
    scaled = np.rint(rounded(values) * 10**DECIMALS)
    if np.abs(scaled).sum() >= 2**63:
        raise OverflowError("values too large to sum exactly at the package's precision")
    return scaled.astype(np.int64)


def rank(values: pd.Series | pd.DataFrame, *, ascending: bool = False) -> pd.Series | pd.DataFrame:
    """Ranks of the rounded values (of each column of a frame), 1 = largest (or smallest with
    ``ascending``); tied values share the best rank ('min'), NaN stays NaN."""
    return rounded(values).rank(ascending=ascending, method="min")


def sort(frame: pd.DataFrame | pd.Series, by=None, *, ascending=False) -> pd.DataFrame | pd.Series:
    """``frame`` sorted by its rounded column(s) ``by`` (a Series: by its values), ties in the
    order of the index labels; NaN last.

    Parameters
    ----------
    frame : DataFrame or Series
        The table to sort.
    by : str or list of str, optional
        The column(s) to sort by, in order of priority; float columns are compared rounded to
        :data:`DECIMALS` places, other columns as they are. Required for a DataFrame; ignored for a
        Series, which is sorted by its values.
    ascending : bool or list of bool, default False
        One flag for every column or one per column of ``by``; the default sorts largest first.

    Returns
    -------
    DataFrame or Series
        The rows of ``frame`` (unchanged values) in the new order. Tied rows are in the order of
        their index labels compared as strings (always ascending, whatever ``ascending`` says);
        NaN comes last.
    """
    if isinstance(frame, pd.Series):
        name = frame.name if frame.name is not None else "_value"
        return sort(frame.to_frame(name), name, ascending=ascending)[name]
    columns = [by] if isinstance(by, str) else list(by)
    flags = [ascending] * len(columns) if isinstance(ascending, bool) else list(ascending)
    keys = pd.DataFrame(
        {
            f"_k{i}": (rounded(frame[c]) if pd.api.types.is_float_dtype(frame[c]) else frame[c])
            for i, c in enumerate(columns)
        },
        index=frame.index,
    )
    keys["_label"] = [str(x) for x in frame.index]
    order = (
        keys.reset_index(drop=True)
        .sort_values([*keys.columns[:-1], "_label"], ascending=[*flags, True], kind="stable", na_position="last")
        .index
    )
    return frame.iloc[order]
