"""The contacts panel: merging the two passes, the generated tables, the rules of its tables,
and its contacts as events (cases worked by hand)."""

from __future__ import annotations

import math

import pandas as pd
import pytest
from conftest import append, read_rows, set_cell

from analysis import check, load_tables
from analysis.panel import completeness, contact_id, events_for, main, merge_passes, panel_events, window_of

COLUMNS = [
    "record_id",
    "pass",
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
]


def passes(*rows):
    return pd.DataFrame(rows, columns=COLUMNS)


A1 = ("A0001", "A", "RUS", "HAMAS", "2023-10-26", "no", 2, "visit", "RUS", "Bogdanov; Abu Marzouk", "s1", "")
A2 = ("A0002", "A", "RUS", "ISR", "2023-12-10", "yes", 1, "call", "", "Putin; Netanyahu", "s2", "night call")
A3 = ("A0003", "A", "RUS", "IRN", "2024-01-18", "no", 1, "meeting", "", "Lavrov; Amir-Abdollahian", "s3", "")
B1 = ("B0001", "B", "RUS", "HAMAS", "2023-10-26", "no", 2, "visit", "", "", "s4;s1", "")
B2 = ("B0002", "B", "RUS", "ISR", "2023-12-11", "no", 1, "call", "", "Putin; Netanyahu", "s5", "agency")
B3 = ("B0003", "B", "RUS", "IRN", "2024-01-18", "no", 1, "call", "", "Lavrov; Amir-Abdollahian", "s6", "")


def test_merge_by_hand():
    merged = merge_passes(passes(A1, A2, A3, B1, B2, B3)).set_index("contact_id")
    # A1 = B1 (same day), A2 = B2 (a day apart, A2 says the dates differ); A3 and B3 differ in kind
    assert list(merged.index) == [
        "RUS-ISR-2023-12-10-1c",
        "RUS-HAMAS-2023-10-26-2v",
        "RUS-IRN-2024-01-18-1c",
        "RUS-IRN-2024-01-18-1m",
    ]
    assert merged.loc["RUS-HAMAS-2023-10-26-2v", "found_by"] == "AB"
    assert merged.loc["RUS-HAMAS-2023-10-26-2v", "source_ids"] == "s1;s4"  # union, no repeat
    assert merged.loc["RUS-HAMAS-2023-10-26-2v", "host"] == "RUS"  # B left it empty
    call = merged.loc["RUS-ISR-2023-12-10-1c"]
    assert (call.date, call.dates_differ, call.record_ids, call.found_by) == ("2023-12-10", "yes", "A0002;B0002", "AB")
    assert call.notes == "A: night call | B: agency"
    assert merged.loc["RUS-IRN-2024-01-18-1m", "found_by"] == "A"
    assert merged.loc["RUS-IRN-2024-01-18-1c", "found_by"] == "B"
    assert set(merged["collection"]) == {"panel"}


def test_merge_refuses_conflicts():
    other_host = B1[:8] + ("HAMAS",) + B1[9:]
    with pytest.raises(ValueError, match="different hosts"):
        merge_passes(passes(A1, other_host))
    twice = ("A0009",) + A1[1:]
    with pytest.raises(ValueError, match="share the id RUS-HAMAS-2023-10-26-2v"):
        merge_passes(passes(A1, twice))


def test_ids_and_windows():
    assert contact_id("USA", "PSE", "2024-03-05", 2, "meeting") == "USA-PSE-2024-03-05-2m"
    assert window_of("2023-10-06") == "baseline" and window_of("2023-10-07") == "war"
    with pytest.raises(ValueError, match="outside the panel's windows"):
        window_of("2025-01-01")


def searches(*rows):
    return pd.DataFrame(
        rows,
        columns=["outside", "party", "tier", "window", "pass", "status", "lookups", "found", "searched_on", "notes"],
    )


