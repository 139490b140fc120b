"""Tables as tables: rounding, missing values, actor names, units, and a text and an HTML form
that are the same on every run."""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.display import MISSING, table

ACTORS = pd.DataFrame({"actor_id": ["RUS", "USA", "ISR"], "name": ["Russia", "United States", "Israel"]})


def test_numbers_are_rounded_and_missing_is_shown_as_missing_not_zero():
    frame = pd.DataFrame(
        {"x": [0.12345, np.nan, -0.0001, 2.0], "n": [3, 4, 5, 6], "ok": [True, False, True, True]},
        index=pd.Index(["RUS", "USA", "ISR", "XYZ"], name="actor"),
    )
    t = table(frame, digits={"x": 3})
    assert t.frame["x"].tolist() == ["0.123", MISSING, "0.000", "2.000"]  # no "-0.000"
    assert t.frame["n"].tolist() == ["3", "4", "5", "6"]
    assert t.frame["ok"].tolist() == ["yes", "no", "yes", "yes"]
    assert table(frame, digits=1).frame["x"].tolist() == ["0.1", MISSING, "0.0", "2.0"]


def test_actor_names_go_next_to_the_codes_of_the_index_and_of_actor_columns():
    frame = pd.DataFrame(
        {"party": ["ISR", "HAMAS"], "value": [1.5, 2.25]}, index=pd.Index(["RUS", "USA"], name="actor")
    )
    t = table(frame, actors=ACTORS, digits=2)
    assert list(t.frame.columns) == ["name", "party", "party name", "value"]
    assert t.frame["name"].tolist() == ["Russia", "United States"]
    assert t.frame["party name"].tolist() == ["Israel", ""]  # not an actor of the table: left empty
    assert table(frame).frame.columns.tolist() == ["party", "value"]  # no actors table: codes alone


def test_units_go_in_the_headers_and_dates_are_iso_dates():
    frame = pd.DataFrame({"date": pd.to_datetime(["2023-10-07", None]), "share": [12.0, 3.5]})
    t = table(frame, units={"share": "%"}, digits=1)
    assert t.frame.columns.tolist() == ["date", "share (%)"]
    assert t.frame["date"].tolist() == ["2023-10-07", MISSING]
    assert not t.index  # a default range index is not shown
    assert t.to_text().splitlines()[0].split() == ["date", "share", "(%)"]


def test_the_text_and_html_forms_are_deterministic_and_escaped():
    frame = pd.DataFrame({"label": ["a <b> & c"], "v": [1 / 3]}, index=pd.Index(["RUS"], name="actor"))
    first, second = (
        table(frame, actors=ACTORS, caption="Caption <1>"),
        table(frame, actors=ACTORS, caption="Caption <1>"),
    )
    assert first.to_html() == second.to_html() and repr(first) == repr(second)
    html = first.to_html()
    assert "a &lt;b&gt; &amp; c" in html and "Caption &lt;1&gt;" in html and "<b>" not in html
    assert first._repr_html_() == html
    assert repr(first) == "Caption <1>\n" + first.frame.to_string()
    assert "0.333" in repr(first) and "0.3333" not in repr(first)


def test_an_empty_table_says_so_and_a_series_is_a_one_column_table():
    assert repr(table(pd.DataFrame(columns=["a"]))) == "(no rows)"
    assert "(no rows)" in table(pd.DataFrame(columns=["a"])).to_html()
    t = table(pd.Series([1.25, 2.0], index=pd.Index(["RUS", "USA"], name="actor"), name="influence"), actors=ACTORS)
    assert t.frame.columns.tolist() == ["name", "influence"] and t.frame["influence"].tolist() == ["1.250", "2.000"]


def test_a_format_specification_serves_values_of_very_different_sizes():
    frame = pd.DataFrame({"USA": [9.16e11, 0.5, np.nan]}, index=["military_expenditure", "share", "vessels"])
    assert table(frame, digits=".4g").frame["USA"].tolist() == ["9.16e+11", "0.5", MISSING]


def test_whole_number_float_columns_read_as_integers_and_a_numbered_index_is_kept():
    frame = pd.DataFrame({"rank": [1.0, np.nan, 3.0], "share": [1.0, 0.5, 2.0]}, index=pd.Index([1, 2, 3], name="#"))
    t = table(frame)
    assert t.frame["rank"].tolist() == ["1", MISSING, "3"]  # a rank that is a float only for its missing value
    assert t.frame["share"].tolist() == ["1.000", "0.500", "2.000"]  # one value is not whole: all keep 3 places
    assert t.index and t.frame.index.tolist() == ["1", "2", "3"]
    filtered = pd.DataFrame({"x": [1, 2, 3]}).iloc[[0, 2]]  # unnamed positions left by a filter: not shown
    assert not table(filtered).index and table(filtered, index=True).index


def test_numbers_are_right_aligned_and_text_left_aligned_in_html():
    frame = pd.DataFrame({"party": ["ISR"], "share": [0.5], "ok": [True]}, index=pd.Index(["RUS"], name="actor"))
    t = table(frame, actors=ACTORS, units={"share": "%"})
    assert t.numeric == ("share (%)",)  # a boolean is shown as yes/no: text
    html = t.to_html()
    assert '<th class="num">share (%)</th>' in html and '<td class="num">0.500</td>' in html
    assert '<td class="text">ISR</td>' in html and '<td class="text">Israel</td>' in html
    assert '<th class="text">RUS</th>' in html and '<th class="text">actor</th>' in html


def test_text_columns_with_lists_and_missing_values():
    frame = pd.DataFrame({"members": [["USA", "ISR"], {"RUS", "CHN"}, None, "text"], "x": [1, 2, 3, 4]})
    assert table(frame).frame["members"].tolist() == ["USA, ISR", "CHN, RUS", MISSING, "text"]
