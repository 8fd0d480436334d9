"""Plain arithmetic of the dashboard's figures: missing values, deltas, shares, closure ratio, per 100 staff."""

from __future__ import annotations

import math


def missing(value: object) -> bool:
    """Tell whether a value is None or NaN (pandas gives NaN/NA/NaT for SQL NULL)."""
    if value is None:
        return True
    try:
        return bool(math.isnan(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return str(value) in ("<NA>", "NaT")


def delta(current: float | None, previous: float | None) -> float | None:
    """Return current − previous, or None when either is missing."""
    if missing(current) or missing(previous):
        return None
    return float(current) - float(previous)


def share(part: float | None, whole: float | None) -> float | None:
    """Return part ÷ whole, or None when the whole is zero or missing."""
    if missing(part) or missing(whole) or not whole:
        return None
    return float(part) / float(whole)


def closure_ratio(closed: int | None, opened: int | None) -> float | None:
    """Return closed ÷ opened (below 1 means the backlog grows); None when nothing was opened."""
    return share(closed or 0, opened)


def per_100(count: float | None, staff: float | None) -> float | None:
    """Return a count per 100 staff."""
    s = share(count, staff)
    return None if s is None else 100 * s
