"""Voting blocs: hierarchical clusters, modularity communities with their stability, a 1-D ordering.

Inputs are the members x members similarity frames of :mod:`analysis.similarity`.
Distances (docs/methods.md, section 2): 1 - A for agreement, (1 - S) / 2 for the S-scores,
(1 - kappa) / 2 and (1 - pi) / 2 for the chance-corrected measures; all lie in [0, 1].
A dyad with too few joint votes (NaN) is given the largest distance, 1.

- Hierarchical: average linkage (UPGMA) on the condensed distance matrix (ward, centroid and
  median assume Euclidean distances and are not offered); the number of blocs is the one with
  the best mean silhouette (Rousseeuw 1987) unless the caller gives it; the cophenetic
  correlation (Sokal & Rohlf 1962) says how faithfully the tree keeps the distances.
- Modularity: Leiden (Traag, Waltman & van Eck 2019; igraph's C implementation, optimising
  modularity until an iteration no longer improves it) on the non-negative similarity graph
  (negative similarities are clipped to 0 and the graph is checked once), over many seeds; the
  consensus partition groups members co-assigned in at least half the runs (directly or through a
  chain of such pairs); stability is the adjusted Rand index (Hubert & Arabie 1985) of each run,
  and of the consensus at each other resolution, against the consensus. Leiden's
  communities are connected, which Louvain's need not be. networkx's Louvain (Blondel et al.
  2008), used before, stays available as ``method="louvain"`` for comparison; one of its runs
  takes 30 to 50 times as long as one of Leiden's on the 193-member General Assembly.
- Ordering: classical multidimensional scaling (Torgerson 1952) of the distances; the first
  dimension, its sign anchored so that a chosen member is negative, with its share of variance.

Distances, silhouettes, positions and partner tables are rounded to
:data:`analysis.precision.DECIMALS` places, and every choice (number of blocs, merge order,
partners' order) is made on those values; partners tied on similarity are listed by code.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd
from scipy.cluster.hierarchy import cophenet, fcluster, linkage
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import connected_components
from scipy.spatial.distance import squareform

from .precision import rounded, sort


@dataclass(frozen=True)
class Blocs:
    """Voting blocs found by one method. Every method fills the shared fields (``method``,
    ``labels``: bloc number per member, numbered from 1 in the order of their first member,
    ``n_blocs``, ``stability``); the rest are the method's own and stay empty for the others."""

    method: str
    labels: pd.Series
    n_blocs: int
    #: mean adjusted Rand index between each seeded run and the consensus (modularity methods);
    #: NaN for average linkage, which is deterministic and has no runs to compare
    stability: float = math.nan
    silhouette: float = math.nan  # average linkage: of the chosen partition
    cophenetic_correlation: float = math.nan  # average linkage: how well the tree keeps the distances
    silhouette_by_k: dict = field(default_factory=dict)  # average linkage: of each candidate number of blocs
    linkage: np.ndarray | None = None  # average linkage: scipy's linkage matrix (the dendrogram)
    coassignment: pd.DataFrame | None = None  # modularity: share of runs that put each pair together
    resolution_ari: dict = field(default_factory=dict)  # modularity: consensus at each resolution vs the chosen


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
    arr = rounded((arr + arr.T) / 2)
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
    return rounded(np.mean(widths))


def hierarchical_blocs(dist: pd.DataFrame, n_blocs: int | None = None, max_blocs: int = 8) -> Blocs:
    """Average-linkage blocs (:class:`Blocs`, method "average linkage"): labels, n_blocs,
    silhouette, cophenetic correlation, the linkage matrix, and the silhouette of each candidate
    number of blocs when ``n_blocs`` was not given (the best is chosen, fewer blocs on a tie).

    Parameters
    ----------
    dist : DataFrame
        Members x members distances in [0, 1] (:func:`distance_matrix`).
    n_blocs : int, optional
        Number of blocs to cut the tree into; None (the default) tries every number from 2 to
        ``max_blocs`` (at most one fewer than the members) and keeps the one with the best mean
        silhouette, an undefined (NaN) silhouette counting as the worst.
    max_blocs : int, default 8
        Largest number of blocs tried when ``n_blocs`` is None.

    Returns
    -------
    Blocs
        ``labels`` (bloc per member, numbered from 1 in the order of their first member), ``n_blocs``
        (the blocs the cut actually gives, which can be fewer than asked),
        ``silhouette`` of that partition, ``cophenetic_correlation``, ``linkage`` (scipy's matrix)
        and ``silhouette_by_k`` (empty when ``n_blocs`` was given); ``stability`` is NaN.

    Raises
    ------
    ValueError
        If ``dist`` has fewer than three members.
    """
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
    return Blocs(
        method="average linkage",
        labels=labels,
        n_blocs=int(labels.nunique()),
        silhouette=silhouette(D, labels.to_numpy()),
        cophenetic_correlation=float(coph),
        silhouette_by_k=scores,
        linkage=Z,
    )


