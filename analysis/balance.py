"""Structural balance of a signed network: triangles, the exact frustration index, the two camps.

Edges carry ``sign`` (+1/-1) and a non-negative ``weight``. networkx has nothing for signed
networks; this module follows docs/methods.md, section 3.

- Strong balance (Cartwright & Harary 1956): the nodes split into two camps with positive
  ties inside and negative ties across. The triangle balance ratio B3 = (T+++ + T+--) / T;
  weak balance (Davis 1967) also counts T--- as balanced.
- Frustration index (Aref & Wilson 2018): L = min over x in {0,1}^n of the weight of the
  positive edges across camps plus the negative edges inside camps; normalised
  F = 1 - L / (W / 2), W the total edge weight (1 = perfectly balanced). The minimising x
  gives the two camps. Solved exactly: by enumeration for small graphs, otherwise as the
  AND-model binary program of Aref, Mason & Wilson (2020) with scipy.optimize.milp (HiGHS).
  Frustration is summed in integers (weights rounded to :data:`analysis.precision.DECIMALS`
  places), so equal-cost bipartitions are recognised as equal on every machine.
- Camps hold only the actors with a signed edge: an actor without one has no camp (it is
  listed in ``no_camp``), not a side picked by the solver; an actor that can switch camps
  without changing the frustration is listed in ``free_to_switch``.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd

from .precision import DECIMALS, integer_scale

BRUTE_FORCE_MAX_NODES = 16


def _signed_edges(G: nx.Graph, weighted: bool) -> tuple[list[str], np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    if G.is_directed():
        raise ValueError("balance needs an undirected signed graph (tie_network or combined_network)")
    nodes = sorted(G.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted((min(u, v), max(u, v), d) for u, v, d in G.edges(data=True) if u != v)
    for u, v, d in edges:
        if d.get("sign") not in (1, -1):
            raise ValueError(f"edge {u}-{v} has no sign +1/-1")
    src = np.array([index[u] for u, _, _ in edges], dtype=int)
    dst = np.array([index[v] for _, v, _ in edges], dtype=int)
    sign = np.array([d["sign"] for _, _, d in edges], dtype=int)
    w = np.array([float(d.get("weight", 1.0)) if weighted else 1.0 for _, _, d in edges])
    if (w < 0).any():
        raise ValueError("edge weights must be non-negative magnitudes")
    return nodes, src, dst, sign, w


def triangle_census(G: nx.Graph) -> dict[str, float]:
    """Counts of triangles by number of negative edges, and the balance ratios."""
    if G.is_directed():
        raise ValueError("balance needs an undirected signed graph")
    counts = {"+++": 0, "++-": 0, "+--": 0, "---": 0}
    keys = ["+++", "++-", "+--", "---"]
    for a, b, c in triangles(G):
        neg = sum(G.edges[x, y]["sign"] < 0 for x, y in ((a, b), (b, c), (a, c)))
        counts[keys[neg]] += 1
    total = sum(counts.values())
    strong = (counts["+++"] + counts["+--"]) / total if total else float("nan")
    weak = (counts["+++"] + counts["+--"] + counts["---"]) / total if total else float("nan")
    return {**counts, "triangles": total, "balance_ratio": strong, "weak_balance_ratio": weak}


def triangles(G: nx.Graph) -> list[tuple[str, str, str]]:
    """Every triangle once, as a sorted triple, in sorted order."""
    found = set()
    for u in G.nodes:
        nbrs = set(G[u]) - {u}
        for v in nbrs:
            for w in nbrs & set(G[v]):
                if w != v:
                    found.add(tuple(sorted((u, v, w))))
    return sorted(found)


def unbalanced_triangles(G: nx.Graph, actor: str) -> pd.DataFrame:
    """The triangles an actor sits in that break strong balance (an odd number of negative ties).

    Russia with Israel and Hamas is the textbook case: two positive ties to two enemies.
    """
    if actor not in G:
        raise ValueError(f"{actor!r} is not in the network")
    rows = []
    for a, b, c in triangles(G):
        if actor not in (a, b, c):
            continue
        others = sorted({a, b, c} - {actor})
        signs = {
            f"{actor}-{others[0]}": G.edges[actor, others[0]]["sign"],
            f"{actor}-{others[1]}": G.edges[actor, others[1]]["sign"],
            f"{others[0]}-{others[1]}": G.edges[others[0], others[1]]["sign"],
        }
        neg = sum(s < 0 for s in signs.values())
        if neg % 2 == 1:
            rows.append(
                {
                    "actor": actor,
                    "other_1": others[0],
                    "other_2": others[1],
                    "sign_1": signs[f"{actor}-{others[0]}"],
                    "sign_2": signs[f"{actor}-{others[1]}"],
                    "sign_between": signs[f"{others[0]}-{others[1]}"],
                    "negatives": neg,
                }
            )
    return pd.DataFrame(rows, columns=["actor", "other_1", "other_2", "sign_1", "sign_2", "sign_between", "negatives"])


@dataclass(frozen=True)
class Frustration:
    """The exact frustration of a signed graph and the bipartition that attains it."""

    frustration: float  # L: weight of the frustrated edges
    index: float  # F = 1 - L / (W / 2), 1 = balanced (NaN without edges)
    camps: tuple[tuple[str, ...], tuple[str, ...]]  # actors with a signed edge only
    frustrated_edges: tuple[tuple[str, str], ...]
    method: str
    no_camp: tuple[str, ...] = ()  # actors of the graph without a signed edge
    free_to_switch: tuple[str, ...] = ()  # camp members whose move to the other camp costs nothing

    def camp_of(self) -> dict[str, str]:
        """Every actor's camp: 'camp 1', 'camp 2' or 'none' (no signed edge)."""
        found = {a: f"camp {i}" for i, camp in enumerate(self.camps, start=1) for a in camp}
        return found | {a: "none" for a in self.no_camp}

    def as_dict(self) -> dict:
        return {
            "frustration": self.frustration,
            "frustration_index": self.index,
            "camps": [list(c) for c in self.camps],
            "no_camp": list(self.no_camp),
            "free_to_switch": list(self.free_to_switch),
            "frustrated_edges": [list(e) for e in self.frustrated_edges],
            "method": self.method,
        }


