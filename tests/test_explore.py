"""The explorer's outputs and widgets, without a browser (tests/test_lab.py drives them in JupyterLab)."""

from __future__ import annotations

import ast

import matplotlib
import nbformat
import pandas as pd
import pytest

from analysis import load_tables
from analysis.explore import (
    RANKED,
    WINDOWS,
    Explorer,
    Selection,
    actor_options,
    centrality_change,
    code_of,
    influence_position,
    network,
    verdicts,
    voting_partners,
)
from analysis.graphs import tie_network
from analysis.paths import NOTEBOOKS_DIR
from analysis.runs import declared_parameters

matplotlib.use("Agg")


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def test_a_selection_refuses_what_the_explorer_does_not_offer():
    with pytest.raises(ValueError, match="network = .trade. is not one of: events, ties, combined"):
        Selection("RUS", network="trade")
    with pytest.raises(ValueError, match="collection must be one of panel, all"):
        Selection("RUS", collection="context")
    with pytest.raises(ValueError, match="starts .2024-01-02. after it ends .2024-01-01."):
        Selection("RUS", "2024-01-02", "2024-01-01")


def test_actors_are_offered_by_name_with_their_code(tables):
    options = actor_options(tables)
    assert "United States (USA)" in options and "Russia (RUS)" in options
    assert options == sorted(options, key=str.lower)
    assert code_of("United States (USA)", tables) == "USA" and code_of("HAMAS", tables) == "HAMAS"
    with pytest.raises(ValueError, match="did you mean .*United States \\(USA\\)"):
        code_of("United Sates (US)", tables)


def test_the_ties_network_is_the_standing_ties_of_the_window(tables):
    chosen = network(tables, Selection("RUS", *WINDOWS["war"], network="ties"))
    expected = tie_network(tables.ties, start=pd.Timestamp(WINDOWS["war"][0]), end=pd.Timestamp(WINDOWS["war"][1]))
    assert sorted(chosen.edges) == sorted(expected.edges) and chosen.number_of_edges() > 0


def test_rank_changes_are_baseline_minus_window_and_missing_when_absent(tables):
    table = centrality_change(tables, Selection("RUS"))
    assert list(table.index) == list(RANKED)
    ranked = table.dropna(subset=["rank", "baseline rank"])
    assert len(ranked) and (ranked["change"] == ranked["baseline rank"] - ranked["rank"]).all()
    assert (table["rank"].dropna() >= 1).all() and (table["rank"].dropna() <= table["of"]).all()
    # an actor with no link in either window has no rank (missing, never last)
    absent = centrality_change(tables, Selection("BHS"))
    assert absent["rank"].isna().all() and absent["change"].isna().all()


def test_voting_partners_are_sorted_named_and_exclude_the_actor(tables):
    closest, farthest, note = voting_partners(tables, Selection("RUS"), n=4)
    assert len(closest) == 4 == len(farthest) and "General Assembly roll calls" in note
    assert closest["similarity"].is_monotonic_decreasing and farthest["similarity"].is_monotonic_increasing
    assert not closest["partner"].str.endswith("(RUS)").any()
    assert closest["partner"].str.fullmatch(r".+ \([A-Z_]+\)").all()
    assert closest["similarity"].min() >= farthest["similarity"].max()
    empty_close, empty_far, why = voting_partners(tables, Selection("HAMAS"))
    assert empty_close.empty and empty_far.empty and "cast no General Assembly vote" in why


def test_the_claims_are_evaluated_for_the_chosen_actor(tables):
    table = verdicts(tables, Selection("USA", collection="all"))
    assert len(table) == 7 and table["claim"].str.startswith("USA").all()
    assert set(table["verdict"]) <= {"supported", "mixed", "not supported", "no data", "insufficient evidence"}


def test_the_explorer_refreshes_every_output_when_a_control_changes(tables, monkeypatch):
    explorer = Explorer(tables)
    assert "Russia (RUS)" in explorer.heading.value and explorer.figure.value[:4] == b"\x89PNG"
    first = {"figure": explorer.figure.value, "ranks": explorer.ranks.value, "claims": explorer.claims.value}
    explorer.actor.value = "United States (USA)"
    assert "United States (USA)" in explorer.heading.value and "United States (USA)" in explorer.position.value
    assert "United States (USA) and its neighbours: events, 2023-10-07" in explorer.caption.value
    assert explorer.figure.value != first["figure"] and explorer.claims.value != first["claims"]
    assert "USA keeps working relations" in explorer.claims.value
    # a window button sets both dates and recomputes the outputs once, not once per date
    import analysis.explore as explore

    calls = []
    original = explore.centrality_change
    monkeypatch.setattr(explore, "centrality_change", lambda *a, **k: (calls.append(1), original(*a, **k))[1])
    explorer.buttons["baseline"].click()
    assert len(calls) == 1 and explorer.start.value.isoformat() == WINDOWS["baseline"][0]
    assert "2023-01-01 to 2023-10-06" in explorer.heading.value
    # an impossible window says so and leaves the outputs as they were
    shown = explorer.heading.value
    explorer.start.value = pd.Timestamp("2024-06-01").date()
    assert "after it ends" in explorer.status.value and explorer.heading.value == shown


def test_the_explorer_notebook_holds_no_logic_and_says_how_to_start_a_kernel():
    nb = nbformat.read(NOTEBOOKS_DIR / "explore.ipynb", as_version=4)
    assert nb.metadata["analysis"]["interactive"] is True
    assert nb.cells[0].cell_type == "markdown" and "needs a running kernel" in nb.cells[0].source
    assert "make lab" in nb.cells[0].source
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)  # committed without outputs
    assert "widgets" not in nb.metadata
    # a parameters cell (where it opens), as in every notebook, so papermill can open it elsewhere
    assert "parameters" in code[0].metadata.get("tags", [])
    assert set(declared_parameters(NOTEBOOKS_DIR / "explore.ipynb")) == {"focal_actor", "window"}
    tree = ast.parse("\n".join(c.source for c in code[1:]))
    # imports, one assignment of the explorer and its widget: no function, loop or branch
    assert not [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.For, ast.While, ast.If, ast.Lambda))]
    assert len(tree.body) <= 4


def test_the_explorer_opens_on_the_actor_and_window_it_is_given(tables):
    explorer = Explorer(tables, focal="CHN", window="baseline")
    assert explorer.heading.value.startswith(
        "<h3 class='explorer-heading'>China (CHN): events network, 2023-01-01 to 2023-10-06"
    )
    with pytest.raises(ValueError, match="window = 'peace' is not one of: baseline, war, whole"):
        Explorer(tables, window="peace")
    with pytest.raises(ValueError, match="'RUZ' is not an actor"):
        Explorer(tables, focal="RUZ")


def test_influence_is_shown_for_the_panel_actors_and_says_why_not_for_others(tables):
    table, note = influence_position(tables, Selection("RUS", "2023-10-07", "2024-12-31"))
    assert list(table.index) == ["Russia (RUS)", "United States (USA)"] and note.startswith("Gap rank out of 12 actors")
    table, note = influence_position(tables, Selection("IRN", "2023-10-07", "2024-12-31"))
    assert list(table.index) == ["United States (USA)"]
    assert note.startswith(
        "Iran (IRN) has no index: the balanced influence index compares the contacts panel's outside"
    )
