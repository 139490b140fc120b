"""Validate the data tables against data/datapackage.json and the project's coding rules.

Two layers, one report:

1. Frictionless (the maintained implementation of the Data Package / Table Schema standard)
   checks what the schema declares: column names, types, dates, enums, ranges, required cells,
   primary keys and foreign keys.
2. Rules the standard cannot express, written here: references held in ';'-separated lists
   (declared in the descriptor under ``x-listForeignKeys``), CAMEO/PLOVER/Goldstein agreement,
   tie signs, roll-call totals against the vote rows, Security Council seats and outcomes.

Every problem names the file, the line, the column, the bad value and the reason, and all of
them are raised together as one :class:`DataValidationError`. Nothing is ever written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path

from . import coding
from .paths import DATA_DIR, DATAPACKAGE


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the data, located precisely enough for a person to fix it."""

    file: str
    line: int | None
    column: str | None
    value: str | None
    reason: str

    def __str__(self) -> str:
        where = self.file
        if self.line is not None:
            where += f", line {self.line}"
        if self.column:
            where += f", column '{self.column}'"
        value = "" if self.value is None else f" value {self.value!r}:"
        return f"{where}:{value} {self.reason}"


class DataValidationError(ValueError):
    """The data folder does not satisfy its schema; ``problems`` lists every problem found."""

    def __init__(self, problems: list[Problem], data_dir: Path):
        self.problems = list(problems)
        self.data_dir = Path(data_dir)
        shown = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(
            f"{len(self.problems)} problem(s) in the data in {self.data_dir}:\n{shown}\n"
            "Fix these rows (see data/README.md for the coding rules) and load again."
        )


# --------------------------------------------------------------------------- descriptor


def read_descriptor(data_dir: Path) -> tuple[dict, Path]:
    """The package descriptor used for ``data_dir``: its own datapackage.json if it has one,
    else the project's, applied to the CSV files in ``data_dir``."""
    own = data_dir / "datapackage.json"
    path = own if own.exists() else DATAPACKAGE
    return json.loads(path.read_text(encoding="utf-8")), path


def _fields(resource: dict) -> list[dict]:
    return resource["schema"]["fields"]


def as_list(x) -> list[str]:
    """A schema field that may be one name or a list of names (a primary key, say), as a list."""
    return [x] if isinstance(x, str) else list(x)


# --------------------------------------------------------------------------- reading rows


@dataclass
class _Table:
    """A CSV file read as text: header, rows as dicts, and the file line each row starts on."""

    file: str
    header: list[str]
    rows: list[dict[str, str]]
    lines: list[int]  # lines[i] = first file line of rows[i]


def _decode(path: Path) -> tuple[str | None, Problem | None]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = raw[: exc.start]
        line = before.count(b"\n") + 1
        column = exc.start - (before.rfind(b"\n") + 1) + 1
        return None, Problem(
            path.name,
            line,
            None,
            repr(raw[exc.start : exc.start + 1])[2:-1],
            f"the file is not UTF-8: undecodable byte at character {column} of the line (save the file as UTF-8)",
        )
    if text.startswith("\ufeff"):
        text = text[1:]
    return text, None


def _read_table(path: Path, text: str) -> _Table:
    reader = csv.reader(io.StringIO(text, newline=""))
    header: list[str] = []
    rows: list[dict[str, str]] = []
    lines: list[int] = []
    start = 1
    for i, cells in enumerate(reader):
        if i == 0:
            header = cells
        elif cells:
            rows.append(dict(zip(header, cells)))
            lines.append(start)
        start = reader.line_num + 1
    return _Table(path.name, header, rows, lines)


# --------------------------------------------------------------------------- frictionless


