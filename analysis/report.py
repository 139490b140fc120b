"""The report runner behind ``make report``: every notebook, for every run of the run matrix.

The run matrix is ``runs.yaml`` at the project root::

    defaults:              # parameters every run passes (optional)
      seed: 0
    runs:
      - name: default      # folder name under reports/
      - name: focal-chn
        parameters: {focal_actor: CHN}
      - name: pre-war
        parameters: {start: "2023-01-01", end: "2023-10-06"}
        notebooks: [01_centrality.ipynb]   # optional: a subset of notebooks/

A notebook receives only the parameters its ``parameters`` cell declares. Each run writes
``reports/<run>/``: the executed notebooks, an HTML rendering of each, and ``results.json``
(every notebook's recorded results, read with :func:`analysis.record.read_results`).
``reports/index.html`` lists every run with its parameters, status, headline figures and links.

Runs execute in parallel (one worker per core by default) with a progress bar, the longest
first: ``reports/durations.json`` keeps how long each run's notebooks took (apart from the
results, which stay the same from run to run), and the next run orders its notebooks by those
durations (unknown ones first), so that one long notebook does not run alone at the end. A failing
notebook does not stop the others: it is marked failed with the error cell's message, and
the command ends non-zero with a one-line summary. Every file is written under a temporary
name and moved into place, so an interrupted run never leaves a half-written report that looks
complete. notebooks/ and data/ are only read.
"""
from __future__ import annotations

import argparse
import html
import json
import os
import re
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

from .files import atomic_write_text, publish
from .paths import FIGURES_DIR, NOTEBOOKS_DIR, PROJECT_ROOT, REPORTS_DIR

RUNS_FILE = PROJECT_ROOT / "runs.yaml"
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
# The kernels' own log (not the notebooks' output, whose errors papermill reports) is silenced by
# default: every ipykernel start writes a "Kernel is running over TCP" warning, and the interrupt that
# jupyter_client sends before shutting a kernel down can log "KeyboardInterrupt caught in kernel",
# both into the progress bar. A cell's error is still reported with its message; when a kernel itself
# fails ("Kernel died"), rerun with KERNEL_LOG_LEVEL=WARNING (or DEBUG) to see the kernel's log.
KERNEL_LOG_VARIABLE = "KERNEL_LOG_LEVEL"


def kernel_arguments() -> list[str]:
    """The kernels' command-line options: their log level, CRITICAL unless KERNEL_LOG_LEVEL says otherwise."""
    level = os.environ.get(KERNEL_LOG_VARIABLE, "CRITICAL").strip().upper() or "CRITICAL"
    return [f"--IPKernelApp.log_level={level}"]


@dataclass(frozen=True)
class Run:
    name: str
    parameters: dict = field(default_factory=dict)
    notebooks: tuple[str, ...] | None = None


def load_runs(path: Path = RUNS_FILE) -> list[Run]:
    """The run matrix, checked: unique, file-safe names; parameters as a mapping."""
    import yaml

    try:
        spec = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ValueError(f"{path}: cannot read the run matrix ({exc})") from exc
    defaults = spec.get("defaults") or {}
    if not isinstance(defaults, dict):
        raise ValueError(f"{path}: 'defaults' must be a mapping of parameter names to values")
    runs, seen = [], set()
    for i, item in enumerate(spec.get("runs") or [], start=1):
        if not isinstance(item, dict) or "name" not in item:
            raise ValueError(f"{path}: run {i} needs a 'name'")
        name = str(item["name"])
        if not NAME_RE.match(name) or name in seen:
            raise ValueError(f"{path}: run {i} name {name!r} must be unique and use only letters, digits, . _ -")
        seen.add(name)
        params = item.get("parameters") or {}
        if not isinstance(params, dict):
            raise ValueError(f"{path}: run {name!r}: 'parameters' must be a mapping")
        nbs = item.get("notebooks")
        runs.append(Run(name, {**defaults, **params}, tuple(nbs) if nbs else None))
    if not runs:
        raise ValueError(f"{path}: the run matrix lists no runs")
    return runs


def declared_parameters(notebook: Path) -> set[str]:
    import papermill as pm

    return set(pm.inspect_notebook(str(notebook)))


def _error_message(exc: Exception) -> str:
    ename, evalue = getattr(exc, "ename", None), getattr(exc, "evalue", None)
    if ename:
        return f"{ename}: {evalue}"
    text = str(exc).strip()
    message = text.splitlines()[-1] if text else type(exc).__name__
    if "kernel died" in message.lower():  # the kernel's own log says why; it is off by default
        message += f" (rerun with {KERNEL_LOG_VARIABLE}=WARNING to see the kernel's log)"
    return message


