"""Every committed notebook gives the same results when every numeric input moves by 1e-12.

Last-bit differences between CPUs (BLAS kernels, SIMD math, summation order) act like a tiny
perturbation of the inputs. Here every Goldstein score, tie strength and capability value, and
the index weights, are multiplied by 1 + u * 1e-12 (u uniform in [-1, 1], seeded) inside the
kernel, and each notebook is run with its default parameters. Its printed output must equal the
committed one (the text a reader sees, at its displayed precision) and every recorded result must
agree: strings, integers and ranks exactly, other numbers to 1e-6 (the notebooks record six decimals
and print three; a value that rounds across its 9th decimal under the perturbation moves by 1e-9,
and a little more where a logarithm of a small share amplifies it).

The perturbation is applied by an IPython start-up file in a temporary IPYTHONDIR, which wraps
``analysis.load_tables``: the data files and the package stay as they are.

The kernels also run as on another CPU: numpy's optimised code paths for this CPU are switched off
(``NPY_DISABLE_CPU_FEATURES`` lists every dispatched target, so numpy runs its baseline code, whose
sums and sorts differ: an unstable sort orders equal keys differently), and on x86-64 OpenBLAS uses
its Sandy Bridge kernels (``OPENBLAS_CORETYPE``) instead of the ones for this CPU.
"""

from __future__ import annotations

import configparser
import json
import math
import platform
import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import read_results
from analysis.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from analysis.runs import report_notebooks

RELATIVE = 1e-12
SEED = 20261203

STARTUP = f"""
import numpy as np
import analysis
import analysis.tables

_load = analysis.tables.load_tables


def _perturbed(*args, **kwargs):
    tables = _load(*args, **kwargs)
    rng = np.random.default_rng({SEED})

    def jitter(frame, column):
        values = frame[column].astype("float64")
        frame[column] = values * (1 + {RELATIVE!r} * rng.uniform(-1, 1, len(values)))

    jitter(tables.events, "goldstein")
    jitter(tables.ties, "strength")
    jitter(tables.capabilities, "value")
    return tables


analysis.tables.load_tables = analysis.load_tables = _perturbed
"""


def _sanitizers() -> list[tuple[re.Pattern, str]]:
    config = configparser.ConfigParser()
    config.read(PROJECT_ROOT / "tests" / "nbval_sanitize.cfg")
    return [(re.compile(config[s]["regex"]), config[s]["replace"]) for s in config.sections()]


