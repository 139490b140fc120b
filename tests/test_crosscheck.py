"""The panel against GDELT: dyad intensities, Spearman per actor and the largest disagreements,
on cases worked by hand."""

from __future__ import annotations

import math

import pandas as pd

from analysis.crosscheck import disagreements, dyad_intensities, rank_agreement


def table(panel, gdelt, outside="USA"):
    parties = ["ISR", "PSE", "HAMAS", "IRN"][: len(panel)]
    return pd.DataFrame({"outside": outside, "party": parties, "panel_contacts": panel, "gdelt_consultations": gdelt})


def test_spearman_by_hand():
    same = rank_agreement(table([4, 3, 2, 1], [40.0, 30.0, 20.0, 10.0])).set_index("outside")
    assert same.loc["USA", "spearman"] == 1.0 and same.loc["USA", "dyads"] == 4
    opposite = rank_agreement(table([4, 3, 2, 1], [1.0, 2.0, 3.0, 4.0])).set_index("outside")
    assert opposite.loc["USA", "spearman"] == -1.0
    # ties take average ranks: (1.5, 1.5, 3, 4) against (1, 2, 3, 4) gives 4.5 / sqrt(4.5 x 5) = 3 / sqrt(10)
    tied = rank_agreement(table([1, 1, 2, 3], [1.0, 2.0, 3.0, 4.0])).set_index("outside")
    assert math.isclose(tied.loc["USA", "spearman"], 3 / math.sqrt(10), abs_tol=1e-9)
    # a constant column or fewer than three dyads: undefined, not zero
    assert math.isnan(
        rank_agreement(table([2, 2, 2, 2], [1.0, 2.0, 3.0, 4.0])).set_index("outside").loc["USA", "spearman"]
    )
    assert math.isnan(rank_agreement(table([1, 2], [1.0, 2.0])).set_index("outside").loc["USA", "spearman"])


def test_intensities_count_either_direction_and_only_consultations():
    contacts = pd.DataFrame(
        {
            "outside": ["USA", "USA", "USA", "RUS"],
            "party": ["ISR", "ISR", "PSE", "ISR"],
            "date": pd.to_datetime(["2023-10-10", "2023-10-12", "2023-10-11", "2023-12-01"]),
        }
    )
    gdelt = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-10-10", "2023-10-10", "2023-10-11", "2023-10-11", "2023-11-30"]),
            "source_actor": ["USA", "ISR", "USA", "PSE", "RUS"],
            "target_actor": ["ISR", "USA", "PSE", "USA", "ISR"],
            "plover_type": ["CONSULT", "CONSULT", "ACCUSE", "CONSULT", "CONSULT"],
            "weight": [2.0, 3.0, 5.0, 1.0, 4.0],
        }
    )
    dyads = pd.DataFrame({"outside": ["USA", "USA", "RUS"], "party": ["ISR", "PSE", "ISR"]})
    out = dyad_intensities(contacts, gdelt, "2023-10-07", "2023-10-31", dyads).set_index(["outside", "party"])
    assert out.loc[("USA", "ISR")].tolist() == [2, 5.0]  # 2 contacts; consultations 2 + 3 (both directions)
    assert out.loc[("USA", "PSE")].tolist() == [1, 1.0]  # the ACCUSE event does not count
    assert out.loc[("RUS", "ISR")].tolist() == [0, 0.0]  # both outside the window: zeros, the dyad was searched


def test_disagreements_rank_the_largest_difference_first():
    t = pd.concat([table([10, 5, 1, 0], [1.0, 5.0, 10.0, 0.0]), table([3, 2, 1, 0], [3.0, 2.0, 1.0, 0.0], "RUS")])
    worst = disagreements(t, n=2)
    # ranks among the 8 dyads (1 = most): USA-ISR is 1st in the panel, 5.5th in GDELT (its 1.0 ties RUS-HAMAS);
    # USA-HAMAS is 5.5th in the panel (1 ties RUS-HAMAS) and 1st in GDELT; every other dyad has the same rank
    # in both. The two differences of 4.5 tie, and the tie goes to the dyad order: HAMAS before ISR.
    assert list(zip(worst["outside"], worst["party"])) == [("USA", "HAMAS"), ("USA", "ISR")]
    assert worst["rank_difference"].tolist() == [-4.5, 4.5]
