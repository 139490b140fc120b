"""The report runner on two tiny notebooks: one that records results, one that fails."""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path

import nbformat
import pytest

from analysis.execution import run_all
from analysis.report import main
from analysis.runs import load_runs


def notebook(path: Path, body: str, params: str = "focal_actor = 'RUS'  # focal actor\nseed = 0") -> None:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    p = nbformat.v4.new_code_cell(params)
    p.metadata["tags"] = ["parameters"]
    nb.cells = [p, nbformat.v4.new_code_cell(body)]
    nbformat.write(nb, path)


# records two results and a table for the index page, and draws a figure (its key figure)
GOOD = """from analysis import record
from analysis.record import record_for_index
import matplotlib.pyplot as plt
import pandas as pd
record('focal', focal_actor)
record('score', 0.25)
record_for_index('Claims', pd.DataFrame({'item': ['1. first claim'], 'detail': ['a measure'],
                                         'verdict': ['supported' if focal_actor == 'RUS' else 'mixed']}))
plt.plot([0, 1], [1, 0])
plt.show()"""


@pytest.fixture
def project(tmp_path):
    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    notebook(nbs / "good.ipynb", GOOD)
    notebook(nbs / "bad.ipynb", "raise ValueError(f'unknown actor {focal_actor}')")
    runs = tmp_path / "runs.yaml"
    runs.write_text(
        "defaults: {seed: 1}\nruns:\n  - name: default\n  - name: chn\n    parameters: {focal_actor: CHN, unused: 3}\n"
    )
    return tmp_path, nbs, runs


