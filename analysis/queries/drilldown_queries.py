"""Queries for drill-down lists: the messages, reports and tickets behind a clicked mark."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from analysis import db
from analysis.filters import Filters
from analysis.queries.common_queries import DbPath, report_time_sql
from analysis.rules import age_buckets, load_rules

DRILL_LIMIT = 500



@dataclass(frozen=True)
class MessageSelection:
    """What a clicked mark stands for on the message side; None means 'any'."""

    unit: str | None = None
    day: dt.date | None = None
    theme: str | None = None
    label: str | None = None
    area: str | None = None
    since: dt.datetime | None = None  # inclusive
    until: dt.datetime | None = None  # exclusive
    include_reports: bool = True


@dataclass(frozen=True)
class TicketSelection:
    """What a clicked mark stands for on the ticket side; None means 'any'."""

    day: dt.date | None = None
    unit: str | None = None
    priority: str | None = None
    category: str | None = None
    weekday: int | None = None  # ISO: 1 = Monday
    hour: int | None = None
    open_on: dt.date | None = None  # open at the end of this day
    age_bucket: str | None = None  # with open_on: a label of the backlog's age buckets in data/rules.toml


@dataclass(frozen=True)
class Behind:
    """The rows behind a mark (at most DRILL_LIMIT) and how many there are in all."""

    rows: pd.DataFrame
    total: int


def _message_conditions(f: Filters, s: MessageSelection, time_col: str, is_date: bool) -> tuple[str, list]:
    """Return the WHERE clause and params for messages or reports under filter and selection."""
    base = replace(f, area=s.area or f.area, unit=s.unit or f.unit)
    where, params = base.where(time_col, is_date=is_date)
    day_expr = time_col if is_date else f"CAST({time_col} AS DATE)"
    if s.day is not None:
        where += f" AND {day_expr} = ?"
        params.append(s.day)
    for op, ts in ((">=", s.since), ("<", s.until)):
        if ts is not None:
            where += f" AND {time_col}::TIMESTAMP {op} ?"
            params.append(ts)
    if s.theme is not None:
        where += " AND list_contains(themes, ?)"
        params.append(s.theme)
    if s.label is not None:
        where += " AND label = ?"
        params.append(s.label)
    return where, params


def _messages(con: duckdb.DuckDBPyConnection, f: Filters, s: MessageSelection, limit: int) -> Behind:
    """Collect the messages (and leader reports) behind a selection on one connection."""
    mw, mp = _message_conditions(f, s, "ts", False)
    parts = [f"""SELECT 'chat' AS source, ts, unit, role, text, label, polarity, themes, safety, safety_reason,
                        evidence FROM chat_messages WHERE {mw}"""]
    params = list(mp)
    if s.include_reports:
        rw, rp = _message_conditions(f, s, "day", True)
        parts.append(f"""SELECT 'leder', {report_time_sql()}, unit, 'enhetsleder',
                                status || coalesce(' · stemning ' || mood || '/5', '') || coalesce(': ' || text, ''),
                                label, polarity, themes, safety, safety_reason, evidence
                         FROM unit_reports WHERE {rw}""")
        params += rp
    union = " UNION ALL ".join(parts)
    total = con.execute(f"SELECT count(*) FROM ({union})", params).fetchone()[0]
    rows = con.execute(f"SELECT * FROM ({union}) ORDER BY ts DESC LIMIT ?", [*params, limit]).df()
    return Behind(rows, int(total))


def query_messages_behind(f: Filters, s: MessageSelection, limit: int = DRILL_LIMIT, path: DbPath = None) -> Behind:
    """Return the chat messages and leader reports behind a selection, newest first."""
    return db.read_many(lambda con: _messages(con, f, s, limit), path)


def age_bounds(label: str) -> tuple[float, float] | None:
    """Return the (from, to) days of a backlog age bucket label under the current rules, None if unknown."""
    return next(((lo, hi) for name, lo, hi in age_buckets(load_rules().backlog) if name == label), None)


def _ticket_conditions(f: Filters, s: TicketSelection) -> tuple[str, list]:
    """Return the WHERE clause and params for tickets under filter and selection."""
    if s.open_on is not None:
        where, params = replace(f.anytime(), unit=s.unit or f.unit).where("opened_at")
        eod = dt.datetime.combine(s.open_on + dt.timedelta(days=1), dt.time())
        where += " AND opened_at < ? AND (closed_at IS NULL OR closed_at >= ?)"
        params += [eod, eod]
        if s.age_bucket is not None:
            bounds = age_bounds(s.age_bucket)
            if bounds is None:
                where += " AND FALSE"  # a label the rules no longer have: no ticket is that old, none is listed
            else:
                where += " AND epoch(? - opened_at) / 86400.0 >= ? AND epoch(? - opened_at) / 86400.0 < ?"
                params += [eod, bounds[0], eod, bounds[1]]
    else:
        where, params = replace(f, unit=s.unit or f.unit).where("opened_at")
    if s.day is not None:
        where += " AND CAST(opened_at AS DATE) = ?"
        params.append(s.day)
    for col, val in (("priority", s.priority), ("category", s.category)):
        if val is not None:
            where += f" AND coalesce({col}, 'ukjent') = ?"
            params.append(val)
    if s.weekday is not None:
        where += " AND isodow(opened_at) = ?"
        params.append(int(s.weekday))
    if s.hour is not None:
        where += " AND hour(opened_at) = ?"
        params.append(int(s.hour))
    return where, params


def _tickets(con: duckdb.DuckDBPyConnection, f: Filters, s: TicketSelection, limit: int) -> Behind:
    """Collect the tickets behind a selection on one connection."""
    where, params = _ticket_conditions(f, s)
    total = con.execute(f"SELECT count(*) FROM tickets WHERE {where}", params).fetchone()[0]
    rows = con.execute(
        f"""SELECT ticket_id, opened_at, closed_at, unit, category, priority, channel, status, summary,
                   round(epoch(closed_at - opened_at) / 3600.0, 1) AS hours_to_resolve
            FROM tickets WHERE {where} ORDER BY opened_at DESC LIMIT ?""",
        [*params, limit],
    ).df()
    return Behind(rows, int(total))


def query_tickets_behind(f: Filters, s: TicketSelection, limit: int = DRILL_LIMIT, path: DbPath = None) -> Behind:
    """Return the tickets behind a selection, newest first."""
    return db.read_many(lambda con: _tickets(con, f, s, limit), path)
