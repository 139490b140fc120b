"""The data shipped in data/ loads, satisfies its schema, and loads the same way every time."""

from __future__ import annotations

import json
import os

import pandas as pd
from pandas.api.types import is_datetime64_any_dtype

from analysis import check, load_tables
from analysis.paths import DATA_DIR, DATAPACKAGE
from analysis.tables import ACTOR_COLUMNS


def test_shipped_data_is_valid():
    problems = check()
    assert problems == [], "\n".join(map(str, problems))


def test_descriptor_is_a_valid_data_package():
    from frictionless import Package

    package = Package(str(DATAPACKAGE))
    assert package.metadata_valid if hasattr(package, "metadata_valid") else True
    names = [r.name for r in package.resources]
    assert names == [
        "sources",
        "actors",
        "unsc_seats",
        "events",
        "ties",
        "rollcalls",
        "votes",
        "capabilities",
        "status",
        "relation_changes",
        "contact_passes",
        "contacts",
        "panel_searches",
        "panel_completeness",
    ]
    for resource in json.loads(DATAPACKAGE.read_text())["resources"]:
        assert (DATA_DIR / resource["path"]).exists()
        for field in resource["schema"]["fields"]:
            assert field.get("description"), f"{resource['name']}.{field['name']} has no description"


def test_types_follow_the_schema():
    t = load_tables()
    assert is_datetime64_any_dtype(t.events["date"]) and is_datetime64_any_dtype(t.rollcalls["date"])
    assert is_datetime64_any_dtype(t.ties["valid_from"]) and is_datetime64_any_dtype(t.sources["date"])
    for frame in (t.events, t.ties, t.votes, t.capabilities, t.unsc_seats, t.actors):
        for col in set(frame.columns) & ACTOR_COLUMNS:
            assert isinstance(frame[col].dtype, pd.CategoricalDtype), col
    assert isinstance(t.events["plover_type"].dtype, pd.CategoricalDtype)
    assert isinstance(t.votes["vote"].dtype, pd.CategoricalDtype)
    assert str(t.capabilities["year"].dtype) == "Int64"


def test_loading_is_deterministic_and_independent_of_working_directory(tmp_path):
    first = load_tables()
    cwd = os.getcwd()
    try:
        os.chdir(tmp_path)
        second = load_tables()
    finally:
        os.chdir(cwd)
    for name in first.names():
        pd.testing.assert_frame_equal(getattr(first, name), getattr(second, name))


def test_every_table_is_documented_in_the_codebook():
    readme = (DATA_DIR / "README.md").read_text(encoding="utf-8")
    for resource in json.loads(DATAPACKAGE.read_text())["resources"]:
        assert f"`{resource['path']}`" in readme, resource["path"]
        for field in resource["schema"]["fields"]:
            assert f"`{field['name']}`" in readme, f"{resource['path']}: {field['name']} not in data/README.md"


def test_un_members_are_all_there():
    actors = load_tables().actors
    states = actors[actors["kind"] == "state"]
    assert len(states) == 193
    assert states["actor_id"].astype(str).str.fullmatch(r"[A-Z]{3}").all()


def test_states_have_unique_cow_codes_and_others_none():
    actors = load_tables().actors
    states = actors[actors["kind"] == "state"]
    assert states["cow_code"].notna().all() and states["cow_code"].is_unique
    assert actors.loc[actors["kind"] != "state", "cow_code"].isna().all()
    cow = dict(zip(states["actor_id"].astype(str), states["cow_code"]))
    # spot checks against the COW list: United States 2, Russia 365, Israel 666, Iran 630
    assert (cow["USA"], cow["RUS"], cow["ISR"], cow["IRN"]) == (2, 365, 666, 630)


def test_codebook_column_tables_match_the_descriptor():
    from analysis.codebook import README, render

    text = README.read_text(encoding="utf-8")
    assert render(text, json.loads(DATAPACKAGE.read_text())) == text, "run: python -m analysis.codebook"


def test_the_event_columns_constant_is_the_events_schema():
    from analysis.tables import EVENT_COLUMNS

    descriptor = json.loads(DATAPACKAGE.read_text(encoding="utf-8"))
    events = next(r for r in descriptor["resources"] if r["name"] == "events")
    assert EVENT_COLUMNS == [f["name"] for f in events["schema"]["fields"]]
    assert EVENT_COLUMNS == list(pd.read_csv(DATA_DIR / "events.csv", nrows=0).columns)
