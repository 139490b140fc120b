"""Figures shared by the notebooks: networks with a deterministic layout, focal actor highlighted.

Layouts are seeded and computed on graphs built from sorted edge lists, so a re-run draws the
same picture. Edge colour shows sign: green positive, red negative, grey neutral.
"""

from __future__ import annotations

import matplotlib.pyplot as plt
import networkx as nx
import numpy as np
import pandas as pd
import seaborn as sns
from matplotlib.text import Text

from .precision import sort

SIGN_COLOURS = {1: "#2e7d32", -1: "#c62828", 0: "#9e9e9e"}
FOCAL_COLOUR, OTHER_COLOUR = "#f9a825", "#90a4ae"


def layout(G: nx.Graph, seed: int = 0, weight: str | None = "weight") -> dict:
    """A seeded spring layout over the undirected, sorted version of G.

    Parameters
    ----------
    G : networkx.Graph
        The network; a directed graph's two directions of a pair add up to one edge.
    seed : int, default 0
        Seed of :func:`networkx.spring_layout`.
    weight : str or None, default "weight"
        The edge attribute pulling nodes together, as an absolute value (1 when an edge lacks it);
        None lays the graph out unweighted.

    Returns
    -------
    dict
        Node -> (x, y) as floats; empty for a graph without nodes.
    """
    U = nx.Graph()
    U.add_nodes_from(sorted(G.nodes))
    for u, v, d in sorted(G.edges(data=True), key=lambda e: (str(e[0]), str(e[1]))):
        w = abs(float(d.get(weight, 1.0))) if weight else 1.0
        if U.has_edge(u, v):
            U.edges[u, v]["w"] += w
        else:
            U.add_edge(u, v, w=w)
    if U.number_of_nodes() == 0:
        return {}
    pos = nx.spring_layout(U, weight="w" if weight else None, seed=seed, k=1.5 / np.sqrt(max(len(U), 1)))
    return {n: (float(x), float(y)) for n, (x, y) in pos.items()}


