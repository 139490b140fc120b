"""The run matrix of ``make report``: which notebooks run with which parameters, and in what order.

The matrix is ``runs.yaml`` at the project root::

    defaults:              # parameters every run passes (optional)
      seed: 0
    runs:
      - name: default      # folder name under reports/
      - name: focal-chn
        parameters: {focal_actor: CHN}
      - name: pre-war
        parameters: {start: "2023-01-01", end: "2023-10-06"}
        notebooks: [01_centrality.ipynb]   # optional: a subset of notebooks/

A notebook receives only the parameters its ``parameters`` cell declares
(:func:`declared_parameters`); the comment after each one says what it means
(:func:`parameter_descriptions`), which the index page uses to put a run's parameters in words.
``reports/durations.json`` keeps how long each run's notebooks took, and :func:`longest_first`
orders the next run's notebooks by those durations, so that one long notebook does not run alone
at the end.
"""

from __future__ import annotations

import ast
import io
import json
import re
import tokenize
from dataclasses import dataclass, field
from pathlib import Path

from .files import atomic_write_text
from .paths import NOTEBOOKS_DIR, PROJECT_ROOT

RUNS_FILE = PROJECT_ROOT / "runs.yaml"
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")
DURATIONS_FILE = "durations.json"


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
    """The names the notebook's ``parameters`` cell assigns."""
    import papermill as pm

    return set(pm.inspect_notebook(str(notebook)))


def is_interactive(notebook: Path) -> bool:
    """Whether the notebook is interactive (metadata ``analysis.interactive``, the explorer): its
    widgets need a kernel, so report runs leave it out unless a run names it, and it is committed
    without outputs."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    return bool(nb.metadata.get("analysis", {}).get("interactive", False))


def report_notebooks(folder: Path = NOTEBOOKS_DIR) -> list[Path]:
    """The notebooks a report run executes by default: every notebook of the folder but the interactive ones."""
    return [p for p in sorted(Path(folder).glob("*.ipynb")) if not is_interactive(p)]


def parameter_descriptions(notebook: Path) -> dict[str, str]:
    """Each parameter of the notebook's ``parameters`` cell with the comment written after it
    (``name = value  # what it means``); a parameter without a comment gets an empty text."""
    import nbformat

    nb = nbformat.read(str(notebook), as_version=4)
    cell = next((c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])), None)
    if cell is None:
        return {}
    try:
        tree = ast.parse(cell.source)
        tokens = list(tokenize.generate_tokens(io.StringIO(cell.source).readline))
    except (SyntaxError, tokenize.TokenError):
        return {}
    comments = {tok.start[0]: tok.string.lstrip("#").strip() for tok in tokens if tok.type == tokenize.COMMENT}
    described = {}
    for node in tree.body:
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    described[target.id] = comments.get(node.end_lineno, comments.get(node.lineno, ""))
    return described


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


def previous_durations(reports_dir: Path) -> dict[tuple[str, str], float]:
    """(run name, notebook file) -> seconds, from the durations.json of earlier runs (empty when
    there is none or it cannot be read)."""
    try:
        saved = json.loads((Path(reports_dir) / DURATIONS_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return {
        (str(run), str(nb)): float(sec)
        for run, notebooks in (saved.items() if isinstance(saved, dict) else ())
        if isinstance(notebooks, dict)
        for nb, sec in notebooks.items()
        if isinstance(sec, (int, float)) and not isinstance(sec, bool)
    }


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
