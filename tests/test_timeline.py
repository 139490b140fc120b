"""Weekly counts and key events on a small table known by hand."""

from __future__ import annotations

import math

import pandas as pd

from analysis.timeline import key_events, weekly_counts

EV = pd.DataFrame(
    {
        "event_id": ["E1", "E2", "E3", "E4", "E5"],
        "date": pd.to_datetime(["2023-10-02", "2023-10-08", "2023-10-09", "2023-10-26", "2023-10-26"]),
        "source_actor": ["RUS", "HAMAS", "RUS", "RUS", "HAMAS"],
        "target_actor": ["ISR", "ISR", "USA", "HAMAS", "RUS"],
        "plover_type": ["CONSULT", "ASSAULT", "REJECT", "CONSULT", "CONSULT"],
        "cameo_code": ["041", "190", "129", "043", "042"],
        "goldstein": [1.0, -10.0, -5.0, 2.8, 1.9],
    }
)


def test_weekly_counts_cover_every_week_with_zeros():
    t = weekly_counts(EV, "2023-10-01", "2023-10-31")
    # weeks from Monday 25 Sep (the week of 1 Oct) to Monday 30 Oct
    assert list(t.index.strftime("%m-%d")) == ["09-25", "10-02", "10-09", "10-16", "10-23", "10-30"]
    assert t.loc["2023-10-02"].to_dict() == {"ASSAULT": 1, "CONSULT": 1, "REJECT": 0}  # 2 and 8 Oct (a Sunday)
    assert t.loc["2023-10-23", "CONSULT"] == 2 and t.loc["2023-10-16"].sum() == 0


def test_key_events_prefer_visits_and_vetoes_then_intensity_one_per_counterpart():
    k = key_events(EV, "RUS", "2023-10-01", "2023-10-31", n=2)
    # the veto (129) and the meeting with Hamas (043 host, 2.8, beats its own 042 visit row); the 041 call is left out
    assert k["event_id"].tolist() == ["E3", "E4"]
    assert k["label"].tolist()[0] == "RUS→USA 129"
    # every counterpart once: the Hamas meeting's visit row E5 is the same meeting, so it is not listed again
    assert key_events(EV, "RUS", "2023-10-01", "2023-10-31", n=10)["event_id"].tolist() == ["E1", "E3", "E4"]


def test_key_events_spread_over_counterparts():
    ev = pd.DataFrame(
        {
            "event_id": ["A1", "A2", "A3", "B1"],
            "date": pd.to_datetime(["2024-01-01", "2024-02-01", "2024-03-01", "2024-04-01"]),
            "source_actor": ["RUS", "RUS", "IRN", "RUS"],
            "target_actor": ["IRN", "IRN", "RUS", "PSE"],
            "cameo_code": ["043", "043", "043", "042"],
            "goldstein": [2.8, 2.8, 2.8, 1.9],
        }
    )
    # three meetings with Iran outrank the one visit to the PA, but Iran gets one slot: its earliest meeting
    assert key_events(ev, "RUS", "2024-01-01", "2024-12-31", n=2)["event_id"].tolist() == ["A1", "B1"]


def test_the_event_share_counts_an_actor_as_source_or_target_in_the_window():
    from analysis.timeline import event_share

    events = pd.DataFrame(
        {
            "date": pd.to_datetime(["2023-10-01", "2023-10-08", "2023-10-09", "2023-10-10", "2024-02-01"]),
            "source_actor": ["RUS", "RUS", "USA", "ISR", "RUS"],
            "target_actor": ["ISR", "IRN", "RUS", "HAMAS", "ISR"],
        }
    )
    share = event_share(events, "RUS", "2023-10-07", "2023-12-31")
    assert (share.involved, share.total, share.share) == (2, 3, 2 / 3)
    assert share.sentence("RUS") == "2 of the 3 events of the window (67%) involve RUS."
    assert math.isnan(event_share(events, "RUS", "2025-01-01", "2025-12-31").share)