def draw_network(
    G: nx.Graph,
    focal: str | None = None,
    *,
    ax=None,
    seed: int = 0,
    title: str | None = None,
    node_size: dict | None = None,
    max_width: float = 4.0,
):
    """Draw G: node size by ``node_size`` (default degree), edge width by weight, colour by sign.

    Parameters
    ----------
    G : networkx.Graph
        The network; edges may carry ``weight`` (1 when absent) and ``sign`` (grey when absent or
        0). A directed graph gets arrowheads (:func:`arrowheads`).
    focal : str, optional
        The node drawn in the focal colour with a thicker outline.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on; None makes a new figure.
    seed : int, default 0
        Seed of the layout (:func:`layout`, on the edges' ``weight``).
    title : str, optional
        The axes' title; None or "" leaves it untitled.
    node_size : dict, optional
        Node -> size, scaled so the largest is drawn largest (a node it lacks counts 0); None or
        empty uses the degree.
    max_width : float, default 4.0
        Width added to the thinnest line (0.5) for the edge of largest absolute weight; the others
        in proportion.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = ax or plt.subplots(figsize=(8, 8))[1]
    pos = layout(G, seed)
    weights = np.array([abs(float(d.get("weight", 1.0))) for _, _, d in G.edges(data=True)] or [1.0])
    top = weights.max() or 1.0
    edges = list(G.edges(data=True))
    colours = [SIGN_COLOURS.get(int(np.sign(d.get("sign", 0))), SIGN_COLOURS[0]) for _, _, d in edges]
    # straight lines in one collection; a directed graph's arrowheads as one more (networkx draws
    # each directed edge as its own arrow patch, which made this figure most of a notebook's time)
    nx.draw_networkx_edges(
        G,
        pos,
        ax=ax,
        edgelist=[(u, v) for u, v, _ in edges],
        edge_color=colours,
        width=[0.5 + max_width * abs(float(d.get("weight", 1.0))) / top for _, _, d in edges],
        alpha=0.6,
        arrows=False,
    )
    if G.is_directed() and edges:
        ax.add_collection(arrowheads(pos, [(u, v) for u, v, _ in edges], colours))
    sizes = node_size or dict(G.degree())
    biggest = max(sizes.values(), default=1) or 1
    nodes = sorted(G.nodes)
    nx.draw_networkx_nodes(
        G,
        pos,
        ax=ax,
        nodelist=nodes,
        node_color=[FOCAL_COLOUR if n == focal else OTHER_COLOUR for n in nodes],
        node_size=[120 + 900 * sizes.get(n, 0) / biggest for n in nodes],
        edgecolors="black",
        linewidths=[2.0 if n == focal else 0.5 for n in nodes],
    )
    nx.draw_networkx_labels(G, pos, ax=ax, font_size=8)
    ax.set_axis_off()
    if title:
        ax.set_title(title)
    return ax


def arrowheads(pos: dict, edges: list[tuple], colours: list, size: float = 0.009, at: float = 0.62):
    """One PolyCollection of triangles, one per directed edge (u, v), placed ``at`` of the way from
    u to v and pointing to v (so the two heads of a reciprocal pair do not overlap); ``size`` is a
    share of the layout's extent.

    Parameters
    ----------
    pos : dict
        Node -> (x, y), as from :func:`layout`.
    edges : list of tuple
        The directed edges (u, v).
    colours : list
        One colour per edge, in the order of ``edges``.
    size : float, default 0.009
        The head's size as a share of the layout's largest extent (a head is 2 x size long and
        1.4 x size wide).
    at : float, default 0.62
        Where along the edge the head sits, as a share of the way from u to v.

    Returns
    -------
    matplotlib.collections.PolyCollection
        The triangles, to add to an axes; an edge whose two ends are at the same place gets none.
    """
    from matplotlib.collections import PolyCollection

    xy = np.array(list(pos.values()), dtype=float)
    span = float(np.ptp(xy, axis=0).max()) if len(xy) > 1 else 1.0
    s = size * (span or 1.0)
    triangles = []
    for u, v in edges:
        a, b = np.asarray(pos[u], dtype=float), np.asarray(pos[v], dtype=float)
        length = float(np.hypot(*(b - a)))
        if length == 0:
            continue
        d = (b - a) / length
        n = np.array([-d[1], d[0]])
        tip = a + at * (b - a) + d * s
        triangles.append([tip, tip - 2 * s * d + 0.7 * s * n, tip - 2 * s * d - 0.7 * s * n])
    return PolyCollection(
        triangles,
        facecolors=[c for (u, v), c in zip(edges, colours) if pos[u] != pos[v]],
        edgecolors="none",
        alpha=0.8,
        zorder=1.5,
    )


def ego_network(G: nx.Graph, focal: str, radius: int = 1) -> nx.Graph:
    """The focal actor, its neighbours (either direction) and the ties among them.

    Parameters
    ----------
    G : networkx.Graph
        The network.
    focal : str
        The centre.
    radius : int, default 1
        How many steps (in either direction) a neighbour may be away.

    Returns
    -------
    networkx.Graph
        A copy of the subgraph of ``G`` (same class, so directed when ``G`` is) on those nodes,
        with every edge of ``G`` among them.

    Raises
    ------
    ValueError
        If ``focal`` is not in ``G``.
    """
    if focal not in G:
        raise ValueError(f"{focal!r} has no tie or event in this network")
    return G.subgraph(sorted(nx.ego_graph(G.to_undirected(as_view=True), focal, radius=radius).nodes)).copy()


def ranked_bar(table, column: str, focal: str | None = None, top: int = 15, ax=None, title: str | None = None):
    """Horizontal bars of the top actors on one measure, the focal actor highlighted.

    Parameters
    ----------
    table : DataFrame
        One row per actor (index: actor code), as from :func:`analysis.centrality.centrality_table`.
    column : str
        The measure; actors without a value are left out.
    focal : str, optional
        The actor drawn in the focal colour.
    top : int, default 15
        The most bars drawn: the largest values, largest on top, ties in actor-code order.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on; None makes a new figure.
    title : str, optional
        The axes' title; None or "" leaves it untitled.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    data = sort(table[column].dropna(), ascending=False).head(top)  # ties in actor-code order
    ax = ax or plt.subplots(figsize=(6, 0.35 * len(data) + 1))[1]
    colours = [FOCAL_COLOUR if a == focal else OTHER_COLOUR for a in data.index]
    positions = np.arange(len(data))
    ax.barh(positions, data.to_numpy(dtype=float), color=colours, height=0.8)
    ax.set_yticks(positions, [str(a) for a in data.index])
    ax.set_ylim(len(data) - 0.5, -0.5)  # the largest on top
    ax.set_xlabel(column)
    ax.set_ylabel("")
    if title:
        ax.set_title(title)
    return ax


