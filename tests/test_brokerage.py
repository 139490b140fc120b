"""Gould-Fernandez roles on the textbook two-step paths, one per role."""

from __future__ import annotations

import networkx as nx
import numpy as np
import pytest

from analysis.brokerage import ROLES, brokerage_null, brokerage_roles

CASES = {  # (group of i, group of j, group of k) -> role of j on the path i -> j -> k
    "coordinator": ("A", "A", "A"),
    "itinerant": ("A", "B", "A"),
    "representative": ("A", "A", "B"),
    "gatekeeper": ("A", "B", "B"),
    "liaison": ("A", "B", "C"),
}


@pytest.mark.parametrize("role", ROLES)
def test_each_role_on_a_two_step_path(role):
    G = nx.DiGraph([("i", "j"), ("j", "k")])
    gi, gj, gk = CASES[role]
    table = brokerage_roles(G, {"i": gi, "j": gj, "k": gk})
    assert table.loc["j", role] == 1 and table.loc["j", "total"] == 1
    assert table.drop(index="j")["total"].sum() == 0


def test_closed_triad_has_no_broker():
    G = nx.DiGraph([("i", "j"), ("j", "k"), ("i", "k")])
    assert brokerage_roles(G, dict.fromkeys("ijk", "A"))["total"].sum() == 0


def test_undirected_graph_counts_both_directions():
    G = nx.Graph([("i", "j"), ("j", "k")])
    t = brokerage_roles(G, {"i": "A", "j": "A", "k": "B"})
    # i->j->k is representative, k->j->i is gatekeeper: they coincide in undirected graphs
    assert t.loc["j", "representative"] == t.loc["j", "gatekeeper"] == 1


def test_missing_group_is_named():
    with pytest.raises(ValueError, match="no group given for: k"):
        brokerage_roles(nx.DiGraph([("i", "j"), ("j", "k")]), {"i": "A", "j": "A"})


def test_null_is_seeded_and_keeps_totals():
    G = nx.gnp_random_graph(12, 0.25, seed=3, directed=True)
    G = nx.relabel_nodes(G, {n: f"n{n:02d}" for n in G})
    groups = {n: "AB"[i % 2] for i, n in enumerate(sorted(G))}
    a = brokerage_null(G, groups, n_permutations=200, seed=7)
    b = brokerage_null(G, groups, n_permutations=200, seed=7)
    assert a.equals(b)
    assert ((a["p_value"] > 0) & (a["p_value"] <= 1)).all()
    observed_total = a.groupby("actor")["observed"].sum()
    null_total = a.groupby("actor")["null_mean"].sum()
    assert (observed_total - null_total).abs().max() < 1e-9  # permuting labels never changes totals


def test_single_group_makes_everything_coordination():
    G = nx.gnp_random_graph(10, 0.3, seed=1, directed=True)
    t = brokerage_roles(G, dict.fromkeys(G, "same"))
    assert (t["coordinator"] == t["total"]).all() and t["total"].sum() > 0


def test_the_vectorised_null_counts_equal_the_path_by_path_counts():
    from analysis.brokerage import _brokered_pairs, _counts, _role_counts

    rng = np.random.default_rng(4)
    G = nx.gnp_random_graph(14, 0.25, seed=2, directed=True)
    G = nx.relabel_nodes(G, {i: f"n{i:02d}" for i in G})
    nodes = sorted(G)
    pairs = _brokered_pairs(G)
    position = {n: i for i, n in enumerate(nodes)}
    triples = np.array([(position[j], position[i], position[k]) for j in nodes for i, k in pairs[j]]).reshape(-1, 3)
    for _ in range(20):
        codes = rng.integers(0, 3, len(nodes))
        expected = _counts(pairs, {n: int(c) for n, c in zip(nodes, codes)}, nodes)
        assert (_role_counts(triples, codes, len(nodes)) == expected).all()


def test_groups_cooperative_links_and_the_role_table():
    import pandas as pd

    from analysis.brokerage import cooperative_links, groups_of, role_table

    G = nx.DiGraph()
    G.add_edge("A", "B", sign=1)
    G.add_edge("B", "C", sign=-1)
    G.add_edge("C", "A", sign=1)
    G.add_node("D")
    coop = cooperative_links(G)
    assert sorted(coop.edges) == [("A", "B"), ("C", "A")] and sorted(coop.nodes) == ["A", "B", "C", "D"]
    actors = pd.DataFrame({"actor_id": ["A", "B", "C"], "region": ["West", None, "East"], "kind": ["state"] * 3})
    assert groups_of(G, "region", actors, None) == {"A": "West", "B": "none", "C": "East", "D": "none"}
    assert groups_of(G, "kind", actors, None) == {"A": "state", "B": "state", "C": "state", "D": "none"}
    with pytest.raises(ValueError, match="groups = 'party' is not one of: camps, region, kind"):
        groups_of(G, "party", actors, None)
    brokers = pd.DataFrame({"actor": ["A"] * 5 + ["B"] * 5, "role": list(ROLES) * 2, "observed": range(10)})
    wide = role_table(brokers)
    assert list(wide.columns) == [*ROLES, "total"] and wide.loc["A", "total"] == 10 and wide.loc["B", "total"] == 35
