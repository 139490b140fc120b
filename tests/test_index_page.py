"""The report's index page: matrices across runs, key figures, the runs in words; opened in a
real browser when one is installed."""

from __future__ import annotations

import base64
import struct
import zlib
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from conftest import BROWSER_ARGS, NO_BROWSER, SCREENSHOTS_DIR, chromium_path

from analysis.execution import key_figure
from analysis.index_page import matrix_sections, parameter_meanings, parameters_in_words, write_index
from analysis.record import INDEX_RECORD, record_for_index
from analysis.runs import Run, parameter_descriptions


def png(width: int = 2, height: int = 1) -> str:
    """A valid red PNG of the given size, base64 (as notebooks carry their figures)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    raw = b"".join(b"\x00" + b"\xff\x00\x00" * width for _ in range(height))
    data = (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
        + chunk(b"IDAT", zlib.compress(raw))
        + chunk(b"IEND", b"")
    )
    return base64.b64encode(data).decode()


PNG = png()


def claims(verdicts):
    return {
        INDEX_RECORD: {
            "title": "The source article's claims",
            "table": pd.DataFrame(
                [{"item": f"{i}. claim {i}", "verdict": v, "detail": f"measure {i}"} for i, v in enumerate(verdicts, 1)]
            ),
        }
    }


def rec(notebook, results=None, status="ok", figure=None, error=None):
    return {
        "notebook": notebook,
        "parameters": {},
        "status": status,
        "error": error,
        "results": results or {},
        "figure": figure,
    }


def test_the_matrix_has_one_row_per_item_and_one_coloured_cell_per_run():
    runs = [Run("default"), Run("focal-usa", {"focal_actor": "USA"}), Run("broken")]
    records = {
        "default": [rec("00_briefing.ipynb", claims(["supported", "mixed"])), rec("01.ipynb", {"x": 1})],
        "focal-usa": [rec("00_briefing.ipynb", claims(["not supported", "no data"]))],
        "broken": [rec("00_briefing.ipynb", status="failed", error="ValueError: x")],
    }
    page = matrix_sections(records, runs)
    assert page.count("<h2>") == 1 and "The source article&#x27;s claims" in page  # 01 recorded no index table
    rows = page.split("<tr>")[2:]
    assert [r.split("</th>")[0] for r in rows] == ["<th>1. claim 1", "<th>2. claim 2"]
    first = rows[0]
    assert "class='v yes'" in first and "class='v no'" in first and "href='focal-usa/00_briefing.html'" in first
    assert first.count("<td") == 3 and first.removesuffix("</tr>").endswith("&ndash;</td>")  # the failed run: a dash
    assert "class='v mixed'" in rows[1] and "class='v none'" in rows[1] and "title='measure 2'" in rows[1]


def test_record_for_index_names_the_missing_columns():
    with pytest.raises(ValueError, match="missing verdict, detail"):
        record_for_index("x", pd.DataFrame({"item": ["a"]}))


def params_notebook(path, source):
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell(source)
    cell.metadata["tags"] = ["parameters"]
    nb.cells = [cell, nbformat.v4.new_code_cell("pass")]
    nbformat.write(nb, path)


def test_parameters_are_put_in_words_from_the_notebooks_comments(tmp_path):
    params_notebook(
        tmp_path / "a.ipynb",
        'focal_actor = "RUS"   # actor whose position is examined\n'
        'pattern = "a#b"  # a value with a hash inside\nseed = 0\n'
        'weights = {"x": 1,\n           "y": 2}  # spread over two lines',
    )
    described = parameter_descriptions(tmp_path / "a.ipynb")
    assert described == {
        "focal_actor": "actor whose position is examined",
        "pattern": "a value with a hash inside",
        "seed": "",
        "weights": "spread over two lines",
    }
    meanings = parameter_meanings(tmp_path)
    assert meanings == described
    text = parameters_in_words(
        Run("usa", {"focal_actor": "USA", "seed": 3, "other": 1}), meanings, {"USA": "United States"}
    )
    assert "<code>focal_actor</code> = USA (United States)</dt><dd>actor whose position is examined</dd>" in text
    assert "<code>other</code> = 1</dt><dd><small>declared by no notebook" in text
    assert parameters_in_words(Run("default"), meanings, {}) == "<p>Every notebook with its own defaults.</p>"


def figure_cell(tags=(), png=PNG):
    cell = nbformat.v4.new_code_cell("plot()")
    cell.metadata["tags"] = list(tags)
    cell.outputs = [nbformat.v4.new_output("display_data", data={"image/png": png, "text/plain": "<Figure>"})]
    return cell


def test_the_key_figure_is_the_tagged_one_then_the_readme_one_then_the_first():
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_code_cell("x = 1"),
        figure_cell(png="first"),
        figure_cell(["readme-figure:n"], "readme"),
        figure_cell(["key-figure"], "key"),
    ]
    assert key_figure(nb) == "key"
    nb.cells.pop()
    assert key_figure(nb) == "readme"
    nb.cells.pop()
    assert key_figure(nb) == "first"
    nb.cells.pop()
    assert key_figure(nb) is None


def test_the_index_opens_in_a_browser_with_its_matrix_and_thumbnails(tmp_path):
    """Rendered by headless Chromium: the matrix's cells are coloured, every thumbnail decodes, and
    a screenshot is saved in build/screenshots (the run's summary prints the folder)."""
    browser = chromium_path()
    playwright = pytest.importorskip("playwright.sync_api", reason="pip install playwright (in requirements.lock)")
    if browser is None:
        pytest.skip(NO_BROWSER)
    runs = [Run("default"), Run("focal-usa", {"focal_actor": "USA"})]
    for run in runs:
        (tmp_path / run.name).mkdir()
        (tmp_path / run.name / "00_briefing.png").write_bytes(base64.b64decode(PNG))
    records = {
        run.name: [
            rec(
                "00_briefing.ipynb",
                {**claims(["supported", verdict]), "claims_supported": "1 of 2"},
                figure="00_briefing.png",
            )
        ]
        for run, verdict in zip(runs, ["mixed", "not supported"])
    }
    index = write_index(records, runs, tmp_path, Path(__file__).resolve().parents[1] / "notebooks")
    shots = SCREENSHOTS_DIR
    shots.mkdir(parents=True, exist_ok=True)
    with playwright.sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser, args=BROWSER_ARGS)
        try:
            page = chromium.new_page(viewport={"width": 1280, "height": 900})
            page.goto(index.as_uri())
            colours = page.eval_on_selector_all(
                "table.matrix td.v", "els => els.map(e => getComputedStyle(e).backgroundColor)"
            )
            widths = page.eval_on_selector_all(
                "table.thumbs img", "els => els.map(e => e.complete ? e.naturalWidth : -1)"
            )
            page.screenshot(path=str(shots / "report-index.png"), full_page=True)
        finally:
            chromium.close()
    print(f"screenshot of the index page: {shots / 'report-index.png'}")
    assert len(colours) == 4 and len(set(colours)) == 3  # supported twice, mixed, not supported
    assert widths == [2, 2]  # both thumbnails decoded
    assert (shots / "report-index.png").stat().st_size > 0
