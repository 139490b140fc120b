"""The interactive explorer (``notebooks/explore.ipynb``): one focal actor, one window, one network and
one event collection at a time, and everything the package says about that choice.

The outputs are plain functions of the tables and a :class:`Selection`, tested without a browser:

- :func:`ego_figure` -- the focal actor and its neighbours in the chosen network;
- :func:`centrality_change` -- its centrality ranks in the window and their change against the
  pre-war baseline;
- :func:`voting_partners` -- its closest and farthest General Assembly voting partners in the window;
- :func:`influence_position` -- its influence, leverage and power gap among the compared actors;
- :func:`verdicts` -- the source article's seven claims evaluated for it.

:class:`Explorer` wires them to ipywidgets controls (a searchable actor box, two date pickers with
baseline / war / whole-period buttons, the network and the collection) and refreshes every output
when a control changes. The notebook only shows it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import io
import re
from dataclasses import dataclass

import pandas as pd

from .graphs import NETWORKS, NetworkChoice
from .panel import WINDOWS as PANEL_WINDOWS

#: The windows the explorer's buttons set (first and last day, inclusive): the panel's baseline and
#: war windows, and both together.
WINDOWS = {**PANEL_WINDOWS, "whole": (PANEL_WINDOWS["baseline"][0], PANEL_WINDOWS["war"][1])}
#: The event collections the explorer offers: the contacts panel (one protocol for every dyad) or
#: the panel with the curated events (``analysis.panel.events_for``).
COLLECTIONS = ("panel", "all")
#: The centrality measures whose ranks the explorer shows (1 = most central).
RANKED = ("betweenness", "eigenvector", "in_strength", "pagerank")


@dataclass(frozen=True)
class Selection:
    """What the explorer shows: a focal actor code, a window (ISO dates), a network and a collection."""

    focal: str
    start: str = WINDOWS["war"][0]
    end: str = WINDOWS["war"][1]
    network: str = "events"
    collection: str = "panel"

    def __post_init__(self):
        NetworkChoice(self.network)  # refuses an unknown network, naming the choices
        if self.collection not in COLLECTIONS:
            raise ValueError(f"collection must be one of {', '.join(COLLECTIONS)}, not {self.collection!r}")
        if pd.Timestamp(self.start) > pd.Timestamp(self.end):
            raise ValueError(f"the window starts ({self.start}) after it ends ({self.end})")

    @property
    def window(self) -> tuple[pd.Timestamp, pd.Timestamp]:
        return pd.Timestamp(self.start), pd.Timestamp(self.end)


def actor_options(tables) -> list[str]:
    """The actors as 'Name (CODE)', sorted by name: the choices of the explorer's actor box."""
    actors = tables.actors[["actor_id", "name"]].astype(str)
    return [
        f"{n} ({c})" for n, c in sorted(zip(actors["name"], actors["actor_id"]), key=lambda x: (x[0].lower(), x[1]))
    ]


def code_of(label: str, tables) -> str:
    """The actor code of a choice 'Name (CODE)', or of a bare code; a ValueError names close matches."""
    label = str(label).strip()
    match = re.fullmatch(r".*\(([^()]+)\)", label)
    code = match.group(1) if match else label
    known = set(tables.actors["actor_id"].astype(str))
    if code not in known:
        close = difflib.get_close_matches(label, actor_options(tables), n=3)
        raise ValueError(f"{label!r} is not an actor" + (f"; did you mean {', '.join(close)}?" if close else ""))
    return code


def name_of(code: str, tables) -> str:
    """ "Name (CODE)" of an actor code, as the actor box offers it (the code alone when unknown)."""
    names = dict(zip(tables.actors["actor_id"].astype(str), tables.actors["name"].astype(str)))
    return f"{names.get(code, code)} ({code})"


def event_rows(tables, selection: Selection) -> pd.DataFrame:
    """The event rows of the selection's collection (:func:`analysis.panel.events_for`)."""
    from .panel import events_for

    return events_for(tables, selection.collection)


def network(tables, selection: Selection, start=None, end=None):
    """The chosen network over [start, end] (default: the selection's window).

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    selection : Selection
        The focal actor, window, network and event collection.
    start, end : date-like, optional
        The window, both days included. When ``start`` is None the selection's window is used and
        ``end`` is ignored; otherwise both must be given.

    Returns
    -------
    networkx.Graph
        :meth:`analysis.graphs.NetworkChoice.build` of the selection's network with its defaults
        (a directed event network, or an undirected signed network of ties or of both); events come
        from the selection's collection.
    """
    lo, hi = selection.window if start is None else (pd.Timestamp(start), pd.Timestamp(end))
    events = event_rows(tables, selection) if selection.network != "ties" else None
    return NetworkChoice(selection.network).build(events, tables.ties, lo, hi)


