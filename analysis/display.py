"""Tables as tables: a DataFrame shown in a notebook or an HTML report as a formatted table, with
actor names next to their codes, units in the headers, fixed rounding and missing values shown as
missing (an en dash), never as 0.

:func:`table` returns a :class:`Table`. Jupyter shows its HTML; its text form (the same strings, laid
out as ``DataFrame.to_string``) is what a terminal and nbval's ``text/plain`` comparison see. Both are
built from values already rounded to the displayed digits, so the output is the same on any machine
and ``# NBVAL_CHECK_OUTPUT`` compares it reliably.
"""

from __future__ import annotations

import html
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

#: How a missing value is shown (missing is never 0).
MISSING = "–"

#: Column (or index) names whose values are actor codes: each gets the actor's name next to it.
ACTOR_COLUMNS = ("actor", "member", "outside", "party", "focal")


#: The style every table's HTML carries: text left-aligned, numbers right-aligned in tabular figures.
STYLE = (
    "<style>.analysis-table{border-collapse:collapse;margin:0.4em 0 1em}"
    ".analysis-table th,.analysis-table td{padding:0.25em 0.7em;border-bottom:1px solid #ddd;vertical-align:top}"
    ".analysis-table thead th{border-bottom:2px solid #888}"
    "table.analysis-table .text{text-align:left!important}"
    "table.analysis-table .num{text-align:right!important;font-variant-numeric:tabular-nums}"
    ".analysis-table-wrap{overflow-x:auto;max-width:100%}"
    ".analysis-table-caption{margin:0.8em 0 0.2em}</style>"
)


@dataclass(frozen=True)
class Table:
    """A formatted table: ``frame`` holds the display strings, ``caption`` a sentence above it.

    Attributes
    ----------
    frame : DataFrame
        The cells as display strings (rounded numbers, dates as ISO dates, :data:`MISSING` for missing).
    caption : str
        Shown above the table ("" for none).
    index : bool
        Whether the index is shown.
    numeric : tuple of str
        The columns of ``frame`` that hold numbers (right-aligned in HTML; the others left-aligned).
    """

    frame: pd.DataFrame
    caption: str = ""
    index: bool = True
    numeric: tuple[str, ...] = ()

    def to_text(self) -> str:
        """The table as plain text (the caption, then the columns aligned as ``DataFrame.to_string``)."""
        if self.frame.empty:
            body = "(no rows)"
        else:
            body = self.frame.to_string(index=self.index)
        return f"{self.caption}\n{body}" if self.caption else body

    def to_html(self) -> str:
        """The table as HTML: its caption, then a ``<table class="analysis-table">`` with the index
        (when shown) as the first column, text left-aligned and numbers right-aligned. Deterministic:
        the same table gives the same text."""
        caption = (
            f'<p class="analysis-table-caption"><strong>{html.escape(self.caption)}</strong></p>'
            if self.caption
            else ""
        )
        if self.frame.empty:
            return STYLE + caption + '<p class="analysis-table-empty">(no rows)</p>'
        kinds = ["num" if c in self.numeric else "text" for c in self.frame.columns]
        head = [("th", "text", str(self.frame.index.name or ""))] if self.index else []
        head += [("th", k, str(c)) for c, k in zip(self.frame.columns, kinds)]
        lines = [
            "<thead><tr>" + "".join(f'<{t} class="{k}">{html.escape(v)}</{t}>' for t, k, v in head) + "</tr></thead>"
        ]
        for label, row in zip(self.frame.index, self.frame.itertuples(index=False)):
            cells = [f'<th class="text">{html.escape(str(label))}</th>'] if self.index else []
            cells += [f'<td class="{k}">{html.escape(str(v))}</td>' for k, v in zip(kinds, row)]
            lines.append("<tr>" + "".join(cells) + "</tr>")
        body = "<tbody>" + "".join(lines[1:]) + "</tbody>"
        table = f'<table class="analysis-table">{lines[0]}{body}</table>'
        return STYLE + caption + f'<div class="analysis-table-wrap">{table}</div>'

    def _repr_html_(self) -> str:
        return self.to_html()

    def __repr__(self) -> str:
        return self.to_text()


def _format_number(value, digits: int | str) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA or value is pd.NaT:
        return MISSING
    if isinstance(value, (bool, np.bool_)):
        return "yes" if value else "no"
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        if isinstance(digits, str):  # a format specification, e.g. ".4g" for values of any size
            return format(float(value), digits)
        v = round(float(value), digits)
        if v == 0:
            v = 0.0  # no "-0.000"
        if float(v).is_integer() and digits == 0:
            return str(int(v))
        return f"{v:.{digits}f}"
    if isinstance(value, pd.Timestamp):
        return str(value.date()) if value == value.normalize() else str(value)
    return str(value)