#: The leader line from a displaced label to its point: thin, grey, stopping short of the marker.
LEADER = {"arrowstyle": "-", "color": "#9e9e9e", "linewidth": 0.5, "shrinkA": 0, "shrinkB": 3}


def label_points(ax, x, y, labels, *, fontsize: int = 8, highlight=()):
    """Label scatter points without overlaps: each label takes the first of eight offsets around
    its point (right, left, above, below, then the diagonals, at distances growing to 48 points)
    whose box overlaps no label placed before it; in a cluster too dense for eight rings, the rest
    overlap. A label pushed beyond the first ring is joined to its point by a thin leader line, so
    that in a crowded cluster every label still points at its dot. Deterministic: labels are placed
    in the order given. Returns the matplotlib Text objects.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes holding the points; its figure is drawn once to measure the labels.
    x, y : sequence of float
        The points' coordinates, in data units.
    labels : sequence
        One label per point (written with ``str``).
    fontsize : int, default 8
        The labels' font size in points.
    highlight : collection, default ()
        Labels written in bold.

    Returns
    -------
    list of matplotlib.text.Annotation
        One per label, in the order given.
    """
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    offsets = [(6, 0), (-6, 0), (0, 6), (0, -6), (6, 6), (-6, 6), (6, -6), (-6, -6)]
    align = {
        (1, 0): ("left", "center"),
        (-1, 0): ("right", "center"),
        (0, 1): ("center", "bottom"),
        (0, -1): ("center", "top"),
        (1, 1): ("left", "bottom"),
        (-1, 1): ("right", "bottom"),
        (1, -1): ("left", "top"),
        (-1, -1): ("right", "top"),
    }
    placed, texts = [], []

    def place(xi, yi, label, dx, dy, scale):
        """The label at offset (dx, dy) x scale from its point, with a leader line beyond the first ring."""
        ha, va = align[(int(np.sign(dx)), int(np.sign(dy)))]
        t = ax.annotate(
            str(label),
            (xi, yi),
            xytext=(dx * scale, dy * scale),
            textcoords="offset points",
            ha=ha,
            va=va,
            fontsize=fontsize,
            fontweight="bold" if label in highlight else "normal",
            arrowprops=LEADER if scale > 1 else None,
        )
        t.update_positions(renderer)
        return t, Text.get_window_extent(t, renderer)  # the text, not its leader line

    for xi, yi, label in zip(x, y, labels):
        chosen = None
        for scale in range(1, 9):  # up to 48 points out; beyond the first ring with a leader line
            for dx, dy in offsets:
                t, box = place(xi, yi, label, dx, dy, scale)
                box = box.expanded(1.05, 1.1)
                if not any(box.overlaps(other) for other in placed):
                    chosen = (t, box)
                    break
                t.remove()
            if chosen:
                break
        if chosen is None:  # more than eight rings are full: keep the first position rather than lose the label
            chosen = place(xi, yi, label, *offsets[0], 1)
        placed.append(chosen[1])
        texts.append(chosen[0])
    return texts


#: One colour per PLOVER quad class, so cooperative types read green-blue and conflictual red-orange.
QUAD_PALETTES = {
    "verbal cooperation": "Blues",
    "material cooperation": "Greens",
    "verbal conflict": "Oranges",
    "material conflict": "Reds",
}


