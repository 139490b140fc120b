"""Coverage of hand-collected contacts, measured by capture-recapture (docs/methods.md, section 9).

Two independent search passes over the same population (one dyad's contacts at one tier, over
the panel's two windows together) find n1 and n2 contacts, m of them by both. Chapman's bias-corrected form of the
Lincoln-Petersen estimator gives the population size

    N = (n1 + 1)(n2 + 1) / (m + 1) - 1,
    Var(N) = (n1 + 1)(n2 + 1)(n1 - m)(n2 - m) / ((m + 1)^2 (m + 2)),

and the estimated completeness of the final (merged) list is its count over N. The estimate
assumes independent passes (different query wordings and source orders), equally findable
contacts within a dyad (heterogeneity biases N low, so completeness is an upper bound) and a
closed population (a fixed window). Chapman (1951); Hook & Regal (1995).

Matching rule for "found by both": the same dyad, the same tier, the same kind of contact, on the
same day, or one day apart when either row says the sources' dates differ. The panel's tables
and the merge of the two passes into the final list are in :mod:`analysis.panel`.
"""

from __future__ import annotations

import math

import pandas as pd

#: Completeness a dyad with at least :data:`MIN_FOUND` contacts should reach (the panel's target).
TARGET_COMPLETENESS = 0.8
MIN_FOUND = 5
#: Columns a pass's list needs (the contact_passes table of data/README.md).
PASS_COLUMNS = ("record_id", "outside", "party", "tier", "kind", "date", "dates_differ")
DYAD_TIER = ["outside", "party", "tier"]


def chapman(n1: int, n2: int, m: int) -> tuple[float, float]:
    """Chapman's estimate of the population size and its variance from two passes that found
    ``n1`` and ``n2`` items, ``m`` of them in both.

    Parameters
    ----------
    n1, n2 : int
        Items found by the first and by the second pass (whole numbers, at least 0).
    m : int
        Items found by both passes (a whole number, at most ``min(n1, n2)``).

    Returns
    -------
    estimate : float
        The estimated population size, ``(n1 + 1)(n2 + 1) / (m + 1) - 1``.
    variance : float
        Its variance, ``(n1 + 1)(n2 + 1)(n1 - m)(n2 - m) / ((m + 1)^2 (m + 2))``.

    Raises
    ------
    ValueError
        If a count is negative or not a whole number, or ``m`` exceeds ``n1`` or ``n2``.

    Notes
    -----
    Chapman's bias-corrected form of the Lincoln-Petersen estimator (Chapman 1951; see the module
    docstring for its assumptions).
    """
    for name, value in (("n1", n1), ("n2", n2), ("m", m)):
        if int(value) != value or value < 0:
            raise ValueError(f"{name} must be a whole number of contacts, not {value!r}")
    if m > min(n1, n2):
        raise ValueError(f"m = {m} contacts found by both passes cannot exceed n1 = {n1} or n2 = {n2}")
    estimate = (n1 + 1) * (n2 + 1) / (m + 1) - 1
    variance = (n1 + 1) * (n2 + 1) * (n1 - m) * (n2 - m) / ((m + 1) ** 2 * (m + 2))
    return estimate, variance


def _flag(frame: pd.DataFrame) -> pd.Series:
    """``dates_differ`` as booleans ('yes'/'no' in the tables, booleans in hand-made frames)."""
    if "dates_differ" not in frame:
        return pd.Series(False, index=frame.index)
    col = frame["dates_differ"]
    return col.astype("string").str.lower().isin(["yes", "true", "1"]).fillna(False).astype(bool)


def _checked(frame: pd.DataFrame, label: str) -> pd.DataFrame:
    missing = [c for c in PASS_COLUMNS if c not in frame.columns and c != "dates_differ"]
    if missing:
        raise ValueError(f"{label} lacks the column(s) {', '.join(missing)}")
    out = frame.assign(when=pd.to_datetime(frame["date"]), differ=_flag(frame))
    out = out.astype({"outside": str, "party": str, "kind": str, "record_id": str})
    out["tier"] = out["tier"].astype(int)
    return out.sort_values(["when", "record_id"], kind="stable")


