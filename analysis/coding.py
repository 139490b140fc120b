"""The coding schemes of the events and ties tables, as data the validator and the measures share.

CAMEO (Gerner, Schrodt, Yilmaz & Abu-Jabr 2002) codes each event; PLOVER (Halterman et al.
2023, the ontology of the POLECAT data set) is its successor. The crosswalk follows the Open
Event Data Alliance's CAMEO2PLOVER table (openeventdata/PLOVER, CAMEO2PLOVER-2021.txt, where
REQUEST is still called DEMAND), with its code-level exceptions. CAMEO roots 01 (statement)
and 02 (appeal) have no PLOVER type and are not used here: calls on a party are REQUEST (10x).
"""

from __future__ import annotations

#: PLOVER event types by quad class (verbal/material cooperation/conflict).
PLOVER_QUAD = {
    "AGREE": "verbal cooperation",
    "CONSULT": "verbal cooperation",
    "SUPPORT": "verbal cooperation",
    "CONCEDE": "verbal cooperation",
    "COOPERATE": "material cooperation",
    "AID": "material cooperation",
    "RETREAT": "material cooperation",
    "REQUEST": "verbal conflict",
    "ACCUSE": "verbal conflict",
    "REJECT": "verbal conflict",
    "THREATEN": "verbal conflict",
    "PROTEST": "material conflict",
    "MOBILIZE": "material conflict",
    "SANCTION": "material conflict",
    "COERCE": "material conflict",
    "ASSAULT": "material conflict",
}

#: +1 for cooperative PLOVER types, -1 for conflictual ones: the sign the Goldstein
#: intensity of an event of that type must have.
PLOVER_SIGN = {t: (1 if q.endswith("cooperation") else -1) for t, q in PLOVER_QUAD.items()}

#: CAMEO root (two digits) -> PLOVER type.
CAMEO_ROOT_TO_PLOVER = {
    "03": "AGREE",
    "04": "CONSULT",
    "05": "SUPPORT",
    "06": "COOPERATE",
    "07": "AID",
    "08": "CONCEDE",
    "09": "ACCUSE",
    "10": "REQUEST",
    "11": "ACCUSE",
    "12": "REJECT",
    "13": "THREATEN",
    "14": "PROTEST",
    "15": "MOBILIZE",
    "16": "SANCTION",
    "17": "COERCE",
    "18": "ASSAULT",
    "19": "ASSAULT",
    "20": "ASSAULT",
}

#: Code-level exceptions to the root mapping, from CAMEO2PLOVER-2021.
CAMEO_CODE_TO_PLOVER = {
    "084": "RETREAT",
    "0841": "RETREAT",
    "0842": "RETREAT",
    "085": "RETREAT",
    "086": "RETREAT",
    "0861": "RETREAT",
    "0862": "RETREAT",
    "0863": "RETREAT",
    "087": "RETREAT",
    "0871": "RETREAT",
    "0872": "RETREAT",
    "0873": "RETREAT",
    "0874": "RETREAT",
    "0813": "RETREAT",
    "0814": "RETREAT",
    "163": "COERCE",
    "1712": "ASSAULT",
    "191": "COERCE",
    "192": "COERCE",
}

#: GDELT quad class (1..4) of each CAMEO root.
CAMEO_ROOT_QUAD = {f"{r:02d}": (1 if r <= 5 else 2 if r <= 9 else 3 if r <= 14 else 4) for r in range(1, 21)}


def plover_for_cameo(code: str) -> str | None:
    """PLOVER type of a CAMEO code (3 or 4 digits), or None for roots PLOVER lacks (01, 02)."""
    code = str(code)
    if code in CAMEO_CODE_TO_PLOVER:
        return CAMEO_CODE_TO_PLOVER[code]
    return CAMEO_ROOT_TO_PLOVER.get(code[:2])


#: Sign each tie type carries.
TIE_SIGN = {
    "alliance": 1,
    "strategic_partnership": 1,
    "diplomatic_relations": 1,
    "diplomatic_rupture": -1,
    "military_support": 1,
    "armed_conflict": -1,
    "terrorist_designation": -1,
    "sanctions": -1,
    "recognition": 1,
    "membership": 1,
}

#: Tie types that run one way (actor_a acts on actor_b); the rest are symmetric.
DIRECTED_TIE_TYPES = frozenset({"military_support", "terrorist_designation", "sanctions", "recognition", "membership"})

#: Units each capability indicator is recorded in.
INDICATOR_UNIT = {
    "milex_usd": "USD",
    "gdp_usd": "USD",
    "population": "persons",
    "armed_forces_personnel": "persons",
    "warships_in_theatre_q4_2023": "vessels",
    "share_of_israel_arms_imports_pct": "percent",
    "share_of_iran_arms_imports_pct": "percent",
    "trade_with_israel_usd": "USD",
    "trade_with_iran_usd": "USD",
    "nuclear_warheads": "warheads",
    "arms_exports_tiv": "TIV",
}
