"""Every kind of bad input gives one error that names the file, the line and the column."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from conftest import append, read_rows, set_cell, write_rows

from analysis import DataValidationError, check, load_tables
from analysis.paths import DATA_DIR


def problems_at(folder: Path, file: str, line: int | None, column: str | None):
    found = check(folder)
    return [p for p in found if p.file == file and p.line == line and (column is None or p.column == column)], found


def assert_reported(folder: Path, file: str, line: int, column: str | None, phrase: str) -> None:
    hits, found = problems_at(folder, file, line, column)
    assert hits, f"no problem reported at {file}:{line} {column}; got {[str(p) for p in found]}"
    assert any(phrase in p.reason for p in hits), [str(p) for p in hits]
    with pytest.raises(DataValidationError) as info:
        load_tables(folder)
    message = str(info.value)
    assert file in message and f"line {line}" in message
    if column:
        assert f"column '{column}'" in message


def test_seeded_copy_is_valid(seeded_copy):
    """The baseline every corruption test changes by one cell: valid before the change."""
    folder, _ = seeded_copy
    assert check(folder) == []
    tables = load_tables(folder)
    assert "EV9990" in set(tables.events["event_id"])


# (file, column, bad value, phrase the reason must contain)
CELL_CORRUPTIONS = {
    "wrong type": ("events.csv", "goldstein", "high", "is not a number"),
    "bad date": ("events.csv", "date", "2023-02-30", "is not a valid date"),
    "date in another format": ("events.csv", "date", "01/03/2023", "is not a valid date"),
    "value above range": ("events.csv", "goldstein", "12", "above the maximum 10"),
    "value below range": ("ties.csv", "strength", "0", "below the minimum 1"),
    "value outside enum": ("events.csv", "plover_type", "HUG", "not one of the allowed values"),
    "unknown actor": ("events.csv", "source_actor", "XXX", "unknown reference"),
    "unknown source": ("events.csv", "source_ids", "un-member-states;no-such-source", "unknown reference"),
    "unknown sponsor": ("rollcalls.csv", "sponsors", "RUS;ZZZ", "unknown reference"),
    "empty required cell": ("events.csv", "description", "", "required cell is empty"),
    "bad boolean": ("ties.csv", "directed", "yes", "true or false"),
    "malformed citation list": ("events.csv", "source_ids", "un-member-states; unsd-m49", "does not match"),
    "vote row for a missing roll call": ("votes.csv", "rollcall_id", "NO/SUCH/ROLLCALL", "unknown reference"),
    "unknown voter": ("votes.csv", "actor_id", "QQQ", "unknown reference"),
    "PLOVER type disagrees with CAMEO": ("events.csv", "plover_type", "AID", "is PLOVER CONSULT"),
    "CAMEO root without PLOVER type": ("events.csv", "cameo_code", "025", "does not match"),
    "intensity sign disagrees with type": ("events.csv", "goldstein", "-1.0", "must be positive"),
    "tie sign disagrees with type": ("ties.csv", "sign", "-1", "has sign +1"),
    "tie direction disagrees with type": ("ties.csv", "directed", "true", "is undirected"),
    "capability unit disagrees": ("capabilities.csv", "unit", "USD", "recorded in warheads"),
    "missing value without a note": ("capabilities.csv", "notes", "", None),
}


@pytest.mark.parametrize("kind", sorted(CELL_CORRUPTIONS))
def test_cell_corruption(seeded_copy, kind):
    folder, lines = seeded_copy
    file, column, value, phrase = CELL_CORRUPTIONS[kind]
    if kind == "missing value without a note":
        set_cell(folder / file, lines[file], "value", "")
        set_cell(folder / file, lines[file], "notes", "")
        assert_reported(folder, file, lines[file], "value", "needs a note")
        return
    set_cell(folder / file, lines[file], column, value)
    assert_reported(folder, file, lines[file], column, phrase)


def test_missing_column(seeded_copy):
    folder, _ = seeded_copy
    header, rows = read_rows(folder / "events.csv")
    header.remove("goldstein")
    write_rows(folder / "events.csv", header, rows)
    assert_reported(folder, "events.csv", 1, "goldstein", "expects 'goldstein'")


def test_renamed_column(seeded_copy):
    folder, _ = seeded_copy
    header, rows = read_rows(folder / "ties.csv")
    renamed = ["kind" if h == "tie_type" else h for h in header]
    write_rows(
        folder / "ties.csv", renamed, [{("kind" if k == "tie_type" else k): v for k, v in r.items()} for r in rows]
    )
    assert_reported(folder, "ties.csv", 1, "tie_type", "named 'kind'")


def test_duplicate_key(seeded_copy):
    folder, lines = seeded_copy
    header, rows = read_rows(folder / "events.csv")
    rows.append(dict(rows[-1]))
    write_rows(folder / "events.csv", header, rows)
    assert_reported(folder, "events.csv", lines["events.csv"] + 1, "event_id", "")
    hits, _ = problems_at(folder, "events.csv", lines["events.csv"] + 1, "event_id")
    assert any(f"first at line {lines['events.csv']}" in p.reason for p in hits)


def test_duplicate_compound_key(seeded_copy):
    folder, lines = seeded_copy
    header, rows = read_rows(folder / "votes.csv")
    rows.append(dict(rows[-1]))
    write_rows(folder / "votes.csv", header, rows)
    last = len(rows) + 1  # file line of the repeated row (line 1 is the header)
    hits, _ = problems_at(folder, "votes.csv", last, "rollcall_id+actor_id")
    assert any("duplicate key" in p.reason and f"first at line {last - 1}" in p.reason for p in hits), hits


def test_rollcall_totals_disagree_with_vote_rows(seeded_copy):
    folder, lines = seeded_copy
    set_cell(folder / "rollcalls.csv", lines["rollcalls.csv"], "yes", "2")
    assert_reported(folder, "rollcalls.csv", lines["rollcalls.csv"], "yes", "has 1 'yes' rows")


def test_vote_changed_breaks_totals(seeded_copy):
    folder, lines = seeded_copy
    set_cell(folder / "votes.csv", lines["votes.csv"], "vote", "abstain")
    assert_reported(folder, "rollcalls.csv", lines["rollcalls.csv"], "yes", "official yes total is 1")
    assert_reported(folder, "rollcalls.csv", lines["rollcalls.csv"], "abstain", "official abstain total is 0")


def test_non_utf8_file(seeded_copy):
    folder, lines = seeded_copy
    path = folder / "events.csv"
    text = path.read_text(encoding="utf-8").replace("Test row: a telephone call.", "Test row: caf\u00e9 call.")
    path.write_bytes(text.encode("latin-1"))
    found = check(folder)
    assert len(found) == 1, [str(p) for p in found]
    problem = found[0]
    assert (problem.file, problem.line) == ("events.csv", lines["events.csv"])
    assert "not UTF-8" in problem.reason
    with pytest.raises(DataValidationError, match=rf"events.csv, line {lines['events.csv']}"):
        load_tables(folder)


def test_missing_table_file(data_copy):
    (data_copy / "ties.csv").unlink()
    with pytest.raises(DataValidationError, match="ties.csv: the table file is missing"):
        load_tables(data_copy)


def test_unquoted_comma_adds_a_cell(seeded_copy):
    folder, lines = seeded_copy
    path = folder / "events.csv"
    text = path.read_text(encoding="utf-8").replace("Test row: a telephone call.", "Test row, a telephone call.")
    path.write_text(text.replace('"Test row, a telephone call."', "Test row, a telephone call."), encoding="utf-8")
    hits, found = problems_at(folder, "events.csv", lines["events.csv"], None)
    assert hits, [str(p) for p in found]


def test_every_problem_is_listed_at_once(seeded_copy):
    folder, lines = seeded_copy
    set_cell(folder / "events.csv", lines["events.csv"], "goldstein", "high")
    set_cell(folder / "ties.csv", lines["ties.csv"], "actor_b", "XXX")
    with pytest.raises(DataValidationError) as info:
        load_tables(folder)
    files = {p.file for p in info.value.problems}
    assert {"events.csv", "ties.csv"} <= files
    assert "2 problem(s)" in str(info.value) or len(info.value.problems) >= 2


def _digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_loading_never_writes(seeded_copy):
    folder, lines = seeded_copy
    before_real, before_copy = _digest(DATA_DIR), _digest(folder)
    load_tables()
    set_cell(folder / "events.csv", lines["events.csv"], "goldstein", "high")
    corrupted = _digest(folder)
    with pytest.raises(DataValidationError):
        load_tables(folder)
    assert _digest(DATA_DIR) == before_real
    assert _digest(folder) == corrupted != before_copy


def test_a_cached_pass_does_not_hide_a_later_corruption(data_copy, tmp_path, monkeypatch):
    from analysis import load_tables
    from analysis.validation import DataValidationError, _cache_dir

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    load_tables(data_copy)  # passes and is remembered
    assert len(list(_cache_dir().iterdir())) == 1
    load_tables(data_copy)  # unchanged: served from the cache, nothing added
    assert len(list(_cache_dir().iterdir())) == 1
    path = data_copy / "actors.csv"
    path.write_text(path.read_text(encoding="utf-8").replace(",state,", ",planet,", 1), encoding="utf-8")
    with pytest.raises(DataValidationError, match="actors.csv"):
        load_tables(data_copy)


def test_general_assembly_roll_call_needs_every_member_state(seeded_copy):
    folder, lines = seeded_copy
    header, rows = read_rows(folder / "votes.csv")
    rows = [r for r in rows if not (r["rollcall_id"] == "TEST/L.1" and r["actor_id"] == "USA")]
    write_rows(folder / "votes.csv", header, rows)
    assert_reported(
        folder,
        "rollcalls.csv",
        lines["rollcalls.csv"],
        "rollcall_id",
        "1 UN member state(s) without a vote row (use 'absent' for members that did not vote): USA",
    )


def test_general_assembly_vote_by_a_non_member(seeded_copy):
    folder, lines = seeded_copy
    append(
        folder / "votes.csv",
        {
            "rollcall_id": "TEST/L.1",
            "actor_id": "HAMAS",
            "vote": "absent",
            "source_ids": "un-member-states",
            "notes": "",
        },
    )
    _, rows = read_rows(folder / "votes.csv")
    assert_reported(folder, "votes.csv", len(rows) + 1, "actor_id", "not a UN member state")


def test_quotes_and_semicolons_in_a_note_do_not_change_how_the_file_is_read(seeded_copy):
    # the dialect is declared in datapackage.json, so no sniffing: a note full of single quotes
    # and semicolons (once read as a semicolon-separated file) is just a note
    folder, lines = seeded_copy
    set_cell(folder / "capabilities.csv", lines["capabilities.csv"], "notes", "the 'x'; and 'y'; per 'z'")
    append(
        folder / "capabilities.csv",
        {
            "actor_id": "RUS",
            "indicator": "nuclear_warheads",
            "year": "1998",
            "value": "2",
            "unit": "warheads",
            "source_ids": "un-member-states",
            "notes": "'a'; 'b'; 'c'",
        },
    )
    assert check(folder) == []


def test_a_rupture_overlapping_normal_relations_is_reported(data_copy):
    # two UN members with no tie in the shipped data: normal relations throughout, then a rupture
    tie = {"directed": "false", "strength": "1", "valid_to": "", "source_ids": "un-member-states", "notes": ""}
    relations = append(
        data_copy / "ties.csv",
        {
            **tie,
            "tie_id": "TI9990",
            "actor_a": "AND",
            "actor_b": "LIE",
            "sign": "1",
            "tie_type": "diplomatic_relations",
            "valid_from": "",
        },
    )
    rupture = append(
        data_copy / "ties.csv",
        {
            **tie,
            "tie_id": "TI9991",
            "actor_a": "AND",
            "actor_b": "LIE",
            "sign": "-1",
            "tie_type": "diplomatic_rupture",
            "valid_from": "2024-01-01",
        },
    )
    assert_reported(
        data_copy,
        "ties.csv",
        rupture,
        "valid_from",
        f"overlaps their diplomatic_relations tie TI9990 (line {relations})",
    )
    # ending the relations the day before removes the problem
    set_cell(data_copy / "ties.csv", relations, "valid_to", "2023-12-31")
    assert check(data_copy) == []
