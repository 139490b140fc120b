"""Checks of notebook parameters: a bad value fails in the first cell with a sentence a person
understands, naming the problem and the valid choices (papermill injects parameters as given)."""

from __future__ import annotations

import difflib
import math
import numbers
import re
from collections.abc import Mapping
from contextlib import contextmanager

import pandas as pd


class ParameterError(ValueError):
    """A notebook parameter is not usable; the message says which and what would be."""


def _is_number(value) -> bool:
    """A real number (numpy's included) that is neither a boolean nor NaN."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool) and not math.isnan(value)


@contextmanager
def library_errors(*, prefix: str = "", **renames: str):
    """Turn the library's argument checks into parameter errors: a ``ValueError`` raised inside the
    block becomes a :class:`ParameterError` with the same message, so a notebook's first cell does not
    repeat the checks the library makes.

    Parameters
    ----------
    prefix : str, optional
        Put before the message (``"scenario"`` gives ``"scenario: <message>"``), for a parameter whose
        errors do not name it.
    **renames : str
        Library argument name -> notebook parameter name, where they differ: every whole word
        ``argument`` of the message is replaced by ``parameter`` (``design="influence"``).

    Yields
    ------
    None
        The block runs unchanged; a :class:`ParameterError` raised in it passes through as it is, and
        any exception other than ``ValueError`` is not touched.
    """
    try:
        yield
    except ParameterError:
        raise
    except ValueError as exc:
        message = str(exc)
        for argument, parameter in renames.items():
            message = re.sub(rf"\b{re.escape(argument)}\b", parameter, message)
        raise ParameterError(f"{prefix}: {message}" if prefix else message) from None


def actor(code: str, actors: pd.DataFrame, name: str = "focal_actor") -> str:
    """``code`` if it is an actor code of ``actors``, else a :class:`ParameterError` naming the
    parameter (``name``), the closest codes and every valid one.

    Parameters
    ----------
    code : str
        The actor code given as the parameter, compared as it is (case and type included) with the
        codes of ``actors``.
    actors : DataFrame
        The actors table; its ``actor_id`` column, read as strings, holds the valid codes.
    name : str, default "focal_actor"
        The notebook parameter's name, used in the message.

    Returns
    -------
    str
        ``code``, unchanged.

    Raises
    ------
    ParameterError
        If ``code`` is not a code of ``actors``; the message suggests up to three close codes and
        lists every valid one.
    """
    known = sorted(actors["actor_id"].astype(str))
    if code not in known:
        close = difflib.get_close_matches(str(code), known, n=3)
        hint = f" Did you mean {', '.join(close)}?" if close else ""
        raise ParameterError(f"{name} = {code!r} is not an actor code.{hint} Valid codes: {', '.join(known)}.")
    return code


def actors_list(codes, actors: pd.DataFrame, name: str = "actors") -> list[str]:
    """Each of ``codes`` checked as by :func:`actor`; the list, in its order.

    Parameters
    ----------
    codes : list of str
        The actor codes given as the parameter; a single string is refused (it is not a list).
    actors : DataFrame
        The actors table; its ``actor_id`` column, read as strings, holds the valid codes.
    name : str, default "actors"
        The notebook parameter's name, used in the message.

    Returns
    -------
    list of str
        The codes, unchanged and in their order.

    Raises
    ------
    ParameterError
        If ``codes`` is a single string, or at the first code that is not a code of ``actors``, as
        :func:`actor` raises it.
    """
    if isinstance(codes, str):
        raise ParameterError(f"{name} must be a list of actor codes, such as [{codes!r}], not the string {codes!r}.")
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
    """``value`` if it is one of ``options``, else a :class:`ParameterError` listing them.

    Parameters
    ----------
    value : object
        The parameter's value.
    options : collection
        The valid values, in the order the message lists them.
    name : str
        The notebook parameter's name, used in the message.

    Returns
    -------
    object
        ``value``, unchanged.

    Raises
    ------
    ParameterError
        If ``value`` is not among ``options``.
    """
    if value not in options:
        raise ParameterError(f"{name} = {value!r} is not one of: {', '.join(map(str, options))}.")
    return value


def positive(value, name: str, *, allow_zero: bool = False):
    """``value`` if it is a positive number (or zero, with ``allow_zero``), else a
    :class:`ParameterError` naming the parameter.

    Parameters
    ----------
    value : int or float
        The parameter's value: a real number (numpy's included), not a boolean and not NaN.
    name : str
        The notebook parameter's name, used in the message.
    allow_zero : bool, default False
        Accept 0 as well (a non-negative number).

    Returns
    -------
    int or float
        ``value``, unchanged.

    Raises
    ------
    ParameterError
        If ``value`` is not a number (a boolean or NaN is not), is negative, or is zero without
        ``allow_zero``.
    """
    if not _is_number(value) or value < 0 or (value == 0 and not allow_zero):
        raise ParameterError(f"{name} must be a {'non-negative' if allow_zero else 'positive'} number, not {value!r}.")
    return value


def not_empty(frame: pd.DataFrame, what: str, start, end, hint: str = "") -> pd.DataFrame:
    """``frame`` unless it is empty; then a :class:`ParameterError` saying there are no ``what``
    between ``start`` and ``end``, followed by ``hint``.

    Parameters
    ----------
    frame : DataFrame
        The rows a notebook selected for its window.
    what : str
        What the rows are, in the plural, for the message (``"events"``).
    start, end : date-like
        The window's first and last day, printed as dates in the message.
    hint : str, default ""
        A sentence appended to the message (what to change); empty adds nothing.

    Returns
    -------
    DataFrame
        ``frame``, unchanged.

    Raises
    ------
    ParameterError
        If ``frame`` has no rows.
    """
    if frame.empty:
        raise ParameterError(
            f"there are no {what} between {pd.Timestamp(start).date()} and {pd.Timestamp(end).date()}."
            + (f" {hint}" if hint else "")
        )
    return frame


def weights(value, components, name: str) -> dict | None:
    """Component weights from a notebook parameter: ``{}`` (or None) means equal weights; otherwise
    exactly one non-negative number per component, not all zero. Returns None for equal weights.

    Parameters
    ----------
    value : dict or None
        The parameter's value: ``{}`` or None for equal weights, else a dict of component name to
        weight (an int or float; ``True`` and ``False`` are not numbers here).
    components : iterable of str
        The index's component names (a dict of definitions gives its keys); the weights must name
        exactly these, as :func:`analysis.leverage.check_weights` checks.
    name : str
        The notebook parameter's name, used in the message.

    Returns
    -------
    dict or None
        None for equal weights, else a copy of ``value`` as a plain dict (weights as given, not
        converted to float).

    Raises
    ------
    ParameterError
        If ``value`` is neither None nor a mapping, a weight is not a number (a boolean or NaN is
        not), or the weights do not name exactly ``components``, include a negative one or are all zero.
    """
    from .leverage import check_weights

    if value is None or value == {}:
        return None
    names = list(components)
    if not isinstance(value, Mapping):
        raise ParameterError(
            f"{name} must be {{}} (equal weights) or a mapping of component to weight, "
            f"not {value!r}. Components: {', '.join(names)}."
        )
    bad = sorted(str(k) for k, v in value.items() if not _is_number(v))
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