def _papermill(notebook: Path, tmp: str, parameters: dict | None = None) -> None:
    """Execute ``notebook`` into the temporary file ``tmp`` (in the notebook's folder as working
    directory). Papermill's save after every cell is off: nobody reads the temporary file before it
    is published, and the executed notebook is written once at the end, failed or not."""
    import papermill as pm

    pm.execute_notebook(str(notebook), tmp, parameters=parameters, kernel_name="python3", cwd=str(notebook.parent),
                        progress_bar=False, request_save_on_cell_execute=False, extra_arguments=kernel_arguments())


#: Environment variable that keeps the code cells in the HTML reports (``REPORT_CODE=1 make report``).
CODE_VARIABLE = "REPORT_CODE"


def html_exporter():
    """The HTML rendering of a report: for readers, without the code cells and prompts, unless
    ``REPORT_CODE=1`` keeps them (the executed ``.ipynb`` always has everything)."""
    from nbconvert import HTMLExporter

    keep = os.environ.get(CODE_VARIABLE, "").strip().lower() in ("1", "true", "yes")
    return HTMLExporter(exclude_input=not keep, exclude_input_prompt=not keep, exclude_output_prompt=not keep)


def execute(notebook: Path, out_dir: Path, parameters: dict) -> dict:
    """Run one notebook into out_dir (executed copy and HTML); returns its status record."""
    import nbformat

    from .record import read_results

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / notebook.name
    passed = {k: v for k, v in parameters.items() if k in declared_parameters(notebook)}
    fd, tmp = tempfile.mkstemp(prefix=f".{notebook.stem}-", suffix=".ipynb", dir=out_dir)
    os.close(fd)
    status = {"notebook": notebook.name, "parameters": passed, "status": "ok", "error": None, "results": {}}
    try:
        try:
            _papermill(notebook, tmp, passed)
        except Exception as exc:  # the notebook failed: keep its executed copy, marked failed
            status.update(status="failed", error=_error_message(exc))
        if status["status"] == "ok":
            status["results"] = read_results(tmp)
        body, _ = html_exporter().from_notebook_node(nbformat.read(tmp, as_version=4))
        atomic_write_text(out_dir / f"{notebook.stem}.html", body)
        publish(tmp, target if status["status"] == "ok" else out_dir / f"{notebook.stem}.FAILED.ipynb")
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return status


STRIPPED_METADATA = ("papermill", "execution")
FIGURE_TAG = "readme-figure:"


def extract_figures(nb, figures_dir: Path) -> list[Path]:
    """Save the PNG output of every cell tagged ``readme-figure:NAME`` as ``figures_dir/NAME.png``
    (the README shows them). Written atomically; returns the paths written."""
    import base64

    written = []
    for cell in nb.cells:
        names = [t[len(FIGURE_TAG):] for t in cell.get("metadata", {}).get("tags", []) if t.startswith(FIGURE_TAG)]
        if not names:
            continue
        png = next((o["data"]["image/png"] for o in cell.get("outputs", [])
                    if o.get("output_type") in ("display_data", "execute_result") and "image/png" in o.get("data", {})),
                   None)
        if png is None:
            raise ValueError(f"cell tagged {FIGURE_TAG}{names[0]} has no PNG output")
        figures_dir.mkdir(parents=True, exist_ok=True)
        for name in names:
            target = figures_dir / f"{name}.png"
            fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=figures_dir)
            with os.fdopen(fd, "wb") as f:
                f.write(base64.b64decode(png))
            publish(tmp, target)
            written.append(target)
    return written


def coalesce_streams(nb) -> None:
    """Merge consecutive stdout (or stderr) outputs of each cell into one: how the kernel happened
    to flush a cell's printing is timing, not content, and must not show in the committed file."""
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            if (out.get("output_type") == "stream" and merged and merged[-1].get("output_type") == "stream"
                    and merged[-1].get("name") == out.get("name")):
                merged[-1]["text"] = "".join(merged[-1]["text"]) + "".join(out["text"])
            else:
                merged.append(out)
        if "outputs" in cell:
            cell["outputs"] = merged


