"""GDELT events read into the project's events table, on DuckDB (one machine) or BigQuery.

    >>> from analysis.sources.gdelt import import_gdelt, aggregation_sql
    >>> events = import_gdelt("cache/gdelt/*.export.CSV.zip", start="2023-10-07", end="2024-12-31",
    ...                       actors=tables.actors, weight="sources")
    >>> print(aggregation_sql(dialect="bigquery", start="2023-10-07", end="2024-12-31"))

GDELT 2.0 event exports (the 15-minute ``*.export.CSV.zip`` files, 61 tab-separated columns) and
GDELT 1.0 daily files (57 columns, 58 with the source URL) are read by DuckDB from a glob, so the
input may be larger than memory; DuckDB cannot open zip archives, so each archive is first
streamed once into a gzip file of a local cache (:func:`prepare`), which later runs reuse.

One SQL query (:func:`aggregation_sql`) does the work, the same for DuckDB and for BigQuery's
public table ``gdelt-bq.gdeltv2.events``:

1. **Deduplicate**: one row per day, actor codes, event code and source article (the
   GLOBALEVENTID where a row has no URL): an event published again under its id, and the same
   article coded twice, count once (the largest Goldstein value and weight of the copies kept, so
   that the choice does not depend on the order of the rows).
2. **Filter** (done first, so that deduplication works on the few rows left) to the window and to
   actors the project knows: states by their ISO3 code (GDELT's
   CountryCode) and the armed groups by CAMEO's known-group codes (:data:`KNOWN_GROUPS`: Hamas
   HMS, Hezbollah HEZ, Palestinian Islamic Jihad ISJ). CAMEO has no code for the Houthis or the
   Iraqi militias; GDELT folds them into country codes, so they are not imported. Only actors
   whose first type code is empty or governmental (:data:`ACTOR_TYPES`) count, so that a report
   about "Israeli protesters" is not an act of Israel. Events within one actor are dropped.
3. **Aggregate** to dyad-day rows: one row per day, source actor, target actor and CAMEO event
   code, with the weight (events, or the sum of NumSources, NumArticles or NumMentions: the
   ``weight`` parameter) and the weighted mean of GDELT's Goldstein values, computed exactly from
   integer tenths. Rows with an empty Goldstein value or weight are left out and counted.

The result has the columns of the events table (collection ``gdelt``) plus ``weight`` and
``gdelt_events``; the PLOVER type comes from the project's own CAMEO crosswalk
(:mod:`analysis.coding`), and rows of CAMEO roots 01-02, which PLOVER lacks, are dropped and
counted. :func:`analysis.graphs.event_network` multiplies each row's Goldstein value by its weight.
"""

from __future__ import annotations

import gzip
import hashlib
import shutil
import zipfile
from dataclasses import dataclass, field
from glob import glob
from pathlib import Path

import pandas as pd

from .. import coding
from ..tables import EVENT_COLUMNS

_GEO2 = ["Type", "FullName", "CountryCode", "ADM1Code", "ADM2Code", "Lat", "Long", "FeatureID"]
_GEO1 = ["Type", "FullName", "CountryCode", "ADM1Code", "Lat", "Long", "FeatureID"]
_ACTOR = [
    "Code",
    "Name",
    "CountryCode",
    "KnownGroupCode",
    "EthnicCode",
    "Religion1Code",
    "Religion2Code",
    "Type1Code",
    "Type2Code",
    "Type3Code",
]
_EVENT = [
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
]
_HEAD = ["GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate"]


def _columns(geo: list[str]) -> list[str]:
    return (
        _HEAD
        + [f"Actor1{c}" for c in _ACTOR]
        + [f"Actor2{c}" for c in _ACTOR]
        + _EVENT
        + [f"{who}Geo_{c}" for who in ("Actor1", "Actor2", "Action") for c in geo]
    )


#: GDELT 2.0 event export: 61 columns.
GDELT2_COLUMNS = _columns(_GEO2) + ["DATEADDED", "SOURCEURL"]
#: GDELT 1.0 daily file: 57 columns (to March 2013), 58 with SOURCEURL (from April 2013).
GDELT1_COLUMNS = _columns(_GEO1) + ["DATEADDED"]
GDELT1_URL_COLUMNS = GDELT1_COLUMNS + ["SOURCEURL"]
LAYOUTS = {61: GDELT2_COLUMNS, 57: GDELT1_COLUMNS, 58: GDELT1_URL_COLUMNS}

