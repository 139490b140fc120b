"""Centrality measures on graphs whose values are known by hand."""
from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
import pytest

from analysis.centrality import centrality_table, eigenvector_main_component, ranks


def test_betweenness_treats_strength_as_closeness():
    G = nx.Graph()
    G.add_edge("A", "B", weight=10.0)
    G.add_edge("B", "C", weight=10.0)
    G.add_edge("A", "C", weight=1.0)
    t = centrality_table(G)
    # distances: A-B-C = 0.1 + 0.1 < A-C = 1, so B lies on the only shortest A-C path
    assert t.loc["B", "betweenness"] == 1.0 and t.loc["A", "betweenness"] == 0.0


def test_negative_weight_is_refused():
    G = nx.Graph()
    G.add_edge("A", "B", weight=-1.0)
    with pytest.raises(ValueError, match="non-negative"):
        centrality_table(G)


def test_degree_and_strength_directed():
    G = nx.DiGraph()
    G.add_edge("A", "B", weight=2.0)
    G.add_edge("C", "B", weight=3.0)
    G.add_edge("B", "A", weight=1.0)
    t = centrality_table(G)
    assert (t.loc["B", "in_degree"], t.loc["B", "in_strength"], t.loc["B", "out_strength"]) == (2, 5.0, 1.0)


def test_eigenvector_of_a_star_and_nan_outside_main_component():
    G = nx.Graph([("hub", "a"), ("hub", "b"), ("hub", "c"), ("x", "y")])
    eig = eigenvector_main_component(G)
    assert math.isclose(eig["hub"], 1 / math.sqrt(2)) and math.isclose(eig["a"], 1 / math.sqrt(6))
    assert math.isnan(eig["x"]) and math.isnan(eig["y"])


def test_constraint_of_a_triangle_is_burts_1125():
    t = centrality_table(nx.complete_graph(["A", "B", "C"]))
    assert np.allclose(t["constraint"], 1.125)


def burt_effective_size(G, i):
    """Burt (1992) effective size written out from the formula, for a weighted undirected graph."""
    def a(u, v):
        return G.edges[u, v]["weight"] if G.has_edge(u, v) else 0.0
    nodes = list(G)
    total = sum(a(i, k) + a(k, i) for k in nodes if k != i)
    p = {q: (a(i, q) + a(q, i)) / total for q in nodes if q != i}
    size = 0.0
    for j in G[i]:
        mx = max(a(j, k) + a(k, j) for k in nodes if k != j)
        redundancy = sum(p[q] * (a(j, q) + a(q, j)) / mx for q in nodes if q not in (i, j))
        size += 1 - redundancy
    return size


def test_effective_size_matches_burts_formula_on_a_weighted_graph():
    G = nx.Graph()
    for u, v, w in [("E", "A", 3), ("E", "B", 1), ("E", "C", 2), ("A", "B", 2), ("B", "C", 1), ("C", "D", 4), ("E", "D", 1)]:
        G.add_edge(u, v, weight=float(w))
    t = centrality_table(G)
    for node in G:
        assert math.isclose(t.loc[node, "effective_size"], burt_effective_size(G, node)), node
    # and it is not the unweighted value (the test can tell the two apart)
    assert not math.isclose(t.loc["E", "effective_size"], nx.effective_size(G, nodes=["E"])["E"])


def test_ranks_put_the_most_central_first_and_least_constrained_first():
    G = nx.Graph([("hub", "a"), ("hub", "b"), ("hub", "c")])
    r = ranks(centrality_table(G))
    assert r.loc["hub", "betweenness"] == 1 and r.loc["a", "betweenness"] == 2
    assert r.loc["hub", "constraint"] == 1


