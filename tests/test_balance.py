"""Structural balance: known graphs, and the exact frustration index against enumeration."""

from __future__ import annotations

import itertools
import math
import random

import networkx as nx
import numpy as np
import pytest

from analysis.balance import frustration_index, triangle_census, unbalanced_triangles


def signed(edges):
    G = nx.Graph()
    for u, v, s, *w in edges:
        G.add_edge(u, v, sign=s, weight=float(w[0]) if w else 1.0)
    return G


def enumerate_frustration(G):
    """Independent check: try every two-camp split and count frustrated edge weight."""
    nodes = sorted(G)
    best = math.inf
    for bits in itertools.product((0, 1), repeat=len(nodes)):
        camp = dict(zip(nodes, bits))
        cost = sum(d["weight"] for u, v, d in G.edges(data=True) if (d["sign"] > 0) == (camp[u] != camp[v]))
        best = min(best, cost)
    return best


def test_all_positive_graph_is_balanced():
    G = nx.complete_graph(["A", "B", "C", "D"])
    nx.set_edge_attributes(G, 1, "sign")
    census = triangle_census(G)
    assert census["triangles"] == 4 and census["balance_ratio"] == 1.0
    f = frustration_index(G)
    assert f.frustration == 0 and f.index == 1.0 and f.camps == (("A", "B", "C", "D"), ())


def test_two_camps_are_recovered():
    west, east = ["ISR", "USA", "GBR"], ["HAMAS", "IRN", "HEZBOLLAH"]
    edges = [(u, v, 1) for camp in (west, east) for u, v in itertools.combinations(camp, 2)]
    edges += [(u, v, -1) for u in west for v in east]
    f = frustration_index(signed(edges))
    assert f.frustration == 0
    assert set(map(frozenset, f.camps)) == {frozenset(west), frozenset(east)}
    assert triangle_census(signed(edges))["balance_ratio"] == 1.0


def test_friend_of_two_enemies():
    G = signed([("RUS", "ISR", 1), ("RUS", "HAMAS", 1), ("ISR", "HAMAS", -1, 3)])
    census = triangle_census(G)
    assert (census["++-"], census["balance_ratio"]) == (1, 0.0)
    f = frustration_index(G)
    assert f.frustration == 1.0  # cheapest fix: one unit-weight positive tie of Russia's
    assert math.isclose(f.index, 1 - 1.0 / (5.0 / 2))
    rows = unbalanced_triangles(G, "RUS")
    assert len(rows) == 1 and (rows.iloc[0]["other_1"], rows.iloc[0]["other_2"]) == ("HAMAS", "ISR")


def test_all_negative_triangle_is_weakly_balanced_only():
    census = triangle_census(signed([("A", "B", -1), ("B", "C", -1), ("A", "C", -1)]))
    assert census["balance_ratio"] == 0.0 and census["weak_balance_ratio"] == 1.0


@pytest.mark.parametrize("seed", range(6))
def test_milp_and_brute_force_agree_with_enumeration(seed):
    rng = random.Random(seed)
    G = nx.gnp_random_graph(9, 0.5, seed=seed)
    H = signed([(f"n{u}", f"n{v}", rng.choice((1, -1)), rng.randint(1, 3)) for u, v in G.edges])
    expected = enumerate_frustration(H)
    assert frustration_index(H, method="brute_force").frustration == pytest.approx(expected)
    assert frustration_index(H, method="milp").frustration == pytest.approx(expected)


def test_camps_attain_the_frustration():
    rng = random.Random(11)
    G = nx.gnp_random_graph(20, 0.3, seed=11)
    H = signed([(f"n{u:02d}", f"n{v:02d}", rng.choice((1, -1))) for u, v in G.edges])
    f = frustration_index(H)  # 20 nodes: the MILP path
    assert f.method == "milp"
    camp = {n: 0 for n in f.camps[0]} | {n: 1 for n in f.camps[1]}
    cost = sum(1 for u, v, d in H.edges(data=True) if (d["sign"] > 0) == (camp[u] != camp[v]))
    assert cost == f.frustration == len(f.frustrated_edges)


def test_directed_graph_is_refused():
    with pytest.raises(ValueError, match="undirected"):
        frustration_index(nx.DiGraph([("a", "b")]))


def _signed(edges):
    G = nx.Graph()
    for u, v, s in edges:
        G.add_edge(u, v, sign=s, weight=1.0)
    return G