def digest(folder: Path) -> dict:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_runs_write_reports_and_mark_failures(project):
    root, nbs, runs_file = project
    before = digest(nbs)
    reports = root / "reports"
    records = run_all(load_runs(runs_file), nbs, reports, workers=2, progress=False)
    assert digest(nbs) == before  # sources untouched
    good = {name: next(r for r in recs if r["notebook"] == "good.ipynb") for name, recs in records.items()}
    assert good["chn"]["results"]["focal"] == "CHN" and good["default"]["results"]["focal"] == "RUS"
    assert good["chn"]["parameters"] == {"focal_actor": "CHN", "seed": 1}  # 'unused' not passed
    bad = next(r for r in records["chn"] if r["notebook"] == "bad.ipynb")
    assert bad["status"] == "failed" and bad["error"] == "ValueError: unknown actor CHN"
    for run in ("default", "chn"):
        files = {p.name for p in (reports / run).iterdir()}
        assert {"good.ipynb", "good.html", "good.png", "bad.FAILED.ipynb", "bad.html", "results.json"} == files
        assert (reports / run / "good.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"  # the key figure
        results = json.loads((reports / run / "results.json").read_text())
        assert results["good"]["status"] == "ok" and results["bad"]["status"] == "failed"
    index = (reports / "index.html").read_text()
    assert "FAILED" in index and "ValueError: unknown actor CHN" in index and "score: 0.25" in index
    # the index table of each run as one matrix, coloured by verdict and linked to the run's page
    assert "<h2>Claims</h2>" in index and "<th>1. first claim</th>" in index
    assert "class='v yes' title='a measure'><a href='default/good.html'>supported" in index
    assert "class='v mixed' title='a measure'><a href='chn/good.html'>mixed" in index
    # the key figures as thumbnails, the failed notebook marked, the parameters in words
    assert "<img src='default/good.png'" in index and "<img src='chn/good.png'" in index
    assert "<td class='failed'>FAILED<br><small>ValueError: unknown actor CHN" in index
    assert "<code>focal_actor</code> = CHN (China)</dt><dd>focal actor</dd>" in index


def test_second_run_gives_the_same_results(project):
    root, nbs, runs_file = project
    run_all(load_runs(runs_file), nbs, root / "r1", workers=1, progress=False)
    run_all(load_runs(runs_file), nbs, root / "r2", workers=1, progress=False)
    for run in ("default", "chn"):
        assert (root / "r1" / run / "results.json").read_text() == (root / "r2" / run / "results.json").read_text()


def test_main_exits_non_zero_with_a_summary(project, capsys):
    root, nbs, runs_file = project
    code = main(["--runs", str(runs_file), "--notebooks", str(nbs), "--reports", str(root / "out"), "--workers", "2"])
    out = capsys.readouterr().out
    assert code == 1 and "2 of 4 notebook runs failed:" in out
    # each failed run with the first line of its error
    assert "  chn/bad.ipynb: ValueError: unknown actor CHN" in out
    assert "  default/bad.ipynb: ValueError: unknown actor RUS" in out


def test_bad_data_stops_the_report_before_any_kernel(project, data_copy, capsys):
    from conftest import set_cell

    root, nbs, runs_file = project
    set_cell(data_copy / "events.csv", 3, "date", "2023-02-30")
    runs_file.write_text(f"runs:\n  - name: default\n  - name: mine\n    parameters: {{data_dir: '{data_copy}'}}\n")
    out_dir = root / "out"
    code = main(["--runs", str(runs_file), "--notebooks", str(nbs), "--reports", str(out_dir)])
    err = capsys.readouterr().err
    assert code == 2 and "problem(s) in the data; no notebook was run" in err
    assert "events.csv, line 3, column 'date': value '2023-02-30'" in err
    assert not out_dir.exists()  # no kernel started, nothing written


@pytest.mark.parametrize(
    "text, message",
    [
        ("runs: []", "lists no runs"),
        ("runs:\n  - parameters: {a: 1}", "needs a 'name'"),
        ("runs:\n  - name: a\n  - name: a", "must be unique"),
        ("runs:\n  - name: a/b", "must be unique and use only"),
        ("runs:\n  - name: a\n    parameters: [1]", "must be a mapping"),
    ],
)
def test_bad_run_matrix_is_explained(tmp_path, text, message):
    f = tmp_path / "runs.yaml"
    f.write_text(text)
    with pytest.raises(ValueError, match=message):
        load_runs(f)


def test_the_shipped_run_matrix_is_valid():
    runs = load_runs()
    assert runs[0].name == "default" and len({r.name for r in runs}) == len(runs)


def test_tagged_figures_are_extracted_for_the_readme(tmp_path):
    import base64

    from analysis.regeneration import extract_figures

    png = base64.b64encode(b"\x89PNG fake").decode()
    nb = nbformat.v4.new_notebook()
    c = nbformat.v4.new_code_cell("plot()")
    c.metadata["tags"] = ["readme-figure:network"]
    c.outputs = [nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})]
    nb.cells = [c, nbformat.v4.new_code_cell("x = 1")]
    assert extract_figures(nb, tmp_path / "figs") == [tmp_path / "figs" / "network.png"]
    assert (tmp_path / "figs" / "network.png").read_bytes() == b"\x89PNG fake"
    c.outputs = []
    with pytest.raises(ValueError, match="readme-figure:network has no PNG"):
        extract_figures(nb, tmp_path / "figs")


def test_every_readme_figure_exists_and_is_shown():
    from analysis.paths import FIGURES_DIR, NOTEBOOKS_DIR, PROJECT_ROOT

    tags = {
        t.split(":", 1)[1]
        for nb in NOTEBOOKS_DIR.glob("*.ipynb")
        for c in nbformat.read(nb, as_version=4).cells
        for t in c.metadata.get("tags", [])
        if t.startswith("readme-figure:")
    }
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    for name in tags:
        assert (FIGURES_DIR / f"{name}.png").exists(), f"run make notebooks: docs/figures/{name}.png is missing"
        assert f"docs/figures/{name}.png" in readme


def test_published_files_are_readable_by_others(project):
    import stat

    root, nbs, runs_file = project
    old = os.umask(0o022)  # the usual umask; the files must not stay 0600 from mkstemp
    try:
        run_all(load_runs(runs_file), nbs, root / "reports", workers=1, progress=False)
    finally:
        os.umask(old)
    for path in (root / "reports" / "index.html", root / "reports" / "default" / "good.ipynb"):
        assert path.stat().st_mode & stat.S_IROTH, f"{path.name} is not world-readable"


