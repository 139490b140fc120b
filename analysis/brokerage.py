"""Gould-Fernandez brokerage roles, with a permutation null.

Gould, R. V. & Fernandez, R. M. (1989). Structures of mediation: a formal approach to
brokerage in transaction networks. Sociological Methodology 19, 89-126.

Node j brokers the ordered pair (i, k) when i -> j -> k, i != k, and there is no tie i -> k.
With g() the group of a node, the role is

- coordinator     g(i) = g(j) = g(k)
- itinerant       g(i) = g(k) != g(j)      (also called consultant)
- representative  g(i) = g(j) != g(k)
- gatekeeper      g(i) != g(j) = g(k)
- liaison         g(i), g(j), g(k) all different

and a node's score for a role is the number of ordered pairs it brokers in that role. The
roles are implemented from these path definitions (docs/methods.md, section 5); they agree with
the brokerage function of the R package sna 2.7.1, checked on the default network. An
undirected graph is read as having both directions of every edge, so representative and
gatekeeper counts coincide.

The null model permutes the group labels over the nodes (group sizes kept, graph kept), a
seeded Monte Carlo: the total brokerage of a node does not change, its split over roles does.
Each count is reported with the null's mean and standard deviation, a z-score, and the
one-sided p-value P(null >= observed) with the +1 correction of Davison & Hinkley (1997).
"""

from __future__ import annotations

from collections.abc import Mapping

import networkx as nx
import numpy as np
import pandas as pd

ROLES = ("coordinator", "itinerant", "representative", "gatekeeper", "liaison")


def _role_index(gi, gj, gk) -> int:
    if gi == gj == gk:
        return 0
    if gi == gk:
        return 1
    if gi == gj:
        return 2
    if gj == gk:
        return 3
    return 4


def _brokered_pairs(G: nx.Graph) -> dict[str, list[tuple[str, str]]]:
    D = G if G.is_directed() else G.to_directed()
    pairs = {}
    for j in sorted(D.nodes):
        found = []
        for i in sorted(D.predecessors(j)):
            for k in sorted(D.successors(j)):
                if i != k and i != j and k != j and not D.has_edge(i, k):
                    found.append((i, k))
        pairs[j] = found
    return pairs


def _counts(pairs: dict[str, list[tuple[str, str]]], group: Mapping[str, object], nodes: list[str]) -> np.ndarray:
    out = np.zeros((len(nodes), len(ROLES)), dtype=int)
    for row, j in enumerate(nodes):
        gj = group[j]
        for i, k in pairs[j]:
            out[row, _role_index(group[i], gj, group[k])] += 1
    return out


def _role_counts(triples: np.ndarray, group: np.ndarray, n: int) -> np.ndarray:
    """:func:`_counts` for integer group codes (``group[position]``) and the brokered pairs as
    (broker, source, target) position triples: nodes x roles, in whole numbers."""
    gj, gi, gk = group[triples[:, 0]], group[triples[:, 1]], group[triples[:, 2]]
    role = np.select([(gi == gj) & (gj == gk), gi == gk, gi == gj, gj == gk], [0, 1, 2, 3], default=4)
    return np.bincount(triples[:, 0] * len(ROLES) + role, minlength=n * len(ROLES)).reshape(n, len(ROLES))


def brokerage_roles(G: nx.Graph, groups: Mapping[str, object]) -> pd.DataFrame:
    """Counts of each brokerage role per node (index: node, sorted; one column per role, plus total)."""
    nodes = sorted(G.nodes)
    missing = [n for n in nodes if n not in groups]
    if missing:
        raise ValueError(f"no group given for: {', '.join(missing)}")
    counts = _counts(_brokered_pairs(G), groups, nodes)
    table = pd.DataFrame(counts, index=pd.Index(nodes, name="actor"), columns=list(ROLES))
    table["total"] = table.sum(axis=1)
    return table


