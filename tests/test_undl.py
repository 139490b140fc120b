"""Reading the UN Digital Library's voting exports: both layouts, filters, errors, and the curated rows winning."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from conftest import write_rows

from analysis import check, load_tables
from analysis.sources import compare_with_curated, read_undl, with_curated
from analysis.sources.undl import UndlFormatError

CURRENT = [
    "undl_id",
    "ms_code",
    "ms_name",
    "ms_vote",
    "date",
    "session",
    "resolution",
    "draft",
    "committee_report",
    "meeting",
    "title",
    "agenda_title",
    "subjects",
    "vote_note",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "undl_link",
]
PLURAL = [
    "undl_id",
    "ms_codes",
    "ms_names",
    "ms_votes",
    "date",
    "session",
    "resolutions",
    "draft",
    "committee_report",
    "meeting",
    "title",
    "agenda_title",
    "subjects",
    "vote_note",
    "total_yes",
    "total_no",
    "total_abstentions",
    "total_non_voting",
    "total_ms",
    "undl_link",
]


@pytest.fixture(scope="module")
def tables():
    return load_tables()


def export(path, header, records, states):
    """Write an export: records are (undl_id, date, resolution, draft, title, subjects, votes by code, default)."""
    rows = []
    for undl_id, date, resolution, draft, title, subjects, special, default in records:
        votes = {s: special.get(s, default) for s in states}
        count = lambda code, votes=votes: sum(v == code for v in votes.values())  # noqa: E731
        for s in states:
            rows.append(
                dict(
                    zip(
                        header,
                        [
                            undl_id,
                            s,
                            s,
                            votes[s],
                            date,
                            "79",
                            resolution,
                            draft,
                            "",
                            "A/79/PV.1",
                            title,
                            "Agenda item",
                            subjects,
                            "",
                            count("Y"),
                            count("N"),
                            count("A"),
                            count("X") + count("NV"),
                            len(states),
                            f"https://digitallibrary.un.org/record/{undl_id}",
                        ],
                    )
                )
            )
    with path.open("w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=header)
        w.writeheader()
        w.writerows(rows)
    return path


def states_of(tables):
    return sorted(tables.actors.loc[tables.actors["kind"] == "state", "iso3"].astype(str))


def test_both_layouts_give_the_same_tables(tmp_path, tables):
    states = states_of(tables)
    record = [
        (
            "9000001",
            "2024-12-03",
            "A/RES/79/999",
            "A/79/L.99",
            "Peaceful settlement of the question of Palestine",
            "PALESTINE QUESTION",
            {"ISR": "N", "USA": "N", "CAN": "A", "TON": "X"},
            "Y",
        )
    ]
    a = read_undl(export(tmp_path / "new.csv", CURRENT, record, states), "GA", actors=tables.actors)
    plural = [(*record[0][:6], {**record[0][6], "TON": "NV"}, "Y")]
    b = read_undl(export(tmp_path / "old.csv", PLURAL, plural, states), "GA", actors=tables.actors)
    pd.testing.assert_frame_equal(a.votes, b.votes)
    assert a.rollcalls.drop(columns="notes").equals(b.rollcalls.drop(columns="notes"))
    rc = a.rollcalls.iloc[0]
    assert (rc["rollcall_id"], rc["symbol"], rc["yes"], rc["no"], rc["abstain"], rc["non_voting"]) == (
        "A/79/L.99",
        "A/RES/79/999",
        189,
        2,
        1,
        1,
    )
    votes = a.votes.set_index("actor_id")["vote"]
    assert len(votes) == 193 and votes["ISR"] == "no" and votes["CAN"] == "abstain" and votes["TON"] == "absent"
    assert a.unmapped == () and a.sources.iloc[0]["url"].endswith("/9000001")


def test_window_and_subject_filters_and_unmapped_codes(tmp_path, tables):
    states = states_of(tables) + ["YUG"]  # a former member: reported, not guessed
    records = [
        ("1", "2023-06-01", "A/RES/77/1", "", "Assistance to Palestine refugees", "", {}, "Y"),
        ("2", "2024-06-01", "A/RES/78/2", "", "Nuclear disarmament", "DISARMAMENT", {}, "Y"),
        ("3", "2024-06-02", "A/RES/78/3", "", "Operations of UNRWA", "PALESTINE REFUGEES", {}, "Y"),
    ]
    out = read_undl(
        export(tmp_path / "ga.csv", CURRENT, records, states),
        "GA",
        start="2023-10-07",
        end="2024-12-31",
        subject="palestin|middle east",
        actors=tables.actors,
    )
    assert list(out.rollcalls["symbol"]) == ["A/RES/78/3"] and out.unmapped == ("YUG",)
    assert out.rollcalls.iloc[0]["rollcall_id"] == "A/RES/78/3"  # no draft symbol: the resolution's


def test_bad_rows_are_named_by_file_line_and_column(tmp_path, tables):
    states = states_of(tables)[:3]
    path = export(tmp_path / "bad.csv", CURRENT, [("1", "2024-01-01", "A/RES/78/1", "", "t", "", {}, "Y")], states)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[1]["ms_vote"] = "Maybe"
    write_rows(path, CURRENT, rows)
    with pytest.raises(UndlFormatError, match=r"bad\.csv, line 3, column 'ms_vote': 'Maybe': not a vote code"):
        read_undl(path, "GA", actors=tables.actors)
    rows[1]["ms_vote"], rows[2]["total_yes"] = "Y", "2"
    write_rows(path, CURRENT, rows)
    with pytest.raises(UndlFormatError, match=r"line 4, column 'total_yes': '2': differs from the record's earlier"):
        read_undl(path, "GA", actors=tables.actors)
    write_rows(
        path, [c for c in CURRENT if c != "ms_vote"], [{k: v for k, v in r.items() if k != "ms_vote"} for r in rows]
    )
    with pytest.raises(UndlFormatError, match="line 1: not a UN Digital Library voting export: no column ms_vote"):
        read_undl(path, "GA", actors=tables.actors)


def test_the_curated_rows_win_and_the_differences_are_reported(tmp_path, tables):
    # the export's copy of a curated roll call, with one member's vote changed, and one new roll call
    curated = tables.votes[tables.votes["rollcall_id"].astype(str) == "A/ES-10/L.27"]
    code = {"yes": "Y", "no": "N", "abstain": "A", "absent": "X"}
    special = {a: code[v] for a, v in zip(curated["actor_id"].astype(str), curated["vote"].astype(str))}
    flipped = dict(special, AFG="A" if special["AFG"] != "A" else "Y")
    states = states_of(tables)
    out = read_undl(
        export(
            tmp_path / "ga.csv",
            CURRENT,
            [
                ("4", "2023-12-12", "A/RES/ES-10/22", "A/ES-10/L.27", "Protection of civilians", "", flipped, "Y"),
                ("5", "2024-12-03", "A/RES/79/998", "A/79/L.98", "Jerusalem", "", {"ISR": "N"}, "Y"),
            ],
            states,
        ),
        "GA",
        actors=tables.actors,
    )
    diff = compare_with_curated(out, tables)
    assert set(diff["what"]) >= {"vote"} and list(diff.loc[diff["what"] == "vote", "actor_id"]) == ["AFG"]
    rollcalls, votes, sources = with_curated(out, tables)
    assert len(rollcalls) == len(tables.rollcalls) + 1 and "A/79/L.98" in set(rollcalls["rollcall_id"])
    kept = votes[(votes["rollcall_id"] == "A/ES-10/L.27") & (votes["actor_id"] == "AFG")]["vote"]
    assert list(kept) == [special_vote(special["AFG"])]


def special_vote(code):
    return {"Y": "yes", "N": "no", "A": "abstain", "X": "absent"}[code]


def test_imported_tables_pass_the_validator_and_a_wrong_total_is_caught(tmp_path, data_copy, tables):
    states = states_of(tables)
    out = read_undl(
        export(
            tmp_path / "ga.csv",
            CURRENT,
            [("6", "2024-12-03", "A/RES/79/997", "A/79/L.97", "The Syrian Golan", "", {"ISR": "N", "USA": "N"}, "Y")],
            states,
        ),
        "GA",
        actors=tables.actors,
    )
    rollcalls, votes, sources = with_curated(out, tables)
    for name, frame in (("rollcalls", rollcalls), ("votes", votes), ("sources", sources)):
        write_rows(data_copy / f"{name}.csv", list(frame.columns), frame.to_dict("records"))
    assert check(data_copy) == []
    assert "A/79/L.97" in set(load_tables(data_copy).rollcalls["rollcall_id"].astype(str))
    rollcalls.loc[rollcalls["rollcall_id"] == "A/79/L.97", "yes"] = "190"
    write_rows(data_copy / "rollcalls.csv", list(rollcalls.columns), rollcalls.to_dict("records"))
    problems = [p for p in check(data_copy) if p.file == "rollcalls.csv" and p.column == "yes"]
    assert problems and "official yes total is 190 but votes.csv has 191" in problems[0].reason


def test_write_folder_makes_a_new_valid_folder_and_never_overwrites(tmp_path, tables):
    from analysis.sources.undl import write_folder

    states = states_of(tables)
    out = read_undl(
        export(
            tmp_path / "ga.csv",
            CURRENT,
            [("7", "2024-12-03", "A/RES/79/998", "A/79/L.98", "Jerusalem", "", {"ISR": "N", "USA": "A"}, "Y")],
            states,
        ),
        "GA",
        actors=tables.actors,
    )
    folder = write_folder(out, tmp_path / "mydata")
    mine = load_tables(folder)
    assert "A/79/L.98" in set(mine.rollcalls["rollcall_id"].astype(str))
    assert len(mine.rollcalls) == len(tables.rollcalls) + 1 and len(mine.events) == len(tables.events)
    (tmp_path / "taken").mkdir()
    (tmp_path / "taken" / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(FileExistsError, match="nothing is overwritten"):
        write_folder(out, tmp_path / "taken")
    assert (tmp_path / "taken" / "keep.txt").read_text(encoding="utf-8") == "mine"


@pytest.mark.parametrize(
    "rows, message",
    [
        # every row longer than the header: pandas would have made the first fields an index
        (
            [["", "", "", "", "", "x", "043", *[""] * 15], ["", "", "", "", "", "", "043", *[""] * 10]],
            "more fields than the header|Expected",
        ),
        ([["", "", "", "x", "-10", *[""] * 12]], "column 'date': '-10': not a date from 1945 to 2100"),
    ],
)
def test_rows_the_property_test_found_are_refused_with_the_file_and_line(tmp_path, rows, message):
    """Two cases hypothesis found (tests/test_importers_property.py): tracebacks from deep inside
    pandas before, a clear error now."""
    import csv

    from analysis.sources.undl import UndlFormatError, read_undl

    header = [
        "undl_id",
        "ms_code",
        "ms_name",
        "ms_vote",
        "date",
        "session",
        "resolution",
        "draft",
        "committee_report",
        "meeting",
        "title",
        "agenda_title",
        "subjects",
        "vote_note",
        "total_yes",
        "total_no",
        "total_abstentions",
        "total_non_voting",
        "total_ms",
        "undl_link",
    ]
    path = tmp_path / "found_ga_voting.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    with pytest.raises(UndlFormatError, match=message) as error:
        read_undl(str(path), "GA", actors=load_tables().actors)
    assert "found_ga_voting.csv" in str(error.value)