def test_a_partial_run_keeps_the_other_runs_in_the_index(project):
    root, nbs, runs_file = project
    reports = root / "reports"
    runs = load_runs(runs_file)
    run_all(runs, nbs, reports, workers=2, progress=False)
    # again, only the default run: the chn run is still listed, from its earlier results.json
    run_all([r for r in runs if r.name == "default"], nbs, reports, workers=2, progress=False, index_runs=runs)
    index = (reports / "index.html").read_text()
    assert "<td>chn</td>" in index and "ValueError: unknown actor CHN" in index and "focal: CHN" in index
    run_all([r for r in runs if r.name == "default"], nbs, reports, workers=2, progress=False)
    assert "<td>chn</td>" not in (reports / "index.html").read_text()  # without index_runs: only what ran


def test_printed_output_is_kept_in_one_piece_however_it_was_flushed():
    from analysis.regeneration import coalesce_streams

    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("print(1); print(2)")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="a\n"),
        nbformat.v4.new_output("stream", name="stdout", text="b\n"),
        nbformat.v4.new_output("stream", name="stderr", text="warn\n"),
        nbformat.v4.new_output("display_data", data={"text/plain": "x"}),
        nbformat.v4.new_output("stream", name="stdout", text="c\n"),
    ]
    nb.cells = [cell]
    coalesce_streams(nb)
    assert [(o.output_type, o.get("name"), o.get("text")) for o in cell.outputs] == [
        ("stream", "stdout", "a\nb\n"),
        ("stream", "stderr", "warn\n"),
        ("display_data", None, None),
        ("stream", "stdout", "c\n"),
    ]


def test_parallel_workers_give_each_kernel_one_blas_thread_unless_the_user_chose(monkeypatch):
    from analysis.execution import one_thread_per_kernel

    monkeypatch.delenv("OPENBLAS_NUM_THREADS", raising=False)
    monkeypatch.delenv("MKL_NUM_THREADS", raising=False)
    monkeypatch.setenv("OMP_NUM_THREADS", "2")
    one_thread_per_kernel()
    assert os.environ["OPENBLAS_NUM_THREADS"] == "1" and os.environ["MKL_NUM_THREADS"] == "1"
    assert os.environ["OMP_NUM_THREADS"] == "2"


def test_kernel_start_up_warnings_stay_out_of_the_terminal(project, capfd):
    # ipykernel logs a "Kernel is running over TCP" warning at every start; a report run of 21
    # notebooks would print it 21 times into the progress bar
    root, nbs, runs_file = project
    records = run_all(load_runs(runs_file)[:1], nbs, root / "reports", workers=1, progress=False)
    assert next(r for r in records["default"] if r["notebook"] == "good.ipynb")["status"] == "ok"
    err = capfd.readouterr().err
    assert "IPKernelApp" not in err and "running over TCP" not in err


def test_the_kernel_log_can_be_turned_back_on_and_a_dead_kernel_says_how(monkeypatch):
    from analysis.execution import error_message, kernel_arguments

    monkeypatch.delenv("KERNEL_LOG_LEVEL", raising=False)
    assert kernel_arguments() == ["--IPKernelApp.log_level=CRITICAL"]
    monkeypatch.setenv("KERNEL_LOG_LEVEL", "warning")
    assert kernel_arguments() == ["--IPKernelApp.log_level=WARNING"]
    assert "KERNEL_LOG_LEVEL=WARNING" in error_message(RuntimeError("Kernel died"))
    assert error_message(RuntimeError("boom")) == "boom"


