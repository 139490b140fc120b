"""Network construction on small tables whose graphs are known by hand."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from analysis.graphs import Scenario, combined_network, event_network, tie_network, ties_in_force


def events_frame(rows):
    return pd.DataFrame(rows, columns=["event_id", "date", "source_actor", "target_actor", "goldstein"]).assign(
        date=lambda f: pd.to_datetime(f["date"])
    )


EV = events_frame(
    [
        ("EV1", "2023-10-01", "RUS", "ISR", 3.0),
        ("EV2", "2023-10-11", "RUS", "ISR", -2.0),
        ("EV3", "2023-10-11", "RUS", "HAMAS", 2.8),
        ("EV4", "2023-10-11", "HAMAS", "RUS", 1.9),
        ("EV5", "2022-01-01", "USA", "ISR", 8.0),
    ]
)


def ties_frame(rows):
    f = pd.DataFrame(rows, columns=["tie_id", "actor_a", "actor_b", "sign", "strength", "valid_from", "valid_to"])
    f["valid_from"], f["valid_to"] = pd.to_datetime(f["valid_from"]), pd.to_datetime(f["valid_to"])
    return f


TIES = ties_frame(
    [
        ("TI1", "ISR", "RUS", 1, 1, None, None),
        ("TI2", "HAMAS", "ISR", -1, 3, "2023-10-07", None),
        ("TI3", "HAMAS", "RUS", 1, 1, None, None),
        ("TI4", "RUS", "USA", -1, 2, None, None),  # RUS -> USA sanctions-like, read undirected
        ("TI5", "RUS", "USA", 1, 2, None, "2022-12-31"),
    ]
)


def test_event_layers_are_summed_per_directed_pair():
    G = event_network(EV, "2023-01-01", "2023-12-31")
    assert sorted(G.edges) == [("HAMAS", "RUS"), ("RUS", "HAMAS"), ("RUS", "ISR")]
    e = G.edges["RUS", "ISR"]
    assert (e["cooperative"], e["conflictual"], e["net"], e["count"]) == (3.0, 2.0, 1.0, 2)
    assert (e["weight"], e["sign"]) == (1.0, 1)
    conflict = event_network(EV, "2023-01-01", "2023-12-31", layer="conflictual")
    assert conflict.edges["RUS", "ISR"]["weight"] == 2.0 and conflict.edges["RUS", "ISR"]["sign"] == -1
    assert conflict.edges["RUS", "HAMAS"]["weight"] == 0.0


def test_imported_rows_weigh_what_they_stand_for():
    # a GDELT dyad-day row of weight 4 (four events) counts four times its Goldstein value;
    # a missing weight is one event, as a curated row is
    weighted = EV.assign(weight=[4.0, 1.0, None, 1.0, 1.0])
    G = event_network(weighted, "2023-01-01", "2023-12-31")
    assert (G.edges["RUS", "ISR"]["cooperative"], G.edges["RUS", "ISR"]["net"]) == (12.0, 10.0)
    assert G.edges["RUS", "HAMAS"]["net"] == 2.8


def test_half_life_halves_an_event_one_half_life_old():
    G = event_network(EV, "2023-01-01", "2023-10-11", layer="cooperative", half_life_days=10)
    assert math.isclose(G.edges["RUS", "ISR"]["cooperative"], 1.5)  # EV1 is 10 days old
    assert math.isclose(G.edges["RUS", "HAMAS"]["cooperative"], 2.8)  # same day as as_of


def test_normalisation_divides_by_source_volume():
    G = event_network(EV, "2023-01-01", "2023-12-31", normalise=True)
    assert math.isclose(G.edges["RUS", "ISR"]["net"], 1.0 / 3)  # RUS has 3 events in the window
    assert math.isclose(G.edges["HAMAS", "RUS"]["net"], 1.9)


def test_graph_is_deterministic_whatever_the_row_order():
    a = event_network(EV, "2023-01-01", "2023-12-31")
    b = event_network(EV.iloc[::-1], "2023-01-01", "2023-12-31")
    assert list(a.nodes) == list(b.nodes) == sorted(a.nodes)
    assert list(a.edges(data=True)) == list(b.edges(data=True))


def test_unknown_layer_is_refused():
    with pytest.raises(ValueError, match="layer must be one of"):
        event_network(EV, layer="friendly")


def test_ties_in_force_on_a_date_and_their_signed_sum():
    assert sorted(ties_in_force(TIES, on="2023-10-01")["tie_id"]) == ["TI1", "TI3", "TI4"]
    G = tie_network(TIES, on="2023-11-01")
    assert G.edges["HAMAS", "ISR"]["value"] == -3 and G.edges["HAMAS", "ISR"]["sign"] == -1
    assert G.edges["RUS", "USA"]["value"] == -2
    early = tie_network(TIES, on="2022-06-01")
    assert not early.has_edge("RUS", "USA")  # +2 and -2 cancel: no edge
    assert not early.has_edge("HAMAS", "ISR")


def test_combined_mixes_scaled_layers():
    G = combined_network(EV, TIES, "2023-10-07", "2023-12-31", event_share=0.5)
    # ties scaled by 3: HAMAS-ISR -1, ISR-RUS 1/3; events (undirected sums) scaled by 4.7: RUS-HAMAS 1, RUS-ISR -2/4.7
    # edge values are stored rounded to 9 decimals (analysis.precision)
    assert math.isclose(G.edges["HAMAS", "ISR"]["value"], -0.5, abs_tol=1e-9)
    assert math.isclose(G.edges["HAMAS", "RUS"]["value"], 0.5 * (1 / 3) + 0.5 * 1.0, abs_tol=1e-9)
    assert math.isclose(G.edges["ISR", "RUS"]["value"], 0.5 * (1 / 3) + 0.5 * (-2.0 / 4.7), abs_tol=1e-9)


def test_scenario_drops_and_adds():
    ev, ti = Scenario.from_dict(
        {
            "drop_events": ["EV3", "EV4"],
            "add_ties": [{"actor_a": "HAMAS", "actor_b": "RUS", "tie_type": "diplomatic_rupture", "strength": 2}],
        }
    ).apply(EV, TIES)
    assert "EV3" not in set(ev["event_id"])
    G = tie_network(ti, on="2023-11-01")
    assert G.edges["HAMAS", "RUS"]["value"] == 1 - 2
    ev2, ti2 = Scenario(drop_actors=("HAMAS",)).apply(EV, TIES)
    assert "HAMAS" not in set(ev2["source_actor"]) | set(ev2["target_actor"]) | set(ti2["actor_a"]) | set(
        ti2["actor_b"]
    )


def test_scenario_with_unknown_ids_names_them():
    with pytest.raises(ValueError, match="unknown event id\\(s\\): EV99"):
        Scenario(drop_events=("EV99",)).apply(EV, TIES)
    with pytest.raises(ValueError, match="unknown scenario edit"):
        Scenario.from_dict({"expel": ["HAMAS"]})


def test_edge_evidence_lists_events_both_ways_and_ties_in_force():
    from analysis.graphs import edge_evidence

    ev = EV.assign(plover_type="CONSULT", cameo_code="043", description="d", source_ids="s")
    ti = ties_frame(
        [
            ("TI1", "HAMAS", "RUS", 1, 2, None, None),
            ("TI2", "HAMAS", "RUS", -1, 1, None, "2023-01-31"),
            ("TI3", "ISR", "RUS", 1, 1, None, None),
        ]
    ).assign(tie_type="diplomatic_relations", notes=None, source_ids="s")
    out = edge_evidence(ev, ti, "RUS", "HAMAS", start="2023-10-01", end="2023-10-31")
    # EV3 (RUS->HAMAS 2.8), TI1 (+2), EV4 (HAMAS->RUS 1.9); TI2 ended before the window
    assert out["id"].tolist() == ["EV3", "TI1", "EV4"]
    assert out["value"].tolist() == [2.8, 2.0, 1.9]
    assert edge_evidence(ev, ti, "USA", "HAMAS").empty


def test_a_network_choice_names_the_bad_parameter():
    from analysis.graphs import NetworkChoice

    for kwargs, message in [
        ({"network": "trade"}, "network = 'trade' is not one of: events, ties, combined"),
        ({"layer": "all"}, "layer = 'all' is not one of: net, cooperative, conflictual"),
        ({"event_share": 1.5}, "event_share must be between 0 and 1, not 1.5"),
        ({"half_life_days": -3}, "half_life_days must be a positive number of days"),
    ]:
        with pytest.raises(ValueError, match=message):
            NetworkChoice(**kwargs)


def test_a_network_choice_builds_the_graphs_known_by_hand():
    from analysis.graphs import NetworkChoice

    events = NetworkChoice("events").build(EV, TIES, "2023-01-01", "2023-12-31")
    assert sorted(events.edges) == [("HAMAS", "RUS"), ("RUS", "HAMAS"), ("RUS", "ISR")]  # as in the first test
    conflict = NetworkChoice("events", layer="conflictual").build(EV, TIES, "2023-01-01", "2023-12-31")
    assert conflict.edges["RUS", "ISR"]["weight"] == 2.0
    ties = NetworkChoice("ties").build(EV, TIES, "2023-10-07", "2023-12-31")
    assert sorted(tuple(sorted(e)) for e in ties.edges) == [
        ("HAMAS", "ISR"),
        ("HAMAS", "RUS"),
        ("ISR", "RUS"),
        ("RUS", "USA"),
    ]
    # the signed view: events only, ties only, or the chosen share of both
    window = ("2023-10-07", "2023-12-31")
    for choice, share in [
        (NetworkChoice("events"), 1.0),
        (NetworkChoice("ties"), 0.0),
        (NetworkChoice("combined", event_share=0.25), 0.25),
    ]:
        expected = combined_network(EV, TIES, *window, event_share=share)
        assert dict(choice.signed(EV, TIES, *window).edges) == dict(expected.edges)
    only_ties = NetworkChoice("ties").signed(EV, TIES, *window)
    assert only_ties.edges["HAMAS", "ISR"]["sign"] == -1 and only_ties.edges["RUS", "USA"]["sign"] == -1
    assert "no standing ties in force between 2023-01-01 and 2023-01-02" in NetworkChoice("ties").nothing_between(
        "2023-01-01", "2023-01-02"
    )
