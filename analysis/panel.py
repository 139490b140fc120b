"""The leader-level contacts panel: one protocol for every dyad, two passes, measured completeness.

The panel records every publicly reported meeting, visit and call between 12 outside actors and
the 4 parties to the war, at two tiers, found by two independent search passes with one written
protocol (data/README.md, "Contacts panel: search protocol"). Its tables:

- ``contact_passes`` -- each pass's own list, as its curator recorded it;
- ``panel_searches`` -- which dyad, tier, window and pass has been searched (and how far);
- ``contacts`` -- the final list: the union of the two passes after matching (generated);
- ``panel_completeness`` -- per dyad and tier, the counts of each pass and Chapman's estimate of
  the list's completeness (generated; :mod:`analysis.coverage`).

    python -m analysis.panel            # check that the two generated tables are up to date
    python -m analysis.panel --write    # regenerate them from contact_passes and panel_searches
    python -m analysis.panel add A_QAT.csv --pass A   # merge a curator's pass file (docs/panel-brief.md)
    python -m analysis.panel export QAT --pass A --to staging/   # hand a pass back to continue it

Unlike the curated events (collection ``context``, gathered around the story and therefore
around Russia), panel contacts are comparable across actors: :func:`panel_events` turns them into
rows of the events table (collection ``panel``) and :func:`events_for` picks the collection a
notebook computes on.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import shutil
import sys
import tempfile
from collections import Counter
from pathlib import Path

import pandas as pd

from .coverage import DYAD_TIER, completeness_table, match_passes
from .files import atomic_write_text
from .paths import DATA_DIR
from .tables import EVENT_COLUMNS, read_events_file, split_ids
from .validation import DataValidationError

OUTSIDE = ("USA", "RUS", "CHN", "TUR", "EGY", "QAT", "SAU", "ARE", "JOR", "FRA", "GBR", "DEU")
PARTIES = ("ISR", "PSE", "HAMAS", "IRN")
WINDOWS = {"baseline": ("2023-01-01", "2023-10-06"), "war": ("2023-10-07", "2024-12-31")}
#: The event collections a notebook can compute on (the ``events`` parameter): ``context`` (the
#: curated rows, collected around the story), ``panel`` (the contacts panel) or ``all`` (both).
COLLECTIONS = ("context", "panel", "all")

CONTACT_COLUMNS = [
    "contact_id",
    "outside",
    "party",
    "date",
    "dates_differ",
    "tier",
    "kind",
    "host",
    "people",
    "found_by",
    "collection",
    "record_ids",
    "source_ids",
    "notes",
]
COMPLETENESS_COLUMNS = [
    "outside",
    "party",
    "tier",
    "passes",
    "found_a",
    "found_b",
    "found_both",
    "final_count",
    "estimate",
    "standard_error",
    "completeness",
    "below_target",
]
_KIND_LETTER = {"call": "c", "visit": "v", "meeting": "m"}


def window_of(date) -> str:
    """``baseline`` or ``war`` for a date of the panel's period (ValueError outside it)."""
    day = pd.Timestamp(date).strftime("%Y-%m-%d")
    for name, (start, end) in WINDOWS.items():
        if start <= day <= end:
            return name
    raise ValueError(f"{day} is outside the panel's windows ({WINDOWS['baseline'][0]} to {WINDOWS['war'][1]})")


def window_or_none(date) -> str | None:
    """:func:`window_of`, or None for a date outside the windows or not a date at all."""
    try:
        return window_of(date)
    except ValueError:
        return None


def contact_id(outside: str, party: str, date, tier: int, kind: str) -> str:
    """The contact's id, made from what identifies it (stable when rows are added):
    ``RUS-HAMAS-2023-10-26-2v`` is Russia and Hamas, 26 October 2023, tier 2, a visit.

    Parameters
    ----------
    outside : str
        The outside actor's code.
    party : str
        The party's code.
    date : date-like
        The contact's day.
    tier : int
        1 (both sides at level 1) or 2 (one side at level 2), as in data/README.md.
    kind : {"call", "visit", "meeting"}
        The kind of contact (its first letter ends the id); any other value raises ``KeyError``.

    Returns
    -------
    str
        ``<outside>-<party>-<YYYY-MM-DD>-<tier><c|v|m>``.
    """
    return f"{outside}-{party}-{pd.Timestamp(date):%Y-%m-%d}-{int(tier)}{_KIND_LETTER[str(kind)]}"


def _plain(frame: pd.DataFrame) -> pd.DataFrame:
    """Strings and integers, whatever the loader's dtypes (categoricals, nullable strings)."""
    out = frame.copy()
    for col in out.columns:
        if col == "tier":
            out[col] = out[col].astype(int)
        elif col == "date":
            out[col] = pd.to_datetime(out[col]).dt.strftime("%Y-%m-%d")
        else:
            out[col] = out[col].astype(object).where(out[col].notna(), "").astype(str)
    return out