def _frictionless_problems(descriptor: dict, base: Path, tables: dict[str, _Table]) -> list[Problem]:
    from frictionless import Package

    package = Package(descriptor, basepath=str(base))
    report = package.validate()
    field_types = {r["name"]: {f["name"]: f for f in _fields(r)} for r in descriptor["resources"]}
    by_path = {r["name"]: r["path"] for r in descriptor["resources"]}
    problems: list[Problem] = []
    for task in report.tasks:
        name = task.name
        file = by_path.get(name, name)
        table = tables.get(name)
        errors = [e.to_descriptor() for e in task.errors]
        label_errors = [e for e in errors if e["type"].endswith("-label") or e["type"] == "header-error"]
        if label_errors:
            errors = label_errors  # rows cannot be read column by column until the header is right
        for e in errors:
            problems.append(_convert(e, file, table, field_types.get(name, {}), descriptor))
    return problems


def _row_line(table: _Table | None, row_number: int | None) -> int | None:
    """File line of frictionless's row number (1 = header), counting multi-line cells."""
    if row_number is None:
        return None
    if table is not None and 0 <= row_number - 2 < len(table.lines):
        return table.lines[row_number - 2]
    return row_number


def _convert(e: dict, file: str, table: _Table | None, fields: dict, descriptor: dict) -> Problem:
    kind = e["type"]
    note = e.get("note", "")
    line = _row_line(table, e.get("rowNumber"))
    column = e.get("fieldName")
    cell = e.get("cell")
    if kind == "incorrect-label":
        return Problem(
            file,
            1,
            e.get("fieldName"),
            e.get("label"),
            f"header column {e.get('fieldNumber')} is named {e.get('label')!r} but the schema "
            f"expects {e.get('fieldName')!r} there (renamed, missing or reordered column)",
        )
    if kind == "missing-label":
        return Problem(file, 1, e.get("fieldName"), None, f"column {e.get('fieldName')!r} is missing from the header")
    if kind == "extra-label":
        return Problem(
            file,
            1,
            None,
            e.get("label"),
            f"header column {e.get('fieldNumber')} ({e.get('label')!r}) is not in the schema",
        )
    if kind in ("duplicate-label", "blank-label"):
        return Problem(file, 1, None, e.get("label"), "duplicate or blank column name in the header")
    if kind == "type-error":
        ftype = fields.get(column, {}).get("type", "value")
        hint = {
            "date": "a valid date written YYYY-MM-DD",
            "integer": "a whole number",
            "number": "a number (no thousands separators)",
            "boolean": "true or false",
        }.get(ftype, ftype)
        return Problem(file, line, column, cell, f"is not {hint}")
    if kind == "constraint-error":
        field = fields.get(column, {})
        cons = field.get("constraints", {})
        m = re.match(r'constraint "(\w+)"', note)
        which = m.group(1) if m else ""
        reason = {
            "required": "a required cell is empty",
            "enum": "is not one of the allowed values: " + ", ".join(map(str, cons.get("enum", []))),
            "minimum": f"is below the minimum {cons.get('minimum')}",
            "maximum": f"is above the maximum {cons.get('maximum')}",
            "pattern": f"does not match the required form {cons.get('pattern')!r}",
            "maxLength": f"is longer than {cons.get('maxLength')} characters",
            "unique": "repeats a value that must be unique in this column",
        }.get(which, note)
        return Problem(file, line, column, cell, reason)
    if kind == "unique-error":
        return Problem(file, line, column, cell, "repeats a value that must be unique in this column")
    if kind == "primary-key":
        keys = _primary_key(descriptor, file)
        cells = e.get("cells", [])
        header = table.header if table else []
        value = ", ".join(cells[header.index(k)] for k in keys if k in header and header.index(k) < len(cells))
        m = re.search(r"position (\d+)", note)
        first = f" (first at line {_row_line(table, int(m.group(1)))})" if m else ""
        return Problem(
            file,
            line,
            "+".join(keys),
            value,
            f"duplicate key: this row repeats an earlier row's {'+'.join(keys)}{first}",
        )
    if kind == "foreign-key":
        names = e.get("fieldNames", [])
        cells = e.get("fieldCells", [])
        ref = e.get("referenceName", "")
        ref_file = next((r["path"] for r in descriptor["resources"] if r["name"] == ref), ref)
        ref_fields = ", ".join(e.get("referenceFieldNames", []))
        return Problem(
            file,
            line,
            ", ".join(names),
            ", ".join(map(str, cells)),
            f"unknown reference: no row of {ref_file} has this {ref_fields}",
        )
    if kind in ("missing-cell", "extra-cell"):
        return Problem(
            file,
            line,
            column,
            cell,
            "the row has fewer cells than the header"
            if kind == "missing-cell"
            else "the row has more cells than the header (an unquoted comma?)",
        )
    if kind == "blank-row":
        return Problem(file, line, None, None, "blank row")
    return Problem(file, line, column, cell, e.get("message", note) or kind)