def timeline(weekly, key=None, *, ax=None, title: str | None = None):
    """Stacked steps of events per week by PLOVER type (columns of ``weekly``, as from
    :func:`analysis.timeline.weekly_counts`), types grouped and coloured by quad class, and the
    ``key`` events (a ``date`` column, in order) marked by dotted lines numbered 1, 2, ... at
    staggered heights, so that events days apart stay legible: print ``key`` beside the figure
    with the same numbers. Bands are stacked in the order of the quad classes, then of the names.

    Parameters
    ----------
    weekly : DataFrame
        Events per week: index the weeks' Mondays, one column per PLOVER type. A type without a
        quad class is stacked with verbal cooperation and drawn in grey.
    key : DataFrame, optional
        The events to mark (:func:`analysis.timeline.key_events`); None or empty marks none.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on; None makes a new figure.
    title : str, optional
        The axes' title; None or "" leaves it untitled.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    from .coding import PLOVER_QUAD

    ax = ax or plt.subplots(figsize=(12, 4.5))[1]
    quads = list(QUAD_PALETTES)
    types = sorted(weekly.columns, key=lambda t: (quads.index(PLOVER_QUAD.get(t, quads[0])), t))
    colours = {}
    for quad, palette in QUAD_PALETTES.items():
        members = [t for t in types if PLOVER_QUAD.get(t) == quad]
        colours.update(zip(members, sns.color_palette(palette, len(members) + 2)[2:]))
    # one stepped band per type (a week is a step from its Monday to the next): a few polygons
    # instead of a rectangle per week and type, so the figure draws quickly
    x = list(weekly.index) + ([weekly.index[-1] + pd.Timedelta(days=7)] if len(weekly) else [])
    bottom = np.zeros(len(x))
    for t in types:
        values = np.append(weekly[t].to_numpy(dtype=float), weekly[t].to_numpy(dtype=float)[-1:])
        ax.fill_between(
            x, bottom, bottom + values, step="post", color=colours.get(t, OTHER_COLOUR), label=t, linewidth=0
        )
        bottom = bottom + values
    top = max(float(bottom.max()) if len(bottom) else 0.0, 1.0)
    if key is not None and len(key):
        for i, date in enumerate(key["date"]):
            ax.axvline(date, color="#424242", linestyle=":", linewidth=0.8)
            ax.annotate(
                str(i + 1),
                (date, top * (1.04 + 0.09 * (i % 5))),
                fontsize=7,
                ha="center",
                va="bottom",
                color="#212121",
                bbox={"boxstyle": "circle,pad=0.15", "fc": "white", "ec": "#616161", "lw": 0.5},
            )
        ax.set_ylim(0, top * 1.55)
    ax.set_ylabel("events per week")
    ax.legend(ncol=4, fontsize=7, loc="upper left", bbox_to_anchor=(0, -0.12), frameon=False)
    if title:
        ax.set_title(title)
    return ax


def quadrant(gap, *, highlight=(), ax=None, title: str | None = None):
    """Influence against leverage, one point per actor of ``gap`` (from
    :func:`analysis.leverage.power_gap`): the OLS line it was computed with, dashed median lines
    dividing the four quadrants, labels placed without overlaps, the ``highlight`` actors in the
    focal colour and bold. Points above the line punch above their weight.

    Parameters
    ----------
    gap : DataFrame
        One row per actor with ``leverage`` and ``influence``, and the line's ``intercept`` and
        ``slope`` in ``gap.attrs`` (as :func:`analysis.leverage.power_gap` returns it).
    highlight : collection of str, default ()
        Actor codes drawn larger, in the focal colour and labelled in bold.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on; None makes a new figure.
    title : str, optional
        The axes' title; None or "" leaves it untitled.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = ax or plt.subplots(figsize=(7.5, 6))[1]
    actors = [str(a) for a in gap.index]
    colours = [FOCAL_COLOUR if a in highlight else OTHER_COLOUR for a in actors]
    ax.scatter(
        gap["leverage"],
        gap["influence"],
        c=colours,
        s=[60 if a in highlight else 25 for a in actors],
        edgecolors="#37474f",
        linewidths=0.5,
        zorder=3,
    )
    xs = np.linspace(float(gap["leverage"].min()), float(gap["leverage"].max()), 50)
    ax.plot(
        xs,
        gap.attrs["intercept"] + gap.attrs["slope"] * xs,
        color="#37474f",
        linewidth=1,
        label="influence predicted by leverage (OLS)",
    )
    ax.axvline(float(gap["leverage"].median()), color="#9e9e9e", linestyle="--", linewidth=0.8)
    ax.axhline(float(gap["influence"].median()), color="#9e9e9e", linestyle="--", linewidth=0.8)
    ax.set_xlabel("leverage index (material capabilities)")
    ax.set_ylabel("influence index (diplomatic position)")
    # highlighted actors are labelled first, so they keep their preferred positions
    order = sorted(range(len(actors)), key=lambda i: (actors[i] not in highlight, actors[i]))
    label_points(
        ax,
        [float(gap["leverage"].iloc[i]) for i in order],
        [float(gap["influence"].iloc[i]) for i in order],
        [actors[i] for i in order],
        highlight=set(highlight),
    )
    ax.margins(0.1)
    ax.legend(fontsize=8, loc="upper right")
    if title:
        ax.set_title(title)
    return ax