def _format_column(values: pd.Series, digits: int) -> pd.Series:
    if pd.api.types.is_datetime64_any_dtype(values):
        return values.map(lambda v: MISSING if pd.isna(v) else _format_number(pd.Timestamp(v), digits))
    if isinstance(values.dtype, pd.CategoricalDtype) or values.dtype == object or pd.api.types.is_string_dtype(values):
        return values.map(lambda v: _cell(v, digits))
    if pd.api.types.is_float_dtype(values) and not isinstance(digits, str):
        known = values.dropna().round(digits)
        if len(known) and (known == known.round(0)).all() and (known.abs() < 2**53).all():
            digits = 0  # counts and ranks stored as floats (for their missing values) read as integers
    return values.map(lambda v: _format_number(v, digits))


def _cell(value, digits: int | str) -> str:
    if isinstance(value, (list, tuple, set, frozenset)):
        return ", ".join(map(str, sorted(value) if isinstance(value, (set, frozenset)) else value))
    if isinstance(value, str):
        return value
    if value is None or (np.ndim(value) == 0 and pd.isna(value)):
        return MISSING
    return _format_number(value, digits)


def _names(actors: pd.DataFrame | None) -> dict[str, str]:
    if actors is None:
        return {}
    return dict(zip(actors["actor_id"].astype(str), actors["name"].astype(str)))


def table(
    frame: pd.DataFrame | pd.Series,
    *,
    actors: pd.DataFrame | None = None,
    digits: int | str | Mapping[str, int | str] = 3,
    units: Mapping[str, str] | None = None,
    caption: str = "",
    index: bool | None = None,
    actor_columns: Iterable[str] = ACTOR_COLUMNS,
) -> Table:
    """A DataFrame (or Series) formatted for reading.

    Parameters
    ----------
    frame : DataFrame or Series
        The values. A Series is shown as a one-column table named after it.
    actors : DataFrame, optional
        The actors table (``actor_id``, ``name``): every column named in ``actor_columns``, and an index
        whose name is one of them, gets a ``name`` column after it with the actor's name (empty where
        a value is not an actor code). None shows the codes alone.
    digits : int, str or mapping of column to int or str
        Decimal places of the floating-point columns (3 by default), or a format specification such
        as ``".4g"`` for values of very different sizes; a mapping gives them per column, with 3 for the
        columns it does not name. Integers, and float columns whose every value is a whole number once
        rounded (counts and ranks that are floats only because some are missing), are shown as integers.
    units : mapping of column to str, optional
        A unit for a column, shown in its header: ``{"share": "%"}`` gives ``share (%)``.
    caption : str
        A sentence shown above the table.
    index : bool, optional
        Whether to show the index; None shows it unless it is an unnamed integer index (row positions,
        as after filtering a table).
    actor_columns : iterable of str
        The column and index names whose values are actor codes (:data:`ACTOR_COLUMNS`).

    Returns
    -------
    Table
        The formatted table: displayed as HTML in Jupyter and in the reports, and as aligned text
        in a terminal.
    """
    df = frame.to_frame() if isinstance(frame, pd.Series) else frame.copy()
    if index is None:  # an unnamed integer index holds row positions, which say nothing to a reader
        index = not (df.index.name is None and pd.api.types.is_integer_dtype(df.index))
    names = _names(actors)
    actor_columns = set(actor_columns)
    if index and names and df.index.name in actor_columns and "name" not in df.columns:
        df.insert(0, "name", [names.get(str(code), "") for code in df.index])
    out = pd.DataFrame(index=df.index)
    numeric = {c for c in df.columns if pd.api.types.is_numeric_dtype(df[c]) and not pd.api.types.is_bool_dtype(df[c])}
    for column in df.columns:
        places = digits.get(column, 3) if isinstance(digits, Mapping) else digits
        out[column] = _format_column(df[column], places)
    if names:
        for column in [c for c in df.columns if c in actor_columns and f"{c} name" not in df.columns]:
            position = list(out.columns).index(column) + 1
            out.insert(position, f"{column} name", [names.get(str(code), "") for code in df[column]])
    if index and not isinstance(out.index, pd.MultiIndex):
        out.index = pd.Index([v if isinstance(v, str) else _cell(v, 3) for v in df.index], name=df.index.name)
    units = units or {}
    headers = [f"{c} ({units[c]})" if c in units else str(c) for c in out.columns]
    numeric_headers = tuple(h for c, h in zip(out.columns, headers) if c in numeric)
    out.columns = headers
    return Table(frame=out, caption=caption, index=index, numeric=numeric_headers)