def _union(*cells: str, sep: str = ";") -> str:
    seen: list[str] = []
    for cell in cells:
        for item in split_ids(cell, sep):
            item = item.strip()
            if item and item not in seen:
                seen.append(item)
    return sep.join(seen)


def _in_panel_order(frame: pd.DataFrame, then: list[str]) -> pd.DataFrame:
    """Rows in the panel's order: outside actor as in :data:`OUTSIDE`, party as in :data:`PARTIES`,
    then the columns ``then``."""
    keys = frame.assign(
        _o=frame["outside"].map({a: i for i, a in enumerate(OUTSIDE)}),
        _p=frame["party"].map({a: i for i, a in enumerate(PARTIES)}),
    )
    return keys.sort_values(["_o", "_p", *then], kind="stable").drop(columns=["_o", "_p"]).reset_index(drop=True)


def merge_passes(passes: pd.DataFrame) -> pd.DataFrame:
    """The final list: the union of passes A and B after matching (:func:`analysis.coverage.match_passes`).

    A matched pair becomes one contact dated on the earlier of its dates (``dates_differ`` yes when
    the passes' dates differ), with both passes' sources; the people and host come from pass A,
    or from pass B where A left them empty; the notes keep both passes' notes. Rows are ordered by
    outside actor, party, date, tier and kind. Raises ValueError when two contacts would share an id,
    or when matched rows disagree on the host of a visit.
    """
    rows = _plain(passes)
    one, two = rows[rows["pass"] == "A"], rows[rows["pass"] == "B"]
    pairs = match_passes(one, two)
    by_id = rows.set_index("record_id")
    partner = dict(zip(pairs["record_id_1"], pairs["record_id_2"]))
    matched_b = set(pairs["record_id_2"])
    out = []
    for rid in list(one["record_id"]) + [r for r in two["record_id"] if r not in matched_b]:
        a = by_id.loc[rid]
        b = by_id.loc[partner[rid]] if rid in partner else None
        record = {
            col: a[col]
            for col in (
                "outside",
                "party",
                "date",
                "dates_differ",
                "tier",
                "kind",
                "host",
                "people",
                "source_ids",
                "notes",
            )
        }
        record["found_by"] = a["pass"] if b is None else "AB"
        record["record_ids"] = rid if b is None else f"{rid};{partner[rid]}"
        if b is not None:
            if a["host"] and b["host"] and a["host"] != b["host"]:
                raise ValueError(
                    f"contact_passes rows {rid} and {partner[rid]} are matched but record different "
                    f"hosts ({a['host']} and {b['host']}): correct one of them"
                )
            record["date"] = min(a["date"], b["date"])
            differ = a["date"] != b["date"] or "yes" in (a["dates_differ"], b["dates_differ"])
            record["dates_differ"] = "yes" if differ else "no"
            record["host"] = a["host"] or b["host"]
            record["people"] = a["people"] or b["people"]
            record["source_ids"] = _union(a["source_ids"], b["source_ids"])
            record["notes"] = " | ".join(f"{p}: {n}" for p, n in (("A", a["notes"]), ("B", b["notes"])) if n)
        record["contact_id"] = contact_id(
            record["outside"], record["party"], record["date"], record["tier"], record["kind"]
        )
        record["collection"] = "panel"
        out.append(record)
    merged = pd.DataFrame(out, columns=CONTACT_COLUMNS)
    twice = merged["contact_id"][merged["contact_id"].duplicated()]
    if len(twice):
        raise ValueError(
            f"two contacts share the id {twice.iloc[0]}: the same dyad, tier and kind on one day is one "
            "contact (data/README.md, 'Unit'); merge the rows of contact_passes"
        )
    return _in_panel_order(merged, ["date", "tier", "kind"])


def completeness(passes: pd.DataFrame, contacts: pd.DataFrame, searches: pd.DataFrame) -> pd.DataFrame:
    """The published completeness table: one row per dyad and tier that a pass has searched
    (``panel_searches``) or that has a contact in a pass or the final list, with ``passes`` =
    complete when both passes are done in both windows.

    Parameters
    ----------
    passes : DataFrame
        The ``contact_passes`` table (both passes, told apart by its ``pass`` column, A or B).
    contacts : DataFrame
        The final list (:func:`merge_passes`).
    searches : DataFrame
        The ``panel_searches`` log (``status`` done or partial per dyad, tier, window and pass).

    Returns
    -------
    DataFrame
        The columns of :data:`COMPLETENESS_COLUMNS`: :func:`analysis.coverage.completeness_table`
        with ``passes`` ("complete" or "partial"), in the panel's order (outside actor as in
        :data:`OUTSIDE`, party as in :data:`PARTIES`, then tier).
    """
    rows, final, searched = _plain(passes), _plain(contacts), _plain(searches)
    table = completeness_table(rows[rows["pass"] == "A"], rows[rows["pass"] == "B"], final, searched)
    done = (
        searched[searched["status"] == "done"]
        .groupby(DYAD_TIER)[["window", "pass"]]
        .apply(lambda g: set(zip(g["window"], g["pass"])))
    )
    needed = {(w, p) for w in WINDOWS for p in ("A", "B")}
    table["passes"] = [
        "complete" if needed <= done.get((o, p, t), set()) else "partial"
        for o, p, t in zip(table["outside"], table["party"], table["tier"])
    ]
    return _in_panel_order(table[COMPLETENESS_COLUMNS], ["tier"])


