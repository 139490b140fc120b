"""Centrality measures on graphs whose values are known by hand."""

from __future__ import annotations

import math
from fractions import Fraction

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
    # values are rounded to 9 decimals (analysis.precision)
    assert math.isclose(eig["hub"], 1 / math.sqrt(2), abs_tol=1e-9) and math.isclose(
        eig["a"], 1 / math.sqrt(6), abs_tol=1e-9
    )
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
    for u, v, w in [
        ("E", "A", 3),
        ("E", "B", 1),
        ("E", "C", 2),
        ("A", "B", 2),
        ("B", "C", 1),
        ("C", "D", 4),
        ("E", "D", 1),
    ]:
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
        ("ISR", "RUS"): 2.0,
        ("HAMAS", "RUS"): 1.9,
        ("RUS", "HAMAS"): 0.0,
    }
    with pytest.raises(ValueError, match="not in the network"):
        edge_contributions(G, "USA")
    with pytest.raises(ValueError, match="unknown measure"):
        edge_contributions(G, "RUS", measures=("fame",))


def test_rank_over_time_by_quarter():
    import pandas as pd

    from analysis.centrality import rank_over_time

    ev = pd.DataFrame(
        {
            "event_id": ["E1", "E2", "E3", "E4"],
            "date": pd.to_datetime(["2023-01-10", "2023-01-11", "2023-04-05", "2023-07-01"]),
            "source_actor": ["A", "RUS", "B", "B"],
            "target_actor": ["RUS", "B", "C", "C"],
            "goldstein": [2.0, 3.0, 1.0, 1.0],
        }
    )
    t = rank_over_time(ev, "RUS", "2023-01-01", "2023-06-30")
    assert t["period_start"].dt.strftime("%m-%d").tolist() == ["01-01", "04-01"]
    assert t["period_end"].dt.strftime("%m-%d").tolist() == ["03-31", "06-30"]
    # Q1: A -> RUS -> B, RUS is the only intermediary; Q2: RUS has no event
    assert t.loc[0, "betweenness_rank"] == 1 and t.loc[0, "in_strength"] == 2.0
    assert pd.isna(t.loc[1, "betweenness"]) and pd.isna(t.loc[1, "betweenness_rank"])


def test_rank_over_time_keeps_a_measure_undefined_for_the_actor_missing():
    import pandas as pd

    from analysis.centrality import rank_over_time

    # RUS-A is a component of two; B, C, D the larger one, the only one eigenvector centrality is
    # computed on: RUS's eigenvector value and rank are missing, not an error and not rank last
    ev = pd.DataFrame(
        {
            "event_id": [f"E{i}" for i in range(5)],
            "date": pd.to_datetime(["2023-01-10"] * 5),
            "source_actor": ["RUS", "B", "C", "D", "B"],
            "target_actor": ["A", "C", "D", "B", "D"],
            "goldstein": [2.0, 3.0, 1.0, 1.0, 2.0],
        }
    )
    t = rank_over_time(ev, "RUS", "2023-01-01", "2023-03-31", measures=("eigenvector",))
    assert len(t) == 1 and t.loc[0, "actors"] == 5
    assert pd.isna(t.loc[0, "eigenvector"]) and pd.isna(t.loc[0, "eigenvector_rank"])
    b = rank_over_time(ev, "B", "2023-01-01", "2023-03-31", measures=("eigenvector",))
    assert b.loc[0, "eigenvector_rank"] == 1


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
            for v in block[i + 1 :]:
                G.add_edge(u, v, weight=float(rng.uniform(0.1, 1.0)))
    nodes = sorted(G.nodes)
    by_graph = eigenvector_main_component(G)
    by_matrix = eigenvector_of_matrix(nx.to_numpy_array(G, nodelist=nodes, weight="weight"), nodes)
    assert [n for n in nodes if not math.isnan(by_graph[n])] == ["e", "f", "g", "h"]
    for n in nodes:
        assert (math.isnan(by_graph[n]) and math.isnan(by_matrix[n])) or math.isclose(by_graph[n], by_matrix[n])


def test_betweenness_counts_paths_of_equal_length_exactly():
    # A-D directly (w 1, distance 1) and A-B-C-D (w 2, 3, 6: distances 1/2 + 1/3 + 1/6 = 1): two
    # shortest A-D paths. In floating point 1/2 + 1/3 + 1/6 = 0.9999999999999999 and the direct
    # path would be dropped. By hand: B lies on A-C (1) and on half of A-D (1/2), C on B-D (1) and
    # half of A-D; normalised by (n-1)(n-2)/2 = 3: B = C = 1.5 / 3 = 0.5, A = D = 0.
    assert 1 / 2 + 1 / 3 + 1 / 6 != 1
    G = nx.Graph()
    for u, v, w in [("A", "B", 2.0), ("B", "C", 3.0), ("C", "D", 6.0), ("A", "D", 1.0)]:
        G.add_edge(u, v, weight=w)
    assert centrality_table(G, measures=("betweenness",))["betweenness"].to_dict() == {
        "A": 0.0,
        "B": 0.5,
        "C": 0.5,
        "D": 0.0,
    }