def regenerate(notebook: Path) -> None:
    """Execute a notebook in place with its default parameters, deterministically: fixed hash
    seed (set by the Makefile), papermill's timing metadata stripped, a cell's printed output in
    one piece, execution counts kept. The file is replaced only when the run succeeds."""
    import nbformat

    fd, tmp = tempfile.mkstemp(prefix=f".{notebook.stem}-", suffix=".ipynb", dir=notebook.parent)
    os.close(fd)
    try:
        _papermill(notebook, tmp)
        nb = nbformat.read(tmp, as_version=4)
        coalesce_streams(nb)
        for key in STRIPPED_METADATA:
            nb.metadata.pop(key, None)
        for cell in nb.cells:
            for key in STRIPPED_METADATA:
                cell.metadata.pop(key, None)
        nbformat.write(nb, tmp)
        publish(tmp, notebook)
        extract_figures(nb, FIGURES_DIR)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


BLAS_THREAD_VARIABLES = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")


def _one_thread_per_kernel() -> None:
    """Pool initializer: the kernels a worker starts inherit one BLAS thread each, so that parallel
    runs (one per core) do not oversubscribe the cores. A value the user set is kept."""
    for name in BLAS_THREAD_VARIABLES:
        os.environ.setdefault(name, "1")


def _job(args):
    notebook, out_dir, parameters = args
    started = time.perf_counter()
    try:
        record = execute(Path(notebook), Path(out_dir), parameters)
    except Exception as exc:  # a crash outside the notebook (kernel, conversion): still a record
        record = {"notebook": Path(notebook).name, "parameters": parameters, "status": "failed",
                  "error": _error_message(exc), "results": {}}
    return {**record, "seconds": round(time.perf_counter() - started, 2)}


DURATIONS_FILE = "durations.json"