def test_completeness_with_recorded_zero_and_partial_passes():
    rows = passes(A1, A2, A3, B1, B2, B3)
    final = merge_passes(rows)
    log = [
        (o, p, t, w, s, "done", 3, 0, "2026-12-03", "")
        for o, p, t in [("RUS", "HAMAS", 2), ("USA", "HAMAS", 1)]
        for w in ("baseline", "war")
        for s in "AB"
    ]
    log.append(("RUS", "ISR", 1, "war", "A", "partial", 2, 1, "2026-12-03", "November left"))
    table = completeness(rows, final, searches(*log)).set_index(["outside", "party", "tier"])
    hamas = table.loc[("RUS", "HAMAS", 2)]
    assert (hamas.passes, hamas.found_a, hamas.found_b, hamas.found_both, hamas.final_count) == ("complete", 1, 1, 1, 1)
    assert hamas.estimate == 1.0 and hamas.completeness == 1.0
    zero = table.loc[("USA", "HAMAS", 1)]  # searched by both passes in both windows, nothing found
    assert (zero.passes, zero.final_count, zero.estimate) == ("complete", 0, 0.0) and math.isnan(zero.completeness)
    # RUS-IRN tier 1: one call (B) and one meeting (A), none in common: N = 2 x 2 / 1 - 1 = 3; 2 of 3
    iran = table.loc[("RUS", "IRN", 1)]
    assert (iran.passes, iran.estimate, iran.completeness) == ("partial", 3.0, round(2 / 3, 3))
    assert table.loc[("RUS", "ISR", 1)].passes == "partial"


def test_contacts_as_events_by_hand():
    final = merge_passes(passes(A1, A2, A3, B3))
    events = panel_events(final).set_index("event_id")
    visit = events.loc[["RUS-HAMAS-2023-10-26-2v-RUS", "RUS-HAMAS-2023-10-26-2v-HAMAS"]]
    # Russia hosted: Russia -> Hamas host a visit (043, +2.8), Hamas -> Russia make a visit (042, +1.9)
    assert list(zip(visit.source_actor, visit.target_actor, visit.cameo_code, visit.goldstein)) == [
        ("RUS", "HAMAS", "043", 2.8),
        ("HAMAS", "RUS", "042", 1.9),
    ]
    call = events[events.index.str.startswith("RUS-ISR-2023-12-10-1c")]
    assert sorted(zip(call.source_actor, call.target_actor)) == [("ISR", "RUS"), ("RUS", "ISR")]
    assert set(call.cameo_code) == {"041"} and set(call.goldstein) == {1.0}
    meeting = events[events.index.str.startswith("RUS-IRN-2024-01-18-1m")]
    assert set(meeting.cameo_code) == {"044"} and set(meeting.goldstein) == {2.5}
    assert len(events) == 8 and set(events.collection) == {"panel"} and set(events.plover_type) == {"CONSULT"}


def test_events_for_collections():
    tables = load_tables()
    panel = events_for(tables, "panel")
    assert set(panel["collection"]) <= {"panel"}
    assert len(panel) == len(panel_events(tables.contacts))
    everything = events_for(tables, "all")
    assert (everything["collection"] == "context").sum() == len(tables.events)
    # the Putin-Raisi call the curated events date 20 January 2023 (EV0013) is the panel's contact of
    # 19 January (its sources' dates differ): it is counted once, as the curated event
    added = set(everything.loc[everything["collection"] == "panel", "event_id"].str.rsplit("-", n=1).str[0])
    assert "RUS-IRN-2023-01-19-1c" in set(tables.contacts["contact_id"]) and "RUS-IRN-2023-01-19-1c" not in added
    # the Hamas delegation's visit to Moscow of 26 October 2023 is in both: counted once
    assert "RUS-HAMAS-2023-10-26-2v" not in added
    with pytest.raises(ValueError, match="events must be one of context, panel, all"):
        events_for(tables, "gdelt")


def test_held_contacts_by_hand():
    from analysis.panel import held_contacts

    contacts = pd.DataFrame(
        [
            ("C1", "RUS", "IRN", "2023-01-19", "yes", "call"),
            ("C2", "RUS", "IRN", "2023-01-19", "no", "call"),
            ("C3", "RUS", "ISR", "2023-03-01", "no", "visit"),
            ("C4", "RUS", "ISR", "2023-03-01", "no", "call"),
        ],
        columns=["contact_id", "outside", "party", "date", "dates_differ", "kind"],
    )
    events = pd.DataFrame(
        [("2023-01-20", "IRN", "RUS", "041"), ("2023-03-01", "ISR", "RUS", "042")],
        columns=["date", "source_actor", "target_actor", "cameo_code"],
    )
    # C1: a day away, allowed by its dates_differ; C2: a day away, not allowed; C3: same day, a visit code,
    # the other direction; C4: same day but a visit code is not a call
    assert held_contacts(contacts, events) == {"C1", "C3"}


