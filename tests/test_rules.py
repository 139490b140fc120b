"""Project rules the schema cannot state: Security Council seats and outcomes, on a synthetic Council."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

import pytest
from conftest import TEMPLATE_ROWS, append, read_rows, set_cell, write_rows
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from analysis import DataValidationError, check, load_tables
from analysis.paths import DATA_DIR

P5 = ["CHN", "FRA", "GBR", "RUS", "USA"]
E10 = ["ALB", "BRA", "ECU", "GAB", "GHA", "JPN", "MLT", "MOZ", "CHE", "ARE"]
SRC = "un-member-states"


def council(folder: Path, votes: dict[str, str], outcome: str, year: int = 2031) -> int:
    """A synthetic Council year with one roll call; returns the roll call's line."""
    append(
        folder / "unsc_seats.csv",
        *[
            {
                "actor_id": a,
                "year": str(year),
                "seat": "permanent" if a in P5 else "elected",
                "source_ids": SRC,
                "notes": "",
            }
            for a in P5 + E10
        ],
    )
    tally = {k: sum(v == k for v in votes.values()) for k in ("yes", "no", "abstain")}
    line = append(
        folder / "rollcalls.csv",
        {
            "rollcall_id": "TEST/SC/1",
            "body": "SC",
            "symbol": "S/RES/9999" if outcome == "adopted" else "",
            "draft_symbol": "TEST/SC/1",
            "date": f"{year}-01-15",
            "title": "Synthetic draft",
            "vote_subject": "draft_resolution",
            "sponsors": "ALB",
            "outcome": outcome,
            **{k: str(v) for k, v in tally.items()},
            "non_voting": "",
            "meeting_record": "",
            "source_ids": SRC,
            "notes": "",
        },
    )
    append(
        folder / "votes.csv",
        *[
            {"rollcall_id": "TEST/SC/1", "actor_id": a, "vote": v, "source_ids": SRC, "notes": ""}
            for a, v in votes.items()
        ],
    )
    return line


def full_vote(**changes: str) -> dict[str, str]:
    votes = {a: "yes" for a in P5 + E10}
    votes.update(changes)
    return votes


def test_consistent_council_vote_is_valid(data_copy):
    council(data_copy, full_vote(USA="no", ALB="abstain"), "vetoed")
    assert check(data_copy) == []


def test_veto_recorded_as_adoption_is_caught(data_copy):
    line = council(data_copy, full_vote(USA="no", ALB="abstain"), "adopted")
    hits = [p for p in check(data_copy) if p.file == "rollcalls.csv" and p.line == line and p.column == "outcome"]
    assert hits and "the outcome is vetoed" in hits[0].reason


def test_too_few_votes_is_failed_not_vetoed(data_copy):
    line = council(data_copy, full_vote(**{a: "abstain" for a in E10[:7]}, GBR="no"), "vetoed")
    hits = [p for p in check(data_copy) if p.line == line and p.column == "outcome"]
    assert hits and "the outcome is failed" in hits[0].reason


def test_non_member_vote_and_missing_member_are_caught(data_copy):
    votes = full_vote()
    votes.pop("GHA")
    votes["DZA"] = "yes"
    line = council(data_copy, votes, "adopted")
    problems = check(data_copy)
    assert any(
        p.file == "votes.csv" and p.value == "DZA" and "not a Security Council member in 2031" in p.reason
        for p in problems
    )
    assert any(p.file == "rollcalls.csv" and p.line == line and "GHA" in p.reason for p in problems)


def test_tie_ending_before_it_begins(seeded_copy):
    folder, lines = seeded_copy
    set_cell(folder / "ties.csv", lines["ties.csv"], "valid_from", "2024-05-01")
    set_cell(folder / "ties.csv", lines["ties.csv"], "valid_to", "2024-01-01")
    assert any(p.line == lines["ties.csv"] and p.column == "valid_to" for p in check(folder))


def test_source_without_url_or_symbol(data_copy):
    line = append(
        data_copy / "sources.csv",
        {"source_id": "x-test", "publisher": "P", "title": "T", "date": "", "url": "", "un_symbol": "", "notes": ""},
    )
    assert any(
        p.file == "sources.csv" and p.line == line and "url or a un_symbol" in p.reason for p in check(data_copy)
    )


# ---------------------------------------------------------------- any malformed cell: a clear error


@pytest.fixture(scope="session")
def small_data(tmp_path_factory) -> Path:
    """Shipped actors and sources, plus one template event: small, so each example is quick."""
    folder = tmp_path_factory.mktemp("small") / "data"
    shutil.copytree(DATA_DIR, folder)
    for name in ("events.csv", "ties.csv", "rollcalls.csv", "votes.csv", "capabilities.csv", "unsc_seats.csv"):
        header, _ = read_rows(folder / name)
        write_rows(folder / name, header, [])
    append(folder / "events.csv", TEMPLATE_ROWS["events.csv"])
    return folder


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    column=st.sampled_from(sorted(TEMPLATE_ROWS["events.csv"])),
    value=st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00\r"), max_size=12),
)
def test_any_malformed_event_cell_gives_a_clear_error(small_data, column, value):
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "data"
        shutil.copytree(small_data, folder)
        set_cell(folder / "events.csv", 2, column, value)
        problems = check(folder)
        for p in problems:
            assert p.file and p.reason
        try:
            load_tables(folder)
        except DataValidationError as exc:
            assert problems and exc.problems == problems
        else:
            assert problems == []
