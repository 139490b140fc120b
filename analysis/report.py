"""The report runner behind ``make report``: every notebook, for every run of the run matrix.

    python -m analysis.report [--only RUN ...] [--workers N]   # make report
    python -m analysis.report --regenerate                     # make notebooks

Each run writes ``reports/<run>/``: the executed notebooks, a page (HTML) of each for readers, the
key figure of each, and ``results.json`` (every notebook's recorded results, read with
:func:`analysis.record.read_results`); ``reports/index.html`` shows the runs side by side. The data
is checked once before any kernel starts; a data error is printed with its file, line, column and
value, and nothing runs. A failing notebook does not stop the others; the command then ends non-zero
and prints each failed run with its first error line.

The pieces, each in the module named after it:

- :mod:`analysis.runs` -- the run matrix (``runs.yaml``), the parameters notebooks declare and what
  they mean, the data check, the order of the runs (longest first, from ``reports/durations.json``);
- :mod:`analysis.execution` -- executing the notebooks in parallel kernels, their pages and key figures;
- :mod:`analysis.regeneration` -- re-executing the committed notebooks in place and the README figures;
- :mod:`analysis.index_page` -- the index page.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .execution import run_all
from .paths import NOTEBOOKS_DIR, REPORTS_DIR
from .regeneration import regenerate
from .runs import RUNS_FILE, data_problems, load_runs


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.report`` (``make report``, and ``--regenerate`` for ``make
    notebooks``): validate the data once, run the notebooks of the run matrix, write the index
    page; the exit status (non-zero when the data is invalid or a run failed).
    """
    parser = argparse.ArgumentParser(prog="python -m analysis.report", description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=Path, default=RUNS_FILE, help="run matrix (YAML); default runs.yaml")
    parser.add_argument("--only", nargs="*", help="run only these run names")
    parser.add_argument("--workers", type=int, default=None, help="parallel notebooks (default: one per core)")
    parser.add_argument("--reports", type=Path, default=REPORTS_DIR, help="output folder (default reports/)")
    parser.add_argument("--notebooks", type=Path, default=NOTEBOOKS_DIR, help="notebooks folder (default notebooks/)")
    parser.add_argument(
        "--regenerate", action="store_true", help="execute the notebooks in place with their defaults (make notebooks)"
    )
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
            print(
                "Fix these rows (see data/README.md for the coding rules) and run make report again.", file=sys.stderr
            )
            return 2
        records = run_all(runs, args.notebooks, args.reports, workers=args.workers, index_runs=all_runs)
    except ValueError as exc:
        print(f"make report: {exc}", file=sys.stderr)
        return 2
    failed = sorted(
        (f"{name}/{r['notebook']}", r.get("error") or "")
        for name, recs in records.items()
        for r in recs
        if r["status"] != "ok"
    )
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
