"""Executing the notebooks of a report run: papermill in parallel kernels, the HTML for readers,
each notebook's key figure, and the status records the index page is built from.

A failing notebook does not stop the others: it is marked failed with the error cell's message.
Every file is written under a temporary name and moved into place, so an interrupted run never
leaves a half-written report that looks complete. notebooks/ and data/ are only read.
"""

from __future__ import annotations

import base64
import json
import os
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path

from .files import atomic_write_text, publish
from .paths import NOTEBOOKS_DIR, REPORTS_DIR
from .runs import Run, declared_parameters, longest_first, previous_durations, report_notebooks, save_durations

# The kernels' own log (not the notebooks' output, whose errors papermill reports) is silenced by
# default: every ipykernel start writes a "Kernel is running over TCP" warning, and the interrupt that
# jupyter_client sends before shutting a kernel down can log "KeyboardInterrupt caught in kernel",
# both into the progress bar. A cell's error is still reported with its message; when a kernel itself
# fails ("Kernel died"), rerun with KERNEL_LOG_LEVEL=WARNING (or DEBUG) to see the kernel's log.
KERNEL_LOG_VARIABLE = "KERNEL_LOG_LEVEL"
#: Environment variable that keeps the code cells in the HTML reports (``REPORT_CODE=1 make report``).
CODE_VARIABLE = "REPORT_CODE"
#: Tag of the cell whose figure stands for its notebook on the index page (else its first figure).
KEY_FIGURE_TAG = "key-figure"
#: Tag prefix of the cells whose figure the README shows (``readme-figure:NAME``; analysis.regeneration).
README_FIGURE_TAG = "readme-figure:"
BLAS_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def kernel_arguments() -> list[str]:
    """The kernels' command-line options: their log level, CRITICAL unless KERNEL_LOG_LEVEL says otherwise."""
    level = os.environ.get(KERNEL_LOG_VARIABLE, "CRITICAL").strip().upper() or "CRITICAL"
    return [f"--IPKernelApp.log_level={level}"]


def error_message(exc: Exception) -> str:
    """One line saying why a notebook failed: the error cell's exception, or the runner's."""
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    text = str(exc).strip()
    message = text.splitlines()[-1] if text else type(exc).__name__
    if "kernel died" in message.lower():  # the kernel's own log says why; it is off by default
        message += f" (rerun with {KERNEL_LOG_VARIABLE}=WARNING to see the kernel's log)"
    return message


def run_papermill(notebook: Path, tmp: str, parameters: dict | None = None) -> None:
    """Execute ``notebook`` into the temporary file ``tmp`` (in the notebook's folder as working
    directory). Papermill's save after every cell is off: nobody reads the temporary file before it
    is published, and the executed notebook is written once at the end, failed or not.

    Parameters
    ----------
    notebook : Path
        The notebook to run (read only).
    tmp : str
        The path the executed notebook is written to.
    parameters : dict, optional
        Injected by papermill into the notebook's ``parameters`` cell; None injects nothing.

    Raises
    ------
    papermill.exceptions.PapermillExecutionError
        If a cell raises (the executed notebook, with the error, is still written to ``tmp``).
    Exception
        Any other error of papermill or its kernel (a kernel that dies), passed on as it is;
        :func:`error_message` makes one line of either.
    """
    import papermill as pm

    pm.execute_notebook(
        str(notebook),
        tmp,
        parameters=parameters,
        kernel_name="python3",
        cwd=str(notebook.parent),
        progress_bar=False,
        request_save_on_cell_execute=False,
        extra_arguments=kernel_arguments(),
    )


def html_exporter():
    """The HTML rendering of a report: for readers, without the code cells and prompts, unless
    ``REPORT_CODE=1`` keeps them (the executed ``.ipynb`` always has everything)."""
    from nbconvert import HTMLExporter

    keep = os.environ.get(CODE_VARIABLE, "").strip().lower() in ("1", "true", "yes")
    return HTMLExporter(exclude_input=not keep, exclude_input_prompt=not keep, exclude_output_prompt=not keep)


def png_outputs(cell) -> list[str]:
    """The base64 PNG images a cell displayed, in order."""
    return [
        o["data"]["image/png"]
        for o in cell.get("outputs", [])
        if o.get("output_type") in ("display_data", "execute_result") and "image/png" in o.get("data", {})
    ]


