"""The report's index page, ``reports/index.html``: what a reader opens first.

- **The runs, in words**: each run's parameters with what they mean (the comment of the notebook's
  parameters cell) and the actors' names next to their codes.
- **Matrices across runs**: every notebook that records a table for the index
  (:func:`analysis.record.record_for_index`; the briefing does, with the source article's claims)
  gets a matrix of its items by runs, each cell coloured by its verdict and linked to that run's
  page. The page knows no notebook's record names, only that convention.
- **Key figures**: each run's notebooks as thumbnails (the figure of the cell tagged ``key-figure``,
  else the first), linked to their pages.
- **Every notebook run**: status (with the first line of the error of a failed one), the headline
  figures (the short scalar results) and links to the HTML, the executed notebook and the results.
"""

from __future__ import annotations

import csv
import html
import json
from pathlib import Path

from .claims import INSUFFICIENT, MIXED, NO_DATA, NOT_SUPPORTED, SUPPORTED
from .files import atomic_write_text
from .paths import DATA_DIR, NOTEBOOKS_DIR
from .record import INDEX_RECORD
from .runs import Run, parameter_descriptions

#: The colour class of each verdict word a notebook puts on the index (others are grey).
VERDICT_CLASSES = {SUPPORTED: "yes", MIXED: "mixed", NOT_SUPPORTED: "no", NO_DATA: "none", INSUFFICIENT: "none"}

STYLE = """
body{font-family:system-ui,sans-serif;margin:2em;max-width:90em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:.35em .5em;vertical-align:top}
th{background:#f4f4f4;text-align:left}.ok{color:#176117}.failed{color:#a11}
td.v{text-align:center;font-weight:600}td.v a{color:inherit;text-decoration:none;display:block}
.yes{background:#c8e6c9}.mixed{background:#fff3c4}.no{background:#ffcdd2}.none{background:#eceff1}.other{background:#e0e0e0}
.thumbs td{text-align:center}.thumbs img{width:220px;height:auto;border:1px solid #ddd}
dl.params dt{font-weight:600;margin-top:.6em}dl.params dd{margin:.1em 0 0 1.2em}small{color:#555}
"""


def _e(value) -> str:
    return html.escape(str(value))


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


def actor_names(data_dir: Path = DATA_DIR) -> dict[str, str]:
    """actor code -> name, from the data's actors table (empty when it cannot be read)."""
    try:
        with (Path(data_dir) / "actors.csv").open(newline="", encoding="utf-8-sig") as handle:
            return {row["actor_id"]: row["name"] for row in csv.DictReader(handle)}
    except (OSError, KeyError):
        return {}


def parameter_meanings(notebooks_dir: Path = NOTEBOOKS_DIR) -> dict[str, str]:
    """Each parameter any notebook declares, with the comment of the first notebook that declares it."""
    meanings: dict[str, str] = {}
    for notebook in sorted(Path(notebooks_dir).glob("*.ipynb")):
        for name, text in parameter_descriptions(notebook).items():
            meanings.setdefault(name, text)
    return meanings


def parameters_in_words(run: Run, meanings: dict[str, str], names: dict[str, str]) -> str:
    """The run's parameters as an HTML definition list: each value (with the actor's name next to a
    code, from ``names``) and what it means (from ``meanings``, :func:`parameter_meanings`).

    Parameters
    ----------
    run : Run
        The run whose parameters are stated.
    meanings : dict
        Parameter name -> what it means; a parameter not in it is said to be declared by no notebook.
    names : dict
        Actor code -> name (:func:`actor_names`).

    Returns
    -------
    str
        The HTML (escaped), parameters in alphabetical order; a sentence instead when the run has
        no parameter.
    """
    if not run.parameters:
        return "<p>Every notebook with its own defaults.</p>"
    items = []
    for name, value in sorted(run.parameters.items()):
        shown = json.dumps(value) if not isinstance(value, str) else value
        if isinstance(value, str) and value in names:
            shown = f"{value} ({names[value]})"
        meaning = meanings.get(name, "")
        items.append(
            f"<dt><code>{_e(name)}</code> = {_e(shown)}</dt>"
            + (f"<dd>{_e(meaning)}</dd>" if meaning else "<dd><small>declared by no notebook</small></dd>")
        )
    return "<dl class='params'>" + "".join(items) + "</dl>"


def _index_tables(records: dict[str, list[dict]], runs: list[Run]) -> dict[str, dict]:
    """notebook -> {'title', 'items' (first-seen order), 'cells' {(item, run): (verdict, detail)}}."""
    import pandas as pd

    found: dict[str, dict] = {}
    for run in runs:
        for rec in records.get(run.name, []):
            entry = rec.get("results", {}).get(INDEX_RECORD) if rec.get("status") == "ok" else None
            if not isinstance(entry, dict) or "table" not in entry:
                continue
            table = entry["table"] if isinstance(entry["table"], pd.DataFrame) else pd.DataFrame(entry["table"])
            book = found.setdefault(
                rec["notebook"], {"title": entry.get("title", rec["notebook"]), "items": [], "cells": {}}
            )
            for row in table.to_dict("records"):
                item = str(row.get("item", ""))
                if item not in book["items"]:
                    book["items"].append(item)
                book["cells"][item, run.name] = (str(row.get("verdict", "")), str(row.get("detail", "")))
    return found


