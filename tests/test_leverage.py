"""Composite indices, the power gap and its sensitivity on small tables with known answers."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest

from analysis.leverage import composite, dyadic_dependence, normalise, power_gap, sensitivity


def test_normalisations_by_hand():
    c = pd.DataFrame({"x": [1.0, 3.0, 5.0, np.nan]}, index=list("abcd"))
    assert normalise(c, "minmax")["x"].tolist()[:3] == [0.0, 0.5, 1.0]
    z = normalise(c, "zscore")["x"]
    assert math.isclose(z["a"], -math.sqrt(1.5)) and math.isnan(z["d"])
    assert normalise(c, "rank")["x"].tolist()[:3] == [0.333333333, 0.666666667, 1.0]  # rounded to 9 places


def test_vessel_counts_are_scaled_from_zero_vessels():
    # theatre presence has a goalpost at 0 vessels: 1 of 11 is a presence (1/11), not the bottom (0);
    # any other component runs from its own minimum
    c = pd.DataFrame({"theatre_presence": [1.0, 2.0, 11.0, np.nan], "x": [1.0, 2.0, 11.0, np.nan]})
    scaled = normalise(c, "minmax")
    assert scaled["theatre_presence"].tolist()[:3] == pytest.approx([1 / 11, 2 / 11, 1.0])
    assert scaled["x"].tolist()[:3] == pytest.approx([0.0, 0.1, 1.0])
    assert math.isnan(scaled["theatre_presence"].iloc[3])
    # so a recorded single vessel raises an actor's index above the bottom of the scale
    both = composite(pd.DataFrame({"theatre_presence": [1.0, 11.0], "economic_weight": [0.0, 10.0]}))
    assert both.iloc[0] == pytest.approx((1 / 11 + 0.0) / 2)


def test_missing_component_is_skipped_never_zero():
    c = pd.DataFrame({"x": [0.0, 10.0, 5.0], "y": [0.0, 10.0, np.nan]}, index=["a", "b", "c"])
    idx = composite(c)
    assert idx["c"] == 0.5  # only x is known for c: 0.5, not (0.5 + 0) / 2
    assert math.isnan(composite(c, min_components=2)["c"])


def test_weights_and_geometric_aggregation():
    c = pd.DataFrame({"x": [0.0, 1.0, 0.5], "y": [1.0, 0.0, 0.5]}, index=["a", "b", "c"])
    assert math.isclose(composite(c, {"x": 3, "y": 1})["a"], 0.25)
    g = composite(c, normalisation="rank", aggregation="geometric")
    assert math.isclose(g["c"], 2 / 3)  # ranks x: 1/3, 1, 2/3; y: 1, 1/3, 2/3 -> c is (2/3 * 2/3) ** 0.5
    with pytest.raises(ValueError, match="positive values"):
        composite(c, normalisation="zscore", aggregation="geometric")


@pytest.mark.parametrize(
    "weights, message",
    [
        ({"x": 1}, "missing: y"),
        ({"x": 1, "y": 1, "z": 1}, "unknown: z"),
        ({"x": -1, "y": 1}, "must not be negative"),
        ({"x": 0, "y": 0}, "at least one weight"),
    ],
)
def test_bad_weights_are_explained(weights, message):
    c = pd.DataFrame({"x": [1.0, 2.0], "y": [2.0, 1.0]})
    with pytest.raises(ValueError, match=message):
        composite(c, weights)


def planted_gap():
    """Influence tracks leverage exactly (influence = leverage) except one planted over-performer."""
    lev = pd.Series([1.0, 2, 3, 4, 5, 6, 7, 8], index=[f"a{i}" for i in range(8)])
    inf = lev.copy()
    inf["a2"] += 4.0
    return inf, lev


def test_planted_over_performer_has_largest_positive_residual():
    inf, lev = planted_gap()
    gap = power_gap(inf, lev)
    assert gap.index[0] == "a2" and gap.loc["a2", "gap"] > 0 and gap.loc["a2", "gap_rank"] == 1
    assert (gap.drop(index="a2")["gap"] <= 1e-9).all()  # everyone else sits on or below the pulled-up line
    assert gap.loc["a2", "log_share_ratio"] > 0
    assert math.isclose(gap["gap"].sum(), 0.0, abs_tol=1e-9)  # OLS residuals sum to zero


def test_power_gap_needs_three_actors():
    with pytest.raises(ValueError, match="at least three actors"):
        power_gap(pd.Series([1.0, 2.0]), pd.Series([1.0, 2.0]))


def components():
    rng = np.random.default_rng(4)
    idx = [f"a{i}" for i in range(10)]
    lev = pd.DataFrame({"milex": rng.random(10), "gdp": rng.random(10)}, index=idx)
    inf = pd.DataFrame({"pagerank": lev["milex"] + rng.normal(0, 0.2, 10), "betweenness": rng.random(10)}, index=idx)
    return inf, lev


def test_rank_intervals_shrink_to_points_when_weight_draws_are_equal():
    inf, lev = components()
    res = sensitivity(inf, lev, draws=50, seed=1, concentration=1e12)
    iv = res.intervals
    assert (iv["rank_p05"] == iv["baseline_rank"]).all() and (iv["rank_p95"] == iv["baseline_rank"]).all()
    wide = sensitivity(inf, lev, draws=200, seed=1, concentration=0.5).intervals
    assert (wide["rank_p95"] - wide["rank_p05"]).max() > 0


def test_sensitivity_is_seeded_and_reports_variants():
    inf, lev = components()
    a = sensitivity(inf, lev, draws=30, seed=9)
    b = sensitivity(inf, lev, draws=30, seed=9)
    assert a.intervals.equals(b.intervals) and a.variants.equals(b.variants)
    variants = set(a.variants["variant"])
    assert "minmax / arithmetic" in variants and "without leverage: gdp" in variants
    assert a.variants.set_index("variant").loc["minmax / arithmetic", "spearman"] == 1.0


def test_dyadic_dependence():
    cap = pd.DataFrame(
        {
            "actor_id": ["USA", "DEU", "USA", "DEU", "CHN"],
            "indicator": [
                "share_of_israel_arms_imports_pct",
                "share_of_israel_arms_imports_pct",
                "trade_with_israel_usd",
                "trade_with_israel_usd",
                "trade_with_israel_usd",
            ],
            "year": [2023] * 5,
            "value": [69.0, 30.0, 30e9, 10e9, np.nan],
        }
    )
    d = dyadic_dependence(cap, "ISR")
    assert math.isclose(d.loc["USA", "dependence"], (0.69 + 0.75) / 2)
    assert math.isclose(d.loc["DEU", "trade_share"], 0.25)
    assert "CHN" not in d.index  # a missing value is not a zero
    with pytest.raises(ValueError, match="ISR, IRN"):
        dyadic_dependence(cap, "EGY")


def cap_rows(rows):
    return pd.DataFrame(rows, columns=["actor_id", "indicator", "year", "value"])


def test_leverage_components_latest_value_and_dependence_by_hand():
    from analysis.leverage import leverage_components

    cap = cap_rows(
        [
            ("AAA", "milex_usd", 2022, 8.0),
            ("AAA", "milex_usd", 2023, 10.0),
            ("AAA", "gdp_usd", 2023, 100.0),
            ("AAA", "warships_in_theatre_q4_2023", 2023, 5.0),
            ("BBB", "milex_usd", 2023, 20.0),
            ("AAA", "share_of_israel_arms_imports_pct", 2023, 60.0),
            ("BBB", "share_of_israel_arms_imports_pct", 2023, 40.0),
            ("AAA", "trade_with_israel_usd", 2023, 30.0),
            ("BBB", "trade_with_israel_usd", 2023, 10.0),
        ]
    )
    c = leverage_components(cap)
    assert (
        c.loc["AAA", "military_expenditure"] == 10.0
        and leverage_components(cap, 2022).loc["AAA", "military_expenditure"] == 8.0
    )
    assert math.isnan(c.loc["BBB", "economic_weight"]) and math.isnan(
        c.loc["BBB", "theatre_presence"]
    )  # missing, not 0
    # Israel's dependence on AAA: arms 0.60, trade 30 / (30 + 10) = 0.75 -> mean 0.675; Iran has no data
    assert c.loc["AAA", "parties_dependence"] == pytest.approx(0.675)
    assert c.loc["BBB", "parties_dependence"] == pytest.approx((0.40 + 0.25) / 2)


def test_influence_components_by_hand():
    from analysis.leverage import influence_components

    events = pd.DataFrame(
        {
            "event_id": ["E1", "E2"],
            "date": pd.to_datetime(["2024-01-01", "2024-01-02"]),
            "source_actor": ["A", "B"],
            "target_actor": ["B", "C"],
            "goldstein": [5.0, 5.0],
        }
    )
    votes = pd.DataFrame(
        {
            "rollcall_id": ["R1"] * 3 + ["R2"] * 3,
            "actor_id": ["X", "Y", "Z"] * 2,
            "vote": ["yes", "yes", "no", "no", "no", "yes"],
        }
    )
    rollcalls = pd.DataFrame(
        {"rollcall_id": ["R1", "R2"], "body": ["GA", "GA"], "date": pd.to_datetime(["2024-01-01", "2024-02-01"])}
    )
    c = influence_components(events, votes, rollcalls)
    assert list(c.index) == ["A", "B", "C", "X", "Y", "Z"]
    # B brokers A -> B -> C (no A -> C): one pair; it is the only actor between others
    assert c["brokerage"].tolist()[:3] == [0.0, 1.0, 0.0] and c.loc["B", "betweenness"] > 0
    assert c["pagerank_cooperative"].iloc[:3].sum() == pytest.approx(1.0)
    # X and Y agree on both votes, Z disagrees with both: only X-Y is an edge, Z is outside it
    assert c.loc["X", "un_agreement_centrality"] == pytest.approx(1 / math.sqrt(2))
    assert math.isnan(c.loc["Z", "un_agreement_centrality"]) and math.isnan(c.loc["A", "un_agreement_centrality"])
    assert math.isnan(c.loc["X", "brokerage"])  # a voter without events has no event measures
    assert influence_components(events)["un_agreement_centrality"].isna().all()  # no votes given: NaN, not 0


def test_indices_compare_only_the_network_actors_with_capabilities():
    from types import SimpleNamespace

    from analysis.leverage import indices

    # a chain A -> B -> C -> D -> E of cooperative events; E has no recorded capability, D's only
    # capability row is a missing value, and F has capabilities but no event or tie (a General
    # Assembly voter only): the comparison set is A, B, C
    events = pd.DataFrame(
        {
            "event_id": ["E1", "E2", "E3", "E4"],
            "date": pd.to_datetime(["2024-01-01"] * 4),
            "source_actor": ["A", "B", "C", "D"],
            "target_actor": ["B", "C", "D", "E"],
            "goldstein": [5.0] * 4,
        }
    )
    cap = cap_rows(
        [
            ("A", "milex_usd", 2023, 1.0),
            ("A", "gdp_usd", 2023, 10.0),
            ("B", "milex_usd", 2023, 2.0),
            ("B", "gdp_usd", 2023, 30.0),
            ("C", "milex_usd", 2023, 3.0),
            ("C", "gdp_usd", 2023, 20.0),
            ("D", "milex_usd", 2023, np.nan),
            ("F", "milex_usd", 2023, 99.0),
            ("F", "gdp_usd", 2023, 99.0),
        ]
    )  # F: no event, no tie
    votes = pd.DataFrame(columns=["rollcall_id", "actor_id", "vote"])
    rollcalls = pd.DataFrame(
        {"rollcall_id": pd.Series(dtype=str), "body": pd.Series(dtype=str), "date": pd.Series(dtype="datetime64[ns]")}
    )
    tables = SimpleNamespace(events=events, capabilities=cap, votes=votes, rollcalls=rollcalls)
    idx = indices(tables, min_components=2, design="network")
    assert list(idx.influence_components.index) == ["A", "B", "C"]
    assert list(idx.leverage_components.index) == ["A", "B", "C"]
    # leverage, min-max over A, B, C: milex 0, .5, 1 and GDP 0, 1, .5 -> A 0, B .75, C .75
    assert idx.leverage.tolist() == pytest.approx([0.0, 0.75, 0.75])
    # the influence measures are computed on the whole chain (B, C and D each broker one pair, A
    # none), then kept for the set only: D and E are not rows, so they stretch no scale
    assert idx.influence_components["brokerage"].tolist() == [0.0, 1.0, 1.0]
    assert sorted(idx.gap.index) == ["A", "B", "C"]


@pytest.mark.parametrize(
    "normalisation, aggregation",
    [
        ("minmax", "arithmetic"),
        ("zscore", "arithmetic"),
        ("rank", "arithmetic"),
        ("minmax", "geometric"),
        ("rank", "geometric"),
    ],
)
def test_all_draws_at_once_rank_as_power_gap_does_draw_by_draw(normalisation, aggregation):
    from analysis.leverage import _gap_rank_matrix, _gap_ranks

    inf, lev = components()
    inf.iloc[2, 0] = np.nan  # a missing component: skipped, not zero
    lev.iloc[5, 1] = np.nan
    rng = np.random.default_rng(3)
    inf_draws, lev_draws = rng.dirichlet([1, 1], size=25), rng.dirichlet([1, 1], size=25)
    R = _gap_rank_matrix(inf, lev, inf_draws, lev_draws, normalisation, aggregation, 1)
    for d in range(25):
        one = _gap_ranks(
            inf,
            lev,
            dict(zip(inf.columns, inf_draws[d])),
            dict(zip(lev.columns, lev_draws[d])),
            normalisation,
            aggregation,
            1,
        )
        assert R[d].dropna().astype(int).to_dict() == one.to_dict()


def contacts_rows(rows):
    """rows: (outside, party, date)"""
    return pd.DataFrame(
        [{"outside": o, "party": p, "date": pd.Timestamp(d)} for o, p, d in rows], columns=["outside", "party", "date"]
    )


def test_contact_components_count_parties_and_contacts_and_keep_unsearched_windows_missing():
    from analysis.leverage import contact_components

    contacts = contacts_rows(
        [
            ("USA", "ISR", "2023-10-10"),
            ("USA", "ISR", "2023-10-12"),
            ("USA", "PSE", "2024-01-01"),
            ("RUS", "HAMAS", "2023-10-26"),
            ("RUS", "ISR", "2023-05-01"),
        ]
    )
    c = contact_components(contacts, ["USA", "RUS", "DEU"], "2023-10-07", "2024-12-31")
    # USA: ISR twice and PSE once -> reach 2, volume 3; RUS: the May 2023 call is outside the window;
    # DEU: searched, no contact -> a recorded zero
    assert c.loc["USA"].tolist() == [2.0, 3.0] and c.loc["RUS"].tolist() == [1.0, 1.0]
    assert c.loc["DEU"].tolist() == [0.0, 0.0]
    # a window reaching past the panel's span was not searched there: unknown, not zero
    assert contact_components(contacts, ["DEU"], "2023-10-07", "2025-03-01").loc["DEU"].isna().all()
    assert contact_components(contacts, ["USA"], "2022-06-01", "2023-12-31").isna().all().all()
    assert contact_components(contacts, ["USA"], None, None).isna().all().all()


def test_agenda_power_counts_adopted_sponsored_drafts_and_vetoes_by_hand():
    from analysis.leverage import agenda_power

    rollcalls = pd.DataFrame(
        {
            "rollcall_id": ["D1", "D2", "R1", "R2", "D3"],
            "body": ["SC"] * 4 + ["GA"],
            "date": pd.to_datetime(["2023-10-18", "2024-02-20", "2023-12-22", "2024-08-28", "2023-12-12"]),
            "sponsors": ["BRA", "DZA", "ARE", None, "EGY"],
            "outcome": ["vetoed", "vetoed", "adopted", "adopted", "adopted"],
        }
    )
    votes = pd.DataFrame(
        {
            "rollcall_id": ["D1", "D1", "D2", "D2", "R1"],
            "actor_id": ["USA", "ARE", "USA", "RUS", "USA"],
            "vote": ["no", "no", "no", "yes", "abstain"],
        }
    )
    p = agenda_power(rollcalls, votes, ["USA", "ARE", "RUS", "EGY"], "2023-10-07", "2024-12-31")
    # USA: two vetoes; ARE: one adopted draft (its no on D1 is no veto: not a permanent member);
    # RUS: nothing; EGY: its draft was in the General Assembly, which does not count
    assert p["un_agenda_power"].to_dict() == {"ARE": 1.0, "EGY": 0.0, "RUS": 0.0, "USA": 2.0}
    assert p.loc["USA", "vetoes"] == 2.0 and p.loc["ARE", "adopted_sponsored"] == 1.0
    assert (p.attrs["adopted"], p.attrs["adopted_with_sponsors"], p.attrs["roll_calls"]) == (2, 1, 4)
    assert agenda_power(rollcalls, votes, ["USA"], "2024-01-01", "2024-12-31").loc["USA", "vetoes"] == 1.0


def test_balanced_indices_compare_the_panel_actors_with_complete_components():
    from types import SimpleNamespace

    from analysis.leverage import BALANCED_INFLUENCE_COMPONENTS, indices

    # the panel has searched A, B and C (every party, tier, window and pass logged); D has contacts in no
    # search log and is left out, however central
    cells = [
        (o, p, t, w, s)
        for o in ("USA", "RUS", "CHN")
        for p in ("ISR", "PSE", "HAMAS", "IRN")
        for t in (1, 2)
        for w in ("baseline", "war")
        for s in ("A", "B")
    ]
    searches = pd.DataFrame(cells, columns=["outside", "party", "tier", "window", "pass"]).assign(status="done")
    contacts = contacts_rows(
        [
            ("USA", "ISR", "2024-01-01"),
            ("USA", "ISR", "2024-01-02"),
            ("USA", "PSE", "2024-01-03"),
            ("RUS", "HAMAS", "2024-01-01"),
            ("CHN", "IRN", "2024-01-01"),
            ("CHN", "PSE", "2024-02-01"),
            ("TUR", "ISR", "2024-01-01"),
        ]
    )
    completeness = pd.DataFrame(
        {
            "outside": ["USA"],
            "party": ["ISR"],
            "tier": [1],
            "passes": ["complete"],
            "final_count": [2],
            "completeness": [1.0],
        }
    )
    cap = cap_rows(
        [(a, "gdp_usd", 2023, g) for a, g in (("USA", 30.0), ("RUS", 10.0), ("CHN", 20.0), ("TUR", 5.0))]
        + [(a, "milex_usd", 2023, m) for a, m in (("USA", 9.0), ("RUS", 3.0), ("CHN", 3.0), ("TUR", 1.0))]
    )
    rollcalls = pd.DataFrame(
        {
            "rollcall_id": ["D1"],
            "body": ["SC"],
            "date": pd.to_datetime(["2024-03-22"]),
            "sponsors": ["USA"],
            "outcome": ["vetoed"],
        }
    )
    votes = pd.DataFrame(
        {"rollcall_id": ["D1", "D1", "D1"], "actor_id": ["USA", "RUS", "CHN"], "vote": ["yes", "no", "no"]}
    )
    tables = SimpleNamespace(
        contacts=contacts,
        panel_searches=searches,
        panel_completeness=completeness,
        capabilities=cap,
        rollcalls=rollcalls,
        votes=votes,
        events=pd.DataFrame(),
    )
    idx = indices(tables, "2023-10-07", "2024-12-31")
    c = idx.influence_components
    assert list(c.columns) == list(BALANCED_INFLUENCE_COMPONENTS) and list(c.index) == ["CHN", "RUS", "USA"]
    assert c["contact_reach"].tolist() == [2.0, 1.0, 2.0] and c["contact_volume"].tolist() == [2.0, 1.0, 3.0]
    assert c["un_agenda_power"].tolist() == [1.0, 1.0, 0.0]  # the two vetoes of D1
    assert c["un_agreement_centrality"].isna().all()  # no General Assembly vote: missing, not 0
    # influence, min-max over the three: reach 1, 0, 1; volume .5, 0, 1; agenda 1, 1, 0 -> means
    assert idx.influence.tolist() == pytest.approx([2.5 / 3, 1 / 3, 2 / 3])
    cov = idx.coverage.set_index("component")
    assert cov.loc["contact_volume", "with_value"] == 3 and cov.loc["un_agreement_centrality", "with_value"] == 0
    assert "median 100%" not in cov.loc["contact_reach", "note"]  # no dyad-tier with 5 contacts
    assert cov.loc["un_agenda_power", "note"] == "0 of the 0 adopted roll calls in the window name their sponsors"
    with pytest.raises(ValueError, match="design = .* is not one of: balanced, network"):
        indices(tables, design="panel")


@pytest.mark.parametrize(
    "normalisation, aggregation, design, message",
    [
        ("median", "arithmetic", None, "normalisation = 'median' is not one of: minmax, zscore, rank"),
        ("minmax", "harmonic", None, "aggregation = 'harmonic' is not one of: arithmetic, geometric"),
        ("zscore", "geometric", None, "geometric aggregation needs positive values"),
        ("minmax", "arithmetic", "panel", "design = 'panel' is not one of: balanced, network"),
    ],
)
def test_the_index_options_are_checked_before_any_work(normalisation, aggregation, design, message):
    from analysis.leverage import check_options, indices

    with pytest.raises(ValueError, match=message):
        check_options(normalisation, aggregation, design)
    # indices checks them first: no table is read (None would fail on its first use)
    with pytest.raises(ValueError, match=message):
        indices(None, normalisation=normalisation, aggregation=aggregation, design=design or "balanced")
    check_options("rank", "geometric", "network")  # a valid set passes


def test_influence_definitions_follow_the_design():
    from analysis.leverage import BALANCED_INFLUENCE_COMPONENTS, INFLUENCE_COMPONENTS, influence_definitions

    assert influence_definitions("balanced") == BALANCED_INFLUENCE_COMPONENTS
    assert influence_definitions("network") == INFLUENCE_COMPONENTS
    with pytest.raises(ValueError, match="design = 'panel' is not one of"):
        influence_definitions("panel")