def test_longest_notebooks_run_first_by_their_previous_durations(tmp_path):
    from analysis.runs import longest_first, previous_durations

    (tmp_path / "durations.json").write_text(
        json.dumps(
            {
                "default": {"01_centrality.ipynb": 3.0, "02_alignment_blocs.ipynb": 4.0},
                "focal-irn": {"01_centrality.ipynb": 2.5, "02_alignment_blocs.ipynb": 40.0, "x.ipynb": "slow"},
            }
        )
    )
    durations = previous_durations(tmp_path)
    assert durations[("focal-irn", "02_alignment_blocs.ipynb")] == 40.0 and len(durations) == 4
    assert previous_durations(tmp_path / "nowhere") == {}

    def job(run, nb):
        return (run, (f"notebooks/{nb}", f"reports/{run}", {}))

    jobs = [
        job("default", "01_centrality.ipynb"),
        job("default", "02_alignment_blocs.ipynb"),
        job("focal-irn", "01_centrality.ipynb"),
        job("focal-irn", "02_alignment_blocs.ipynb"),
        job("war", "02_alignment_blocs.ipynb"),  # new run: the notebook's mean, 22 s
        job("war", "03_influence_vs_leverage.ipynb"),
    ]  # never timed: first
    order = [(r, Path(p).stem) for r, (p, _, _) in longest_first(jobs, durations)]
    assert order == [
        ("war", "03_influence_vs_leverage"),
        ("focal-irn", "02_alignment_blocs"),
        ("war", "02_alignment_blocs"),
        ("default", "02_alignment_blocs"),
        ("default", "01_centrality"),
        ("focal-irn", "01_centrality"),
    ]


def test_a_run_keeps_its_durations_for_the_next(project):
    root, nbs, runs_file = project
    (root / "r").mkdir()
    (root / "r" / "durations.json").write_text(json.dumps({"elsewhere": {"a.ipynb": 1.5}}))
    run_all(load_runs(runs_file), nbs, root / "r", workers=1, progress=False)
    saved = json.loads((root / "r" / "durations.json").read_text())
    assert saved["elsewhere"] == {"a.ipynb": 1.5}  # other runs' durations are kept
    assert set(saved) == {"elsewhere", "default", "chn"}
    assert all(isinstance(v, float) and v > 0 for run in ("default", "chn") for v in saved[run].values())
    assert "seconds" not in (root / "r" / "default" / "results.json").read_text()


def test_html_reports_hide_the_code_unless_asked(project, monkeypatch):
    root, nbs, runs_file = project
    run_all(load_runs(runs_file), nbs, root / "plain", workers=1, progress=False)
    html = (root / "plain" / "default" / "good.html").read_text(encoding="utf-8")
    assert "record(&#39;score&#39;, 0.25)" not in html and "record('score', 0.25)" not in html
    assert "recorded score" in html  # the outputs stay
    monkeypatch.setenv("REPORT_CODE", "1")
    run_all(load_runs(runs_file), nbs, root / "code", workers=1, progress=False)
    html = (root / "code" / "default" / "good.html").read_text(encoding="utf-8")
    assert "score" in html and ("record(&#39;score&#39;" in html or "record</span>" in html)
    executed = nbformat.read(root / "plain" / "default" / "good.ipynb", as_version=4)
    assert "record('score', 0.25)" in executed.cells[-1].source  # the executed notebook keeps everything


def test_an_interactive_notebook_runs_only_when_a_run_names_it(tmp_path):
    from analysis.runs import Run, is_interactive, report_notebooks

    nbs = tmp_path / "notebooks"
    nbs.mkdir()
    notebook(nbs / "plain.ipynb", "from analysis import record\nrecord('focal', focal_actor)")
    notebook(nbs / "widgets.ipynb", "raise RuntimeError('an interactive notebook ran')")
    nb = nbformat.read(nbs / "widgets.ipynb", as_version=4)
    nb.metadata["analysis"] = {"interactive": True}
    nbformat.write(nb, nbs / "widgets.ipynb")
    assert is_interactive(nbs / "widgets.ipynb") and [p.name for p in report_notebooks(nbs)] == ["plain.ipynb"]
    records = run_all([Run("default")], nbs, tmp_path / "reports", workers=1, progress=False)
    assert [r["notebook"] for r in records["default"]] == ["plain.ipynb"]
    named = run_all([Run("mine", notebooks=("widgets.ipynb",))], nbs, tmp_path / "reports", workers=1, progress=False)
    assert [(r["notebook"], r["status"]) for r in named["mine"]] == [("widgets.ipynb", "failed")]
