"""Queries for the support load page: tickets per day/hour, per unit, mix, backlog, closure, resolve time."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

import duckdb
import pandas as pd

from analysis import db
from analysis.filters import Filters
from analysis.queries.common_queries import DbPath

# Known priorities first in this order; anything else after them, alphabetically.
PRIORITY_RANK = """CASE lower(priority) WHEN 'kritisk' THEN 1 WHEN 'høy' THEN 2 WHEN 'middels' THEN 3
                   WHEN 'lav' THEN 4 ELSE 5 END"""


@dataclass(frozen=True)
class SupportSummary:
    """Headline figures for the period: opened, closed, closure ratio inputs, open at end, resolve times."""

    opened: int
    closed: int
    open_at_end: int
    median_hours: float | None
    p90_hours: float | None
    staff: int


def _summary(con: duckdb.DuckDBPyConnection, f: Filters, end: dt.datetime | None) -> SupportSummary:
    """Compute the period summary on one connection."""
    tw, tp = f.where("opened_at")
    cw, cp = f.where("closed_at")
    uw, up = f.units_where()
    scope_w, scope_p = f.anytime().where("opened_at")
    opened, med, p90 = con.execute(
        f"""SELECT count(*), median(epoch(closed_at - opened_at) / 3600.0),
                   quantile_cont(epoch(closed_at - opened_at) / 3600.0, 0.9)
            FROM tickets WHERE {tw}""",
        tp,
    ).fetchone()
    closed = con.execute(f"SELECT count(*) FROM tickets WHERE closed_at IS NOT NULL AND {cw}", cp).fetchone()[0]
    open_end = 0
    if end is not None:
        open_end = con.execute(
            f"""SELECT count(*) FROM tickets WHERE opened_at <= ? AND (closed_at IS NULL OR closed_at > ?)
                AND {scope_w}""",
            [end, end, *scope_p],
        ).fetchone()[0]
    staff = con.execute(f"SELECT coalesce(sum(staff_count), 0) FROM units WHERE {uw}", up).fetchone()[0]
    return SupportSummary(int(opened), int(closed), int(open_end), med, p90, int(staff))


def query_support_summary(f: Filters, end: dt.datetime | None, path: DbPath = None) -> SupportSummary:
    """Return the support headline figures for the period; `end` is the moment the backlog is counted."""
    return db.read_many(lambda con: _summary(con, f, end), path)


def query_tickets_per_day(f: Filters, path: DbPath = None) -> pd.DataFrame:
    """Return tickets opened per day and priority."""
    tw, tp = f.where("opened_at")
    return db.read_df(
        f"""SELECT opened_at::DATE AS day, coalesce(priority, 'ukjent') AS priority,
                   min({PRIORITY_RANK}) AS priority_rank, count(*) AS n
            FROM tickets WHERE {tw} GROUP BY ALL ORDER BY day, priority_rank""",
        tp,
        db=path,
    )


def query_hour_weekday(f: Filters, path: DbPath = None) -> pd.DataFrame:
    """Return tickets per ISO weekday (1 = Monday) and hour of day."""
    tw, tp = f.where("opened_at")
    return db.read_df(
        f"""SELECT isodow(opened_at) AS weekday, hour(opened_at) AS hour, count(*) AS n
            FROM tickets WHERE {tw} GROUP BY ALL ORDER BY weekday, hour""",
        tp,
        db=path,
    )


def query_tickets_per_unit(f: Filters, path: DbPath = None) -> pd.DataFrame:
    """Return tickets in the period per unit, with staff and tickets per 100 staff."""
    tw, tp = f.where("t.opened_at", unit_col="t.unit")
    uw, up = f.units_where()
    return db.read_df(
        f"""SELECT u.name AS unit, u.service_area, u.staff_count, count(t.ticket_id) AS n,
                   100.0 * count(t.ticket_id) / nullif(u.staff_count, 0) AS per_100
            FROM (SELECT * FROM units WHERE {uw}) u
            LEFT JOIN (SELECT ticket_id, unit FROM tickets t WHERE {tw}) t ON t.unit = u.name
            GROUP BY u.name, u.service_area, u.staff_count ORDER BY per_100 DESC NULLS LAST, u.name""",
        [*up, *tp],
        db=path,
    )


def query_mix_per_day(f: Filters, by: str, path: DbPath = None) -> pd.DataFrame:
    """Return tickets per day by category or priority (`by` is 'category' or 'priority')."""
    if by not in ("category", "priority"):
        raise ValueError(by)
    tw, tp = f.where("opened_at")
    return db.read_df(
        f"""SELECT opened_at::DATE AS day, coalesce({by}, 'ukjent') AS value, count(*) AS n
            FROM tickets WHERE {tw} GROUP BY ALL ORDER BY day, value""",
        tp,
        db=path,
    )


def query_backlog(f: Filters, first: dt.date, last: dt.date, buckets: Sequence[tuple[str, float, float]],
                  path: DbPath = None) -> pd.DataFrame:
    """Return per day the tickets still open at the end of the day, by age bucket (label, from days, to days)."""
    sw, sp = f.anytime().where("opened_at")
    labels, lows, highs = (list(col) for col in zip(*buckets, strict=True))
    return db.read_df(
        f"""
        WITH days AS (SELECT (d::DATE + 1)::TIMESTAMP AS eod, d::DATE AS day
                      FROM generate_series(?::DATE, ?::DATE, INTERVAL 1 DAY) g(d)),
        b AS (SELECT unnest(?::VARCHAR[]) AS age_bucket, unnest(?::DOUBLE[]) AS lo, unnest(?::DOUBLE[]) AS hi),
        t AS (SELECT opened_at, closed_at FROM tickets WHERE opened_at < ? AND {sw}),
        o AS (
            SELECT day, epoch(eod - opened_at) / 86400.0 AS age
            FROM days JOIN t ON t.opened_at < days.eod AND (t.closed_at IS NULL OR t.closed_at >= days.eod))
        SELECT day, b.age_bucket, count(*) AS n
        FROM o JOIN b ON o.age >= b.lo AND o.age < b.hi
        GROUP BY ALL ORDER BY day, min(b.lo)
        """,
        [first, last, labels, lows, highs, dt.datetime.combine(last + dt.timedelta(days=1), dt.time()), *sp],
        db=path,
    )


def query_opened_closed(f: Filters, path: DbPath = None) -> pd.DataFrame:
    """Return per day the tickets opened and closed (for the closure ratio)."""
    tw, tp = f.where("opened_at")
    cw, cp = f.where("closed_at")
    return db.read_df(
        f"""
        WITH o AS (SELECT opened_at::DATE AS day, count(*) AS opened FROM tickets WHERE {tw} GROUP BY 1),
             c AS (SELECT closed_at::DATE AS day, count(*) AS closed FROM tickets
                   WHERE closed_at IS NOT NULL AND {cw} GROUP BY 1)
        SELECT coalesce(o.day, c.day) AS day, coalesce(opened, 0) AS opened, coalesce(closed, 0) AS closed
        FROM o FULL OUTER JOIN c ON o.day = c.day ORDER BY day
        """,
        [*tp, *cp],
        db=path,
    )


def query_resolve_times(f: Filters, path: DbPath = None) -> pd.DataFrame:
    """Return median and 90th percentile hours to resolve per priority (closed tickets opened in the period)."""
    tw, tp = f.where("opened_at")
    return db.read_df(
        f"""SELECT coalesce(priority, 'ukjent') AS priority, min({PRIORITY_RANK}) AS priority_rank,
                   count(*) AS n,
                   median(epoch(closed_at - opened_at) / 3600.0) AS median_hours,
                   quantile_cont(epoch(closed_at - opened_at) / 3600.0, 0.9) AS p90_hours
            FROM tickets WHERE closed_at IS NOT NULL AND {tw} GROUP BY ALL ORDER BY priority_rank, priority""",
        tp,
        db=path,
    )