def exact_pagerank(nodes, weights, alpha=Fraction(85, 100)):
    """PageRank by Gauss-Jordan elimination in rational arithmetic: x = alpha x M + (1 - alpha) / n,
    M the row-normalised weights, a row without out-weight spread evenly (networkx's convention)."""
    n = len(nodes)
    W = [[Fraction(weights.get((u, v), 0)) for v in nodes] for u in nodes]
    M = [[w / sum(row) if sum(row) else Fraction(1, n) for w in row] for row in W]
    # (I - alpha M)^T x = (1 - alpha) / n
    A = [[(1 if i == j else 0) - alpha * M[j][i] for j in range(n)] + [(1 - alpha) / n] for i in range(n)]
    for c in range(n):
        pivot = next(r for r in range(c, n) if A[r][c] != 0)
        A[c], A[pivot] = A[pivot], A[c]
        A[c] = [x / A[c][c] for x in A[c]]
        for r in range(n):
            if r != c and A[r][c] != 0:
                A[r] = [x - A[r][c] * y for x, y in zip(A[r], A[c])]
    x = [A[i][n] for i in range(n)]
    return {u: xi / sum(x) for u, xi in zip(nodes, x)}


def test_pagerank_is_exact_to_every_printed_digit():
    # weighted, directed, with a node that only receives (dangling): against the rational solution
    edges = {("a", "b"): 3, ("a", "c"): 1, ("b", "c"): 2, ("c", "a"): 1, ("c", "d"): 5, ("e", "d"): 1, ("b", "e"): 2}
    G = nx.DiGraph()
    for (u, v), w in edges.items():
        G.add_edge(u, v, weight=float(w))
    exact = exact_pagerank(sorted(G), edges)
    got = centrality_table(G, measures=("pagerank",))["pagerank"]
    for node, value in exact.items():
        assert abs(got[node] - float(value)) <= 5e-10 + 1e-15, node  # rounded to 9 decimal places
    # networkx's iteration to its default tolerance is not that close everywhere
    loose = nx.pagerank(G, weight="weight")
    assert max(abs(loose[n] - float(v)) for n, v in exact.items()) > 5e-10


def test_effective_size_of_an_actor_that_only_receives():
    # A -> C, B -> C, A -> B: C only receives. Burt: p_CA = p_CB = 1/2, m_AB = m_BA = 1, so each
    # neighbour is half redundant and C's effective size is 1/2 + 1/2 = 1.
    G = nx.DiGraph([("A", "C"), ("B", "C"), ("A", "B")])
    nx.set_edge_attributes(G, 1.0, "weight")
    assert math.isnan(nx.effective_size(G, nodes=["C"], weight="weight")["C"])  # networkx's gap
    t = centrality_table(G, measures=("effective_size", "constraint"))
    assert t.loc["C", "effective_size"] == 1.0
    assert not t["constraint"].isna().any()


def test_effective_size_of_the_default_event_network_actors_that_only_receive():
    # the values Burt's formula gives (computed independently for the issue that reported the gap)
    from analysis import load_tables
    from analysis.graphs import event_network

    G = event_network(load_tables().events, "2023-01-01", "2024-12-31")
    t = centrality_table(G, measures=("out_degree", "effective_size"))
    for actor, expected in {"EU": 1.466, "UNRWA": 2.754, "UNSC": 1.669}.items():
        assert t.loc[actor, "out_degree"] == 0
        assert round(t.loc[actor, "effective_size"], 3) == expected, actor


def test_an_actor_without_links_changes_no_one_elses_values():
    G = nx.DiGraph()
    for u, v, w in [("A", "B", 2.0), ("B", "C", 1.0), ("C", "A", 4.0), ("C", "D", 1.5)]:
        G.add_edge(u, v, weight=w)
    plain = centrality_table(G)
    with_absent = centrality_table(G, actors=["Z"])
    assert with_absent.loc["Z"].isna().all()
    assert with_absent.drop(index="Z").equals(plain)
    # adding the actor to the graph as an isolated node, as before, moves others' values
    H = G.copy()
    H.add_node("Z")
    assert not centrality_table(H).drop(index="Z")["betweenness"].equals(plain["betweenness"])
    r = ranks(with_absent)
    assert r.loc["Z"].isna().all() and r.drop(index="Z").equals(ranks(plain))


def test_before_after_puts_each_side_of_the_split_in_a_column():
    from analysis.centrality import before_after

    def build(lo, hi):
        G = nx.Graph()
        if hi < pd.Timestamp("2023-10-07"):
            G.add_edge("A", "B", weight=1.0)  # before: A-B
        else:
            G.add_edges_from([("A", "B"), ("B", "C")], weight=1.0)  # from: the path A-B-C, B in the middle
        return G

    table, notes = before_after(build, "B", "2023-01-01", "2024-12-31", "2023-10-07", ["betweenness", "in_degree"])
    assert notes == [] and list(table.columns) == ["before 2023-10-07", "from 2023-10-07"]
    assert table.loc["actors"].tolist() == [2, 3]
    assert table.loc["betweenness", "from 2023-10-07"] == 1.0 and table.loc["in_degree", "from 2023-10-07"] == 2
    assert table.loc["betweenness rank", "from 2023-10-07"] == 1
    only_after, notes = before_after(build, "C", "2023-10-07", "2024-12-31", "2023-10-07")
    assert notes == ["The window has no part before 2023-10-07."] and list(only_after.columns) == ["from 2023-10-07"]
    _, notes = before_after(build, "C", "2023-01-01", "2024-12-31", "2023-10-07")
    assert notes == ["C has no link before 2023-10-07 (2023-01-01 to 2023-10-06)."]