def ego_figure(tables, selection: Selection, seed: int = 0):
    """A matplotlib figure of the focal actor and its neighbours, titled with the actor's name and
    the window (a blank panel saying so when the actor has no link in it).

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    selection : Selection
        The focal actor, window, network and event collection.
    seed : int, default 0
        Seed of the spring layout (:func:`analysis.plots.layout`).

    Returns
    -------
    matplotlib.figure.Figure
        The figure, still open (:func:`figure_png` closes it).
    """
    import matplotlib.pyplot as plt

    from .plots import draw_network, ego_network

    G = network(tables, selection)
    who = name_of(selection.focal, tables)
    title = f"{who} and its neighbours: {selection.network}, {selection.start} to {selection.end}"
    fig, ax = plt.subplots(figsize=(7.5, 6.5))
    if selection.focal in G and G.degree(selection.focal) > 0:
        draw_network(ego_network(G, selection.focal), selection.focal, ax=ax, seed=seed, title=title)
    else:
        ax.set_axis_off()
        ax.set_title(f"{who} has no link in the {selection.network} network, {selection.start} to {selection.end}")
    return fig


def centrality_change(tables, selection: Selection) -> pd.DataFrame:
    """The focal actor's rank on each of :data:`RANKED` in the window and in the pre-war baseline,
    out of how many actors, and the change (baseline rank minus window rank: positive = rose).
    A window where the actor has no link gives no rank (missing, not last)."""
    from .centrality import centrality_table, ranks

    def ranks_over(lo, hi):
        G = network(tables, selection, lo, hi)
        if selection.focal not in G or G.number_of_edges() == 0:
            return {m: pd.NA for m in RANKED}, G.number_of_nodes()
        r = ranks(centrality_table(G, measures=RANKED))
        return {m: r.at[selection.focal, m] for m in RANKED}, G.number_of_nodes()

    now, n_now = ranks_over(*selection.window)
    before, n_before = ranks_over(*WINDOWS["baseline"])
    table = pd.DataFrame(
        {
            "rank": pd.array([now[m] for m in RANKED], dtype="Int64"),
            "of": n_now,
            "baseline rank": pd.array([before[m] for m in RANKED], dtype="Int64"),
            "baseline of": n_before,
        },
        index=pd.Index(RANKED, name="measure"),
    )
    table["change"] = table["baseline rank"] - table["rank"]
    return table


def voting_partners(tables, selection: Selection, n: int = 5) -> tuple[pd.DataFrame, pd.DataFrame, str]:
    """The focal actor's closest and farthest General Assembly partners in the window (S score,
    absolute distances; members sharing at least two roll calls), with their names, and a note
    saying what the tables rest on (or why they are empty).

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    selection : Selection
        The focal actor, window, network and event collection.
    n : int, default 5
        Partners listed in each table.

    Returns
    -------
    closest, farthest : DataFrame
        Columns ``partner`` ('Name (CODE)') and ``similarity``, numbered 1, 2, ...: the highest
        similarities first, and the lowest first (ties in the order of the actor codes). Empty
        when the focal actor cast no General Assembly vote in the window.
    note : str
        The number of roll calls and members the scores rest on, or why there is none.
    """
    from .precision import sort
    from .similarity import similarity, vote_matrix

    lo, hi = selection.window
    matrix = vote_matrix(tables.votes, tables.rollcalls, "GA", lo, hi)
    empty = pd.DataFrame(columns=["partner", "similarity"])
    if matrix.empty or selection.focal not in matrix.index:
        return empty, empty, f"{name_of(selection.focal, tables)} cast no General Assembly vote in this window."
    sim = similarity(matrix, "s_abs", min_joint=2).loc[selection.focal].drop(selection.focal).dropna()
    table = pd.DataFrame(
        {"partner": [name_of(a, tables) for a in sim.index], "similarity": sim.to_numpy()}, index=sim.index
    )
    closest = sort(table, "similarity", ascending=False).head(n).reset_index(drop=True)
    farthest = sort(table, "similarity", ascending=True).head(n).reset_index(drop=True)
    closest.index = range(1, len(closest) + 1)
    farthest.index = range(1, len(farthest) + 1)
    return closest, farthest, f"{matrix.shape[1]} General Assembly roll calls, {matrix.shape[0]} members (S score)."


