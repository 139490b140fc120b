"""Every notebook is a parameterised, executed document; each runs with non-default parameters."""

from __future__ import annotations

import ast
from pathlib import Path

import nbformat
import pytest

from analysis import read_results
from analysis.paths import NOTEBOOKS_DIR
from analysis.runs import declared_parameters, report_notebooks

NOTEBOOKS = report_notebooks(NOTEBOOKS_DIR)  # the explorer is tested in test_explore.py


@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.name)
def test_notebook_is_a_clean_executed_document(path):
    nb = nbformat.read(path, as_version=4)
    assert nb.metadata["kernelspec"]["name"] == "python3"
    code = [c for c in nb.cells if c.cell_type == "code"]
    first = code[0]
    assert "parameters" in first.metadata.get("tags", []), "the first code cell must be tagged 'parameters'"
    for node in ast.parse(first.source).body:  # literals only: papermill does not recompute derived values
        assert isinstance(node, ast.Assign), ast.dump(node)
        ast.literal_eval(node.value)
    names = {n.targets[0].id for n in ast.parse(first.source).body}
    assert {"focal_actor", "start", "end"} <= names
    # papermill skips a line with a second "=" (even in its comment): that parameter could then
    # not be set by a report run, so every assigned name must be one papermill declares
    assert names == set(declared_parameters(path)), "papermill cannot parse some parameter lines"
    counts = [c.execution_count for c in code]
    assert counts == list(range(1, len(code) + 1)), "cells must be executed once, in order"
    assert not [o for c in code for o in c.outputs if o.output_type == "error"]
    assert any(o for c in code for o in c.outputs), "committed without outputs: nbval would compare nothing"
    # figures are part of the document (a non-inline MPLBACKEND in the kernel's environment drops them)
    assert any("image/png" in o.get("data", {}) for c in code for o in c.outputs), "no figure in the notebook"
    assert nb.cells[0].cell_type == "markdown" and nb.cells[0].source.startswith("# ")


def run(tmp_path: Path, name: str, **parameters):
    import papermill as pm

    out = tmp_path / name
    pm.execute_notebook(
        str(NOTEBOOKS_DIR / name),
        str(out),
        parameters=parameters,
        kernel_name="python3",
        cwd=str(NOTEBOOKS_DIR),
        progress_bar=False,
    )
    return read_results(out)


def test_blocs_notebook_with_other_parameters(tmp_path):
    results = run(
        tmp_path,
        "02_alignment_blocs.ipynb",
        body="SC",
        focal_actor="CHN",
        measure="kappa",
        bloc_method="louvain",
        bootstrap_draws=50,
        seed=3,
    )
    assert any("CHN" in members for members in results["blocs"].values())
    closest = results["focal_partners"]["closest"]
    assert "CHN" not in list(closest.index) and len(closest) > 0
    assert list(results["similarity_matrix"].index) == sorted(results["similarity_matrix"].index)
    assert set(results["sc_patterns"]["sponsors"]) >= {"RUS", "USA"}


def test_blocs_notebook_on_the_general_assembly(tmp_path):
    # the session 78-79 votes: 19 roll calls of the war window, blocs by Leiden, partners that differ
    results = run(
        tmp_path,
        "02_alignment_blocs.ipynb",
        body="GA",
        focal_actor="IRN",
        measure="agreement",
        bloc_method="leiden",
        bootstrap_draws=50,
    )
    sim = results["similarity_matrix"]
    assert sim.shape == (193, 193)
    assert 2 <= len(results["blocs"]) <= 10 and results["stability"]["method"] == "leiden"
    closest, farthest = results["focal_partners"]["closest"], results["focal_partners"]["farthest"]
    assert closest["similarity"].min() > farthest["similarity"].max()
    assert "ISR" in list(farthest.index)


def test_blocs_notebook_rejects_an_unknown_actor_in_its_first_cell(tmp_path):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as info:
        run(tmp_path, "02_alignment_blocs.ipynb", focal_actor="XXX")
    assert "is not an actor code" in str(info.value.evalue)
    assert "params.actor(focal_actor" in info.value.source  # the validation cell right after the parameters


@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"body": "HRC"}, "body = 'HRC' is not one of: GA, SC"),
        ({"measure": "cosine"}, "measure = 'cosine' is not one of: agreement, s_abs, s_sq, kappa, pi"),
        ({"bloc_method": "kmeans"}, "bloc_method = 'kmeans' is not one of: hierarchical, leiden, louvain"),
    ],
)
def test_blocs_notebook_turns_the_librarys_checks_into_parameter_errors_in_its_first_cell(
    tmp_path, parameters, message
):
    """The notebook does not repeat the library's checks of body, measure and bloc method: the
    library makes them, and the first cell gives its messages under the parameter's name."""
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as info:
        run(tmp_path, "02_alignment_blocs.ipynb", **parameters)
    assert info.value.ename == "ParameterError" and message in str(info.value.evalue)
    assert "params.actor(focal_actor" in info.value.source