def _primary_key(descriptor: dict, file: str) -> list[str]:
    for r in descriptor["resources"]:
        if r["path"] == file:
            return as_list(r["schema"].get("primaryKey", []))
    return []


# --------------------------------------------------------------------------- project rules


def _float(s: str) -> float | None:
    try:
        return float(s)
    except (TypeError, ValueError):
        return None


def _int(s: str) -> int | None:
    try:
        return int(s)
    except (TypeError, ValueError):
        return None


def _list_reference_problems(descriptor: dict, tables: dict[str, _Table]) -> list[Problem]:
    problems = []
    for r in descriptor["resources"]:
        table = tables.get(r["name"])
        for spec in r.get("x-listForeignKeys", []):
            target = tables.get(spec["reference"]["resource"])
            if table is None or target is None or spec["field"] not in table.header:
                continue
            known = {row.get(spec["reference"]["field"], "") for row in target.rows}
            for row, line in zip(table.rows, table.lines):
                cell = row.get(spec["field"], "")
                for item in filter(None, cell.split(spec["delimiter"])):
                    if item not in known:
                        problems.append(
                            Problem(
                                table.file,
                                line,
                                spec["field"],
                                item,
                                f"unknown reference: no row of {target.file} has {spec['reference']['field']} {item!r}",
                            )
                        )
    return problems


def _source_rules(t: _Table) -> list[Problem]:
    return [
        Problem(t.file, line, "url", "", "a source needs a url or a un_symbol")
        for row, line in zip(t.rows, t.lines)
        if not row.get("url", "").strip() and not row.get("un_symbol", "").strip()
    ]


def _event_rules(t: _Table) -> list[Problem]:
    problems = []
    for row, line in zip(t.rows, t.lines):
        if row.get("source_actor") and row.get("source_actor") == row.get("target_actor"):
            problems.append(
                Problem(
                    t.file, line, "target_actor", row["target_actor"], "an event's target must differ from its source"
                )
            )
        code, ptype = row.get("cameo_code", ""), row.get("plover_type", "")
        expected = coding.plover_for_cameo(code) if code else None
        if code and ptype in coding.PLOVER_SIGN:
            if expected is None:
                problems.append(
                    Problem(
                        t.file,
                        line,
                        "cameo_code",
                        code,
                        "CAMEO roots 01 and 02 have no PLOVER type; code calls on a party as REQUEST (10x)",
                    )
                )
            elif expected != ptype:
                problems.append(
                    Problem(t.file, line, "plover_type", ptype, f"CAMEO code {code} is PLOVER {expected}, not {ptype}")
                )
        g = _float(row.get("goldstein", ""))
        if g is not None and ptype in coding.PLOVER_SIGN:
            sign = coding.PLOVER_SIGN[ptype]
            if g * sign <= 0:
                problems.append(
                    Problem(
                        t.file,
                        line,
                        "goldstein",
                        row["goldstein"],
                        f"{ptype} is {coding.PLOVER_QUAD[ptype]}, so its intensity must be "
                        f"{'positive' if sign > 0 else 'negative'}",
                    )
                )
    return problems


