"""Where the project's folders are.

Every path is anchored on this file, never on the working directory: papermill runs a
kernel in the caller's directory, nbval and JupyterLab in the notebook's own.
"""

from __future__ import annotations

from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = PROJECT_ROOT / "data"
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
REPORTS_DIR = PROJECT_ROOT / "reports"
FIGURES_DIR = PROJECT_ROOT / "docs" / "figures"  # the README's figures, written by `make notebooks`
DATAPACKAGE = DATA_DIR / "datapackage.json"