def panel_events(contacts: pd.DataFrame) -> pd.DataFrame:
    """The contacts as rows of the events table (collection ``panel``), coded as the codebook
    codes consultations: a visit is two rows, host -> visitor *host a visit* (CAMEO 043, +2.8) and
    visitor -> host *make a visit* (042, +1.9); a call (041, +1.0) and a meeting in a third place
    (044, +2.5) are one row each way, because the panel does not record who called or invited.
    Event ids are the contact id with the row's direction."""
    rows = _plain(contacts) if len(contacts) else pd.DataFrame(columns=CONTACT_COLUMNS)
    out = []
    for r in rows.itertuples():
        what = f"tier-{r.tier} {r.kind} ({r.people})"
        if r.kind == "visit":
            if r.host not in (r.outside, r.party):
                raise ValueError(
                    f"contact {r.contact_id}: a visit's host must be {r.outside} or {r.party}, not {r.host!r}"
                )
            guest = r.party if r.host == r.outside else r.outside
            legs = [(r.host, guest, "043", "host", 2.8), (guest, r.host, "042", "visit", 1.9)]
        elif r.kind == "call":
            legs = [(r.outside, r.party, "041", "phone", 1.0), (r.party, r.outside, "041", "phone", 1.0)]
        else:
            legs = [(r.outside, r.party, "044", "third-party", 2.5), (r.party, r.outside, "044", "third-party", 2.5)]
        for source, target, cameo, mode, goldstein in legs:
            out.append(
                {
                    "event_id": f"{r.contact_id}-{source}",
                    "date": r.date,
                    "date_precision": "day",
                    "source_actor": source,
                    "target_actor": target,
                    "plover_type": "CONSULT",
                    "plover_mode": mode,
                    "cameo_code": cameo,
                    "goldstein": goldstein,
                    "description": f"Panel contact {r.contact_id}: {what}"[:300],
                    "location": "",
                    "collection": "panel",
                    "source_ids": r.source_ids,
                    "notes": r.notes,
                }
            )
    frame = pd.DataFrame(out, columns=EVENT_COLUMNS)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["goldstein"] = frame["goldstein"].astype(float)
    return frame


def covered_actors(tables) -> list[str]:
    """The outside actors whose every dyad, tier and window both passes have searched (done or
    partial, per ``panel_searches``): the actors a comparison on the panel may include."""
    searches = _plain(tables.panel_searches) if len(tables.panel_searches) else pd.DataFrame(columns=["outside"])
    cells = {(p, t, w, s) for p in PARTIES for t in (1, 2) for w in WINDOWS for s in ("A", "B")}
    out = []
    for actor in OUTSIDE:
        mine = searches[searches["outside"] == actor]
        logged = set(zip(mine.get("party", []), mine.get("tier", []), mine.get("window", []), mine.get("pass", [])))
        if cells <= logged:
            out.append(actor)
    return out


def describe(tables, collection: str, events: pd.DataFrame) -> str:
    """One sentence naming the event collection a result comes from, for the notebooks to print.

    Parameters
    ----------
    tables : Tables
        The project's tables (their ``panel_searches`` say which actors the panel covers).
    collection : str
        One of :data:`COLLECTIONS`, or the path of an events file of one's own.
    events : DataFrame
        The events the result was computed on (only their number of rows is used).

    Returns
    -------
    str
        The sentence (two for ``panel`` and ``all``, the second naming the outside actors the panel
        covers so far, :func:`covered_actors`).
    """
    if collection not in COLLECTIONS:
        return f"Events: the file {collection}, {len(events)} rows (not the project's data: its coverage is its own)."
    what = {
        "context": "the curated events, collected around the story and so around Russia",
        "panel": "the contacts panel, searched with one protocol for every dyad",
        "all": "the curated events and the panel contacts they do not hold",
    }[collection]
    text = f"Events: {collection} ({what}), {len(events)} rows."
    if collection != "context":
        covered = covered_actors(tables)
        if len(covered) == len(OUTSIDE):
            text += (
                f" The panel covers its {len(OUTSIDE)} outside actors ({', '.join(OUTSIDE)}) with ISR, PSE, HAMAS "
                "and IRN (data/panel_completeness.csv gives each dyad's estimated completeness); other actors "
                "are in it only as the parties, so they are not comparable on it."
            )
        else:
            text += (
                f" Panel searched so far for {', '.join(covered) or 'no outside actor'} with ISR, PSE, HAMAS "
                f"and IRN; other actors have no panel contacts yet, so they are not comparable on it."
            )
    return text


