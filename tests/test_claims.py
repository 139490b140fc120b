"""Each claim's verdict rule on small synthetic tables, for each outcome."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import claims
from analysis.claims import INSUFFICIENT, MIXED, NO_DATA, NOT_SUPPORTED, SUPPORTED


def ev(*rows):
    """rows: (date, source, target, goldstein[, cameo])"""
    out = []
    for i, r in enumerate(rows, 1):
        date, s, t, g = r[:4]
        out.append(
            {
                "event_id": f"EV{i:04d}",
                "date": pd.Timestamp(date),
                "source_actor": s,
                "target_actor": t,
                "goldstein": g,
                "cameo_code": r[4] if len(r) > 4 else "040",
            }
        )
    return pd.DataFrame(out, columns=["event_id", "date", "source_actor", "target_actor", "goldstein", "cameo_code"])


def ti(*rows):
    """rows: (a, b, tie_type, sign, strength, valid_from, valid_to)"""
    f = pd.DataFrame(
        [
            {
                "tie_id": f"TI{i}",
                "actor_a": a,
                "actor_b": b,
                "tie_type": t,
                "sign": s,
                "strength": k,
                "valid_from": pd.Timestamp(f0) if f0 else pd.NaT,
                "valid_to": pd.Timestamp(t0) if t0 else pd.NaT,
            }
            for i, (a, b, t, s, k, f0, t0) in enumerate(rows, 1)
        ],
        columns=["tie_id", "actor_a", "actor_b", "tie_type", "sign", "strength", "valid_from", "valid_to"],
    )
    return f


NO_TIES = ti()


def test_working_relations_each_outcome():
    four = ev(*[("2024-01-01", "RUS", p, 2.8) for p in ("ISR", "PSE", "HAMAS", "IRN")])
    assert claims.working_relations(four, NO_TIES, "RUS").verdict == SUPPORTED
    # a rupture with Israel in force removes it; conflict alone is not a working relation
    rupture = ti(("ISR", "RUS", "diplomatic_rupture", -1, 2, "2023-12-01", None))
    f = claims.working_relations(four, rupture, "RUS")
    assert f.verdict == MIXED and "3 of 4" in f.value
    two = ev(("2024-01-01", "RUS", "ISR", 2.8), ("2024-01-01", "IRN", "RUS", 1.0), ("2024-01-01", "RUS", "HAMAS", -2.0))
    assert claims.working_relations(two, NO_TIES, "RUS").verdict == MIXED
    hostile = ev(*[("2024-01-01", "RUS", "ISR", -2.0)] * 3)
    assert claims.working_relations(hostile, NO_TIES, "RUS").verdict == NOT_SUPPORTED
    both = pd.concat([four, ev(*[("2024-01-01", p, "CHN", 1.0) for p in ("ISR", "PSE", "HAMAS", "IRN")])])
    assert claims.actors_with_working_relations(both, NO_TIES) == ["CHN", "RUS"]


def test_working_relations_needs_three_events_with_the_parties():
    # just below the minimum: two cooperative events, with two parties, would read "mixed"
    below = claims.working_relations(
        ev(("2024-01-01", "RUS", "ISR", 2.8), ("2024-01-02", "IRN", "RUS", 1.0)), NO_TIES, "RUS"
    )
    assert below.verdict == INSUFFICIENT and below.value == "2 events with the parties (3 needed)"
    assert list(below.details["party"]) == ["ISR", "PSE", "HAMAS", "IRN"]  # the counts are shown
    # at the minimum the rule applies, conflictual events counting as evidence
    at = claims.working_relations(
        ev(("2024-01-01", "RUS", "ISR", 2.8), ("2024-01-02", "IRN", "RUS", 1.0), ("2024-01-03", "RUS", "HAMAS", -2.0)),
        NO_TIES,
        "RUS",
    )
    assert at.verdict == MIXED and at.value == "2 of 4: ISR, IRN (3 events)"
    # nothing at all in the window is still insufficient, not "not supported"
    assert claims.working_relations(ev(), NO_TIES, "RUS").verdict == INSUFFICIENT


def test_broker_needs_a_network_of_ten_and_three_events_of_the_actor():
    assert claims.broker(1, 9, 2, "RUS").verdict == INSUFFICIENT  # 9 actors: below
    assert claims.broker(1, 10, 2, "RUS").verdict == SUPPORTED  # 10: at the minimum
    f = claims.broker(1, 20, 2, "RUS", actor_events=2)
    assert (
        f.verdict == INSUFFICIENT
        and f.value == "20 actors in the network (10 needed); 2 events of the actor (3 needed)"
    )
    assert claims.broker(1, 20, 2, "RUS", actor_events=3).verdict == SUPPORTED


def test_broker_each_outcome():
    assert claims.broker(2, 20, 3, "RUS").verdict == SUPPORTED
    assert claims.broker(3, 20, 0, "RUS").verdict == MIXED
    assert claims.broker(4, 20, 1, "RUS").verdict == MIXED  # top 3 needed out of 20
    assert claims.broker(4, 40, 1, "RUS").verdict == SUPPORTED  # top tenth of 40 is 4
    assert claims.broker(9, 40, 0, "RUS").verdict == NOT_SUPPORTED
    assert claims.broker(None, 0, 0, "RUS").verdict == NO_DATA


BASE, WAR = ("2023-01-01", "2023-10-06"), ("2023-10-07", "2024-12-31")


def windows(before, after, a="RUS", b="ISR"):
    """Events of the dyad: the Goldstein values ``before`` in the baseline, ``after`` in the war."""
    return ev(
        *[(f"2023-0{i + 1}-15", a, b, g) for i, g in enumerate(before)],
        *[(f"2024-0{i + 1}-15", b, a, g) for i, g in enumerate(after)],
    )


def test_strained_each_outcome():
    f = claims.strained(windows([2.8, 3.0, 2.5], [-2.0, -3.0, -2.5]), "RUS", "ISR", BASE, WAR)
    assert f.verdict == SUPPORTED and "-5.27" in f.value and "90% interval" in f.value
    assert claims.strained(windows([1.0, 1.0, 1.0], [0.5, 0.5, 0.5]), "RUS", "ISR", BASE, WAR).verdict == MIXED
    assert (
        claims.strained(windows([-2.0, -2.0, -1.0], [1.0, 2.0, 1.0]), "RUS", "ISR", BASE, WAR).verdict == NOT_SUPPORTED
    )
    assert claims.strained(windows([-2.0, -2.0, -1.0], []), "RUS", "ISR", BASE, WAR).verdict == NO_DATA


def test_strained_needs_three_events_in_each_window():
    # just below the minimum: two war events, however sharp the fall
    below = claims.strained(windows([3.0, 3.0, 3.0], [-5.0, -5.0]), "RUS", "ISR", BASE, WAR)
    assert below.verdict == INSUFFICIENT and "3 baseline and 2 war events (3 needed in each)" in below.value
    # at the minimum the rule applies
    assert claims.strained(windows([3.0, 3.0, 3.0], [-5.0, -5.0, -5.0]), "RUS", "ISR", BASE, WAR).verdict == SUPPORTED


def test_strained_needs_its_interval_to_clear_the_threshold():
    # the means fall by 2 points (+1 to -1), but the events swing so much that the interval reaches above -1
    noisy = claims.strained(windows([3.0, -3.0, 3.0], [-3.0, 3.0, -3.0]), "RUS", "ISR", BASE, WAR)
    assert noisy.verdict == MIXED and "(-2.00, 90% interval" in noisy.value
    lo, hi = claims.difference_interval([3.0, -3.0, 3.0], [-3.0, 3.0, -3.0])
    assert lo <= -2.0 < hi and hi > -1.0
    # a constant shift has a zero-width interval
    assert claims.difference_interval([1.0, 1.0], [3.0, 3.0]) == (2.0, 2.0)


def test_close_to_each_outcome():
    agreement = pd.DataFrame(
        [[1.0, 0.9, 0.2, 0.5], [0.9, 1, 0, 0], [0.2, 0, 1, 0], [0.5, 0, 0, 1]],
        index=["RUS", "IRN", "USA", "CHN"],
        columns=["RUS", "IRN", "USA", "CHN"],
    )
    partners = ti(("IRN", "RUS", "strategic_partnership", 1, 2, None, None))
    warm = ev(*[("2024-01-01", "RUS", "IRN", 2.8)] * 3)
    f = claims.close_to(warm, partners, agreement, "RUS", "IRN")
    assert f.verdict == SUPPORTED and f.details == {"ties": True, "events": True, "un_votes": True}
    # the events test needs 3 events: with 2 it has no data (and both ways around the minimum)
    two = claims.close_to(warm.iloc[:2], partners, agreement, "RUS", "IRN")
    assert two.details["events"] == "no data" and "2 events (3 needed)" in two.value and two.verdict == MIXED
    cold = ev(*[("2024-01-01", "RUS", "USA", -2.0)] * 3)
    assert claims.close_to(cold, NO_TIES, agreement, "RUS", "USA").verdict == NOT_SUPPORTED  # only votes known
    assert claims.close_to(cold, partners, None, "RUS", "IRN").verdict == MIXED  # ties pass, the rest has no data
    assert claims.close_to(cold, NO_TIES, None, "RUS", "IRN").verdict == NO_DATA
    mixed = ev(*[("2024-01-01", "RUS", "IRN", -4.0)] * 3)
    assert claims.close_to(mixed, partners, agreement, "RUS", "IRN").verdict == MIXED


def test_un_initiatives_each_outcome():
    p = pd.DataFrame(
        {
            "sponsors": ["RUS", "RUS", "USA", "RUS;CHN", "USA;CHN"],
            "outcome": ["failed", "vetoed", "adopted", "failed", "adopted"],
        }
    )
    assert claims.un_initiatives(p, "RUS").verdict == SUPPORTED
    assert claims.un_initiatives(p, "CHN").value == "2 sponsored, 1 adopted"
    assert claims.un_initiatives(p, "USA").verdict == NOT_SUPPORTED
    q = pd.DataFrame({"sponsors": ["DZA", "DZA", "DZA"], "outcome": ["failed", "failed", "adopted"]})
    assert claims.un_initiatives(q, "DZA").verdict == MIXED
    assert claims.un_initiatives(q, "RUS").verdict == NO_DATA
    assert claims.un_initiatives(pd.DataFrame(columns=["sponsors", "outcome"]), "RUS").verdict == NO_DATA


def test_un_initiatives_needs_two_drafts():
    one = pd.DataFrame({"sponsors": ["RUS"], "outcome": ["failed"]})
    f = claims.un_initiatives(one, "RUS")
    assert f.verdict == INSUFFICIENT and f.value == "1 sponsored, 0 adopted (2 drafts needed)"
    two = pd.DataFrame({"sponsors": ["RUS", "RUS"], "outcome": ["failed", "vetoed"]})
    assert claims.un_initiatives(two, "RUS").verdict == SUPPORTED


def test_courting_each_outcome():
    both = ev(
        ("2023-10-26", "RUS", "HAMAS", 2.8, "043"),
        ("2024-08-13", "PSE", "RUS", 1.9, "042"),
        ("2023-11-01", "RUS", "PSE", 1.0, "041"),
    )
    f = claims.courting(both, "RUS")
    assert f.verdict == SUPPORTED and f.value == "HAMAS 1 visits of 1 events; PSE 1 visits of 2 events"
    assert claims.courting(both, "RUS", end="2023-12-31").verdict == INSUFFICIENT  # 2 events by then
    mixed = pd.concat([both, ev(("2023-12-01", "RUS", "HAMAS", 1.0, "041"))], ignore_index=True)
    assert claims.courting(mixed, "RUS", end="2023-12-31").verdict == MIXED
    calls = ev(*[("2023-10-26", "RUS", "HAMAS", 1.0, "041")] * 3)
    assert claims.courting(calls, "RUS").verdict == NOT_SUPPORTED  # a phone call is not a visit


def test_courting_needs_three_events_with_the_partners():
    two = ev(("2023-10-26", "RUS", "HAMAS", 2.8, "043"), ("2024-08-13", "PSE", "RUS", 1.9, "042"))
    f = claims.courting(two, "RUS")
    assert f.verdict == INSUFFICIENT and f.value == "2 events with HAMAS and PSE (3 needed)"
    three = pd.concat([two, ev(("2024-09-01", "RUS", "PSE", -2.0, "111"))], ignore_index=True)
    assert claims.courting(three, "RUS").verdict == SUPPORTED


def test_limited_leverage_needs_five_actors():
    four = pd.DataFrame(
        {"gap": [0.2, -0.1, 0.0, 0.1], "leverage": [0.3, 0.9, 0.5, 0.1]}, index=["RUS", "USA", "CHN", "TUR"]
    )
    f = claims.limited_leverage(four, "RUS")
    assert f.verdict == INSUFFICIENT and f.value == "4 actors with both indices (5 needed)"
    five = pd.concat([four, pd.DataFrame({"gap": [-0.2], "leverage": [0.2]}, index=["EGY"])])
    assert claims.limited_leverage(five, "RUS").verdict == SUPPORTED


def test_limited_leverage_each_outcome():
    gap = pd.DataFrame(
        {"gap": [0.2, -0.1, 0.0, 0.1, -0.2], "leverage": [0.3, 0.9, 0.5, 0.1, 0.2]},
        index=["RUS", "USA", "CHN", "TUR", "EGY"],
    )
    assert claims.limited_leverage(gap, "RUS").verdict == SUPPORTED
    assert claims.limited_leverage(gap, "CHN").verdict == MIXED  # gap 0 is not positive
    assert claims.limited_leverage(gap, "USA", rival="RUS").verdict == NOT_SUPPORTED
    assert claims.limited_leverage(gap, "IRN").verdict == NO_DATA


def test_verdict_table_columns():
    t = claims.verdict_table([claims.broker(1, 10, 1, "RUS")])
    assert (
        list(t.columns) == ["claim", "measure", "value", "verdict", "rule", "data"] and t.at[0, "verdict"] == SUPPORTED
    )


def test_brief_on_the_shipped_data():
    import csv

    from analysis import DATA_DIR, load_tables

    findings = claims.brief(load_tables(), "RUS", draws=20)
    assert len(findings) == 7
    assert {f.verdict for f in findings} <= {SUPPORTED, MIXED, NOT_SUPPORTED, NO_DATA, INSUFFICIENT}
    # claim 5 from the raw roll-call file: Russia's Security Council drafts in the window
    rows = [
        r
        for r in csv.DictReader(open(DATA_DIR / "rollcalls.csv", encoding="utf-8"))
        if r["body"] == "SC" and "RUS" in r["sponsors"].split(";") and "2023-10-07" <= r["date"] <= "2024-12-31"
    ]
    adopted = sum(r["outcome"] == "adopted" for r in rows)
    expected = (
        NO_DATA
        if not rows
        else INSUFFICIENT
        if len(rows) < 2
        else SUPPORTED
        if adopted == 0
        else MIXED
        if adopted < len(rows) / 2
        else NOT_SUPPORTED
    )
    assert findings[4].verdict == expected and findings[4].figures["sponsored"] == len(rows)
    assert findings[4].figures["adopted"] == adopted


def test_close_to_says_which_tests_lack_data():
    f = claims.close_to(ev(("2024-01-01", "RUS", "USA", -2.0)), NO_TIES, None, "RUS", "IRN")
    assert f.value == "no tie in force; no event; no common GA vote"


def test_claims_about_a_party_are_not_applicable_to_that_party_itself():
    events = ev(("2023-05-01", "IRN", "ISR", -2.0), ("2024-01-01", "IRN", "ISR", -5.0))
    assert (
        claims.strained(events, "ISR", "ISR", ("2023-01-01", "2023-10-06"), ("2023-10-07", "2024-12-31")).verdict
        == NO_DATA
    )
    f = claims.close_to(events, NO_TIES, None, "IRN", "IRN")
    assert f.verdict == NO_DATA and f.value == "not applicable: the focal actor is IRN"
    # Hamas courted by itself is no question: only the Palestinian Authority counts, and one visit suffices
    # (with the three events the rule needs)
    visit = pd.DataFrame(
        {
            "event_id": ["E1", "E2", "E3"],
            "date": pd.to_datetime(["2024-03-01"] * 3),
            "source_actor": ["PSE"] * 3,
            "target_actor": ["HAMAS"] * 3,
            "cameo_code": ["042", "041", "041"],
            "goldstein": [1.9, 1.0, 1.0],
        }
    )
    c = claims.courting(visit, "HAMAS")
    assert list(c.details["partner"]) == ["PSE"] and c.verdict == SUPPORTED


def test_the_index_table_names_each_claim_the_same_for_every_focal_actor():
    from analysis.claims import CLAIM_TITLES, Finding, index_table

    findings = [
        Finding(f"IRN claim {i}", f"measure {i}", str(i), verdict, "rule")
        for i, verdict in enumerate(
            ["supported", "mixed", "not supported", "no data", "supported", "mixed", "supported"], start=1
        )
    ]
    table = index_table(findings)
    assert table["item"].tolist() == list(CLAIM_TITLES) and table["item"].str[:2].tolist() == [
        f"{i}." for i in range(1, 8)
    ]
    assert table.loc[2, "verdict"] == "not supported" and table.loc[2, "detail"] == "IRN claim 3: measure 3: 3"
    with pytest.raises(ValueError, match="7 claims"):
        index_table(findings[:6])


def test_brief_on_the_panel_does_not_judge_an_actor_the_panel_did_not_search():
    from analysis import load_tables

    tables = load_tables()
    findings = claims.brief(tables, "IRN", draws=20)  # the panel is the default collection
    for i in (0, 5):  # claims 1 and 6 rest on the focal actor's dyads with the parties
        assert findings[i].verdict == NO_DATA and findings[i].value.startswith("not measured: the contacts panel")
    assert findings[0].data == "events (panel), ties"
    # on the curated events the same claim is measured
    assert claims.brief(tables, "IRN", draws=20, collection="context")[0].verdict != NO_DATA


def test_every_claim_has_the_one_signature_and_brief_is_their_list():
    import inspect

    from analysis import load_tables

    assert len(claims.CLAIMS) == len(claims.CLAIM_TITLES) == 7
    for claim in claims.CLAIMS:
        params = list(inspect.signature(claim).parameters)
        assert params[:3] == ["tables", "focal", "window"], claim.__name__
        assert inspect.signature(claim).return_annotation in (claims.Finding, "Finding")
    tables = load_tables()
    window = ("2023-10-07", "2024-12-31")
    one_by_one = [claim(tables, "RUS", window) for claim in claims.CLAIMS[:6]]
    one_by_one.append(claims.claim_limited_leverage(tables, "RUS", window, draws=20))
    assert [f.row() for f in claims.brief(tables, "RUS", draws=20)] == [f.row() for f in one_by_one]


def test_findings_keep_their_numbers_apart_from_their_text():
    f = claims.strained(windows([2.8, 3.0, 2.5], [-2.0, -3.0, -2.5]), "RUS", "ISR", BASE, WAR)
    assert f.figures["baseline_events"] == 3 and f.figures["difference"] == pytest.approx(-5.2667, abs=1e-4)
    assert f"{f.figures['difference']:+.2f}" in f.value and f.figures["interval_high"] <= -1.0
    p = pd.DataFrame({"sponsors": ["RUS", "RUS", "USA"], "outcome": ["failed", "adopted", "adopted"]})
    assert claims.un_initiatives(p, "RUS").figures == {"sponsored": 2, "adopted": 1}
    g = claims.broker(4, 20, 1, "RUS", actor_events=7)
    assert g.figures == {"betweenness_rank": 4, "actors": 20, "unbalanced_triangles": 1, "actor_events": 7}
    c = claims.courting(
        ev(("2023-10-26", "RUS", "HAMAS", 2.8, "043"), *[("2024-01-01", "RUS", "PSE", 1.0, "041")] * 2), "RUS"
    )
    assert c.figures == {"events": 3, "partners_visited": 1, "visits_HAMAS": 1, "visits_PSE": 0}
