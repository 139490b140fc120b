"""The status tables: complete for all 193 UN member states by construction, and checked so."""

from __future__ import annotations

import pytest
from conftest import read_rows, set_cell, write_rows

from analysis import check, load_tables

INDICATORS = [
    "recognises_palestine",
    "recognises_israel",
    "relations_with_israel_2023_10_06",
    "designates_hamas",
    "designates_hezbollah",
]


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def test_every_member_has_one_row_per_indicator(tables):
    states = sorted(tables.actors.loc[tables.actors["kind"] == "state", "actor_id"].astype(str))
    assert len(states) == 193
    status = tables.status.assign(
        actor_id=tables.status["actor_id"].astype(str), indicator=tables.status["indicator"].astype(str)
    )
    assert len(status) == 193 * 5
    for indicator in INDICATORS:
        assert sorted(status.loc[status["indicator"] == indicator, "actor_id"]) == states, indicator


def test_unknowns_are_recorded_and_explained_never_no(tables):
    status = tables.status.astype({"value": str, "indicator": str})
    unknown = status[status["value"] == "unknown"]
    assert unknown["notes"].notna().all() and (unknown["notes"].str.len() > 20).all()
    # the list-based indicators are complete; the designations are mostly unknown (documented gap)
    counts = status.groupby("indicator")["value"].value_counts().unstack(fill_value=0)
    assert counts.loc["recognises_palestine", "unknown"] == 0
    assert counts.loc["recognises_israel", "no"] == 28  # the members that do not recognise Israel
    assert counts.loc["designates_hamas", "unknown"] > 0
    # Israel is not asked whether it recognises itself
    israel = status[status["actor_id"].astype(str) == "ISR"].set_index("indicator")["value"]
    assert israel["recognises_israel"] == "not_applicable" == israel["relations_with_israel_2023_10_06"]


def test_known_positions(tables):
    # facts known from the public record (and confirmed by the independent check of a sample)
    status = tables.status.assign(
        actor_id=tables.status["actor_id"].astype(str), indicator=tables.status["indicator"].astype(str)
    )
    value = status.set_index(["actor_id", "indicator"])
    assert value.loc[("ESP", "recognises_palestine"), "date"] == "2024-05-28"
    assert value.loc[("LBN", "recognises_palestine"), "date"] == "2008-11-27"  # corrected by the check
    assert value.loc[("BHR", "relations_with_israel_2023_10_06"), "date"] == "2020-10-18"
    assert value.loc[("USA", "recognises_palestine"), "value"] == "no"
    assert value.loc[("RUS", "designates_hamas"), "value"] == "no"
    assert value.loc[("DEU", "designates_hezbollah"), "scope"] == "whole"
    assert value.loc[("FRA", "designates_hezbollah"), "scope"] == "military_wing"


def test_relation_changes_have_israel_on_one_side(tables):
    changes = tables.relation_changes.astype({"actor_id": str, "counterpart": str, "change": str})
    assert ((changes["actor_id"] == "ISR") ^ (changes["counterpart"] == "ISR")).all()
    ruptures = set(changes.loc[changes["change"] == "rupture", "actor_id"])
    assert {"BOL", "COL", "NIC"} <= ruptures


def test_a_missing_status_row_is_reported(data_copy):
    header, rows = read_rows(data_copy / "status.csv")
    kept = [r for r in rows if not (r["actor_id"] == "MLT" and r["indicator"] == "designates_hamas")]
    write_rows(data_copy / "status.csv", header, kept)
    problems = [p for p in check(data_copy) if p.file == "status.csv"]
    assert len(problems) == 1 and problems[0].value == "MLT" and "designates_hamas" in problems[0].reason


def test_an_unexplained_unknown_and_a_stray_scope_are_reported(data_copy):
    header, rows = read_rows(data_copy / "status.csv")
    line = next(i for i, r in enumerate(rows, start=2) if r["value"] == "unknown")
    set_cell(data_copy / "status.csv", line, "notes", "")
    other = next(
        i for i, r in enumerate(rows, start=2) if r["indicator"] == "recognises_israel" and r["value"] == "yes"
    )
    set_cell(data_copy / "status.csv", other, "scope", "whole")
    reasons = {(p.line, p.column): p.reason for p in check(data_copy) if p.file == "status.csv"}
    assert "needs a note" in reasons[(line, "notes")]
    assert "designations only" in reasons[(other, "scope")]


def test_a_change_without_israel_is_reported(data_copy):
    set_cell(data_copy / "relation_changes.csv", 2, "counterpart", "USA")
    header, rows = read_rows(data_copy / "relation_changes.csv")
    if rows[0]["actor_id"] == "ISR":
        set_cell(data_copy / "relation_changes.csv", 2, "actor_id", "GBR")
    problems = [p for p in check(data_copy) if p.file == "relation_changes.csv"]
    assert any(p.line == 2 and "exactly one side" in p.reason for p in problems)
