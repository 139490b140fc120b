"""The period as a timeline: events per week by type, and the key events to label on it."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .graphs import in_window
from .precision import rounded

KEY_CODES = ("042", "043", "129", "045", "046")  # visits, hosting, vetoes, mediation, negotiation


def weekly_counts(events: pd.DataFrame, start, end, by: str = "plover_type") -> pd.DataFrame:
    """Events per week (weeks starting on Monday) by ``by``; every week of the window is a row,
    weeks without events count 0 (a count, not a missing measurement). Columns sorted.

    Parameters
    ----------
    events : DataFrame
        Event rows, with a ``date`` column and the column ``by``.
    start, end : date-like
        The window's first and last day, both included (both required).
    by : str, default "plover_type"
        The column whose values are counted.

    Returns
    -------
    DataFrame
        Integer counts, indexed by ``week`` (the Monday that starts it, from the week of ``start``
        to the last Monday not after ``end``), one column per value of ``by`` (as strings, sorted).
    """
    start, end = pd.Timestamp(start), pd.Timestamp(end)
    ev = in_window(events, "date", start, end)
    weeks = pd.date_range(start - pd.Timedelta(days=start.weekday()), end, freq="W-MON")
    week = ev["date"] - pd.to_timedelta(ev["date"].dt.day_of_week, unit="D")
    table = pd.crosstab(week.dt.normalize(), ev[by].astype(str)) if len(ev) else pd.DataFrame(index=weeks)
    table = table.reindex(weeks, fill_value=0)
    table.index.name, table.columns.name = "week", by
    return table[sorted(table.columns)].astype(int)


def key_events(events: pd.DataFrame, focal: str, start, end, n: int = 10) -> pd.DataFrame:
    """The focal actor's key events in the window, n at most, one per counterpart, in date order.

    Candidates are the focal actor's events, ranked by kind first (visits hosted or made, vetoes,
    mediation and negotiation: CAMEO 042, 043, 129, 045, 046), then by absolute Goldstein
    intensity, then by date and event id. Each counterpart keeps only its best-ranked event (so
    the two rows of one meeting, the visit and its hosting, count once), and the selection
    spreads over the focal actor's partners.

    Parameters
    ----------
    events : DataFrame
        Event rows.
    focal : str
        Actor code of the focal actor (as source or target).
    start, end : date-like or None
        The window, both days included; None leaves that end unbounded.
    n : int, default 10
        The most events returned.

    Returns
    -------
    DataFrame
        The chosen events in order of date and event id, with the columns ``event_id``, ``date``,
        ``source_actor``, ``target_actor``, ``cameo_code``, ``goldstein`` and ``label``
        (``"SRC→TGT code"``, to print on a timeline); a fresh integer index.
    """
    ev = in_window(events, "date", start, end)
    src, tgt = ev["source_actor"].astype(str), ev["target_actor"].astype(str)
    mine = (src == focal) | (tgt == focal)
    ev = ev[mine].assign(
        _key=ev.loc[mine, "cameo_code"].astype(str).isin(KEY_CODES),
        _abs=rounded(ev.loc[mine, "goldstein"].astype(float).abs()),
        _id=ev.loc[mine, "event_id"].astype(str),
        _other=tgt[mine].where(src[mine] == focal, src[mine]),
    )
    ranked = ev.sort_values(["_key", "_abs", "date", "_id"], ascending=[False, False, True, True])
    chosen = ranked.drop_duplicates("_other").head(n)
    out = chosen.sort_values(["date", "_id"])
    out = out.assign(
        label=out["source_actor"].astype(str)
        + "→"
        + out["target_actor"].astype(str)
        + " "
        + out["cameo_code"].astype(str)
    )
    return out[["event_id", "date", "source_actor", "target_actor", "cameo_code", "goldstein", "label"]].reset_index(
        drop=True
    )


@dataclass(frozen=True)
class EventShare:
    """How many of a window's events involve an actor (as source or target), out of how many."""

    involved: int
    total: int

    @property
    def share(self) -> float:
        """involved / total; NaN for a window without events."""
        return self.involved / self.total if self.total else float("nan")

    def sentence(self, actor: str) -> str:
        return f"{self.involved} of the {self.total} events of the window ({self.share:.0%}) involve {actor}."


def event_share(events: pd.DataFrame, actor: str, start, end) -> EventShare:
    """The share of the events dated in [start, end] that involve ``actor``: how far a collection
    centres on it (the curated events were collected around Russia).

    Parameters
    ----------
    events : DataFrame
        Event rows.
    actor : str
        Actor code, counted as source or target.
    start, end : date-like or None
        The window, both days included; None leaves that end unbounded.

    Returns
    -------
    EventShare
        The number of the window's events that involve ``actor`` and the number of its events.
    """
    window = in_window(events, "date", start, end)
    involved = (window["source_actor"].astype(str) == actor) | (window["target_actor"].astype(str) == actor)
    return EventShare(int(involved.sum()), len(window))
