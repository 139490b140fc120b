import pandas as pd

from analysis.rollcalls import sponsored_by, vote_patterns


def test_who_voted_with_the_sponsor():
    rc = pd.DataFrame(
        {
            "rollcall_id": ["D1"],
            "body": ["SC"],
            "date": pd.to_datetime(["2023-10-16"]),
            "vote_subject": ["draft_resolution"],
            "sponsors": ["RUS"],
            "outcome": ["failed"],
            "yes": [2],
            "no": [1],
            "abstain": [1],
        }
    )
    votes = pd.DataFrame(
        {"rollcall_id": ["D1"] * 4, "actor_id": ["RUS", "CHN", "USA", "GBR"], "vote": ["yes", "yes", "no", "abstain"]}
    )
    p = vote_patterns(rc, votes)
    assert p.loc[0, "with_sponsor"] == "CHN" and p.loc[0, "tally"] == "2-1-1" and p.loc[0, "no"] == "USA"
    assert len(sponsored_by(p, "RUS")) == 1 and sponsored_by(p, "USA").empty