def key_figure_cell(nb) -> int | None:
    """The index of the cell holding the notebook's key figure: the first cell tagged ``key-figure``
    that shows an image, else the first whose figure the README shows (``readme-figure:NAME``), else
    the first cell showing an image; None when the notebook shows none."""

    def tags(cell):
        return cell.get("metadata", {}).get("tags", [])

    cells = list(enumerate(nb.cells))
    key = [(i, c) for i, c in cells if KEY_FIGURE_TAG in tags(c)]
    readme = [(i, c) for i, c in cells if any(t.startswith(README_FIGURE_TAG) for t in tags(c))]
    return next((i for i, cell in key + readme + cells if png_outputs(cell)), None)


def key_figure(nb) -> str | None:
    """The notebook's key figure (base64 PNG): the first image of :func:`key_figure_cell`; None when
    the notebook shows none."""
    index = key_figure_cell(nb)
    return None if index is None else png_outputs(nb.cells[index])[0]


def write_png(data: str, target: Path) -> Path:
    """Write a base64 PNG to ``target`` atomically."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.stem}-", dir=target.parent)
    with os.fdopen(fd, "wb") as handle:
        handle.write(base64.b64decode(data))
    publish(tmp, target)
    return target


def execute(notebook: Path, out_dir: Path, parameters: dict) -> dict:
    """Run one notebook into out_dir (executed copy, HTML, key figure as ``<stem>.png``); returns
    its status record: notebook, parameters passed, status, error, results, figure (file name).

    Parameters
    ----------
    notebook : Path
        The notebook to run.
    out_dir : Path
        The run's report folder (created if needed). A notebook that fails is kept there as
        ``<stem>.FAILED.ipynb`` (with its HTML, without a key figure).
    parameters : dict
        The run's parameters; only those the notebook declares are passed.

    Returns
    -------
    dict
        ``notebook`` (file name), ``parameters`` (those passed), ``status`` ("ok" or "failed"),
        ``error`` (None, or one line, :func:`error_message`), ``results`` (the recorded results,
        empty for a failed notebook) and ``figure`` (the key figure's file name, or None).

    Raises
    ------
    Exception
        An error after the execution (reading the executed copy, converting it to HTML, writing
        the files) is passed on; an error of the execution itself, a failing cell or a dead kernel,
        is recorded as ``failed`` instead.
    """
    import nbformat

    from .record import read_results

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / notebook.name
    passed = {k: v for k, v in parameters.items() if k in declared_parameters(notebook)}
    fd, tmp = tempfile.mkstemp(prefix=f".{notebook.stem}-", suffix=".ipynb", dir=out_dir)
    os.close(fd)
    status = {
        "notebook": notebook.name,
        "parameters": passed,
        "status": "ok",
        "error": None,
        "results": {},
        "figure": None,
    }
    try:
        try:
            run_papermill(notebook, tmp, passed)
        except Exception as exc:  # the notebook failed: keep its executed copy, marked failed
            status.update(status="failed", error=error_message(exc))
        nb = nbformat.read(tmp, as_version=4)
        if status["status"] == "ok":
            status["results"] = read_results(tmp)
            figure = key_figure(nb)
            if figure is not None:
                status["figure"] = write_png(figure, out_dir / f"{notebook.stem}.png").name
        body, _ = html_exporter().from_notebook_node(nb)
        atomic_write_text(out_dir / f"{notebook.stem}.html", body)
        publish(tmp, target if status["status"] == "ok" else out_dir / f"{notebook.stem}.FAILED.ipynb")
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return status


def one_thread_per_kernel() -> None:
    """Pool initializer: the kernels a worker starts inherit one BLAS thread each, so that parallel
    runs (one per core) do not oversubscribe the cores. A value the user set is kept."""
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, "1")


def _job(args):
    notebook, out_dir, parameters = args
    started = time.perf_counter()
    try:
        status = execute(Path(notebook), Path(out_dir), parameters)
    except Exception as exc:  # a crash outside the notebook (kernel, conversion): still a record
        status = {
            "notebook": Path(notebook).name,
            "parameters": parameters,
            "status": "failed",
            "error": error_message(exc),
            "results": {},
            "figure": None,
        }
    return {**status, "seconds": round(time.perf_counter() - started, 2)}


def previous_records(run: Run, reports_dir: Path) -> list[dict]:
    """The status records of an earlier report of ``run`` (its results.json), for the index of a
    partial run (``--only``); empty when there is none or it cannot be read."""
    from .record import from_json

    try:
        saved = json.loads((reports_dir / run.name / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [
        {
            "notebook": f"{stem}.ipynb",
            "parameters": rec.get("parameters", {}),
            "status": rec.get("status", "failed"),
            "error": rec.get("error"),
            "results": from_json(rec.get("results", {})),
            "figure": rec.get("figure"),
        }
        for stem, rec in sorted(saved.items())
        if isinstance(rec, dict)
    ]


def run_all(
    runs: list[Run],
    notebooks_dir: Path = NOTEBOOKS_DIR,
    reports_dir: Path = REPORTS_DIR,
    workers: int | None = None,
    progress: bool = True,
    index_runs: list[Run] | None = None,
    durations_dir: Path | None = None,
) -> dict[str, list[dict]]:
    """Execute every (run, notebook) pair, longest first; returns the status records by run name.

    ``reports/index.html`` lists ``index_runs`` (default: the runs executed); a run listed there
    but not executed now keeps the entries of its earlier report, so ``--only`` updates the index
    without dropping the other runs. Durations are estimated from the earlier results in
    ``durations_dir`` (default: ``reports_dir``), which are only read.

    Parameters
    ----------
    runs : list of Run
        The runs to execute, each with its parameters and notebooks (None: every report notebook of
        ``notebooks_dir``, the interactive ones aside).
    notebooks_dir : Path, default NOTEBOOKS_DIR
        Where the notebooks are (only read).
    reports_dir : Path, default REPORTS_DIR
        Where each run's folder, its ``results.json``, ``durations.json`` and ``index.html`` are
        written.
    workers : int, optional
        Notebooks executed in parallel; None means one per CPU.
    progress : bool, default True
        Show a progress bar (on stderr).
    index_runs : list of Run, optional
        The runs the index lists; None lists ``runs``.
    durations_dir : Path, optional
        Where the earlier durations are read from; None means ``reports_dir``. This run's durations
        are added to ``reports_dir``'s ``durations.json`` either way.

    Returns
    -------
    dict
        Run name -> the status records of its notebooks (:func:`execute`, with ``seconds``), in the
        order they finished.

    Raises
    ------
    ValueError
        If a run names a notebook that is not in ``notebooks_dir`` (before anything is executed).
    """
    from tqdm import tqdm

    from .index_page import write_index
    from .record import to_json

    available = sorted(p.name for p in Path(notebooks_dir).glob("*.ipynb"))
    by_default = [p.name for p in report_notebooks(notebooks_dir)]  # the interactive explorer only when named
    jobs = []
    for run in runs:
        chosen = list(run.notebooks) if run.notebooks else by_default
        unknown = sorted(set(chosen) - set(available))
        if unknown:
            raise ValueError(f"run {run.name!r} names notebooks that are not in {notebooks_dir}: {', '.join(unknown)}")
        for nb in chosen:
            jobs.append((run.name, (str(Path(notebooks_dir) / nb), str(Path(reports_dir) / run.name), run.parameters)))
    jobs = longest_first(jobs, previous_durations(durations_dir or reports_dir))
    reports_dir.mkdir(parents=True, exist_ok=True)
    records: dict[str, list[dict]] = {run.name: [] for run in runs}
    workers = max(1, workers or os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, initializer=one_thread_per_kernel if workers > 1 else None) as pool:
        futures = {pool.submit(_job, args): name for name, args in jobs}
        for fut in tqdm(
            as_completed(futures), total=len(futures), desc="notebooks", disable=not progress, file=sys.stderr
        ):
            records[futures[fut]].append(fut.result())
    for run in runs:
        results = {
            Path(r["notebook"]).stem: {
                "status": r["status"],
                "error": r["error"],
                "parameters": r["parameters"],
                "figure": r.get("figure"),
                "results": to_json(r["results"]),
            }
            for r in sorted(records[run.name], key=lambda r: r["notebook"])
        }
        (reports_dir / run.name).mkdir(parents=True, exist_ok=True)
        atomic_write_text(reports_dir / run.name / "results.json", json.dumps(results, indent=2, sort_keys=True))
    save_durations(records, reports_dir)
    listed = index_runs or runs
    shown = {
        run.name: records[run.name] if run.name in records else previous_records(run, reports_dir) for run in listed
    }
    write_index(shown, listed, reports_dir, notebooks_dir)
    return records
