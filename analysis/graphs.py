"""Build the actor networks: events, standing ties, and a combined view, with scenario edits.

Every graph is built from a sorted edge list, so the same tables give the same graph (node and
edge order included); algorithms whose result depends on insertion order (Louvain, layouts)
then behave the same on every run. Edge values are stored rounded to
:data:`analysis.precision.DECIMALS` places, and whether an edge exists and which sign it has
are decided on those rounded values: last-bit noise in a sum never creates an edge of weight
1e-16 or flips the sign of a net value that is zero.

Edge attributes:

- event network (directed): ``cooperative`` (sum of positive Goldstein intensities),
  ``conflictual`` (sum of the magnitudes of negative ones), ``net`` (cooperative minus
  conflictual), ``count`` (events), ``weight`` (the magnitude of the chosen layer, never
  negative) and ``sign`` (+1/-1, the sign of the chosen layer's value; 0, with weight 0, when
  that value is 0).
- tie network (undirected, signed): ``value`` (sum of sign x strength of the ties in force),
  ``weight`` = abs(value), ``sign``, ``ties`` (the tie ids behind the edge).
- combined (undirected, signed): ``value`` = (1 - event_share) x ties scaled to [-1, 1]
  + event_share x net events scaled to [-1, 1], with ``weight`` and ``sign`` as above.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import networkx as nx
import numpy as np
import pandas as pd

from .precision import rounded

LAYERS = ("net", "cooperative", "conflictual")


def in_window(frame: pd.DataFrame, column: str, start, end) -> pd.DataFrame:
    """The rows whose ``column`` lies in [start, end] (an open end is unbounded).

    Parameters
    ----------
    frame : DataFrame
        The table to filter.
    column : str
        The datetime column compared with the window.
    start, end : date-like or None
        The window's first and last day, both included; None leaves that end unbounded.

    Returns
    -------
    DataFrame
        The matching rows of ``frame``, with their index and in their order. A row whose
        ``column`` is missing (NaT) is kept only when both ends are None.
    """
    mask = pd.Series(True, index=frame.index)
    if start is not None:
        mask &= frame[column] >= pd.Timestamp(start)
    if end is not None:
        mask &= frame[column] <= pd.Timestamp(end)
    return frame[mask]


def _ids(col: pd.Series) -> pd.Series:
    return col.astype(str)


def network_actors(events: pd.DataFrame, ties: pd.DataFrame | None = None) -> set[str]:
    """Every actor with an event or (if ``ties`` is given) a standing tie, at any date."""
    found = set(_ids(events["source_actor"])) | set(_ids(events["target_actor"]))
    if ties is not None:
        found |= set(_ids(ties["actor_a"])) | set(_ids(ties["actor_b"]))
    return found


def event_network(
    events: pd.DataFrame,
    start=None,
    end=None,
    *,
    layer: str = "net",
    half_life_days: float | None = None,
    as_of=None,
    normalise: bool = False,
    nodes=None,
) -> nx.DiGraph:
    """Directed, weighted network of the events dated within [start, end].

    ``layer`` picks what ``weight`` and ``sign`` carry: ``net`` (cooperative minus
    conflictual), ``cooperative`` or ``conflictual``. With ``half_life_days`` each event's
    intensity is discounted by exp(-ln 2 / half_life x age in days), age counted back from
    ``as_of`` (default: ``end``, else the last event). With ``normalise`` each edge is divided
    by its source actor's number of events in the window, damping media-attention bias.
    ``nodes`` adds actors with no event as isolated nodes. A ``weight`` column (imported GDELT
    rows, :mod:`analysis.sources.gdelt`) multiplies each row's Goldstein value.

    Parameters
    ----------
    events : DataFrame
        Event rows with ``date``, ``source_actor``, ``target_actor``, ``goldstein`` and optionally
        ``weight`` (a missing or non-numeric weight counts as 1).
    start, end : date-like or None, optional
        The window, both days included; None leaves that end unbounded.
    layer : {"net", "cooperative", "conflictual"}, default "net"
        The layer ``weight`` and ``sign`` carry (one of :data:`LAYERS`); on ``conflictual`` the
        sign is -1 wherever there is conflict. An edge whose layer value is 0 (a cooperative-only
        pair on the conflictual layer, say) is kept with weight 0 and sign 0.
    half_life_days : float, optional
        Half-life of the age discount, in days; None (the default) leaves intensities as they are.
    as_of : date-like, optional
        The date ages are counted from (used only with ``half_life_days``); an event after it is
        scaled up (a factor above 1).
    normalise : bool, default False
        Divide ``cooperative``, ``conflictual`` and ``net`` of each edge by the number of events
        its source actor sent in the window (``count`` is not divided).
    nodes : iterable of str, optional
        Actors added as nodes even without an event.

    Returns
    -------
    networkx.DiGraph
        Nodes sorted, one edge per (source, target) pair with events, edge attributes as in the
        module docstring (values rounded to :data:`analysis.precision.DECIMALS` places); graph
        attributes ``layer``, ``start``, ``end``, ``half_life_days`` and ``normalise``.

    Raises
    ------
    ValueError
        If ``layer`` is not one of :data:`LAYERS`, or ``half_life_days`` is not positive.
    """
    if layer not in LAYERS:
        raise ValueError(f"layer must be one of {', '.join(LAYERS)}, not {layer!r}")
    ev = in_window(events, "date", start, end)
    g = np.asarray(ev["goldstein"], dtype=float)
    if "weight" in ev:  # imported rows (GDELT) stand for several events; curated rows count once
        g = g * pd.to_numeric(ev["weight"], errors="coerce").fillna(1.0).to_numpy(dtype=float)
    if half_life_days is not None:
        if half_life_days <= 0:
            raise ValueError("half_life_days must be positive")
        ref = pd.Timestamp(as_of if as_of is not None else end if end is not None else ev["date"].max())
        age = (ref - ev["date"]).dt.days.to_numpy(dtype=float)
        g = g * np.exp(-math.log(2) / half_life_days * age)
    frame = pd.DataFrame(
        {
            "source": _ids(ev["source_actor"]).to_numpy(),
            "target": _ids(ev["target_actor"]).to_numpy(),
            "cooperative": np.where(g > 0, g, 0.0),
            "conflictual": np.where(g < 0, -g, 0.0),
            "count": 1,
        }
    )
    edges = frame.groupby(["source", "target"], sort=True).sum()
    edges["net"] = edges["cooperative"] - edges["conflictual"]
    if normalise and len(edges):
        volume = frame.groupby("source").size()
        scale = volume.reindex(edges.index.get_level_values("source")).to_numpy(dtype=float)
        for col in ("cooperative", "conflictual", "net"):
            edges[col] = edges[col] / scale
    edges[["cooperative", "conflictual", "net"]] = rounded(edges[["cooperative", "conflictual", "net"]])
    G = nx.DiGraph(layer=layer, start=start, end=end, half_life_days=half_life_days, normalise=normalise)
    G.add_nodes_from(
        sorted(set(edges.index.get_level_values(0)) | set(edges.index.get_level_values(1)) | set(nodes or []))
    )
    for (s, t), row in edges.iterrows():
        value = row[layer] if layer != "conflictual" else -row["conflictual"]
        G.add_edge(
            s,
            t,
            cooperative=float(row["cooperative"]),
            conflictual=float(row["conflictual"]),
            net=float(row["net"]),
            count=int(row["count"]),
            weight=abs(float(value)),
            sign=1 if value > 0 else -1 if value < 0 else 0,
        )
    return G


def ties_in_force(ties: pd.DataFrame, on=None, start=None, end=None) -> pd.DataFrame:
    """Ties valid on a date, or at any time overlapping [start, end] (open ends count as in force).

    Parameters
    ----------
    ties : DataFrame
        The ties table, with datetime columns ``valid_from`` and ``valid_to``; a missing (NaT)
        ``valid_from`` or ``valid_to`` leaves the tie's validity open at that end.
    on : date-like, optional
        The date the ties must be valid on.
    start, end : date-like, optional
        A window the tie's validity must overlap; None leaves that end unbounded. With neither
        ``on`` nor a window, every tie is in force.

    Returns
    -------
    DataFrame
        The rows of ``ties`` in force, with their index and in their order.

    Raises
    ------
    ValueError
        If both ``on`` and ``start`` or ``end`` are given.
    """
    if on is not None and (start is not None or end is not None):
        raise ValueError("give either a date (on) or a window (start, end), not both")
    lo = pd.Timestamp(on) if on is not None else (pd.Timestamp(start) if start is not None else None)
    hi = pd.Timestamp(on) if on is not None else (pd.Timestamp(end) if end is not None else None)
    mask = pd.Series(True, index=ties.index)
    if hi is not None:
        mask &= ties["valid_from"].isna() | (ties["valid_from"] <= hi)
    if lo is not None:
        mask &= ties["valid_to"].isna() | (ties["valid_to"] >= lo)
    return ties[mask]


def tie_network(ties: pd.DataFrame, on=None, start=None, end=None, *, nodes=None) -> nx.Graph:
    """Undirected signed network of the standing ties in force on a date or over a window.

    Several ties between the same pair add up: value = sum of sign x strength (rounded). A pair
    whose ties cancel (value 0) has no edge.

    Parameters
    ----------
    ties : DataFrame
        The ties table (``tie_id``, ``actor_a``, ``actor_b``, ``sign``, ``strength``, ``valid_from``,
        ``valid_to``); a directed tie counts for the unordered pair.
    on, start, end : date-like, optional
        A date, or a window, as in :func:`ties_in_force` (give one or the other).
    nodes : iterable of str, optional
        Actors added as nodes even without a tie in force.

    Returns
    -------
    networkx.Graph
        Nodes sorted: every actor of a tie in force (also when its ties cancel) and ``nodes``; edge
        attributes ``value``, ``weight``, ``sign`` and ``ties`` (the sorted tie ids); graph
        attributes ``on``, ``start`` and ``end``.

    Raises
    ------
    ValueError
        If both a date and a window are given.
    """
    t = ties_in_force(ties, on=on, start=start, end=end)
    a, b = _ids(t["actor_a"]).to_numpy(), _ids(t["actor_b"]).to_numpy()
    frame = pd.DataFrame(
        {
            "u": np.minimum(a, b),
            "v": np.maximum(a, b),
            "value": t["sign"].astype(float).to_numpy() * t["strength"].astype(float).to_numpy(),
            "tie_id": t["tie_id"].astype(str).to_numpy(),
        }
    )
    G = nx.Graph(on=on, start=start, end=end)
    G.add_nodes_from(sorted(set(frame["u"]) | set(frame["v"]) | set(nodes or [])))
    for (u, v), grp in frame.groupby(["u", "v"], sort=True):
        value = rounded(grp["value"].sum())
        if value != 0:
            G.add_edge(u, v, value=value, weight=abs(value), sign=1 if value > 0 else -1, ties=sorted(grp["tie_id"]))
    return G


def _scaled_values(G: nx.Graph, attr: str) -> dict[tuple[str, str], float]:
    values = {tuple(sorted((u, v))): d[attr] for u, v, d in G.edges(data=True)}
    top = max((abs(x) for x in values.values()), default=0.0)
    return {k: (rounded(x / top) if top else 0.0) for k, x in values.items()}


def combined_network(
    events: pd.DataFrame,
    ties: pd.DataFrame,
    start=None,
    end=None,
    *,
    event_share: float = 0.5,
    half_life_days: float | None = None,
) -> nx.Graph:
    """Undirected signed network mixing standing ties and net event intensity over a window.

    Each layer is scaled to [-1, 1] by its largest absolute edge value, then mixed:
    value = (1 - event_share) x ties + event_share x events (both directions of events summed).

    Parameters
    ----------
    events : DataFrame
        Event rows, as for :func:`event_network` (its ``net`` layer is used, not normalised).
    ties : DataFrame
        The ties table; the ties in force at any time in the window count (:func:`tie_network`).
    start, end : date-like or None, optional
        The window, both days included; None leaves that end unbounded.
    event_share : float, default 0.5
        Weight of the events in the mix, from 0 (ties only) to 1 (events only).
    half_life_days : float, optional
        Age discount of the events, as in :func:`event_network` (ages counted back from ``end``,
        else the last event); the ties are not discounted.

    Returns
    -------
    networkx.Graph
        Nodes sorted: every actor with a tie edge or an event edge; one edge per pair whose mixed
        value is not 0, attributes ``value``, ``weight``, ``sign``, ``tie_value`` and
        ``event_value`` (the two scaled layers); graph attributes ``start``, ``end`` and
        ``event_share``.

    Raises
    ------
    ValueError
        If ``event_share`` is not between 0 and 1, or as :func:`event_network` raises.
    """
    if not 0 <= event_share <= 1:
        raise ValueError("event_share must be between 0 and 1")
    ev = event_network(events, start, end, layer="net", half_life_days=half_life_days)
    und = nx.Graph()
    for u, v, d in ev.edges(data=True):
        key = tuple(sorted((u, v)))
        und.add_edge(*key, net=und.edges[key]["net"] + d["net"] if und.has_edge(*key) else d["net"])
    tie_vals = _scaled_values(tie_network(ties, start=start, end=end), "value")
    ev_vals = _scaled_values(und, "net")
    G = nx.Graph(start=start, end=end, event_share=event_share)
    G.add_nodes_from(sorted({n for k in list(tie_vals) + list(ev_vals) for n in k}))
    for key in sorted(set(tie_vals) | set(ev_vals)):
        value = rounded((1 - event_share) * tie_vals.get(key, 0.0) + event_share * ev_vals.get(key, 0.0))
        if value != 0:
            G.add_edge(
                *key,
                value=value,
                weight=abs(value),
                sign=1 if value > 0 else -1,
                tie_value=tie_vals.get(key, 0.0),
                event_value=ev_vals.get(key, 0.0),
            )
    return G


@dataclass(frozen=True)
class Scenario:
    """Edits to the data before a network is built: "what if Russia had expelled the Hamas delegation".

    - ``drop_actors``: actor codes removed with every event and tie they take part in;
    - ``drop_events`` / ``drop_ties``: event or tie ids removed;
    - ``add_ties``: new ties, each a dict with actor_a, actor_b, tie_type, and optionally
      strength (default 1), valid_from, valid_to; sign and direction follow the tie type.
    """

    drop_actors: tuple[str, ...] = ()
    drop_events: tuple[str, ...] = ()
    drop_ties: tuple[str, ...] = ()
    add_ties: tuple[dict, ...] = field(default_factory=tuple)

    @classmethod
    def from_dict(cls, edits: dict | None) -> Scenario:
        edits = dict(edits or {})
        unknown = set(edits) - {"drop_actors", "drop_events", "drop_ties", "add_ties"}
        if unknown:
            raise ValueError(
                f"unknown scenario edit(s) {sorted(unknown)}; valid: drop_actors, drop_events, drop_ties, add_ties"
            )
        return cls(**{k: tuple(v) for k, v in edits.items()})

    def apply(
        self, events: pd.DataFrame, ties: pd.DataFrame, actors: pd.DataFrame | None = None
    ) -> tuple[pd.DataFrame, pd.DataFrame]:
        """The edited (events, ties); unknown ids raise ValueError naming them.

        Parameters
        ----------
        events : DataFrame
            The event rows (``event_id``, ``source_actor``, ``target_actor`` among others).
        ties : DataFrame
            The ties table (``tie_id``, ``actor_a``, ``actor_b`` among others).
        actors : DataFrame, optional
            The actors table, whose ``actor_id`` codes are the known actors; None (the default)
            takes every actor with an event or a tie (:func:`network_actors`).

        Returns
        -------
        events, ties : DataFrame
            ``events`` without the dropped events and those involving a dropped actor; ``ties``
            likewise, plus the added ties (ids ``SCENARIO001``, ``SCENARIO002``, ...; when ties are
            added, categorical columns become plain ones). Both re-indexed from 0.

        Raises
        ------
        ValueError
            If a dropped actor, event or tie id is unknown, or an added tie has an unknown
            ``tie_type`` (not in :data:`analysis.coding.TIE_SIGN`) or actor.
        """
        from . import coding

        known_actors = set(_ids(actors["actor_id"])) if actors is not None else network_actors(events, ties)
        for label, wanted, known in (
            ("actor", self.drop_actors, known_actors),
            ("event", self.drop_events, set(_ids(events["event_id"]))),
            ("tie", self.drop_ties, set(_ids(ties["tie_id"]))),
        ):
            missing = sorted(set(wanted) - known)
            if missing:
                raise ValueError(f"scenario names unknown {label} id(s): {', '.join(missing)}")
        drop = set(self.drop_actors)
        ev = events[
            ~_ids(events["event_id"]).isin(self.drop_events)
            & ~_ids(events["source_actor"]).isin(drop)
            & ~_ids(events["target_actor"]).isin(drop)
        ]
        ti = ties[
            ~_ids(ties["tie_id"]).isin(self.drop_ties)
            & ~_ids(ties["actor_a"]).isin(drop)
            & ~_ids(ties["actor_b"]).isin(drop)
        ]
        if self.add_ties:
            rows = []
            for i, spec in enumerate(self.add_ties, start=1):
                ttype = spec.get("tie_type")
                if ttype not in coding.TIE_SIGN:
                    raise ValueError(f"added tie {i}: tie_type must be one of {', '.join(coding.TIE_SIGN)}")
                for end_ in ("actor_a", "actor_b"):
                    if spec.get(end_) not in known_actors:
                        raise ValueError(f"added tie {i}: unknown actor {spec.get(end_)!r}")
                rows.append(
                    {
                        "tie_id": f"SCENARIO{i:03d}",
                        "actor_a": spec["actor_a"],
                        "actor_b": spec["actor_b"],
                        "directed": ttype in coding.DIRECTED_TIE_TYPES,
                        "sign": coding.TIE_SIGN[ttype],
                        "tie_type": ttype,
                        "strength": int(spec.get("strength", 1)),
                        "valid_from": pd.Timestamp(spec["valid_from"]) if spec.get("valid_from") else pd.NaT,
                        "valid_to": pd.Timestamp(spec["valid_to"]) if spec.get("valid_to") else pd.NaT,
                    }
                )
            added = pd.DataFrame(rows)
            categorical = {c: object for c in ti.columns if isinstance(ti[c].dtype, pd.CategoricalDtype)}
            ti = pd.concat([ti.astype(categorical), added], ignore_index=True)
        return ev.reset_index(drop=True), ti.reset_index(drop=True)


def edge_evidence(events: pd.DataFrame, ties: pd.DataFrame, u: str, v: str, start=None, end=None) -> pd.DataFrame:
    """The events (either direction, dated in the window) and ties (in force in the window)
    between two actors: what an edge of the networks above is made of.

    Columns: kind ('event' or 'tie'), id, date (event date or tie start), what (source->target,
    PLOVER type and CAMEO code, or tie type), value (Goldstein intensity, or sign x strength), text
    (the event's description or the tie's notes), source_ids. Sorted by absolute value, largest
    first, then id.

    Parameters
    ----------
    events : DataFrame
        Event rows (``event_id``, ``date``, ``source_actor``, ``target_actor``, ``plover_type``,
        ``cameo_code``, ``goldstein``, ``description``, ``source_ids``).
    ties : DataFrame
        The ties table (``tie_id``, ``actor_a``, ``actor_b``, ``tie_type``, ``sign``, ``strength``,
        ``valid_from``, ``valid_to``, ``notes``, ``source_ids``).
    u, v : str
        The two actors' codes; the same code twice gives no rows.
    start, end : date-like or None, optional
        The window: events dated in it, ties in force at any time in it (:func:`ties_in_force`);
        None leaves that end unbounded.

    Returns
    -------
    DataFrame
        One row per event and tie, with the columns above and a fresh index; the Goldstein value is
        the row's own, not multiplied by an imported row's ``weight``.
    """
    pair = {u, v}
    ev = in_window(events, "date", start, end)
    ev = ev[
        _ids(ev["source_actor"]).isin(pair)
        & _ids(ev["target_actor"]).isin(pair)
        & (_ids(ev["source_actor"]) != _ids(ev["target_actor"]))
    ]
    ti = ties_in_force(ties, start=start, end=end)
    ti = ti[
        _ids(ti["actor_a"]).isin(pair) & _ids(ti["actor_b"]).isin(pair) & (_ids(ti["actor_a"]) != _ids(ti["actor_b"]))
    ]
    rows = [
        {
            "kind": "event",
            "id": str(r.event_id),
            "date": r.date,
            "what": f"{r.source_actor}->{r.target_actor} {r.plover_type} {r.cameo_code}",
            "value": float(r.goldstein),
            "text": str(r.description),
            "source_ids": str(r.source_ids),
        }
        for r in ev.itertuples()
    ]
    rows += [
        {
            "kind": "tie",
            "id": str(r.tie_id),
            "date": r.valid_from,
            "what": str(r.tie_type),
            "value": float(int(r.sign) * int(r.strength)),
            "text": "" if pd.isna(r.notes) else str(r.notes),
            "source_ids": str(r.source_ids),
        }
        for r in ti.itertuples()
    ]
    out = pd.DataFrame(rows, columns=["kind", "id", "date", "what", "value", "text", "source_ids"])
    if out.empty:
        return out
    out = out.assign(_abs=rounded(out["value"].abs())).sort_values(["_abs", "id"], ascending=[False, True])
    return out.drop(columns="_abs").reset_index(drop=True)


NETWORKS = ("events", "ties", "combined")


@dataclass(frozen=True)
class NetworkChoice:
    """Which network a notebook builds, checked once: ``events`` (the event network of one
    ``layer``, optionally discounted by age with ``half_life_days`` and ``normalise``-d by each
    source's number of events), ``ties`` (the standing ties in force) or ``combined`` (both, events
    weighing ``event_share``). A bad value raises ValueError naming the parameter and the choices."""

    network: str = "events"
    layer: str = "net"
    half_life_days: float | None = None
    normalise: bool = False
    event_share: float = 0.5

    def __post_init__(self):
        if self.network not in NETWORKS:
            raise ValueError(f"network = {self.network!r} is not one of: {', '.join(NETWORKS)}.")
        if self.layer not in LAYERS:
            raise ValueError(f"layer = {self.layer!r} is not one of: {', '.join(LAYERS)}.")
        if not isinstance(self.event_share, (int, float)) or not 0 <= self.event_share <= 1:
            raise ValueError(f"event_share must be between 0 and 1, not {self.event_share!r}.")
        if self.half_life_days is not None and (
            not isinstance(self.half_life_days, (int, float)) or self.half_life_days <= 0
        ):
            raise ValueError(
                f"half_life_days must be a positive number of days (or none), not {self.half_life_days!r}."
            )

    def build(self, events: pd.DataFrame, ties: pd.DataFrame, start, end) -> nx.Graph:
        """The chosen network over [start, end].

        Parameters
        ----------
        events : DataFrame
            Event rows, used by the ``events`` and ``combined`` networks.
        ties : DataFrame
            The ties table, used by the ``ties`` and ``combined`` networks.
        start, end : date-like or None
            The window, both days included; None leaves that end unbounded.

        Returns
        -------
        networkx.Graph
            :func:`event_network` (a ``DiGraph``) with this choice's ``layer``, ``half_life_days`` and
            ``normalise``; :func:`tie_network` over the window; or :func:`combined_network` with
            ``event_share`` and ``half_life_days``.
        """
        if self.network == "events":
            return event_network(
                events, start, end, layer=self.layer, half_life_days=self.half_life_days, normalise=self.normalise
            )
        if self.network == "ties":
            return tie_network(ties, start=start, end=end)
        return combined_network(
            events, ties, start, end, event_share=self.event_share, half_life_days=self.half_life_days
        )

    def signed(self, events: pd.DataFrame, ties: pd.DataFrame, start, end) -> nx.Graph:
        """The undirected signed view of the same choice, for structural balance: the combined
        network with events only, ties only, or both at ``event_share``.

        Parameters
        ----------
        events : DataFrame
            Event rows, used unless the choice is ``ties``.
        ties : DataFrame
            The ties table, used unless the choice is ``events``.
        start, end : date-like or None
            The window, both days included; None leaves that end unbounded.

        Returns
        -------
        networkx.Graph
            :func:`combined_network` with ``event_share`` 1 (events), 0 (ties) or this choice's, and
            its ``half_life_days``; the events enter as their net layer, whatever ``layer`` and
            ``normalise`` say.
        """
        share = {"events": 1.0, "ties": 0.0, "combined": self.event_share}[self.network]
        return combined_network(events, ties, start, end, event_share=share, half_life_days=self.half_life_days)

    def nothing_between(self, start, end) -> str:
        """The sentence for a window where the chosen network has no link."""
        what = {"events": "events", "ties": "standing ties in force", "combined": "events or standing ties"}[
            self.network
        ]
        return (
            f"there are no {what} between {pd.Timestamp(start).date()} and {pd.Timestamp(end).date()}. "
            "Widen the window or choose another network."
        )
