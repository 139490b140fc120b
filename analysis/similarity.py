"""Dyadic similarity of UN voting, for every pair of members at once.

Coding (Voeten's convention): yes = 1, abstain = 2, no = 3; absent is missing, or counts as
abstain with ``absent_as_abstain=True`` (a sensitivity option). Each dyad is computed over the
roll calls both members voted on (K_ij joint votes); below ``min_joint`` the value is NaN.

Measures (docs/methods.md, section 1), with d = |x_i - x_j| and d_max = 2:

- ``agreement``: A = 1 - mean(d) / 2 (Lijphart; Voeten), i.e. (identical + half of the
  one-side-abstains) / K;
- ``s_abs`` / ``s_sq``: Signorino & Ritter (1999) S = 1 - 2 * mean(d^p) / d_max^p with
  p = 1 / 2 (unit weights; d_max fixed at 2, never inferred from the observed range);
- ``kappa``: Cohen's kappa with distance weights after Hage (2011):
  1 - sum(delta * joint) / sum(delta * outer(r, c)), joint the observed joint vote proportions,
  delta_ab = (|a - b| / 2)^p (p = 1);
- ``pi``: Scott's pi after Hage (2011), expected = outer(m, m) with m = (r + c) / 2.

kappa and pi are 0/0 when both members cast one and the same constant vote: NaN, not 0 or 1.

Results are rounded to :data:`analysis.precision.DECIMALS` places (the matrix products run
through BLAS, whose last bits depend on the CPU), so blocs and partners are decided on values
that are the same on every machine.

Everything is matrix algebra over one-hot vote matrices (members x roll calls): the counts
of every joint (vote a, vote b) pair for all dyads are 9 matrix products, so the full General
Assembly history (about 6,000 roll calls x 193 members) takes well under a second.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

from .precision import rounded
from .rollcalls import roll_calls_in

CODES = {"yes": 1, "abstain": 2, "no": 3}
MEASURES = ("agreement", "s_abs", "s_sq", "kappa", "pi")


def vote_matrix(
    votes: pd.DataFrame,
    rollcalls: pd.DataFrame,
    body: str | None = None,
    start=None,
    end=None,
    *,
    absent_as_abstain: bool = False,
) -> pd.DataFrame:
    """Members x roll calls matrix of codes 1 (yes), 2 (abstain), 3 (no); NaN = absent / not a member.

    Rows are the members with at least one vote row in the selection, columns the roll calls
    with at least one vote row, both sorted.

    Parameters
    ----------
    votes : DataFrame
        The votes table: one row per member and roll call (columns ``actor_id``, ``rollcall_id``,
        ``vote``: yes, no, abstain or absent).
    rollcalls : DataFrame
        The roll-call table, which selects the roll calls (:func:`analysis.rollcalls.roll_calls_in`).
    body : {"GA", "SC"} or None, optional
        The General Assembly or the Security Council; None (the default) keeps both.
    start, end : date-like or None, optional
        The window's first and last day, both included; None leaves that end unbounded.
    absent_as_abstain : bool, default False
        Code an ``absent`` vote as 2 (abstain), a sensitivity option; by default it is NaN.

    Returns
    -------
    DataFrame
        Float codes indexed by member code (``actor``), one column per roll call id (``rollcall``).
        A roll call a member has no row for, or was absent from, is NaN.

    Raises
    ------
    ValueError
        If ``body`` is not None, "GA" or "SC", or a member has two rows for one roll call.
    """
    rc = roll_calls_in(rollcalls, body, start, end)
    v = votes[votes["rollcall_id"].astype(str).isin(set(rc["rollcall_id"].astype(str)))]
    codes = dict(CODES, absent=2 if absent_as_abstain else np.nan)
    frame = pd.DataFrame(
        {
            "actor": v["actor_id"].astype(str).to_numpy(),
            "rollcall": v["rollcall_id"].astype(str).to_numpy(),
            "code": v["vote"].astype(str).map(codes).astype(float).to_numpy(),
        }
    )
    m = frame.pivot(index="actor", columns="rollcall", values="code")
    return m.sort_index().reindex(sorted(m.columns), axis=1)


def _one_hot(X: np.ndarray) -> np.ndarray:
    """(3, members, roll calls) indicators of voting 1, 2, 3."""
    return np.stack([(X == k) for k in (1, 2, 3)]).astype(np.float64)


def joint_counts(X: np.ndarray) -> np.ndarray:
    """N[a, b, i, j] = roll calls on which member i voted a+1 and member j voted b+1."""
    return _counts(_one_hot(X))


def _counts(Y: np.ndarray, weights: np.ndarray | None = None, rows=None) -> np.ndarray:
    """:func:`joint_counts` from the one-hot votes Y, roll call k counted ``weights[k]`` times
    (once without weights), for every member i or only the ``rows`` (positions) given. Sums of
    whole numbers, so exact in any order."""
    Yw = Y if weights is None else Y * weights
    if rows is not None:
        Yw = Yw[:, rows]
    return Yw[:, None] @ Y.transpose(0, 2, 1)[None]


def _measures_from_counts(N: np.ndarray, min_joint: int, only: str | None = None) -> dict[str, np.ndarray]:
    """Every measure (or ``only`` that one, plus ``joint_votes``) from the joint counts N[a, b, i, j]."""
    levels = np.array([1.0, 2.0, 3.0])
    d = np.abs(levels[:, None] - levels[None, :])  # 3 x 3
    K = N.sum(axis=(0, 1))
    wanted = MEASURES if only is None else (only,)
    out = {}
    with np.errstate(divide="ignore", invalid="ignore"):
        joint = N / K  # joint proportions
        if "agreement" in wanted or "s_abs" in wanted:
            mean_d = np.einsum("ab,abij->ij", d, joint)
            if "agreement" in wanted:
                out["agreement"] = 1 - mean_d / 2
            if "s_abs" in wanted:
                out["s_abs"] = 1 - 2 * mean_d / 2.0
        if "s_sq" in wanted:
            mean_d2 = np.einsum("ab,abij->ij", d**2, joint)
            out["s_sq"] = 1 - 2 * mean_d2 / 4.0
        if "kappa" in wanted or "pi" in wanted:
            delta = d / 2.0
            r, c = joint.sum(axis=1), joint.sum(axis=0)  # (3, i, j): member i's / j's vote shares
            observed = np.einsum("ab,abij->ij", delta, joint)
            if "kappa" in wanted:
                expected_k = np.einsum("ab,aij,bij->ij", delta, r, c)
                out["kappa"] = np.where(expected_k > 0, 1 - observed / expected_k, np.nan)
            if "pi" in wanted:
                m = (r + c) / 2
                expected_p = np.einsum("ab,aij,bij->ij", delta, m, m)
                out["pi"] = np.where(expected_p > 0, 1 - observed / expected_p, np.nan)
    few = K < max(min_joint, 1)
    for k in out:
        out[k] = np.where(few, np.nan, out[k])
    out["joint_votes"] = K
    return out


def similarity(matrix: pd.DataFrame, measure: str = "s_abs", *, min_joint: int = 1) -> pd.DataFrame:
    """All-pairs similarity (members x members) for one measure.

    Parameters
    ----------
    matrix : DataFrame
        Members x roll calls vote codes (:func:`vote_matrix`).
    measure : {"agreement", "s_abs", "s_sq", "kappa", "pi"}, default "s_abs"
        One of :data:`MEASURES` (module docstring).
    min_joint : int, default 1
        Fewest roll calls both members voted on for a dyad to have a value (values below 1 count
        as 1).

    Returns
    -------
    DataFrame
        Members x members similarity, labelled by ``matrix``'s index and rounded to
        :data:`analysis.precision.DECIMALS` places; NaN for a dyad below ``min_joint`` joint votes
        and, for kappa and pi, where both members cast one and the same constant vote.

    Raises
    ------
    ValueError
        If ``measure`` is not one of :data:`MEASURES`.
    """
    _check_measure(measure)
    return similarity_all(matrix, min_joint=min_joint)[measure]


def _check_measure(measure: str) -> None:
    if measure not in MEASURES:
        raise ValueError(f"measure = {measure!r} is not one of: {', '.join(MEASURES)}")


def similarity_all(matrix: pd.DataFrame, *, min_joint: int = 1) -> dict[str, pd.DataFrame]:
    """Every measure, plus ``joint_votes``, as labelled members x members frames."""
    X = matrix.to_numpy(dtype=float)
    res = _measures_from_counts(joint_counts(X), min_joint)
    labels = matrix.index
    return {
        k: pd.DataFrame(v if k == "joint_votes" else rounded(v), index=labels, columns=labels) for k, v in res.items()
    }


def bootstrap(
    matrix: pd.DataFrame,
    measure: str = "s_abs",
    *,
    draws: int = 500,
    seed: int = 0,
    min_joint: int = 1,
    level: float = 0.90,
    members=None,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Percentile interval of each dyad's similarity, resampling roll calls with replacement.

    Returns (lower, upper) frames for the central ``level`` interval: members x members, or only
    the rows of ``members`` (a list of member codes) against every member, which is all a focal
    actor's partner table needs and takes a fraction of the time on the General Assembly. The
    resamples are the same either way, so a row is the same whether or not others are asked.

    Parameters
    ----------
    matrix : DataFrame
        Members x roll calls vote codes (:func:`vote_matrix`).
    measure : {"agreement", "s_abs", "s_sq", "kappa", "pi"}, default "s_abs"
        One of :data:`MEASURES`.
    draws : int, default 500
        Number of resamples; each draws as many roll calls as ``matrix`` has, with replacement.
    seed : int, default 0
        Seed of the random generator, so the intervals are reproducible.
    min_joint : int, default 1
        As in :func:`similarity`, applied within each resample.
    level : float, default 0.90
        Coverage of the central interval: its bounds are the (1 - level) / 2 and (1 + level) / 2
        quantiles of the resampled values (numpy's linear interpolation).
    members : list of str, optional
        Member codes whose rows are wanted; None (the default) gives every member.

    Returns
    -------
    lower, upper : DataFrame
        The interval's bounds, rows ``members`` (or every member), columns every member of
        ``matrix``, rounded to :data:`analysis.precision.DECIMALS` places. A dyad without a value in
        some resamples takes its quantiles over the others; one without a value in any is NaN.

    Raises
    ------
    ValueError
        If ``measure`` is not one of :data:`MEASURES` or a code of ``members`` is not a row of
        ``matrix``.
    """
    _check_measure(measure)
    X = matrix.to_numpy(dtype=float)
    Y = _one_hot(X)
    index = matrix.index if members is None else pd.Index(members)
    missing = [m for m in index if m not in matrix.index]
    if missing:
        raise ValueError(f"not among the voting members: {', '.join(map(str, missing))}")
    rows = None if members is None else [matrix.index.get_loc(m) for m in index]
    rng = np.random.default_rng(seed)
    n_rc = X.shape[1]
    stack = np.empty((draws, len(index), X.shape[0]))
    for b in range(draws):
        weights = np.bincount(rng.integers(0, n_rc, n_rc), minlength=n_rc).astype(float)
        stack[b] = _measures_from_counts(_counts(Y, weights, rows), min_joint, only=measure)[measure]
    alpha = (1 - level) / 2
    lo, hi = np.quantile(stack, [alpha, 1 - alpha], axis=0)
    gaps = np.isnan(stack).any(axis=0)  # dyads short of min_joint in some draws: skip those draws
    if gaps.any():
        with warnings.catch_warnings():  # dyads never observed together: NaN interval, no warning
            warnings.simplefilter("ignore", RuntimeWarning)
            lo[gaps], hi[gaps] = np.nanquantile(stack[:, gaps], [alpha, 1 - alpha], axis=0)
    return (
        pd.DataFrame(rounded(lo), index=index, columns=matrix.index),
        pd.DataFrame(rounded(hi), index=index, columns=matrix.index),
    )