#: The CAMEO codes a curated event may carry for each kind of contact it records.
KIND_CODES = {"call": {"040", "041"}, "visit": {"042", "043"}, "meeting": {"040", "044"}}


def held_contacts(contacts: pd.DataFrame, events: pd.DataFrame) -> set[str]:
    """The contact ids the curated ``events`` already hold: an event of the same dyad (either
    direction) with a code of the contact's kind (:data:`KIND_CODES`) on its date, or one day away
    when the contact says its sources' dates differ. Such a contact is counted once, as the curated
    event, however many rows either side has."""
    if not len(contacts) or not len(events):
        return set()
    ev = _plain(events[["date", "source_actor", "target_actor", "cameo_code"]])
    by_pair: dict[tuple, set] = {}
    for r in ev.itertuples():
        pair = tuple(sorted((r.source_actor, r.target_actor)))
        by_pair.setdefault(pair, set()).add((r.date, r.cameo_code))
    held = set()
    for c in _plain(contacts[["contact_id", "outside", "party", "date", "dates_differ", "kind"]]).itertuples():
        seen = by_pair.get(tuple(sorted((c.outside, c.party))), set())
        day = pd.Timestamp(c.date)
        days = {day} | ({day - pd.Timedelta(days=1), day + pd.Timedelta(days=1)} if c.dates_differ == "yes" else set())
        if any((d.strftime("%Y-%m-%d"), code) in seen for d in days for code in KIND_CODES[c.kind]):
            held.add(c.contact_id)
    return held


def events_for(tables, collection: str = "panel") -> pd.DataFrame:
    """The events a notebook computes on. A path ending in ``.csv`` reads an events file of one's
    own (:func:`analysis.tables.read_events_file`, e.g. a GDELT import). ``context``: the curated
    events as they are; ``panel``:
    the contacts panel only (comparable across the actors it covers, :func:`covered_actors`);
    ``all``: the curated events plus the panel contacts they do not already hold
    (:func:`held_contacts`)."""
    if collection not in COLLECTIONS:
        if str(collection).lower().endswith(".csv"):
            return read_events_file(collection, tables.actors)
        raise ValueError(
            f"events must be one of {', '.join(COLLECTIONS)} or the path of an events file (.csv), not {collection!r}"
        )
    if collection == "context":
        return tables.events
    panel = panel_events(tables.contacts)
    actor_ids = (
        list(tables.events["source_actor"].cat.categories) if hasattr(tables.events["source_actor"], "cat") else None
    )
    if collection == "panel":
        frame = panel
    else:
        context = tables.events
        held = held_contacts(tables.contacts, context)
        fresh = panel[~panel["event_id"].str.rsplit("-", n=1).str[0].isin(held)]
        frame = pd.concat(
            [
                context.astype({c: object for c in context.columns if c not in ("date", "goldstein")}),
                fresh.astype({c: object for c in fresh.columns if c not in ("date", "goldstein")}),
            ],
            ignore_index=True,
        )
    if actor_ids is not None:
        for col in ("source_actor", "target_actor"):
            frame[col] = pd.Categorical(frame[col].astype(str), categories=actor_ids)
    return frame.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


def timeline_events(tables, collection: str = "panel") -> pd.DataFrame:
    """The events a timeline shows for a notebook run on ``collection``: the panel holds contacts
    only, so a run on it shows the curated events with the panel's contacts (``all``), the context
    rows staying in the timeline; any other choice shows its own rows (:func:`events_for`)."""
    return events_for(tables, "all" if collection == "panel" else collection)


# --------------------------------------------------------------------------- adding a pass's file

#: Columns of a curator's contacts file (docs/panel-brief.md) and of its search log.
PASS_FILE_COLUMNS = [
    "outside",
    "party",
    "date",
    "dates_differ",
    "tier",
    "kind",
    "host",
    "people",
    "url",
    "publisher",
    "title",
    "published",
    "more_urls",
    "note",
]
LOG_FILE_COLUMNS = ["outside", "party", "tier", "window", "status", "lookups", "found", "notes"]


