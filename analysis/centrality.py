"""Centrality of actors in a network: one row per actor, one column per measure.

Conventions (docs/methods.md, section 4):

- strength is the sum of edge ``weight`` (a non-negative magnitude);
- betweenness treats weights as DISTANCES, so it runs on distance = 1 / weight (strong ties
  are short); edges of weight 0 are left out; Freeman (1977), Brandes (2001). Distances are
  the exact reciprocals of the rounded weights (:func:`analysis.precision.exact`) scaled to
  whole numbers by their common denominator, so paths of equal length are recognised as equal
  (in floating point 1/2 + 1/3 + 1/6 != 1) and the sums are as fast as floats;
- eigenvector centrality (Bonacich 1972) runs on the undirected, symmetrised strengths of the
  largest connected component, where it is defined; other actors get NaN;
- PageRank (Brin & Page 1998) on the directed weights (incoming links count), networkx's
  conventions (damping 0.85, a node without out-links spreads its score evenly), solved as a
  linear system rather than iterated to a tolerance, so every printed digit is exact;
- Burt's (1992) constraint (networkx's implementation) and effective size (our own, with
  networkx's normalised mutual weights): both are defined for every actor with a link in either
  direction; networkx's effective size with ``nodes`` treats an actor that only receives links
  as isolated (NaN).

Every value is returned rounded to :data:`analysis.precision.DECIMALS` places, and ranks are
taken on those values (docs/methods.md, numerical reproducibility).
"""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from .precision import exact, rank, rounded

MEASURES = (
    "in_degree",
    "out_degree",
    "in_strength",
    "out_strength",
    "betweenness",
    "eigenvector",
    "pagerank",
    "constraint",
    "effective_size",
)