#: CAMEO known-group codes of the armed groups the project names (CAMEO actor codebook).
KNOWN_GROUPS = {"HMS": "HAMAS", "HEZ": "HEZBOLLAH", "ISJ": "PIJ"}
#: First actor type codes that count as the state acting: none given, government, military,
#: legislature, judiciary, police, intelligence.
ACTOR_TYPES = ("", "GOV", "MIL", "LEG", "JUD", "COP", "SPY")
WEIGHTS = {"events": "1", "sources": "NumSources", "articles": "NumArticles", "mentions": "NumMentions"}


def check_weight(weight: str) -> str:
    """``weight`` if it is one of :data:`WEIGHTS`, else a ``ValueError`` that names the choices."""
    if weight not in WEIGHTS:
        raise ValueError(f"weight = {weight!r} is not one of: {', '.join(WEIGHTS)}")
    return weight


#: The public BigQuery table the printed query reads.
BIGQUERY_TABLE = "gdelt-bq.gdeltv2.events"
#: The only columns the query reads (BigQuery bills by the columns scanned).
NEEDED = [
    "GLOBALEVENTID",
    "SQLDATE",
    "Actor1Code",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1Type1Code",
    "Actor2Code",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2Type1Code",
    "EventCode",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "SOURCEURL",
]
OUTPUT_COLUMNS = [
    *EVENT_COLUMNS,
    "weight",
    "gdelt_events",
]


class GdeltFormatError(ValueError):
    """A GDELT file that cannot be read: names the file, the line and what is wrong."""


@dataclass
class GdeltImport:
    """What :func:`import_gdelt` read: the events rows, and what it left out, counted."""

    events: pd.DataFrame
    files: list[Path]
    dropped: dict[str, int] = field(default_factory=dict)
    problems: list = field(default_factory=list)


def _inputs(paths) -> list[Path]:
    items = [paths] if isinstance(paths, (str, Path)) else list(paths)
    found: list[Path] = []
    for item in items:
        matches = sorted(glob(str(item))) if any(ch in str(item) for ch in "*?[") else [str(item)]
        if not matches:
            raise FileNotFoundError(f"no GDELT file matches {item}")
        found += [Path(m) for m in matches]
    return found


def _first_line(path: Path) -> tuple[bytes, str]:
    if path.suffix.lower() == ".zip":
        with zipfile.ZipFile(path) as archive:
            names = archive.namelist()
            if len(names) != 1:
                raise GdeltFormatError(f"{path}: a GDELT archive holds one CSV file, this one holds {len(names)}")
            with archive.open(names[0]) as handle:
                return handle.readline(), names[0]
    opener = gzip.open if path.suffix.lower() == ".gz" else open
    with opener(path, "rb") as handle:
        return handle.readline(), path.name


def layout(path: Path | str) -> list[str]:
    """The column names of a GDELT file, from the number of tab-separated fields of its first line."""
    path = Path(path)
    try:
        line, _ = _first_line(path)
    except (zipfile.BadZipFile, gzip.BadGzipFile, OSError) as exc:
        raise GdeltFormatError(f"{path}: cannot be read as a GDELT file ({exc})") from None
    if not line.strip():
        raise GdeltFormatError(f"{path}, line 1: the line is empty (a GDELT file starts with an event row)")
    n = len(line.rstrip(b"\r\n").split(b"\t"))
    if n not in LAYOUTS:
        raise GdeltFormatError(
            f"{path}, line 1: {n} tab-separated columns; a GDELT 2.0 export has 61, a GDELT 1.0 daily file 57 or 58"
        )
    return LAYOUTS[n]