def influence_position(tables, selection: Selection, rival: str = "USA", year: int = 2023) -> tuple[pd.DataFrame, str]:
    """Influence (the balanced design), leverage and power gap (equal weights, min-max, arithmetic;
    analysis.leverage) of the focal actor and the rival, with the gap's rank, and a note (or why
    there is no index).

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    selection : Selection
        The focal actor, window, network and event collection.
    rival : str, default "USA"
        The actor shown with the focal actor.
    year : int, default 2023
        The last year of capabilities used (:func:`analysis.leverage.indices`).

    Returns
    -------
    table : DataFrame
        Columns ``influence``, ``leverage``, ``gap`` and ``gap_rank``, one row ('Name (CODE)') for
        each of the focal actor and the rival that has both indices; empty when no index can be
        computed in the window.
    note : str
        What the gap rank is out of, and why the focal actor has no index when it has none.
    """
    from .leverage import indices

    lo, hi = selection.window
    try:
        idx = indices(tables, lo, hi, year=year, events=event_rows(tables, selection))
    except ValueError as exc:
        return pd.DataFrame(), f"No index in this window: {exc}."
    gap = idx.gap
    shown = [a for a in dict.fromkeys([selection.focal, rival]) if a in gap.index]
    table = gap.loc[shown, ["influence", "leverage", "gap", "gap_rank"]].copy()
    table.index = [name_of(a, tables) for a in shown]
    note = f"Gap rank out of {len(gap)} actors with both indices; capabilities up to {year}."
    if selection.focal not in idx.leverage_components.index:
        note = (
            f"{name_of(selection.focal, tables)} has no index: the balanced influence index compares the contacts "
            "panel's outside actors only. " + note
        )
    elif selection.focal not in gap.index:
        note = f"{name_of(selection.focal, tables)} has no index in this window (too few components). " + note
    return table, note


def verdicts(tables, selection: Selection, rival: str = "USA") -> pd.DataFrame:
    """The seven claims evaluated for the focal actor over the window (baseline: the pre-war window).

    Parameters
    ----------
    tables : Tables
        The project's tables (:func:`analysis.load_tables`).
    selection : Selection
        The focal actor, window, network and event collection.
    rival : str, default "USA"
        The power whose leverage claim 7 compares (:func:`analysis.claims.brief`).

    Returns
    -------
    DataFrame
        Columns ``claim``, ``value`` and ``verdict``, one row per claim numbered 1 to 7; the
        events are the selection's collection and the baseline is :data:`WINDOWS` ``baseline``.
    """
    from .claims import brief, verdict_table

    lo, hi = selection.window
    findings = brief(
        tables,
        selection.focal,
        lo,
        hi,
        WINDOWS["baseline"],
        rival,
        events=event_rows(tables, selection),
        collection=selection.collection,
    )
    table = verdict_table(findings)[["claim", "value", "verdict"]]
    table.index = range(1, len(table) + 1)
    return table


def figure_png(fig) -> bytes:
    """The figure as PNG bytes (and closed)."""
    import matplotlib.pyplot as plt

    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=80, bbox_inches="tight")
    plt.close(fig)
    return buffer.getvalue()


#: The tables' look in the explorer (pandas writes bare HTML tables).
STYLE = (
    "<style>.explorer table{border-collapse:collapse;margin:.3em 0}"
    ".explorer th,.explorer td{padding:.15em .6em;text-align:right;border-bottom:1px solid #e0e0e0}"
    ".explorer td:first-child{text-align:left}</style>"
)


def _html(frame: pd.DataFrame, css: str) -> str:
    if frame.empty:
        return "<p><i>nothing to show</i></p>"
    return frame.rename_axis(None).to_html(
        classes=f"explorer {css}", float_format=lambda v: f"{v:.3f}", na_rep="–", border=0
    )


