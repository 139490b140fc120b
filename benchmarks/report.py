"""Benchmark: report runs' wall time against their floor.

The floor is the same runner (:func:`analysis.execution.run_all`, same workers, same run matrix)
executing the same number of notebooks, each of which only declares the same parameters and
imports the stack (pandas, networkx, seaborn, matplotlib, scipy, analysis). What is left above
the floor is the notebooks' own work. Both go to temporary folders; reports/ is only read (the
durations of the last ``make report``, which order the runs longest first).

Targets:
- the default report run (runs.yaml) takes at most 1.5 times its floor;
- the blocs notebook on the General Assembly (``body: GA``, the heaviest notebook: Leiden on 193
  members) alone, one worker, takes at most 2 times the floor of one notebook.
Run with ``make bench`` or ``python benchmarks/report.py [--workers N] [--only RUN ...]``.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

import nbformat

from analysis.execution import run_all
from analysis.paths import NOTEBOOKS_DIR, REPORTS_DIR
from analysis.runs import RUNS_FILE, Run, load_runs, report_notebooks

TARGET_RATIO = 1.5
GA_TARGET_RATIO = 2.0
GA_RUN = Run("bench-ga", {"body": "GA", "focal_actor": "IRN", "seed": 0}, ("02_alignment_blocs.ipynb",))
IMPORTS = (
    "import pandas, networkx, seaborn, scipy.sparse, matplotlib.pyplot\n"
    "import analysis\n"
    "tables = None  # the floor does no work"
)


def floor_notebook(real: Path) -> nbformat.NotebookNode:
    """A notebook with the real one's parameters cell and a single import cell."""
    nb = nbformat.read(real, as_version=4)
    params = [c for c in nb.cells if "parameters" in c.get("metadata", {}).get("tags", [])]
    cells = [nbformat.v4.new_code_cell(params[0].source, metadata={"tags": ["parameters"]})] if params else []
    cells.append(nbformat.v4.new_code_cell(IMPORTS))
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = nb.metadata
    return out


def timed(runs, notebooks_dir: Path, workers) -> tuple[float, int, int]:
    with tempfile.TemporaryDirectory() as reports:
        t0 = time.perf_counter()
        # longest first, as make report orders them: from the durations of the last make report, if any
        records = run_all(
            runs, notebooks_dir, Path(reports), workers=workers, progress=False, durations_dir=REPORTS_DIR
        )
        elapsed = time.perf_counter() - t0
    flat = [r for recs in records.values() for r in recs]
    return elapsed, len(flat), sum(r["status"] != "ok" for r in flat)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=None, help="as make report (default: one per core)")
    parser.add_argument("--only", nargs="*", help="only these runs of runs.yaml")
    parser.add_argument(
        "--repeat",
        type=int,
        default=3,
        help="runs of the single-notebook comparison, floor and notebook alternating; the best of "
        "each is compared (default 3: one run varies by 10-20%% on a shared 2-core machine)",
    )
    parser.add_argument(
        "--report-repeat",
        type=int,
        default=2,
        help="runs of the report comparison, floor and report alternating; the best of each is compared (default 2)",
    )
    args = parser.parse_args(argv)
    runs = load_runs(RUNS_FILE)
    if args.only:
        runs = [r for r in runs if r.name in args.only]
    notebooks = report_notebooks(NOTEBOOKS_DIR)  # the interactive explorer is not part of a report run
    if not notebooks:
        print("report benchmark: no notebooks yet")
        return 0
    with tempfile.TemporaryDirectory() as floor_dir:
        for nb in notebooks:
            nbformat.write(floor_notebook(nb), Path(floor_dir) / nb.name)
        floors, reals, failed = [], [], 0
        for _ in range(max(1, args.report_repeat)):  # floor and report alternating; the best of each compared
            elapsed, n_floor, _ = timed(runs, Path(floor_dir), args.workers)
            floors.append(elapsed)
            elapsed, n_real, failures = timed(runs, NOTEBOOKS_DIR, args.workers)
            reals.append(elapsed)
            failed += failures
        floor, real = min(floors), min(reals)
        ga_floors, ga_reals, ga_failed = [], [], 0
        for _ in range(max(1, args.repeat)):
            ga_floors.append(timed([GA_RUN], Path(floor_dir), 1)[0])
            elapsed, _, failures = timed([GA_RUN], NOTEBOOKS_DIR, 1)
            ga_reals.append(elapsed)
            ga_failed += failures
        ga_floor, ga_real = min(ga_floors), min(ga_reals)
    print(f"report benchmark: {len(runs)} runs x {len(notebooks)} notebooks")
    print(
        f"  floor (same runner, import-only notebooks): {floor:7.1f} s for {n_floor} notebook runs"
        f"  (best of {len(floors)}: {', '.join(f'{t:.1f}' for t in floors)})"
    )
    print(
        f"  default report run:                         {real:7.1f} s for {n_real} notebook runs"
        f"  (best of {len(reals)}: {', '.join(f'{t:.1f}' for t in reals)})" + (f" ({failed} FAILED)" if failed else "")
    )
    ratio = real / floor
    print(
        f"  ratio report / floor: {ratio:.2f}x  (target <= {TARGET_RATIO:g}x: "
        f"{'met' if ratio <= TARGET_RATIO else 'NOT met'})"
    )
    print(f"blocs notebook on the General Assembly (body GA, focal IRN), alone, one worker, best of {len(ga_reals)}:")
    print(f"  floor (one import-only notebook): {ga_floor:7.1f} s  (runs: {', '.join(f'{t:.1f}' for t in ga_floors)})")
    print(
        f"  02_alignment_blocs.ipynb:         {ga_real:7.1f} s  (runs: {', '.join(f'{t:.1f}' for t in ga_reals)})"
        + (" (FAILED)" if ga_failed else "")
    )
    ga_ratio = ga_real / ga_floor
    print(
        f"  ratio notebook / floor: {ga_ratio:.2f}x  (target <= {GA_TARGET_RATIO:g}x: "
        f"{'met' if ga_ratio <= GA_TARGET_RATIO else 'NOT met'})"
    )
    return 1 if failed or ga_failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