def prepare(paths, cache_dir: Path | str) -> list[Path]:
    """Files DuckDB can read: plain and gzip files as they are, each zip archive streamed once
    into ``cache_dir`` as gzip (kept and reused; written to a temporary name first, so an
    interrupted run leaves nothing half-written). Memory stays constant whatever the file size."""
    cache = Path(cache_dir)
    out = []
    for path in _inputs(paths):
        if path.suffix.lower() != ".zip":
            out.append(path)
            continue
        stat = path.stat()
        tag = hashlib.sha1(f"{path.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()).hexdigest()[:10]
        target = cache / f"{path.stem}.{tag}.gz"
        if not target.exists():
            cache.mkdir(parents=True, exist_ok=True)
            layout(path)  # a clear error before any work
            tmp = target.with_suffix(".gz.part")
            with (
                zipfile.ZipFile(path) as archive,
                archive.open(archive.namelist()[0]) as src,
                gzip.open(tmp, "wb", compresslevel=1) as dst,
            ):
                shutil.copyfileobj(src, dst, 1 << 20)
            tmp.replace(target)
        out.append(target)
    return out


def actor_codes(actors: pd.DataFrame) -> dict[str, str]:
    """GDELT actor codes -> project actor ids: states by ISO3, armed groups by :data:`KNOWN_GROUPS`."""
    states = actors[actors["iso3"].notna() & (actors["iso3"].astype(str) != "")]
    codes = {str(iso): str(aid) for iso, aid in zip(states["iso3"], states["actor_id"])}
    known = set(actors["actor_id"].astype(str))
    codes.update({f"group:{g}": a for g, a in KNOWN_GROUPS.items() if a in known})
    return codes


def _quote(text: str) -> str:
    return "'" + str(text).replace("'", "''") + "'"


def aggregation_sql(
    *,
    dialect: str = "duckdb",
    source: str = "gdelt",
    codes: dict[str, str] | None = None,
    start=None,
    end=None,
    weight: str = "events",
    sqldate_is_date: bool = False,
) -> str:
    """The one query that filters, deduplicates and aggregates GDELT events to dyad-day rows.

    ``dialect`` ``duckdb`` reads the table or view ``source``; ``bigquery`` reads
    :data:`BIGQUERY_TABLE`. ``codes`` maps GDELT codes to actor ids (:func:`actor_codes`; the
    states' ISO3 codes and ``group:<CAMEO known-group code>``). ``sqldate_is_date``: the source's
    SQLDATE is a DATE (as :func:`import_gdelt` reads it), not the integer YYYYMMDD of GDELT's
    tables. Columns of the result: day (YYYYMMDD), source_actor, target_actor, cameo_code (the full
    CAMEO event code), event_id (``GDELT-<day>-<source>-<target>-<code>``), weight, weighted_g10
    (the sum of weight x Goldstein x 10: exact integers, so the sum does not depend on the order
    DuckDB adds in), gdelt_events, and incomplete (rows left out for an empty Goldstein value or
    weight).

    Parameters
    ----------
    dialect : {"duckdb", "bigquery"}, default "duckdb"
        The SQL dialect and the table read.
    source : str, default "gdelt"
        DuckDB only: the table, view or parenthesised subquery read (with GDELT's column names).
    codes : dict, optional
        GDELT code -> project actor id (:func:`actor_codes`); None or empty maps no actor, so no
        row can match.
    start, end : date-like, optional
        The window's first and last day (on SQLDATE), both included; None leaves that end open.
    weight : str, default "events"
        One of :data:`WEIGHTS`: each event counts 1, or its NumSources, NumArticles or NumMentions.
    sqldate_is_date : bool, default False
        DuckDB only: SQLDATE is a DATE rather than the integer YYYYMMDD.

    Returns
    -------
    str
        The query, one row per day, source actor, target actor and CAMEO code, in that order.

    Raises
    ------
    ValueError
        If ``dialect`` or ``weight`` is not one of the choices.
    """
    if dialect not in ("duckdb", "bigquery"):
        raise ValueError(f"dialect must be duckdb or bigquery, not {dialect!r}")
    check_weight(weight)
    codes = codes or {}
    pairs = sorted(codes.items())
    bq = dialect == "bigquery"
    integer, num = ("INT64", "FLOAT64") if bq else ("BIGINT", "DOUBLE")
    if not bq:
        table = source
        mapping = (
            (
                "SELECT * FROM (VALUES\n    "
                + ",\n    ".join(f"({_quote(k)}, {_quote(v)})" for k, v in pairs)
                + ") AS m(code, actor_id)"
            )
            if pairs
            else "SELECT NULL::VARCHAR AS code, NULL::VARCHAR AS actor_id WHERE FALSE"
        )
    else:
        table = f"`{BIGQUERY_TABLE}`"
        mapping = (
            "SELECT * FROM UNNEST([\n    "
            + ",\n    ".join(f"STRUCT({_quote(k)} AS code, {_quote(v)} AS actor_id)" for k, v in pairs)
            + "])"
        )
    day = (
        f"CAST(strftime(SQLDATE, '%Y%m%d') AS {integer})"
        if sqldate_is_date and not bq
        else f"CAST(SQLDATE AS {integer})"
    )
    window = []
    if start is not None:
        window.append(f"{day} >= {pd.Timestamp(start):%Y%m%d}")
    if end is not None:
        window.append(f"{day} <= {pd.Timestamp(end):%Y%m%d}")
    where = " AND ".join(window) or "TRUE"
    types = ", ".join(_quote(t) for t in ACTOR_TYPES if t)
    needed = ", ".join(NEEDED)
    w = WEIGHTS[weight]
    wexpr = "1" if w == "1" else f"CAST({w} AS {integer})"

    def side(n: int) -> str:
        return (
            f"CASE WHEN COALESCE(Actor{n}KnownGroupCode, '') <> '' THEN 'group:' || Actor{n}KnownGroupCode "
            f"WHEN COALESCE(Actor{n}Type1Code, '') IN ('', {types}) THEN Actor{n}CountryCode END"
        )

    complete = "g10 IS NOT NULL AND w IS NOT NULL"
    return f"""-- GDELT events -> dyad-day rows of the project's events table (analysis.sources.gdelt)
WITH actor_map AS ({mapping}),
windowed AS (
  SELECT {needed} FROM {table} WHERE {where}
),
coded AS (  -- the project's actors only: most of GDELT is dropped here, before any deduplication
  SELECT e.GLOBALEVENTID, {day} AS day, e.Actor1Code, e.Actor2Code, e.SOURCEURL,
         a1.actor_id AS source_actor, a2.actor_id AS target_actor, CAST(e.EventCode AS STRING) AS cameo_code,
         CAST(ROUND(CAST(e.GoldsteinScale AS {num}) * 10) AS {integer}) AS g10, {wexpr} AS w
  FROM windowed AS e
  JOIN actor_map AS a1 ON a1.code = {side(1)}
  JOIN actor_map AS a2 ON a2.code = {side(2)}
  WHERE a1.actor_id <> a2.actor_id
),
one_per_story AS (  -- one row per day, actor codes, event code and article (the event's id where no URL):
                    -- an event published again under its id and a story coded twice both count once
  SELECT day, source_actor, target_actor, cameo_code, MAX(g10) AS g10, MAX(w) AS w
  FROM coded
  GROUP BY day, Actor1Code, Actor2Code, cameo_code, COALESCE(SOURCEURL, CAST(GLOBALEVENTID AS STRING)),
           source_actor, target_actor
)
SELECT day, source_actor, target_actor, cameo_code,
       CONCAT('GDELT-', CAST(day AS STRING), '-', source_actor, '-', target_actor, '-', cameo_code) AS event_id,
       SUM(CASE WHEN {complete} THEN w END) AS weight,
       SUM(CASE WHEN {complete} THEN w * g10 END) AS weighted_g10,
       COUNT(CASE WHEN {complete} THEN 1 END) AS gdelt_events,
       COUNT(*) - COUNT(CASE WHEN {complete} THEN 1 END) AS incomplete
FROM one_per_story
GROUP BY day, source_actor, target_actor, cameo_code
ORDER BY day, source_actor, target_actor, cameo_code
""".replace("AS STRING", "AS STRING" if bq else "AS VARCHAR")


def _empty_events() -> pd.DataFrame:
    out = pd.DataFrame({c: pd.Series(dtype=object) for c in OUTPUT_COLUMNS})
    return out.astype({"date": "datetime64[ns]", "goldstein": float, "weight": float, "gdelt_events": int})


def _to_events(rows: pd.DataFrame, weight: str) -> tuple[pd.DataFrame, dict[str, int]]:
    rows = rows.copy()
    incomplete = pd.to_numeric(rows.get("incomplete", pd.Series(0, index=rows.index)), errors="coerce").fillna(0)
    dropped = {"rows with an empty Goldstein value or weight": int(incomplete.sum())}
    rows["gdelt_events"] = pd.to_numeric(rows["gdelt_events"], errors="coerce").fillna(0).astype(int)
    rows = rows[rows["gdelt_events"] > 0]
    rows["cameo_code"] = rows["cameo_code"].astype(str)
    bad_code = ~rows["cameo_code"].str.fullmatch(r"\d{3,4}")
    dropped["events with no valid CAMEO code"] = int(rows.loc[bad_code, "gdelt_events"].sum())
    rows = rows[~bad_code]
    codes = {c: coding.plover_for_cameo(c) for c in rows["cameo_code"].unique()}  # a few hundred codes at most
    rows["plover_type"] = rows["cameo_code"].map(codes)
    dropped["events of CAMEO roots 01-02 (no PLOVER type)"] = int(
        rows.loc[rows["plover_type"].isna(), "gdelt_events"].sum()
    )
    rows = rows[rows["plover_type"].notna()]
    weights = pd.to_numeric(rows["weight"], errors="coerce")
    dropped["events of weight 0"] = int(rows.loc[~(weights > 0), "gdelt_events"].sum())
    rows = rows[weights > 0]
    # exact integer sums of weight x Goldstein x 10, divided once (one correctly rounded division per row)
    rows["goldstein"] = (rows["weighted_g10"].astype("int64") / (10 * rows["weight"].astype("int64"))).round(3)
    sign = rows["plover_type"].map(coding.PLOVER_SIGN)
    disagree = rows["goldstein"] * sign <= 0
    dropped["events whose Goldstein value has the sign against the PLOVER type"] = int(
        rows.loc[disagree, "gdelt_events"].sum()
    )
    rows = rows[~disagree]
    if not len(rows):
        return _empty_events(), dropped
    day_int = rows["day"].astype("int64")
    source, target = rows["source_actor"].astype(str), rows["target_actor"].astype(str)
    weights = rows["weight"].astype(float)
    counts = rows["gdelt_events"].astype(int)
    labels = {(n, w): f"GDELT: {n} event(s), weight {w:g} ({weight})" for n, w in set(zip(counts, weights))}
    out = pd.DataFrame(
        {
            "event_id": rows["event_id"].astype(str)
            if "event_id" in rows
            else "GDELT-" + day_int.astype(str) + "-" + source + "-" + target + "-" + rows["cameo_code"],
            "date": day_int.map({d: pd.Timestamp(str(d)) for d in day_int.unique()}).astype("datetime64[ns]"),
            "date_precision": "day",
            "source_actor": source,
            "target_actor": target,
            "plover_type": rows["plover_type"],
            "plover_mode": "",
            "cameo_code": rows["cameo_code"],
            "goldstein": rows["goldstein"],
            "description": [labels[key] for key in zip(counts, weights)],
            "location": "",
            "collection": "gdelt",
            "source_ids": "gdelt-events",
            "notes": "",
            "weight": weights,
            "gdelt_events": counts,
        },
        columns=OUTPUT_COLUMNS,
    )
    return out.reset_index(drop=True), dropped


_TYPES = {
    "GLOBALEVENTID": "BIGINT",
    "SQLDATE": "DATE",
    "GoldsteinScale": "DOUBLE",
    "NumMentions": "INTEGER",
    "NumSources": "INTEGER",
    "NumArticles": "INTEGER",
}


def csv_source(files, columns: list[str], *, rejects: bool = False) -> str:
    """DuckDB's ``read_csv(...)`` of GDELT files (plain or gzip) with the importer's column types
    (SQLDATE a date written YYYYMMDD; counts and Goldstein numbers; the rest text). With ``rejects``
    malformed lines are recorded in the tables ``gdelt_rejects`` and ``gdelt_reject_scans``
    instead of stopping the read. The one place the read options are written: the importer and the
    benchmark's bare read use it.

    Parameters
    ----------
    files : iterable of Path or str
        The files, plain or gzip (:func:`prepare`), all of one layout.
    columns : list of str
        The layout's column names (:data:`LAYOUTS`, :func:`layout`).
    rejects : bool, default False
        Record malformed lines rather than fail on the first.

    Returns
    -------
    str
        The ``read_csv(...)`` table expression, to put in a DuckDB query's FROM.
    """
    spec = "{" + ", ".join(f"'{c}': '{_TYPES.get(c, 'VARCHAR')}'" for c in columns) + "}"
    file_list = "[" + ", ".join(_quote(str(f)) for f in files) + "]"
    kept = ", store_rejects=true, rejects_table='gdelt_rejects', rejects_scan='gdelt_reject_scans'" if rejects else ""
    return (
        f"read_csv({file_list}, delim='\\t', header=false, quote='', escape='', columns={spec}, "
        f"auto_detect=false, dateformat='%Y%m%d'{kept})"
    )


@dataclass(frozen=True)
class GdeltProblem:
    """One malformed line of a GDELT file."""

    file: str
    line: int
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}, line {self.line}" + (f", column {self.column}" if self.column else "")
        return where + (f", value {self.value!r}" if self.value is not None else "") + f": {self.reason}"


