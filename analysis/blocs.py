"""Voting blocs: hierarchical clusters, modularity communities with their stability, a 1-D ordering.

Inputs are the members x members similarity frames of :mod:`analysis.similarity`.
Distances (shared/METHODS.md, section 2): 1 - A for agreement, (1 - S) / 2 for the S-scores,
(1 - kappa) / 2 and (1 - pi) / 2 for the chance-corrected measures; all lie in [0, 1].
A dyad with too few joint votes (NaN) is given the largest distance, 1.

- Hierarchical: average linkage (UPGMA) on the condensed distance matrix (ward, centroid and
  median assume Euclidean distances and are not offered); the number of blocs is the one with
  the best mean silhouette (Rousseeuw 1987) unless the caller gives it; the cophenetic
  correlation (Sokal & Rohlf 1962) says how faithfully the tree keeps the distances.
- Modularity: Louvain (Blondel et al. 2008) on the non-negative similarity graph (negative
  similarities are clipped to 0 and the graph is checked before every call), over many seeds;
  the consensus partition groups members co-assigned in at least half the runs; stability is
  the adjusted Rand index (Hubert & Arabie 1985) between runs and across resolutions.
- Ordering: classical multidimensional scaling (Torgerson 1952) of the distances; the first
  dimension, its sign anchored so that a chosen member is negative, with its share of variance.
"""
from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import cophenet, fcluster, linkage
from scipy.spatial.distance import squareform

DISTANCE = {
    "agreement": lambda s: 1 - s,
    "s_abs": lambda s: (1 - s) / 2,
    "s_sq": lambda s: (1 - s) / 2,
    "kappa": lambda s: (1 - s) / 2,
    "pi": lambda s: (1 - s) / 2,
}


def distance_matrix(sim: pd.DataFrame, measure: str) -> pd.DataFrame:
    """Distances in [0, 1] from a similarity frame; missing dyads at distance 1, diagonal 0."""
    if measure not in DISTANCE:
        raise ValueError(f"measure must be one of {', '.join(DISTANCE)}")
    d = DISTANCE[measure](sim.astype(float)).clip(0, 1).fillna(1.0)
    arr = d.to_numpy(copy=True)
    arr = (arr + arr.T) / 2
    np.fill_diagonal(arr, 0.0)
    return pd.DataFrame(arr, index=sim.index, columns=sim.columns)


def silhouette(dist: np.ndarray, labels: np.ndarray) -> float:
    """Mean silhouette width (Rousseeuw 1987) of a labelling on a precomputed distance matrix."""
    labels = np.asarray(labels)
    uniq = np.unique(labels)
    if len(uniq) < 2 or len(uniq) >= len(labels):
        return float("nan")
    widths = []
    for i in range(len(labels)):
        own = labels == labels[i]
        if own.sum() == 1:
            widths.append(0.0)
            continue
        a = dist[i, own & (np.arange(len(labels)) != i)].mean()
        b = min(dist[i, labels == k].mean() for k in uniq if k != labels[i])
        widths.append((b - a) / max(a, b) if max(a, b) > 0 else 0.0)
    return float(np.mean(widths))


def hierarchical_blocs(dist: pd.DataFrame, n_blocs: int | None = None, max_blocs: int = 8) -> dict:
    """Average-linkage blocs. Returns labels (Series), n_blocs, silhouette, cophenetic correlation,
    and the silhouette of each candidate number of blocs when it was chosen."""
    D = dist.to_numpy()
    n = len(D)
    if n < 3:
        raise ValueError("blocs need at least three members")
    Z = linkage(squareform(D, checks=False), method="average")
    coph, _ = cophenet(Z, squareform(D, checks=False))
    scores = {}
    if n_blocs is None:
        for k in range(2, min(max_blocs, n - 1) + 1):
            scores[k] = silhouette(D, fcluster(Z, k, criterion="maxclust"))
        n_blocs = max(scores, key=lambda k: (np.nan_to_num(scores[k], nan=-2), -k))
    labels = _relabel(fcluster(Z, n_blocs, criterion="maxclust"), dist.index)
    return {"labels": labels, "n_blocs": int(labels.nunique()), "silhouette": silhouette(D, labels.to_numpy()),
            "cophenetic_correlation": float(coph), "silhouette_by_k": scores, "linkage": Z}


def _relabel(raw, index) -> pd.Series:
    """Blocs numbered 1.. in order of their first member (alphabetical), so labels are stable."""
    raw = list(raw)
    order = {}
    for member, lab in sorted(zip(index, raw)):
        order.setdefault(lab, len(order) + 1)
    return pd.Series([order[l] for l in raw], index=index, name="bloc")


def similarity_graph(sim: pd.DataFrame, threshold: float = 0.0) -> nx.Graph:
    """Weighted graph of similarities above ``threshold`` (negative values never become weights)."""
    G = nx.Graph()
    members = sorted(sim.index)
    G.add_nodes_from(members)
    for a, b in itertools.combinations(members, 2):
        w = sim.loc[a, b]
        if pd.notna(w) and w > threshold and w > 0:
            G.add_edge(a, b, weight=float(w))
    return G


def _check_weights(G: nx.Graph) -> None:
    # networkx's Louvain accepts negative weights and silently returns a wrong partition
    if any(d["weight"] < 0 for _, _, d in G.edges(data=True)):
        raise ValueError("community detection received a negative weight")


