"""Vote similarity on hand-computed vote vectors and the identities of docs/methods.md, section 1."""

from __future__ import annotations

import math
import warnings

import numpy as np
import pandas as pd
import pytest

from analysis.similarity import MEASURES, bootstrap, pairwise_loop, similarity, similarity_all, vote_matrix


def M(rows: dict[str, list]) -> pd.DataFrame:
    return pd.DataFrame(rows, index=[f"r{i}" for i in range(len(next(iter(rows.values()))))], dtype=float).T


def test_hand_computed_pair():
    # i: yes yes no  abstain ; j: yes no  no  yes  -> d = 0, 2, 0, 1
    X = M({"i": [1, 1, 3, 2], "j": [1, 3, 3, 1]})
    s = similarity_all(X)
    assert math.isclose(s["agreement"].loc["i", "j"], 1 - (3 / 4) / 2)  # 0.625
    assert math.isclose(s["s_abs"].loc["i", "j"], 1 - 3 / 4)  # 0.25
    assert math.isclose(s["s_sq"].loc["i", "j"], 1 - 2 * (5 / 4) / 4)  # 0.375
    # kappa: r = (2/4, 1/4, 1/4) for i, c = (2/4, 0, 2/4) for j; delta = |a-b|/2
    # observed sum(delta O) = (1 + 0 + 0.5) / 4 ... pairs (1,1)=0,(1,3)=1,(3,3)=0,(2,1)=0.5 -> 1.5/4
    r, c = np.array([0.5, 0.25, 0.25]), np.array([0.5, 0, 0.5])
    delta = np.abs(np.subtract.outer([1, 2, 3], [1, 2, 3])) / 2
    expected = (delta * np.outer(r, c)).sum()
    assert math.isclose(s["kappa"].loc["i", "j"], 1 - (1.5 / 4) / expected, abs_tol=1e-9)  # rounded to 9 places
    m = (r + c) / 2
    assert math.isclose(s["pi"].loc["i", "j"], 1 - (1.5 / 4) / (delta * np.outer(m, m)).sum(), abs_tol=1e-9)
    assert s["joint_votes"].loc["i", "j"] == 4


def test_agreement_equals_half_s_plus_one():
    rng = np.random.default_rng(0)
    X = pd.DataFrame(
        rng.choice([1, 2, 3, np.nan], size=(12, 40), p=[0.5, 0.2, 0.2, 0.1]), index=[f"m{i:02d}" for i in range(12)]
    )
    s = similarity_all(X)
    assert np.allclose(s["agreement"], (s["s_abs"] + 1) / 2, equal_nan=True)


def test_kappa_and_pi_are_nan_for_constant_identical_voters():
    X = M({"a": [1, 1, 1], "b": [1, 1, 1], "c": [1, 3, 1]})
    s = similarity_all(X)
    assert math.isnan(s["kappa"].loc["a", "b"]) and math.isnan(s["pi"].loc["a", "b"])
    assert s["agreement"].loc["a", "b"] == 1.0
    assert not math.isnan(s["kappa"].loc["a", "c"])


def test_absences_are_skipped_and_min_joint_applies():
    X = M({"a": [1, np.nan, 3, 1], "b": [1, 3, np.nan, 3]})
    s = similarity_all(X)
    assert s["joint_votes"].loc["a", "b"] == 2 and s["agreement"].loc["a", "b"] == 0.5
    assert math.isnan(similarity(X, "agreement", min_joint=3).loc["a", "b"])


def test_vote_matrix_from_tables_and_absent_as_abstain():
    rollcalls = pd.DataFrame(
        {
            "rollcall_id": ["X1", "X2", "S1"],
            "body": ["GA", "GA", "SC"],
            "date": pd.to_datetime(["2023-10-27", "2023-12-12", "2023-10-16"]),
        }
    )
    votes = pd.DataFrame(
        {
            "rollcall_id": ["X1", "X1", "X2", "X2", "S1"],
            "actor_id": ["RUS", "USA", "RUS", "USA", "RUS"],
            "vote": ["yes", "no", "absent", "no", "yes"],
        }
    )
    m = vote_matrix(votes, rollcalls, "GA")
    assert list(m.columns) == ["X1", "X2"] and m.loc["RUS", "X1"] == 1 and math.isnan(m.loc["RUS", "X2"])
    assert vote_matrix(votes, rollcalls, "GA", absent_as_abstain=True).loc["RUS", "X2"] == 2
    assert list(vote_matrix(votes, rollcalls, "GA", start="2023-11-01").columns) == ["X2"]
    with pytest.raises(ValueError, match="body = .HRC. is not one of: GA, SC"):
        vote_matrix(votes, rollcalls, "HRC")