def _problems(con, columns: list[str]) -> list[GdeltProblem]:
    rows = con.execute("""SELECT DISTINCT s.file_path, e.line, e.column_idx, e.column_name, e.error_type, e.csv_line
                          FROM gdelt_rejects AS e JOIN gdelt_reject_scans AS s USING (scan_id, file_id)
                          ORDER BY s.file_path, e.line, e.column_idx""").fetchall()
    out, seen = [], set()
    for path, line, idx, name, kind, text in rows:
        cells = (text or "").split("\t")
        if kind == "CAST":
            value = cells[idx - 1] if idx and idx <= len(cells) else None
            wanted = {"DOUBLE": "a number", "DATE": "a date written YYYYMMDD"}.get(_TYPES.get(name), "a whole number")
            out.append(GdeltProblem(str(path), int(line), name, value, f"not {wanted}"))
        elif (path, line) not in seen:  # a line with too few or too many columns is one problem
            seen.add((path, line))
            reason = (
                f"{len(cells)} tab-separated columns where the file's layout has {len(columns)}"
                if kind in ("MISSING COLUMNS", "TOO MANY COLUMNS")
                else str(kind).lower()
            )
            out.append(GdeltProblem(str(path), int(line), None if kind != "CAST" else name, None, reason))
    return out


