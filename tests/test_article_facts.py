"""The source article's facts (docs/claims.md, section 3), each found in the shipped data.

The curation issue asks that every fact of the article be in the tables. Each check names the
dyad, the date window, the CAMEO code and a word of the description, so it fails if the row is
dropped or recoded, and says which fact is missing.
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import load_tables

AFTERMATH = ("2023-10-07", "2023-11-30")  # the weeks the article describes


@pytest.fixture(scope="module")
def t():
    return load_tables()


def events(t, source, target, codes, window=AFTERMATH, words=()):
    ev = t.events
    hit = (
        (ev["source_actor"].astype(str) == source)
        & (ev["target_actor"].astype(str) == target)
        & ev["cameo_code"].astype(str).isin(codes)
        & (ev["date"] >= pd.Timestamp(window[0]))
        & (ev["date"] <= pd.Timestamp(window[1]))
    )
    text = (ev["description"].fillna("") + " " + ev["notes"].fillna("")).str.lower()
    for word in words:
        hit &= text.str.contains(word.lower(), regex=False)
    return ev[hit]


FACTS = [
    ("Hamas delegation led by Abu Marzouk visited Moscow", ("HAMAS", "RUS", {"042"}, AFTERMATH, ("Abu Marzouk",))),
    (
        "Russian MFA received it: hostages and evacuation of citizens",
        ("RUS", "HAMAS", {"043"}, AFTERMATH, ("hostages", "evacuation")),
    ),
    (
        "Russia reported 16 citizens killed and 8 missing",
        ("HAMAS", "ISR", {"190", "181"}, ("2023-10-07", "2023-10-07"), ("16 Russian citizens", "8 missing")),
    ),
    (
        "Israel's MFA condemned the visit and called for the delegation's expulsion",
        ("ISR", "RUS", {"111", "112"}, AFTERMATH, ("terrorism", "expel")),
    ),
    ("Iran's Deputy FM Bagheri Kani visited Moscow at the same time", ("IRN", "RUS", {"042"}, AFTERMATH, ("Bagheri",))),
    ("Abbas expected in Moscow, date to be announced", ("PSE", "RUS", {"036"}, AFTERMATH, ("Abbas", "Moscow"))),
    (
        "Abbas's visit to Moscow, when it happened",
        ("PSE", "RUS", {"042"}, ("2024-01-01", "2024-12-31"), ("Abbas", "Moscow")),
    ),
    ("Russia called for a ceasefire and talks", ("RUS", "ISR", {"1056"}, AFTERMATH, ("cease",))),
    ("Russia criticised US policy in the Middle East", ("RUS", "USA", {"111", "112"}, AFTERMATH, ("US policy",))),
    ("US naval forces deployed to the region", ("USA", "HEZBOLLAH", {"150"}, AFTERMATH, ("carrier",))),
]


@pytest.mark.parametrize("fact, query", FACTS, ids=[f for f, _ in FACTS])
def test_the_articles_event_facts_are_in_the_events(t, fact, query):
    source, target, codes, window, words = query
    assert len(events(t, source, target, codes, window, words)), f"missing from data/events.csv: {fact}"


def test_a_russian_israeli_captive_in_gaza_is_recorded(t):
    released = events(t, "HAMAS", "RUS", {"0841"}, ("2023-10-07", "2024-12-31"), ("Russian-Israeli",))
    assert len(released)


def test_russias_security_council_drafts_failed(t):
    sc = t.rollcalls[(t.rollcalls["body"] == "SC") & (t.rollcalls["vote_subject"].astype(str) == "draft_resolution")]
    russian = sc[sc["sponsors"].astype(str) == "RUS"].set_index("rollcall_id")
    # the two Russian drafts of October 2023, S/2023/772 (16 October) and S/2023/795 (25 October)
    assert {"S/2023/772", "S/2023/795"} <= set(russian.index)
    assert (russian.loc[["S/2023/772", "S/2023/795"], "outcome"].astype(str) == "failed").all()


def test_us_naval_presence_outweighs_russias_in_the_theatre(t):
    cap = t.capabilities[t.capabilities["indicator"].astype(str) == "warships_in_theatre_q4_2023"]
    ships = cap.set_index(cap["actor_id"].astype(str))["value"]
    assert ships["USA"] > ships.drop("USA").max()