def checked_text(path: Path) -> list[str]:
    """The text outputs of the cells nbval compares (# NBVAL_CHECK_OUTPUT), sanitised as nbval does;
    a cell's printed text is one string (the kernel may split a stream at any point, as nbval knows)."""
    nb = json.loads(path.read_text(encoding="utf-8"))
    rules = _sanitizers()
    found = []
    for cell in nb["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or "NBVAL_CHECK_OUTPUT" not in source:
            continue
        printed = "".join("".join(o["text"]) for o in cell["outputs"] if o["output_type"] == "stream")
        shown = ["".join(o["data"]["text/plain"]) for o in cell["outputs"] if "text/plain" in o.get("data", {})]
        for text in [printed, *shown]:
            for pattern, replace in rules:
                text = pattern.sub(replace, text)
            found.append(text)
    return found


def differences(a, b, where="") -> list[str]:
    """Where two recorded results differ: numbers beyond 1e-6 (absolute, or relative for large values),
    anything else at all."""
    if isinstance(a, pd.DataFrame) or isinstance(b, pd.DataFrame):
        if not (isinstance(a, pd.DataFrame) and isinstance(b, pd.DataFrame)):
            return [f"{where}: a table against {type(b).__name__}"]
        if list(a.index) != list(b.index) or list(a.columns) != list(b.columns):
            return [f"{where}: labels differ"]
        return [d for col in a.columns for d in differences(a[col].tolist(), b[col].tolist(), f"{where}[{col}]")]
    if isinstance(a, pd.Series) or isinstance(b, pd.Series):
        return differences(pd.DataFrame(a), pd.DataFrame(b), where)
    if isinstance(a, dict) and isinstance(b, dict):
        if sorted(a) != sorted(b):
            return [f"{where}: keys differ"]
        return [d for k in a for d in differences(a[k], b[k], f"{where}.{k}")]
    if isinstance(a, list) and isinstance(b, list):
        if len(a) != len(b):
            return [f"{where}: {len(a)} items against {len(b)}"]
        return [d for i, (x, y) in enumerate(zip(a, b)) for d in differences(x, y, f"{where}[{i}]")]
    if isinstance(a, float) and isinstance(b, (int, float)) and not isinstance(b, bool):
        if math.isnan(a) and math.isnan(b) or math.isclose(a, b, rel_tol=1e-6, abs_tol=1e-6):
            return []
        return [f"{where}: {a!r} against {b!r}"]
    if isinstance(b, float) and isinstance(a, int) and not isinstance(a, bool):
        return differences(float(a), b, where)
    return [] if a == b else [f"{where}: {a!r} against {b!r}"]


def test_the_comparison_can_fail():
    assert differences({"x": [1.0, 0.5]}, {"x": [1.0, 0.500003]}) == [".x[1]: 0.5 against 0.500003"]
    assert differences({"rank": [3.0]}, {"rank": [4.0]}) != [] and differences([1, "a"], [1, "b"]) != []
    assert (
        differences(pd.DataFrame({"r": [1, 2]}, index=["a", "b"]), pd.DataFrame({"r": [2, 1]}, index=["a", "b"])) != []
    )
    assert differences(0.5, 0.5 * (1 + 1e-12)) == []


@pytest.fixture(scope="module")
def perturbed_runs(tmp_path_factory):
    import papermill as pm

    ipython_dir = tmp_path_factory.mktemp("ipython")
    startup = ipython_dir / "profile_default" / "startup"
    startup.mkdir(parents=True)
    (startup / "00-perturb.py").write_text(STARTUP, encoding="utf-8")
    out = tmp_path_factory.mktemp("perturbed")
    weights = np.random.default_rng(SEED + 1)
    from analysis.leverage import BALANCED_INFLUENCE_COMPONENTS, LEVERAGE_COMPONENTS

    def jittered(names):
        return {name: 1 + RELATIVE * float(weights.uniform(-1, 1)) for name in names}

    parameters = {
        "03_influence_vs_leverage.ipynb": {
            "influence_weights": jittered(BALANCED_INFLUENCE_COMPONENTS),
            "leverage_weights": jittered(LEVERAGE_COMPONENTS),
        }
    }
    mp = pytest.MonkeyPatch()
    mp.setenv("IPYTHONDIR", str(ipython_dir))
    from numpy._core._multiarray_umath import __cpu_dispatch__

    mp.setenv("NPY_DISABLE_CPU_FEATURES", " ".join(__cpu_dispatch__))  # numpy's baseline code paths
    if platform.machine().lower() in ("x86_64", "amd64"):
        mp.setenv("OPENBLAS_CORETYPE", "Sandybridge")  # other BLAS kernels than this CPU's
    try:
        for notebook in report_notebooks(NOTEBOOKS_DIR):
            pm.execute_notebook(
                str(notebook),
                str(out / notebook.name),
                kernel_name="python3",
                parameters=parameters.get(notebook.name, {}),
                cwd=str(NOTEBOOKS_DIR),
                progress_bar=False,
            )
    finally:
        mp.undo()
    return out


@pytest.mark.parametrize("name", [p.name for p in report_notebooks(NOTEBOOKS_DIR)])
def test_perturbed_inputs_give_the_committed_results(perturbed_runs, name):
    run = perturbed_runs / name
    assert checked_text(run) == checked_text(NOTEBOOKS_DIR / name)
    committed, perturbed = read_results(NOTEBOOKS_DIR / name), read_results(run)
    assert sorted(perturbed) == sorted(committed)
    assert [d for key in committed for d in differences(perturbed[key], committed[key], key)] == []


def test_the_kernels_did_see_perturbed_tables(perturbed_runs):
    # the raw capability values recorded by the leverage notebook carry the perturbation in their last digits
    name = "03_influence_vs_leverage.ipynb"
    raw = read_results(perturbed_runs / name)["components"].astype(float)
    committed = read_results(NOTEBOOKS_DIR / name)["components"].astype(float)
    assert not raw.equals(committed)
    assert np.allclose(raw.fillna(0), committed.fillna(0), rtol=1e-11, atol=0)


def test_disabling_numpys_dispatched_features_leaves_its_baseline_code_paths():
    # what the fixture sets for the kernels: every optimised target of this CPU is off
    import os
    import subprocess
    import sys

    from numpy._core._multiarray_umath import __cpu_dispatch__

    env = {**os.environ, "NPY_DISABLE_CPU_FEATURES": " ".join(__cpu_dispatch__)}
    code = (
        "from numpy._core._multiarray_umath import __cpu_dispatch__ as d, __cpu_features__ as f;"
        "print(sum(bool(f.get(x)) for x in d))"
    )
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "0"
