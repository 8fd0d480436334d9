"""Queries shared by every page: meta, units, service areas, period, freshness, headline figures."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from analysis import db
from analysis.filters import Filters

DbPath = str | Path | None


# What one go-live sees of each table (scope_to_go_live): its units' rows, and its meeting notes and those across all
# go-lives. Log-ins and events follow Filters.portal_where and Filters.events_where, the pages' own rules.
_IN_SCOPE = "unit IN (SELECT name FROM temp._scope_units)"
_SCOPED: dict[str, str] = {
    "units": "name IN (SELECT name FROM temp._scope_units)",
    "tickets": _IN_SCOPE,
    "chat_messages": _IN_SCOPE,
    "unit_reports": _IN_SCOPE,
    "unit_reports_latest": _IN_SCOPE,
    "adoption_daily": _IN_SCOPE,
    "weekly_notes": "(go_live_id IS NULL OR go_live_id = {g})",
}


def _inline(condition: tuple[str, list]) -> str:
    """A Filters condition with its parameters (integers: go-live ids) written in, as a view cannot bind them."""
    sql, params = condition
    for value in params:
        sql = sql.replace("?", str(int(value)), 1)
    return sql


def scope_to_go_live(con: duckdb.DuckDBPyConnection, go_live: int) -> None:
    """Narrow a read connection to one go-live: temporary views shadow the tables with the go-live's rows only.

    For a report that reads many tables in many statements (the weekly meeting): every query on this connection then
    sees one go-live without each statement repeating the condition. The temporary objects live as long as the
    connection, which db.read_many closes after the read. The views name the file's own tables in full
    (catalog.main.table), since an unqualified name would find the view itself.
    """
    main = '"' + con.execute("SELECT current_database()").fetchone()[0].replace('"', '""') + '".main'
    g = int(go_live)  # an int from the filter; formatted in, as a view cannot hold a bound parameter
    con.execute(f"""CREATE OR REPLACE TEMP TABLE _scope_units AS
        SELECT u.name FROM {main}.units u LEFT JOIN {main}.unit_go_lives l ON l.unit = u.name
        WHERE coalesce(l.go_live_id, (SELECT min(id) FROM {main}.go_lives)) = {g}""")
    one = Filters(go_live=g)
    conditions = {table: condition.format(g=g) for table, condition in _SCOPED.items()}
    conditions |= {"portal_logins_daily": _inline(one.portal_where()), "events": _inline(one.events_where())}
    for table, condition in conditions.items():
        con.execute(f"CREATE OR REPLACE TEMP VIEW {table} AS SELECT * FROM {main}.{table} WHERE {condition}")


def query_go_live_label(con: duckdb.DuckDBPyConnection, go_live: int) -> str | None:
    """Return how the pages name a go-live (its label), or None for an unknown id."""
    row = con.execute("SELECT label FROM go_lives WHERE id = ?", [go_live]).fetchone()
    return row[0] if row else None


def query_meta(path: DbPath = None) -> dict[str, str]:
    """Return the meta key/value pairs (demo flag, seed, go-live date…)."""
    return dict(db.read_rows("SELECT key, value FROM meta", db=path))


def query_units(path: DbPath = None) -> pd.DataFrame:
    """Return all units with area, staff, aliases and go-live (go_lives.id), sorted by name."""
    # The go-live id lets the sidebar narrow its unit list to the chosen go-live (view unit_go_live, schema 5).
    return db.read_df(
        "SELECT u.name, u.service_area, u.staff_count, u.go_live_date, u.aliases, g.go_live_id "
        "FROM units u LEFT JOIN unit_go_live g ON g.unit = u.name ORDER BY u.name", db=path
    )


def query_service_areas(path: DbPath = None) -> list[str]:
    """Return the distinct service areas, sorted."""
    return [r[0] for r in db.read_rows("SELECT DISTINCT service_area FROM units ORDER BY 1", db=path)]


@dataclass(frozen=True)
class DataSpan:
    """The first and last day with any data, and the newest timestamp of any record."""

    first_day: dt.date | None
    last_day: dt.date | None
    newest: dt.datetime | None


def report_time_sql(alias: str = "") -> str:
    """SQL for the moment a unit report describes: its submission time on its own day, else its day's start.

    `reported_at` is when a row was typed in; a report sent days later (or imported without a time) must
    not become the newest data, so it counts at 00:00 of its own day — never later than the day it is
    about, and so never after "now" for a day up to today. A report sent on its own day keeps its real time.
    """
    p = f"{alias}." if alias else ""
    return f"CASE WHEN {p}reported_at::DATE = {p}day THEN {p}reported_at ELSE {p}day::TIMESTAMP END"


# "Now" and the period come from when things happened (chat, tickets, reports' own day), never from
# when a row was typed in (`reported_at`).
SPAN_SQL = f"""
WITH t AS (
    SELECT min(ts) AS lo, max(ts) AS hi FROM chat_messages
    UNION ALL SELECT min(opened_at), greatest(max(opened_at), max(closed_at)) FROM tickets
    UNION ALL SELECT min(day)::TIMESTAMP, max({report_time_sql()}) FROM unit_reports
    UNION ALL SELECT min(day)::TIMESTAMP, max(day)::TIMESTAMP FROM adoption_daily
    UNION ALL SELECT min(day)::TIMESTAMP, max(day)::TIMESTAMP FROM portal_logins_daily
)
SELECT min(lo)::DATE, max(hi)::DATE, max(hi) FROM t
"""


def query_data_span(path: DbPath = None) -> DataSpan:
    """Return the period covered by the data and the newest record time."""
    lo, hi, newest = db.read_rows(SPAN_SQL, db=path)[0]
    return DataSpan(lo, hi, newest)


@dataclass(frozen=True)
class Overview:
    """Headline figures for the overview page under a filter."""

    staff: int
    active_users: int | None
    active_day: dt.date | None
    tickets: int
    open_tickets: int
    messages: int
    mean_polarity: float | None
    negative_share: float | None
    portal_logins: int | None
    portal_day: dt.date | None


def _overview(con: duckdb.DuckDBPyConnection, f: Filters) -> Overview:
    """Compute the overview figures on one connection (one snapshot)."""
    uw, up = f.units_where()
    staff = con.execute(f"SELECT coalesce(sum(staff_count), 0) FROM units WHERE {uw}", up).fetchone()[0]
    aw, ap = f.where("day", is_date=True)
    active_day, active = con.execute(
        f"""SELECT day, sum(active_users) FROM adoption_daily WHERE {aw}
            GROUP BY day ORDER BY day DESC LIMIT 1""",
        ap,
    ).fetchone() or (None, None)
    tw, tp = f.where("opened_at")
    tickets, open_t = con.execute(
        f"SELECT count(*), count(*) FILTER (WHERE closed_at IS NULL) FROM tickets WHERE {tw}", tp
    ).fetchone()
    mw, mp = f.where("ts")
    messages, mean_pol, neg = con.execute(
        f"""SELECT count(*), avg(polarity), avg(CASE WHEN label = 'negative' THEN 1.0 ELSE 0.0 END)
            FROM chat_messages WHERE {mw}""",
        mp,
    ).fetchone()
    pw, pp = f.portal_where()
    portal = con.execute(
        f"SELECT day, sum(logins) FROM portal_logins_daily WHERE {pw} GROUP BY day ORDER BY day DESC LIMIT 1", pp
    ).fetchone() or (None, None)
    return Overview(
        staff=int(staff), active_users=None if active is None else int(active), active_day=active_day,
        tickets=int(tickets), open_tickets=int(open_t), messages=int(messages),
        mean_polarity=mean_pol, negative_share=neg if messages else None,
        portal_logins=portal[1], portal_day=portal[0],
    )


def query_overview(f: Filters, path: DbPath = None) -> Overview:
    """Return the overview headline figures for a filter."""
    return db.read_many(lambda con: _overview(con, f), path)


def query_daily_activity(f: Filters, path: DbPath = None) -> pd.DataFrame:
    """Return per day: tickets opened, chat messages and mean polarity (for the overview chart)."""
    tw, tp = f.where("opened_at")
    mw, mp = f.where("ts")
    return db.read_df(
        f"""
        WITH t AS (SELECT opened_at::DATE AS day, count(*) AS tickets FROM tickets WHERE {tw} GROUP BY 1),
             m AS (SELECT ts::DATE AS day, count(*) AS messages, avg(polarity) AS mean_polarity
                   FROM chat_messages WHERE {mw} GROUP BY 1)
        SELECT coalesce(t.day, m.day) AS day, coalesce(tickets, 0) AS tickets,
               coalesce(messages, 0) AS messages, mean_polarity
        FROM t FULL OUTER JOIN m ON t.day = m.day ORDER BY day
        """,
        tp + mp,
        db=path,
    )


def query_events(f: Filters, path: DbPath = None) -> pd.DataFrame:
    """Return the events in the period: programme-wide, the chosen go-live's and the filtered unit's own."""
    ew, ep = f.events_where()
    return db.read_df(f"SELECT ts, title, kind, unit, description FROM events WHERE {ew} ORDER BY ts", ep, db=path)