def test_panel_vs_gdelt_notebook_rejects_a_bad_weight_before_reading_gdelt(tmp_path):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as info:
        run(tmp_path, "04_panel_vs_gdelt.ipynb", weight="tone")
    assert info.value.ename == "ParameterError"
    assert "weight = 'tone' is not one of: events, sources, articles, mentions" in str(info.value.evalue)


def test_centrality_notebook_for_another_actor(tmp_path):
    results = run(
        tmp_path, "01_centrality.ipynb", focal_actor="IRN", network="events", groups="kind", permutations=20, seed=1
    )
    table, ranks = results["centrality"], results["centrality_ranks"]
    assert "IRN" in table.index and list(table.index) == sorted(table.index)
    # the recorded focal ranks are the focal row of the recorded rank table, and betweenness rank 1
    # belongs to the actor with the largest betweenness
    assert results["focal_ranks"] == {k: int(v) for k, v in ranks.loc["IRN"].items() if v == v}
    assert ranks.loc[table["betweenness"].idxmax(), "betweenness"] == 1
    assert set(results["brokerage"]["role"]) == {"coordinator", "itinerant", "representative", "gatekeeper", "liaison"}
    assert set(results["brokerage_groups"].values()) <= {
        "state",
        "non-state armed group",
        "political authority",
        "international organisation",
    }
    camps = results["camps"]
    assert not set(camps[0]) & set(camps[1]) and 0 <= results["frustration_index"] <= 1
    contrib = results["contributions"]
    assert ((contrib["source"] == "IRN") | (contrib["target"] == "IRN")).all()


def test_centrality_notebook_for_an_actor_without_links(tmp_path):
    # Andorra is in the actors table but has no event: the notebook runs and says so; its measures
    # are NaN, and every other actor's numbers are those of the committed run (focal actor RUS)
    results = run(tmp_path, "01_centrality.ipynb", focal_actor="AND", permutations=20)
    assert all(v is None for v in results["focal_ranks"].values())
    table = results["centrality"].astype(float)
    assert table.loc["AND"].isna().all() and results["contributions"].empty
    assert results["focal_unbalanced_triangles"].empty
    committed = read_results(NOTEBOOKS_DIR / "01_centrality.ipynb")
    assert "AND" not in committed["centrality"].index
    others = table.drop(index="AND")
    assert list(others.index) == list(committed["centrality"].index)
    assert others.equals(committed["centrality"].astype(float))
    assert (
        results["centrality_ranks"].drop(index="AND").astype(float).equals(committed["centrality_ranks"].astype(float))
    )


def test_centrality_notebook_on_the_pre_war_window(tmp_path):
    results = run(tmp_path, "01_centrality.ipynb", start="2023-01-01", end="2023-10-06", permutations=20)
    assert list(results["before_after"].columns) == ["before 2023-10-07"]  # nothing from the split on
    assert results["balance"]["triangles"] >= 0 and results["focal_ranks"]["betweenness"] >= 1


@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"focal_actor": "RUSS"}, "Did you mean RUS"),
        ({"start": "2024-05-01", "end": "2024-01-01"}, "is after end"),
        ({"start": "2030-01-01", "end": "2030-12-31"}, "there are no events between 2030-01-01 and 2030-12-31"),
        ({"network": "trade"}, "network = 'trade' is not one of"),
        ({"scenario": {"drop_events": ["EV9999"]}}, "scenario names unknown event id(s): EV9999"),
        ({"groups": "party"}, "groups = 'party' is not one of: camps, region, kind"),
    ],
)
def test_centrality_notebook_rejects_bad_parameters_in_its_first_cell(tmp_path, parameters, message):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as info:
        run(tmp_path, "01_centrality.ipynb", **parameters)
    assert message in str(info.value.evalue)
    assert "params.actor(focal_actor" in info.value.source


def test_sanitize_file_masks_volatile_text():
    import configparser
    import re

    cfg = configparser.ConfigParser()
    cfg.read(Path(__file__).with_name("nbval_sanitize.cfg"))
    text = "<Figure size 1200x800 with 2 Axes> at 0x7f3a2b1c9d90 in /tmp/pytest-1/out.ipynb"
    for section in cfg.sections():
        text = re.sub(cfg[section]["regex"], cfg[section]["replace"], text)
    assert text == "<Figure> at 0xADDRESS in TMPPATH"