def _relabel(raw, index) -> pd.Series:
    """Blocs numbered 1.. in order of their first member (alphabetical), so labels are stable."""
    raw = list(raw)
    order = {}
    for _member, label in sorted(zip(index, raw)):
        order.setdefault(label, len(order) + 1)
    return pd.Series([order[label] for label in raw], index=index, name="bloc")


def similarity_graph(sim: pd.DataFrame, threshold: float = 0.0) -> nx.Graph:
    """Weighted graph of similarities above ``threshold`` (negative values never become weights)."""
    members = sorted(sim.index)
    W = sim.loc[members, members].to_numpy(dtype=float)
    rows, cols = np.triu_indices(len(members), k=1)  # every pair once, in sorted order
    w = W[rows, cols]
    keep = ~np.isnan(w) & (w > threshold) & (w > 0)
    G = nx.Graph()
    G.add_nodes_from(members)
    G.add_weighted_edges_from((members[a], members[b], float(x)) for a, b, x in zip(rows[keep], cols[keep], w[keep]))
    return G


def _check_weights(G: nx.Graph) -> None:
    # networkx's Louvain accepts negative weights and silently returns a wrong partition
    if any(d["weight"] < 0 for _, _, d in G.edges(data=True)):
        raise ValueError("community detection received a negative weight")


def _louvain(G: nx.Graph, resolution: float, seed: int) -> list[set]:
    """One Louvain run; the caller has checked the weights (:func:`_check_weights`)."""
    return nx.community.louvain_communities(G, weight="weight", resolution=resolution, seed=seed)


def to_igraph(G: nx.Graph):
    """The undirected weighted graph G as an igraph Graph: vertices in sorted order (attribute
    ``name``), edges in sorted order with their ``weight``. networkx stays the package's graph
    API; this conversion is made once per computation."""
    import igraph

    nodes = sorted(G.nodes)
    index = {n: i for i, n in enumerate(nodes)}
    edges = sorted(
        (min(index[u], index[v]), max(index[u], index[v]), float(d["weight"])) for u, v, d in G.edges(data=True)
    )
    g = igraph.Graph(n=len(nodes), edges=[(a, b) for a, b, _ in edges])
    g.vs["name"] = nodes
    g.es["weight"] = [w for _, _, w in edges]
    # the same weights as a plain list, kept on the graph: igraph converts an attribute name to a list
    # on every call, a quarter of a Leiden run's time on the General Assembly graph
    g["weight_list"] = g.es["weight"]
    return g


def _leiden(g, resolution: float, seed: int) -> list[set]:
    """One Leiden run on the igraph graph ``g`` (modularity, iterated until stable), seeded with a
    private random generator; returns the communities as sets of vertex names."""
    import igraph

    weights = g["weight_list"] if "weight_list" in g.attributes() else "weight"
    igraph.set_random_number_generator(random.Random(seed))
    try:
        part = g.community_leiden(
            objective_function="modularity", weights=weights, resolution=resolution, n_iterations=-1
        )
    finally:
        igraph.set_random_number_generator(random)
    names = g.vs["name"]
    return [{names[i] for i in members} for members in part]


#: Seeds of the networkx Louvain consensus that notebook 02 compares the Leiden consensus with (the
#: method used before Leiden): fewer than Leiden's 50, as a Louvain run takes 30 to 50 times as long on
#: the General Assembly; on the project's Council and Assembly graphs 5 seeds give the consensus of 50
#: (tests/test_blocs.py checks it).
LOUVAIN_COMPARISON_SEEDS = 5

#: Community detection methods of :func:`modularity_blocs`: name -> (prepare the graph once, one run).
COMMUNITY_METHODS = {
    "leiden": (to_igraph, _leiden),
    "louvain": (lambda G: G, _louvain),
}


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