def _slug(text: str, n: int = 4) -> str:
    import unicodedata

    ascii_text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode().lower()
    stop = {
        "the",
        "a",
        "an",
        "of",
        "and",
        "to",
        "in",
        "with",
        "on",
        "for",
        "s",
        "by",
        "at",
        "amp",
        "html",
        "htm",
        "php",
    }
    words = [w for w in re.findall(r"[a-z0-9]+", ascii_text) if w not in stop and not w.isdigit()]
    return "-".join(words[:n])


def add_pass(
    path: Path | str, pass_letter: str, *, data_dir: Path | str | None = None, searched_on: str | None = None
) -> dict[str, int]:
    """Merge a curator's pass file (``<PASS>_<ACTOR>.csv`` and its ``_log.csv``, docs/panel-brief.md)
    into the data folder's ``contact_passes``, ``panel_searches`` and ``sources``. The file is the
    pass's complete list for its outside actor: the actor's earlier rows of that pass are replaced,
    keeping their record ids where the same contact (party, tier, kind, date) is still there, so a
    continued pass can be added again. Every problem of the contacts file (file, line, column,
    value), any missing column of either file, and any problem the new tables would give the data
    folder, is reported before anything is written; the three tables are then written in place. Afterwards run
    ``python -m analysis.panel --write``. Returns counts of what was added.

    Parameters
    ----------
    path : Path or str
        The pass's contacts file, ``<PASS>_<ACTOR>.csv``; its search log ``<PASS>_<ACTOR>_log.csv``
        must sit next to it.
    pass_letter : {"A", "B"}
        The pass the file belongs to.
    data_dir : Path or str, optional
        The data folder; None means the project's ``data/``.
    searched_on : str, optional
        The date (YYYY-MM-DD) recorded for every search of the log. None: a search logged exactly
        as before keeps its earlier date, any other gets today's.

    Returns
    -------
    dict
        ``rows`` (the contacts in the file), ``new_sources`` (sources added to ``sources``) and
        ``log_rows`` (the searches in the log).

    Raises
    ------
    ValueError
        If ``pass_letter`` is not A or B.
    DataValidationError
        If a file is missing or lacks a column, the files name other than one outside actor of
        :data:`OUTSIDE`, a row of the contacts file is invalid, or the data folder with the three new
        tables fails :func:`analysis.validation.check` (``contacts`` and ``panel_completeness`` aside;
        the log's values are checked there). The folder is checked on a temporary copy, so nothing is
        written when any problem is found.
    """
    from urllib.parse import urlparse

    from .validation import Problem, check

    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    path = Path(path)
    log_path = path.with_name(path.stem + "_log.csv")
    if pass_letter not in ("A", "B"):
        raise ValueError(f"the pass is A or B, not {pass_letter!r}")

    def read(p: Path) -> tuple[list[str], list[dict]]:
        if not p.is_file():
            raise DataValidationError([Problem(str(p), None, None, None, "no such file")], p.parent)
        with p.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            return list(reader.fieldnames or []), list(reader)

    header, rows = read(path)
    log_header, log_rows = read(log_path)
    problems = [
        Problem(p.name, 1, col, None, "missing column (see docs/panel-brief.md)")
        for p, have, need in ((path, header, PASS_FILE_COLUMNS), (log_path, log_header, LOG_FILE_COLUMNS))
        for col in need
        if col not in have
    ]
    if problems:
        raise DataValidationError(problems, path.parent)
    outsides = {r["outside"].strip() for r in rows} | {r["outside"].strip() for r in log_rows}
    if len(outsides) != 1 or next(iter(outsides)) not in OUTSIDE:
        raise DataValidationError(
            [
                Problem(
                    path.name,
                    None,
                    "outside",
                    ", ".join(sorted(outsides)),
                    f"a pass file holds one outside actor of {', '.join(OUTSIDE)}",
                )
            ],
            path.parent,
        )
    actor = outsides.pop()
    seen: dict[tuple, int] = {}
    for line, r in enumerate(rows, start=2):
        r.update({k: (v or "").strip() for k, v in r.items() if k})
        checks = [
            ("party", r["party"] in PARTIES, f"one of {', '.join(PARTIES)}"),
            (
                "date",
                bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["date"])) and window_or_none(r["date"]) is not None,
                "a date YYYY-MM-DD in the panel's windows",
            ),
            ("dates_differ", r["dates_differ"] in ("yes", "no"), "yes or no"),
            ("tier", r["tier"] in ("1", "2"), "1 or 2"),
            ("kind", r["kind"] in _KIND_LETTER, "call, visit or meeting"),
            (
                "host",
                (r["host"] in (actor, r["party"])) if r["kind"] == "visit" else r["host"] == "",
                "for a visit the outside actor or the party; empty otherwise",
            ),
            ("people", bool(r["people"]), "the participants"),
            ("url", bool(urlparse(r["url"]).netloc), "a URL"),
        ]
        problems += [
            Problem(path.name, line, col, r.get(col, ""), f"should be {what}") for col, ok, what in checks if not ok
        ]
        key = (r["party"], r["tier"], r["kind"], r["date"])
        if key in seen:
            problems.append(
                Problem(
                    path.name,
                    line,
                    "date",
                    r["date"],
                    f"the same dyad, tier, kind and date as line {seen[key]}: one contact is one row",
                )
            )
        seen.setdefault(key, line)
    if problems:
        raise DataValidationError(problems, path.parent)

    def table(name: str) -> tuple[list[str], list[dict]]:
        return read(folder / f"{name}.csv")

    pass_header, passes = table("contact_passes")
    search_header, searches = table("panel_searches")
    source_header, sources = table("sources")
    old = {
        (p["party"], p["tier"], p["kind"], p["date"]): p["record_id"]
        for p in passes
        if p["pass"] == pass_letter and p["outside"] == actor
    }

    # the pass's rows go where its earlier rows were (at the end for a new pass), so that adding a file
    # again changes only what the file changed
    def mine(row: dict) -> bool:
        return row["pass"] == pass_letter and row["outside"] == actor

    at = next((i for i, p in enumerate(passes) if mine(p)), len(passes))
    before_rows, after_rows = [p for p in passes[:at] if not mine(p)], [p for p in passes[at:] if not mine(p)]
    passes = before_rows + after_rows
    taken = {p["record_id"] for p in passes} | set(old.values())
    number = max([int(i[1:]) for i in taken if i.startswith(pass_letter)] or [0])
    by_url = {s_["url"]: s_["source_id"] for s_ in sources if s_["url"]}
    ids = {s_["source_id"] for s_ in sources}
    added_sources = 0
    added: list[dict] = []
    for r in rows:
        key = (r["party"], r["tier"], r["kind"], r["date"])
        if key in old:
            record_id = old[key]
        else:
            number += 1
            record_id = f"{pass_letter}{number:04d}"
        if r["url"] not in by_url:
            published = r["published"] if re.fullmatch(r"\d{4}-\d{2}-\d{2}", r["published"]) else ""
            host_name = re.sub(r"^(www|m|amp)\.", "", urlparse(r["url"]).netloc.lower()).split(".")[0]
            base = re.sub(r"[^a-z0-9._-]", "", f"{host_name}-{published or r['date']}-{_slug(r['title']) or 'page'}")[
                :80
            ]
            sid, k = base.strip("-"), 2
            while sid in ids:
                sid, k = f"{base}-{k}", k + 1
            ids.add(sid)
            by_url[r["url"]] = sid
            sources.append(
                {
                    "source_id": sid,
                    "publisher": r["publisher"] or urlparse(r["url"]).netloc,
                    "title": r["title"] or "(untitled page)",
                    "date": published,
                    "url": r["url"],
                    "un_symbol": "",
                    "notes": f"Contacts panel, pass {pass_letter}",
                }
            )
            added_sources += 1
        note = r["note"] + (
            _ALSO + " ; ".join(u.strip() for u in r["more_urls"].split("|") if u.strip()) if r["more_urls"] else ""
        )
        added.append(
            {
                "record_id": record_id,
                "pass": pass_letter,
                "outside": actor,
                "party": r["party"],
                "date": r["date"],
                "dates_differ": r["dates_differ"],
                "tier": r["tier"],
                "kind": r["kind"],
                "host": r["host"],
                "people": r["people"],
                "source_ids": by_url[r["url"]],
                "notes": note.strip(),
            }
        )
    passes = before_rows + added + after_rows
    counts = Counter((r["party"], r["tier"], window_or_none(r["date"])) for r in rows)
    # a search the file logs exactly as before keeps the date it was done on
    before = {
        (x["party"], x["tier"], x["window"], x["status"], x["lookups"], x["found"], x["notes"]): x["searched_on"]
        for x in searches
        if x["pass"] == pass_letter and x["outside"] == actor
    }
    search_at = next((i for i, x in enumerate(searches) if mine(x)), len(searches))
    logged = []
    for r in log_rows:
        r = {k: (v or "").strip() for k, v in r.items() if k}
        entry = {
            "outside": actor,
            "party": r["party"],
            "tier": r["tier"],
            "window": r["window"],
            "pass": pass_letter,
            "status": r["status"],
            "lookups": re.sub(r"\D", "", r["lookups"]),
            "found": str(counts.get((r["party"], r["tier"], r["window"]), 0)),
            "notes": r["notes"],
        }
        same = before.get(tuple(entry[k] for k in ("party", "tier", "window", "status", "lookups", "found", "notes")))
        entry["searched_on"] = searched_on or same or pd.Timestamp.today().strftime("%Y-%m-%d")
        logged.append(entry)
    searches = (
        [x for x in searches[:search_at] if not mine(x)] + logged + [x for x in searches[search_at:] if not mine(x)]
    )
    sources.sort(key=lambda s_: s_["source_id"])
    texts = {
        name: _csv_text(pd.DataFrame(frame, columns=head).fillna(""))
        for name, head, frame in (
            ("contact_passes", pass_header, passes),
            ("panel_searches", search_header, searches),
            ("sources", source_header, sources),
        )
    }
    # the whole folder is checked on a copy first: a problem (a log value, say) leaves the data untouched
    with tempfile.TemporaryDirectory() as tmp:
        trial = Path(tmp) / folder.name
        shutil.copytree(folder, trial)
        for name, text in texts.items():
            (trial / f"{name}.csv").write_text(text, encoding="utf-8", newline="")
        remaining = [p for p in check(trial) if p.file not in ("contacts.csv", "panel_completeness.csv")]
    if remaining:
        raise DataValidationError(remaining, folder)
    for name, text in texts.items():
        atomic_write_text(folder / f"{name}.csv", text, newline="")
    return {"rows": len(rows), "new_sources": added_sources, "log_rows": len(log_rows)}


