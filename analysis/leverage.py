"""Influence versus leverage: composite indices, the power gap, and their sensitivity.

Composite-indicator practice follows the OECD/JRC Handbook on Constructing Composite
Indicators (2008): every component is named, the normalisation (min-max, z-score, rank) and
the aggregation (arithmetic, geometric) are stated, and the result is published with its
sensitivity to the weights (Dirichlet draws giving 5-95% rank intervals), to the normalisation
and aggregation, and to leaving each component out (Spearman correlation with the baseline).

- A missing component is never a zero: each actor's index is the weighted mean of the
  components it has, with the weights renormalised over them, and NaN when it has fewer than
  ``min_components``.
- The power gap follows the Lowy Institute Asia Power Index: influence regressed on leverage
  across actors by ordinary least squares; an actor's gap is its residual (positive = punches
  above its weight). The log ratio of shares, log(influence share / leverage share), is
  reported beside it.
- Dyadic leverage in the spirit of the Pardee Center's FBIC (Moyer et al. 2018): how much a
  party depends on an actor, here its share of the party's arms imports and of its trade.

Normalised components, indices, gaps and shares are rounded to
:data:`analysis.precision.DECIMALS` places, and every rank is taken on them (tied values share
the best rank; tied rows are listed by actor code), so a ranking is the same on every machine.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd

from .brokerage import brokerage_roles
from .centrality import centrality_table, eigenvector_of_matrix
from .graphs import event_network, in_window, network_actors
from .panel import covered_actors
from .precision import rank, rounded, sort
from .rollcalls import roll_calls_in
from .similarity import similarity, vote_matrix
from .tables import split_ids


@dataclass(frozen=True)
class Indices:
    """What :func:`indices` returns: the raw components of each index (one row per compared
    actor), the two composite indices (NaN below ``min_components``), the power gap
    (:func:`power_gap`), the design of the influence index and each component's coverage
    (:func:`coverage`)."""

    influence_components: pd.DataFrame
    leverage_components: pd.DataFrame
    influence: pd.Series
    leverage: pd.Series
    gap: pd.DataFrame
    design: str
    coverage: pd.DataFrame


@dataclass(frozen=True)
class Sensitivity:
    """What :func:`sensitivity` returns: ``intervals``, per actor the baseline gap rank and its 5th,
    50th and 95th percentiles over the weight draws; ``variants``, the Spearman correlation of the
    gap ranking with the baseline under each other method and without each component."""

    intervals: pd.DataFrame
    variants: pd.DataFrame


NORMALISATIONS = ("minmax", "zscore", "rank")
AGGREGATIONS = ("arithmetic", "geometric")


#: Fixed lower goalposts of min-max normalisation (the OECD/JRC handbook's "goalposts") for components
#: whose smallest recorded value is not their natural zero. The vessel count is a floor recorded for a few
#: states only, and its smallest value (one vessel) is a presence, not none: it is scaled from 0 vessels, so
#: one vessel of eleven scores 1/11, not 0 (which would rate it below a state with no figure, whose
#: component is skipped).
MINMAX_GOALPOSTS = {"theatre_presence": 0.0}


def normalise(components: pd.DataFrame, method: str = "minmax") -> pd.DataFrame:
    """Column-wise normalisation; NaN stays NaN. min-max to [0, 1] (from the column's minimum, or
    from its goalpost in :data:`MINMAX_GOALPOSTS`), z-scores, or ranks scaled to (0, 1]."""
    if method not in NORMALISATIONS:
        raise ValueError(f"normalisation must be one of {', '.join(NORMALISATIONS)}, not {method!r}")
    c = components.astype(float)
    if method == "minmax":
        low = c.min()
        for column, goalpost in MINMAX_GOALPOSTS.items():
            if column in low.index and not np.isnan(low[column]):
                low[column] = min(goalpost, low[column])
        span = c.max() - low
        return rounded((c - low) / span.where(span > 0, 1.0))
    if method == "zscore":
        sd = c.std(ddof=0)
        return rounded((c - c.mean()) / sd.where(sd > 0, 1.0))
    return rounded(rounded(c).rank(method="average") / c.notna().sum())


def check_weights(weights: Mapping[str, float] | None, components: list[str]) -> dict[str, float]:
    """Weights for exactly these components, non-negative and not all zero (equal by default)."""
    if weights is None:
        return {c: 1.0 for c in components}
    unknown, missing = sorted(set(weights) - set(components)), sorted(set(components) - set(weights))
    if unknown or missing:
        raise ValueError(
            "weights must name exactly the components "
            f"{', '.join(components)}"
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
            + (f"; missing: {', '.join(missing)}" if missing else "")
        )
    if any(w < 0 for w in weights.values()):
        raise ValueError("weights must not be negative: " + ", ".join(f"{k}={v}" for k, v in weights.items() if v < 0))
    if not any(weights.values()):
        raise ValueError("at least one weight must be positive")
    return {c: float(weights[c]) for c in components}


def check_options(normalisation: str = "minmax", aggregation: str = "arithmetic", design: str | None = None) -> None:
    """Raise a ``ValueError`` naming the option when ``normalisation`` is not one of
    :data:`NORMALISATIONS`, ``aggregation`` not one of :data:`AGGREGATIONS`, the pair is geometric
    aggregation of z-scores (which can be negative), or ``design`` (when given) not one of :data:`DESIGNS`.

    Parameters
    ----------
    normalisation : str, default "minmax"
        "minmax", "zscore" or "rank".
    aggregation : str, default "arithmetic"
        "arithmetic" or "geometric".
    design : str, optional
        "balanced" or "network"; None skips this check.
    """
    if normalisation not in NORMALISATIONS:
        raise ValueError(f"normalisation = {normalisation!r} is not one of: {', '.join(NORMALISATIONS)}")
    if aggregation not in AGGREGATIONS:
        raise ValueError(f"aggregation = {aggregation!r} is not one of: {', '.join(AGGREGATIONS)}")
    if aggregation == "geometric" and normalisation == "zscore":
        raise ValueError("geometric aggregation needs positive values: use normalisation 'minmax' or 'rank'")
    if design is not None and design not in DESIGNS:
        raise ValueError(f"design = {design!r} is not one of: {', '.join(DESIGNS)}")


def composite(
    components: pd.DataFrame,
    weights: Mapping[str, float] | None = None,
    *,
    normalisation: str = "minmax",
    aggregation: str = "arithmetic",
    min_components: int = 1,
) -> pd.Series:
    """Weighted composite of normalised components, one value per actor (row).

    Missing components are skipped and the remaining weights renormalised; an actor with
    fewer than ``min_components`` components gets NaN. Geometric aggregation needs positive
    values, so it takes min-max or rank normalisation (min-max values are shifted to [0.01, 1]).

    Parameters
    ----------
    components : DataFrame
        Raw components, one row per actor, one column per component; NaN is missing. Each column
        is normalised over the rows given (:func:`normalise`), so the set of actors matters.
    weights : mapping of str to float, optional
        Weight of each component, naming exactly the columns, non-negative and not all zero
        (:func:`check_weights`); None (the default) gives equal weights.
    normalisation : {"minmax", "zscore", "rank"}, default "minmax"
        One of :data:`NORMALISATIONS`.
    aggregation : {"arithmetic", "geometric"}, default "arithmetic"
        One of :data:`AGGREGATIONS`: the weighted mean of the normalised values, or of their
        logarithms, exponentiated.
    min_components : int, default 1
        Fewest components an actor must have for a value.

    Returns
    -------
    Series
        The composite, named ``index``, indexed like ``components`` and rounded to
        :data:`analysis.precision.DECIMALS` places; NaN below ``min_components`` components, or
        when every component the actor has weighs 0.

    Raises
    ------
    ValueError
        If an option is not a known one, geometric aggregation is asked of z-scores
        (:func:`check_options`), or the weights are not valid (:func:`check_weights`).
    """
    check_options(normalisation, aggregation)
    w = check_weights(weights, list(components.columns))
    row = np.array([[w[c] for c in components.columns]], dtype=float)
    value = pd.Series(
        rounded(_composite_matrix(components, row, normalisation, aggregation, min_components)[:, 0]),
        index=components.index,
    )
    return value.rename("index")


def power_gap(influence: pd.Series, leverage: pd.Series) -> pd.DataFrame:
    """Lowy-style gap: OLS of influence on leverage over the actors with both; residual and log share ratio."""
    both = pd.concat({"influence": influence, "leverage": leverage}, axis=1).dropna()
    if len(both) < 3:
        raise ValueError("the power gap needs at least three actors with both an influence and a leverage value")
    x, y = both["leverage"].to_numpy(), both["influence"].to_numpy()
    slope, intercept = np.polyfit(x, y, 1)
    both["fitted"] = rounded(intercept + slope * x)
    both["gap"] = rounded(y - (intercept + slope * x))
    with np.errstate(divide="ignore", invalid="ignore"):
        inf_share = y / y.sum() if y.sum() > 0 else np.full(len(y), np.nan)
        lev_share = x / x.sum() if x.sum() > 0 else np.full(len(x), np.nan)
        both["log_share_ratio"] = rounded(
            np.where((inf_share > 0) & (lev_share > 0), np.log(inf_share / lev_share), np.nan)
        )
    both["gap_rank"] = rank(both["gap"]).astype(int)
    both.attrs.update(slope=float(slope), intercept=float(intercept))
    return sort(both, "gap_rank", ascending=True)


def _gap_ranks(inf_c, lev_c, inf_w, lev_w, normalisation, aggregation, min_components) -> pd.Series:
    gap = power_gap(
        composite(inf_c, inf_w, normalisation=normalisation, aggregation=aggregation, min_components=min_components),
        composite(lev_c, lev_w, normalisation=normalisation, aggregation=aggregation, min_components=min_components),
    )
    return gap["gap_rank"]


def _composite_matrix(
    components: pd.DataFrame, weights: np.ndarray, normalisation: str, aggregation: str, min_components: int
) -> np.ndarray:
    """The composite of :func:`composite` for many weight vectors at once: ``weights`` is draws x
    components (in the columns' order); returns actors x draws. A missing component is skipped and
    the weights of the others renormalised; fewer than ``min_components`` components gives NaN."""
    z = normalise(components, normalisation).to_numpy(dtype=float)
    if aggregation == "geometric" and normalisation == "minmax":
        z = 0.01 + 0.99 * z
    present = ~np.isnan(z)
    total = present.astype(float) @ weights.T
    if aggregation == "arithmetic":
        numerator = np.where(present, z, 0.0) @ weights.T
    else:
        with np.errstate(divide="ignore", invalid="ignore"):
            numerator = np.where(present & (z > 0), np.log(np.where(z > 0, z, 1.0)), 0.0) @ weights.T
    with np.errstate(divide="ignore", invalid="ignore"):
        value = np.where(total > 0, numerator / np.where(total > 0, total, 1.0), np.nan)
    if aggregation == "geometric":
        value = np.exp(value)
    value[present.sum(axis=1) < min_components, :] = np.nan
    return value


def _gap_rank_matrix(
    inf_c: pd.DataFrame,
    lev_c: pd.DataFrame,
    inf_draws: np.ndarray,
    lev_draws: np.ndarray,
    normalisation: str,
    aggregation: str,
    min_components: int,
) -> pd.DataFrame:
    """The power-gap rank of every actor for every pair of weight draws (actors x draws), as
    :func:`power_gap` gives it draw by draw (OLS residual, rank 1 the largest), computed for all
    draws at once."""
    actors = inf_c.index.union(lev_c.index)
    y = _composite_matrix(inf_c.reindex(actors), inf_draws, normalisation, aggregation, min_components)
    x = _composite_matrix(lev_c.reindex(actors), lev_draws, normalisation, aggregation, min_components)
    both = ~np.isnan(x) & ~np.isnan(y)
    n = both.sum(axis=0)
    if (n < 3).any():
        raise ValueError("the power gap needs at least three actors with both an influence and a leverage value")
    x0, y0 = np.where(both, x, 0.0), np.where(both, y, 0.0)
    mx, my = x0.sum(axis=0) / n, y0.sum(axis=0) / n
    dx, dy = np.where(both, x - mx, 0.0), np.where(both, y - my, 0.0)
    slope = (dx * dy).sum(axis=0) / (dx * dx).sum(axis=0)
    gap = np.where(both, y - (my + slope * (x - mx)), np.nan)
    return rank(pd.DataFrame(gap, index=actors))


def sensitivity(
    influence_components: pd.DataFrame,
    leverage_components: pd.DataFrame,
    *,
    influence_weights: Mapping[str, float] | None = None,
    leverage_weights: Mapping[str, float] | None = None,
    normalisation: str = "minmax",
    aggregation: str = "arithmetic",
    draws: int = 1000,
    seed: int = 0,
    concentration: float = 1.0,
    min_components: int = 1,
) -> Sensitivity:
    """How the gap ranking moves with the weights, the method and each component.

    Parameters
    ----------
    influence_components, leverage_components : DataFrame
        Raw components of the two indices, one row per actor (as in :class:`Indices`).
    influence_weights, leverage_weights : mapping of str to float, optional
        The baseline weights, as in :func:`composite` (equal weights by default).
    normalisation, aggregation, min_components
        The baseline method, as in :func:`composite`.
    draws : int, default 1000
        Number of weight draws.
    seed : int, default 0
        Seed of the random generator: one stream, the influence then the leverage weights of each
        draw.
    concentration : float, default 1.0
        Concentration of the Dirichlet draws: alpha = concentration x baseline weight share x
        number of components of the index, so equal weights with concentration 1 draw uniformly
        over all weightings; larger values keep the draws closer to the baseline weights. A
        component of weight 0 stays (almost) at 0, and an index of one component keeps its weight.

    Returns
    -------
    Sensitivity
        - ``intervals``: per actor, baseline gap rank and its 5th-95th percentile over Dirichlet
          weight draws (columns ``baseline_rank``, ``rank_p05``, ``rank_median``, ``rank_p95``;
          sorted by baseline rank);
        - ``variants``: Spearman correlation with the baseline ranking for every normalisation x
          aggregation pair (the baseline's own included; z-scores are not aggregated
          geometrically) and for leaving each component out of an index of two or more (columns
          ``variant`` and ``spearman``; NaN with fewer than three actors ranked by both).

    Raises
    ------
    ValueError
        If the weights or options are not valid (:func:`composite`), or fewer than three actors
        have both an influence and a leverage value (:func:`power_gap`).
    """
    inf_w = check_weights(influence_weights, list(influence_components.columns))
    lev_w = check_weights(leverage_weights, list(leverage_components.columns))
    base = _gap_ranks(
        influence_components, leverage_components, inf_w, lev_w, normalisation, aggregation, min_components
    )
    rng = np.random.default_rng(seed)

    def alpha(w):  # rounded: numpy's gamma sampler takes another path for alpha != 1 by one last bit
        shares = np.array(list(w.values())) / sum(w.values())
        return np.maximum(rounded(concentration * shares * len(w)), 1e-9)

    inf_alpha, lev_alpha = alpha(inf_w), alpha(lev_w)
    inf_draws, lev_draws = [], []
    for _ in range(draws):  # one stream, influence then leverage weights for each draw
        inf_draws.append(rng.dirichlet(inf_alpha) if len(inf_w) > 1 else list(inf_w.values()))
        lev_draws.append(rng.dirichlet(lev_alpha) if len(lev_w) > 1 else list(lev_w.values()))
    R = _gap_rank_matrix(
        influence_components,
        leverage_components,
        np.array(inf_draws, dtype=float),
        np.array(lev_draws, dtype=float),
        normalisation,
        aggregation,
        min_components,
    ).reindex(base.index)
    intervals = pd.DataFrame(
        {
            "baseline_rank": base,
            "rank_p05": R.quantile(0.05, axis=1),
            "rank_median": R.median(axis=1),
            "rank_p95": R.quantile(0.95, axis=1),
        }
    )
    rows = []
    for norm in NORMALISATIONS:
        for agg in AGGREGATIONS:
            if agg == "geometric" and norm == "zscore":
                continue
            r = _gap_ranks(influence_components, leverage_components, inf_w, lev_w, norm, agg, min_components)
            rows.append({"variant": f"{norm} / {agg}", "spearman": _spearman(base, r)})
    for side, comps, w in (("influence", influence_components, inf_w), ("leverage", leverage_components, lev_w)):
        if len(w) < 2:
            continue
        for c in comps.columns:
            kept = {k: v for k, v in w.items() if k != c}
            if not any(kept.values()):
                continue
            ic, iw_ = (comps.drop(columns=c), kept) if side == "influence" else (influence_components, inf_w)
            lc, lw_ = (comps.drop(columns=c), kept) if side == "leverage" else (leverage_components, lev_w)
            r = _gap_ranks(ic, lc, iw_, lw_, normalisation, aggregation, min_components)
            rows.append({"variant": f"without {side}: {c}", "spearman": _spearman(base, r)})
    return Sensitivity(intervals=sort(intervals, "baseline_rank", ascending=True), variants=pd.DataFrame(rows))


def _spearman(a: pd.Series, b: pd.Series) -> float:
    both = pd.concat([a, b], axis=1).dropna()
    if len(both) < 3:
        return float("nan")
    return rounded(both.rank().corr(method="pearson").iloc[0, 1])


def dyadic_dependence(capabilities: pd.DataFrame, party: str, year: int | None = None) -> pd.DataFrame:
    """How much ``party`` (ISR or IRN) depends on each actor: its share of the party's arms imports
    and of the party's recorded trade (the actor's trade with the party over the sum of the
    recorded trade of all actors with it), each in [0, 1]; ``dependence`` is their mean over
    the ones present. Missing stays missing.

    Parameters
    ----------
    capabilities : DataFrame
        The capabilities table (``actor_id``, ``indicator``, ``year``, ``value``); the indicators
        read are ``share_of_<party>_arms_imports_pct`` and ``trade_with_<party>_usd`` (``israel``
        or ``iran``), each actor's latest value (:func:`latest_values`).
    party : {"ISR", "IRN"}
        The party whose dependence is measured.
    year : int, optional
        The latest year used; None (the default) uses every year.

    Returns
    -------
    DataFrame
        One row per actor with a recorded capability value (up to ``year``) except ``party``,
        index ``actor_id``, columns ``arms_share``,
        ``trade_share`` and ``dependence``, rounded to :data:`analysis.precision.DECIMALS` places
        and sorted by ``dependence``, largest first (ties by actor code, NaN last).

    Raises
    ------
    ValueError
        If ``party`` is neither "ISR" nor "IRN".
    """
    names = {
        "ISR": ("share_of_israel_arms_imports_pct", "trade_with_israel_usd"),
        "IRN": ("share_of_iran_arms_imports_pct", "trade_with_iran_usd"),
    }
    if party not in names:
        raise ValueError(f"dyadic dependence is recorded for {', '.join(names)} only, not {party!r}")
    arms, trade = names[party]
    wide = latest_values(capabilities, year)
    out = pd.DataFrame(index=wide.index)
    out["arms_share"] = wide[arms] / 100 if arms in wide else np.nan
    out["trade_share"] = wide[trade] / wide[trade].sum() if trade in wide else np.nan
    out["dependence"] = out[["arms_share", "trade_share"]].mean(axis=1)
    return sort(rounded(out.drop(index=party, errors="ignore")), "dependence")


# ---- the components, built from the tables -------------------------------------------------

INFLUENCE_COMPONENTS = {
    "pagerank_cooperative": "PageRank on the cooperative event layer: cooperation received, weighted by "
    "how central its senders are (Brin & Page 1998)",
    "betweenness": "betweenness on the event network (intensity magnitudes as closeness): how often the "
    "actor lies on the shortest paths between others (Freeman 1977)",
    "brokerage": "Gould-Fernandez brokerage total on the cooperative event layer: pairs i -> actor -> k "
    "with no direct i -> k link (Gould & Fernandez 1989)",
    "un_agreement_centrality": "eigenvector centrality in the General Assembly agreement graph of the window "
    "(raw agreement between every pair of members): voting with the voters who "
    "vote with many",
}
LEVERAGE_COMPONENTS = {
    "military_expenditure": "military expenditure, current USD (milex_usd)",
    "economic_weight": "GDP, current USD (gdp_usd)",
    "theatre_presence": "naval vessels named in the Eastern Mediterranean, Red Sea or Gulf of Aden in "
    "Oct-Dec 2023, a floor (warships_in_theatre_q4_2023)",
    "parties_dependence": "how much Israel and Iran depend on the actor: mean over the two of the dyadic "
    "dependence (share of their arms imports and of their recorded trade)",
}
_LEVERAGE_INDICATORS = {
    "military_expenditure": "milex_usd",
    "economic_weight": "gdp_usd",
    "theatre_presence": "warships_in_theatre_q4_2023",
}


def influence_components(
    events: pd.DataFrame, votes: pd.DataFrame | None = None, rollcalls: pd.DataFrame | None = None, start=None, end=None
) -> pd.DataFrame:
    """One row per actor with an event in the window (plus General Assembly voters), one column
    per :data:`INFLUENCE_COMPONENTS` entry. An actor without GA votes has NaN agreement
    centrality; no GA roll call in the window leaves the column all NaN (never zero).

    Parameters
    ----------
    events : DataFrame
        Event rows, as for :func:`analysis.graphs.event_network`.
    votes, rollcalls : DataFrame, optional
        The votes and roll-call tables, for ``un_agreement_centrality``
        (:func:`ga_agreement_centrality`); without both the column is all NaN and no voter is
        added.
    start, end : date-like or None, optional
        The window, both days included; None leaves that end unbounded.

    Returns
    -------
    DataFrame
        Raw component values indexed by ``actor`` (sorted). The event components are NaN for a
        General Assembly voter without an event, and for everyone when the layer they are
        computed on has no edge in the window.
    """

    net = event_network(events, start, end, layer="net")
    coop = event_network(events, start, end, layer="cooperative")
    coop_pos = coop.edge_subgraph([(u, v) for u, v, d in coop.edges(data=True) if d["weight"] > 0]).copy()
    coop_pos.add_nodes_from(sorted(coop.nodes))
    out = pd.DataFrame(index=pd.Index(sorted(set(net.nodes)), name="actor"))
    out["pagerank_cooperative"] = (
        centrality_table(coop_pos, measures=("pagerank",))["pagerank"] if coop_pos.number_of_edges() else np.nan
    )
    out["betweenness"] = (
        centrality_table(net, measures=("betweenness",))["betweenness"] if net.number_of_edges() else np.nan
    )
    out["brokerage"] = (
        brokerage_roles(coop_pos, {n: 0 for n in coop_pos.nodes})["total"].astype(float)
        if coop_pos.number_of_edges()
        else np.nan
    )
    agreement = (
        ga_agreement_centrality(votes, rollcalls, start, end)
        if votes is not None and rollcalls is not None
        else pd.Series(dtype=float)
    )
    out = out.reindex(sorted(set(out.index) | set(agreement.index)))
    out.index.name = "actor"
    out["un_agreement_centrality"] = agreement.reindex(out.index)
    return out[list(INFLUENCE_COMPONENTS)]


#: The influence components of the balanced design (the default of :func:`indices`): each complete by
#: construction for every compared actor (the outside actors the contacts panel has searched), so the
#: index does not repeat how the curated events were collected (docs/methods.md, section 6).
BALANCED_INFLUENCE_COMPONENTS = {
    "contact_reach": "how many of the four parties (ISR, PSE, HAMAS, IRN) the actor had at least one contacts-panel "
    "contact with (tier 1 or 2) in the window, 0 to 4",
    "contact_volume": "contacts-panel contacts of the actor with the four parties in the window, both tiers",
    "un_agenda_power": "Security Council drafts in the window that the actor sponsored and that were adopted, plus the "
    "vetoes it cast: the power to put a text through the Council or to stop one",
    "un_agreement_centrality": INFLUENCE_COMPONENTS["un_agreement_centrality"],
}
#: The two designs of the influence index: ``balanced`` (components complete for every compared actor,
#: compared over the panel's outside actors) and ``network`` (the event-network components of
#: :data:`INFLUENCE_COMPONENTS`, compared over every actor of the network study).
DESIGNS = ("balanced", "network")


def influence_definitions(design: str = "balanced") -> dict[str, str]:
    """The influence components of ``design`` with their definitions: :data:`BALANCED_INFLUENCE_COMPONENTS`
    for "balanced", :data:`INFLUENCE_COMPONENTS` for "network"; a ``ValueError`` for any other design."""
    check_options(design=design)
    return dict(BALANCED_INFLUENCE_COMPONENTS if design == "balanced" else INFLUENCE_COMPONENTS)


#: The window the contacts panel was searched over: contact counts outside it are unknown, not zero.
PANEL_SPAN = ("2023-01-01", "2024-12-31")
PERMANENT_MEMBERS = ("CHN", "FRA", "GBR", "RUS", "USA")


def contact_components(contacts: pd.DataFrame, actors: list[str], start=None, end=None) -> pd.DataFrame:
    """``contact_reach`` and ``contact_volume`` of each actor from the contacts panel in the window.
    An actor the panel searched with no contact has 0 (a recorded zero); a window reaching outside
    the panel's span (:data:`PANEL_SPAN`) gives NaN for everyone, since contacts there were not
    searched.

    Parameters
    ----------
    contacts : DataFrame
        The contacts panel (``date``, ``outside``, ``party`` among others), both tiers.
    actors : list of str
        The actors to give a row; each without a contact in the window gets 0, so these should be
        actors the panel searched (:func:`analysis.panel.covered_actors`).
    start, end : date-like, optional
        The window, both days included. A missing start or end (None) also gives NaN for everyone,
        as an open window reaches outside the panel's span.

    Returns
    -------
    DataFrame
        Float columns ``contact_reach`` (number of distinct parties contacted) and
        ``contact_volume`` (number of contacts), indexed by ``actor`` (``actors``, sorted).
    """
    out = pd.DataFrame(
        index=pd.Index(sorted(actors), name="actor"), columns=["contact_reach", "contact_volume"], dtype=float
    )
    lo, hi = (pd.Timestamp(x) for x in PANEL_SPAN)
    if start is None or end is None or pd.Timestamp(start) < lo or pd.Timestamp(end) > hi:
        return out
    c = in_window(contacts, "date", start, end)
    c = c.assign(outside=c["outside"].astype(str), party=c["party"].astype(str))
    out["contact_reach"] = c.groupby("outside")["party"].nunique().reindex(out.index).fillna(0).astype(float)
    out["contact_volume"] = c.groupby("outside").size().reindex(out.index).fillna(0).astype(float)
    return out


def agenda_power(rollcalls: pd.DataFrame, votes: pd.DataFrame, actors: list[str], start=None, end=None) -> pd.DataFrame:
    """``un_agenda_power`` of each actor over the Security Council roll calls in the window: the
    drafts it sponsored that were adopted plus the vetoes it cast (a permanent member's no on a
    roll call recorded as vetoed). Also returns the parts (``adopted_sponsored``, ``vetoes``) and,
    in ``attrs``, how many of the window's adopted roll calls name their sponsors: a resolution whose
    sponsors are not recorded counts for no one, which the coverage table says.

    Parameters
    ----------
    rollcalls : DataFrame
        The roll-call table (``rollcall_id``, ``body``, ``date``, ``outcome``, ``sponsors``).
    votes : DataFrame
        The votes table (``rollcall_id``, ``actor_id``, ``vote``).
    actors : list of str
        The actors to give a row.
    start, end : date-like or None, optional
        The window, both days included; None leaves that end unbounded.

    Returns
    -------
    DataFrame
        Float columns ``adopted_sponsored``, ``vetoes`` and ``un_agenda_power`` indexed by ``actor``
        (``actors``, sorted); ``attrs`` holds ``adopted`` (adopted roll calls in the window),
        ``adopted_with_sponsors`` and ``roll_calls`` (all Security Council roll calls in it).
    """
    rc = roll_calls_in(rollcalls, "SC", start, end)
    outcome = rc["outcome"].astype(str)
    adopted = rc[outcome == "adopted"]
    sponsors = [split_ids(x) for x in adopted["sponsors"]]
    vetoed = set(rc.loc[outcome == "vetoed", "rollcall_id"].astype(str))
    v = votes[votes["rollcall_id"].astype(str).isin(vetoed) & (votes["vote"].astype(str) == "no")]
    v = v[v["actor_id"].astype(str).isin(PERMANENT_MEMBERS)]
    out = pd.DataFrame(index=pd.Index(sorted(actors), name="actor"))
    out["adopted_sponsored"] = [float(sum(a in s for s in sponsors)) for a in out.index]
    out["vetoes"] = v["actor_id"].astype(str).value_counts().reindex(out.index).fillna(0).astype(float)
    out["un_agenda_power"] = out["adopted_sponsored"] + out["vetoes"]
    out.attrs.update(adopted=len(adopted), adopted_with_sponsors=sum(bool(s) for s in sponsors), roll_calls=len(rc))
    return out


def ga_agreement_centrality(votes: pd.DataFrame, rollcalls: pd.DataFrame, start=None, end=None) -> pd.Series:
    """Eigenvector centrality of the General Assembly raw-agreement matrix of the window, one value
    per member that voted (empty when the window holds no General Assembly roll call).

    Parameters
    ----------
    votes : DataFrame
        The votes table.
    rollcalls : DataFrame
        The roll-call table.
    start, end : date-like or None, optional
        The window, both days included; None leaves that end unbounded.

    Returns
    -------
    Series
        Float centrality indexed by member code, from
        :func:`analysis.centrality.eigenvector_of_matrix` on the agreement of every pair (a dyad
        without a joint vote weighs 0): unit norm over the largest connected component, NaN for a
        member outside it.
    """
    matrix = vote_matrix(votes, rollcalls, "GA", start, end)
    if not matrix.shape[1]:
        return pd.Series(dtype=float)
    sim = similarity(matrix, "agreement")
    strengths = np.nan_to_num(sim.to_numpy(dtype=float), nan=0.0).clip(min=0.0)
    return pd.Series(eigenvector_of_matrix(strengths, [str(m) for m in sim.index]), dtype=float)


def balanced_influence_components(tables, actors: list[str], start=None, end=None) -> pd.DataFrame:
    """One row per actor of ``actors`` (the panel's searched outside actors), one column per
    :data:`BALANCED_INFLUENCE_COMPONENTS` entry, each complete by construction for them: the
    contacts panel (one search protocol for every dyad), the Security Council roll calls with
    every member's vote, and the General Assembly roll calls with every member's vote.

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`): ``contacts``, ``rollcalls`` and
        ``votes`` are used.
    actors : list of str
        The compared actors (:func:`analysis.panel.covered_actors`).
    start, end : date-like, optional
        The window, both days included; the contact components are NaN for everyone unless it
        lies within :data:`PANEL_SPAN` (:func:`contact_components`).

    Returns
    -------
    DataFrame
        Raw component values indexed by ``actor`` (``actors``, sorted); ``un_agreement_centrality``
        is NaN for an actor without a value from :func:`ga_agreement_centrality` (one that did not
        vote in the General Assembly in the window).
    """
    out = contact_components(tables.contacts, actors, start, end)
    out["un_agenda_power"] = agenda_power(tables.rollcalls, tables.votes, actors, start, end)["un_agenda_power"]
    out["un_agreement_centrality"] = (
        ga_agreement_centrality(tables.votes, tables.rollcalls, start, end).reindex(out.index).astype(float)
    )
    return out[list(BALANCED_INFLUENCE_COMPONENTS)]


def latest_values(capabilities: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """actor x indicator of the latest recorded value in or before ``year`` (all years if None)."""
    cap = capabilities.assign(
        actor_id=capabilities["actor_id"].astype(str), indicator=capabilities["indicator"].astype(str)
    )
    if year is not None:
        cap = cap[cap["year"] <= year]
    cap = cap.dropna(subset=["value"]).sort_values(["actor_id", "indicator", "year"])
    return cap.groupby(["actor_id", "indicator"])["value"].last().unstack("indicator")


def leverage_components(capabilities: pd.DataFrame, year: int | None = None) -> pd.DataFrame:
    """One row per actor in the capabilities table, one column per :data:`LEVERAGE_COMPONENTS`
    entry; an indicator with no recorded value stays NaN."""
    wide = latest_values(capabilities, year)
    out = pd.DataFrame(index=pd.Index(sorted(wide.index), name="actor"))
    for name, indicator in _LEVERAGE_INDICATORS.items():
        out[name] = wide[indicator].reindex(out.index).astype(float) if indicator in wide else np.nan
    deps = []
    for party in ("ISR", "IRN"):
        try:
            deps.append(dyadic_dependence(capabilities, party, year)["dependence"].rename(party))
        except KeyError:
            continue
    dep = pd.concat(deps, axis=1).mean(axis=1) if deps else pd.Series(dtype=float)
    out["parties_dependence"] = dep.reindex(out.index).astype(float)
    return out[list(LEVERAGE_COMPONENTS)]


def indices(
    tables,
    start=None,
    end=None,
    *,
    year: int | None = None,
    influence_weights: Mapping[str, float] | None = None,
    leverage_weights: Mapping[str, float] | None = None,
    normalisation: str = "minmax",
    aggregation: str = "arithmetic",
    min_components: int = 2,
    events: pd.DataFrame | None = None,
    design: str = "balanced",
) -> Indices:
    """Influence and leverage of every actor of the comparison set, and the power gap between them.

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    start, end : date-like
        The window of the influence components.
    year : int, optional
        The latest capability year used for leverage.
    influence_weights, leverage_weights, normalisation, aggregation, min_components
        As in :func:`composite` (equal weights by default).
    events : DataFrame, optional
        The event rows of the ``network`` design (default: the curated ``tables.events``; see
        :func:`analysis.panel.events_for`); the ``balanced`` design does not use them.
    design : {"balanced", "network"}
        ``balanced`` (the default): the components of :data:`BALANCED_INFLUENCE_COMPONENTS`, complete
        by construction for every compared actor, over the outside actors the contacts panel has
        searched (:func:`analysis.panel.covered_actors`). ``network``: the event-network components of
        :data:`INFLUENCE_COMPONENTS` over every actor of the network study (one with an event or a
        standing tie, at any date), which repeat how the events were collected.

    Returns
    -------
    Indices
        ``influence_components`` and ``leverage_components`` (raw, one row per actor of the set that
        has at least one recorded capability), the composite ``influence`` and ``leverage`` (NaN
        below ``min_components``), ``gap`` from :func:`power_gap` (ValueError when fewer than three
        actors have both), ``design`` and ``coverage`` (:func:`coverage`).

    Both indices are normalised over the same set, so they compare like with like and a state
    present only as a General Assembly voter does not stretch a scale.
    """
    check_options(normalisation, aggregation, design)  # before any work
    lev_parts = leverage_components(tables.capabilities, year)
    if design == "balanced":
        compared = covered_actors(tables)
        lev_parts = lev_parts.reindex(compared)
        lev_parts = lev_parts[lev_parts.notna().any(axis=1)]
        inf_parts = balanced_influence_components(tables, list(lev_parts.index), start, end)
    else:
        events = tables.events if events is None else events
        network = network_actors(events, getattr(tables, "ties", None))
        lev_parts = lev_parts[lev_parts.notna().any(axis=1) & lev_parts.index.isin(sorted(network))]
        inf_parts = influence_components(events, tables.votes, tables.rollcalls, start, end).reindex(lev_parts.index)
    lev_parts.index.name = inf_parts.index.name = "actor"
    options = {"normalisation": normalisation, "aggregation": aggregation, "min_components": min_components}
    influence = composite(inf_parts, influence_weights, **options).rename("influence")
    leverage = composite(lev_parts, leverage_weights, **options).rename("leverage")
    try:
        gap = power_gap(influence, leverage)
    except ValueError as exc:
        window = " to ".join(str(pd.Timestamp(d).date()) if d is not None else "open" for d in (start, end))
        raise ValueError(
            f"{exc}: {int(pd.concat([influence, leverage], axis=1).notna().all(axis=1).sum())} have both in the "
            f"window {window} (capabilities up to {year if year is not None else 'the latest year'}). "
            "Widen the window or lower min_components."
        ) from None
    return Indices(
        influence_components=inf_parts,
        leverage_components=lev_parts,
        influence=influence,
        leverage=leverage,
        gap=gap,
        design=design,
        coverage=coverage(tables, inf_parts, lev_parts, design, start, end),
    )


#: Where each component comes from and whether it is complete by construction for the compared actors.
COMPONENT_SOURCES = {
    "contact_reach": ("contacts panel", "yes: one search protocol for every dyad, completeness measured"),
    "contact_volume": ("contacts panel", "yes: one search protocol for every dyad, completeness measured"),
    "un_agenda_power": (
        "Security Council roll calls",
        "yes for vetoes (every member's vote); adopted drafts count only where their sponsors are recorded",
    ),
    "un_agreement_centrality": ("General Assembly roll calls", "yes: every member's vote"),
    "pagerank_cooperative": ("events", "no: the curated events were collected around Russia"),
    "betweenness": ("events", "no: the curated events were collected around Russia"),
    "brokerage": ("events", "no: the curated events were collected around Russia"),
    "military_expenditure": ("capabilities (SIPRI via the World Bank)", "no: missing where SIPRI has no estimate"),
    "economic_weight": ("capabilities (World Bank)", "yes for UN members"),
    "theatre_presence": ("capabilities (vessels named in the theatre)", "no: a floor, recorded for a few states"),
    "parties_dependence": ("capabilities (SIPRI arms transfers, trade)", "no: shares where recorded"),
}


def coverage(
    tables, influence_parts: pd.DataFrame, leverage_parts: pd.DataFrame, design: str, start=None, end=None
) -> pd.DataFrame:
    """One row per component of both indices: its side, source, how many compared actors have a
    value (``with_value`` of ``actors``), whether it is complete by construction, and a note (the
    panel's estimated completeness over the compared actors' dyad-tiers with at least 5 contacts, or how
    many adopted Security Council roll calls name their sponsors).

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`); the ``balanced`` design reads
        ``panel_completeness``, ``rollcalls`` and ``votes`` for its notes.
    influence_parts, leverage_parts : DataFrame
        Raw components of the two indices, one row per compared actor (as in :class:`Indices`).
    design : {"balanced", "network"}
        The influence index's design; only ``balanced`` writes notes (the panel's completeness by
        dyad and tier, and the sponsors of the window's adopted roll calls).
    start, end : date-like or None, optional
        The window of the influence components, for the Security Council note.

    Returns
    -------
    DataFrame
        Columns ``side``, ``component``, ``source``, ``with_value``, ``actors``,
        ``complete_by_construction`` and ``note``; source and completeness come from
        :data:`COMPONENT_SOURCES` (empty for a component not listed there).
    """
    rows = []
    notes = {}
    if design == "balanced":
        comp = tables.panel_completeness
        comp = comp[comp["outside"].astype(str).isin(influence_parts.index)]
        sized = comp[comp["final_count"].astype(float) >= 5]
        values = sized["completeness"].astype(float).dropna()
        partial = int((comp["passes"].astype(str) == "partial").sum())
        panel_note = (
            f"estimated completeness of the {len(values)} dyad-tiers with at least 5 contacts: median "
            f"{values.median():.0%}, lowest {values.min():.0%}; {partial} of {len(comp)} dyad-tiers still "
            "partly searched"
            if len(values)
            else "no dyad-tier with 5 contacts yet"
        )
        notes["contact_reach"] = notes["contact_volume"] = panel_note
        power = agenda_power(tables.rollcalls, tables.votes, list(influence_parts.index), start, end)
        notes["un_agenda_power"] = (
            f"{power.attrs['adopted_with_sponsors']} of the {power.attrs['adopted']} adopted "
            "roll calls in the window name their sponsors"
        )
    for side, parts in (("influence", influence_parts), ("leverage", leverage_parts)):
        for column in parts.columns:
            source, complete = COMPONENT_SOURCES.get(column, ("", ""))
            rows.append(
                {
                    "side": side,
                    "component": column,
                    "source": source,
                    "with_value": int(parts[column].notna().sum()),
                    "actors": len(parts),
                    "complete_by_construction": complete,
                    "note": notes.get(column, ""),
                }
            )
    return pd.DataFrame(
        rows, columns=["side", "component", "source", "with_value", "actors", "complete_by_construction", "note"]
    )