def test_edge_contributions_of_a_path_centre():
    from analysis.centrality import edge_contributions

    # a - c - b, plus a pendant d on b: c is on the a-b and a-d shortest paths
    G = nx.Graph()
    G.add_edge("c", "a", weight=2.0)
    G.add_edge("c", "b", weight=5.0)
    G.add_edge("b", "d", weight=1.0)
    t = edge_contributions(G, "c", measures=("out_strength", "betweenness"))
    assert list(zip(t["source"], t["target"])) == [("c", "b"), ("c", "a")]  # by strength contribution
    assert t.set_index("target")["out_strength"].to_dict() == {"b": 5.0, "a": 2.0}
    # n = 4: normalised betweenness = pairs through c / 3. With every edge c lies on a-b and a-d (2/3);
    # removing either of its edges leaves it on no shortest path: each contributes 2/3.
    assert t["betweenness"].tolist() == pytest.approx([2 / 3, 2 / 3])


def test_edge_contributions_directed_cover_both_directions():
    from analysis.centrality import edge_contributions

    G = nx.DiGraph()
    G.add_edge("RUS", "HAMAS", weight=2.8)
    G.add_edge("HAMAS", "RUS", weight=1.9)
    G.add_edge("ISR", "RUS", weight=2.0)
    t = edge_contributions(G, "RUS", measures=("in_strength",))
    assert t.set_index(["source", "target"])["in_strength"].to_dict() == {
        ("ISR", "RUS"): 2.0, ("HAMAS", "RUS"): 1.9, ("RUS", "HAMAS"): 0.0}
    with pytest.raises(ValueError, match="not in the network"):
        edge_contributions(G, "USA")
    with pytest.raises(ValueError, match="unknown measure"):
        edge_contributions(G, "RUS", measures=("fame",))


def test_rank_over_time_by_quarter():
    import pandas as pd

    from analysis.centrality import rank_over_time

    ev = pd.DataFrame({
        "event_id": ["E1", "E2", "E3", "E4"],
        "date": pd.to_datetime(["2023-01-10", "2023-01-11", "2023-04-05", "2023-07-01"]),
        "source_actor": ["A", "RUS", "B", "B"], "target_actor": ["RUS", "B", "C", "C"], "goldstein": [2.0, 3.0, 1.0, 1.0]})
    t = rank_over_time(ev, "RUS", "2023-01-01", "2023-06-30")
    assert t["period_start"].dt.strftime("%m-%d").tolist() == ["01-01", "04-01"]
    assert t["period_end"].dt.strftime("%m-%d").tolist() == ["03-31", "06-30"]
    # Q1: A -> RUS -> B, RUS is the only intermediary; Q2: RUS has no event
    assert t.loc[0, "betweenness_rank"] == 1 and t.loc[0, "in_strength"] == 2.0
    assert pd.isna(t.loc[1, "betweenness"]) and pd.isna(t.loc[1, "betweenness_rank"])


def test_a_subset_of_measures_gives_the_same_values_as_the_full_table():
    G = nx.DiGraph()
    G.add_weighted_edges_from([("a", "b", 2.0), ("b", "c", 1.0), ("c", "a", 3.0), ("c", "d", 1.0)])
    full = centrality_table(G)
    part = centrality_table(G, measures=("eigenvector", "betweenness"))
    assert list(part.columns) == ["eigenvector", "betweenness"]
    pd.testing.assert_frame_equal(part, full[["eigenvector", "betweenness"]])
    with pytest.raises(ValueError, match="unknown measure"):
        centrality_table(G, measures=("fame",))


def test_eigenvector_of_a_matrix_agrees_with_the_graph_version():
    from analysis.centrality import eigenvector_of_matrix

    rng = np.random.default_rng(5)
    G = nx.Graph()
    G.add_nodes_from("abcdefgh")
    # two components of four: the later sorted list (e, f, g, h) is the one measured
    for block in ("abcd", "efgh"):
        for i, u in enumerate(block):
            for v in block[i + 1:]:
                G.add_edge(u, v, weight=float(rng.uniform(0.1, 1.0)))
    nodes = sorted(G.nodes)
    by_graph = eigenvector_main_component(G)
    by_matrix = eigenvector_of_matrix(nx.to_numpy_array(G, nodelist=nodes, weight="weight"), nodes)
    assert [n for n in nodes if not math.isnan(by_graph[n])] == ["e", "f", "g", "h"]
    for n in nodes:
        assert (math.isnan(by_graph[n]) and math.isnan(by_matrix[n])) or math.isclose(by_graph[n], by_matrix[n])