def previous_durations(reports_dir: Path) -> dict[tuple[str, str], float]:
    """(run name, notebook file) -> seconds, from the durations.json of earlier runs (empty when
    there is none or it cannot be read)."""
    try:
        saved = json.loads((Path(reports_dir) / DURATIONS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {(str(run), str(nb)): float(sec) for run, notebooks in (saved.items() if isinstance(saved, dict) else ())
            if isinstance(notebooks, dict) for nb, sec in notebooks.items()
            if isinstance(sec, (int, float)) and not isinstance(sec, bool)}


def save_durations(records: dict[str, list[dict]], reports_dir: Path) -> None:
    """Add this run's durations to reports_dir/durations.json (the other runs' are kept)."""
    merged: dict[str, dict[str, float]] = {}
    for (run, nb), seconds in previous_durations(reports_dir).items():
        merged.setdefault(run, {})[nb] = seconds
    for run, recs in records.items():
        for rec in recs:
            if rec.get("seconds") is not None:
                merged.setdefault(run, {})[rec["notebook"]] = rec["seconds"]
    atomic_write_text(Path(reports_dir) / DURATIONS_FILE, json.dumps(merged, indent=2, sort_keys=True))


def longest_first(jobs: list[tuple[str, tuple]], durations: dict[tuple[str, str], float]) -> list[tuple[str, tuple]]:
    """The jobs (run name, (notebook path, out dir, parameters)) ordered by their estimated duration,
    longest first: the previous duration of that run's notebook, else the mean of that notebook over
    the other runs, else unknown, which goes first; equal estimates keep their order."""
    by_notebook: dict[str, list[float]] = {}
    for (_, notebook), seconds in durations.items():
        by_notebook.setdefault(notebook, []).append(seconds)

    def estimate(job):
        run, (path, _, _) = job
        notebook = Path(path).name
        if (run, notebook) in durations:
            return durations[(run, notebook)]
        seen = by_notebook.get(notebook)
        return sum(seen) / len(seen) if seen else float("inf")

    return sorted(jobs, key=estimate, reverse=True)


def _jsonable(value):
    from .record import _jsonable as to_json

    return to_json(value)


def headline(results: dict) -> list[str]:
    """Short 'name: value' lines for the scalar results (numbers and strings) of one notebook."""
    lines = []
    for name, value in sorted(results.items()):
        if isinstance(value, bool) or value is None:
            continue
        if isinstance(value, float):
            lines.append(f"{name}: {value:.3g}")
        elif isinstance(value, (int, str)) and len(str(value)) <= 40:
            lines.append(f"{name}: {value}")
    return lines


def verdict_section(records: dict[str, list[dict]], runs: list[Run]) -> str:
    """The briefing's verdict table of the first run (the default run), as HTML; empty without one."""
    import pandas as pd

    for run in runs:
        for rec in records.get(run.name, []):
            verdicts = rec.get("results", {}).get("verdicts") if rec["status"] == "ok" else None
            if verdicts is None:
                continue
            table = verdicts if isinstance(verdicts, pd.DataFrame) else pd.DataFrame(verdicts)
            body = "".join(
                "<tr>" + "".join(f"<td>{html.escape(str(r[c]))}</td>" for c in ("claim", "measure", "value"))
                + f"<td class='verdict'><b>{html.escape(str(r['verdict']))}</b></td>"
                + f"<td><small>{html.escape(str(r['rule']))}</small></td></tr>"
                for _, r in table.iterrows())
            params = html.escape(json.dumps(rec["parameters"], sort_keys=True))
            return (f"<h2>The source article's claims: run <code>{html.escape(run.name)}</code></h2>"
                    f"<p>Parameters <code>{params}</code>; details in "
                    f"<a href='{html.escape(run.name)}/{html.escape(Path(rec['notebook']).stem)}.html'>the briefing</a>.</p>"
                    "<table><tr><th>Claim</th><th>Measure</th><th>Value</th><th>Verdict</th><th>Rule</th></tr>"
                    + body + "</table>")
        break  # only the first run of the matrix
    return ""


def write_index(records: dict[str, list[dict]], runs: list[Run], reports_dir: Path) -> Path:
    rows = []
    for run in runs:
        for rec in sorted(records.get(run.name, []), key=lambda r: r["notebook"]):
            stem = Path(rec["notebook"]).stem
            ok = rec["status"] == "ok"
            nb_link = f"{run.name}/{rec['notebook'] if ok else stem + '.FAILED.ipynb'}"
            rows.append(
                "<tr>"
                f"<td>{html.escape(run.name)}</td><td>{html.escape(rec['notebook'])}</td>"
                f"<td><code>{html.escape(json.dumps(rec['parameters'], sort_keys=True))}</code></td>"
                f"<td class='{'ok' if ok else 'failed'}'>{'ok' if ok else 'FAILED'}"
                + (f"<br><small>{html.escape(rec['error'] or '')}</small>" if not ok else "") + "</td>"
                f"<td>{'<br>'.join(html.escape(x) for x in headline(rec['results']))}</td>"
                f"<td><a href='{html.escape(run.name)}/{html.escape(stem)}.html'>HTML</a> · "
                f"<a href='{html.escape(nb_link)}'>notebook</a> · "
                f"<a href='{html.escape(run.name)}/results.json'>results</a></td></tr>")
    page = (
        "<!doctype html><html><head><meta charset='utf-8'><title>Report runs</title><style>"
        "body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
        "td,th{border:1px solid #ccc;padding:.4em;vertical-align:top}.ok{color:#176117}.failed{color:#a11}"
        "</style></head><body><h1>Report runs</h1>" + verdict_section(records, runs)
        + "<h2>Runs</h2><table><tr><th>Run</th><th>Notebook</th><th>Parameters</th><th>Status</th><th>Headline figures</th>"
        "<th>Files</th></tr>" + "".join(rows) + "</table></body></html>")
    target = reports_dir / "index.html"
    atomic_write_text(target, page)
    return target


def previous_records(run: Run, reports_dir: Path) -> list[dict]:
    """The status records of an earlier report of ``run`` (its results.json), for the index of a
    partial run (``--only``); empty when there is none or it cannot be read."""
    from .record import _restore

    try:
        saved = json.loads((reports_dir / run.name / "results.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return []
    return [{"notebook": f"{stem}.ipynb", "parameters": rec.get("parameters", {}), "status": rec.get("status", "failed"),
             "error": rec.get("error"), "results": _restore(rec.get("results", {}))}
            for stem, rec in sorted(saved.items()) if isinstance(rec, dict)]


def run_all(runs: list[Run], notebooks_dir: Path = NOTEBOOKS_DIR, reports_dir: Path = REPORTS_DIR,
            workers: int | None = None, progress: bool = True, index_runs: list[Run] | None = None,
            durations_dir: Path | None = None) -> dict[str, list[dict]]:
    """Execute every (run, notebook) pair, longest first; returns the status records by run name.

    ``reports/index.html`` lists ``index_runs`` (default: the runs executed); a run listed there
    but not executed now keeps the entries of its earlier report, so ``--only`` updates the index
    without dropping the other runs. Durations are estimated from the earlier results in
    ``durations_dir`` (default: ``reports_dir``), which are only read."""
    from tqdm import tqdm

    available = sorted(p.name for p in Path(notebooks_dir).glob("*.ipynb"))
    jobs = []
    for run in runs:
        chosen = list(run.notebooks) if run.notebooks else available
        unknown = sorted(set(chosen) - set(available))
        if unknown:
            raise ValueError(f"run {run.name!r} names notebooks that are not in {notebooks_dir}: {', '.join(unknown)}")
        for nb in chosen:
            jobs.append((run.name, (str(Path(notebooks_dir) / nb), str(Path(reports_dir) / run.name), run.parameters)))
    jobs = longest_first(jobs, previous_durations(durations_dir or reports_dir))
    reports_dir.mkdir(parents=True, exist_ok=True)
    records: dict[str, list[dict]] = {run.name: [] for run in runs}
    workers = max(1, workers or os.cpu_count() or 1)
    with ProcessPoolExecutor(max_workers=workers, initializer=_one_thread_per_kernel if workers > 1 else None) as pool:
        futures = {pool.submit(_job, args): name for name, args in jobs}
        for fut in tqdm(as_completed(futures), total=len(futures), desc="notebooks", disable=not progress,
                        file=sys.stderr):
            records[futures[fut]].append(fut.result())
    for run in runs:
        results = {Path(r["notebook"]).stem: {"status": r["status"], "error": r["error"], "parameters": r["parameters"],
                                              "results": _jsonable(r["results"])}
                   for r in sorted(records[run.name], key=lambda r: r["notebook"])}
        (reports_dir / run.name).mkdir(parents=True, exist_ok=True)
        atomic_write_text(reports_dir / run.name / "results.json", json.dumps(results, indent=2, sort_keys=True))
    save_durations(records, reports_dir)
    listed = index_runs or runs
    shown = {run.name: records[run.name] if run.name in records else previous_records(run, reports_dir)
             for run in listed}
    write_index(shown, listed, reports_dir)
    return records


def data_problems(runs: list[Run], notebooks_dir: Path = NOTEBOOKS_DIR) -> list:
    """Every problem of the data folders the runs read (the project's data/, and any ``data_dir``
    a run passes, relative to the notebooks' folder), checked once before any kernel starts."""
    from .validation import check

    folders = {None}
    for run in runs:
        value = run.parameters.get("data_dir") if run.parameters else None
        if value:
            folders.add(value)
    problems = []
    for folder in sorted(folders, key=lambda f: (f is not None, str(f))):
        path = None if folder is None else (Path(folder) if Path(folder).is_absolute() else notebooks_dir / folder)
        problems += check(path)
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m analysis.report", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=Path, default=RUNS_FILE, help="run matrix (YAML); default runs.yaml")
    parser.add_argument("--only", nargs="*", help="run only these run names")
    parser.add_argument("--workers", type=int, default=None, help="parallel notebooks (default: one per core)")
    parser.add_argument("--reports", type=Path, default=REPORTS_DIR, help="output folder (default reports/)")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS_DIR, help="notebooks folder (default notebooks/)")
    parser.add_argument("--regenerate", action="store_true",
                        help="execute the notebooks in place with their defaults (make notebooks)")
    args = parser.parse_args(argv)
    if args.regenerate:
        for nb in sorted(args.notebooks.glob("*.ipynb")):
            print(f"executing {nb.name}")
            regenerate(nb)
        return 0
    try:
        runs = all_runs = load_runs(args.runs)
        if args.only:
            missing = sorted(set(args.only) - {r.name for r in runs})
            if missing:
                raise ValueError(f"no run named {', '.join(missing)} in {args.runs}")
            runs = [r for r in runs if r.name in args.only]
        if not list(args.notebooks.glob("*.ipynb")):
            print(f"make report: no notebooks in {args.notebooks} yet; nothing to run.")
            return 0
        problems = data_problems(runs, args.notebooks)
        if problems:
            print(f"make report: {len(problems)} problem(s) in the data; no notebook was run:", file=sys.stderr)
            for problem in problems[:50]:
                print(f"  - {problem}", file=sys.stderr)
            if len(problems) > 50:
                print(f"  ... and {len(problems) - 50} more", file=sys.stderr)
            print("Fix these rows (see data/README.md for the coding rules) and run make report again.",
                  file=sys.stderr)
            return 2
        records = run_all(runs, args.notebooks, args.reports, workers=args.workers, index_runs=all_runs)
    except ValueError as exc:
        print(f"make report: {exc}", file=sys.stderr)
        return 2
    failed = sorted((f"{name}/{r['notebook']}", r.get("error") or "")
                    for name, recs in records.items() for r in recs if r["status"] != "ok")
    total = sum(len(v) for v in records.values())
    if failed:
        print(f"{len(failed)} of {total} notebook runs failed:")
        for where, error in failed:
            first = error.strip().splitlines()[0] if error.strip() else "no error message"
            print(f"  {where}: {first}")
        return 1
    print(f"{total} notebook runs ok; open {args.reports / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