def modularity_blocs(
    sim: pd.DataFrame,
    *,
    method: str = "leiden",
    resolution: float = 1.0,
    seeds: int = 50,
    seed: int = 0,
    resolutions=(0.5, 0.75, 1.0, 1.5, 2.0),
    threshold: float = 0.0,
) -> Blocs:
    """Modularity communities over many seeds with a consensus partition and its stability.

    ``method`` is 'leiden' (igraph, the default) or 'louvain' (networkx). The graph is
    :func:`similarity_graph` of ``sim``, built and checked once; at a resolution,
    ``seeds`` runs are made, and the consensus joins two members when they are co-assigned in at
    least half the runs, directly or through a chain of such pairs (the connected components of
    the co-assignment graph).

    Parameters
    ----------
    sim : DataFrame
        Members x members similarity (:func:`analysis.similarity.similarity`); NaN, zero and
        negative values, and values not above ``threshold``, give no edge.
    method : {"leiden", "louvain"}, default "leiden"
        One of :data:`COMMUNITY_METHODS`.
    resolution : float, default 1.0
        Modularity resolution of the consensus returned (larger gives more, smaller blocs).
    seeds : int, default 50
        Number of runs at each resolution.
    seed : int, default 0
        Seed of the generator that draws each run's seed, so the result is reproducible.
    resolutions : sequence of float, default (0.5, 0.75, 1.0, 1.5, 2.0)
        Resolutions whose consensus (from a fresh set of ``seeds`` runs each) is compared with the
        chosen one.
    threshold : float, default 0.0
        Only similarities above it become edges.

    Returns
    -------
    Blocs
        labels (the consensus, numbered from 1 in the order of their first member), n_blocs,
        method, stability (mean ARI between each run and the consensus), coassignment (members x
        members share of runs that put the pair together) and resolution_ari (ARI of the consensus
        at each resolution against the chosen one, keyed by resolution).

    Raises
    ------
    ValueError
        If ``method`` is not one of :data:`COMMUNITY_METHODS`.
    """
    if method not in COMMUNITY_METHODS:
        raise ValueError(f"method must be one of {', '.join(COMMUNITY_METHODS)}, not {method!r}")
    prepare, detect = COMMUNITY_METHODS[method]
    G = similarity_graph(sim, threshold)
    _check_weights(G)  # once: the same graph serves every seed and resolution
    members = sorted(G.nodes)
    graph = prepare(G)
    rng = np.random.default_rng(seed)

    def consensus_at(res):
        runs = [_labels(detect(graph, res, int(s)), members) for s in rng.integers(0, 2**31 - 1, seeds)]
        together = sum(np.equal.outer(r, r).astype(int) for r in runs)  # runs that put each pair together
        _, component = connected_components(csr_matrix(2 * together >= len(runs)), directed=False)
        cons = _labels([{m for m, c in zip(members, component) if c == k} for k in set(component.tolist())], members)
        return cons, together / len(runs), runs

    cons, co, runs = consensus_at(resolution)
    seed_ari = float(np.mean([adjusted_rand_index(r, cons) for r in runs]))
    by_res = {float(r): adjusted_rand_index(consensus_at(r)[0], cons) for r in resolutions}
    labels = _relabel(cons + 1, pd.Index(members))
    return Blocs(
        method=method,
        labels=labels,
        n_blocs=int(labels.nunique()),
        stability=seed_ari,
        coassignment=pd.DataFrame(co, index=members, columns=members),
        resolution_ari=by_res,
    )


def members(labels: pd.Series) -> dict[int, list[str]]:
    """The members of each bloc: bloc number -> its members' codes in alphabetical order, blocs in
    numerical order.

    Parameters
    ----------
    labels : Series
        Each member's bloc number (the ``labels`` of a :class:`Blocs`).

    Returns
    -------
    dict of int to list of str
    """
    return {int(b): sorted(map(str, labels.index[labels == b])) for b in sorted(labels.unique())}


#: The bloc methods of :func:`find_blocs`: average linkage on the distances, or modularity communities.
BLOC_METHODS = ("hierarchical", *COMMUNITY_METHODS)


def find_blocs(
    sim: pd.DataFrame,
    measure: str,
    method: str = "hierarchical",
    *,
    n_blocs: int | None = None,
    resolution: float = 1.0,
    seed: int = 0,
) -> Blocs:
    """Voting blocs by one of :data:`BLOC_METHODS`.

    Parameters
    ----------
    sim : DataFrame
        Members x members similarity of ``measure`` (:func:`analysis.similarity.similarity`).
    measure : str
        The similarity measure of ``sim``, which fixes its distance (:data:`DISTANCE`).
    method : {"hierarchical", "leiden", "louvain"}
        "hierarchical": :func:`hierarchical_blocs` on the distances; "leiden" or "louvain":
        :func:`modularity_blocs` on the similarities, negative values set to 0.
    n_blocs : int, optional
        Number of blocs (hierarchical only); None chooses it by silhouette.
    resolution : float
        Modularity resolution (leiden and louvain).
    seed : int
        Seed of the community detection's runs.

    Returns
    -------
    Blocs
        As returned by :func:`hierarchical_blocs` or :func:`modularity_blocs`.

    Raises
    ------
    ValueError
        When ``method`` or ``measure`` is not a known one.
    """
    if method not in BLOC_METHODS:
        raise ValueError(f"method = {method!r} is not one of: {', '.join(BLOC_METHODS)}")
    dist = distance_matrix(sim, measure)
    if method == "hierarchical":
        return hierarchical_blocs(dist, n_blocs=n_blocs)
    return modularity_blocs(sim.clip(lower=0), method=method, resolution=resolution, seed=seed)


