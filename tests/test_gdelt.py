"""GDELT on DuckDB: the one aggregation query against an independent pandas reference on the
project's fixtures (tests/fixtures/gdelt, GDELT's own formats), malformed lines reported with file,
line, column and value, and the BigQuery form of the query."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pandas as pd
import pytest

from analysis import load_tables
from analysis.sources.gdelt import (
    GDELT1_URL_COLUMNS,
    GDELT2_COLUMNS,
    GdeltFormatError,
    aggregation_sql,
    import_gdelt,
    layout,
    read_bigquery_csv,
)

FIXTURES = Path(__file__).parent / "fixtures" / "gdelt"
GDELT2 = [FIXTURES / "20231010000000.export.CSV.zip", FIXTURES / "20231010001500.export.CSV.zip"]
GDELT1 = FIXTURES / "20231011.export.CSV.zip"
GROUPS = {"HMS": "HAMAS", "HEZ": "HEZBOLLAH", "ISJ": "PIJ"}
STATE_TYPES = {"", "GOV", "MIL", "LEG", "JUD", "COP", "SPY"}
# what the roots 01 and 02 are, and the Goldstein signs the PLOVER types allow, written out by hand
NO_PLOVER = {"01", "02"}


@pytest.fixture(scope="module")
def actors():
    return load_tables().actors


def reference(files, columns, actors, start, end, weight="events") -> pd.DataFrame:
    """The aggregation computed in pandas, step by step, independently of the SQL."""
    raw = pd.concat(
        [
            pd.read_csv(f, sep="\t", header=None, names=columns, dtype=str, keep_default_na=False, quoting=3)
            for f in files
        ],
        ignore_index=True,
    )
    iso = {str(i): str(a) for i, a in zip(actors["iso3"], actors["actor_id"]) if isinstance(i, str) and i}

    def who(n):
        group, country, kind = raw[f"Actor{n}KnownGroupCode"], raw[f"Actor{n}CountryCode"], raw[f"Actor{n}Type1Code"]
        by_group = group.map(GROUPS)
        by_state = country.map(iso).where(kind.isin(STATE_TYPES))
        return by_group.where(group != "", by_state)

    raw = raw[(raw["SQLDATE"] >= start) & (raw["SQLDATE"] <= end)]
    url = raw["SOURCEURL"] if "SOURCEURL" in raw else pd.Series("", index=raw.index)
    df = pd.DataFrame(
        {
            "id": raw["GLOBALEVENTID"],
            "day": raw["SQLDATE"].astype(int),
            "a1": raw["Actor1Code"],
            "a2": raw["Actor2Code"],
            "code": raw["EventCode"],
            "url": url.where(url != "", raw["GLOBALEVENTID"]),
            "source_actor": who(1),
            "target_actor": who(2),
            "cameo_code": raw["EventCode"],
            "goldstein": raw["GoldsteinScale"].astype(float),
            "w": 1.0 if weight == "events" else raw["NumSources"].astype(float),
        }
    )
    df = df.dropna(subset=["source_actor", "target_actor"])
    df = df[df["source_actor"] != df["target_actor"]]
    # a row repeated under its id (identical but for DATEADDED) counts once; so does a story coded twice
    df = df.groupby(
        ["day", "a1", "a2", "code", "url", "source_actor", "target_actor", "cameo_code"], as_index=False
    ).agg(goldstein=("goldstein", "max"), w=("w", "max"))
    df["goldstein"] = (df["goldstein"] * 10).round().astype(int)  # tenths, exact
    df = df[~df["cameo_code"].str[:2].isin(NO_PLOVER)]
    df["gw"] = df["goldstein"] * df["w"]
    out = (
        df.groupby(["day", "source_actor", "target_actor", "cameo_code"])
        .agg(weight=("w", "sum"), gw=("gw", "sum"), gdelt_events=("w", "size"))
        .reset_index()
    )
    out["goldstein"] = [round(int(g) / (10 * w), 3) for g, w in zip(out["gw"], out["weight"])]
    return (
        out.drop(columns="gw").sort_values(["day", "source_actor", "target_actor", "cameo_code"]).reset_index(drop=True)
    )


def as_rows(events: pd.DataFrame) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "day": events["date"].dt.strftime("%Y%m%d").astype(int),
            "source_actor": events["source_actor"],
            "target_actor": events["target_actor"],
            "cameo_code": events["cameo_code"],
            "weight": events["weight"],
            "gdelt_events": events["gdelt_events"],
            "goldstein": events["goldstein"],
        }
    )


@pytest.mark.parametrize("weight", ["events", "sources"])
def test_gdelt2_against_pandas(tmp_path, actors, weight):
    result = import_gdelt(
        [str(f) for f in GDELT2], actors=actors, start="2023-10-10", end="2023-10-10", weight=weight, cache_dir=tmp_path
    )
    expected = reference(GDELT2, GDELT2_COLUMNS, actors, "20231010", "20231010", weight)
    got = (
        as_rows(result.events).sort_values(["day", "source_actor", "target_actor", "cameo_code"]).reset_index(drop=True)
    )
    assert len(expected) > 20  # the fixtures leave enough rows to compare
    pd.testing.assert_frame_equal(got[expected.columns], expected, check_dtype=False)
    events = result.events
    assert set(events["collection"]) == {"gdelt"} and (events["weight"] > 0).all()
    assert set(events["source_actor"]) | set(events["target_actor"]) <= set(actors["actor_id"].astype(str))
    assert {"HAMAS", "HEZBOLLAH", "PIJ"} & set(events["source_actor"])  # known groups come through
    assert result.dropped["events of CAMEO roots 01-02 (no PLOVER type)"] > 0


def test_duplicates_are_removed(tmp_path, actors):

    once = import_gdelt(str(GDELT2[0]), actors=actors, start="2023-10-10", end="2023-10-10", cache_dir=tmp_path)
    # the second fixture file ends with 30 repeats of the first file's rows: 20 under the same ids, 10 as the
    # same stories under new ids (make_fixtures.py); a file of those repeats alone adds nothing
    with zipfile.ZipFile(GDELT2[1]) as archive:
        lines = archive.read(archive.namelist()[0]).decode("utf-8").splitlines(keepends=True)
    repeats = tmp_path / "repeats.export.CSV"
    repeats.write_text("".join(lines[-30:]), encoding="utf-8")
    again = import_gdelt(
        [str(GDELT2[0]), str(repeats)], actors=actors, start="2023-10-10", end="2023-10-10", cache_dir=tmp_path
    )
    assert len(once.events) > 20
    pd.testing.assert_frame_equal(again.events, once.events)
    # while the same 30 rows as a file of their own do import: they are events, just not new ones
    alone = import_gdelt(str(repeats), actors=actors, start="2023-10-10", end="2023-10-10", cache_dir=tmp_path)
    assert alone.events["gdelt_events"].sum() > 0


def test_gdelt1_daily_file(tmp_path, actors):
    assert layout(GDELT1) == GDELT1_URL_COLUMNS and len(GDELT1_URL_COLUMNS) == 58
    result = import_gdelt(str(GDELT1), actors=actors, cache_dir=tmp_path)
    expected = reference([GDELT1], GDELT1_URL_COLUMNS, actors, "20231011", "20231011")
    got = (
        as_rows(result.events).sort_values(["day", "source_actor", "target_actor", "cameo_code"]).reset_index(drop=True)
    )
    pd.testing.assert_frame_equal(got[expected.columns], expected, check_dtype=False)


def test_the_zip_cache_is_reused(tmp_path, actors):
    import_gdelt(str(GDELT1), actors=actors, cache_dir=tmp_path)
    cached = list(tmp_path.glob("*.gz"))
    assert len(cached) == 1
    stamp = cached[0].stat().st_mtime_ns
    import_gdelt(str(GDELT1), actors=actors, cache_dir=tmp_path)
    assert cached[0].stat().st_mtime_ns == stamp and not list(tmp_path.glob("*.part"))


def test_malformed_lines_named(tmp_path, actors):
    with pytest.raises(GdeltFormatError) as info:
        import_gdelt(str(FIXTURES / "malformed.export.CSV"), actors=actors, cache_dir=tmp_path)
    message = str(info.value)
    assert "3 malformed line(s)" in message
    assert "malformed.export.CSV, line 5: 30 tab-separated columns where the file's layout has 61" in message
    assert "line 10, column SQLDATE, value '2023-10-12'" in message
    assert "line 15, column GoldsteinScale, value 'strong'" in message
    assert "Traceback" not in message
    kept = import_gdelt(str(FIXTURES / "malformed.export.CSV"), actors=actors, cache_dir=tmp_path, skip_malformed=True)
    assert [p.line for p in kept.problems] == [5, 10, 15] and kept.dropped["malformed lines"] == 3


def test_files_that_are_not_gdelt(tmp_path, actors):
    wrong = tmp_path / "wrong.CSV"
    wrong.write_text("a\tb\tc\n", encoding="utf-8")
    with pytest.raises(
        GdeltFormatError, match=r"wrong.CSV, line 1: 3 tab-separated columns; a GDELT 2.0 export has 61"
    ):
        import_gdelt(str(wrong), actors=actors, cache_dir=tmp_path)
    empty = tmp_path / "empty.CSV"
    empty.write_text("", encoding="utf-8")
    with pytest.raises(GdeltFormatError, match="line 1: the line is empty"):
        import_gdelt(str(empty), actors=actors, cache_dir=tmp_path)
    broken = tmp_path / "broken.export.CSV.zip"
    broken.write_bytes(b"not a zip")
    with pytest.raises(GdeltFormatError, match="cannot be read as a GDELT file"):
        import_gdelt(str(broken), actors=actors, cache_dir=tmp_path)
    with pytest.raises(GdeltFormatError, match="mix GDELT layouts"):
        import_gdelt([str(GDELT1), str(GDELT2[0])], actors=actors, cache_dir=tmp_path)
    with pytest.raises(FileNotFoundError, match="no GDELT file matches"):
        import_gdelt(str(tmp_path / "none-*.zip"), actors=actors)


def test_bigquery_sql_renders_for_a_window(actors):
    from analysis.sources.gdelt import actor_codes

    sql = aggregation_sql(
        dialect="bigquery", codes=actor_codes(actors), start="2023-10-07", end="2024-12-31", weight="articles"
    )
    assert "FROM `gdelt-bq.gdeltv2.events`" in sql
    assert "CAST(SQLDATE AS INT64) >= 20231007 AND CAST(SQLDATE AS INT64) <= 20241231" in sql
    assert (
        "STRUCT('group:HMS' AS code, 'HAMAS' AS actor_id)" in sql and "STRUCT('ISR' AS code, 'ISR' AS actor_id)" in sql
    )
    assert "NumArticles" in sql and "VARCHAR" not in sql and "DOUBLE" not in sql
    # the same query runs on DuckDB; its BigQuery output CSV reads back to the same events
    duck = aggregation_sql(
        dialect="duckdb",
        source="src_table",
        codes=actor_codes(actors),
        start="2023-10-07",
        end="2024-12-31",
        weight="articles",
    )

    # one query: after the actor table, the two dialects differ only in type names and the table read
    def body(text, table):
        rest = text.split("\nwindowed AS", 1)[1].replace(table, "<events>")
        for bq, duckdb_name in (("INT64", "BIGINT"), ("FLOAT64", "DOUBLE"), ("STRING", "VARCHAR")):
            rest = rest.replace(bq, duckdb_name)
        return rest

    assert body(sql, "`gdelt-bq.gdeltv2.events`") == body(duck, "src_table")
    assert "COALESCE(SOURCEURL, CAST(GLOBALEVENTID AS STRING))" in sql and "MAX(w) AS w" in sql
    with pytest.raises(ValueError, match="weight = 'tone' is not one of: events, sources, articles, mentions"):
        aggregation_sql(weight="tone")


def test_import_checks_the_weight_before_reading_any_file(tmp_path, actors):
    from analysis.sources.gdelt import check_weight

    assert check_weight("mentions") == "mentions"
    # a path that does not exist: the weight's error comes first, so no file is looked for
    with pytest.raises(ValueError, match="weight = 'tone' is not one of"):
        import_gdelt(str(tmp_path / "missing-*.CSV.zip"), actors=actors, weight="tone")


def test_bigquery_output_reads_back(tmp_path, actors):
    import duckdb

    from analysis.sources.gdelt import actor_codes, csv_source

    result = import_gdelt(
        [str(f) for f in GDELT2], actors=actors, start="2023-10-10", end="2023-10-10", cache_dir=tmp_path
    )
    # the query's own output, as BigQuery would export it, read back gives the same events
    source = f"(SELECT * FROM {csv_source(sorted(tmp_path.glob('*.gz')), GDELT2_COLUMNS)})"
    rows = (
        duckdb.connect()
        .execute(
            aggregation_sql(
                source=source, codes=actor_codes(actors), start="2023-10-10", end="2023-10-10", sqldate_is_date=True
            )
        )
        .df()
    )
    path = tmp_path / "bq.csv"
    rows.to_csv(path, index=False)
    back = read_bigquery_csv(path)
    pd.testing.assert_frame_equal(back, result.events, check_dtype=False)
    (tmp_path / "short.csv").write_text("day,source_actor\n20231010,ISR\n", encoding="utf-8")
    with pytest.raises(GdeltFormatError, match="short.csv, line 1: missing column"):
        read_bigquery_csv(tmp_path / "short.csv")
    bad = rows.astype(str)
    bad.loc[bad.index[1], "day"] = "2023101x"
    bad.to_csv(tmp_path / "bad.csv", index=False)
    with pytest.raises(GdeltFormatError, match=r"bad.csv, line 3, column day, value '2023101x': not a date"):
        read_bigquery_csv(tmp_path / "bad.csv")
    rows.head(0).to_csv(tmp_path / "empty.csv", index=False)
    empty = read_bigquery_csv(tmp_path / "empty.csv")
    assert len(empty) == 0 and list(empty.columns) == list(result.events.columns)


def _lines_with(tmp_path, changes):
    """The first rows of the malformed fixture (all valid) with the given cells changed: {row: {column: value}}."""
    lines = FIXTURES.joinpath("malformed.export.CSV").read_text(encoding="utf-8").splitlines()[:4]
    rows = [line.split("\t") for line in lines]
    for i, cells in changes.items():
        for column, value in cells.items():
            rows[i][GDELT2_COLUMNS.index(column)] = value
    path = tmp_path / "edited.export.CSV"
    path.write_text("\n".join("\t".join(r) for r in rows) + "\n", encoding="utf-8")
    return path


def test_empty_results_and_missing_values(tmp_path, actors):
    # a window with no event: an empty table with the usual columns, not an error
    none = import_gdelt(str(GDELT1), actors=actors, start="2020-01-01", end="2020-01-02", cache_dir=tmp_path)
    assert len(none.events) == 0 and list(none.events.columns)[:3] == ["event_id", "date", "date_precision"]
    # every row an act between ISR and USA by their governments, consult 042 (+1.9)
    base = {
        c: v
        for c, v in (
            ("Actor1CountryCode", "ISR"),
            ("Actor1KnownGroupCode", ""),
            ("Actor1Type1Code", "GOV"),
            ("Actor1Code", "ISRGOV"),
            ("Actor2CountryCode", "USA"),
            ("Actor2KnownGroupCode", ""),
            ("Actor2Type1Code", "GOV"),
            ("Actor2Code", "USAGOV"),
            ("EventCode", "042"),
            ("EventBaseCode", "042"),
            ("GoldsteinScale", "1.9"),
            ("NumSources", "2"),
        )
    }
    path = _lines_with(
        tmp_path,
        {
            0: base,
            1: {**base, "GoldsteinScale": ""},
            2: {**base, "NumSources": ""},
            3: {**base, "EventCode": "1712", "EventBaseCode": "171", "GoldsteinScale": "-7"},
        },
    )
    result = import_gdelt(str(path), actors=actors, weight="sources", cache_dir=tmp_path)
    events = result.events.set_index("cameo_code")
    # the empty Goldstein value and the empty weight leave their rows out, counted, never as zeros
    assert events.loc["042", "goldstein"] == 1.9 and events.loc["042", "weight"] == 2.0
    assert events.loc["042", "gdelt_events"] == 1
    assert result.dropped["rows with an empty Goldstein value or weight"] == 2
    # the full event code decides the PLOVER type: 1712 (destroy property) is ASSAULT in the crosswalk,
    # where its base code 171 would give COERCE
    assert events.loc["1712", "plover_type"] == "ASSAULT"


def test_a_date_that_is_not_a_date_is_named(tmp_path, actors):
    path = _lines_with(tmp_path, {2: {"SQLDATE": "20231399"}})
    with pytest.raises(
        GdeltFormatError, match=r"line 3, column SQLDATE, value '20231399': not a date written YYYYMMDD"
    ):
        import_gdelt(str(path), actors=actors, cache_dir=tmp_path)
