"""Weekly counts and key events on a small table known by hand."""
from __future__ import annotations

import pandas as pd

from analysis.timeline import key_events, weekly_counts

EV = pd.DataFrame({
    "event_id": ["E1", "E2", "E3", "E4", "E5"],
    "date": pd.to_datetime(["2023-10-02", "2023-10-08", "2023-10-09", "2023-10-26", "2023-10-26"]),
    "source_actor": ["RUS", "HAMAS", "RUS", "RUS", "HAMAS"], "target_actor": ["ISR", "ISR", "USA", "HAMAS", "RUS"],
    "plover_type": ["CONSULT", "ASSAULT", "REJECT", "CONSULT", "CONSULT"],
    "cameo_code": ["041", "190", "129", "043", "042"], "goldstein": [1.0, -10.0, -5.0, 2.8, 1.9],
})


def test_weekly_counts_cover_every_week_with_zeros():
    t = weekly_counts(EV, "2023-10-01", "2023-10-31")
    # weeks from Monday 25 Sep (the week of 1 Oct) to Monday 30 Oct
    assert list(t.index.strftime("%m-%d")) == ["09-25", "10-02", "10-09", "10-16", "10-23", "10-30"]
    assert t.loc["2023-10-02"].to_dict() == {"ASSAULT": 1, "CONSULT": 1, "REJECT": 0}  # 2 and 8 Oct (a Sunday)
    assert t.loc["2023-10-23", "CONSULT"] == 2 and t.loc["2023-10-16"].sum() == 0


def test_key_events_prefer_visits_and_vetoes_then_intensity():
    k = key_events(EV, "RUS", "2023-10-01", "2023-10-31", n=3)
    assert k["event_id"].tolist() == ["E3", "E4", "E5"]  # veto, host, visit; the 041 call is left out
    assert k["label"].tolist()[0] == "RUS→USA 129"
    assert key_events(EV, "RUS", "2023-10-01", "2023-10-31", n=10)["event_id"].tolist() == ["E1", "E3", "E4", "E5"]