def import_gdelt(
    paths,
    *,
    actors: pd.DataFrame,
    start=None,
    end=None,
    weight: str = "events",
    cache_dir: Path | str | None = None,
    memory_limit: str | None = None,
    skip_malformed: bool = False,
) -> GdeltImport:
    """GDELT event files (a glob, a path or a list) as dyad-day rows of the events table.

    All files of one call must share one layout (GDELT 2.0 or 1.0). ``actors`` is the actors
    table (``tables.actors``); ``weight`` one of :data:`WEIGHTS`; ``cache_dir`` holds the gzip
    copies of zip archives (default: ``.gdelt-cache`` next to the first file). DuckDB spills to
    disk past ``memory_limit`` (e.g. ``"2GB"``), so the input may exceed memory.

    A malformed line (wrong number of columns, a date, Goldstein value or count that is not a
    number) raises :class:`GdeltFormatError` naming the file, line, column and value of each
    (the first ten); with ``skip_malformed`` those lines are left out and listed in
    ``GdeltImport.problems``.

    Parameters
    ----------
    paths : str, Path or list of them
        The files: GDELT zip archives, or their CSV as plain or gzip files; a string with ``*``,
        ``?`` or ``[`` is a glob.
    actors : DataFrame
        The actors table (``actor_id``, ``iso3``; :func:`actor_codes`).
    start, end : date-like, optional
        The window's first and last day, both included; None leaves that end open.
    weight : str, default "events"
        One of :data:`WEIGHTS` (:func:`aggregation_sql`).
    cache_dir : Path or str, optional
        Where zip archives are copied as gzip (:func:`prepare`); None means ``.gdelt-cache`` next to
        the first file.
    memory_limit : str, optional
        DuckDB's memory limit, e.g. ``"2GB"``; None keeps DuckDB's default.
    skip_malformed : bool, default False
        Leave malformed lines out instead of raising.

    Returns
    -------
    GdeltImport
        ``events`` (the columns of :data:`OUTPUT_COLUMNS`, collection ``gdelt``), ``files`` (the
        input files), ``dropped`` (events or lines left out, counted by reason) and ``problems``
        (the malformed lines skipped).

    Raises
    ------
    FileNotFoundError
        If a glob matches no file.
    GdeltFormatError
        If a file cannot be read as GDELT, the files mix layouts, DuckDB cannot read them, or a line
        is malformed and ``skip_malformed`` is False.
    ValueError
        If ``weight`` is not one of :data:`WEIGHTS`.
    """
    import duckdb

    check_weight(weight)  # before any file is read
    files = _inputs(paths)
    layouts = {len(layout(f)) for f in files}
    if len(layouts) > 1:
        raise GdeltFormatError(
            "the files mix GDELT layouts ("
            + ", ".join(f"{n} columns" for n in sorted(layouts))
            + "): import each layout in its own call (GDELT 2.0: 61 columns; GDELT 1.0: 57 "
            "before April 2013, 58 after)"
        )
    columns = LAYOUTS[layouts.pop()]
    readable = prepare(files, cache_dir or files[0].parent / ".gdelt-cache")
    names = {str(r): str(f) for r, f in zip(readable, files)}
    con = duckdb.connect()
    try:
        try:  # no progress bar: it would print into the caller's output
            con.execute("SET enable_progress_bar = false")
        except duckdb.Error:  # some DuckDB builds refuse the setting inside Jupyter; the bar is harmless there
            pass
        if memory_limit:
            con.execute(f"SET memory_limit = {_quote(memory_limit)}")
        extra = "" if "SOURCEURL" in columns else ", CAST(NULL AS VARCHAR) AS SOURCEURL"
        try:
            # the aggregation scans the files once; rejected lines are recorded as it goes
            sql = aggregation_sql(
                dialect="duckdb",
                source=f"(SELECT *{extra} FROM {csv_source(readable, columns, rejects=True)})",
                codes=actor_codes(actors),
                start=start,
                end=end,
                weight=weight,
                sqldate_is_date=True,
            )
            rows = con.execute(sql).df()
            problems = [
                GdeltProblem(names.get(p.file, p.file), p.line, p.column, p.value, p.reason)
                for p in _problems(con, columns)
            ]
        except duckdb.Error as exc:
            raise GdeltFormatError(
                f"{', '.join(str(f) for f in files[:3])}{' ...' if len(files) > 3 else ''}: "
                f"DuckDB could not read the files: {exc}"
            ) from None
    finally:
        con.close()
    if problems and not skip_malformed:
        listed = "\n".join(f"  {p}" for p in problems[:10])
        more = f"\n  ... and {len(problems) - 10} more" if len(problems) > 10 else ""
        raise GdeltFormatError(
            f"{len(problems)} malformed line(s) in the GDELT input (pass skip_malformed=True to "
            f"leave them out):\n{listed}{more}"
        )
    events, dropped = _to_events(rows, weight)
    dropped["malformed lines"] = len({(p.file, p.line) for p in problems})
    return GdeltImport(events, files, dropped, problems)