# --------------------------------------------------------------------------- the tables' rules

PASS_ROW = {
    "record_id": "A9990",
    "pass": "A",
    "outside": "RUS",
    "party": "ISR",
    "date": "2023-03-01",
    "dates_differ": "no",
    "tier": "1",
    "kind": "visit",
    "host": "ISR",
    "people": "Test; Test",
    "source_ids": "un-member-states",
    "notes": "",
}
LOG_ROW = {
    "outside": "RUS",
    "party": "ISR",
    "tier": "1",
    "window": "baseline",
    "pass": "A",
    "status": "done",
    "lookups": "1",
    "found": "1",
    "searched_on": "2026-12-03",
    "notes": "",
}


def _found_before(data_copy):
    _, rows = read_rows(data_copy / "contact_passes.csv")
    return sum(
        1
        for r in rows
        if (r["outside"], r["party"], r["tier"], r["pass"]) == ("RUS", "ISR", "1", "A") and r["date"] <= "2023-10-06"
    )


def _with_log(data_copy, found):
    header, rows = read_rows(data_copy / "panel_searches.csv")
    key = ("RUS", "ISR", "1", "baseline", "A")
    mine = [i for i, r in enumerate(rows) if tuple(r[c] for c in ("outside", "party", "tier", "window", "pass")) == key]
    if mine:
        set_cell(data_copy / "panel_searches.csv", mine[0] + 2, "found", str(found))
        return mine[0] + 2
    return append(data_copy / "panel_searches.csv", {**LOG_ROW, "found": str(found)})


def test_valid_pass_row_passes(data_copy):
    append(data_copy / "contact_passes.csv", PASS_ROW)
    _with_log(data_copy, _found_before(data_copy))
    assert [p for p in check(data_copy) if p.file in ("contact_passes.csv", "panel_searches.csv")] == []


def test_visit_needs_its_host_and_calls_have_none(data_copy):
    line = append(
        data_copy / "contact_passes.csv",
        {**PASS_ROW, "host": "USA"},
        {**PASS_ROW, "record_id": "A9991", "date": "2023-03-02", "kind": "call"},
    )
    _with_log(data_copy, _found_before(data_copy))
    problems = [p for p in check(data_copy) if p.file == "contact_passes.csv"]
    assert [(p.line, p.column, p.value) for p in problems] == [(line, "host", "USA"), (line + 1, "host", "ISR")]
    assert "RUS or ISR" in problems[0].reason and "a call has no host" in problems[1].reason


def test_search_log_agrees_with_the_pass_rows(data_copy):
    from conftest import write_rows

    # take France's pass-A search of Hamas (tier 1, baseline; nothing found) out of the log: a pass row
    # for that cell then has no logged search
    header, rows = read_rows(data_copy / "panel_searches.csv")
    cell = ("FRA", "HAMAS", "1", "baseline", "A")
    kept = [r for r in rows if tuple(r[c] for c in ("outside", "party", "tier", "window", "pass")) != cell]
    assert len(kept) == len(rows) - 1
    write_rows(data_copy / "panel_searches.csv", header, kept)
    row = {**PASS_ROW, "outside": "FRA", "party": "HAMAS", "kind": "call", "host": ""}
    line = append(data_copy / "contact_passes.csv", row)
    problems = [p for p in check(data_copy) if p.file in ("contact_passes.csv", "panel_searches.csv")]
    assert [(p.file, p.line, p.column) for p in problems] == [("contact_passes.csv", line, "pass")]
    assert "no search of pass A for FRA-HAMAS tier 1 in the baseline window is logged" in problems[0].reason
    # logged, but with a count that is not the number of rows
    log_line = append(data_copy / "panel_searches.csv", {**LOG_ROW, "outside": "FRA", "party": "HAMAS", "found": "3"})
    problems = [p for p in check(data_copy) if p.file in ("contact_passes.csv", "panel_searches.csv")]
    assert [(p.file, p.line, p.column, p.value) for p in problems] == [("panel_searches.csv", log_line, "found", "3")]
    assert "has 1 row(s) of pass A for FRA-HAMAS tier 1" in problems[0].reason
    set_cell(data_copy / "panel_searches.csv", log_line, "found", "1")
    assert [p for p in check(data_copy) if p.file in ("contact_passes.csv", "panel_searches.csv")] == []


