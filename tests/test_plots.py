"""Figures are deterministic and highlight the focal actor."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import networkx as nx  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from analysis.plots import FOCAL_COLOUR, draw_network, ego_network, layout, ranked_bar  # noqa: E402


def graph(order):
    G = nx.DiGraph()
    for u, v, s in order:
        G.add_edge(u, v, weight=1.0, sign=s)
    return G


EDGES = [("RUS", "ISR", 1), ("RUS", "HAMAS", 1), ("HAMAS", "ISR", -1), ("USA", "ISR", 1), ("IRN", "HAMAS", 1)]


def test_layout_is_the_same_whatever_the_insertion_order():
    assert layout(graph(EDGES), seed=3) == layout(graph(list(reversed(EDGES))), seed=3)


def test_focal_actor_is_highlighted():
    ax = draw_network(graph(EDGES), focal="RUS")
    nodes = ax.collections[-1]
    colours = [matplotlib.colors.to_hex(c) for c in nodes.get_facecolors()]
    assert colours.count(FOCAL_COLOUR) == 1
    assert colours[sorted(graph(EDGES).nodes).index("RUS")] == FOCAL_COLOUR


def test_ego_network():
    ego = ego_network(graph(EDGES), "USA")
    assert sorted(ego.nodes) == ["ISR", "USA"]
    with pytest.raises(ValueError, match="has no tie or event"):
        ego_network(graph(EDGES), "CHN")


def test_ranked_bar_keeps_the_top():
    table = pd.DataFrame({"pagerank": [0.1, 0.5, 0.3]}, index=["a", "b", "c"])
    ax = ranked_bar(table, "pagerank", focal="c", top=2)
    assert [t.get_text() for t in ax.get_yticklabels()] == ["b", "c"]


def test_labels_of_crowded_points_do_not_overlap():
    import matplotlib.pyplot as plt

    from analysis.plots import label_points

    fig, ax = plt.subplots(figsize=(4, 4))
    x = [0.50, 0.51, 0.52, 0.50, 0.9]
    y = [0.50, 0.50, 0.51, 0.52, 0.1]
    ax.scatter(x, y)
    ax.set_xlim(0, 1), ax.set_ylim(0, 1)
    texts = label_points(ax, x, y, ["RUS", "USA", "CHN", "IRN", "QAT"])
    fig.canvas.draw()
    boxes = [t.get_window_extent() for t in texts]
    assert [t.get_text() for t in texts] == ["RUS", "USA", "CHN", "IRN", "QAT"]
    assert not any(boxes[i].overlaps(boxes[j]) for i in range(5) for j in range(i + 1, 5))
    plt.close(fig)


def test_labels_pushed_out_of_a_cluster_get_a_leader_line():
    import matplotlib.pyplot as plt
    from matplotlib.text import Text

    from analysis.plots import label_points

    fig, ax = plt.subplots(figsize=(4, 4))
    x, y = [0.5] * 12 + [0.9], [0.5] * 12 + [0.1]  # twelve actors on one spot, one far away
    ax.scatter(x, y)
    ax.set_xlim(0, 1), ax.set_ylim(0, 1)
    texts = label_points(ax, x, y, [f"A{i:02d}" for i in range(12)] + ["FAR"])
    fig.canvas.draw()
    boxes = [Text.get_window_extent(t) for t in texts]  # the text alone, without its leader line
    assert not any(boxes[i].overlaps(boxes[j]) for i in range(13) for j in range(i + 1, 13))
    # four labels fit around the spot (right, left, above, below: the diagonals would touch them);
    # the other eight go further out; the distant point keeps its label next to it
    first_ring = [max(abs(v) for v in t.xyann) <= 6 for t in texts]
    assert sum(first_ring) == 5 and first_ring[-1] and not any(first_ring[4:12])
    # next to its point a label needs no line; further out, a line joins it to the point
    assert all((t.arrow_patch is None) == near for t, near in zip(texts, first_ring))
    plt.close(fig)


def test_timeline_stacks_every_event_of_every_week():
    import matplotlib.pyplot as plt

    from analysis.plots import timeline

    weeks = pd.date_range("2023-10-02", periods=3, freq="W-MON")
    weekly = pd.DataFrame({"ASSAULT": [2, 0, 1], "CONSULT": [1, 3, 0], "REQUEST": [0, 1, 4]}, index=weeks)
    key = pd.DataFrame({"date": [weeks[1], weeks[2]], "label": ["RUS→HAMAS 043", "RUS→ISR 041"]})
    ax = timeline(weekly, key)
    # the top of the stack at each week's start is that week's total, whatever the stacking order
    top = {}
    for band in ax.collections:
        for xv, yv in band.get_paths()[0].vertices:
            top[round(float(xv), 6)] = max(top.get(round(float(xv), 6), 0.0), float(yv))
    starts = [round(float(matplotlib.dates.date2num(w)), 6) for w in weeks]
    assert [top[s] for s in starts] == [3, 4, 5]
    # cooperative types are stacked below conflictual ones: CONSULT first, then REQUEST, ASSAULT
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["CONSULT", "REQUEST", "ASSAULT"]
    # key events are numbered in order, at their dates (the table printed beside the figure names them)
    assert [(t.get_text(), t.xy[0]) for t in ax.texts] == [("1", weeks[1]), ("2", weeks[2])]
    plt.close(ax.figure)


def test_quadrant_draws_the_regression_line_of_the_gap_and_highlights_the_focal_actors():
    import matplotlib.pyplot as plt

    from analysis.leverage import power_gap
    from analysis.plots import quadrant

    influence = pd.Series({"A": 1.0, "B": 2.0, "C": 3.0, "D": 6.0})
    leverage = pd.Series({"A": 1.0, "B": 2.0, "C": 3.0, "D": 4.0})
    gap = power_gap(influence, leverage)
    ax = quadrant(gap, highlight=("D",))
    line = ax.get_lines()[0]
    xs, ys = line.get_data()
    # OLS of (1, 2, 3, 6) on (1, 2, 3, 4): slope 1.6, intercept -1 (by hand)
    assert ys[0] == pytest.approx(-1 + 1.6 * xs[0]) and ys[-1] == pytest.approx(-1 + 1.6 * xs[-1])
    colours = [matplotlib.colors.to_hex(c) for c in ax.collections[0].get_facecolors()]
    assert colours[list(gap.index).index("D")] == FOCAL_COLOUR and colours.count(FOCAL_COLOUR) == 1
    assert sorted(t.get_text() for t in ax.texts) == ["A", "B", "C", "D"]
    plt.close(ax.figure)


def test_ranked_bar_highlights_the_focal_actor_and_puts_the_largest_on_top():
    import matplotlib.pyplot as plt

    table = pd.DataFrame({"betweenness": [0.1, 0.5, 0.3, float("nan")]}, index=["a", "b", "c", "d"])
    ax = ranked_bar(table, "betweenness", focal="c")
    bars = sorted(ax.patches, key=lambda b: b.get_y())  # top of the axis first (the y axis is inverted)
    assert ax.get_ylim()[0] > ax.get_ylim()[1]
    assert [round(b.get_width(), 6) for b in bars] == [0.5, 0.3, 0.1]  # d has no value: not drawn
    assert [matplotlib.colors.to_hex(b.get_facecolor()) for b in bars].count(FOCAL_COLOUR) == 1
    assert matplotlib.colors.to_hex(bars[1].get_facecolor()) == FOCAL_COLOUR
    plt.close(ax.figure)


def test_directed_edges_get_one_arrowhead_each_pointing_to_the_target():
    from matplotlib.collections import PolyCollection

    from analysis.plots import arrowheads

    pos = {"a": (0.0, 0.0), "b": (1.0, 0.0), "c": (0.0, 1.0)}
    heads = arrowheads(pos, [("a", "b"), ("b", "a"), ("c", "a")], ["red", "green", "blue"])
    assert isinstance(heads, PolyCollection) and len(heads.get_paths()) == 3
    tips = [path.vertices[0] for path in heads.get_paths()]
    # a -> b: the tip lies past the base, towards b; b -> a points the other way; c -> a points down
    assert tips[0][0] > 0.5 and tips[1][0] < 0.5 and tips[0][0] > tips[1][0]
    bases = [path.vertices[1:3].mean(axis=0) for path in heads.get_paths()]
    assert tips[0][0] > bases[0][0] and tips[1][0] < bases[1][0] and tips[2][1] < bases[2][1]
    ax = draw_network(graph(EDGES), focal="RUS")
    assert any(isinstance(c, PolyCollection) for c in ax.collections)


def test_similarity_map_orders_members_by_the_tree_and_colours_blocs():
    from scipy.cluster.hierarchy import leaves_list, linkage
    from scipy.spatial.distance import squareform

    from analysis.plots import bloc_colours, similarity_map

    members = ["a", "b", "c", "d"]
    sim = pd.DataFrame(
        [[1, 0.9, 0.1, 0.2], [0.9, 1, 0.2, np.nan], [0.1, 0.2, 1, 0.8], [0.2, np.nan, 0.8, 1]],
        index=members,
        columns=members,
    )
    Z = linkage(squareform(1 - sim.fillna(0).to_numpy(), checks=False), method="average")
    labels = pd.Series([1, 1, 2, 2], index=members)
    fig = similarity_map(sim, Z, labels, title="t")
    heat = next(ax for ax in fig.axes if [t.get_text() for t in ax.get_xticklabels()])
    order = [members[i] for i in leaves_list(Z)]
    assert [t.get_text() for t in heat.get_xticklabels()] == order
    shown = heat.images[0].get_array()
    assert shown.mask[order.index("b"), order.index("d")] and shown[0, 0] == 1.0  # missing stays missing
    assert len(bloc_colours(labels)) == 2