def match_passes(pass1: pd.DataFrame, pass2: pd.DataFrame) -> pd.DataFrame:
    """Pairs of rows of the two passes that record the same contact: the same outside actor, party,
    tier and kind, on the same day, or one day apart when either row says ``dates_differ``.
    One-to-one, decided in date order then by record id (the nearest date first), so the result
    does not depend on the rows' order. Columns: ``record_id_1``, ``record_id_2``, ``outside``,
    ``party``, ``tier``, ``kind``."""
    one, two = _checked(pass1, "pass 1"), _checked(pass2, "pass 2")
    used, pairs = set(), []
    for r in one.itertuples():
        slack = (two["differ"] | r.differ).map({True: 1, False: 0})  # days allowed, per candidate
        candidates = two[
            (two["outside"] == r.outside)
            & (two["party"] == r.party)
            & (two["tier"] == r.tier)
            & (two["kind"] == r.kind)
            & ((two["when"] - r.when).abs().dt.days <= slack)
            & ~two["record_id"].isin(used)
        ]
        if len(candidates):
            best = (
                candidates.assign(_gap=(candidates["when"] - r.when).abs())
                .sort_values(["_gap", "when", "record_id"], kind="stable")
                .iloc[0]
            )
            used.add(best["record_id"])
            pairs.append(
                {
                    "record_id_1": r.record_id,
                    "record_id_2": best["record_id"],
                    "outside": r.outside,
                    "party": r.party,
                    "tier": r.tier,
                    "kind": r.kind,
                }
            )
    return pd.DataFrame(pairs, columns=["record_id_1", "record_id_2", "outside", "party", "tier", "kind"])


def _counts(frame: pd.DataFrame) -> pd.Series:
    if not len(frame):
        return pd.Series(dtype=int)
    return frame.astype({"outside": str, "party": str}).assign(tier=frame["tier"].astype(int)).groupby(DYAD_TIER).size()


def completeness_table(
    pass1: pd.DataFrame, pass2: pd.DataFrame, final: pd.DataFrame, searched: pd.DataFrame | None = None
) -> pd.DataFrame:
    """One row per dyad and tier found by either pass, in the final list, or listed in
    ``searched`` (outside, party, tier: dyads searched with nothing found are recorded zeros):
    found by pass 1, by pass 2, by both, the final count, Chapman's estimate with its standard
    error, the estimated completeness (final count over the estimate, at most 1; missing for a
    recorded zero), and ``below_target`` for a dyad with at least :data:`MIN_FOUND` contacts
    whose completeness is under :data:`TARGET_COMPLETENESS`.

    Parameters
    ----------
    pass1, pass2 : DataFrame
        The two search passes' lists, with the columns of :data:`PASS_COLUMNS` (``dates_differ``
        may be absent, meaning no row's dates differ); matched by :func:`match_passes`.
    final : DataFrame
        The final (merged) list (``outside``, ``party``, ``tier``).
    searched : DataFrame, optional
        Dyads and tiers searched (``outside``, ``party``, ``tier``), so that those with nothing
        found appear as recorded zeros; None adds no row.

    Returns
    -------
    DataFrame
        Sorted by outside actor, party and tier, the columns ``outside``, ``party``, ``tier``,
        ``found_a``, ``found_b``, ``found_both``, ``final_count`` (ints), ``estimate`` and
        ``standard_error`` (Chapman's, :func:`chapman`, rounded to 3 places), ``completeness``
        (rounded to 3 places; NaN where the estimate is 0) and ``below_target`` (bool, decided on
        the rounded completeness).

    Raises
    ------
    ValueError
        If a pass lacks one of the columns of :data:`PASS_COLUMNS`.
    """
    both = match_passes(pass1, pass2)
    table = pd.concat(
        {
            "found_a": _counts(pass1),
            "found_b": _counts(pass2),
            "found_both": _counts(both),
            "final_count": _counts(final),
        },
        axis=1,
    )
    if searched is not None and len(searched):
        keys = pd.MultiIndex.from_frame(
            searched[DYAD_TIER].astype({"outside": str, "party": str, "tier": int}).drop_duplicates()
        )
        table = table.reindex(table.index.union(keys))
    table = table.fillna(0).astype(int)
    rows = []
    for (outside, party, tier), r in table.sort_index().iterrows():
        estimate, variance = chapman(int(r.found_a), int(r.found_b), int(r.found_both))
        # the threshold is decided on the published (rounded) completeness, so the table never says
        # 0.8 and below target at once
        complete = round(min(1.0, r.final_count / estimate), 3) if estimate > 0 else float("nan")
        rows.append(
            {
                "outside": outside,
                "party": party,
                "tier": int(tier),
                **r.to_dict(),
                "estimate": round(estimate, 3),
                "standard_error": round(math.sqrt(variance), 3),
                "completeness": complete,
                "below_target": bool(r.final_count >= MIN_FOUND and complete < TARGET_COMPLETENESS),
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            *DYAD_TIER,
            "found_a",
            "found_b",
            "found_both",
            "final_count",
            "estimate",
            "standard_error",
            "completeness",
            "below_target",
        ],
    )