def _tie_rules(t: _Table) -> list[Problem]:
    problems = []
    for row, line in zip(t.rows, t.lines):
        ttype = row.get("tie_type", "")
        if ttype in coding.TIE_SIGN:
            if _int(row.get("sign", "")) not in (None, coding.TIE_SIGN[ttype]):
                problems.append(
                    Problem(t.file, line, "sign", row["sign"], f"a {ttype} tie has sign {coding.TIE_SIGN[ttype]:+d}")
                )
            directed = ttype in coding.DIRECTED_TIE_TYPES
            if row.get("directed") in ("true", "false") and (row["directed"] == "true") != directed:
                problems.append(
                    Problem(
                        t.file,
                        line,
                        "directed",
                        row["directed"],
                        f"a {ttype} tie is {'directed' if directed else 'undirected'}",
                    )
                )
        if row.get("actor_a") and row.get("actor_a") == row.get("actor_b"):
            problems.append(Problem(t.file, line, "actor_b", row["actor_b"], "a tie needs two different actors"))
        start, end = row.get("valid_from", ""), row.get("valid_to", "")
        if start and end and end < start:
            problems.append(Problem(t.file, line, "valid_to", end, f"ends before it begins ({start})"))
    # normal relations and a rupture between the same two actors cannot hold on the same day
    spans: dict[tuple, list] = defaultdict(list)
    for row, line in zip(t.rows, t.lines):
        if row.get("tie_type") in ("diplomatic_relations", "diplomatic_rupture"):
            pair = tuple(sorted((row.get("actor_a", ""), row.get("actor_b", ""))))
            spans[pair].append(
                (
                    row["tie_type"],
                    row.get("valid_from") or "0000-00-00",
                    row.get("valid_to") or "9999-99-99",
                    line,
                    row.get("tie_id", ""),
                )
            )
    for pair, items in spans.items():
        for kind, start, end, line, _tid in items:
            if kind != "diplomatic_rupture":
                continue
            for other, o_start, o_end, o_line, o_id in items:
                if other == "diplomatic_relations" and start <= o_end and o_start <= end:
                    problems.append(
                        Problem(
                            t.file,
                            line,
                            "valid_from",
                            start if start[0] != "0" else "",
                            f"this rupture between {pair[0]} and {pair[1]} overlaps their diplomatic_relations tie "
                            f"{o_id} (line {o_line}): end the relations the day before the rupture begins",
                        )
                    )
    return problems


def _capability_rules(t: _Table) -> list[Problem]:
    problems = []
    for row, line in zip(t.rows, t.lines):
        ind, unit = row.get("indicator", ""), row.get("unit", "")
        if ind in coding.INDICATOR_UNIT and unit and unit != coding.INDICATOR_UNIT[ind]:
            problems.append(Problem(t.file, line, "unit", unit, f"{ind} is recorded in {coding.INDICATOR_UNIT[ind]}"))
        if not row.get("value", "").strip() and not row.get("notes", "").strip():
            problems.append(
                Problem(
                    t.file,
                    line,
                    "value",
                    "",
                    "a missing value needs a note saying why it is missing (never write 0 for missing)",
                )
            )
    return problems