def _louvain(G: nx.Graph, resolution: float, seed: int) -> list[set]:
    """One Louvain run; the caller has checked the weights (:func:`_check_weights`)."""
    return nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)


def _labels(communities: list[set], members: list[str]) -> np.ndarray:
    lab = {}
    for i, c in enumerate(sorted(communities, key=lambda c: sorted(c)[0])):
        for m in c:
            lab[m] = i
    return np.array([lab[m] for m in members])


def adjusted_rand_index(a, b) -> float:
    """Adjusted Rand index of two labellings (Hubert & Arabie 1985); 1 = identical partitions."""
    a, b = np.asarray(a), np.asarray(b)
    _, ai = np.unique(a, return_inverse=True)
    _, bi = np.unique(b, return_inverse=True)
    table = np.zeros((ai.max() + 1, bi.max() + 1))
    np.add.at(table, (ai, bi), 1)
    comb = lambda x: x * (x - 1) / 2  # noqa: E731
    index = comb(table).sum()
    rows, cols = comb(table.sum(1)).sum(), comb(table.sum(0)).sum()
    expected = rows * cols / comb(len(a)) if len(a) > 1 else 0.0
    top = (rows + cols) / 2
    return 1.0 if top == expected else float((index - expected) / (top - expected))


def louvain_blocs(sim: pd.DataFrame, *, resolution: float = 1.0, seeds: int = 50, seed: int = 0,
                  resolutions=(0.5, 0.75, 1.0, 1.5, 2.0), threshold: float = 0.0) -> dict:
    """Louvain over many seeds with a consensus partition and its stability.

    Returns labels (consensus, Series), coassignment (members x members share of runs that put
    the pair together), seed_ari (mean ARI between each run and the consensus), and
    resolution_ari (ARI of the consensus at each resolution against the chosen one).
    """
    G = similarity_graph(sim, threshold)
    _check_weights(G)  # once: the same graph serves every seed and resolution
    members = sorted(G.nodes)
    rng = np.random.default_rng(seed)

    def consensus_at(res):
        runs = [_labels(_louvain(G, res, int(s)), members) for s in rng.integers(0, 2**31 - 1, seeds)]
        co = np.mean([np.equal.outer(r, r) for r in runs], axis=0)
        H = nx.Graph()
        H.add_nodes_from(range(len(members)))
        H.add_edges_from((i, j) for i, j in itertools.combinations(range(len(members)), 2) if co[i, j] >= 0.5)
        cons = _labels([{members[i] for i in c} for c in nx.connected_components(H)], members)
        return cons, co, runs

    cons, co, runs = consensus_at(resolution)
    seed_ari = float(np.mean([adjusted_rand_index(r, cons) for r in runs]))
    by_res = {float(r): adjusted_rand_index(consensus_at(r)[0], cons) for r in resolutions}
    labels = _relabel(cons + 1, pd.Index(members))
    return {"labels": labels, "n_blocs": int(labels.nunique()),
            "coassignment": pd.DataFrame(co, index=members, columns=members),
            "seed_ari": seed_ari, "resolution_ari": by_res}


def ordering(dist: pd.DataFrame, anchor: str | None = None) -> tuple[pd.Series, float]:
    """First classical-MDS dimension of the distances, sign anchored (anchor < 0), and its
    share of the positive eigenvalues. Describes one window; never compare across windows."""
    D = dist.to_numpy()
    n = len(D)
    J = np.eye(n) - np.ones((n, n)) / n
    B = -0.5 * J @ (D ** 2) @ J
    vals, vecs = np.linalg.eigh(B)
    order = np.argsort(vals)[::-1]
    vals, vecs = vals[order], vecs[:, order]
    coord = vecs[:, 0] * np.sqrt(max(vals[0], 0))
    pos = pd.Series(coord, index=dist.index, name="position")
    if anchor is not None:
        if anchor not in pos.index:
            raise ValueError(f"anchor {anchor!r} is not among the members")
        if pos[anchor] > 0:
            pos = -pos
    share = float(vals[0] / vals[vals > 0].sum()) if (vals > 0).any() else float("nan")
    return pos, share


def focal_partners(sim: pd.DataFrame, lower: pd.DataFrame, upper: pd.DataFrame, focal: str, n: int = 8
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The focal member's closest and farthest partners: similarity with its bootstrap interval."""
    if focal not in sim.index:
        raise ValueError(f"{focal!r} did not vote in this selection")
    table = pd.DataFrame({"similarity": sim.loc[focal], "lower": lower.loc[focal], "upper": upper.loc[focal]})
    table = table.drop(index=focal).dropna(subset=["similarity"])
    table.index.name = "partner"
    order = table.assign(_p=table.index).sort_values(["similarity", "_p"], ascending=[False, True]).drop(columns="_p")
    closest = order.head(n)
    farthest = table.assign(_p=table.index).sort_values(["similarity", "_p"], ascending=[True, True]).drop(columns="_p").head(n)
    return closest, farthest


def compare_partitions(a: pd.Series, b: pd.Series) -> dict:
    """Agreement of two partitions over the members they share: ARI and the shared count."""
    common = sorted(set(a.index) & set(b.index))
    if len(common) < 2:
        return {"members": len(common), "ari": float("nan")}
    return {"members": len(common), "ari": adjusted_rand_index(a[common].to_numpy(), b[common].to_numpy())}