def ordering(dist: pd.DataFrame, anchor: str | None = None) -> tuple[pd.Series, float]:
    """First classical-MDS dimension of the distances, sign anchored (anchor < 0), and its
    share of the positive eigenvalues. Describes one window; never compare across windows."""
    D = dist.to_numpy()
    n = len(D)
    J = np.eye(n) - np.ones((n, n)) / n
    B = -0.5 * J @ (D**2) @ J
    vals, vecs = np.linalg.eigh(B)
    order = np.argsort(vals)[::-1]
    vals, vecs = vals[order], vecs[:, order]
    coord = rounded(vecs[:, 0] * np.sqrt(max(vals[0], 0)))
    pos = pd.Series(coord, index=dist.index, name="position")
    if anchor is not None:
        if anchor not in pos.index:
            raise ValueError(f"anchor {anchor!r} is not among the members")
        if pos[anchor] > 0:
            pos = -pos
    share = rounded(vals[0] / vals[vals > 0].sum()) if (vals > 0).any() else float("nan")
    return pos, share


def focal_partners(
    sim: pd.DataFrame, lower: pd.DataFrame, upper: pd.DataFrame, focal: str, n: int = 8
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The focal member's closest and farthest partners: similarity with its bootstrap interval.

    Parameters
    ----------
    sim : DataFrame
        Members x members similarity (:func:`analysis.similarity.similarity`).
    lower, upper : DataFrame
        Bounds of the similarity's bootstrap interval (:func:`analysis.similarity.bootstrap`), with
        at least the focal member's row.
    focal : str
        The focal member's code.
    n : int, default 8
        How many partners each table lists.

    Returns
    -------
    closest, farthest : DataFrame
        The ``n`` partners (index ``partner``) with the highest and with the lowest similarity to
        ``focal``, columns ``similarity``, ``lower`` and ``upper``; partners tied on similarity are
        listed by code, and partners without a similarity value are left out.

    Raises
    ------
    ValueError
        If ``focal`` is not a member of ``sim`` (it did not vote in the selection).
    """
    if focal not in sim.index:
        raise ValueError(f"{focal!r} did not vote in this selection")
    table = pd.DataFrame({"similarity": sim.loc[focal], "lower": lower.loc[focal], "upper": upper.loc[focal]})
    table = table.drop(index=focal).dropna(subset=["similarity"])
    table.index.name = "partner"
    closest = sort(table, "similarity", ascending=False).head(n)
    farthest = sort(table, "similarity", ascending=True).head(n)
    return closest, farthest


def compare_partitions(a: pd.Series, b: pd.Series) -> dict:
    """Agreement of two partitions over the members they share: ARI and the shared count."""
    common = sorted(set(a.index) & set(b.index))
    if len(common) < 2:
        return {"members": len(common), "ari": float("nan")}
    return {"members": len(common), "ari": adjusted_rand_index(a[common].to_numpy(), b[common].to_numpy())}


def leiden_blocs(sim: pd.DataFrame, **options) -> Blocs:
    """:func:`modularity_blocs` with Leiden (igraph)."""
    return modularity_blocs(sim, method="leiden", **options)


def louvain_blocs(sim: pd.DataFrame, **options) -> Blocs:
    """:func:`modularity_blocs` with networkx's Louvain (the method before Leiden, for comparison)."""
    return modularity_blocs(sim, method="louvain", **options)


def modularity(G: nx.Graph, labels: pd.Series, resolution: float = 1.0) -> float:
    """Newman's weighted modularity of a partition of G (networkx's definition), rounded.

    Parameters
    ----------
    G : networkx.Graph
        The weighted graph (edge attribute ``weight``), such as :func:`similarity_graph`.
    labels : Series
        Bloc per member (:attr:`Blocs.labels`); the blocs must cover every node of ``G`` once.
    resolution : float, default 1.0
        Modularity resolution.

    Returns
    -------
    float
        The modularity, rounded to :data:`analysis.precision.DECIMALS` places.

    Raises
    ------
    networkx.NetworkXError
        networkx's ``NotAPartition``, if the blocs of ``labels`` are not a partition of the nodes of
        ``G``.
    """
    communities = [set(labels.index[labels == b]) for b in sorted(labels.unique())]
    return rounded(nx.community.modularity(G, communities, weight="weight", resolution=resolution))