def read_bigquery_csv(path: Path | str, *, weight: str = "events") -> pd.DataFrame:
    """The CSV that BigQuery writes for :func:`aggregation_sql` (dialect ``bigquery``) as rows of
    the events table, exactly as :func:`import_gdelt` returns them. A malformed value raises
    :class:`GdeltFormatError` naming the file, line, column and value."""
    path = Path(path)
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    required = (
        "day",
        "source_actor",
        "target_actor",
        "cameo_code",
        "weight",
        "weighted_g10",
        "gdelt_events",
        "incomplete",
    )
    missing = [c for c in required if c not in frame.columns]
    if missing:
        raise GdeltFormatError(
            f"{path}, line 1: missing column(s) {', '.join(missing)}; export the result of "
            "aggregation_sql(dialect='bigquery') with its header"
        )
    checks = {"day": pd.to_datetime(frame["day"], format="%Y%m%d", errors="coerce").notna()}
    for col in ("weight", "weighted_g10", "gdelt_events", "incomplete"):
        value = pd.to_numeric(frame[col], errors="coerce")
        checks[col] = value.notna() | ((frame[col] == "") & (col in ("weight", "weighted_g10")))
    for col, ok in checks.items():
        if not ok.all():
            i = int((~ok).to_numpy().nonzero()[0][0])
            raise GdeltFormatError(
                f"{path}, line {i + 2}, column {col}, value {frame[col].iat[i]!r}: not "
                + ("a date written YYYYMMDD" if col == "day" else "a number")
            )
    typed = frame.assign(**{c: pd.to_numeric(frame[c], errors="coerce") for c in required[4:]})
    events, _ = _to_events(typed, weight)
    return events
