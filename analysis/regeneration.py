"""Regenerating the committed notebooks in place (``make notebooks``), deterministically, and
extracting the figures the README shows."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from .execution import README_FIGURE_TAG, png_outputs, run_papermill, write_png
from .files import publish
from .paths import FIGURES_DIR

STRIPPED_METADATA = ("papermill", "execution")
FIGURE_TAG = README_FIGURE_TAG


def extract_figures(nb, figures_dir: Path) -> list[Path]:
    """Save the PNG output of every cell tagged ``readme-figure:NAME`` as ``figures_dir/NAME.png``
    (the README shows them). Written atomically; returns the paths written."""
    written = []
    for cell in nb.cells:
        names = [t[len(FIGURE_TAG) :] for t in cell.get("metadata", {}).get("tags", []) if t.startswith(FIGURE_TAG)]
        if not names:
            continue
        images = png_outputs(cell)
        if not images:
            raise ValueError(f"cell tagged {FIGURE_TAG}{names[0]} has no PNG output")
        written += [write_png(images[0], figures_dir / f"{name}.png") for name in names]
    return written


def coalesce_streams(nb) -> None:
    """Merge consecutive stdout (or stderr) outputs of each cell into one: how the kernel happened
    to flush a cell's printing is timing, not content, and must not show in the committed file."""
    for cell in nb.cells:
        merged = []
        for out in cell.get("outputs", []):
            if (
                out.get("output_type") == "stream"
                and merged
                and merged[-1].get("output_type") == "stream"
                and merged[-1].get("name") == out.get("name")
            ):
                merged[-1]["text"] = "".join(merged[-1]["text"]) + "".join(out["text"])
            else:
                merged.append(out)
        if "outputs" in cell:
            cell["outputs"] = merged


def regenerate(notebook: Path) -> None:
    """Execute a notebook in place with its default parameters, deterministically: fixed hash
    seed (set by the Makefile), papermill's timing metadata stripped, a cell's printed output in
    one piece, execution counts kept. An interactive notebook (the explorer) is executed too, then
    kept without outputs. The file is replaced only when the run succeeds."""
    import nbformat

    fd, tmp = tempfile.mkstemp(prefix=f".{notebook.stem}-", suffix=".ipynb", dir=notebook.parent)
    os.close(fd)
    try:
        run_papermill(notebook, tmp)
        nb = nbformat.read(tmp, as_version=4)
        if nb.metadata.get("analysis", {}).get("interactive", False):
            # its widgets need a live kernel: it ran (so it works headless) and is kept without outputs,
            # which would otherwise carry random widget ids into every regeneration
            nb.metadata.pop("widgets", None)  # the widgets' saved state, with its random model ids
            for cell in nb.cells:
                if cell.cell_type == "code":
                    cell.outputs, cell.execution_count = [], None
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