def matrix_sections(records: dict[str, list[dict]], runs: list[Run]) -> str:
    """One matrix per notebook that recorded an index table: items by runs, coloured by verdict."""
    parts = []
    for notebook, book in sorted(_index_tables(records, runs).items()):
        stem = Path(notebook).stem
        head = "".join(f"<th>{_e(run.name)}</th>" for run in runs)
        rows = []
        for item in book["items"]:
            cells = []
            for run in runs:
                verdict, detail = book["cells"].get((item, run.name), ("", ""))
                if not verdict:
                    cells.append("<td class='v none'>&ndash;</td>")
                    continue
                css = VERDICT_CLASSES.get(verdict, "other")
                cells.append(
                    f"<td class='v {css}' title='{_e(detail)}'>"
                    f"<a href='{_e(run.name)}/{_e(stem)}.html'>{_e(verdict)}</a></td>"
                )
            rows.append(f"<tr><th>{_e(item)}</th>{''.join(cells)}</tr>")
        parts.append(
            f"<h2>{_e(book['title'])}</h2><p><small>From <code>{_e(notebook)}</code>, one column per run; "
            "a cell links to that run's page, and hovering shows the measure.</small></p>"
            f"<table class='matrix'><tr><th></th>{head}</tr>{''.join(rows)}</table>"
        )
    return "".join(parts)


def figures_section(records: dict[str, list[dict]], runs: list[Run]) -> str:
    """Each run's key figures as thumbnails, one row per run, one column per notebook."""
    notebooks = sorted({rec["notebook"] for recs in records.values() for rec in recs})
    if not notebooks:
        return ""
    head = "".join(f"<th>{_e(Path(nb).stem)}</th>" for nb in notebooks)
    rows = []
    for run in runs:
        by_nb = {rec["notebook"]: rec for rec in records.get(run.name, [])}
        cells = []
        for nb in notebooks:
            rec, stem = by_nb.get(nb), Path(nb).stem
            if rec is None:
                cells.append("<td><small>not in this run</small></td>")
            elif rec.get("status") != "ok":
                cells.append(f"<td class='failed'>FAILED<br><small>{_e(rec.get('error') or '')}</small></td>")
            elif rec.get("figure"):
                cells.append(
                    f"<td><a href='{_e(run.name)}/{_e(stem)}.html'><img src='{_e(run.name)}/{_e(rec['figure'])}'"
                    f" alt='{_e(stem)}, run {_e(run.name)}' loading='lazy'></a></td>"
                )
            else:
                cells.append(f"<td><a href='{_e(run.name)}/{_e(stem)}.html'>no figure</a></td>")
        rows.append(f"<tr><th>{_e(run.name)}</th>{''.join(cells)}</tr>")
    return f"<h2>Key figures</h2><table class='thumbs'><tr><th>Run</th>{head}</tr>{''.join(rows)}</table>"


def runs_section(runs: list[Run], notebooks_dir: Path) -> str:
    """The index page's section that states each run's parameters in words."""
    meanings, names = parameter_meanings(notebooks_dir), actor_names()
    return "<h2>The runs</h2>" + "".join(
        f"<h3>{_e(run.name)}</h3>{parameters_in_words(run, meanings, names)}" for run in runs
    )


def status_section(records: dict[str, list[dict]], runs: list[Run]) -> str:
    """The index page's table of every notebook run: its run, notebook, status (with the first
    error line of a failed run), headline figures, and links to its page, notebook and results.
    """
    rows = []
    for run in runs:
        for rec in sorted(records.get(run.name, []), key=lambda r: r["notebook"]):
            stem = Path(rec["notebook"]).stem
            ok = rec["status"] == "ok"
            nb_link = f"{run.name}/{rec['notebook'] if ok else stem + '.FAILED.ipynb'}"
            error = (rec.get("error") or "").strip().splitlines()
            rows.append(
                "<tr>"
                f"<td>{_e(run.name)}</td><td>{_e(rec['notebook'])}</td>"
                f"<td class='{'ok' if ok else 'failed'}'>{'ok' if ok else 'FAILED'}"
                + (f"<br><small>{_e(error[0] if error else '')}</small>" if not ok else "")
                + "</td>"
                f"<td>{'<br>'.join(_e(x) for x in headline(rec.get('results', {})))}</td>"
                f"<td><a href='{_e(run.name)}/{_e(stem)}.html'>page</a> &middot; "
                f"<a href='{_e(nb_link)}'>notebook</a> &middot; "
                f"<a href='{_e(run.name)}/results.json'>results</a></td></tr>"
            )
    return (
        "<h2>Every notebook run</h2><table><tr><th>Run</th><th>Notebook</th><th>Status</th>"
        "<th>Headline figures</th><th>Files</th></tr>" + "".join(rows) + "</table>"
    )


def write_index(
    records: dict[str, list[dict]], runs: list[Run], reports_dir: Path, notebooks_dir: Path = NOTEBOOKS_DIR
) -> Path:
    """Write ``reports_dir/index.html`` from the runs' status records (atomically); returns its path.

    Parameters
    ----------
    records : dict
        Run name -> the status records of its notebooks (:func:`analysis.execution.execute`).
    runs : list of Run
        The runs listed, in order (the columns of the matrices, the rows of the figures).
    reports_dir : Path
        The report folder the page is written into.
    notebooks_dir : Path, default NOTEBOOKS_DIR
        Where the notebooks are, for the meaning of each parameter.

    Returns
    -------
    Path
        ``reports_dir / "index.html"``.
    """
    page = (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        "<meta name='viewport' content='width=device-width, initial-scale=1'><title>Report runs</title>"
        f"<style>{STYLE}</style></head><body><h1>Report runs</h1>"
        + matrix_sections(records, runs)
        + figures_section(records, runs)
        + runs_section(runs, notebooks_dir)
        + status_section(records, runs)
        + "</body></html>"
    )
    target = Path(reports_dir) / "index.html"
    atomic_write_text(target, page)
    return target