_ALSO = " Also reported at: "


def export_pass(actor: str, pass_letter: str, folder: Path | str, *, data_dir: Path | str | None = None) -> Path:
    """Write one pass's rows for one outside actor back out as a curator's pass file and search log
    (``<folder>/<PASS>_<ACTOR>.csv`` and ``..._log.csv``, the format of docs/panel-brief.md), so that
    a curator can continue the pass and :func:`add_pass` can merge it again. Exporting and adding
    back unchanged leaves the data tables as they were. Refuses to overwrite an existing file.

    Parameters
    ----------
    actor : str
        The outside actor, one of :data:`OUTSIDE`.
    pass_letter : {"A", "B"}
        The pass.
    folder : Path or str
        Where the two files are written (created if needed).
    data_dir : Path or str, optional
        The data folder read; None means the project's ``data/``.

    Returns
    -------
    Path
        The contacts file written (the log is next to it, ``..._log.csv``).

    Raises
    ------
    ValueError
        If the pass or the actor is not valid, one of the two files exists already, or a row cites
        several sources (a pass file carries one per row); nothing is written then.
    """
    if pass_letter not in ("A", "B"):
        raise ValueError(f"the pass is A or B, not {pass_letter!r}")
    if actor not in OUTSIDE:
        raise ValueError(f"the outside actor is one of {', '.join(OUTSIDE)}, not {actor!r}")
    source = Path(data_dir) if data_dir is not None else DATA_DIR
    folder = Path(folder)
    path, log_path = folder / f"{pass_letter}_{actor}.csv", folder / f"{pass_letter}_{actor}_log.csv"
    for target in (path, log_path):
        if target.exists():
            raise ValueError(f"{target} exists: export to another folder (nothing was written)")

    def read(name: str) -> pd.DataFrame:
        return pd.read_csv(source / f"{name}.csv", dtype=str, keep_default_na=False)

    passes, searches, sources = read("contact_passes"), read("panel_searches"), read("sources")
    by_id = sources.set_index("source_id")
    rows = []
    for r in passes[(passes["pass"] == pass_letter) & (passes["outside"] == actor)].itertuples(index=False):
        first, *others = split_ids(r.source_ids)
        if others:  # add_pass gives each row the one source of its url: the others would be lost
            raise ValueError(
                f"contact_passes.csv row {r.record_id} cites several sources ({r.source_ids}); "
                "a pass file carries one: edit it in the data instead (nothing was written)"
            )
        note, _, also = r.notes.partition(_ALSO)
        more = [u.strip() for u in also.split(" ; ") if u.strip()]
        page = by_id.loc[first]
        rows.append(
            {
                "outside": actor,
                "party": r.party,
                "date": r.date,
                "dates_differ": r.dates_differ,
                "tier": r.tier,
                "kind": r.kind,
                "host": r.host,
                "people": r.people,
                "url": page["url"],
                "publisher": page["publisher"],
                "title": page["title"],
                "published": page["date"],
                "more_urls": " | ".join(more),
                "note": note,
            }
        )
    log = searches[(searches["pass"] == pass_letter) & (searches["outside"] == actor)]
    folder.mkdir(parents=True, exist_ok=True)
    for target, frame in ((path, pd.DataFrame(rows, columns=PASS_FILE_COLUMNS)), (log_path, log[LOG_FILE_COLUMNS])):
        buffer = io.StringIO(newline="")
        frame.to_csv(buffer, index=False, quoting=csv.QUOTE_ALL, lineterminator="\n")
        atomic_write_text(target, buffer.getvalue(), newline="")
    return path