def brokerage_null(
    G: nx.Graph, groups: Mapping[str, object], n_permutations: int = 1000, seed: int = 0
) -> pd.DataFrame:
    """Observed role counts against the group-permutation null, in long form.

    The group labels are permuted over the nodes ``n_permutations`` times (group sizes and graph
    kept) and the role counts recomputed for each permutation.

    Parameters
    ----------
    G : networkx.Graph
        The network; an undirected graph is read as having both directions of every edge.
    groups : Mapping
        Node -> group, for every node of ``G``; equal values are the same group.
    n_permutations : int, default 1000
        Number of random permutations drawn.
    seed : int, default 0
        Seed of the random generator (:func:`numpy.random.default_rng`).

    Returns
    -------
    DataFrame
        One row per node (sorted) and role (in :data:`ROLES` order), with the columns actor, role,
        observed, null_mean, null_sd (the sample standard deviation, ddof = 1; 0 with a single
        permutation), z (NaN when the null has no spread) and p_value (one-sided,
        P(null >= observed), with the +1 correction: (count + 1) / (n_permutations + 1)).

    Raises
    ------
    ValueError
        If a node of ``G`` has no group.
    """
    nodes = sorted(G.nodes)
    observed_table = brokerage_roles(G, groups)
    pairs = _brokered_pairs(G)
    position = {n: i for i, n in enumerate(nodes)}
    # every brokered pair as (broker j, source i, target k) positions, for all permutations at once
    triples = np.array(
        [(position[j], position[i], position[k]) for j in nodes for i, k in pairs[j]], dtype=int
    ).reshape(-1, 3)
    code_of = {g: c for c, g in enumerate(dict.fromkeys(groups[n] for n in nodes))}  # equal groups, equal codes
    codes = np.array([code_of[groups[n]] for n in nodes], dtype=int)
    rng = np.random.default_rng(seed)
    observed = observed_table[list(ROLES)].to_numpy()
    draws = np.empty((n_permutations,) + observed.shape, dtype=int)
    for b in range(n_permutations):
        perm = rng.permutation(len(nodes))
        draws[b] = _role_counts(triples, codes[perm], len(nodes))
    mean, sd = draws.mean(axis=0), draws.std(axis=0, ddof=1) if n_permutations > 1 else np.zeros(observed.shape)
    with np.errstate(divide="ignore", invalid="ignore"):
        z = np.where(sd > 0, (observed - mean) / np.where(sd > 0, sd, 1), np.nan)
    p = ((draws >= observed[None]).sum(axis=0) + 1) / (n_permutations + 1)
    rows = []
    for a, actor in enumerate(nodes):
        for r, role in enumerate(ROLES):
            rows.append(
                {
                    "actor": actor,
                    "role": role,
                    "observed": int(observed[a, r]),
                    "null_mean": float(mean[a, r]),
                    "null_sd": float(sd[a, r]),
                    "z": float(z[a, r]),
                    "p_value": float(p[a, r]),
                }
            )
    return pd.DataFrame(rows)


#: How :func:`groups_of` puts actors into groups for the brokerage roles.
GROUPINGS = ("camps", "region", "kind")


def groups_of(G: nx.Graph, groups: str, actors: pd.DataFrame, ties: pd.DataFrame, start=None, end=None) -> dict:
    """Each node of G with its group: ``camps`` (the two camps of the best split of the signed
    standing ties in force over [start, end], :func:`analysis.balance.frustration_index`),
    ``region`` or ``kind`` (columns of the actors table); 'none' where an actor has no group.

    Parameters
    ----------
    G : networkx.Graph
        The network whose nodes are grouped.
    groups : {"camps", "region", "kind"}
        The grouping (:data:`GROUPINGS`).
    actors : DataFrame
        The actors table (``actor_id`` and the ``region`` and ``kind`` columns); used for
        ``region`` and ``kind``.
    ties : DataFrame
        The standing ties; used for ``camps`` (:func:`analysis.graphs.tie_network`).
    start, end : date-like or None, optional
        The window of the ties in force, for ``camps``; a tie overlapping it counts, and None
        leaves that end open.

    Returns
    -------
    dict
        Node -> group as a string: 'camp 1' or 'camp 2' for ``camps`` (camp 1 the larger), the
        actor's ``region`` or ``kind`` otherwise; 'none' for an actor without a signed tie in
        force, without a value in the column, or not in the actors table.

    Raises
    ------
    ValueError
        If ``groups`` is not one of :data:`GROUPINGS`.
    """
    if groups not in GROUPINGS:
        raise ValueError(f"groups = {groups!r} is not one of: {', '.join(GROUPINGS)}.")
    if groups == "camps":
        from .balance import frustration_index
        from .graphs import tie_network

        group_of = frustration_index(tie_network(ties, start=start, end=end)).camp_of()
    else:
        column = actors.set_index("actor_id")[groups]
        group_of = column.astype(object).where(column.notna(), "none").astype(str).to_dict()
    return {a: group_of.get(a, "none") for a in G.nodes}


def cooperative_links(G: nx.Graph) -> nx.Graph:
    """The links of G with a positive sign (brokerage is about who passes cooperation on), nodes
    and edges in sorted order; every node kept."""
    cooperative = G.__class__()
    cooperative.add_nodes_from(sorted(G.nodes))
    cooperative.add_edges_from(sorted((u, v) for u, v, d in G.edges(data=True) if d.get("sign", 1) > 0))
    return cooperative


def role_table(brokers: pd.DataFrame) -> pd.DataFrame:
    """The observed count of each role per actor (one column per role, in :data:`ROLES` order) and
    their total, from the long table of :func:`brokerage_null`."""
    wide = brokers.pivot(index="actor", columns="role", values="observed")[list(ROLES)]
    wide["total"] = wide.sum(axis=1)
    return wide
