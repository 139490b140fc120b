"""Shared fixtures: copies of the data folder that tests may corrupt (the real one is never touched)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import matplotlib
import pytest

from analysis.paths import DATA_DIR

matplotlib.use("Agg")  # this process only: notebook kernels keep their inline backend

# One valid row per table, appended to a copy of the shipped data. Only ids that the
# shipped actors and sources tables are sure to hold are referenced (RUS, ISR, un-member-states).
TEMPLATE_ROWS = {
    "events.csv": {
        "event_id": "EV9990",
        "date": "2023-03-01",
        "date_precision": "day",
        "source_actor": "RUS",
        "target_actor": "ISR",
        "plover_type": "CONSULT",
        "plover_mode": "phone",
        "cameo_code": "041",
        "goldstein": "1.0",
        "description": "Test row: a telephone call.",
        "location": "",
        "collection": "context",
        "source_ids": "un-member-states",
        "notes": "",
    },
    "ties.csv": {
        "tie_id": "TI9990",
        "actor_a": "ISR",
        "actor_b": "RUS",
        "directed": "false",
        "sign": "1",
        "tie_type": "diplomatic_relations",
        "strength": "1",
        "valid_from": "",
        "valid_to": "",
        "source_ids": "un-member-states",
        "notes": "",
    },
    "rollcalls.csv": {
        "rollcall_id": "TEST/L.1",
        "body": "GA",
        "symbol": "",
        "draft_symbol": "TEST/L.1",
        "date": "2023-03-01",
        "title": "Test draft",
        "vote_subject": "draft_resolution",
        "sponsors": "RUS",
        "outcome": "failed",
        "yes": "1",
        "no": "1",
        "abstain": "0",
        "non_voting": "",
        "meeting_record": "",
        "source_ids": "un-member-states",
        "notes": "",
    },
    "capabilities.csv": {
        "actor_id": "RUS",
        "indicator": "nuclear_warheads",
        "year": "1999",
        "value": "1",
        "unit": "warheads",
        "source_ids": "un-member-states",
        "notes": "test row",
    },
}
# The template General Assembly roll call: Russia yes, Israel no (in that order, first), every
# other member state absent, as the rule "a row for each UN member state" requires.
_STATES = sorted(
    r["actor_id"] for r in csv.DictReader((DATA_DIR / "actors.csv").open(encoding="utf-8")) if r["kind"] == "state"
)
TEMPLATE_VOTES = [
    {"rollcall_id": "TEST/L.1", "actor_id": a, "vote": v, "source_ids": "un-member-states", "notes": ""}
    for a, v in [("RUS", "yes"), ("ISR", "no")] + [(s, "absent") for s in _STATES if s not in ("RUS", "ISR")]
]


def read_rows(path: Path) -> tuple[list[str], list[dict[str, str]]]:
    with path.open(newline="", encoding="utf-8") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def write_rows(path: Path, header: list[str], rows: list[dict[str, str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        writer = csv.DictWriter(f, fieldnames=header, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)


def append(path: Path, *new_rows: dict[str, str]) -> int:
    """Append rows to a CSV; returns the file line of the first appended row."""
    header, rows = read_rows(path)
    rows.extend(new_rows)
    write_rows(path, header, rows)
    return len(rows) - len(new_rows) + 2


def set_cell(path: Path, line: int, column: str, value: str) -> None:
    header, rows = read_rows(path)
    rows[line - 2][column] = value
    write_rows(path, header, rows)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of the shipped data folder."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


@pytest.fixture
def seeded_copy(data_copy: Path) -> tuple[Path, dict[str, int]]:
    """A copy of the data with one valid template row appended to each table.

    Returns the folder and the file line of each appended row (votes: the first vote row).
    """
    lines = {name: append(data_copy / name, row) for name, row in TEMPLATE_ROWS.items()}
    lines["votes.csv"] = append(data_copy / "votes.csv", *TEMPLATE_VOTES)
    return data_copy, lines


#: Where the browser tests save their screenshots (git ignores build/); printed at the end of the run.
SCREENSHOTS_DIR = Path(__file__).resolve().parents[1] / "build" / "screenshots"


def pytest_terminal_summary(terminalreporter):
    shots = sorted(SCREENSHOTS_DIR.glob("*.png")) if SCREENSHOTS_DIR.is_dir() else []
    if shots:
        terminalreporter.write_line(f"browser screenshots ({len(shots)}): {SCREENSHOTS_DIR}")


#: Chromium's flags for the browser tests: as root in a container, on a machine whose network is closed.
BROWSER_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
NO_BROWSER = (
    "no Chromium for the browser tests: install Debian's with 'apt-get install chromium' "
    "(.ci/run does) or point CHROMIUM at one"
)


def chromium_path() -> str | None:
    """The Chromium the browser tests drive (CHROMIUM, else the one on PATH), or None."""
    import os

    return os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