def test_pass_row_outside_the_protocol(data_copy):
    line = append(data_copy / "contact_passes.csv", {**PASS_ROW, "outside": "IND", "tier": "3", "date": "2025-02-01"})
    problems = {p.column for p in check(data_copy) if p.file == "contact_passes.csv" and p.line == line}
    assert {"outside", "tier", "date"} <= problems


# --------------------------------------------------------------------------- the shipped panel


def test_generated_tables_are_up_to_date(capsys):
    assert main([]) == 0, capsys.readouterr().err


def test_every_panel_row_carries_the_protocol_fields():
    tables = load_tables()
    for frame in (tables.contact_passes, tables.contacts):
        for col in ("outside", "party", "tier", "kind", "date", "people", "source_ids"):
            assert frame[col].notna().all(), col
    assert tables.contact_passes["pass"].notna().all()
    assert tables.contacts["found_by"].notna().all() and (tables.contacts["collection"] == "panel").all()
    # each final contact is made of the pass rows it names, and every pass row is in one contact
    named = [r for ids in tables.contacts["record_ids"] for r in ids.split(";")]
    assert sorted(named) == sorted(tables.contact_passes["record_id"])


def test_a_timeline_on_the_panel_keeps_the_context_rows():
    from analysis.panel import timeline_events

    tables = load_tables()
    on_panel = timeline_events(tables, "panel")
    assert (on_panel["collection"] == "context").sum() == len(tables.events)
    assert len(on_panel) == len(events_for(tables, "all"))
    assert len(timeline_events(tables, "context")) == len(tables.events)


def test_covered_actors_are_those_searched_in_every_cell_by_both_passes():
    from analysis.panel import covered_actors

    tables = load_tables()
    log = tables.panel_searches.astype({"outside": str, "party": str, "window": str, "pass": str})
    cells = log.groupby("outside").apply(
        lambda g: len(set(zip(g["party"], g["tier"], g["window"], g["pass"]))), include_groups=False
    )
    assert set(covered_actors(tables)) == set(cells[cells == 4 * 2 * 2 * 2].index)
    assert {"USA", "RUS", "CHN"} <= set(covered_actors(tables))


def test_the_briefing_computes_on_the_chosen_collection():
    from analysis.claims import brief

    tables = load_tables()
    panel = events_for(tables, "panel")
    findings = brief(tables, "RUS", "2023-10-07", "2024-12-31", events=panel, collection="panel", draws=20)
    assert [f.data for f in findings][:3] == ["events (panel), ties", "events (panel), ties", "events (panel)"]
    assert findings[4].data == "SC roll calls"
    # claim 6 counts visit events: each panel visit is two of them (043 and 042); count the visits directly
    contacts = tables.contacts.astype({"outside": str, "party": str, "kind": str})
    war = contacts["date"].between("2023-10-07", "2024-12-31")
    visits = {
        p: int(((contacts["outside"] == "RUS") & (contacts["party"] == p) & (contacts["kind"] == "visit") & war).sum())
        for p in ("HAMAS", "PSE")
    }
    assert f"HAMAS {2 * visits['HAMAS']} visits" in findings[5].value
    assert f"PSE {2 * visits['PSE']} visits" in findings[5].value
    # the panel is the default collection; the curated events are one choice away
    default = brief(tables, "RUS", "2023-10-07", "2024-12-31", draws=20)
    assert [f.data for f in default] == [f.data for f in findings]
    assert [f.value for f in default] == [f.value for f in findings]
    context = brief(tables, "RUS", "2023-10-07", "2024-12-31", draws=20, collection="context")
    assert context[0].data == "events (context), ties"


