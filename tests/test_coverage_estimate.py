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
    one = pd.DataFrame([
        ("p1-1", "RUS", "HAMAS", 2, "meeting", "2023-10-26", False),
        ("p1-2", "RUS", "ISR", 1, "call", "2023-10-16", False),
        ("p1-3", "ISR", "RUS", 1, "call", "2023-12-10", True),
        ("p1-4", "RUS", "ISR", 1, "call", "2024-01-18", False),
    ], columns=["contact_id", "actor_a", "actor_b", "tier", "contact_type", "date", "time_zones_differ"])
    two = pd.DataFrame([
        ("p2-1", "HAMAS", "RUS", 2, "meeting", "2023-10-26", False),   # same contact, either order
        ("p2-2", "RUS", "ISR", 1, "call", "2023-12-11", False),        # a day later: p1-3 allows it
        ("p2-3", "RUS", "ISR", 1, "meeting", "2024-01-18", False),     # another kind of contact
        ("p2-4", "RUS", "ISR", 1, "call", "2023-10-17", False),        # a day after p1-2, which does not allow it
    ], columns=["contact_id", "actor_a", "actor_b", "tier", "contact_type", "date", "time_zones_differ"])
    return one, two


def test_matching_rule():
    one, two = passes()
    pairs = match_passes(one, two)
    assert sorted(zip(pairs["contact_id_1"], pairs["contact_id_2"])) == [("p1-1", "p2-1"), ("p1-3", "p2-2")]
    # the rows' order does not matter
    again = match_passes(one.iloc[::-1], two.iloc[::-1])
    assert sorted(zip(again["contact_id_1"], again["contact_id_2"])) == [("p1-1", "p2-1"), ("p1-3", "p2-2")]
    # a flag on either side allows the day's difference
    two.loc[two["contact_id"] == "p2-4", "time_zones_differ"] = True
    flagged = match_passes(one, two)
    assert ("p1-2", "p2-4") in set(zip(flagged["contact_id_1"], flagged["contact_id_2"]))


def test_completeness_table():
    one, two = passes()
    final = pd.concat([one, two[two["contact_id"].isin(["p2-3", "p2-4"])]])  # the union: 6 contacts
    table = completeness_table(one, two, final).set_index(["dyad", "tier"])
    hamas = table.loc[("HAMAS-RUS", 2)]
    assert (hamas.found_pass1, hamas.found_pass2, hamas.found_both, hamas.final_count) == (1, 1, 1, 1)
    assert hamas.estimate == 1.0 and hamas.completeness == 1.0
    israel = table.loc[("ISR-RUS", 1)]
    # 3 and 3 found, 1 by both: N = 4 x 4 / 2 - 1 = 7; 5 in the final list: 5/7 = 0.714
    assert (israel.found_pass1, israel.found_pass2, israel.found_both, israel.final_count) == (3, 3, 1, 5)
    assert israel.estimate == 7.0 and israel.completeness == round(5 / 7, 3)
    assert bool(israel.below_target)  # at least 5 found and under 80%
    assert not bool(hamas.below_target)
