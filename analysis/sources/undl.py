"""The UN Digital Library's voting data exports, read into the project's roll calls, votes and sources.

The Dag Hammarskjöld Library publishes the recorded votes of the General Assembly and of the
Security Council as CSV files with one row per member state per adopted resolution. Its data
dictionary: ``undl_id``, ``ms_code`` (three-letter code), ``ms_name``, ``ms_vote`` (Y yes, N no,
A abstention, X non-voting), ``date``, ``session``, ``resolution``, ``draft``,
``committee_report``, ``meeting``, ``title``, ``agenda_title``, ``subjects``, ``vote_note``,
``total_yes``, ``total_no``, ``total_abstentions``, ``total_non_voting``, ``total_ms``,
``undl_link``. Earlier versions name three columns in the plural (``ms_codes``, ``ms_votes``,
``resolutions``) and write NV for non-voting; both layouts are read.

Only adopted resolutions voted as a whole are in the exports (no paragraph votes, no failed
drafts), so every imported roll call is ``resolution_as_a_whole`` and ``adopted``. The roll call is
keyed as in the curated table: by its draft symbol where the export gives one, else by the
resolution's symbol. Member codes are mapped to the project's actors by ISO 3166-1 alpha-3 code;
codes with no actor (former states, for example) are reported, not guessed.

    >>> from analysis import load_tables
    >>> from analysis.sources import read_undl, compare_with_curated, with_curated
    >>> tables = load_tables()
    >>> imported = read_undl("2025_7_21_ga_voting.csv", "GA", start="2023-10-07", end="2024-12-31",
    ...                      subject="palestin|middle east", actors=tables.actors)
    >>> compare_with_curated(imported, tables)     # where the export and the curated rows differ
    >>> rollcalls, votes, sources = with_curated(imported, tables)   # the curated rows win
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

REQUIRED = (
    "undl_id",
    "ms_code",
    "ms_vote",
    "date",
    "resolution",
    "draft",
    "title",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
)
OPTIONAL = (
    "ms_name",
    "session",
    "committee_report",
    "meeting",
    "agenda_title",
    "subjects",
    "vote_note",
    "total_ms",
    "undl_link",
)
#: The earlier layout's plural column names.
PLURAL = {"ms_codes": "ms_code", "ms_names": "ms_name", "ms_votes": "ms_vote", "resolutions": "resolution"}
VOTE_CODES = {"Y": "yes", "N": "no", "A": "abstain", "X": "absent", "NV": "absent"}
ROLLCALL_COLUMNS = [
    "rollcall_id",
    "body",
    "symbol",
    "draft_symbol",
    "date",
    "title",
    "vote_subject",
    "sponsors",
    "outcome",
    "yes",
    "no",
    "abstain",
    "non_voting",
    "meeting_record",
    "source_ids",
    "notes",
]
VOTE_COLUMNS = ["rollcall_id", "actor_id", "vote", "source_ids", "notes"]
SOURCE_COLUMNS = ["source_id", "publisher", "title", "date", "url", "un_symbol", "notes"]


class UndlFormatError(ValueError):
    """A UN Digital Library file that cannot be read: the message names the file, line and column."""


@dataclass(frozen=True)
class UndlImport:
    """Roll calls, member votes and one source per voting record, in the project's columns; the
    member codes that match no actor; the files read."""

    rollcalls: pd.DataFrame
    votes: pd.DataFrame
    sources: pd.DataFrame
    unmapped: tuple[str, ...]
    files: tuple[str, ...]


#: The years a vote of the UN can have (the first sessions met in 1946; the upper bound only catches typos).
FIRST_YEAR, LAST_YEAR = 1945, 2100


def _symbol_key(symbol) -> str:
    """A symbol compared without spaces (the Council writes 'S/RES/2712 (2023)' and 'S/RES/2712(2023)')."""
    return "" if pd.isna(symbol) else re.sub(r"\s+", "", str(symbol))


def _read(path: Path, chunksize: int):
    """The file's rows, in chunks, with canonical column names and each row's file line."""
    try:
        # index_col=False: rows longer than the header must not turn their first fields into an index
        reader = iter(
            pd.read_csv(
                path, dtype=str, keep_default_na=False, encoding="utf-8-sig", chunksize=chunksize, index_col=False
            )
        )
        first = True
        offset = 2  # the header is line 1 (records with line breaks inside quotes would shift this)
        while True:
            with warnings.catch_warnings():
                # pandas only warns when every row of a chunk is longer than the header, and drops the extra fields
                warnings.simplefilter("error", pd.errors.ParserWarning)
                try:
                    chunk = next(reader)
                except StopIteration:
                    break
                except pd.errors.ParserWarning:
                    raise UndlFormatError(
                        f"{path}, lines {offset} on: rows have more fields than the header; "
                        "not a UN Digital Library voting export as written"
                    ) from None
            chunk = chunk.rename(columns={c: PLURAL.get(c.strip(), c.strip()) for c in chunk.columns})
            if first:
                missing = [c for c in REQUIRED if c not in chunk.columns]
                if missing:
                    raise UndlFormatError(
                        f"{path}, line 1: not a UN Digital Library voting export: no column "
                        f"{', '.join(missing)} (found: {', '.join(chunk.columns)})"
                    )
                first = False
            for c in OPTIONAL:
                if c not in chunk.columns:
                    chunk[c] = ""
            chunk["_line"] = range(offset, offset + len(chunk))
            offset += len(chunk)
            yield chunk
    except (pd.errors.ParserError, UnicodeDecodeError) as exc:
        raise UndlFormatError(f"{path}: cannot be read as CSV ({exc})") from None


def _problem(path: Path, row, column: str, reason: str) -> UndlFormatError:
    return UndlFormatError(f"{path}, line {row['_line']}, column {column!r}: {row[column]!r}: {reason}")


def read_undl(
    paths,
    body: str,
    *,
    start=None,
    end=None,
    subject: str | None = None,
    actors: pd.DataFrame,
    chunksize: int = 200_000,
) -> UndlImport:
    """Read one or more voting exports of ``body`` ('GA' or 'SC') into the project's tables.

    ``start``/``end`` keep the votes dated in the window; ``subject`` (a regular expression, case
    ignored) keeps the resolutions whose title, agenda item or subjects match it. ``actors`` is the
    actors table (``load_tables().actors``): member codes are matched to its ``iso3``. Files are
    read in chunks, so a whole export never has to fit in memory at once. A malformed row raises
    :class:`UndlFormatError` naming the file, line and column.

    Parameters
    ----------
    paths : str, Path or list of them
        The export file(s), in either layout (the module docstring).
    body : {"GA", "SC"}
        The General Assembly or the Security Council: the ``body`` of every imported roll call.
    start, end : date-like, optional
        The window's first and last day, both included; None leaves that end open.
    subject : str, optional
        A regular expression searched (case ignored) in each row's title, agenda title and
        subjects; None keeps every resolution.
    actors : DataFrame
        The actors table; member codes are matched to the ``iso3`` of its actors of kind ``state``.
    chunksize : int, default 200_000
        Rows read at a time.

    Returns
    -------
    UndlImport
        ``rollcalls`` (one per voting record, ordered by date and resolution symbol, keyed by the
        draft symbol or else the resolution's), ``votes`` (one per mapped member, sorted by roll call
        and actor; non-voting is ``absent``), ``sources`` (one per record), ``unmapped`` (the member
        codes matching no state, sorted) and ``files`` (the file names read).

    Raises
    ------
    ValueError
        If ``body`` is neither 'GA' nor 'SC'.
    UndlFormatError
        If a file is missing, is not CSV or lacks a required column, or a row has a date that is not
        a date from 1945 to 2100 (checked on every row, in the window or not), an unknown vote code,
        a total that is not a whole number, or a resolution symbol, date or total different from the
        earlier rows of its record.
    """
    if body not in ("GA", "SC"):
        raise ValueError(f"body must be 'GA' or 'SC', not {body!r}")
    paths = [Path(p) for p in ([paths] if isinstance(paths, (str, Path)) else paths)]
    lo = pd.Timestamp(start) if start is not None else None
    hi = pd.Timestamp(end) if end is not None else None
    pattern = re.compile(subject, re.IGNORECASE) if subject else None
    states = actors[actors["kind"].astype(str) == "state"]
    by_code = dict(zip(states["iso3"].astype(str), states["actor_id"].astype(str)))
    records: dict[str, dict] = {}
    votes, unmapped = [], set()
    for path in paths:
        if not path.exists():
            raise UndlFormatError(f"{path}: no such file")
        for chunk in _read(path, chunksize):
            dates = pd.to_datetime(chunk["date"], errors="coerce", format="mixed")
            bad = chunk[dates.isna() | (dates.dt.year < FIRST_YEAR) | (dates.dt.year > LAST_YEAR)]
            if len(bad):
                raise _problem(path, bad.iloc[0], "date", f"not a date from {FIRST_YEAR} to {LAST_YEAR}")
            keep = pd.Series(True, index=chunk.index)
            if lo is not None:
                keep &= dates >= lo
            if hi is not None:
                keep &= dates <= hi
            if pattern is not None:
                text = chunk["title"] + " " + chunk["agenda_title"] + " " + chunk["subjects"]
                keep &= text.str.contains(pattern)
            for i, row in chunk[keep].iterrows():
                vote = row["ms_vote"].strip().upper()
                if vote not in VOTE_CODES:
                    raise _problem(path, row, "ms_vote", f"not a vote code ({', '.join(VOTE_CODES)})")
                key = row["undl_id"].strip()
                record = {
                    "undl_id": key,
                    "date": dates.loc[i].strftime("%Y-%m-%d"),
                    **{c: row[c].strip() for c in ("resolution", "draft", "title", "meeting", "undl_link")},
                    **{c: row[c].strip() for c in ("total_yes", "total_no", "total_abstentions", "total_non_voting")},
                    "file": path.name,
                }
                for c in ("total_yes", "total_no", "total_abstentions", "total_non_voting"):
                    if not record[c].isdigit():
                        raise _problem(path, row, c, "not a whole number")
                seen = records.setdefault(key, record)
                for c in ("resolution", "date", "total_yes", "total_no", "total_abstentions", "total_non_voting"):
                    if seen[c] != record[c]:
                        raise _problem(path, row, c, f"differs from the record's earlier rows ({seen[c]!r})")
                code = row["ms_code"].strip().upper()
                if code not in by_code:
                    unmapped.add(code)
                    continue
                votes.append(
                    {
                        "undl_id": key,
                        "actor_id": by_code[code],
                        "vote": VOTE_CODES[vote],
                        "notes": "Did not vote (non-voting in the UNDL record)." if vote in ("X", "NV") else "",
                    }
                )
    rollcalls, sources, ids = [], [], {}
    for key, r in sorted(records.items(), key=lambda kv: (kv[1]["date"], kv[1]["resolution"])):
        rollcall_id = r["draft"] or r["resolution"]
        source_id = f"undl-record-{key}".lower()
        ids[key] = (rollcall_id, source_id)
        rollcalls.append(
            {
                "rollcall_id": rollcall_id,
                "body": body,
                "symbol": r["resolution"],
                "draft_symbol": r["draft"],
                "date": r["date"],
                "title": r["title"],
                "vote_subject": "resolution_as_a_whole",
                "sponsors": "",
                "outcome": "adopted",
                "yes": int(r["total_yes"]),
                "no": int(r["total_no"]),
                "abstain": int(r["total_abstentions"]),
                "non_voting": int(r["total_non_voting"]),
                "meeting_record": r["meeting"],
                "source_ids": source_id,
                "notes": f"Imported from the UN Digital Library voting export {r['file']} (record {key}).",
            }
        )
        sources.append(
            {
                "source_id": source_id,
                "publisher": "United Nations Digital Library",
                "title": f"{r['title']} (voting record, {r['resolution']})",
                "date": r["date"],
                "url": r["undl_link"],
                "un_symbol": r["resolution"],
                "notes": f"Voting data export {r['file']}, record {key}.",
            }
        )
    vote_rows = [
        {
            "rollcall_id": ids[v["undl_id"]][0],
            "actor_id": v["actor_id"],
            "vote": v["vote"],
            "source_ids": ids[v["undl_id"]][1],
            "notes": v["notes"],
        }
        for v in votes
    ]
    return UndlImport(
        pd.DataFrame(rollcalls, columns=ROLLCALL_COLUMNS),
        pd.DataFrame(vote_rows, columns=VOTE_COLUMNS).sort_values(["rollcall_id", "actor_id"], ignore_index=True),
        pd.DataFrame(sources, columns=SOURCE_COLUMNS),
        tuple(sorted(unmapped)),
        tuple(p.name for p in paths),
    )


def compare_with_curated(imported: UndlImport, tables) -> pd.DataFrame:
    """Where an imported roll call and a curated one with the same resolution symbol disagree: one row
    per difference (``symbol``, ``what``: a total or a member's vote, ``actor_id``, ``curated``,
    ``imported``). Empty when they agree."""
    curated = tables.rollcalls.assign(_key=tables.rollcalls["symbol"].map(_symbol_key))
    curated = curated[curated["_key"] != ""]
    rows = []
    for r in imported.rollcalls.itertuples():
        match = curated[curated["_key"] == _symbol_key(r.symbol)]
        if match.empty:
            continue
        c = match.iloc[0]
        for what in ("yes", "no", "abstain"):
            if int(c[what]) != int(getattr(r, what)):
                rows.append(
                    {
                        "symbol": r.symbol,
                        "what": what,
                        "actor_id": "",
                        "curated": int(c[what]),
                        "imported": int(getattr(r, what)),
                    }
                )
        mine = tables.votes[tables.votes["rollcall_id"].astype(str) == str(c["rollcall_id"])]
        mine = dict(zip(mine["actor_id"].astype(str), mine["vote"].astype(str)))
        theirs = imported.votes[imported.votes["rollcall_id"] == r.rollcall_id]
        theirs = dict(zip(theirs["actor_id"], theirs["vote"]))
        for actor in sorted(set(mine) | set(theirs)):
            if mine.get(actor) != theirs.get(actor):
                rows.append(
                    {
                        "symbol": r.symbol,
                        "what": "vote",
                        "actor_id": actor,
                        "curated": mine.get(actor, ""),
                        "imported": theirs.get(actor, ""),
                    }
                )
    return pd.DataFrame(rows, columns=["symbol", "what", "actor_id", "curated", "imported"])


def with_curated(imported: UndlImport, tables) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The curated rollcalls, votes and sources plus the imported roll calls the curated table does
    not have (matched on the resolution symbol): where both have a roll call, the curated one wins
    (see :func:`compare_with_curated` for what differs). Returns (rollcalls, votes, sources) as text
    columns, ready to be written next to the other tables and validated."""
    have = {_symbol_key(s) for s in tables.rollcalls["symbol"]} - {""}
    have_ids = set(tables.rollcalls["rollcall_id"].astype(str))
    new = imported.rollcalls[
        ~imported.rollcalls["symbol"].map(_symbol_key).isin(have) & ~imported.rollcalls["rollcall_id"].isin(have_ids)
    ]
    new_votes = imported.votes[imported.votes["rollcall_id"].isin(set(new["rollcall_id"]))]
    new_sources = imported.sources[imported.sources["source_id"].isin(set(new["source_ids"]))]
    new_sources = new_sources[~new_sources["source_id"].isin(set(tables.sources["source_id"].astype(str)))]

    def text(frame: pd.DataFrame) -> pd.DataFrame:
        out = frame.copy()
        for c in out.columns:
            if pd.api.types.is_datetime64_any_dtype(out[c]):
                out[c] = out[c].dt.strftime("%Y-%m-%d")
        return out.astype(object).where(out.notna(), "").astype(str)

    return (
        pd.concat([text(tables.rollcalls[ROLLCALL_COLUMNS]), text(new)], ignore_index=True),
        pd.concat([text(tables.votes[VOTE_COLUMNS]), text(new_votes)], ignore_index=True),
        pd.concat([text(tables.sources[SOURCE_COLUMNS]), text(new_sources)], ignore_index=True),
    )