def test_blockmodel_recovers_three_planted_camps():
    from analysis.balance import signed_blockmodel

    camps = [["a1", "a2", "a3"], ["b1", "b2", "b3"], ["c1", "c2"]]
    edges = [(u, v, 1) for camp in camps for i, u in enumerate(camp) for v in camp[i + 1 :]]
    edges += [(camps[x][0], camps[y][1], -1) for x in range(3) for y in range(3) if x != y]
    out = signed_blockmodel(_signed(edges), 3, seed=1)
    assert out["criterion"] == 0.0
    assert sorted(out["clusters"]) == sorted(tuple(sorted(c)) for c in camps)


def test_blockmodel_matches_brute_force_on_random_graphs():
    import itertools

    from analysis.balance import _partition_cost, _signed_edges, signed_blockmodel

    rng = np.random.default_rng(7)
    for trial in range(5):
        nodes = [f"n{i}" for i in range(7)]
        edges = [
            (u, v, int(rng.choice([-1, 1]))) for i, u in enumerate(nodes) for v in nodes[i + 1 :] if rng.random() < 0.6
        ]
        G = _signed(edges)
        _, src, dst, sign, w = _signed_edges(G, True)
        best = min(
            _partition_cost(np.array(lab), src, dst, sign, w, 0.5)
            for lab in itertools.product(range(3), repeat=G.number_of_nodes())
        )
        assert signed_blockmodel(G, 3, starts=30, seed=trial)["criterion"] == pytest.approx(best)


def test_two_way_blockmodel_is_half_the_frustration():
    from analysis.balance import frustration_index, signed_blockmodel

    G = _signed([("a", "b", 1), ("b", "c", 1), ("a", "c", -1), ("c", "d", -1), ("a", "d", 1)])
    assert 2 * signed_blockmodel(G, 2, starts=20)["criterion"] == pytest.approx(frustration_index(G).frustration)


@pytest.mark.parametrize("method", ["brute_force", "milp"])
def test_actors_without_a_signed_edge_get_no_camp(method):
    # a balanced pair of camps, plus two actors of the graph with no signed edge
    G = signed([("A", "B", 1), ("B", "C", -1), ("C", "D", 1)])
    G.add_nodes_from(["X", "Y"])
    f = frustration_index(G, method=method)
    assert f.no_camp == ("X", "Y")
    assert set(map(frozenset, f.camps)) == {frozenset("AB"), frozenset("CD")}
    assert f.camp_of() == {
        "A": f.camp_of()["B"],
        "B": f.camp_of()["B"],
        "C": f.camp_of()["D"],
        "D": f.camp_of()["D"],
        "X": "none",
        "Y": "none",
    }
    assert f.camp_of()["A"] != f.camp_of()["C"] and f.free_to_switch == ()


def frustration_of(G, camp):
    """Independent check: the frustrated edge weight of a camp assignment (actor -> 0 or 1)."""
    return sum(d["weight"] for u, v, d in G.edges(data=True) if (d["sign"] > 0) == (camp[u] != camp[v]))


@pytest.mark.parametrize("method", ["brute_force", "milp"])
def test_actors_that_switch_camps_at_no_cost_are_reported(method):
    # three mutual enemies and D, C's ally (weight 2): the best splits frustrate one enemy pair (weight 1);
    # whichever the solver returns, exactly the actors whose move alone keeps the frustration are listed
    G = signed([("A", "B", -1), ("B", "C", -1), ("A", "C", -1), ("C", "D", 1, 2)])
    f = frustration_index(G, method=method)
    assert f.frustration == 1.0
    camp = {a: i for i, members in enumerate(f.camps) for a in members}
    free = tuple(a for a in sorted(camp) if frustration_of(G, camp | {a: 1 - camp[a]}) == f.frustration)
    assert f.free_to_switch == free and len(free) >= 1 and "D" not in free


def test_an_exact_tie_in_frustration_is_recognised():
    # two unbalanced triangles share the negative edge A-B (0.8): frustrating it, or frustrating B-C (0.1)
    # and B-D (0.7) instead, costs the same in exact arithmetic (0.1 + 0.7 = 0.7999999999999999 in floating
    # point). Enumeration keeps the first optimum, everyone in one camp, and B can leave it at no cost.
    assert 0.1 + 0.7 != 0.8
    G = signed([("A", "B", -1, 0.8), ("B", "C", 1, 0.1), ("A", "C", 1, 1.0), ("B", "D", 1, 0.7), ("A", "D", 1, 1.0)])
    f = frustration_index(G, method="brute_force")
    assert f.frustration == 0.8 and f.camps == (("A", "B", "C", "D"), ())
    assert f.free_to_switch == ("B",)