def _rollcall_rules(
    rollcalls: _Table, votes: _Table | None, seats: _Table | None, actors: _Table | None = None
) -> list[Problem]:
    problems = []
    un_members = {row.get("actor_id", "") for row in actors.rows if row.get("kind") == "state"} if actors else set()
    counts: dict[str, Counter] = defaultdict(Counter)
    voters: dict[str, dict[str, tuple[str, int]]] = defaultdict(dict)
    if votes is not None:
        for row, line in zip(votes.rows, votes.lines):
            counts[row.get("rollcall_id", "")][row.get("vote", "")] += 1
            voters[row.get("rollcall_id", "")][row.get("actor_id", "")] = (row.get("vote", ""), line)
    seat_by_year: dict[int, dict[str, str]] = defaultdict(dict)
    if seats is not None:
        for row in seats.rows:
            year = _int(row.get("year", ""))
            if year is not None:
                seat_by_year[year][row.get("actor_id", "")] = row.get("seat", "")
    for row, line in zip(rollcalls.rows, rollcalls.lines):
        rid = row.get("rollcall_id", "")
        for col in ("yes", "no", "abstain"):
            official = _int(row.get(col, ""))
            if official is not None and votes is not None and counts[rid][col] != official:
                problems.append(
                    Problem(
                        rollcalls.file,
                        line,
                        col,
                        row[col],
                        f"official {col} total is {official} but votes.csv has {counts[rid][col]} "
                        f"'{col}' rows for roll call {rid}",
                    )
                )
        if row.get("outcome") == "adopted" and not row.get("symbol", "").strip():
            problems.append(Problem(rollcalls.file, line, "symbol", "", "an adopted draft needs its resolution symbol"))
        if row.get("body") == "GA" and votes is not None and un_members:
            for actor, (_vote, vline) in sorted(voters[rid].items()):
                if actor not in un_members:
                    problems.append(
                        Problem(
                            votes.file,
                            vline,
                            "actor_id",
                            actor,
                            "not a UN member state (kind 'state' in actors.csv): General Assembly "
                            "roll calls have a row for each member state and no one else",
                        )
                    )
            missing = sorted(un_members - set(voters[rid]))
            if missing:
                problems.append(
                    Problem(
                        rollcalls.file,
                        line,
                        "rollcall_id",
                        rid,
                        f"{len(missing)} UN member state(s) without a vote row (use 'absent' for "
                        "members that did not vote): " + ", ".join(missing),
                    )
                )
        if row.get("body") != "SC":
            continue
        year = _int(row.get("date", "")[:4])
        members = seat_by_year.get(year, {}) if year else {}
        if not members:
            continue
        for actor, (_vote, vline) in sorted(voters[rid].items()):
            if actor not in members:
                problems.append(
                    Problem(
                        votes.file,
                        vline,
                        "actor_id",
                        actor,
                        f"not a Security Council member in {year} (see unsc_seats.csv)",
                    )
                )
        missing = sorted(set(members) - set(voters[rid]))
        if votes is not None and missing:
            problems.append(
                Problem(
                    rollcalls.file,
                    line,
                    "rollcall_id",
                    rid,
                    "Security Council members without a vote row: " + ", ".join(missing),
                )
            )
        yes = _int(row.get("yes", ""))
        p5_no = [a for a, (v, _) in voters[rid].items() if v == "no" and members.get(a) == "permanent"]
        if yes is not None and row.get("outcome") in ("adopted", "failed", "vetoed"):
            expected = "adopted" if yes >= 9 and not p5_no else "vetoed" if yes >= 9 else "failed"
            if row["outcome"] != expected:
                problems.append(
                    Problem(
                        rollcalls.file,
                        line,
                        "outcome",
                        row["outcome"],
                        f"with {yes} votes in favour and permanent members against "
                        f"{p5_no or 'none'}, the outcome is {expected}",
                    )
                )
    return problems


def _status_rules(status: _Table, actors: _Table | None, indicators: list[str]) -> list[Problem]:
    """Complete by construction: one row for every UN member state and every indicator, an
    unknown or not-applicable value explained, a scope only for designations."""
    problems = []
    states = {row.get("actor_id", "") for row in actors.rows if row.get("kind") == "state"} if actors else set()
    seen: dict[str, set[str]] = defaultdict(set)
    for row, line in zip(status.rows, status.lines):
        actor, indicator, value = row.get("actor_id", ""), row.get("indicator", ""), row.get("value", "")
        seen[actor].add(indicator)
        if states and actor not in states:
            problems.append(
                Problem(
                    status.file,
                    line,
                    "actor_id",
                    actor,
                    "not a UN member state (kind 'state' in actors.csv): the status table covers "
                    "the 193 member states and no one else",
                )
            )
        if value in ("unknown", "not_applicable") and not row.get("notes", "").strip():
            problems.append(
                Problem(
                    status.file, line, "notes", "", f"a value '{value}' needs a note (for 'unknown': what was searched)"
                )
            )
        if row.get("scope", "").strip() and not indicator.startswith("designates_"):
            problems.append(
                Problem(status.file, line, "scope", row["scope"], "a scope is recorded for designations only")
            )
    for actor in sorted(states):
        missing = [i for i in indicators if i not in seen[actor]]
        if missing:
            problems.append(
                Problem(
                    status.file,
                    None,
                    "actor_id",
                    actor,
                    f"no row for {', '.join(missing)}: every member state has a row for every "
                    "indicator (write 'unknown' with a note when a fact is not confirmed)",
                )
            )
    return problems


