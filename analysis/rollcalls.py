"""Roll-call summaries: each draft's vote pattern and who voted with its sponsor."""

from __future__ import annotations

import pandas as pd

from .graphs import in_window
from .tables import split_ids

BODIES = ("GA", "SC")


def roll_calls_in(rollcalls: pd.DataFrame, body: str | None = None, start=None, end=None) -> pd.DataFrame:
    """The roll calls of ``body`` dated in [start, end]: the one window filter of the roll-call
    measures.

    Parameters
    ----------
    rollcalls : DataFrame
        The roll-call table (columns ``body`` and ``date`` among others).
    body : {"GA", "SC"} or None, optional
        The General Assembly or the Security Council; None (the default) keeps both.
    start, end : date-like or None, optional
        The window's first and last day, both included; None leaves that end of the window
        unbounded.

    Returns
    -------
    DataFrame
        The matching rows of ``rollcalls``, unchanged and in their order.

    Raises
    ------
    ValueError
        If ``body`` is neither None, "GA" nor "SC".
    """
    if body is not None and body not in BODIES:
        raise ValueError(f"body = {body!r} is not one of: {', '.join(BODIES)}")
    rc = rollcalls if body is None else rollcalls[rollcalls["body"].astype(str) == body]
    return in_window(rc, "date", start, end)


def vote_patterns(rollcalls: pd.DataFrame, votes: pd.DataFrame, body: str = "SC", start=None, end=None) -> pd.DataFrame:
    """One row per roll call of ``body`` in the window: tallies, outcome, sponsor and the members
    that voted as the sponsor did (the first sponsor that voted; sponsors themselves excluded).

    Parameters
    ----------
    rollcalls : DataFrame
        The roll-call table.
    votes : DataFrame
        The individual votes (``rollcall_id``, ``actor_id``, ``vote``).
    body : {"SC", "GA"} or None, default "SC"
        The body whose roll calls are listed; None for both (:func:`roll_calls_in`).
    start, end : date-like or None, optional
        The window, both days included; None leaves that end unbounded.

    Returns
    -------
    DataFrame
        In order of date and roll-call id, the columns ``date`` (ISO string), ``rollcall_id``,
        ``subject``, ``sponsors``, ``outcome``, ``tally`` (``"yes-no-abstain"`` as recorded on the
        roll call), ``yes``, ``no``, ``abstain`` (the members recorded with each vote) and
        ``with_sponsor``; lists of actors are ';'-joined and sorted. ``with_sponsor`` is empty
        when no sponsor voted. An empty frame without columns when there is no roll call.
    """
    rc = roll_calls_in(rollcalls, body, start, end)
    v = votes.assign(
        rollcall_id=votes["rollcall_id"].astype(str),
        actor_id=votes["actor_id"].astype(str),
        vote=votes["vote"].astype(str),
    )
    rows = []
    for _, r in rc.sort_values(["date", "rollcall_id"]).iterrows():
        rid = str(r["rollcall_id"])
        these = v[v["rollcall_id"] == rid].set_index("actor_id")["vote"]
        sponsors = split_ids(r["sponsors"])
        voting_sponsor = next((s for s in sponsors if s in these.index), None)
        with_sponsor = sorted(
            a for a, x in these.items() if voting_sponsor and x == these[voting_sponsor] and a not in sponsors
        )
        rows.append(
            {
                "date": r["date"].date().isoformat(),
                "rollcall_id": rid,
                "subject": str(r["vote_subject"]),
                "sponsors": ";".join(sponsors),
                "outcome": str(r["outcome"]),
                "tally": f"{r['yes']}-{r['no']}-{r['abstain']}",
                "yes": ";".join(sorted(these[these == "yes"].index)),
                "no": ";".join(sorted(these[these == "no"].index)),
                "abstain": ";".join(sorted(these[these == "abstain"].index)),
                "with_sponsor": ";".join(with_sponsor),
            }
        )
    return pd.DataFrame(rows)


def sponsored_by(patterns: pd.DataFrame, actor: str) -> pd.DataFrame:
    """The roll calls of :func:`vote_patterns` an actor sponsored (alone or jointly); the empty
    table as it is when there is no roll call."""
    if patterns.empty:
        return patterns
    return patterns[patterns["sponsors"].astype(str).str.split(";").apply(lambda s: actor in s)]
