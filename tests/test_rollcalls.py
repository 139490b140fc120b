import pandas as pd
import pytest

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


def test_roll_calls_in_a_body_and_a_window_by_hand():
    from analysis.rollcalls import roll_calls_in

    rc = pd.DataFrame(
        {
            "rollcall_id": ["G1", "S1", "S2", "S3"],
            "body": ["GA", "SC", "SC", "SC"],
            "date": pd.to_datetime(["2023-10-27", "2023-10-16", "2023-12-08", "2024-01-10"]),
        }
    )
    assert list(roll_calls_in(rc, "SC", "2023-10-16", "2023-12-08")["rollcall_id"]) == ["S1", "S2"]  # both ends in
    assert list(roll_calls_in(rc, None, "2023-10-20")["rollcall_id"]) == ["G1", "S2", "S3"]  # both bodies, open end
    with pytest.raises(ValueError, match="body = .* is not one of: GA, SC"):
        roll_calls_in(rc, "UNGA")
