"""Coverage of hand-collected contacts, measured by capture-recapture (docs/methods.md, section 9).

Two independent search passes over the same population (one dyad's contacts at one tier in one
window) find n1 and n2 contacts, m of them by both. Chapman's bias-corrected form of the
Lincoln-Petersen estimator gives the population size

    N = (n1 + 1)(n2 + 1) / (m + 1) - 1,
    Var(N) = (n1 + 1)(n2 + 1)(n1 - m)(n2 - m) / ((m + 1)^2 (m + 2)),

and the estimated completeness of the final (merged) list is its count over N. The estimate
assumes independent passes (different query wordings and source orders), equally findable
contacts within a dyad (heterogeneity biases N low, so completeness is an upper bound) and a
closed population (a fixed window). Chapman (1951); Hook & Regal (1995).

Matching rule for "found by both": the same dyad (either order), the same tier, the same kind of
contact, on the same day, or one day apart when the row says the sources' time zones differ.
"""
from __future__ import annotations

import math

import pandas as pd

#: Completeness a dyad with at least :data:`MIN_FOUND` contacts should reach (the panel's target).
TARGET_COMPLETENESS = 0.8
MIN_FOUND = 5
PASS_COLUMNS = ("contact_id", "actor_a", "actor_b", "tier", "contact_type", "date")


def chapman(n1: int, n2: int, m: int) -> tuple[float, float]:
    """Chapman's estimate of the population size and its variance from two passes that found
    ``n1`` and ``n2`` items, ``m`` of them in both."""
    for name, value in (("n1", n1), ("n2", n2), ("m", m)):
        if int(value) != value or value < 0:
            raise ValueError(f"{name} must be a whole number of contacts, not {value!r}")
    if m > min(n1, n2):
        raise ValueError(f"m = {m} contacts found by both passes cannot exceed n1 = {n1} or n2 = {n2}")
    estimate = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    return estimate, variance


def _dyad(frame: pd.DataFrame) -> pd.Series:
    a, b = frame["actor_a"].astype(str), frame["actor_b"].astype(str)
    return a.where(a < b, b) + "-" + b.where(a < b, a)


def match_passes(pass1: pd.DataFrame, pass2: pd.DataFrame) -> pd.DataFrame:
    """Pairs of rows of the two passes that record the same contact (the module's matching rule;
    two rows may be one day apart when either says ``time_zones_differ``). One-to-one, decided in
    date order then by contact id, so the result does not depend on the rows' order. Columns:
    ``contact_id_1``, ``contact_id_2``, ``dyad``, ``tier``, ``contact_type``."""
    for label, frame in (("pass 1", pass1), ("pass 2", pass2)):
        missing = [c for c in PASS_COLUMNS if c not in frame.columns]
        if missing:
            raise ValueError(f"{label} lacks the column(s) {', '.join(missing)}")
    one = pass1.assign(pair_key=_dyad(pass1), when=pd.to_datetime(pass1["date"]))
    two = pass2.assign(pair_key=_dyad(pass2), when=pd.to_datetime(pass2["date"]))
    one = one.sort_values(["when", "contact_id"], kind="stable")
    two = two.sort_values(["when", "contact_id"], kind="stable")
    flag = (two["time_zones_differ"].fillna(False).astype(bool) if "time_zones_differ" in two
            else pd.Series(False, index=two.index))
    used, pairs = set(), []
    for r in one.itertuples():
        slack = (flag | bool(getattr(r, "time_zones_differ", False))).map({True: 1, False: 0})  # days, per row
        candidates = two[(two["pair_key"] == r.pair_key) & (two["tier"] == r.tier) & (two["contact_type"] == r.contact_type)
                         & ((two["when"] - r.when).abs().dt.days <= slack)
                         & ~two["contact_id"].isin(used)]
        if len(candidates):
            best = candidates.assign(_gap=(candidates["when"] - r.when).abs()).sort_values(
                ["_gap", "when", "contact_id"], kind="stable").iloc[0]
            used.add(best["contact_id"])
            pairs.append({"contact_id_1": r.contact_id, "contact_id_2": best["contact_id"], "dyad": r.pair_key,
                          "tier": r.tier, "contact_type": r.contact_type})
    return pd.DataFrame(pairs, columns=["contact_id_1", "contact_id_2", "dyad", "tier", "contact_type"])


def completeness_table(pass1: pd.DataFrame, pass2: pd.DataFrame, final: pd.DataFrame) -> pd.DataFrame:
    """One row per dyad and tier found by either pass or in the final list: found by pass 1, by
    pass 2, by both, the final count, Chapman's estimate with its standard error, the estimated
    completeness (final count over the estimate, at most 1), and ``below_target`` for a dyad with
    at least :data:`MIN_FOUND` contacts whose completeness is under :data:`TARGET_COMPLETENESS`."""
    both = match_passes(pass1, pass2)
    keys = ["dyad", "tier"]

    def counts(frame):
        return frame.assign(dyad=_dyad(frame)).groupby(keys).size() if len(frame) else pd.Series(dtype=int)

    table = pd.concat({"found_pass1": counts(pass1), "found_pass2": counts(pass2),
                       "found_both": both.groupby(keys).size() if len(both) else pd.Series(dtype=int),
                       "final_count": counts(final)}, axis=1).fillna(0).astype(int)
    rows = []
    for (dyad, tier), r in table.sort_index().iterrows():
        estimate, variance = chapman(int(r.found_pass1), int(r.found_pass2), int(r.found_both))
        complete = min(1.0, r.final_count / estimate) if estimate > 0 else float("nan")
        rows.append({"dyad": dyad, "tier": tier, **r.to_dict(), "estimate": round(estimate, 3),
                     "standard_error": round(math.sqrt(variance), 3),
                     "completeness": round(complete, 3) if not math.isnan(complete) else complete,
                     "below_target": bool(r.final_count >= MIN_FOUND and complete < TARGET_COMPLETENESS)})
    return pd.DataFrame(rows, columns=["dyad", "tier", "found_pass1", "found_pass2", "found_both", "final_count",
                                       "estimate", "standard_error", "completeness", "below_target"])