def dyad_scatter(table: pd.DataFrame, *, focal: str | None = None, ax=None, title: str | None = None):
    """Panel contacts against GDELT consultations, one point per dyad of ``table`` (from
    :func:`analysis.crosscheck.dyad_intensities`), labelled 'OUTSIDE-PARTY', the focal actor's dyads
    in the focal colour. Both axes are counts (GDELT's weighted): a dyad on a diagonal through the
    origin would be ranked alike by both sources.

    Parameters
    ----------
    table : DataFrame
        Columns ``outside``, ``party``, ``panel_contacts`` and ``gdelt_consultations``.
    focal : str, optional
        The outside actor whose dyads are highlighted.
    ax : matplotlib.axes.Axes, optional
        The axes to draw on; None makes a new figure.
    title : str, optional
        The axes' title; None or "" leaves it untitled.

    Returns
    -------
    matplotlib.axes.Axes
        The axes drawn on.
    """
    ax = ax or plt.subplots(figsize=(7, 5.5))[1]
    labels = [f"{o}-{p}" for o, p in zip(table["outside"], table["party"])]
    mine = [str(o) == focal for o in table["outside"]]
    ax.scatter(
        table["panel_contacts"],
        table["gdelt_consultations"],
        s=[50 if m else 25 for m in mine],
        c=[FOCAL_COLOUR if m else OTHER_COLOUR for m in mine],
        edgecolors="#37474f",
        linewidths=0.5,
        zorder=3,
    )
    order = sorted(range(len(labels)), key=lambda i: (not mine[i], labels[i]))
    label_points(
        ax,
        [float(table["panel_contacts"].iloc[i]) for i in order],
        [float(table["gdelt_consultations"].iloc[i]) for i in order],
        [labels[i] for i in order],
        highlight={labels[i] for i in order if mine[i]},
    )
    ax.set_xlabel("contacts panel: leader-level contacts")
    ax.set_ylabel("GDELT: consultation events (weighted)")
    ax.margins(0.12)
    if title:
        ax.set_title(title)
    return ax


def bloc_colours(labels: pd.Series) -> dict:
    """One colour per bloc (tab10, in bloc order), shared by the figures of one notebook."""
    blocs = sorted(labels.unique())
    return dict(zip(blocs, sns.color_palette("tab10", len(blocs))))