@pytest.mark.parametrize("measure", MEASURES)
def test_matrix_version_equals_the_pairwise_loop(measure):
    rng = np.random.default_rng(5)
    X = pd.DataFrame(
        rng.choice([1, 2, 3, np.nan], size=(9, 25), p=[0.4, 0.25, 0.25, 0.1]), index=[f"m{i}" for i in range(9)]
    )
    fast, slow = similarity(X, measure, min_joint=5), pairwise_loop(X, measure, min_joint=5)
    assert np.allclose(fast, slow, equal_nan=True)


def test_bootstrap_is_seeded_and_brackets_the_estimate():
    rng = np.random.default_rng(1)
    X = pd.DataFrame(rng.choice([1, 2, 3], size=(6, 30)), index=list("abcdef")).astype(float)
    lo, hi = bootstrap(X, "agreement", draws=200, seed=3)
    lo2, hi2 = bootstrap(X, "agreement", draws=200, seed=3)
    assert lo.equals(lo2) and hi.equals(hi2)
    est = similarity(X, "agreement")
    assert ((lo <= est + 1e-12) & (est <= hi + 1e-12)).to_numpy().all()
    assert (hi - lo).to_numpy()[np.triu_indices(6, 1)].min() > 0


def test_unknown_measure_is_named():
    with pytest.raises(ValueError, match="measure = .* is not one of: agreement"):
        similarity(M({"a": [1], "b": [1]}), "cosine")


@pytest.mark.parametrize("measure", MEASURES)
@pytest.mark.parametrize("min_joint", [1, 3])
def test_bootstrap_equals_resampling_the_roll_calls(measure, min_joint):
    # the definition: draw roll calls with replacement, recompute the similarity on the drawn
    # columns with the pairwise loop, take the percentiles; absences make some dyads short of min_joint
    rng = np.random.default_rng(7)
    X = pd.DataFrame(rng.choice([1.0, 2.0, 3.0, np.nan], size=(6, 9), p=[0.4, 0.2, 0.25, 0.15]), index=list("ABCDEF"))
    draws, seed = 60, 11
    ref_rng = np.random.default_rng(seed)
    stack = []
    for _ in range(draws):
        drawn = ref_rng.integers(0, X.shape[1], X.shape[1])
        stack.append(pairwise_loop(X.iloc[:, drawn], measure, min_joint=min_joint).to_numpy())
    with warnings.catch_warnings():  # dyads short of min_joint in every draw: an all-NaN slice
        warnings.simplefilter("ignore", RuntimeWarning)
        ref_lo, ref_hi = np.nanquantile(np.array(stack), [0.05, 0.95], axis=0)
    lo, hi = bootstrap(X, measure, draws=draws, seed=seed, min_joint=min_joint)
    # the bootstrap's bounds are rounded to 9 decimal places (analysis.precision)
    np.testing.assert_allclose(lo.to_numpy(), ref_lo, rtol=0, atol=5e-10 + 1e-12, equal_nan=True)
    np.testing.assert_allclose(hi.to_numpy(), ref_hi, rtol=0, atol=5e-10 + 1e-12, equal_nan=True)


def test_bootstrap_of_some_rows_equals_those_rows_of_the_full_bootstrap():
    rng = np.random.default_rng(3)
    X = pd.DataFrame(rng.choice([1.0, 2.0, 3.0, np.nan], size=(7, 12), p=[0.4, 0.2, 0.25, 0.15]), index=list("ABCDEFG"))
    full_lo, full_hi = bootstrap(X, "kappa", draws=40, seed=5, min_joint=2)
    lo, hi = bootstrap(X, "kappa", draws=40, seed=5, min_joint=2, members=["E", "B"])
    assert list(lo.index) == ["E", "B"] and list(lo.columns) == list("ABCDEFG")
    pd.testing.assert_frame_equal(lo, full_lo.loc[["E", "B"]])
    pd.testing.assert_frame_equal(hi, full_hi.loc[["E", "B"]])
    with pytest.raises(ValueError, match="not among the voting members: Z"):
        bootstrap(X, "kappa", draws=5, members=["Z"])
