"""Figures are deterministic and highlight the focal actor."""
from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import networkx as nx  # noqa: E402
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