def similarity_map(
    sim: pd.DataFrame,
    linkage,
    labels: pd.Series,
    *,
    title: str | None = None,
    max_size: float = 16.0,
    label_limit: int = 60,
):
    """The members x members similarity as a heat map ordered by the average-linkage tree, with
    the tree drawn on the top and the left and each member's bloc as a coloured strip (what
    seaborn's clustermap draws, drawn once: clustermap redraws the whole figure five times).

    ``linkage`` is the scipy linkage matrix of the members in ``sim``'s order; ``labels`` their
    blocs. Missing similarities show light grey. Member codes are written when there are at most
    ``label_limit`` members. Returns the figure.

    Parameters
    ----------
    sim : DataFrame
        The square members x members similarity (NaN where missing).
    linkage : ndarray
        The scipy linkage matrix of the members, in ``sim``'s order.
    labels : Series
        Member -> bloc, for every member of ``sim``.
    title : str, optional
        The figure's title.
    max_size : float, default 16.0
        The largest side of the square figure, in inches (4 + 0.12 per member below it).
    label_limit : int, default 60
        The most members whose codes are written.

    Returns
    -------
    matplotlib.figure.Figure
        The figure, still open.
    """
    from matplotlib.collections import LineCollection
    from matplotlib.colors import ListedColormap
    from scipy.cluster.hierarchy import dendrogram

    tree = dendrogram(linkage, no_plot=True)
    order = tree["leaves"]
    members = [sim.index[i] for i in order]
    values = sim.loc[members, members].to_numpy(dtype=float)
    n = len(members)
    size = min(4 + 0.12 * n, max_size)
    fig = plt.figure(figsize=(size, size))
    grid = fig.add_gridspec(
        3, 3, width_ratios=[0.12, 0.02, 0.86], height_ratios=[0.12, 0.02, 0.86], wspace=0.01, hspace=0.01
    )
    top, left = fig.add_subplot(grid[0, 2]), fig.add_subplot(grid[2, 0])
    strip_top, strip_left = fig.add_subplot(grid[1, 2]), fig.add_subplot(grid[2, 1])
    heat, corner = fig.add_subplot(grid[2, 2]), fig.add_subplot(grid[0, 0])
    corner.set_axis_off()
    bar = corner.inset_axes([0.0, 0.05, 0.15, 0.9])  # the colour scale in the free top-left corner
    # dendrograms: scipy places leaf i at 5 + 10 i; the heat map has cell i centred at i
    segments = [list(zip((np.array(x) - 5) / 10, y)) for x, y in zip(tree["icoord"], tree["dcoord"])]
    height = max((max(y) for y in tree["dcoord"]), default=1.0) or 1.0
    top.add_collection(LineCollection(segments, colors="black", linewidths=0.7))
    top.set_xlim(-0.5, n - 0.5)
    top.set_ylim(0, height * 1.02)
    left.add_collection(LineCollection([[(y, x) for x, y in seg] for seg in segments], colors="black", linewidths=0.7))
    left.set_ylim(n - 0.5, -0.5)
    left.set_xlim(height * 1.02, 0)
    palette = bloc_colours(labels)
    blocs = sorted(palette)
    colours = ListedColormap([palette[b] for b in blocs])
    codes = np.array([[blocs.index(labels[m]) for m in members]])
    strip_top.imshow(codes, aspect="auto", cmap=colours, vmin=-0.5, vmax=len(blocs) - 0.5, interpolation="nearest")
    strip_left.imshow(codes.T, aspect="auto", cmap=colours, vmin=-0.5, vmax=len(blocs) - 0.5, interpolation="nearest")
    cmap = plt.get_cmap("viridis").with_extremes(bad="#d9d9d9")
    image = heat.imshow(np.ma.masked_invalid(values), aspect="auto", cmap=cmap, interpolation="nearest")
    fig.colorbar(image, cax=bar)
    for ax in (top, left, strip_top, strip_left, heat):
        ax.set_xticks([])
        ax.set_yticks([])
        for spine in ax.spines.values():
            spine.set_visible(False)
    if n <= label_limit:
        heat.set_xticks(range(n), members, rotation=90, fontsize=8)
        heat.set_yticks(range(n), members, fontsize=8)
        heat.yaxis.tick_right()
    if title:
        fig.suptitle(title, y=0.92)
    return fig