def test_an_events_file_of_ones_own(tmp_path):
    from analysis import DataValidationError, params

    tables = load_tables()
    good = tmp_path / "imported.csv"
    good.write_text(
        "date,source_actor,target_actor,cameo_code,goldstein,weight\n"
        "2023-10-10,USA,ISR,042,1.9,3\n2023-10-11,QAT,HAMAS,043,2.8,\n",
        encoding="utf-8",
    )
    events = events_for(tables, str(good))
    assert list(events["source_actor"].astype(str)) == ["USA", "QAT"] and events["weight"].iloc[0] == 3
    assert set(events["collection"]) == {"imported"} and events["goldstein"].dtype == float
    assert list(events["plover_type"]) == ["CONSULT", "CONSULT"]  # derived from the codes
    assert params.events(str(good)) == str(good) and params.events("panel") == "panel"
    bad = tmp_path / "bad.csv"
    bad.write_text(
        "date,source_actor,target_actor,cameo_code,goldstein\n"
        "2023-10-10,USA,ISR,042,1.9\n2023-13-01,XXX,ISR,042,12\n2023-10-10junk,USA,ISR,999,1\n"
        "2023-10-10,USA,ISR,010,1\n",
        encoding="utf-8",
    )
    with pytest.raises(DataValidationError) as info:
        events_for(tables, str(bad))
    found = {(p.line, p.column, p.value) for p in info.value.problems}
    assert found == {
        (3, "date", "2023-13-01"),
        (3, "source_actor", "XXX"),
        (3, "goldstein", "12"),
        (4, "date", "2023-10-10junk"),
        (4, "cameo_code", "999"),
        (5, "cameo_code", "010"),
    }
    with pytest.raises(params.ParameterError, match="no such file"):
        params.events(str(tmp_path / "missing.csv"))
    with pytest.raises(params.ParameterError, match="is not one of: context, panel, all"):
        params.events("gdelt")