def _distance_graph(G: nx.Graph, weight: str) -> nx.Graph:
    """G with an integer ``distance`` on every edge of positive weight: 1 / weight in exact
    arithmetic, times the common denominator of all of them (one scale for the whole graph, so
    shortest paths and their ties are those of the exact distances)."""
    distances = {}
    for u, v, d in G.edges(data=True):
        w = d.get(weight, 1.0)
        if w is not None and w < 0:
            raise ValueError("betweenness needs non-negative weights (use the weight magnitude, not the signed value)")
        if w:
            distances[u, v] = 1 / exact(w)
    scale = math.lcm(*(x.denominator for x in distances.values())) if distances else 1
    H = G.__class__()
    H.add_nodes_from(G.nodes)
    H.add_edges_from((u, v, {"distance": x.numerator * (scale // x.denominator)}) for (u, v), x in distances.items())
    return H


def pagerank(G: nx.Graph, weight: str = "weight", alpha: float = 0.85) -> dict[str, float]:
    """PageRank with networkx's conventions (each node's out-weights normalised to one; a node
    without out-links, dangling, gives its score to every node equally; teleport evenly), from
    the linear system x (I - alpha M) = (1 - alpha) / n instead of power iteration to a
    tolerance: the solution is exact to about 1e-15, then rounded. An undirected graph counts
    each edge in both directions.

    Parameters
    ----------
    G : networkx.Graph
        The network; weights should be non-negative (:func:`centrality_table` passes only the
        edges of positive weight).
    weight : str, default "weight"
        The edge attribute holding the weight; an edge without it weighs 1.
    alpha : float, default 0.85
        The damping factor: the probability of following a link rather than teleporting.

    Returns
    -------
    dict
        Node (sorted) -> PageRank score, the scores summing to 1, rounded to
        :data:`analysis.precision.DECIMALS` places; empty for a graph without nodes.
    """
    nodes = sorted(G.nodes)
    n = len(nodes)
    if n == 0:
        return {}
    D = G if G.is_directed() else G.to_directed()
    W = nx.to_numpy_array(D, nodelist=nodes, weight=weight)
    out = W.sum(axis=1)
    M = np.where(out[:, None] > 0, W / np.where(out > 0, out, 1.0)[:, None], 1.0 / n)
    x = np.linalg.solve((np.eye(n) - alpha * M).T, np.full(n, (1 - alpha) / n))
    return dict(zip(nodes, rounded(x / x.sum()).tolist()))


def effective_size(G: nx.Graph, weight: str | None = "weight") -> dict[str, float]:
    """Burt's (1992) effective size of every node: the sum over its neighbours j of
    1 - sum_q p_iq m_jq, with p the normalised mutual weight (share of i's links in both
    directions) and m the mutual weight scaled by j's largest (networkx's definitions).
    Neighbours count in either direction, so an actor that only receives links has one;
    a node with no neighbour gets NaN."""
    from networkx.algorithms.structuralholes import normalized_mutual_weight as nmw

    result = {}
    for i in sorted(G.nodes):
        others = sorted(set(nx.all_neighbors(G, i)) - {i})
        if not others:
            result[i] = float("nan")
            continue
        result[i] = sum(
            1 - sum(nmw(G, i, q, weight=weight) * nmw(G, j, q, norm=max, weight=weight) for q in others if q != j)
            for j in others
        )
    return result


def eigenvector_main_component(G: nx.Graph, weight: str = "weight") -> dict[str, float]:
    """Eigenvector centrality on the largest connected component of the symmetrised graph.

    Values are the principal eigenvector of the symmetric strength matrix, unit Euclidean norm,
    non-negative; actors outside that component get NaN (the measure compares actors only
    within one connected network).
    """
    U = nx.Graph()
    U.add_nodes_from(G.nodes)
    for u, v, d in G.edges(data=True):
        w = float(d.get(weight, 1.0))
        if u != v and w:
            U.add_edge(u, v, w=U.edges[u, v]["w"] + w if U.has_edge(u, v) else w)
    nodes = sorted(G.nodes)
    if U.number_of_edges() == 0:
        return {n: float("nan") for n in nodes}
    return eigenvector_of_matrix(nx.to_numpy_array(U, nodelist=nodes, weight="w"), nodes)


def eigenvector_of_matrix(A: np.ndarray, nodes: list[str]) -> dict[str, float]:
    """:func:`eigenvector_main_component` for a symmetric matrix of non-negative strengths
    (zero = no tie; the diagonal is ignored): the largest connected component (ties between
    equally large ones broken by their sorted members, the later list winning), its principal
    eigenvector with unit norm; NaN for everyone outside it."""
    from scipy.sparse.csgraph import connected_components

    A = np.array(A, dtype=float)
    np.fill_diagonal(A, 0.0)
    result = {n: float("nan") for n in nodes}
    if not (A > 0).any():
        return result
    _, labels = connected_components(A > 0, directed=False)
    groups: dict[int, list[str]] = {}
    for n, lab in zip(nodes, labels):
        groups.setdefault(int(lab), []).append(n)
    members = max((sorted(g) for g in groups.values() if len(g) > 1), key=lambda c: (len(c), c))
    idx = [nodes.index(n) for n in members]
    vals, vecs = np.linalg.eigh(A[np.ix_(idx, idx)])
    v = vecs[:, np.argmax(vals)]
    v = rounded(np.abs(v) / np.linalg.norm(v))
    result.update({n: float(x) for n, x in zip(members, v)})
    return result


def centrality_table(G: nx.Graph, weight: str = "weight", measures=MEASURES, *, actors=()) -> pd.DataFrame:
    """The chosen measures (every one of :data:`MEASURES` by default) for every actor of G
    (index: actor, sorted; columns in the order asked), rounded to
    :data:`analysis.precision.DECIMALS` places. Only the measures asked are computed.

    ``actors`` not in G get a row of NaN: they are not added to the graph, so an actor with no
    link leaves everyone else's values (normalised betweenness, PageRank) as they are.

    Parameters
    ----------
    G : networkx.Graph
        The network, directed or undirected; for an undirected graph in- and out-degree (and
        strength) are both the degree (strength).
    weight : str, default "weight"
        The edge attribute holding the non-negative weight (an edge without it weighs 1).
        Betweenness runs on the distances 1 / weight (edges of weight 0 left out), eigenvector
        centrality on the symmetrised weights, and PageRank, constraint and effective size on the
        edges of positive weight only (conventions of the module docstring).
    measures : sequence of str, default MEASURES
        The measures to compute, in the order of the columns; each one of :data:`MEASURES`.
    actors : iterable of str, optional
        Actors to give a row even when they are not in ``G`` (their values NaN).

    Returns
    -------
    DataFrame
        Float values indexed by ``actor`` (the nodes of ``G`` and ``actors``, sorted), one column per
        measure; betweenness is normalised, eigenvector centrality NaN outside the largest
        connected component.

    Raises
    ------
    ValueError
        If a measure is unknown (naming it and the valid ones), or betweenness is asked for a graph
        with a negative weight.
    """
    unknown = sorted(set(measures) - set(MEASURES))
    if unknown:
        raise ValueError(f"unknown measure(s) {', '.join(unknown)}; valid: {', '.join(MEASURES)}")
    wanted = set(measures)
    nodes = sorted(G.nodes)
    nan = {n: float("nan") for n in nodes}
    columns: dict[str, dict] = {}
    if G.is_directed():
        degree = {
            "in_degree": lambda: dict(G.in_degree()),
            "out_degree": lambda: dict(G.out_degree()),
            "in_strength": lambda: dict(G.in_degree(weight=weight)),
            "out_strength": lambda: dict(G.out_degree(weight=weight)),
        }
    else:
        degree = {
            "in_degree": lambda: dict(G.degree()),
            "out_degree": lambda: dict(G.degree()),
            "in_strength": lambda: dict(G.degree(weight=weight)),
            "out_strength": lambda: dict(G.degree(weight=weight)),
        }
    for name, compute in degree.items():
        if name in wanted:
            columns[name] = compute()
    if "betweenness" in wanted:
        columns["betweenness"] = nx.betweenness_centrality(
            _distance_graph(G, weight), weight="distance", normalized=True
        )
    if "eigenvector" in wanted:
        columns["eigenvector"] = eigenvector_main_component(G, weight)
    if wanted & {"pagerank", "constraint", "effective_size"}:
        positive = G.__class__()
        positive.add_nodes_from(G.nodes)
        positive.add_edges_from(
            (u, v, {"w": d.get(weight, 1.0)}) for u, v, d in G.edges(data=True) if d.get(weight, 1.0) > 0
        )
        has_edges = positive.number_of_edges() > 0
        if "pagerank" in wanted:
            columns["pagerank"] = pagerank(positive, weight="w")
        if "constraint" in wanted:
            columns["constraint"] = nx.constraint(positive, weight="w") if has_edges else nan
        if "effective_size" in wanted:
            columns["effective_size"] = effective_size(positive, weight="w") if has_edges else nan
    table = pd.DataFrame({m: columns[m] for m in measures}, columns=list(measures))
    table = table.reindex(sorted(set(nodes) | set(actors)))
    table.index.name = "actor"
    return rounded(table.astype(float))


def ranks(table: pd.DataFrame, ascending: dict[str, bool] | None = None) -> pd.DataFrame:
    """Rank of each actor on each measure (1 = most central; for constraint, 1 = least constrained).

    Ranks are taken on the values rounded to :data:`analysis.precision.DECIMALS` places; ties
    share the best rank ('min'); NaN stays NaN.
    """
    ascending = {"constraint": True, **(ascending or {})}
    return pd.DataFrame({col: rank(table[col], ascending=ascending.get(col, False)) for col in table.columns}).astype(
        "Int64"
    )


def edge_contributions(
    G: nx.Graph,
    focal: str,
    measures=("in_strength", "out_strength", "betweenness", "eigenvector"),
    weight: str = "weight",
) -> pd.DataFrame:
    """How much each of the focal actor's edges contributes to its measures (leave one out).

    For every edge touching ``focal`` the graph is rebuilt without that edge and the measures
    recomputed: ``contribution = value with the edge - value without it``. For strength this is
    the edge's weight; for betweenness and eigenvector it also counts what the edge does to the
    rest of the network. Rows: one per edge (``source``, ``target``; for an undirected graph the
    focal actor is the source), sorted by the absolute contribution to the first measure (rounded),
    largest first, then by the edge.

    Parameters
    ----------
    G : networkx.Graph
        The network.
    focal : str
        The actor whose edges are taken out one at a time.
    measures : sequence of str, default ("in_strength", "out_strength", "betweenness", "eigenvector")
        Measures of :data:`MEASURES`, computed by :func:`centrality_table`; the first one orders the
        rows.
    weight : str, default "weight"
        The edge attribute holding the weight.

    Returns
    -------
    DataFrame
        The columns ``source``, ``target``, ``weight`` (the edge's weight, 1 when it has none) and
        one per measure (the contribution, rounded to :data:`analysis.precision.DECIMALS` places;
        a NaN contribution sorts as 0); no row when the focal actor has no edge (an undirected
        graph's self-loop is not counted).

    Raises
    ------
    ValueError
        If ``focal`` is not in ``G`` or a measure is unknown.
    """
    if focal not in G:
        raise ValueError(f"{focal!r} is not in the network")
    base = centrality_table(G, weight, measures).loc[focal]  # refuses unknown measures, naming them
    if G.is_directed():
        edges = sorted({(u, v) for u, v in G.in_edges(focal)} | {(u, v) for u, v in G.out_edges(focal)})
    else:
        edges = sorted((focal, v) for v in G.neighbors(focal) if v != focal)
    rows = []
    for u, v in edges:
        H = G.copy()
        H.remove_edge(u, v)
        without = centrality_table(H, weight, measures).loc[focal]
        rows.append(
            {
                "source": u,
                "target": v,
                "weight": float(G.edges[u, v].get(weight, 1.0)),
                **{m: rounded(base[m] - without[m]) for m in measures},
            }
        )
    table = pd.DataFrame(rows, columns=["source", "target", "weight", *measures])
    if table.empty:
        return table
    first = measures[0]
    order = rounded(table[first].abs().fillna(0)).to_numpy()
    table = table.iloc[np.lexsort((table["target"], table["source"], -order))]
    return table.reset_index(drop=True)


def rank_over_time(
    events: pd.DataFrame, focal: str, start, end, freq: str = "QS", measures=("betweenness", "in_strength")
) -> pd.DataFrame:
    """The focal actor's value and rank on each measure in consecutive periods of the window
    (pandas frequency ``freq``: 'QS' quarters, 'MS' months), each period's event network built
    on its own. A period where the actor has no event gives NaN (absent, not rank last).

    Parameters
    ----------
    events : DataFrame
        Event rows; each period's network is :func:`analysis.graphs.event_network` with its
        defaults (net layer, no discount, not normalised).
    focal : str
        The actor whose values and ranks are reported.
    start, end : date-like
        The window's first and last day (both required). Periods start at ``start`` and at each
        date of ``freq`` after it, so the first period may be a partial one; the last ends on
        ``end``.
    freq : str, default "QS"
        A pandas frequency for the starts of the periods.
    measures : sequence of str, default ("betweenness", "in_strength")
        Measures of :data:`MEASURES`.

    Returns
    -------
    DataFrame
        One row per period: ``period_start``, ``period_end`` (both days included), ``actors`` (the
        number of actors in the period's network), then for each measure its value (float) and
        ``<measure>_rank`` (Int64, :func:`ranks`: 1 = most central, for constraint least
        constrained).
    """
    from .graphs import event_network

    start, end = pd.Timestamp(start), pd.Timestamp(end)
    edges = list(pd.date_range(start, end, freq=freq))
    if not edges or edges[0] > start:
        edges = [start] + edges
    rows = []
    for lo, nxt in zip(edges, edges[1:] + [end + pd.Timedelta(days=1)]):
        hi = min(nxt - pd.Timedelta(days=1), end)
        G = event_network(events, lo, hi)
        row = {"period_start": lo, "period_end": hi, "actors": G.number_of_nodes()}
        if focal in G and G.number_of_edges():
            t = centrality_table(G, measures=measures)
            r = ranks(t)
            for m in measures:
                rank = r.at[focal, m]  # missing where the measure is undefined for the actor
                row[m], row[f"{m}_rank"] = float(t.at[focal, m]), (None if pd.isna(rank) else int(rank))
        rows.append(row)
    cols = ["period_start", "period_end", "actors"] + [c for m in measures for c in (m, f"{m}_rank")]
    out = pd.DataFrame(rows).reindex(columns=cols)
    for m in measures:
        out[f"{m}_rank"] = out[f"{m}_rank"].astype("Int64")
    return out


def before_after(build, focal: str, start, end, split, measures=MEASURES) -> tuple[pd.DataFrame, list[str]]:
    """The focal actor's measures and ranks on each side of ``split`` within [start, end]: one
    column per side ('before <split>', 'from <split>'), rows the measures, their ranks
    ('<measure> rank') and the number of actors. ``build(lo, hi)`` makes the network of a period.
    A side that is empty, or where the actor is not in the network or the network has no link, is
    left out and said so in the notes.

    Parameters
    ----------
    build : callable
        ``build(lo, hi)`` returns the network of the days [lo, hi] (two Timestamps), such as
        :meth:`analysis.graphs.NetworkChoice.build` with its tables bound.
    focal : str
        The actor compared.
    start, end : date-like
        The window's first and last day.
    split : date-like
        The first day of the second side: the sides are [start, split - 1 day] and [split, end].
    measures : sequence of str, default MEASURES
        The measures reported (all of :data:`MEASURES` are computed, ranks among all actors of
        each side's network).

    Returns
    -------
    table : DataFrame
        One column per side kept ('before <split>', 'from <split>', the split as an ISO date), rows
        the measures, then '<measure> rank' for each, then ``actors``; no column when neither side
        is kept.
    notes : list of str
        One sentence per side left out, saying why.
    """
    start, end, split = pd.Timestamp(start), pd.Timestamp(end), pd.Timestamp(split)
    sides = {"before": (start, split - pd.Timedelta(days=1)), "from": (split, end)}
    compare, notes = {}, []
    for label, (lo, hi) in sides.items():
        if lo > hi:
            notes.append(f"The window has no part {label} {split.date()}.")
            continue
        H = build(lo, hi)
        if focal not in H or H.number_of_edges() == 0:
            notes.append(f"{focal} has no link {label} {split.date()} ({lo.date()} to {hi.date()}).")
            continue
        t = centrality_table(H)
        r = ranks(t)
        column = pd.concat([t.loc[focal, list(measures)], r.loc[focal, list(measures)].rename(lambda c: c + " rank")])
        column["actors"] = H.number_of_nodes()
        compare[f"{label} {split.date()}"] = column
    return pd.DataFrame(compare), notes