def write_folder(imported: UndlImport, folder: Path | str, *, data_dir: Path | str | None = None) -> Path:
    """A new data folder for the notebooks' ``data_dir`` parameter: a copy of the project's data
    folder (or ``data_dir``) whose rollcalls, votes and sources are :func:`with_curated`'s, computed
    from that same folder. The folder must not exist yet (nothing of the user's is overwritten); it
    is checked with the project's validator before it is returned, and removed again if anything
    fails.

    Parameters
    ----------
    imported : UndlImport
        The import (:func:`read_undl`).
    folder : Path or str
        The new folder; must not exist.
    data_dir : Path or str, optional
        The data folder copied; None means the project's ``data/``.

    Returns
    -------
    Path
        The new folder.

    Raises
    ------
    FileExistsError
        If ``folder`` exists already.
    DataValidationError
        If the new folder does not pass :func:`analysis.validation.check` (the folder is removed).
    """
    import shutil

    from ..paths import DATA_DIR
    from ..tables import load_tables
    from ..validation import DataValidationError, check

    target = Path(folder)
    if target.exists():
        raise FileExistsError(f"{target} exists already: choose a new folder (nothing is overwritten)")
    source = Path(data_dir) if data_dir is not None else DATA_DIR
    tables = load_tables(source)
    shutil.copytree(source, target)
    try:
        for name, frame in zip(("rollcalls", "votes", "sources"), with_curated(imported, tables)):
            frame.to_csv(target / f"{name}.csv", index=False, lineterminator="\r\n")
        problems = check(target)
        if problems:
            raise DataValidationError(problems, target)
    except BaseException:
        shutil.rmtree(target, ignore_errors=True)
        raise
    return target
