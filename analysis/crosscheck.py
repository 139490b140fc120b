"""The contacts panel against an independent source (GDELT): do they rank the dyads alike?

The panel counts leader-level contacts (meetings, visits, calls) per dyad; GDELT codes the same
kind of act as CAMEO 04 *consult* (PLOVER CONSULT). For a window, :func:`dyad_intensities` puts
both on one table, one row per panel dyad (outside actor, party; either direction counts);
:func:`rank_agreement` gives Spearman's rank correlation per outside actor (over its four parties)
and over all dyads, and :func:`disagreements` the dyads whose ranks differ most. Ranks are
average ranks of values rounded to :data:`analysis.precision.DECIMALS` places, so ties are
decided on exact values. A GDELT dyad with no consultation is a zero (GDELT covers every dyad); a
panel dyad not searched is missing and left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from .precision import rounded


def _undirected(frame: pd.DataFrame, outside: list[str], parties: list[str]) -> pd.DataFrame:
    s, t = frame["source_actor"].astype(str), frame["target_actor"].astype(str)
    first = s.isin(outside) & t.isin(parties)
    second = t.isin(outside) & s.isin(parties)
    pairs = pd.DataFrame({"outside": np.where(first, s, t), "party": np.where(first, t, s)}, index=frame.index)
    return pairs[first | second]


def gdelt_consultations(events: pd.DataFrame, start, end, outside: list[str], parties: list[str]) -> pd.Series:
    """Weighted CONSULT events per dyad (either direction) in [start, end] of an imported table.

    Parameters
    ----------
    events : DataFrame
        An imported GDELT event table (:mod:`analysis.sources.gdelt`): ``date``, ``source_actor``,
        ``target_actor``, ``plover_type`` and, if present, ``weight``.
    start, end : date-like
        The window's first and last day, both included (both required).
    outside : list of str
        Actor codes of the outside actors.
    parties : list of str
        Actor codes of the parties.

    Returns
    -------
    Series
        The summed ``weight`` of the CONSULT events between an outside actor and a party (as source
        or target), indexed by (``outside``, ``party``); a missing or non-numeric weight counts 1,
        and every event counts 1 when the table has no ``weight`` column. Only dyads with at least
        one such event appear.
    """
    window = events[(events["date"] >= pd.Timestamp(start)) & (events["date"] <= pd.Timestamp(end))]
    consult = window[window["plover_type"].astype(str) == "CONSULT"]
    pairs = _undirected(consult, outside, parties)
    weight = consult.loc[pairs.index, "weight"] if "weight" in consult else pd.Series(1.0, index=pairs.index)
    return (
        pairs.assign(value=pd.to_numeric(weight, errors="coerce").fillna(1.0))
        .groupby(["outside", "party"])["value"]
        .sum()
    )


def dyad_intensities(
    contacts: pd.DataFrame, gdelt_events: pd.DataFrame, start, end, dyads: pd.DataFrame
) -> pd.DataFrame:
    """One row per dyad of ``dyads`` (columns outside, party: the dyads the panel searched): the
    panel's contacts in [start, end] and GDELT's weighted consultations.

    Parameters
    ----------
    contacts : DataFrame
        The contacts panel, one row per contact (``outside``, ``party``, ``date``); every tier and
        kind counts.
    gdelt_events : DataFrame
        An imported GDELT event table (:func:`gdelt_consultations`).
    start, end : date-like
        The window's first and last day, both included (both required).
    dyads : DataFrame
        The dyads to compare (``outside``, ``party``); duplicates count once.

    Returns
    -------
    DataFrame
        One row per dyad, in the order of ``dyads``: ``outside``, ``party``, ``panel_contacts``
        (int, the number of contacts in the window) and ``gdelt_consultations`` (float, rounded to
        :data:`analysis.precision.DECIMALS` places); a dyad without contacts or consultations is 0.
    """
    keys = dyads[["outside", "party"]].astype(str).drop_duplicates()
    outside, parties = sorted(set(keys["outside"])), sorted(set(keys["party"]))
    c = contacts.astype({"outside": str, "party": str})
    c = c[(c["date"] >= pd.Timestamp(start)) & (c["date"] <= pd.Timestamp(end))]
    panel = c.groupby(["outside", "party"]).size()
    gdelt = gdelt_consultations(gdelt_events, start, end, outside, parties)
    index = pd.MultiIndex.from_frame(keys)
    out = pd.DataFrame(
        {
            "panel_contacts": panel.reindex(index, fill_value=0).astype(int),
            "gdelt_consultations": rounded(gdelt.reindex(index, fill_value=0.0).astype(float)),
        }
    )
    return out.reset_index()


def _spearman(a: pd.Series, b: pd.Series) -> float:
    if len(a) < 3:
        return float("nan")
    ra, rb = rounded(a).rank(method="average"), rounded(b).rank(method="average")
    if ra.nunique() < 2 or rb.nunique() < 2:
        return float("nan")
    return float(rounded(pd.Series([np.corrcoef(ra, rb)[0, 1]])).iloc[0])


def rank_agreement(table: pd.DataFrame) -> pd.DataFrame:
    """Spearman's rank correlation of panel contacts and GDELT consultations, per outside actor
    (over its dyads) and over all dyads (``all``); missing where fewer than 3 dyads or a constant
    column leave it undefined."""
    rows = [
        {"outside": actor, "dyads": len(g), "spearman": _spearman(g["panel_contacts"], g["gdelt_consultations"])}
        for actor, g in table.groupby("outside", sort=False)
    ]
    rows.append(
        {
            "outside": "all",
            "dyads": len(table),
            "spearman": _spearman(table["panel_contacts"], table["gdelt_consultations"]),
        }
    )
    return pd.DataFrame(rows, columns=["outside", "dyads", "spearman"])


def disagreements(table: pd.DataFrame, n: int = 5) -> pd.DataFrame:
    """The ``n`` dyads whose rank among all dyads differs most between the panel and GDELT (rank 1 =
    most contacts), largest difference first, ties in dyad order."""
    out = table.assign(
        panel_rank=rounded(table["panel_contacts"]).rank(method="average", ascending=False),
        gdelt_rank=rounded(table["gdelt_consultations"]).rank(method="average", ascending=False),
    )
    out["rank_difference"] = out["gdelt_rank"] - out["panel_rank"]
    out = out.assign(_abs=out["rank_difference"].abs()).sort_values(
        ["_abs", "outside", "party"], ascending=[False, True, True], kind="stable"
    )
    return out.drop(columns="_abs").head(n).reset_index(drop=True)
