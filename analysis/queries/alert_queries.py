"""Queries for alerts: what each rule finds, the cool-down of causes, the alert log and its deliveries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import duckdb
import pandas as pd

from analysis import db
from analysis.queries.common_queries import DbPath
from analysis.queries.feed_queries import has_table

FINDING_COLUMNS = ["item", "cause", "ts", "unit", "detail"]
# An item already alerted (or held back by a cool-down) is never found again: alert_causes remembers it.
_UNSEEN = "item NOT IN (SELECT item FROM alert_causes WHERE rule = ?)"

_SAFETY_SQL = f"""
SELECT * FROM (
    SELECT 'chat:' || id AS item, coalesce(unit, '(ukjent enhet)') AS cause, ts, unit,
           coalesce(safety_reason, '') || ' — ' || text AS detail
    FROM chat_messages WHERE safety AND ts >= ? AND ts <= ?
    UNION ALL
    SELECT 'rapport:' || id, unit, coalesce(reported_at, day::TIMESTAMP), unit,
           coalesce(safety_reason, '') || ' — ' || coalesce(text, '')
    FROM unit_reports_latest WHERE safety AND day >= ?::DATE AND day <= ?::DATE
) WHERE {_UNSEEN}
ORDER BY ts, item
"""

# The latest report of each unit and day next to that unit's report of the day before it reported.
_REPORT_CHANGES = """
WITH r AS (
    SELECT id, day, unit, status, mood, coalesce(reported_at, day::TIMESTAMP) AS ts,
           lag(status) OVER (PARTITION BY unit ORDER BY day) AS prev_status,
           lag(mood) OVER (PARTITION BY unit ORDER BY day) AS prev_mood
    FROM unit_reports_latest
)
SELECT 'rapport:' || id AS item, unit || ' ' || day AS cause, ts, unit, {detail} AS detail
FROM r WHERE day >= ?::DATE AND day <= ?::DATE AND {condition} AND {unseen}
ORDER BY ts, item
"""

_TURNED_RED_SQL = _REPORT_CHANGES.format(
    detail="'status rød (før: ' || coalesce(prev_status, 'ingen rapport') || ')'",
    condition="status = 'rød' AND prev_status IS DISTINCT FROM 'rød'", unseen=_UNSEEN)
_MOOD_FELL_SQL = _REPORT_CHANGES.format(
    detail="'stemning ' || mood || ' (før: ' || prev_mood || ')'",
    condition="mood IS NOT NULL AND prev_mood IS NOT NULL AND prev_mood - mood >= ?", unseen=_UNSEEN)

_OPEN_AT_SQL = """
SELECT t.at, count(k.ticket_id) AS open_tickets
FROM (SELECT unnest(?::TIMESTAMP[]) AS at) t
LEFT JOIN tickets k ON k.opened_at <= t.at AND (k.closed_at IS NULL OR k.closed_at > t.at)
GROUP BY t.at ORDER BY t.at
"""


def _with_state(con: duckdb.DuckDBPyConnection) -> bool:
    """Tell whether the alert tables exist (a file the service never wrote to has none)."""
    return has_table(con, "alert_causes")


def _findings(sql: str, params: Sequence, rule: str, path: DbPath) -> pd.DataFrame:
    """Run one rule's query; without the alert tables nothing has been alerted yet."""

    def read(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        """The rule's unseen findings."""
        text = sql if _with_state(con) else sql.replace(_UNSEEN, "?::VARCHAR IS NOT NULL")
        return con.execute(text, [*params, rule]).df()

    return db.read_many(read, path)


def query_safety_findings(rule: str, since: dt.datetime, until: dt.datetime, path: DbPath = None) -> pd.DataFrame:
    """Return safety-flagged chat messages and reports from `since` to `until` not alerted before."""
    return _findings(_SAFETY_SQL, [since, until, since.date(), until.date()], rule, path)


def query_turned_red(rule: str, since: dt.date, until: dt.date, path: DbPath = None) -> pd.DataFrame:
    """Return units whose report of a day is red while the one before was not, not alerted before."""
    return _findings(_TURNED_RED_SQL, [since, until], rule, path)


def query_mood_fell(rule: str, since: dt.date, until: dt.date, drop: int, path: DbPath = None) -> pd.DataFrame:
    """Return units whose mood fell by at least `drop` points since their previous report, not alerted before."""
    return _findings(_MOOD_FELL_SQL, [since, until, drop], rule, path)


def query_open_tickets_at(moments: Sequence[dt.datetime], path: DbPath = None) -> list[tuple[dt.datetime, int]]:
    """Return how many tickets were open at each moment, in time order."""
    return [(at, int(n)) for at, n in db.read_rows(_OPEN_AT_SQL, [list(moments)], db=path)]


def query_alerted_items(rule: str, items: Sequence[str], path: DbPath = None) -> set[str]:
    """Return which of the items a rule has already recorded (alerted or held back)."""

    def read(con: duckdb.DuckDBPyConnection) -> set[str]:
        """Items of the rule found in alert_causes."""
        if not _with_state(con) or not items:
            return set()
        rows = con.execute("SELECT DISTINCT item FROM alert_causes WHERE rule = ? AND list_contains(?, item)",
                           [rule, list(items)]).fetchall()
        return {r[0] for r in rows}

    return db.read_many(read, path)


def query_cooling_causes(rule: str, since: dt.datetime, path: DbPath = None) -> dict[str, int]:
    """Return the causes of a rule alerted (not held back) at or after `since`, each with its latest alert id."""

    def read(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
        """Cause → alert id, for causes still cooling down."""
        if not _with_state(con):
            return {}
        rows = con.execute("SELECT cause, max(alert_id) FROM alert_causes WHERE rule = ? AND NOT suppressed "
                           "AND seen_at >= ? GROUP BY cause", [rule, since]).fetchall()
        return {cause: alert_id for cause, alert_id in rows}

    return db.read_many(read, path)


def insert_alert(con: duckdb.DuckDBPyConnection, created_at: dt.datetime, rule: str, title: str, body: str,
                 link: str | None, causes: list[str], items: list[str]) -> int:
    """Store one alert (inside a write transaction) and return its id."""
    return con.execute(
        "INSERT INTO alerts (created_at, rule, title, body, link, causes, items) VALUES (?, ?, ?, ?, ?, ?, ?) "
        "RETURNING id", [created_at, rule, title, body, link, causes, items]).fetchone()[0]


def insert_causes(con: duckdb.DuckDBPyConnection, rule: str, rows: Sequence[tuple[str, str]],
                  alert_id: int | None, seen_at: dt.datetime, suppressed: bool) -> None:
    """Remember (cause, item) pairs of a rule as alerted by `alert_id` or held back by a cool-down."""
    if rows:
        con.executemany("INSERT INTO alert_causes VALUES (?, ?, ?, ?, ?, ?)",
                        [[rule, cause, item, alert_id, seen_at, suppressed] for cause, item in rows])


def insert_attempt(con: duckdb.DuckDBPyConnection, alert_id: int, channel: str, attempt: int,
                   attempted_at: dt.datetime, ok: bool, error: str | None, next_try_at: dt.datetime | None) -> None:
    """Store one delivery attempt of an alert on a channel."""
    con.execute("INSERT INTO alert_deliveries (alert_id, channel, attempt, attempted_at, ok, error, next_try_at) "
                "VALUES (?, ?, ?, ?, ?, ?, ?)", [alert_id, channel, attempt, attempted_at, ok, error, next_try_at])


_LATEST_ATTEMPTS = """
SELECT a.id AS alert_id, a.created_at, a.rule, a.title, a.body, a.link, d.channel,
       arg_max(d.attempt, d.id) AS attempt, arg_max(d.ok, d.id) AS ok, arg_max(d.error, d.id) AS error,
       arg_max(d.next_try_at, d.id) AS next_try_at, max(d.attempted_at) AS attempted_at
FROM alerts a JOIN alert_deliveries d ON d.alert_id = a.id
GROUP BY ALL
"""


def query_due_retries(now: dt.datetime, path: DbPath = None) -> pd.DataFrame:
    """Return the (alert, channel) pairs whose last attempt failed and whose next try is due."""

    def read(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        """Due retries, oldest first."""
        if not has_table(con, "alert_deliveries"):
            return pd.DataFrame(columns=["alert_id", "rule", "title", "body", "link", "channel", "attempt"])
        return con.execute(f"SELECT * FROM ({_LATEST_ATTEMPTS}) WHERE NOT ok AND next_try_at IS NOT NULL "
                           "AND next_try_at <= ? ORDER BY alert_id, channel", [now]).df()

    return db.read_many(read, path)


def query_recent_alerts(limit: int = 50, path: DbPath = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Return the latest alerts (newest first) and the latest attempt of each of their deliveries."""

    def read(con: duckdb.DuckDBPyConnection) -> tuple[pd.DataFrame, pd.DataFrame]:
        """Alerts and deliveries; empty frames on a file without the tables."""
        if not has_table(con, "alerts"):
            return (pd.DataFrame(columns=["id", "created_at", "rule", "title", "body", "link", "items"]),
                    pd.DataFrame(columns=["alert_id", "channel", "attempt", "ok", "error", "next_try_at",
                                          "attempted_at"]))
        alerts = con.execute("SELECT id, created_at, rule, title, body, link, items, "
                             "(SELECT count(*) FROM alert_causes c WHERE c.alert_id = alerts.id AND c.suppressed) "
                             "AS held_back FROM alerts ORDER BY id DESC LIMIT ?", [limit]).df()
        deliveries = con.execute(
            f"SELECT alert_id, channel, attempt, ok, error, next_try_at, attempted_at FROM ({_LATEST_ATTEMPTS}) "
            "WHERE alert_id IN (SELECT id FROM alerts ORDER BY id DESC LIMIT ?) ORDER BY alert_id DESC, channel",
            [limit]).df()
        return alerts, deliveries

    return db.read_many(read, path)


def query_held_back(limit: int = 50, path: DbPath = None) -> pd.DataFrame:
    """Return items held back by a cool-down (newest first): rule, cause, item, the alert that covered it."""

    def read(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        """Suppressed causes."""
        if not _with_state(con):
            return pd.DataFrame(columns=["seen_at", "rule", "cause", "item", "alert_id"])
        return con.execute("SELECT seen_at, rule, cause, item, alert_id FROM alert_causes WHERE suppressed "
                           "ORDER BY seen_at DESC LIMIT ?", [limit]).df()

    return db.read_many(read, path)


def query_unit_go_live_labels(path: DbPath = None) -> dict[str, str]:
    """Each unit's go-live label when the file holds more than one go-live (else empty: links need no go-live)."""
    def read(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
        if not has_table(con, "go_lives"):  # a file from before schema step 5 (readers do not migrate)
            return {}
        return dict(con.execute(
            """SELECT u.unit, g.label FROM unit_go_live u JOIN go_lives g ON g.id = u.go_live_id
               WHERE (SELECT count(*) FROM go_lives) > 1""").fetchall())

    return db.read_many(read, path)