def test_a_folder_from_before_the_panel_still_loads(data_copy):
    import csv
    import json

    descriptor = json.loads((data_copy / "datapackage.json").read_text(encoding="utf-8"))
    panel_tables = {"contact_passes", "contacts", "panel_searches", "panel_completeness"}
    for r in descriptor["resources"]:
        if r["name"] in panel_tables:
            (data_copy / r["path"]).unlink()
        if r["name"] == "events":
            r["schema"]["fields"] = [f for f in r["schema"]["fields"] if f["name"] != "collection"]
    descriptor["resources"] = [r for r in descriptor["resources"] if r["name"] not in panel_tables]
    (data_copy / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    header, rows = read_rows(data_copy / "events.csv")
    with (data_copy / "events.csv").open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=[h for h in header if h != "collection"], extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    tables = load_tables(data_copy)
    assert len(tables.contacts) == 0 and "contact_id" in tables.contacts.columns  # empty, not invented
    assert set(tables.events["collection"]) == {"context"}
    assert len(events_for(tables, "panel")) == 0


def test_regenerating_refuses_invalid_pass_lists(data_copy, capsys):
    header, rows = read_rows(data_copy / "contact_passes.csv")
    set_cell(data_copy / "contact_passes.csv", 2, "record_id", rows[1]["record_id"])  # a duplicate id
    assert main(["--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "contact_passes.csv, line" in err and "record_id" in err
    with pytest.raises(ValueError, match="a visit's host must be RUS or HAMAS"):
        panel_events(merge_passes(passes(A1[:8] + ("ISR",) + A1[9:])))


PASS_FILE = (
    "outside,party,date,dates_differ,tier,kind,host,people,url,publisher,title,published,more_urls,note\n"
    "FRA,ISR,2023-10-12,no,1,visit,ISR,Colonna (FM); Cohen (FM),https://example.org/a,Ex,Colonna in Israel,"
    "2023-10-12,,Test row.\n"
    "FRA,PSE,2024-02-01,no,1,call,,Macron (president); Abbas (president),https://example.org/b,Ex,Call,"
    "2024-02-01,https://example.org/c | https://example.org/d,Test row two.\n"
)
LOG_FILE = (
    "outside,party,tier,window,status,lookups,found,notes\n"
    "FRA,ISR,1,war,done,3,1,\nFRA,PSE,1,war,partial,2,1,more to search\nFRA,HAMAS,1,war,done,1,0,\n"
)


def without_actor(data_copy, actor):
    """The data folder as it was before ``actor`` was searched: its pass rows and search log removed,
    the generated tables regenerated."""
    from conftest import write_rows

    for name in ("contact_passes.csv", "panel_searches.csv"):
        header, rows = read_rows(data_copy / name)
        write_rows(data_copy / name, header, [r for r in rows if r["outside"] != actor])
    assert main(["--write", "--data", str(data_copy)]) == 0


def test_adding_a_pass_file(data_copy, tmp_path):
    from analysis.panel import add_pass

    without_actor(data_copy, "FRA")
    staged = tmp_path / "A_FRA.csv"
    staged.write_text(PASS_FILE, encoding="utf-8")
    (tmp_path / "A_FRA_log.csv").write_text(LOG_FILE, encoding="utf-8")
    before = len(read_rows(data_copy / "contact_passes.csv")[1])
    done = add_pass(staged, "A", data_dir=data_copy, searched_on="2026-12-03")
    assert done == {"rows": 2, "new_sources": 2, "log_rows": 3}
    _, rows = read_rows(data_copy / "contact_passes.csv")
    mine = [r for r in rows if r["outside"] == "FRA"]
    assert len(rows) == before + 2 and [r["kind"] for r in mine] == ["visit", "call"]
    assert "Also reported at: https://example.org/c ; https://example.org/d" in mine[1]["notes"]
    _, log = read_rows(data_copy / "panel_searches.csv")
    assert {(r["party"], r["found"]) for r in log if r["outside"] == "FRA"} == {
        ("ISR", "1"),
        ("PSE", "1"),
        ("HAMAS", "0"),
    }
    assert main(["--write", "--data", str(data_copy)]) == 0
    assert "FRA-ISR-2023-10-12-1v" in set(load_tables(data_copy).contacts["contact_id"])
    # adding the file again (a continued pass) keeps the record ids and adds nothing twice
    ids = [r["record_id"] for r in mine]
    add_pass(staged, "A", data_dir=data_copy, searched_on="2026-12-03")
    _, again = read_rows(data_copy / "contact_passes.csv")
    assert [r["record_id"] for r in again if r["outside"] == "FRA"] == ids and len(again) == len(rows)


def test_a_bad_pass_file_is_refused_whole(data_copy, tmp_path, capsys):
    staged = tmp_path / "B_FRA.csv"
    staged.write_text(
        PASS_FILE.replace("visit,ISR,", "visit,USA,").replace("2024-02-01,no", "2025-02-01,no"), encoding="utf-8"
    )
    (tmp_path / "B_FRA_log.csv").write_text(LOG_FILE, encoding="utf-8")
    before = (data_copy / "contact_passes.csv").read_bytes()
    assert main(["add", str(staged), "--pass", "B", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "B_FRA.csv, line 2, column 'host': value 'USA'" in err and "B_FRA.csv, line 3, column 'date'" in err
    assert (data_copy / "contact_passes.csv").read_bytes() == before  # nothing written


def test_a_bad_search_log_value_leaves_every_table_as_it_was(data_copy, tmp_path, capsys):
    """The log's values are checked with the whole data folder, on a copy: nothing is written when
    the log is refused (before, the three tables were written and then the problem was raised)."""
    without_actor(data_copy, "FRA")
    staged = tmp_path / "A_FRA.csv"
    staged.write_text(PASS_FILE, encoding="utf-8")
    (tmp_path / "A_FRA_log.csv").write_text(LOG_FILE.replace("war,partial,", "war,almost,"), encoding="utf-8")
    names = ("contact_passes", "panel_searches", "sources")
    before = {n: (data_copy / f"{n}.csv").read_bytes() for n in names}
    assert main(["add", str(staged), "--pass", "A", "--data", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "panel_searches.csv" in err and "status" in err and "almost" in err
    assert {n: (data_copy / f"{n}.csv").read_bytes() for n in names} == before


@pytest.mark.parametrize("actor, pass_letter", [("QAT", "A"), ("USA", "B")])
def test_exporting_a_pass_and_adding_it_back_changes_nothing(data_copy, tmp_path, actor, pass_letter):
    """A pass handed back to its curator (to continue it) and merged again unchanged leaves every
    data table byte for byte as it was: record ids, sources, notes and the search dates."""
    names = ("contact_passes", "panel_searches", "sources")
    before = {n: (data_copy / f"{n}.csv").read_bytes() for n in names}
    assert main(["export", actor, "--pass", pass_letter, "--to", str(tmp_path), "--data", str(data_copy)]) == 0
    exported = read_rows(tmp_path / f"{pass_letter}_{actor}.csv")[1]
    passes = [
        r for r in read_rows(data_copy / "contact_passes.csv")[1] if r["outside"] == actor and r["pass"] == pass_letter
    ]
    assert len(exported) == len(passes) > 0
    assert (
        main(["add", str(tmp_path / f"{pass_letter}_{actor}.csv"), "--pass", pass_letter, "--data", str(data_copy)])
        == 0
    )
    assert {n: (data_copy / f"{n}.csv").read_bytes() for n in names} == before


def test_a_continued_pass_keeps_its_ids_and_dates_its_new_searches(data_copy, tmp_path):
    from analysis.panel import add_pass, export_pass

    path = export_pass("QAT", "B", tmp_path, data_dir=data_copy)
    header, rows = read_rows(path)
    log_header, log = read_rows(path.with_name("B_QAT_log.csv"))
    rows.append(dict(rows[0], date="2024-11-20", url="https://example.org/new", title="New", note="New row."))
    cell = next(
        r for r in log if r["party"] == rows[0]["party"] and r["tier"] == rows[0]["tier"] and r["window"] == "war"
    )
    cell.update(status="done", lookups=str(int(cell["lookups"]) + 5))
    for target, head, body in ((path, header, rows), (path.with_name("B_QAT_log.csv"), log_header, log)):
        frame = pd.DataFrame(body, columns=head)
        frame.to_csv(target, index=False)
    old = {r["record_id"]: r for r in read_rows(data_copy / "contact_passes.csv")[1]}
    add_pass(path, "B", data_dir=data_copy, searched_on=None)
    new = {r["record_id"]: r for r in read_rows(data_copy / "contact_passes.csv")[1]}
    assert set(new) - set(old) and len(set(new) - set(old)) == 1 and set(old) <= set(new)
    (added,) = set(new) - set(old)
    assert new[added]["date"] == "2024-11-20" and added.startswith("B")
    searched = {
        (r["party"], r["tier"], r["window"]): r
        for r in read_rows(data_copy / "panel_searches.csv")[1]
        if r["outside"] == "QAT" and r["pass"] == "B"
    }
    changed = searched[(cell["party"], cell["tier"], "war")]
    assert changed["status"] == "done" and changed["searched_on"] == pd.Timestamp.today().strftime("%Y-%m-%d")
    assert changed["found"] == str(int(cell["found"]) + 1)
    untouched = [r for k, r in searched.items() if k != (cell["party"], cell["tier"], "war")]
    assert untouched and all(r["searched_on"] != "" for r in untouched)


def test_export_refuses_to_overwrite_a_curator_file(data_copy, tmp_path, capsys):
    (tmp_path / "A_QAT.csv").write_text("mine\n", encoding="utf-8")
    assert main(["export", "QAT", "--pass", "A", "--to", str(tmp_path), "--data", str(data_copy)]) == 2
    assert "exists" in capsys.readouterr().err and (tmp_path / "A_QAT.csv").read_text() == "mine\n"


def test_describe_names_the_collection_and_what_the_panel_covers(data_copy):
    from analysis.panel import describe

    tables = load_tables()
    text = describe(tables, "panel", events_for(tables, "panel"))
    assert text.startswith("Events: panel (the contacts panel, searched with one protocol for every dyad)")
    assert "covers its 12 outside actors" in text
    assert "covers" not in describe(tables, "context", tables.events)  # the curated events say nothing of the panel
    without_actor(data_copy, "DEU")
    partial = load_tables(data_copy)
    text = describe(partial, "all", events_for(partial, "all"))
    assert "Panel searched so far for USA, RUS, CHN, TUR, EGY, QAT, SAU, ARE, JOR, FRA, GBR with" in text
