"""record() writes results into an executed notebook; read_results() returns them."""

from __future__ import annotations

import math

import nbformat
import numpy as np
import pandas as pd
import pytest

from analysis.record import MIME_TYPE, from_json, read_results, to_json


def test_values_round_trip_without_a_kernel():
    frame = pd.DataFrame({"actor": ["RUS", "USA"], "rank": [2, 1], "score": [0.5, np.nan]})
    for value in (3, 0.25, "RUS", ["ISR", "USA"], {"a": [1, 2]}, True):
        assert from_json(to_json(value)) == value
    back = from_json(to_json(frame))
    assert list(back.columns) == ["actor", "rank", "score"]
    assert back["actor"].tolist() == ["RUS", "USA"] and back["rank"].tolist() == [2, 1]
    assert back["score"].iloc[0] == 0.5 and pd.isna(back["score"].iloc[1])
    assert to_json(float("nan")) is None and to_json(np.int64(7)) == 7


def test_unrecordable_value_is_refused_clearly():
    with pytest.raises(TypeError, match="cannot store a object"):
        to_json(object())


def test_results_of_an_executed_notebook(tmp_path):
    """A real papermill run: the notebook records, read_results reads back."""
    import papermill as pm

    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    params = nbformat.v4.new_code_cell("focal_actor = 'RUS'")
    params.metadata["tags"] = ["parameters"]
    nb.cells = [
        params,
        nbformat.v4.new_code_cell(
            "import pandas as pd\nfrom analysis import record\n"
            "record('focal', focal_actor)\n"
            "record('ratio', 2 / 3)\n"
            "record('camps', [['ISR', 'USA'], ['HAMAS', 'IRN']])\n"
            "record('table', pd.DataFrame({'actor': ['A', 'B'], 'x': [1.5, 2.5]}))\n"
            "record('ratio', 0.5)\n"
            "print('not a result')"
        ),
    ]
    src, out = tmp_path / "in.ipynb", tmp_path / "out.ipynb"
    nbformat.write(nb, src)
    pm.execute_notebook(
        str(src), str(out), parameters={"focal_actor": "CHN"}, kernel_name="python3", progress_bar=False
    )
    results = read_results(out)
    assert set(results) == {"focal", "ratio", "camps", "table"}
    assert results["focal"] == "CHN"  # the injected parameter, not the default
    assert math.isclose(results["ratio"], 0.5)  # a later record of a name wins
    assert results["camps"] == [["ISR", "USA"], ["HAMAS", "IRN"]]
    assert results["table"]["x"].tolist() == [1.5, 2.5]
    outputs = [o for c in nbformat.read(out, as_version=4).cells for o in c.get("outputs", [])]
    assert sum(MIME_TYPE in o.get("data", {}) for o in outputs) == 5


def test_unreadable_notebook_is_a_clear_error(tmp_path):
    bad = tmp_path / "bad.ipynb"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="not a readable notebook"):
        read_results(bad)