def _relation_change_rules(t: _Table) -> list[Problem]:
    """Changes in relations with Israel: Israel on exactly one side, dated within the war window."""
    problems = []
    for row, line in zip(t.rows, t.lines):
        sides = (row.get("actor_id", ""), row.get("counterpart", ""))
        if sides.count("ISR") != 1:
            problems.append(
                Problem(
                    t.file,
                    line,
                    "counterpart",
                    sides[1],
                    "a change in relations with Israel has Israel on exactly one side",
                )
            )
        if not "2023-10-07" <= row.get("date", "") <= "2024-12-31":
            problems.append(
                Problem(
                    t.file, line, "date", row.get("date", ""), "outside the period covered, 2023-10-07 to 2024-12-31"
                )
            )
    return problems


def _contact_rules(t: _Table) -> list[Problem]:
    """Panel contacts (a pass's list or the final one): a visit names its host, one of the two
    sides; a call or a meeting has none."""
    problems = []
    for row, line in zip(t.rows, t.lines):
        kind, host = row.get("kind", ""), row.get("host", "").strip()
        sides = (row.get("outside", ""), row.get("party", ""))
        if kind == "visit" and host not in sides:
            problems.append(
                Problem(
                    t.file,
                    line,
                    "host",
                    host,
                    f"a visit names its host, the side in whose country it took place: {sides[0]} or {sides[1]}",
                )
            )
        elif kind in ("call", "meeting") and host:
            problems.append(Problem(t.file, line, "host", host, f"a {kind} has no host (only visits do)"))
    return problems


def _panel_search_rules(searches: _Table, passes: _Table | None) -> list[Problem]:
    """The search log agrees with the pass lists: every row of a pass belongs to a logged search,
    and each logged search's ``found`` is the number of rows the pass recorded for it."""
    from .panel import window_or_none  # here, not at the top: the panel module imports this one

    problems = []
    counts: dict[tuple, int] = defaultdict(int)
    first_line: dict[tuple, int] = {}
    for row, line in zip(passes.rows if passes else [], passes.lines if passes else []):
        key = (
            row.get("outside", ""),
            row.get("party", ""),
            row.get("tier", ""),
            window_or_none(row.get("date", "")),
            row.get("pass", ""),
        )
        counts[key] += 1
        first_line.setdefault(key, line)
    logged = set()
    for row, line in zip(searches.rows, searches.lines):
        key = (
            row.get("outside", ""),
            row.get("party", ""),
            row.get("tier", ""),
            row.get("window", ""),
            row.get("pass", ""),
        )
        logged.add(key)
        found = _int(row.get("found", ""))
        if found is not None and found != counts.get(key, 0):
            problems.append(
                Problem(
                    searches.file,
                    line,
                    "found",
                    row.get("found", ""),
                    f"contact_passes.csv has {counts.get(key, 0)} row(s) of pass {key[4]} for "
                    f"{key[0]}-{key[1]} tier {key[2]} in the {key[3]} window",
                )
            )
    for key, n in sorted(counts.items(), key=lambda kv: first_line[kv[0]]):
        if key not in logged and key[3] is not None:
            problems.append(
                Problem(
                    passes.file,
                    first_line[key],
                    "pass",
                    key[4],
                    f"no search of pass {key[4]} for {key[0]}-{key[1]} tier {key[2]} in the "
                    f"{key[3]} window is logged in panel_searches.csv ({n} row(s))",
                )
            )
    return problems


# --------------------------------------------------------------------------- entry point