def _cost(x: np.ndarray, src, dst, sign, w) -> np.ndarray:
    """Frustration of each assignment row of x (shape: assignments x nodes); with integer
    weights ``w`` (:func:`analysis.precision.integer_scale`) the sums are exact."""
    same = x[:, src] == x[:, dst]
    frustrated = np.where(sign[None, :] > 0, ~same, same)
    return frustrated.astype(w.dtype) @ w


def _brute_force(n, src, dst, sign, w) -> np.ndarray:
    best, best_x = None, np.zeros(n, dtype=np.int8)
    free = n - 1  # node 0 stays in camp 0: each bipartition counted once
    codes = np.arange(2**free, dtype=np.int64)
    for start in range(0, len(codes), 1 << 14):
        chunk = codes[start : start + (1 << 14)]
        x = np.zeros((len(chunk), n), dtype=np.int8)
        if free:
            x[:, 1:] = (chunk[:, None] >> np.arange(free)[None, :]) & 1
        cost = _cost(x, src, dst, sign, w)
        i = int(np.argmin(cost))  # the first of equal minima: exact integer costs
        if best is None or cost[i] < best:
            best, best_x = cost[i], x[i].copy()
    return best_x


def _milp(n, src, dst, sign, w) -> np.ndarray:
    from scipy.optimize import Bounds, LinearConstraint, milp

    m = len(src)
    # variables: x_0..x_{n-1}, y_0..y_{m-1}
    c = np.zeros(n + m)
    rows, lo, hi = [], [], []
    for e in range(m):
        i, j, we = src[e], dst[e], w[e]
        if sign[e] > 0:  # w (x_i + x_j - 2 y)
            c[i] += we
            c[j] += we
            c[n + e] -= 2 * we
            for node in (i, j):  # y <= x_node
                r = np.zeros(n + m)
                r[n + e] = 1
                r[node] = -1
                rows.append(r)
                lo.append(-np.inf)
                hi.append(0)
        else:  # w (1 - x_i - x_j + 2 y)
            c[i] -= we
            c[j] -= we
            c[n + e] += 2 * we
            r = np.zeros(n + m)
            r[n + e] = 1
            r[i] = -1
            r[j] = -1  # y >= x_i + x_j - 1
            rows.append(r)
            lo.append(-1)
            hi.append(np.inf)
    upper = np.ones(n + m)
    upper[0] = 0  # node 0 in camp 0
    constraints = [LinearConstraint(np.array(rows), lo, hi)] if rows else []
    res = milp(
        c,
        constraints=constraints,
        integrality=np.ones(n + m),
        bounds=Bounds(np.zeros(n + m), upper),
        options={"mip_rel_gap": 0.0},
    )  # the exact optimum, not HiGHS's default 0.01% gap
    if not res.success:
        raise RuntimeError(f"the frustration program did not solve: {res.message}")
    return np.round(res.x[:n]).astype(np.int8)