# --------------------------------------------------------------------------- command line


def _csv_text(frame: pd.DataFrame) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(frame.columns)
    for row in frame.itertuples(index=False):
        writer.writerow(
            [
                "" if (isinstance(v, float) and pd.isna(v)) else ("true" if v is True else "false" if v is False else v)
                for v in row
            ]
        )
    return buffer.getvalue()


def generated(data_dir: Path | str | None = None) -> dict[str, str]:
    """The text of the two generated tables, ``contacts.csv`` and ``panel_completeness.csv``,
    computed from the data folder's pass lists and search log (reads only)."""
    from .tables import load_tables
    from .validation import DataValidationError, check

    folder = Path(data_dir) if data_dir is not None else DATA_DIR
    # the pass lists and the search log must be valid before anything is merged (the generated tables
    # themselves may be stale: that is what this regenerates)
    problems = [p for p in check(folder) if p.file not in ("contacts.csv", "panel_completeness.csv")]
    if problems:
        raise DataValidationError(problems, folder)
    tables = load_tables(data_dir, check=False)
    contacts = merge_passes(tables.contact_passes)
    table = completeness(tables.contact_passes, contacts, tables.panel_searches)
    table["below_target"] = table["below_target"].astype(bool)
    return {"contacts.csv": _csv_text(contacts), "panel_completeness.csv": _csv_text(table)}


