"""The CAMEO-to-PLOVER crosswalk against rows of CAMEO2PLOVER-2021 (openeventdata/PLOVER)."""

from __future__ import annotations

import pytest

from analysis import coding


@pytest.mark.parametrize(
    "code, plover",
    [
        ("036", "AGREE"),
        ("041", "CONSULT"),
        ("042", "CONSULT"),
        ("043", "CONSULT"),
        ("057", "SUPPORT"),
        ("062", "COOPERATE"),
        ("073", "AID"),
        ("081", "CONCEDE"),
        ("0841", "RETREAT"),
        ("0871", "RETREAT"),
        ("094", "ACCUSE"),
        ("1056", "REQUEST"),
        ("112", "ACCUSE"),
        ("129", "REJECT"),
        ("138", "THREATEN"),
        ("141", "PROTEST"),
        ("154", "MOBILIZE"),
        ("161", "SANCTION"),
        ("163", "COERCE"),
        ("173", "COERCE"),
        ("1712", "ASSAULT"),
        ("181", "ASSAULT"),
        ("191", "COERCE"),
        ("195", "ASSAULT"),
        ("202", "ASSAULT"),
    ],
)
def test_crosswalk(code, plover):
    assert coding.plover_for_cameo(code) == plover


@pytest.mark.parametrize("code", ["010", "0256", "020"])
def test_statements_and_appeals_have_no_plover_type(code):
    assert coding.plover_for_cameo(code) is None


def test_quads_and_signs():
    assert len(coding.PLOVER_QUAD) == 16
    assert sorted(t for t, s in coding.PLOVER_SIGN.items() if s > 0) == sorted(
        ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT"]
    )
    assert [coding.CAMEO_ROOT_QUAD[r] for r in ("01", "05", "06", "09", "10", "14", "15", "20")] == [
        1,
        1,
        2,
        2,
        3,
        3,
        4,
        4,
    ]


def test_schema_enums_match_the_coding_tables():
    import json

    from analysis.paths import DATAPACKAGE

    pkg = {
        r["name"]: {f["name"]: f for f in r["schema"]["fields"]}
        for r in json.loads(DATAPACKAGE.read_text())["resources"]
    }
    assert set(pkg["events"]["plover_type"]["constraints"]["enum"]) == set(coding.PLOVER_QUAD)
    assert set(pkg["ties"]["tie_type"]["constraints"]["enum"]) == set(coding.TIE_SIGN)
    assert set(pkg["capabilities"]["indicator"]["constraints"]["enum"]) == set(coding.INDICATOR_UNIT)
