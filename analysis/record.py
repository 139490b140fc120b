"""Record a notebook's key results, and read them back from an executed notebook.

In a notebook::

    from analysis import record
    record("frustration_index", 0.83)
    record("ranked_actors", table)          # a DataFrame
    record("camps", [["ISR", "USA"], ["HAMAS", "IRN"]])

Each call displays one output carrying the result as JSON under the MIME type
:data:`MIME_TYPE` (plus a short ``text/plain`` line a reader sees). Tests and the report
runner read results with :func:`read_results`, never by scraping printed text.
No dependency on scrapbook (unmaintained).
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

MIME_TYPE = "application/vnd.analysis.result+json"


def to_json(value: Any) -> Any:
    """A JSON-ready form of value; DataFrames and Series keep their labels so they round-trip
    (:func:`from_json` reads it back)."""
    if isinstance(value, pd.DataFrame):
        frame = value.astype(object).where(value.notna(), None)
        return {"__frame__": json.loads(frame.to_json(orient="split", date_format="iso", default_handler=str))}
    if isinstance(value, pd.Series):
        return {"__series__": json.loads(value.to_json(orient="split", date_format="iso", default_handler=str))}
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set, frozenset)):
        items = sorted(value) if isinstance(value, (set, frozenset)) else value
        return [to_json(v) for v in items]
    if isinstance(value, (np.integer,)):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(float(value)) else float(value)
    if isinstance(value, (np.bool_,)):
        return bool(value)
    if isinstance(value, (pd.Timestamp,)):
        return value.isoformat()
    if value is pd.NA or value is None:
        return None
    if isinstance(value, (str, int, bool)):
        return value
    raise TypeError(f"record() cannot store a {type(value).__name__}: pass a number, string, list, dict or DataFrame")


def from_json(value: Any) -> Any:
    """The value :func:`to_json` made JSON-ready, with its DataFrames and Series restored."""
    if isinstance(value, dict):
        if set(value) == {"__frame__"}:
            s = value["__frame__"]
            return pd.DataFrame(s["data"], index=s["index"], columns=s["columns"])
        if set(value) == {"__series__"}:
            s = value["__series__"]
            return pd.Series(s["data"], index=s["index"], name=s.get("name"))
        return {k: from_json(v) for k, v in value.items()}
    if isinstance(value, list):
        return [from_json(v) for v in value]
    return value


def _summary(name: str, value: Any) -> str:
    if isinstance(value, pd.DataFrame):
        return f"recorded {name}: table of {len(value)} rows x {value.shape[1]} columns"
    if isinstance(value, (list, tuple, set, frozenset, dict)):
        return f"recorded {name}: {type(value).__name__} of {len(value)} items"
    if isinstance(value, (float, np.floating)):
        return f"recorded {name}: {float(value):.4g}"
    return f"recorded {name}: {value}"


def record(name: str, value: Any) -> None:
    """Record a named key result as an output of the running notebook."""
    if not isinstance(name, str) or not name:
        raise ValueError("record() needs a non-empty string name")
    from IPython.display import display

    payload = {"name": name, "value": to_json(value)}
    display({MIME_TYPE: payload, "text/plain": _summary(name, value)}, raw=True)


#: The record a notebook makes to put a table on the report's index page (:mod:`analysis.index_page`).
INDEX_RECORD = "index"
INDEX_COLUMNS = ("item", "verdict", "detail")


def record_for_index(title: str, table: pd.DataFrame) -> None:
    """Record a table for the report's index page, which shows it as a matrix of its items by runs:
    columns ``item`` (a label that is the same in every run), ``verdict`` (a word the page colours:
    supported, mixed, not supported, no data) and ``detail`` (the measure, shown on hover)."""
    missing = [c for c in INDEX_COLUMNS if c not in table.columns]
    if missing:
        raise ValueError(f"record_for_index needs the columns {', '.join(INDEX_COLUMNS)}; missing {', '.join(missing)}")
    record(INDEX_RECORD, {"title": str(title), "table": table[list(INDEX_COLUMNS)].astype(str)})


def read_results(notebook: str | Path) -> dict[str, Any]:
    """All results recorded in an executed notebook, by name (a later record of a name wins)."""
    path = Path(notebook)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise ValueError(f"{path}: not a readable notebook ({exc})") from exc
    results: dict[str, Any] = {}
    for cell in nb.get("cells", []):
        for output in cell.get("outputs", []) if cell.get("cell_type") == "code" else []:
            payload = output.get("data", {}).get(MIME_TYPE)
            if payload is not None:
                if isinstance(payload, str):
                    payload = json.loads(payload)
                results[payload["name"]] = from_json(payload["value"])
    return results