def main(argv: list[str] | None = None) -> int:
    """``python -m analysis.panel [--write] | add <file> --pass A|B | export <ACTOR> --pass A|B --to
    <folder>``: check the panel, regenerate its generated tables, add a curator's pass file, or
    write a pass back out; the exit status (2 with the problems printed when the data is wrong).
    """
    argv = list(sys.argv[1:] if argv is None else argv)
    if argv[:1] == ["add"]:
        add = argparse.ArgumentParser(
            prog="python -m analysis.panel add",
            description="merge a curator's pass file into the data (docs/panel-brief.md)",
        )
        add.add_argument("file", help="the pass's contacts file, e.g. A_QAT.csv (its A_QAT_log.csv next to it)")
        add.add_argument("--pass", dest="pass_letter", required=True, choices=["A", "B"])
        add.add_argument("--data", default=None, help="data folder (default: the project's data/)")
        a = add.parse_args(argv[1:])
        try:
            done = add_pass(a.file, a.pass_letter, data_dir=a.data)
        except (ValueError, DataValidationError) as exc:
            print(f"python -m analysis.panel add: {exc}", file=sys.stderr)
            return 2
        print(
            f"added {done['rows']} contacts, {done['new_sources']} new sources and {done['log_rows']} searches; "
            "now run python -m analysis.panel --write"
        )
        return 0
    if argv[:1] == ["export"]:
        export = argparse.ArgumentParser(
            prog="python -m analysis.panel export",
            description="write a pass back out as a curator's file, to continue it",
        )
        export.add_argument("actor", help="the outside actor, e.g. QAT")
        export.add_argument("--pass", dest="pass_letter", required=True, choices=["A", "B"])
        export.add_argument("--to", required=True, help="folder for <PASS>_<ACTOR>.csv and its _log.csv")
        export.add_argument("--data", default=None, help="data folder (default: the project's data/)")
        a = export.parse_args(argv[1:])
        try:
            path = export_pass(a.actor, a.pass_letter, a.to, data_dir=a.data)
        except ValueError as exc:
            print(f"python -m analysis.panel export: {exc}", file=sys.stderr)
            return 2
        print(f"wrote {path} and {path.with_name(path.stem + '_log.csv')}")
        return 0
    parser = argparse.ArgumentParser(prog="python -m analysis.panel", description=__doc__.split("\n")[0])
    parser.add_argument("--write", action="store_true", help="regenerate contacts.csv and panel_completeness.csv")
    parser.add_argument("--data", default=None, help="data folder (default: the project's data/)")
    args = parser.parse_args(argv)
    data_dir = Path(args.data) if args.data else DATA_DIR
    stale = []
    try:
        texts = generated(data_dir)
    except (ValueError, DataValidationError) as exc:
        print(f"python -m analysis.panel: {exc}", file=sys.stderr)
        return 2
    for name, text in texts.items():
        target = data_dir / name
        current = target.read_bytes().decode("utf-8") if target.exists() else None
        if current == text:
            continue
        stale.append(name)
        if args.write:
            atomic_write_text(target, text, newline="")
    if not stale:
        print("contacts.csv and panel_completeness.csv are up to date")
        return 0
    if args.write:
        print("regenerated " + " and ".join(stale))
        return 0
    print(f"{' and '.join(stale)} differ from the pass lists: run python -m analysis.panel --write", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