def frustration_index(G: nx.Graph, *, weighted: bool = True, method: str = "auto") -> Frustration:
    """Exact frustration index and camps.

    Only the actors with a signed edge are placed in a camp (the others are ``no_camp``); the
    frustration of a bipartition is an exact integer sum of the rounded weights, so the first
    of several equally good bipartitions is the same on every machine, and the camp members
    whose move alone leaves the frustration unchanged are listed in ``free_to_switch``.

    Parameters
    ----------
    G : networkx.Graph
        An undirected signed graph: every edge has ``sign`` +1 or -1 and a non-negative
        ``weight`` (1 when absent); self-loops are ignored.
    weighted : bool, default True
        Use the edges' weights; False counts every edge as 1.
    method : {"auto", "brute_force", "milp"}, default "auto"
        Enumeration of every bipartition, or the AND-model binary program solved with
        :func:`scipy.optimize.milp` (HiGHS, zero optimality gap); "auto" enumerates up to
        :data:`BRUTE_FORCE_MAX_NODES` actors with a signed edge and solves the program above.

    Returns
    -------
    Frustration
        L (``frustration``, in the weights' unit), F = 1 - L / (W / 2) (``index``; NaN without
        edges or with a total weight of 0), the two camps (the larger first), the frustrated
        edges, the method used (never "auto"), ``no_camp`` and ``free_to_switch``.

    Raises
    ------
    ValueError
        If ``G`` is directed, an edge has no sign +1/-1, a weight is negative, ``method`` is
        unknown, or brute force is asked for more than 24 actors with a signed edge.
    RuntimeError
        If the binary program does not solve.
    """
    all_nodes, src, dst, sign, w = _signed_edges(G, weighted)
    linked = sorted(set(src.tolist()) | set(dst.tolist()))
    nodes = [all_nodes[i] for i in linked]  # the actors with a signed edge, still sorted
    position = {old: new for new, old in enumerate(linked)}
    src = np.array([position[i] for i in src.tolist()], dtype=int)
    dst = np.array([position[i] for i in dst.tolist()], dtype=int)
    no_camp = tuple(a for a in all_nodes if a not in set(nodes))
    n = len(nodes)
    if method == "auto":
        method = "brute_force" if n <= BRUTE_FORCE_MAX_NODES else "milp"
    if method not in ("brute_force", "milp"):
        raise ValueError("method must be 'auto', 'brute_force' or 'milp'")
    if n == 0:
        return Frustration(0.0, float("nan"), ((), ()), (), method, no_camp=no_camp)
    if method == "brute_force" and n > 24:
        raise ValueError(f"brute force over 2^{n - 1} bipartitions is too slow; use method='milp'")
    iw = integer_scale(w)
    x = _brute_force(n, src, dst, sign, iw) if method == "brute_force" else _milp(n, src, dst, sign, w)
    cost = int(_cost(x[None, :], src, dst, sign, iw)[0])
    total = int(iw.sum())
    same = x[src] == x[dst]
    bad = np.where(sign > 0, ~same, same)
    # moving actor i alone turns each of its frustrated edges into a satisfied one and back
    change = np.zeros(n, dtype=np.int64)
    np.add.at(change, src, np.where(bad, -iw, iw))
    np.add.at(change, dst, np.where(bad, -iw, iw))
    camp0 = tuple(n_ for n_, xi in zip(nodes, x) if xi == 0)
    camp1 = tuple(n_ for n_, xi in zip(nodes, x) if xi == 1)
    camps = tuple(sorted((camp0, camp1), key=lambda c: (-len(c), c)))
    return Frustration(
        frustration=cost / 10**DECIMALS,
        index=1 - 2 * cost / total if total else float("nan"),
        camps=camps,
        frustrated_edges=tuple((nodes[src[e]], nodes[dst[e]]) for e in np.flatnonzero(bad)),
        method=method,
        no_camp=no_camp,
        free_to_switch=tuple(a for a, c in zip(nodes, change) if c == 0),
    )


def balance_summary(G: nx.Graph, *, weighted: bool = True) -> dict:
    """Triangle census, frustration index and camps of a signed graph, as one dict."""
    return {**triangle_census(G), **frustration_index(G, weighted=weighted).as_dict()}


def _partition_cost(labels: np.ndarray, src, dst, sign, w, alpha: float) -> float:
    same = labels[src] == labels[dst]
    neg_inside = w[(sign < 0) & same].sum()
    pos_between = w[(sign > 0) & ~same].sum()
    return float(alpha * neg_inside + (1 - alpha) * pos_between)