def check(data_dir: Path | str | None = None) -> list[Problem]:
    """Every problem in the data folder (empty list when the data is valid). Reads only."""
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    if not data_dir.is_dir():
        return [Problem(str(data_dir), None, None, None, "no such data folder")]
    try:
        descriptor, descriptor_path = read_descriptor(data_dir)
    except (OSError, json.JSONDecodeError) as exc:
        return [
            Problem(
                "datapackage.json",
                getattr(exc, "lineno", None),
                None,
                None,
                f"cannot read the package descriptor: {exc}",
            )
        ]
    problems: list[Problem] = []
    tables: dict[str, _Table] = {}
    for r in descriptor["resources"]:
        path = data_dir / r["path"]
        if not path.exists():
            problems.append(Problem(r["path"], None, None, None, f"the table file is missing from {data_dir}"))
            continue
        text, problem = _decode(path)
        if problem:
            problems.append(problem)
            continue
        tables[r["name"]] = _read_table(path, text)
    if problems:
        return problems  # files that cannot be read make every later check unreliable
    problems += _frictionless_problems(descriptor, data_dir, tables)
    header_ok = {name: t for name, t in tables.items() if not any(p.file == t.file and p.line == 1 for p in problems)}
    problems += _list_reference_problems(descriptor, header_ok)
    rules = {
        "sources": _source_rules,
        "events": _event_rules,
        "ties": _tie_rules,
        "capabilities": _capability_rules,
        "contact_passes": _contact_rules,
        "contacts": _contact_rules,
    }
    for name, rule in rules.items():
        if name in header_ok:
            problems += rule(header_ok[name])
    if "rollcalls" in header_ok:
        problems += _rollcall_rules(
            header_ok["rollcalls"], header_ok.get("votes"), header_ok.get("unsc_seats"), header_ok.get("actors")
        )
    if "status" in header_ok:
        indicators = next(
            f["constraints"]["enum"]
            for r in descriptor["resources"]
            if r["name"] == "status"
            for f in _fields(r)
            if f["name"] == "indicator"
        )
        problems += _status_rules(header_ok["status"], header_ok.get("actors"), indicators)
    if "relation_changes" in header_ok:
        problems += _relation_change_rules(header_ok["relation_changes"])
    if "panel_searches" in header_ok and ("contact_passes" in header_ok or "contact_passes" not in tables):
        problems += _panel_search_rules(header_ok["panel_searches"], header_ok.get("contact_passes"))
    return sorted(set(problems), key=lambda p: (p.file, p.line or 0, p.column or "", p.reason))


def _fingerprint(data_dir: Path) -> str | None:
    """sha256 over every file of the data folder (names and bytes) and over the checking code
    itself, so a change to either invalidates a cached pass. None if the folder cannot be read."""
    import hashlib

    h = hashlib.sha256()
    try:
        for path in sorted(p for p in data_dir.rglob("*") if p.is_file()):
            h.update(str(path.relative_to(data_dir)).encode() + b"\0" + path.read_bytes() + b"\0")
        for module in ("validation.py", "coding.py"):
            h.update((Path(__file__).parent / module).read_bytes())
    except OSError:
        return None
    return h.hexdigest()


def _cache_dir() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or (Path.home() / ".cache")
    return Path(base) / "russia-israel-hamas-positions" / "validated"


def validate(data_dir: Path | str | None = None, *, cache: bool = True) -> None:
    """Raise :class:`DataValidationError` listing every problem, or return None if the data is valid.

    A folder that passed is remembered by a fingerprint of its bytes and of this checking code
    (in the user's cache folder, never in the data folder), so re-loading unchanged data in
    every notebook does not re-run the checks; any change to a file re-checks it.
    """
    data_dir = Path(data_dir) if data_dir is not None else DATA_DIR
    stamp = _fingerprint(data_dir) if cache and data_dir.is_dir() else None
    if stamp is not None and (_cache_dir() / stamp).exists():
        return
    problems = check(data_dir)
    if problems:
        raise DataValidationError(problems, data_dir)
    if stamp is not None:
        try:
            _cache_dir().mkdir(parents=True, exist_ok=True)
            (_cache_dir() / stamp).touch()
        except OSError:  # a read-only home: just check again next time
            pass
