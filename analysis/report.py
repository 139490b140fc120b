"""Run the project's notebooks with papermill (``make report``).

Each notebook in notebooks/ runs with its default parameters into
``reports/<notebook name>/<notebook>.ipynb``; the executed file is written under a temporary
name and moved into place only when the run succeeds, so an interrupted run never leaves a
half-written report. Sources in notebooks/ and data/ are only read. A failed notebook does
not stop the others; the command ends non-zero with a one-line summary of the failures.
"""
from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

from .paths import NOTEBOOKS_DIR, REPORTS_DIR


def run_notebook(notebook: Path, out_dir: Path, parameters: dict | None = None) -> Path:
    """Execute one notebook with papermill; returns the path of the executed copy."""
    import papermill as pm

    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / notebook.name
    fd, tmp = tempfile.mkstemp(prefix=f".{notebook.stem}-", suffix=".ipynb", dir=out_dir)
    os.close(fd)
    try:
        pm.execute_notebook(str(notebook), tmp, parameters=parameters or {}, kernel_name="python3",
                            cwd=str(notebook.parent), progress_bar=False)
        os.replace(tmp, target)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)
    return target


def main(argv: list[str] | None = None) -> int:
    notebooks = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    if not notebooks:
        print("make report: no notebooks in notebooks/ yet; nothing to run.")
        return 0
    failures = []
    for nb in notebooks:
        try:
            out = run_notebook(nb, REPORTS_DIR / nb.stem)
            print(f"ok      {nb.name} -> {out.relative_to(REPORTS_DIR.parent)}")
        except Exception as exc:  # one failed notebook must not stop the others
            failures.append(nb.name)
            print(f"FAILED  {nb.name}: {str(exc).strip().splitlines()[-1] if str(exc).strip() else type(exc).__name__}")
    if failures:
        print(f"{len(failures)} of {len(notebooks)} notebook(s) failed: {', '.join(failures)}")
        return 1
    print(f"{len(notebooks)} notebook(s) ran; reports in {REPORTS_DIR}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
