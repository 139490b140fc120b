"""Checks of notebook parameters: a bad value fails in the first cell with a sentence a person
understands, naming the problem and the valid choices (papermill injects parameters as given)."""

from __future__ import annotations

import difflib

import pandas as pd


class ParameterError(ValueError):
    """A notebook parameter is not usable; the message says which and what would be."""


def actor(code: str, actors: pd.DataFrame, name: str = "focal_actor") -> str:
    """``code`` if it is an actor code of ``actors``, else a :class:`ParameterError` naming the
    parameter (``name``), the closest codes and every valid one.
    """
    known = sorted(actors["actor_id"].astype(str))
    if code not in known:
        close = difflib.get_close_matches(str(code), known, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise ParameterError(f"{name} = {code!r} is not an actor code.{hint} Valid codes: {', '.join(known)}.")
    return code


def actors_list(codes, actors: pd.DataFrame, name: str = "actors") -> list[str]:
    """Each of ``codes`` checked as by :func:`actor`; the list, in its order."""
    return [actor(c, actors, name) for c in codes]


def window(start: str, end: str) -> tuple[pd.Timestamp, pd.Timestamp]:
    """The window [start, end] as timestamps, or a :class:`ParameterError` when either is not an
    ISO date or start is after end.
    """
    try:
        s, e = pd.Timestamp(start), pd.Timestamp(end)
    except (ValueError, TypeError) as exc:
        raise ParameterError(f"start and end must be ISO dates such as '2023-10-07' (got {start!r}, {end!r}).") from exc
    if s > e:
        raise ParameterError(f"start ({start}) is after end ({end}).")
    return s, e


def choice(value, options, name: str):
    """``value`` if it is one of ``options``, else a :class:`ParameterError` listing them."""
    if value not in options:
        raise ParameterError(f"{name} = {value!r} is not one of: {', '.join(map(str, options))}.")
    return value


def positive(value, name: str, *, allow_zero: bool = False):
    """``value`` if it is a positive number (or zero, with ``allow_zero``), else a
    :class:`ParameterError` naming the parameter.
    """
    if not isinstance(value, (int, float)) or value < 0 or (value == 0 and not allow_zero):
        raise ParameterError(f"{name} must be a {'non-negative' if allow_zero else 'positive'} number, not {value!r}.")
    return value


def not_empty(frame: pd.DataFrame, what: str, start, end, hint: str = "") -> pd.DataFrame:
    """``frame`` unless it is empty; then a :class:`ParameterError` saying there are no ``what``
    between ``start`` and ``end``, followed by ``hint``.
    """
    if frame.empty:
        raise ParameterError(
            f"there are no {what} between {pd.Timestamp(start).date()} and {pd.Timestamp(end).date()}."
            + (f" {hint}" if hint else "")
        )
    return frame


def weights(value, components, name: str) -> dict | None:
    """Component weights from a notebook parameter: ``{}`` (or None) means equal weights; otherwise
    exactly one non-negative number per component, not all zero. Returns None for equal weights."""
    from .leverage import check_weights

    if value is None or value == {}:
        return None
    names = list(components)
    if not isinstance(value, dict):
        raise ParameterError(
            f"{name} must be {{}} (equal weights) or a mapping of component to weight, "
            f"not {value!r}. Components: {', '.join(names)}."
        )
    bad = sorted(k for k, v in value.items() if isinstance(v, bool) or not isinstance(v, (int, float)))
    if bad:
        raise ParameterError(f"{name}: the weight of {', '.join(map(str, bad))} is not a number.")
    try:
        check_weights(value, names)
    except ValueError as exc:
        raise ParameterError(f"{name}: {exc}.") from None
    return dict(value)


def events(value) -> str:
    """The ``events`` parameter: ``context``, ``panel``, ``all`` or the path of an events file (.csv)."""
    from pathlib import Path

    from .panel import COLLECTIONS

    if value in COLLECTIONS:
        return value
    if isinstance(value, str) and value.lower().endswith(".csv"):
        if not Path(value).is_file():
            raise ParameterError(
                f"events = {value!r}: no such file (give an absolute path, or one relative to the notebooks/ folder)."
            )
        return value
    raise ParameterError(
        f"events = {value!r} is not one of: {', '.join(COLLECTIONS)}, or the path of an events "
        "file (.csv, for instance a GDELT import)."
    )