def signed_blockmodel(
    G: nx.Graph, k: int, *, alpha: float = 0.5, starts: int = 50, seed: int = 0, weighted: bool = True
) -> dict:
    """k-way partition of a signed graph (Doreian & Mrvar 2009): minimise
    P = alpha x (weight of negative ties inside clusters) + (1 - alpha) x (weight of positive
    ties between clusters), by their relocation heuristic (move one node at a time to the
    cluster that lowers P most, until no move helps) from ``starts`` seeded random partitions.

    Parameters
    ----------
    G : networkx.Graph
        An undirected signed graph (edges with ``sign`` +1/-1 and a non-negative ``weight``).
    k : int
        The number of clusters allowed (at least 1); the best partition found may use fewer.
    alpha : float, default 0.5
        Weight of the negative ties inside clusters against the positive ties between them, in
        [0, 1].
    starts : int, default 50
        Number of random starting partitions (at least one is run).
    seed : int, default 0
        Seed of the random generator (:func:`numpy.random.default_rng`).
    weighted : bool, default True
        Use the edges' weights; False counts every edge as 1.

    Returns
    -------
    dict
        ``labels`` (a Series named ``cluster``, indexed by ``actor``: node -> cluster 0..k-1,
        numbered by first appearance in sorted node order), ``criterion`` (the best P found, in the
        weights' unit) and ``clusters`` (tuples of sorted nodes). A node without a signed edge is
        never moved: it keeps its cluster of the winning random start. Empty labels, criterion 0
        and no cluster for a graph without nodes.

    Raises
    ------
    ValueError
        If ``k`` is below 1, ``alpha`` is outside [0, 1], or ``G`` is not an undirected signed graph
        with non-negative weights.

    Notes
    -----
    For k = 2 with alpha = 0.5, 2 x P equals the frustration of the partition.
    """
    if k < 1:
        raise ValueError("k must be at least 1")
    if not 0 <= alpha <= 1:
        raise ValueError("alpha must be between 0 and 1")
    nodes, src, dst, sign, w = _signed_edges(G, weighted)
    w = integer_scale(w).astype(float)  # whole units of 10**-DECIMALS: sums of weights are exact
    n = len(nodes)
    if n == 0:
        return {"labels": pd.Series(dtype=int), "criterion": 0.0, "clusters": ()}
    rng = np.random.default_rng(seed)
    best_labels, best_cost = None, np.inf
    # per node: its neighbours and the weights of its negative and positive ties to them
    neighbours, neg_w, pos_w = [], [], []
    for i in range(n):
        edges = np.flatnonzero((src == i) | (dst == i))
        neighbours.append(np.where(src[edges] == i, dst[edges], src[edges]))
        neg_w.append(np.where(sign[edges] < 0, w[edges], 0.0))
        pos_w.append(np.where(sign[edges] > 0, w[edges], 0.0))
    for _ in range(max(1, starts)):
        labels = rng.integers(0, k, n)
        cost = _partition_cost(labels, src, dst, sign, w, alpha)
        improved = True
        while improved:
            improved = False
            for i in range(n):
                if not len(neighbours[i]):
                    continue
                current = labels[i]
                # the node's share of P for each cluster it could sit in: its negative ties to
                # that cluster, and its positive ties to every other cluster
                where = labels[neighbours[i]]
                costs = alpha * np.bincount(where, weights=neg_w[i], minlength=k) + (1 - alpha) * (
                    pos_w[i].sum() - np.bincount(where, weights=pos_w[i], minlength=k)
                )
                target = int(np.argmin(costs))
                if costs[target] < costs[current] - 1e-6:  # in units of 10**-DECIMALS
                    labels[i] = target
                    cost -= costs[current] - costs[target]
                    improved = True
        cost = _partition_cost(labels, src, dst, sign, w, alpha)
        if cost < best_cost - 1e-6:
            best_cost, best_labels = cost, labels.copy()
    # number clusters by first appearance in sorted node order: the same partition, the same labels
    mapping = {}
    for lab in best_labels:
        mapping.setdefault(int(lab), len(mapping))
    labels = pd.Series([mapping[int(x)] for x in best_labels], index=pd.Index(nodes, name="actor"), name="cluster")
    clusters = tuple(tuple(sorted(labels.index[labels == c])) for c in range(len(mapping)))
    return {"labels": labels, "criterion": round(best_cost / 10**DECIMALS, DECIMALS), "clusters": clusters}
