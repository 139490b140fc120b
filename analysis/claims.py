"""The source article's claims as testable findings: each a measure, its value and a verdict.

Every claim is a function of the tables (and of a focal actor, Russia by default) that returns
a :class:`Finding`. The rule that turns the figure into a verdict is written in the function's
``RULE`` text, shown next to the verdict in the briefing notebook, and tested on small
synthetic tables for each outcome. Verdicts: ``supported``, ``mixed``, ``not supported``,
``insufficient evidence`` when the window holds less than the rule's stated minimum (the ``MIN_``
constants below; the value shows the counts), and ``no data`` when it holds nothing to judge by
(never a silent "not supported").

The claims (docs/claims.md, section 2, same numbering):

1. working relations with all four key parties at once (Israel, Palestinian Authority, Hamas, Iran);
2. a broker between opposing camps;
3. relations with Israel strained since the war began;
4. close to Tehran;
5. its initiatives at the UN failed;
6. influence sought through ties with Hamas and Abbas;
7. its leverage limited next to US naval power.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from .balance import unbalanced_triangles
from .brokerage import brokerage_roles
from .centrality import centrality_table, ranks
from .graphs import combined_network, event_network, in_window, ties_in_force
from .leverage import indices, sensitivity
from .panel import OUTSIDE, covered_actors, events_for
from .precision import rounded
from .rollcalls import sponsored_by, vote_patterns
from .similarity import similarity, vote_matrix

SUPPORTED, MIXED, NOT_SUPPORTED, NO_DATA = "supported", "mixed", "not supported", "no data"
INSUFFICIENT = "insufficient evidence"
#: Fewest events behind a verdict: of a dyad in a window for its mean intensity (claims 3 and 4), of the
#: actor with the parties it is judged on (claims 1 and 6), of the actor in the network (claim 2).
MIN_EVENTS = 3
#: Fewest actors in the network for a betweenness rank to enter a verdict (claim 2): the top three of a
#: handful of actors says nothing.
MIN_NETWORK_ACTORS = 10
#: Fewest Security Council drafts the actor sponsored for "its initiatives failed" (claim 5).
MIN_DRAFTS = 2
#: Fewest actors with both indices for the power gap to enter a verdict (claim 7): an OLS line through
#: three or four points moves with each of them.
MIN_COMPARED = 5
#: Resamples and level of the bootstrap interval of a difference of means (claim 3).
BOOTSTRAP_DRAWS, BOOTSTRAP_LEVEL = 2000, 0.90
PARTIES = ("ISR", "PSE", "HAMAS", "IRN")
VISIT_CODES = {"042": "visit", "043": "host"}


@dataclass(frozen=True)
class Finding:
    claim: str
    measure: str
    value: str
    verdict: str
    rule: str
    details: pd.DataFrame | dict = field(default_factory=dict)
    data: str = ""  # the collections its figures come from, e.g. "events (panel), ties"
    #: the numbers ``value`` displays, by name (NaN or None where there is none): compute with these,
    #: never with the text
    figures: dict = field(default_factory=dict)

    def row(self) -> dict:
        return {
            "claim": self.claim,
            "measure": self.measure,
            "value": self.value,
            "verdict": self.verdict,
            "rule": self.rule,
            "data": self.data,
        }


def _pair_ties(ties: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    """The ties between ``a`` and ``b``, in either order."""
    x, y = ties["actor_a"].astype(str), ties["actor_b"].astype(str)
    return ties[((x == a) & (y == b)) | ((x == b) & (y == a))]


def _dyad(events: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    s, t = events["source_actor"].astype(str), events["target_actor"].astype(str)
    return events[((s == a) & (t == b)) | ((s == b) & (t == a))]


def verdict_table(findings: list[Finding]) -> pd.DataFrame:
    """One row per finding: claim, measure, value, verdict, rule and data (numbers in
    ``Finding.figures`` are not columns).
    """
    return pd.DataFrame([f.row() for f in findings], columns=["claim", "measure", "value", "verdict", "rule", "data"])


#: The seven claims' short names, in the order of docs/claims.md and of :func:`brief`: the rows of the
#: report index's matrix, the same whatever the focal actor.
CLAIM_TITLES = (
    "1. working relations with all four parties",
    "2. broker between camps",
    "3. relations with Israel strained",
    "4. close to Iran",
    "5. Security Council initiatives failed",
    "6. influence through Hamas and Abbas",
    "7. leverage limited next to the rival's power",
)


def index_table(findings: list[Finding]) -> pd.DataFrame:
    """The briefing's findings for the report's index page (:func:`analysis.record.record_for_index`):
    one row per claim, ``item`` its short name, ``verdict``, and ``detail`` the claim as evaluated
    with its measure and value."""
    if len(findings) != len(CLAIM_TITLES):
        raise ValueError(f"the index takes the {len(CLAIM_TITLES)} claims of brief(), not {len(findings)} findings")
    return pd.DataFrame(
        [
            {"item": title, "verdict": f.verdict, "detail": f"{f.claim}: {f.measure}: {f.value}"}
            for title, f in zip(CLAIM_TITLES, findings)
        ],
        columns=["item", "verdict", "detail"],
    )


# 1 -------------------------------------------------------------------------------------------
RULE_WORKING_RELATIONS = (
    "needs at least 3 events of the actor with the four parties together in the window, "
    "else insufficient evidence; supported if the actor has at least one cooperative event "
    "(Goldstein > 0, either direction) with each of the four parties in the window and no "
    "diplomatic rupture with any of them in force; mixed with two or three such parties; "
    "not supported with fewer"
)


def working_relations(
    events: pd.DataFrame, ties: pd.DataFrame, actor: str, start=None, end=None, parties=PARTIES
) -> Finding:
    """The rule of claim 1 (:data:`RULE_WORKING_RELATIONS`).

    Parameters
    ----------
    events, ties : DataFrame
        Event rows and standing ties.
    actor : str
        The actor judged.
    start, end : date-like, optional
        The window; open ends are unbounded.
    parties : tuple of str
        The parties a working relation is looked for with (the actor itself is left out).

    Returns
    -------
    Finding
        Its details are one row per party (cooperative and conflictual events, rupture, working).
    """
    ev = in_window(events, "date", start, end)
    ti = ties_in_force(ties, start=start, end=end)
    rows = []
    for p in parties:
        if p == actor:
            continue
        d = _dyad(ev, actor, p)
        g = d["goldstein"].astype(float)
        pair = _pair_ties(ti, actor, p)
        rupture = bool((pair["tie_type"].astype(str) == "diplomatic_rupture").any())
        rows.append(
            {
                "party": p,
                "cooperative_events": int((g > 0).sum()),
                "conflictual_events": int((g < 0).sum()),
                "rupture": rupture,
                "working": bool((g > 0).any() and not rupture),
            }
        )
    table = pd.DataFrame(rows, columns=["party", "cooperative_events", "conflictual_events", "rupture", "working"])
    n, total = int(table["working"].sum()), len(table)
    seen = int(table["cooperative_events"].sum() + table["conflictual_events"].sum())
    figures = {"parties_working": n, "parties": total, "events": seen}
    claim = f"{actor} keeps working relations with all four key parties at once"
    measure = "parties with cooperative events and no rupture"
    if total and seen < MIN_EVENTS:
        return Finding(
            claim,
            measure,
            f"{seen} events with the parties ({MIN_EVENTS} needed)",
            INSUFFICIENT,
            RULE_WORKING_RELATIONS,
            table,
            figures=figures,
        )
    if total == 0:
        verdict = NO_DATA
    elif n == total:
        verdict = SUPPORTED
    elif n >= 2:
        verdict = MIXED
    else:
        verdict = NOT_SUPPORTED
    return Finding(
        claim,
        measure,
        f"{n} of {total}: " + ", ".join(table.loc[table["working"], "party"]) + f" ({seen} events)",
        verdict,
        RULE_WORKING_RELATIONS,
        table,
        figures=figures,
    )


def actors_with_working_relations(
    events: pd.DataFrame, ties: pd.DataFrame, start=None, end=None, parties=PARTIES
) -> list[str]:
    """Every actor that has working relations (as in claim 1) with all four parties in the window.

    Parameters
    ----------
    events, ties : DataFrame
        Event rows and standing ties.
    start, end : date-like, optional
        The window; open ends are unbounded.
    parties : tuple of str, default PARTIES
        The parties a working relation is looked for with.

    Returns
    -------
    list of str
        The actors, sorted, for which :func:`working_relations` is ``supported`` (so with at least
        :data:`MIN_EVENTS` events with the parties); the parties themselves are never listed.
    """
    ev = in_window(events, "date", start, end)
    ti = ties_in_force(ties, start=start, end=end)  # once: the calls below see only these
    ev = ev.assign(source_actor=ev["source_actor"].astype(str), target_actor=ev["target_actor"].astype(str))
    # only an actor with a cooperative event with every party can qualify
    coop = ev[ev["goldstein"].astype(float) > 0]
    candidates = None
    for p in parties:
        touching = set(coop.loc[coop["target_actor"] == p, "source_actor"]) | set(
            coop.loc[coop["source_actor"] == p, "target_actor"]
        )
        candidates = touching if candidates is None else candidates & touching
    return [
        a
        for a in sorted(candidates or ())
        if a not in parties and working_relations(ev, ti, a, parties=parties).verdict == SUPPORTED
    ]


# 2 -------------------------------------------------------------------------------------------
RULE_BROKER = (
    "needs a network of at least 10 actors and at least 3 events of the actor in it, else "
    "insufficient evidence; supported if the actor's betweenness rank is in the top tenth of the "
    "network's actors (at least the top three) and it sits in at least one unbalanced triangle; mixed "
    "if only one of the two holds; not supported if neither"
)


def broker(
    betweenness_rank: int | None,
    n_actors: int,
    unbalanced_triangles: int,
    actor: str,
    details: pd.DataFrame | dict | None = None,
    *,
    actor_events: int | None = None,
) -> Finding:
    """Claim 2 from the actor's betweenness rank among ``n_actors``, its unbalanced triangles and
    (when given) its number of events in the network's window, ``actor_events``.

    The rule is :data:`RULE_BROKER`: the top tenth is ``max(3, ceil(0.1 x n_actors))`` ranks.

    Parameters
    ----------
    betweenness_rank : int or None
        The actor's betweenness rank (1 = most central); None when it is not in the network.
    n_actors : int
        Number of actors in the network (0: no network, ``no data``).
    unbalanced_triangles : int
        Number of unbalanced triangles the actor sits in.
    actor : str
        The actor judged.
    details : DataFrame or dict, optional
        Shown as the finding's details (None: an empty dict).
    actor_events : int, optional
        The actor's events in the window; None leaves the :data:`MIN_EVENTS` test out.

    Returns
    -------
    Finding
        Its figures hold the four numbers; ``no data`` without a rank, ``insufficient evidence``
        below :data:`MIN_NETWORK_ACTORS` actors or :data:`MIN_EVENTS` events.
    """
    figures = {
        "betweenness_rank": betweenness_rank,
        "actors": n_actors,
        "unbalanced_triangles": unbalanced_triangles,
        "actor_events": actor_events,
    }
    if betweenness_rank is None or n_actors == 0:
        return Finding(
            f"{actor} is a broker between opposing camps",
            "betweenness rank; unbalanced triangles",
            "actor not in the network",
            NO_DATA,
            RULE_BROKER,
            figures=figures,
        )
    if n_actors < MIN_NETWORK_ACTORS or (actor_events is not None and actor_events < MIN_EVENTS):
        shown = f"{n_actors} actors in the network ({MIN_NETWORK_ACTORS} needed)"
        if actor_events is not None:
            shown += f"; {actor_events} events of the actor ({MIN_EVENTS} needed)"
        return Finding(
            f"{actor} is a broker between opposing camps",
            "betweenness rank; unbalanced triangles",
            shown,
            INSUFFICIENT,
            RULE_BROKER,
            details if details is not None else {},
            figures=figures,
        )
    top = max(3, math.ceil(0.1 * n_actors))
    hits = (betweenness_rank <= top) + (unbalanced_triangles >= 1)
    verdict = {2: SUPPORTED, 1: MIXED, 0: NOT_SUPPORTED}[hits]
    return Finding(
        f"{actor} is a broker between opposing camps",
        "betweenness rank; unbalanced triangles",
        f"rank {betweenness_rank} of {n_actors} (top {top} needed); {unbalanced_triangles} unbalanced triangles",
        verdict,
        RULE_BROKER,
        details if details is not None else {},
        figures=figures,
    )


# 3 -------------------------------------------------------------------------------------------
RULE_STRAINED = (
    "needs at least 3 actor-Israel events (both directions) in each window, else insufficient "
    "evidence (no data without any); supported if the mean Goldstein intensity from the split date "
    "on is lower than before it and the 90% bootstrap interval of the difference lies entirely at "
    "or below -1 point; not supported if it is not lower; mixed if lower but the interval does not "
    "clear -1"
)


def difference_interval(
    before, after, *, draws: int = BOOTSTRAP_DRAWS, level: float = BOOTSTRAP_LEVEL, seed: int = 0
) -> tuple[float, float]:
    """Percentile bootstrap interval of mean(after) - mean(before), resampling each window's values
    with replacement (seeded); rounded, like every value a verdict is decided on.

    Parameters
    ----------
    before, after : array-like of float
        The two windows' values (Goldstein intensities in claim 3); neither may be empty.
    draws : int, default BOOTSTRAP_DRAWS
        Number of bootstrap resamples.
    level : float, default BOOTSTRAP_LEVEL
        Coverage of the interval (0.90: the 5th and 95th percentiles of the resampled differences).
    seed : int, default 0
        Seed of the random generator (:func:`numpy.random.default_rng`).

    Returns
    -------
    tuple of float
        The interval's lower and upper ends, rounded to :data:`analysis.precision.DECIMALS` places.
    """
    rng = np.random.default_rng(seed)
    a, b = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    diffs = rng.choice(b, (draws, len(b))).mean(axis=1) - rng.choice(a, (draws, len(a))).mean(axis=1)
    lo, hi = np.quantile(diffs, [(1 - level) / 2, (1 + level) / 2])
    return rounded(lo), rounded(hi)


def strained(events: pd.DataFrame, actor: str, other: str, baseline: tuple, war: tuple, *, seed: int = 0) -> Finding:
    """The rule of claim 3 (:data:`RULE_STRAINED`).

    Parameters
    ----------
    events : DataFrame
        Event rows.
    actor, other : str
        The dyad (the focal actor and Israel).
    baseline, war : tuple
        The two windows compared, (start, end) each.
    seed : int
        Seed of the bootstrap interval (:func:`difference_interval`).

    Returns
    -------
    Finding
        Its details give each window's events, mean Goldstein intensity and conflictual share.
    """
    figures = {}
    if actor == other:
        return Finding(
            f"{actor}'s relations with {other} have been strained since the war began",
            "mean Goldstein of the dyad, war minus baseline",
            f"not applicable: the focal actor is {other}",
            NO_DATA,
            RULE_STRAINED,
            pd.DataFrame(),
            figures=figures,
        )
    d = _dyad(events, actor, other)
    before = in_window(d, "date", *baseline)["goldstein"].astype(float)
    after = in_window(d, "date", *war)["goldstein"].astype(float)
    table = pd.DataFrame(
        {
            "events": [len(before), len(after)],
            "mean_goldstein": [before.mean() if len(before) else np.nan, after.mean() if len(after) else np.nan],
            "conflictual_share": [
                (before < 0).mean() if len(before) else np.nan,
                (after < 0).mean() if len(after) else np.nan,
            ],
        },
        index=["baseline", "war"],
    )
    claim = f"{actor}'s relations with {other} have been strained since the war began"
    figures = {
        "baseline_events": len(before),
        "war_events": len(after),
        "baseline_mean": rounded(before.mean()) if len(before) else np.nan,
        "war_mean": rounded(after.mean()) if len(after) else np.nan,
    }
    if len(before) < MIN_EVENTS or len(after) < MIN_EVENTS:
        return Finding(
            claim,
            "mean Goldstein of the dyad, war minus baseline",
            f"{len(before)} baseline and {len(after)} war events ({MIN_EVENTS} needed in each)",
            NO_DATA if not len(before) or not len(after) else INSUFFICIENT,
            RULE_STRAINED,
            table,
            figures=figures,
        )
    delta = rounded(after.mean() - before.mean())
    lo, hi = difference_interval(before, after, seed=seed)
    figures.update(difference=delta, interval_low=lo, interval_high=hi)
    verdict = NOT_SUPPORTED if delta >= 0 else SUPPORTED if hi <= -1.0 else MIXED
    return Finding(
        claim,
        "mean Goldstein of the dyad, war minus baseline",
        f"{before.mean():+.2f} -> {after.mean():+.2f} ({delta:+.2f}, 90% interval {lo:+.2f} to {hi:+.2f}; "
        f"{len(before)} and {len(after)} events)",
        verdict,
        RULE_STRAINED,
        table,
        figures=figures,
    )


# 4 -------------------------------------------------------------------------------------------
RULE_CLOSE = (
    "three tests: the standing ties in force sum to a positive value (sign x strength); the dyad's "
    "events (at least 3, else the test has no data) have a positive mean Goldstein intensity; the "
    "pair's General Assembly agreement is above "
    "the median of the actor's agreement with all members. Supported if all three hold; mixed if one "
    "or two hold (a test without data does not hold); not supported if none holds; no data if no "
    "test can be computed"
)


def close_to(
    events: pd.DataFrame,
    ties: pd.DataFrame,
    agreement: pd.DataFrame | None,
    actor: str,
    other: str,
    start=None,
    end=None,
) -> Finding:
    """The rule of claim 4 (:data:`RULE_CLOSE`).

    Parameters
    ----------
    events, ties : DataFrame
        Event rows and standing ties.
    agreement : DataFrame or None
        General Assembly raw agreement between members (None when the window has no roll call).
    actor, other : str
        The dyad (the focal actor and Iran).
    start, end : date-like, optional
        The window.

    Returns
    -------
    Finding
        Its details say whether each test (ties, events, un_votes) holds, or has no data.
    """
    figures = {}
    if actor == other:
        return Finding(
            f"{actor} is close to {other}",
            "ties, events, UN agreement",
            f"not applicable: the focal actor is {other}",
            NO_DATA,
            RULE_CLOSE,
            {},
            figures=figures,
        )
    ti = ties_in_force(ties, start=start, end=end)
    pair = _pair_ties(ti, actor, other)
    tie_value = rounded((pair["sign"].astype(float) * pair["strength"].astype(float)).sum()) if len(pair) else np.nan
    d = in_window(_dyad(events, actor, other), "date", start, end)["goldstein"].astype(float)
    mean_event = rounded(d.mean()) if len(d) >= MIN_EVENTS else np.nan
    agree = median = np.nan
    if agreement is not None and actor in agreement.index and other in agreement.columns:
        agree = float(agreement.at[actor, other])
        median = rounded(agreement.loc[actor].drop(actor, errors="ignore").median())
    figures = {
        "ties": tie_value,
        "events": len(d),
        "mean_event": mean_event,
        "ga_agreement": agree,
        "ga_median": median,
    }
    tests = {
        "ties": None if np.isnan(tie_value) else tie_value > 0,
        "events": None if np.isnan(mean_event) else mean_event > 0,
        "un_votes": None if np.isnan(agree) or np.isnan(median) else agree > median,
    }
    known = [v for v in tests.values() if v is not None]
    passed = sum(known)
    verdict = NO_DATA if not known else SUPPORTED if passed == 3 else MIXED if passed else NOT_SUPPORTED
    value = "; ".join(
        [
            "no tie in force" if np.isnan(tie_value) else f"ties {tie_value:+g}",
            (
                "no event"
                if not len(d)
                else f"{len(d)} events ({MIN_EVENTS} needed)"
                if np.isnan(mean_event)
                else f"mean event {mean_event:+.2f} over {len(d)}"
            ),
            "no common GA vote"
            if np.isnan(agree) or np.isnan(median)
            else f"GA agreement {agree:.3f} vs median {median:.3f}",
        ]
    )
    return Finding(
        f"{actor} is close to {other}",
        "ties, events, UN agreement",
        value,
        verdict,
        RULE_CLOSE,
        {k: ("no data" if v is None else bool(v)) for k, v in tests.items()},
        figures=figures,
    )


# 5 -------------------------------------------------------------------------------------------
RULE_UN_FAILED = (
    "needs at least 2 Security Council drafts sponsored by the actor in the window, else "
    "insufficient evidence (no data with none); supported if none was adopted; mixed if some were "
    "adopted but fewer than half; not supported if at least half were adopted"
)


def un_initiatives(patterns: pd.DataFrame, actor: str) -> Finding:
    """The rule of claim 5 (:data:`RULE_UN_FAILED`) on the Security Council roll calls of
    :func:`analysis.rollcalls.vote_patterns`: those ``actor`` sponsored, and how many were adopted.
    """
    mine = sponsored_by(patterns, actor)
    n = len(mine)
    adopted = int((mine["outcome"] == "adopted").sum()) if n else 0
    figures = {"sponsored": n, "adopted": adopted}
    claim = f"{actor}'s initiatives in the Security Council failed"
    if n == 0:
        return Finding(
            claim,
            "drafts sponsored; adopted",
            "no draft sponsored in the window",
            NO_DATA,
            RULE_UN_FAILED,
            mine,
            figures=figures,
        )
    if n < MIN_DRAFTS:
        return Finding(
            claim,
            "drafts sponsored; adopted",
            f"{n} sponsored, {adopted} adopted ({MIN_DRAFTS} drafts needed)",
            INSUFFICIENT,
            RULE_UN_FAILED,
            mine,
            figures=figures,
        )
    verdict = SUPPORTED if adopted == 0 else MIXED if adopted < n / 2 else NOT_SUPPORTED
    return Finding(
        claim,
        "drafts sponsored; adopted",
        f"{n} sponsored, {adopted} adopted",
        verdict,
        RULE_UN_FAILED,
        mine,
        figures=figures,
    )


# 6 -------------------------------------------------------------------------------------------
RULE_COURTING = (
    "needs at least 3 events of the actor with Hamas and the Palestinian Authority together in the "
    "window, else insufficient evidence; supported if, in the window, the actor hosted or received "
    "visits (CAMEO 042/043) from both (from the other one, when the actor is one of them); mixed "
    "if from one of them; not supported if from neither"
)


def courting(events: pd.DataFrame, actor: str, start=None, end=None, partners=("HAMAS", "PSE")) -> Finding:
    """The rule of claim 6 (:data:`RULE_COURTING`).

    Parameters
    ----------
    events : DataFrame
        Event rows.
    actor : str
        The actor judged.
    start, end : date-like, optional
        The window.
    partners : tuple of str
        Hamas and the Palestinian Authority (the actor itself is left out).

    Returns
    -------
    Finding
        Its details are one row per partner (events, visits, the visits' event ids).
    """
    ev = in_window(events, "date", start, end)
    partners = tuple(p for p in partners if p != actor)  # Hamas is not courted by itself
    rows = []
    for p in partners:
        d = _dyad(ev, actor, p)
        visits = d[d["cameo_code"].astype(str).isin(VISIT_CODES)]
        rows.append(
            {
                "partner": p,
                "events": len(d),
                "visits": len(visits),
                "event_ids": ";".join(sorted(visits["event_id"].astype(str))),
            }
        )
    table = pd.DataFrame(rows, columns=["partner", "events", "visits", "event_ids"])
    n, seen = int((table["visits"] > 0).sum()), int(table["events"].sum())
    claim = f"{actor} seeks influence through ties with Hamas and Abbas"
    measure = "visit events (042/043) with each partner"
    visits = {f"visits_{r.partner}": int(r.visits) for r in table.itertuples()}
    figures = {"events": seen, "partners_visited": n, **visits}
    if seen < MIN_EVENTS:
        return Finding(
            claim,
            measure,
            f"{seen} events with " + " and ".join(partners) + f" ({MIN_EVENTS} needed)",
            INSUFFICIENT,
            RULE_COURTING,
            table,
            figures=figures,
        )
    verdict = SUPPORTED if n == len(partners) else MIXED if n else NOT_SUPPORTED
    return Finding(
        claim,
        measure,
        "; ".join(f"{r.partner} {r.visits} visits of {r.events} events" for r in table.itertuples()),
        verdict,
        RULE_COURTING,
        table,
        figures=figures,
    )


# 7 -------------------------------------------------------------------------------------------
RULE_LEVERAGE = (
    "needs at least 5 actors with both indices, else insufficient evidence; supported if the "
    "actor's power gap is positive (more influence than its leverage predicts) and the rival's "
    "leverage index (the United States by default) exceeds the actor's; mixed if one of the two "
    "holds; not supported if neither; no data if either actor lacks an index"
)


def limited_leverage(
    gap: pd.DataFrame, actor: str, rival: str = "USA", interval: pd.DataFrame | None = None
) -> Finding:
    """The rule of claim 7 (:data:`RULE_LEVERAGE`).

    Parameters
    ----------
    gap : DataFrame
        :func:`analysis.leverage.power_gap` (gap and leverage per actor).
    actor, rival : str
        The focal actor and the power it is compared with.
    interval : DataFrame, optional
        The gap's rank intervals (``intervals`` of :class:`analysis.leverage.Sensitivity`), shown
        with the value.

    Returns
    -------
    Finding
        Its figures hold the gap, both leverage indices and the number of actors compared.
    """
    claim = f"{actor}'s leverage is limited next to {rival} power"
    figures = {"compared": len(gap)}
    if actor not in gap.index or rival not in gap.index:
        return Finding(
            claim,
            "power gap; leverage index",
            "index missing for " + ", ".join(a for a in (actor, rival) if a not in gap.index),
            NO_DATA,
            RULE_LEVERAGE,
            figures=figures,
        )
    if len(gap) < MIN_COMPARED:
        return Finding(
            claim,
            "power gap; leverage index",
            f"{len(gap)} actors with both indices ({MIN_COMPARED} needed)",
            INSUFFICIENT,
            RULE_LEVERAGE,
            figures=figures,
        )
    g, lev, lev_r = float(gap.at[actor, "gap"]), float(gap.at[actor, "leverage"]), float(gap.at[rival, "leverage"])
    figures.update(gap=g, leverage=lev, rival_leverage=lev_r)
    hits = (g > 0) + (lev_r > lev)
    verdict = {2: SUPPORTED, 1: MIXED, 0: NOT_SUPPORTED}[hits]
    value = f"gap {g:+.3f}; leverage {lev:.3f} vs {rival} {lev_r:.3f}"
    if interval is not None and actor in interval.index:
        figures.update(
            gap_rank=int(interval.at[actor, "baseline_rank"]),
            gap_rank_p05=float(interval.at[actor, "rank_p05"]),
            gap_rank_p95=float(interval.at[actor, "rank_p95"]),
        )
        value += (
            f"; gap rank {int(interval.at[actor, 'baseline_rank'])} "
            f"(5-95%: {interval.at[actor, 'rank_p05']:g}-{interval.at[actor, 'rank_p95']:g})"
        )
    return Finding(claim, "power gap; leverage index", value, verdict, RULE_LEVERAGE, figures=figures)


# ---- each claim measured from the tables -----------------------------------------------------
#
# One signature for all seven: (tables, focal, window, ...) -> Finding, window = (start, end). Each
# measures for itself with the package's default settings and says which data its figures come
# from; the functions above hold the rules, tested on hand-made cases.

#: The war window and the pre-war baseline the claims are judged on by default.
WAR, BASELINE = ("2023-10-07", "2024-12-31"), ("2023-01-01", "2023-10-06")


def _event_rows(tables, events: pd.DataFrame | None, collection: str) -> pd.DataFrame:
    return events_for(tables, collection) if events is None else events


def _on(finding: Finding, tables, focal: str, collection: str, data: str) -> Finding:
    """The finding with its data named; on the panel, an actor the panel does not search (any of the
    four parties, or an actor outside the panel) gets no data: no contact with a party is no
    evidence of none there."""
    if collection == "panel" and focal not in covered_actors(tables) and not finding.value.startswith("not applicable"):
        finding = replace(
            finding,
            value=f"not measured: the contacts panel searches only its {len(OUTSIDE)} outside actors' dyads with "
            "the parties (events='all' adds the curated events)",
            verdict=NO_DATA,
        )  # the details still show what the panel holds
    return replace(finding, data=data)


def claim_working_relations(
    tables, focal: str, window=WAR, *, events: pd.DataFrame | None = None, collection: str = "panel"
) -> Finding:
    """Claim 1 for ``focal`` over ``window`` (:func:`working_relations` on the chosen events and the ties).

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    focal : str
        The actor the claim is judged for.
    window : tuple, default WAR
        The window (start, end), both days included; None for an open end.
    events : DataFrame, optional
        The event rows; None reads ``collection`` (:func:`analysis.panel.events_for`).
    collection : str, default "panel"
        The event collection ("panel", "all", "context" or the path of an events file), read when
        ``events`` is None and named in the finding's ``data``.

    Returns
    -------
    Finding
        Its ``data`` names the event collection and the ties.
        On the panel, an actor the panel does not cover (:func:`analysis.panel.covered_actors`)
        gets ``no data``, its details still showing what the panel holds.
    """
    rows = _event_rows(tables, events, collection)
    finding = working_relations(rows, tables.ties, focal, *window)
    return _on(finding, tables, focal, collection, f"events ({collection}), ties")


def claim_broker(
    tables, focal: str, window=WAR, *, events: pd.DataFrame | None = None, collection: str = "panel"
) -> Finding:
    """Claim 2: the focal actor's betweenness rank on the event network of the window, its
    unbalanced triangles in the combined signed network (events and ties, equal shares) and its
    Gould-Fernandez brokerage on the cooperative edges, judged by :func:`broker`.

    The event network is :func:`analysis.graphs.event_network` with its defaults (net layer); the
    brokerage roles (all actors in one group) are shown in the details only.

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    focal : str
        The actor the claim is judged for.
    window : tuple, default WAR
        The window (start, end), both days included; None for an open end.
    events : DataFrame, optional
        The event rows; None reads ``collection`` (:func:`analysis.panel.events_for`).
    collection : str, default "panel"
        The event collection ("panel", "all", "context" or the path of an events file), read when
        ``events`` is None and named in the finding's ``data``.

    Returns
    -------
    Finding
        ``no data`` when the focal actor is not in the event network or the network has no link;
        its details hold the brokerage table (None without a cooperative edge) and the unbalanced
        triangles.
    """
    rows = _event_rows(tables, events, collection)
    start, end = window
    G = event_network(rows, start, end)
    if focal not in G or not G.number_of_edges():
        return replace(broker(None, 0, 0, focal), data=f"events ({collection}), ties")
    rank = int(ranks(centrality_table(G, measures=("betweenness",))).at[focal, "betweenness"])
    S = combined_network(rows, tables.ties, start, end)
    tri = unbalanced_triangles(S, focal) if focal in S else pd.DataFrame()
    coop = G.edge_subgraph([(u, v) for u, v, d in G.edges(data=True) if d["sign"] > 0]).copy()
    roles = brokerage_roles(coop, {n: 0 for n in coop.nodes}) if coop.number_of_edges() else None
    w = in_window(rows, "date", start, end)
    own = int(((w["source_actor"].astype(str) == focal) | (w["target_actor"].astype(str) == focal)).sum())
    finding = broker(
        rank, G.number_of_nodes(), len(tri), focal, {"brokerage": roles, "unbalanced_triangles": tri}, actor_events=own
    )
    return replace(finding, data=f"events ({collection}), ties")


def claim_strained(
    tables,
    focal: str,
    window=WAR,
    *,
    baseline=BASELINE,
    other: str = "ISR",
    events: pd.DataFrame | None = None,
    collection: str = "panel",
    seed: int = 0,
) -> Finding:
    """Claim 3: the focal actor's events with ``other`` (Israel) in ``window`` against ``baseline``
    (:func:`strained`, its bootstrap interval seeded with ``seed``).

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    focal : str
        The actor the claim is judged for.
    window : tuple, default WAR
        The window (start, end), both days included; None for an open end.
    baseline : tuple, default BASELINE
        The pre-war window (start, end) compared with ``window``.
    other : str, default "ISR"
        The other actor of the dyad.
    events : DataFrame, optional
        The event rows; None reads ``collection`` (:func:`analysis.panel.events_for`).
    collection : str, default "panel"
        The event collection ("panel", "all", "context" or the path of an events file), read when
        ``events`` is None and named in the finding's ``data``.
    seed : int, default 0
        Seed of the bootstrap interval.

    Returns
    -------
    Finding
        Its ``data`` names the event collection.
        On the panel, an actor the panel does not cover (:func:`analysis.panel.covered_actors`)
        gets ``no data``, its details still showing what the panel holds.
    """
    rows = _event_rows(tables, events, collection)
    finding = strained(rows, focal, other, baseline, window, seed=seed)
    return _on(finding, tables, focal, collection, f"events ({collection})")


def claim_close_to(
    tables,
    focal: str,
    window=WAR,
    *,
    other: str = "IRN",
    events: pd.DataFrame | None = None,
    collection: str = "panel",
) -> Finding:
    """Claim 4: ties in force, the dyad's events and General Assembly raw agreement in the window
    (:func:`close_to`).

    The agreement is :func:`analysis.similarity.similarity` (``"agreement"``) of the General
    Assembly roll calls in the window; with no roll call the UN test has no data.

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    focal : str
        The actor the claim is judged for.
    window : tuple, default WAR
        The window (start, end), both days included; None for an open end.
    other : str, default "IRN"
        The other actor of the dyad.
    events : DataFrame, optional
        The event rows; None reads ``collection`` (:func:`analysis.panel.events_for`).
    collection : str, default "panel"
        The event collection ("panel", "all", "context" or the path of an events file), read when
        ``events`` is None and named in the finding's ``data``.

    Returns
    -------
    Finding
        Its ``data`` names the event collection, the ties and the GA roll calls (no panel coverage
        test: an actor the panel does not cover is judged on what the collection holds).
    """
    rows = _event_rows(tables, events, collection)
    matrix = vote_matrix(tables.votes, tables.rollcalls, "GA", *window)
    agreement = similarity(matrix, "agreement") if matrix.shape[1] else None
    finding = close_to(rows, tables.ties, agreement, focal, other, *window)
    return replace(finding, data=f"events ({collection}), ties, GA roll calls")


def claim_un_initiatives(tables, focal: str, window=WAR) -> Finding:
    """Claim 5: the Security Council drafts the focal actor sponsored in the window (:func:`un_initiatives`).

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    focal : str
        The actor the claim is judged for.
    window : tuple, default WAR
        The window (start, end), both days included; None for an open end.

    Returns
    -------
    Finding
        Its details are the drafts the actor sponsored (:func:`analysis.rollcalls.vote_patterns`).
    """
    patterns = vote_patterns(tables.rollcalls, tables.votes, "SC", *window)
    return replace(un_initiatives(patterns, focal), data="SC roll calls")


def claim_courting(
    tables, focal: str, window=WAR, *, events: pd.DataFrame | None = None, collection: str = "panel"
) -> Finding:
    """Claim 6: visits with Hamas and the Palestinian Authority in the window (:func:`courting`).

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    focal : str
        The actor the claim is judged for.
    window : tuple, default WAR
        The window (start, end), both days included; None for an open end.
    events : DataFrame, optional
        The event rows; None reads ``collection`` (:func:`analysis.panel.events_for`).
    collection : str, default "panel"
        The event collection ("panel", "all", "context" or the path of an events file), read when
        ``events`` is None and named in the finding's ``data``.

    Returns
    -------
    Finding
        Its ``data`` names the event collection.
        On the panel, an actor the panel does not cover (:func:`analysis.panel.covered_actors`)
        gets ``no data``, its details still showing what the panel holds.
    """
    rows = _event_rows(tables, events, collection)
    finding = courting(rows, focal, *window)
    return _on(finding, tables, focal, collection, f"events ({collection})")


def claim_limited_leverage(
    tables,
    focal: str,
    window=WAR,
    *,
    rival: str = "USA",
    capability_year: int = 2023,
    draws: int = 300,
    seed: int = 0,
) -> Finding:
    """Claim 7: the balanced influence and the leverage indices of :mod:`analysis.leverage` (equal
    weights, min-max normalisation, arithmetic aggregation, at least two components, capabilities up
    to ``capability_year``) and the gap's rank interval over ``draws`` weight draws
    (:func:`limited_leverage`).

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    focal : str
        The actor the claim is judged for.
    window : tuple, default WAR
        The window (start, end), both days included; None for an open end.
    rival : str, default "USA"
        The power whose leverage is compared.
    capability_year : int, default 2023
        The last year of capabilities used (:func:`analysis.leverage.indices`).
    draws : int, default 300
        Number of random weight draws of the rank interval (:func:`analysis.leverage.sensitivity`).
    seed : int, default 0
        Seed of the weight draws.

    Returns
    -------
    Finding
        ``no data`` when the indices cannot be computed (too few actors with both) or lack the
        focal actor or the rival.
    """
    try:
        idx = indices(tables, *window, year=capability_year, min_components=2)
        gap = idx.gap
        sens = sensitivity(
            idx.influence_components, idx.leverage_components, draws=draws, seed=seed, min_components=2
        ).intervals
    except ValueError:  # fewer than three actors with both indices
        gap, sens = pd.DataFrame(columns=["gap", "leverage"]), None
    return replace(limited_leverage(gap, focal, rival, sens), data="contacts panel, UN roll calls, capabilities")


#: The seven claims in the order of docs/claims.md, each ``(tables, focal, window, ...) -> Finding``.
CLAIMS = (
    claim_working_relations,
    claim_broker,
    claim_strained,
    claim_close_to,
    claim_un_initiatives,
    claim_courting,
    claim_limited_leverage,
)


# ---- all seven at once ---------------------------------------------------------------------------


def brief(
    tables,
    focal: str = "RUS",
    start=WAR[0],
    end=WAR[1],
    baseline=BASELINE,
    rival: str = "USA",
    *,
    capability_year: int = 2023,
    draws: int = 300,
    seed: int = 0,
    events: pd.DataFrame | None = None,
    collection: str = "panel",
) -> list[Finding]:
    """The seven findings of :data:`CLAIMS` for ``focal`` over the window [start, end].

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    focal : str
        The actor the claims are judged for.
    start, end : date-like
        The war window.
    baseline : tuple
        The pre-war comparison window of claim 3.
    rival : str
        The power whose leverage claim 7 compares.
    capability_year, draws, seed
        Claim 7's capability year and weight draws; ``seed`` also seeds claim 3's bootstrap.
    events : DataFrame, optional
        The event rows, when the caller has them already (else read once for all claims).
    collection : {"panel", "all", "context"}
        The event collection (:func:`analysis.panel.events_for`); each finding's ``data`` names it.

    Returns
    -------
    list of Finding
        One per claim, in the order of docs/claims.md.
    """
    rows = _event_rows(tables, events, collection)
    window = (start, end)
    on = {"events": rows, "collection": collection}
    return [
        claim_working_relations(tables, focal, window, **on),
        claim_broker(tables, focal, window, **on),
        claim_strained(tables, focal, window, baseline=baseline, seed=seed, **on),
        claim_close_to(tables, focal, window, **on),
        claim_un_initiatives(tables, focal, window),
        claim_courting(tables, focal, window, **on),
        claim_limited_leverage(
            tables, focal, window, rival=rival, capability_year=capability_year, draws=draws, seed=seed
        ),
    ]
