"""Capture-recapture coverage of the contacts panel: Chapman's estimator on cases known by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.coverage import chapman, completeness_table, match_passes


def test_chapman_by_hand():
    # both passes found the same 5: N = 6 x 6 / 6 - 1 = 5, no uncertainty
    assert chapman(5, 5, 5) == (5.0, 0.0)
    # n1 = 10, n2 = 8, m = 6: N = 11 x 9 / 7 - 1 = 92/7; Var = 11 x 9 x 4 x 2 / (7^2 x 8) = 792/392
    estimate, variance = chapman(10, 8, 6)
    assert math.isclose(estimate, 92 / 7) and math.isclose(variance, 792 / 392)
    # no overlap: N = (n1 + 1)(n2 + 1) - 1, the estimator's upper end
    assert chapman(3, 2, 0)[0] == 11.0
    # nothing found by either pass: a recorded zero
    assert chapman(0, 0, 0) == (0.0, 0.0)
    with pytest.raises(ValueError, match="cannot exceed"):
        chapman(2, 3, 4)
    with pytest.raises(ValueError, match="whole number"):
        chapman(2.5, 3, 1)


def passes():
    one = pd.DataFrame(
        [
            ("p1-1", "RUS", "HAMAS", 2, "visit", "2023-10-26", "no"),
            ("p1-2", "RUS", "ISR", 1, "call", "2023-10-16", "no"),
            ("p1-3", "RUS", "ISR", 1, "call", "2023-12-10", "yes"),
            ("p1-4", "RUS", "ISR", 1, "call", "2024-01-18", "no"),
        ],
        columns=["record_id", "outside", "party", "tier", "kind", "date", "dates_differ"],
    )
    two = pd.DataFrame(
        [
            ("p2-1", "RUS", "HAMAS", 2, "visit", "2023-10-26", "no"),  # the same contact
            ("p2-2", "RUS", "ISR", 1, "call", "2023-12-11", "no"),  # a day later: p1-3 allows it
            ("p2-3", "RUS", "ISR", 1, "meeting", "2024-01-18", "no"),  # another kind of contact
            ("p2-4", "RUS", "ISR", 1, "call", "2023-10-17", "no"),  # a day after p1-2, which does not allow it
        ],
        columns=["record_id", "outside", "party", "tier", "kind", "date", "dates_differ"],
    )
    return one, two


def test_matching_rule():
    one, two = passes()
    pairs = match_passes(one, two)
    assert sorted(zip(pairs["record_id_1"], pairs["record_id_2"])) == [("p1-1", "p2-1"), ("p1-3", "p2-2")]
    # the rows' order does not matter
    again = match_passes(one.iloc[::-1], two.iloc[::-1])
    assert sorted(zip(again["record_id_1"], again["record_id_2"])) == [("p1-1", "p2-1"), ("p1-3", "p2-2")]
    # a flag on either side allows the day's difference
    two.loc[two["record_id"] == "p2-4", "dates_differ"] = "yes"
    flagged = match_passes(one, two)
    assert ("p1-2", "p2-4") in set(zip(flagged["record_id_1"], flagged["record_id_2"]))


def test_completeness_table():
    one, two = passes()
    final = pd.concat([one, two[two["record_id"].isin(["p2-3", "p2-4"])]])  # the union: 6 contacts
    table = completeness_table(one, two, final).set_index(["outside", "party", "tier"])
    hamas = table.loc[("RUS", "HAMAS", 2)]
    assert (hamas.found_a, hamas.found_b, hamas.found_both, hamas.final_count) == (1, 1, 1, 1)
    assert hamas.estimate == 1.0 and hamas.completeness == 1.0
    israel = table.loc[("RUS", "ISR", 1)]
    # 3 and 3 found, 1 by both: N = 4 x 4 / 2 - 1 = 7; 5 in the final list: 5/7 = 0.714
    assert (israel.found_a, israel.found_b, israel.found_both, israel.final_count) == (3, 3, 1, 5)
    assert israel.estimate == 7.0 and israel.completeness == round(5 / 7, 3)
    assert bool(israel.below_target)  # at least 5 found and under 80%
    assert not bool(hamas.below_target)


def test_the_target_is_decided_on_the_published_completeness():
    # n1 = 8, n2 = 63, m = 6: N = 9 x 64 / 7 - 1 = 569/7 = 81.2857...; 65 found: 65 / 81.2857 = 0.79965,
    # published as 0.8, which is not below the 80% target
    one = pd.DataFrame(
        {
            "record_id": [f"a{i}" for i in range(8)],
            "outside": "USA",
            "party": "ISR",
            "tier": 1,
            "kind": "call",
            "date": pd.date_range("2024-01-01", periods=8).strftime("%Y-%m-%d"),
            "dates_differ": "no",
        }
    )
    two = pd.DataFrame(
        {
            "record_id": [f"b{i}" for i in range(63)],
            "outside": "USA",
            "party": "ISR",
            "tier": 1,
            "kind": "call",
            "date": pd.date_range("2024-01-03", periods=63).strftime("%Y-%m-%d"),
            "dates_differ": "no",
        }
    )
    final = pd.DataFrame({"outside": ["USA"] * 65, "party": "ISR", "tier": 1})
    row = completeness_table(one, two, final).iloc[0]
    assert (row.found_a, row.found_b, row.found_both, row.final_count) == (8, 63, 6, 65)
    assert row.completeness == 0.8 and not bool(row.below_target)