class Explorer:
    """The explorer's widgets: controls on top, outputs below, refreshed whenever a control changes.

    ``Explorer(tables).widget`` is the whole thing; ``refresh()`` recomputes the outputs from the
    controls (an invalid choice shows its message in ``status`` and leaves the outputs as they were)."""

    def __init__(
        self, tables, focal: str = "RUS", window: str = "war", network: str = "events", collection: str = "panel"
    ):
        import ipywidgets as w

        if window not in WINDOWS:
            raise ValueError(f"window = {window!r} is not one of: {', '.join(WINDOWS)}.")
        focal = code_of(focal, tables)  # an unknown actor fails here, with close matches
        self.tables = tables
        self.actor = w.Combobox(
            options=actor_options(tables),
            value=name_of(focal, tables),
            ensure_option=True,
            placeholder="type a name or a code",
            description="Actor",
        )
        start, end = WINDOWS[window]
        self.start = w.DatePicker(value=dt.date.fromisoformat(start), description="From")
        self.end = w.DatePicker(value=dt.date.fromisoformat(end), description="To")
        self.buttons = {name: w.Button(description=name, tooltip=f"{a} to {b}") for name, (a, b) in WINDOWS.items()}
        self.network = w.ToggleButtons(options=list(NETWORKS), value=network, description="Network")
        self.collection = w.ToggleButtons(options=list(COLLECTIONS), value=collection, description="Events")
        self.status = w.HTML()
        self.heading = w.HTML()
        self.figure = w.Image(format="png")
        self.caption = w.HTML()
        self.ranks = w.HTML()
        self.partners = w.HTML()
        self.position = w.HTML()
        self.claims = w.HTML()
        self.selection: Selection | None = None
        for name, button in self.buttons.items():
            button.on_click(lambda _, name=name: self.set_window(name))
        for control in (self.actor, self.start, self.end, self.network, self.collection):
            control.observe(lambda _: self.refresh(), names="value")
        self.widget = w.VBox(
            [
                w.HTML(STYLE),
                w.HBox([self.actor, self.network]),
                w.HBox([self.start, self.end, *self.buttons.values()]),
                self.collection,
                self.status,
                self.heading,
                w.HBox(
                    [
                        w.VBox([self.caption, self.figure]),
                        w.VBox(
                            [
                                w.HTML("<h4>Centrality ranks, window and baseline</h4>"),
                                self.ranks,
                                w.HTML("<h4>Influence and leverage</h4>"),
                                self.position,
                            ]
                        ),
                    ]
                ),
                w.HTML("<h4>Closest and farthest UN voting partners</h4>"),
                self.partners,
                w.HTML("<h4>The source article's claims</h4>"),
                self.claims,
            ]
        )
        self.refresh()

    def set_window(self, name: str) -> None:
        """Set both date pickers to one of :data:`WINDOWS` (one refresh, not two)."""
        start, end = (dt.date.fromisoformat(d) for d in WINDOWS[name])
        self._quiet = True
        try:
            self.start.value, self.end.value = start, end
        finally:
            self._quiet = False
        self.refresh()

    _quiet = False

    def current(self) -> Selection:
        if not self.actor.value:
            raise ValueError("choose an actor from the list (type part of a name or a code)")
        if self.start.value is None or self.end.value is None:
            raise ValueError("choose both dates of the window")
        return Selection(
            code_of(self.actor.value, self.tables),
            self.start.value.isoformat(),
            self.end.value.isoformat(),
            self.network.value,
            self.collection.value,
        )

    def refresh(self) -> None:
        if self._quiet:
            return
        try:
            selection = self.current()
        except ValueError as exc:
            self.status.value = f"<p style='color:#a11'>{exc}</p>"
            return
        self.status.value = ""
        self.selection = selection
        who = name_of(selection.focal, self.tables)
        drawn = ego_figure(self.tables, selection)
        title = drawn.axes[0].get_title()
        figure = figure_png(drawn)
        ranks = _html(centrality_change(self.tables, selection), "explorer-ranks")
        closest, farthest, partners_note = voting_partners(self.tables, selection)
        position, position_note = influence_position(self.tables, selection)
        claims = _html(verdicts(self.tables, selection), "explorer-claims")
        self.figure.value = figure
        # the figure's title as text too (readable in the page; an Image widget with a tooltip fails to draw)
        self.caption.value = f"<p class='explorer-figure-title'><small>{title}</small></p>"
        self.ranks.value = ranks
        self.partners.value = (
            f"<p>{partners_note}</p><div style='display:flex;gap:2em'><div><b>Closest</b>"
            f"{_html(closest, 'explorer-closest')}</div><div><b>Farthest</b>"
            f"{_html(farthest, 'explorer-farthest')}</div></div>"
        )
        self.position.value = _html(position, "explorer-position") + f"<p><small>{position_note}</small></p>"
        self.claims.value = claims
        # the heading last: when it names the selection, every output above shows it
        self.heading.value = (
            f"<h3 class='explorer-heading'>{who}: {selection.network} network, "
            f"{selection.start} to {selection.end}, events: {selection.collection}</h3>"
        )