def test_briefing_for_another_actor(tmp_path):
    results = run(tmp_path, "00_briefing.ipynb", focal_actor="IRN", draws=20, key_events=5)
    verdicts = results["verdicts"]
    assert len(verdicts) == 7 and set(verdicts["verdict"]) <= {
        "supported",
        "mixed",
        "not supported",
        "insufficient evidence",
        "no data",
    }
    # Iran and Israel have fewer than 3 events in the baseline: claim 3 says so rather than decide
    strained = verdicts.iloc[2]
    events = results["israel_dyad"]["events"]
    assert (strained["verdict"] == "insufficient evidence") == (0 < events.min() < 3)
    if strained["verdict"] == "insufficient evidence":
        assert "(3 needed in each)" in strained["value"]
    assert verdicts["claim"].str.startswith("IRN").all()  # the claims that name Russia are evaluated for Iran
    # on the panel (the default) Iran is a party, not an outside actor: its contacts with the other parties
    # were not searched, so the claims resting on them are not measured
    for i in (0, 2, 5):
        assert verdicts.iloc[i]["verdict"] == "no data" and verdicts.iloc[i]["value"].startswith("not measured")
    key = results["key_events"]
    assert len(key) <= 5 and ((key["source_actor"] == "IRN") | (key["target_actor"] == "IRN")).all()
    assert results["israel_dyad"].index.tolist() == ["baseline", "war"]


@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"focal_actor": "RUSS"}, "Did you mean RUS"),
        ({"start": "2024-05-01", "end": "2024-01-01"}, "is after end"),
        ({"start": "2031-01-01", "end": "2031-12-31"}, "there are no events between 2031-01-01 and 2031-12-31"),
    ],
)
def test_briefing_rejects_bad_parameters_in_its_first_cell(tmp_path, parameters, message):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as info:
        run(tmp_path, "00_briefing.ipynb", **parameters)
    assert message in str(info.value.evalue) and "params.actor(focal_actor" in info.value.source


def test_leverage_notebook_with_other_parameters(tmp_path):
    weights = {"military_expenditure": 2, "economic_weight": 1, "theatre_presence": 0, "parties_dependence": 1}
    results = run(
        tmp_path,
        "03_influence_vs_leverage.ipynb",
        focal_actor="CHN",
        actors=["CHN", "USA", "RUS"],
        leverage_weights=weights,
        normalisation="rank",
        aggregation="geometric",
        draws=30,
        seed=2,
    )
    gap = results["gap"]
    assert {"CHN", "USA", "RUS"} <= set(gap.index)
    # rank 1 is the largest gap; each 5-95% rank interval is ordered
    assert gap["gap"].idxmax() == gap["gap_rank"].astype(int).idxmin()
    assert (gap["rank_p05"] <= gap["rank_p95"]).all()
    assert results["verdict"]["claim"].startswith("CHN's leverage is limited next to USA")
    assert list(results["components"].index) == ["CHN", "USA", "RUS"]
    variants = set(results["sensitivity"]["variant"])
    assert "rank / geometric" in variants and "without leverage: theatre_presence" in variants


@pytest.mark.parametrize(
    "parameters, message",
    [
        ({"actors": ["RUS", "XYZ"]}, "actors = 'XYZ' is not an actor code"),
        (
            {"leverage_weights": {"military_expenditure": 1}},
            "leverage_weights: weights must name exactly the components",
        ),
        (
            {
                "influence_weights": {
                    "contact_reach": 1,
                    "contact_volume": -1,
                    "un_agenda_power": 1,
                    "un_agreement_centrality": 1,
                }
            },
            "weights must not be negative: contact_volume=-1",
        ),
        (
            {
                "influence_weights": {
                    "pagerank_cooperative": 1,
                    "betweenness": 1,
                    "brokerage": 1,
                    "un_agreement_centrality": 1,
                }
            },
            "unknown: betweenness, brokerage, pagerank_cooperative",
        ),
        ({"influence": "panel"}, "influence = 'panel' is not one of: balanced, network"),
        ({"normalisation": "zscore", "aggregation": "geometric"}, "geometric aggregation needs positive values"),
    ],
)
def test_leverage_notebook_rejects_bad_parameters_in_its_first_cell(tmp_path, parameters, message):
    import papermill as pm

    with pytest.raises(pm.PapermillExecutionError) as info:
        run(tmp_path, "03_influence_vs_leverage.ipynb", **parameters)
    assert message in str(info.value.evalue) and "params.actor(focal_actor" in info.value.source
