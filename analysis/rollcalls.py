"""Roll-call summaries: each draft's vote pattern and who voted with its sponsor."""

from __future__ import annotations

import pandas as pd

from .graphs import in_window
from .tables import split_ids

BODIES = ("GA", "SC")


def roll_calls_in(rollcalls: pd.DataFrame, body: str | None = None, start=None, end=None) -> pd.DataFrame:
    """The roll calls of ``body`` ("GA" or "SC"; None for both) dated in [start, end] (an open
    end is unbounded): the one window filter of the roll-call measures."""
    if body is not None and body not in BODIES:
        raise ValueError("body must be 'GA' or 'SC'")
    rc = rollcalls if body is None else rollcalls[rollcalls["body"].astype(str) == body]
    return in_window(rc, "date", start, end)


def vote_patterns(rollcalls: pd.DataFrame, votes: pd.DataFrame, body: str = "SC", start=None, end=None) -> pd.DataFrame:
    """One row per roll call of ``body`` in the window: tallies, outcome, sponsor and the members
    that voted as the sponsor did (the first sponsor that voted; sponsors themselves excluded)."""
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