def pairwise_loop(matrix: pd.DataFrame, measure: str = "s_abs", min_joint: int = 1) -> pd.DataFrame:
    """The straightforward baseline: a Python loop over every pair (for benchmarks and tests).

    Parameters
    ----------
    matrix : DataFrame
        Members x roll calls vote codes (:func:`vote_matrix`).
    measure : str, default "s_abs"
        "agreement", "s_abs", "s_sq" or "kappa"; it is not checked, and any other value gives
        Scott's pi.
    min_joint : int, default 1
        Fewest roll calls both members voted on for a dyad to have a value (values below 1 count
        as 1).

    Returns
    -------
    DataFrame
        Members x members similarity as :func:`similarity` computes it, but not rounded; NaN below
        ``min_joint`` joint votes and, for kappa and pi, where the expected disagreement is zero.
    """
    X = matrix.to_numpy(dtype=float)
    n = X.shape[0]
    out = np.full((n, n), np.nan)
    for i in range(n):
        for j in range(n):
            both = ~np.isnan(X[i]) & ~np.isnan(X[j])
            if both.sum() < max(min_joint, 1):
                continue
            a, b = X[i, both], X[j, both]
            d = np.abs(a - b)
            if measure == "agreement":
                out[i, j] = 1 - d.mean() / 2
            elif measure == "s_abs":
                out[i, j] = 1 - d.mean()
            elif measure == "s_sq":
                out[i, j] = 1 - 2 * (d**2).mean() / 4
            else:
                r = np.array([(a == k).mean() for k in (1, 2, 3)])
                c = np.array([(b == k).mean() for k in (1, 2, 3)])
                joint = np.array([[((a == p) & (b == q)).mean() for q in (1, 2, 3)] for p in (1, 2, 3)])
                delta = np.abs(np.subtract.outer([1, 2, 3], [1, 2, 3])) / 2
                e = np.outer(r, c) if measure == "kappa" else np.outer((r + c) / 2, (r + c) / 2)
                den = (delta * e).sum()
                out[i, j] = 1 - (delta * joint).sum() / den if den > 0 else np.nan
    return pd.DataFrame(out, index=matrix.index, columns=matrix.index)
