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

from .graphs import in_window, ties_in_force
from .panel import OUTSIDE, covered_actors, events_for
from .precision import rounded
from .rollcalls import sponsored_by

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

    def row(self) -> dict:
        return {
            "claim": self.claim,
            "measure": self.measure,
            "value": self.value,
            "verdict": self.verdict,
            "rule": self.rule,
            "data": self.data,
        }


def _dyad(events: pd.DataFrame, a: str, b: str) -> pd.DataFrame:
    s, t = events["source_actor"].astype(str), events["target_actor"].astype(str)
    return events[((s == a) & (t == b)) | ((s == b) & (t == a))]


def verdict_table(findings: list[Finding]) -> pd.DataFrame:
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
    ev = in_window(events, "date", start, end)
    ti = ties_in_force(ties, start=start, end=end)
    rows = []
    for p in parties:
        if p == actor:
            continue
        d = _dyad(ev, actor, p)
        g = d["goldstein"].astype(float)
        pair = ti[
            ((ti["actor_a"].astype(str) == actor) & (ti["actor_b"].astype(str) == p))
            | ((ti["actor_a"].astype(str) == p) & (ti["actor_b"].astype(str) == actor))
        ]
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
    )


def actors_with_working_relations(
    events: pd.DataFrame, ties: pd.DataFrame, start=None, end=None, parties=PARTIES
) -> list[str]:
    """Every actor that has working relations (as in claim 1) with all four parties in the window."""
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
    (when given) its number of events in the network's window, ``actor_events``."""
    if betweenness_rank is None or n_actors == 0:
        return Finding(
            f"{actor} is a broker between opposing camps",
            "betweenness rank; unbalanced triangles",
            "actor not in the network",
            NO_DATA,
            RULE_BROKER,
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
    with replacement (seeded); rounded, like every value a verdict is decided on."""
    rng = np.random.default_rng(seed)
    a, b = np.asarray(before, dtype=float), np.asarray(after, dtype=float)
    diffs = rng.choice(b, (draws, len(b))).mean(axis=1) - rng.choice(a, (draws, len(a))).mean(axis=1)
    lo, hi = np.quantile(diffs, [(1 - level) / 2, (1 + level) / 2])
    return rounded(lo), rounded(hi)


def strained(events: pd.DataFrame, actor: str, other: str, baseline: tuple, war: tuple, *, seed: int = 0) -> Finding:
    if actor == other:
        return Finding(
            f"{actor}'s relations with {other} have been strained since the war began",
            "mean Goldstein of the dyad, war minus baseline",
            f"not applicable: the focal actor is {other}",
            NO_DATA,
            RULE_STRAINED,
            pd.DataFrame(),
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
    if len(before) < MIN_EVENTS or len(after) < MIN_EVENTS:
        return Finding(
            claim,
            "mean Goldstein of the dyad, war minus baseline",
            f"{len(before)} baseline and {len(after)} war events ({MIN_EVENTS} needed in each)",
            NO_DATA if not len(before) or not len(after) else INSUFFICIENT,
            RULE_STRAINED,
            table,
        )
    delta = rounded(after.mean() - before.mean())
    lo, hi = difference_interval(before, after, seed=seed)
    verdict = NOT_SUPPORTED if delta >= 0 else SUPPORTED if hi <= -1.0 else MIXED
    return Finding(
        claim,
        "mean Goldstein of the dyad, war minus baseline",
        f"{before.mean():+.2f} -> {after.mean():+.2f} ({delta:+.2f}, 90% interval {lo:+.2f} to {hi:+.2f}; "
        f"{len(before)} and {len(after)} events)",
        verdict,
        RULE_STRAINED,
        table,
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
    if actor == other:
        return Finding(
            f"{actor} is close to {other}",
            "ties, events, UN agreement",
            f"not applicable: the focal actor is {other}",
            NO_DATA,
            RULE_CLOSE,
            {},
        )
    ti = ties_in_force(ties, start=start, end=end)
    pair = ti[
        ((ti["actor_a"].astype(str) == actor) & (ti["actor_b"].astype(str) == other))
        | ((ti["actor_a"].astype(str) == other) & (ti["actor_b"].astype(str) == actor))
    ]
    tie_value = rounded((pair["sign"].astype(float) * pair["strength"].astype(float)).sum()) if len(pair) else np.nan
    d = in_window(_dyad(events, actor, other), "date", start, end)["goldstein"].astype(float)
    mean_event = rounded(d.mean()) if len(d) >= MIN_EVENTS else np.nan
    agree = median = np.nan
    if agreement is not None and actor in agreement.index and other in agreement.columns:
        agree = float(agreement.at[actor, other])
        median = rounded(agreement.loc[actor].drop(actor, errors="ignore").median())
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
    )


# 5 -------------------------------------------------------------------------------------------
RULE_UN_FAILED = (
    "needs at least 2 Security Council drafts sponsored by the actor in the window, else "
    "insufficient evidence (no data with none); supported if none was adopted; mixed if some were "
    "adopted but fewer than half; not supported if at least half were adopted"
)


def un_initiatives(patterns: pd.DataFrame, actor: str) -> Finding:
    mine = sponsored_by(patterns, actor)
    n = len(mine)
    adopted = int((mine["outcome"] == "adopted").sum()) if n else 0
    claim = f"{actor}'s initiatives in the Security Council failed"
    if n == 0:
        return Finding(
            claim, "drafts sponsored; adopted", "no draft sponsored in the window", NO_DATA, RULE_UN_FAILED, mine
        )
    if n < MIN_DRAFTS:
        return Finding(
            claim,
            "drafts sponsored; adopted",
            f"{n} sponsored, {adopted} adopted ({MIN_DRAFTS} drafts needed)",
            INSUFFICIENT,
            RULE_UN_FAILED,
            mine,
        )
    verdict = SUPPORTED if adopted == 0 else MIXED if adopted < n / 2 else NOT_SUPPORTED
    return Finding(
        claim, "drafts sponsored; adopted", f"{n} sponsored, {adopted} adopted", verdict, RULE_UN_FAILED, mine
    )


# 6 -------------------------------------------------------------------------------------------
RULE_COURTING = (
    "needs at least 3 events of the actor with Hamas and the Palestinian Authority together in the "
    "window, else insufficient evidence; supported if, in the window, the actor hosted or received "
    "visits (CAMEO 042/043) from both (from the other one, when the actor is one of them); mixed "
    "if from one of them; not supported if from neither"
)


def courting(events: pd.DataFrame, actor: str, start=None, end=None, partners=("HAMAS", "PSE")) -> Finding:
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
    if seen < MIN_EVENTS:
        return Finding(
            claim,
            measure,
            f"{seen} events with " + " and ".join(partners) + f" ({MIN_EVENTS} needed)",
            INSUFFICIENT,
            RULE_COURTING,
            table,
        )
    verdict = SUPPORTED if n == len(partners) else MIXED if n else NOT_SUPPORTED
    return Finding(
        claim,
        measure,
        "; ".join(f"{r.partner} {r.visits} visits of {r.events} events" for r in table.itertuples()),
        verdict,
        RULE_COURTING,
        table,
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
    claim = f"{actor}'s leverage is limited next to {rival} power"
    if actor not in gap.index or rival not in gap.index:
        return Finding(
            claim,
            "power gap; leverage index",
            "index missing for " + ", ".join(a for a in (actor, rival) if a not in gap.index),
            NO_DATA,
            RULE_LEVERAGE,
        )
    if len(gap) < MIN_COMPARED:
        return Finding(
            claim,
            "power gap; leverage index",
            f"{len(gap)} actors with both indices ({MIN_COMPARED} needed)",
            INSUFFICIENT,
            RULE_LEVERAGE,
        )
    g, lev, lev_r = float(gap.at[actor, "gap"]), float(gap.at[actor, "leverage"]), float(gap.at[rival, "leverage"])
    hits = (g > 0) + (lev_r > lev)
    verdict = {2: SUPPORTED, 1: MIXED, 0: NOT_SUPPORTED}[hits]
    value = f"gap {g:+.3f}; leverage {lev:.3f} vs {rival} {lev_r:.3f}"
    if interval is not None and actor in interval.index:
        value += (
            f"; gap rank {int(interval.at[actor, 'baseline_rank'])} "
            f"(5-95%: {interval.at[actor, 'rank_p05']:g}-{interval.at[actor, 'rank_p95']:g})"
        )
    return Finding(claim, "power gap; leverage index", value, verdict, RULE_LEVERAGE)


# ---- all seven at once ---------------------------------------------------------------------------


def brief(
    tables,
    focal: str = "RUS",
    start="2023-10-07",
    end="2024-12-31",
    baseline=("2023-01-01", "2023-10-06"),
    rival: str = "USA",
    *,
    capability_year: int = 2023,
    draws: int = 300,
    seed: int = 0,
    events: pd.DataFrame | None = None,
    collection: str = "panel",
) -> list[Finding]:
    """The seven findings for ``focal`` over the window [start, end], with ``baseline`` as the
    pre-war comparison window (claim 3), computed from the tables with default settings.
    ``collection`` names the event rows (``panel``, the default, ``all`` or ``context``;
    :func:`analysis.panel.events_for`) and ``events`` are those rows when the caller has them
    already; each finding's ``data`` says which collections its figures come from. The settings:
    the event network for centrality, the combined signed network (events and ties, equal
    shares) for unbalanced triangles, General Assembly raw agreement for voting, and the
    influence and leverage indices of :mod:`analysis.leverage` (the balanced design) with equal
    weights, min-max normalisation, arithmetic aggregation and at least two components."""
    from .balance import unbalanced_triangles
    from .brokerage import brokerage_roles
    from .centrality import centrality_table, ranks
    from .graphs import combined_network, event_network
    from .leverage import indices, sensitivity
    from .rollcalls import vote_patterns
    from .similarity import similarity, vote_matrix

    events = events_for(tables, collection) if events is None else events
    ties = tables.ties
    findings = [working_relations(events, ties, focal, start, end)]

    G = event_network(events, start, end)
    if focal in G and G.number_of_edges():
        rank = int(ranks(centrality_table(G, measures=("betweenness",))).at[focal, "betweenness"])
        S = combined_network(events, ties, start, end)
        tri = unbalanced_triangles(S, focal) if focal in S else pd.DataFrame()
        coop = G.edge_subgraph([(u, v) for u, v, d in G.edges(data=True) if d["sign"] > 0]).copy()
        roles = brokerage_roles(coop, {n: 0 for n in coop.nodes}) if coop.number_of_edges() else None
        w = in_window(events, "date", start, end)
        own = int(((w["source_actor"].astype(str) == focal) | (w["target_actor"].astype(str) == focal)).sum())
        findings.append(
            broker(
                rank,
                G.number_of_nodes(),
                len(tri),
                focal,
                {"brokerage": roles, "unbalanced_triangles": tri},
                actor_events=own,
            )
        )
    else:
        findings.append(broker(None, 0, 0, focal))

    findings.append(strained(events, focal, "ISR", baseline, (start, end), seed=seed))

    matrix = vote_matrix(tables.votes, tables.rollcalls, "GA", start, end)
    agreement = similarity(matrix, "agreement") if matrix.shape[1] else None
    findings.append(close_to(events, ties, agreement, focal, "IRN", start, end))

    findings.append(un_initiatives(vote_patterns(tables.rollcalls, tables.votes, "SC", start, end), focal))
    findings.append(courting(events, focal, start, end))

    try:
        idx = indices(tables, start, end, year=capability_year, min_components=2, events=events)
        gap = idx["gap"]
        sens = sensitivity(
            idx["influence_components"], idx["leverage_components"], draws=draws, seed=seed, min_components=2
        )["intervals"]
    except ValueError:  # fewer than three actors with both indices
        gap, sens = pd.DataFrame(columns=["gap", "leverage"]), None
    findings.append(limited_leverage(gap, focal, rival, sens))
    if collection == "panel" and focal not in covered_actors(tables):
        # the panel searches the outside actors' dyads with the four parties only: for any other actor,
        # no contact with a party is no evidence of none
        why = (
            f"not measured: the contacts panel searches only its {len(OUTSIDE)} outside actors' dyads with the "
            "parties (events='all' adds the curated events)"
        )
        for i in (0, 2, 5):
            if findings[i].verdict != NO_DATA or not findings[i].value.startswith("not applicable"):
                findings[i] = replace(findings[i], value=why, verdict=NO_DATA)  # the details show what it holds
    ev = f"events ({collection})"
    used = [
        f"{ev}, ties",
        f"{ev}, ties",
        ev,
        f"{ev}, ties, GA roll calls",
        "SC roll calls",
        ev,
        "contacts panel, UN roll calls, capabilities",
    ]
    return [replace(f, data=d) for f, d in zip(findings, used)]
