"""Load the data tables into typed pandas DataFrames.

    >>> from analysis import load_tables
    >>> t = load_tables()            # the project's data/ folder, from any working directory
    >>> t.events.dtypes              # dates are datetimes, codes are categoricals
    >>> load_tables("my_copy/")      # a folder of your own, checked against the same schema

Loading validates first (see :mod:`analysis.validation`): bad data raises one
:class:`~analysis.validation.DataValidationError` listing every problem with its file, line,
column, value and reason. Types come from data/datapackage.json, so the schema is written once.
The loader only reads; nothing in the data folder is ever written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from .paths import DATA_DIR
from .validation import as_list, read_descriptor, validate

#: Columns holding actor codes: loaded as categoricals over the actors table's ids.
ACTOR_COLUMNS = {"actor_id", "source_actor", "target_actor", "actor_a", "actor_b", "counterpart", "host"}


@dataclass(frozen=True)
class Tables:
    """The curated tables, one DataFrame each (see data/README.md for their grain)."""

    sources: pd.DataFrame
    actors: pd.DataFrame
    unsc_seats: pd.DataFrame
    events: pd.DataFrame
    ties: pd.DataFrame
    rollcalls: pd.DataFrame
    votes: pd.DataFrame
    capabilities: pd.DataFrame
    status: pd.DataFrame
    relation_changes: pd.DataFrame
    contact_passes: pd.DataFrame
    contacts: pd.DataFrame
    panel_searches: pd.DataFrame
    panel_completeness: pd.DataFrame

    def names(self) -> list[str]:
        return [f.name for f in fields(self)]


def _typed(frame: pd.DataFrame, schema: dict, actor_ids: list[str] | None) -> pd.DataFrame:
    out = {}
    for field in schema["fields"]:
        name, ftype = field["name"], field["type"]
        col = frame[name].replace("", pd.NA) if name in frame else pd.Series(pd.NA, index=frame.index)
        enum = field.get("constraints", {}).get("enum")
        if ftype == "date":
            out[name] = pd.to_datetime(col, format="%Y-%m-%d")
        elif ftype == "integer":
            out[name] = (
                pd.array(pd.to_numeric(col), dtype="Int64")
                if not enum
                else pd.Categorical(pd.to_numeric(col), categories=enum)
            )
        elif ftype == "number":
            out[name] = pd.to_numeric(col).astype("float64")
        elif ftype == "boolean":
            out[name] = col.map({"true": True, "false": False}).astype("boolean")
        elif enum:
            out[name] = pd.Categorical(col, categories=enum)
        elif name in ACTOR_COLUMNS and actor_ids is not None:
            out[name] = pd.Categorical(col, categories=actor_ids)
        else:
            out[name] = col.astype("string")
    typed = pd.DataFrame(out, index=frame.index)
    keys = as_list(schema.get("primaryKey", []))
    return typed.sort_values(keys, kind="stable").reset_index(drop=True) if keys else typed


def load_tables(data_dir: Path | str | None = None, *, check: bool = True) -> Tables:
    """Every table of the data folder as typed DataFrames.

    ``data_dir`` defaults to the project's ``data/`` folder. With ``check`` (the default) the
    folder is validated first and a :class:`DataValidationError` lists every problem.
    Rows are sorted by each table's primary key, so the same files give the same frames.
    """
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    if check:
        validate(data_dir)
    descriptor, _ = read_descriptor(data_dir)
    raw = {
        r["name"]: pd.read_csv(data_dir / r["path"], dtype=str, keep_default_na=False, encoding="utf-8-sig")
        for r in descriptor["resources"]
    }
    actor_ids = sorted(raw["actors"]["actor_id"]) if "actors" in raw else None
    frames = {r["name"]: _typed(raw[r["name"]], r["schema"], actor_ids) for r in descriptor["resources"]}
    # a folder made before a table existed (its own datapackage.json lacks it): that table is empty,
    # with the project's columns, and its rows are missing, not zero
    wanted = [f.name for f in fields(Tables)]
    if any(name not in frames for name in wanted) or "collection" not in frames.get(
        "events", pd.DataFrame(columns=["collection"])
    ):
        project, _ = read_descriptor(DATA_DIR)
        schemas = {r["name"]: r["schema"] for r in project["resources"]}
        for name in wanted:
            if name not in frames:
                frames[name] = _typed(
                    pd.DataFrame(columns=[f["name"] for f in schemas[name]["fields"]]), schemas[name], actor_ids
                )
        if "events" in frames and "collection" not in frames["events"]:
            frames["events"] = frames["events"].assign(collection="context")  # every row before the panel was context
    missing = [name for name in ("sources", "actors") if name not in raw]
    if missing:
        from .validation import DataValidationError, Problem

        raise DataValidationError(
            [Problem("datapackage.json", None, None, name, "the folder has no such table") for name in missing],
            data_dir,
        )
    return Tables(**{name: frames[name] for name in wanted})


#: Columns an events file of one's own (an import) needs; ``weight`` is optional (one event when absent).
#: The columns of the events table (data/events.csv), in its order: the rows every collection
#: (context, panel, gdelt) is turned into.
EVENT_COLUMNS = [
    "event_id",
    "date",
    "date_precision",
    "source_actor",
    "target_actor",
    "plover_type",
    "plover_mode",
    "cameo_code",
    "goldstein",
    "description",
    "location",
    "collection",
    "source_ids",
    "notes",
]
EVENT_FILE_COLUMNS = ("date", "source_actor", "target_actor", "cameo_code", "goldstein")


def read_events_file(path: Path | str, actors: pd.DataFrame) -> pd.DataFrame:
    """An events table of one's own (for instance :func:`analysis.sources.import_gdelt`'s result
    written with ``to_csv``) read for the notebooks' ``events`` parameter. It needs the columns of
    :data:`EVENT_FILE_COLUMNS`; the others of the events table are filled in when missing. Dates,
    actor codes and Goldstein values are checked: every problem is reported with its file, line,
    column and value in one :class:`DataValidationError`."""
    from .validation import DataValidationError, Problem

    path = Path(path)
    if not path.is_file():
        raise DataValidationError([Problem(str(path), None, None, None, "no such events file")], path.parent)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8-sig")
    problems = [
        Problem(path.name, 1, col, None, "missing column (an events file needs " + ", ".join(EVENT_FILE_COLUMNS) + ")")
        for col in EVENT_FILE_COLUMNS
        if col not in frame
    ]
    if problems:
        raise DataValidationError(problems, path.parent)
    from .coding import plover_for_cameo

    known = set(actors["actor_id"].astype(str))
    plain_date = frame["date"].str.fullmatch(r"\d{4}-\d{2}-\d{2}")
    dates = pd.to_datetime(frame["date"].where(plain_date), format="%Y-%m-%d", errors="coerce")
    types = {c: plover_for_cameo(c) if re.fullmatch(r"\d{3,4}", c) else None for c in frame["cameo_code"].unique()}
    goldstein = pd.to_numeric(frame["goldstein"], errors="coerce")
    weight = pd.to_numeric(frame["weight"], errors="coerce") if "weight" in frame else None
    for i in range(len(frame)):
        line = i + 2
        if pd.isna(dates.iat[i]):
            problems.append(
                Problem(
                    path.name, line, "date", frame["date"].iat[i], "not a date written YYYY-MM-DD (a day, with no time)"
                )
            )
        for col in ("source_actor", "target_actor"):
            if frame[col].iat[i] not in known:
                problems.append(Problem(path.name, line, col, frame[col].iat[i], "not an actor of actors.csv"))
        if types[frame["cameo_code"].iat[i]] is None:
            problems.append(
                Problem(
                    path.name,
                    line,
                    "cameo_code",
                    frame["cameo_code"].iat[i],
                    "not a CAMEO event code with a PLOVER type (3 or 4 digits; roots 01 and 02 have none)",
                )
            )
        if pd.isna(goldstein.iat[i]) or not -10 <= goldstein.iat[i] <= 10:
            problems.append(
                Problem(
                    path.name, line, "goldstein", frame["goldstein"].iat[i], "not a Goldstein value between -10 and 10"
                )
            )
        if weight is not None and frame["weight"].iat[i] != "" and not (weight.iat[i] > 0):
            problems.append(Problem(path.name, line, "weight", frame["weight"].iat[i], "not a positive number"))
        if len(problems) >= 50:
            break
    if problems:
        raise DataValidationError(problems, path.parent)
    out = frame.copy()
    out["date"], out["goldstein"] = dates, goldstein.astype(float)
    if weight is not None:
        out["weight"] = weight
    if "plover_type" not in out or (out["plover_type"] == "").any():
        derived = out["cameo_code"].map(types)
        out["plover_type"] = (
            derived if "plover_type" not in out else out["plover_type"].where(out["plover_type"] != "", derived)
        )
    for col in ("event_id", "description", "collection", "source_ids"):
        if col not in out:
            out[col] = {
                "event_id": [f"{path.stem}-{i + 1}" for i in range(len(out))],
                "collection": path.stem,
                "description": "",
                "source_ids": path.name,
            }.get(col, "")
    ids = sorted(known)
    for col in ("source_actor", "target_actor"):
        out[col] = pd.Categorical(out[col], categories=ids)
    return out.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


def split_ids(cell: str | None, sep: str = ";") -> list[str]:
    """The ids of a ';'-separated cell (source_ids, sponsors), in order; [] for a missing cell."""
    if cell is None or cell is pd.NA or (isinstance(cell, float) and pd.isna(cell)):
        return []
    return [part for part in str(cell).split(sep) if part]
