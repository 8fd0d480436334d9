"""All SQL of the weekly meeting page and its exports: week figures, series, units, quotes, notes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

import duckdb
import pandas as pd

from analysis import db
from analysis.queries import common_queries
from analysis.text.masking import mask_text

T = TypeVar("T")

DbPath = str | Path | None

NOTE_KINDS = ("beslutning", "tiltak")


@dataclass(frozen=True)
class WeekFigures:
    """Raw headline figures of one week [start, end), with the backlog taken at `as_of`."""

    staff: int
    active_users: int | None
    active_day: dt.date | None
    portal_logins: int | None
    portal_day: dt.date | None
    tickets: int
    closed: int
    backlog: int
    median_resolve_h: float | None
    messages: int
    mean_polarity: float | None
    negative_share: float | None
    safety_flags: int
    safety_open: int  # of the week's flags, those whose follow-up status is not closed now
    critical_overdue: int
    reports: int
    mean_mood: float | None


@dataclass(frozen=True)
class WeekData:
    """Everything the summary needs from the database, read in one snapshot."""

    meta: dict[str, str]
    first_day: dt.date | None
    last_day: dt.date | None
    newest: dt.datetime | None
    go_live: dt.date | None
    this: WeekFigures
    prev: WeekFigures
    daily: pd.DataFrame
    events: pd.DataFrame
    themes: pd.DataFrame
    units: pd.DataFrame
    quotes: pd.DataFrame
    safety: pd.DataFrame
    notes: pd.DataFrame
    extra: dict = field(default_factory=dict)


def _one(con: duckdb.DuckDBPyConnection, sql: str, params: Sequence = ()) -> tuple:
    """Return the first row of a query (or a tuple of Nones)."""
    row = con.execute(sql, list(params)).fetchone()
    return row if row is not None else (None,) * 8


# One definition of "the period covered by the data" for every page and export.
_SPAN_SQL = common_queries.SPAN_SQL


def _go_live(con: duckdb.DuckDBPyConnection, meta: dict[str, str], go_live: int | None = None) -> dt.date | None:
    """Return the go-live date: the chosen go-live's, else meta, else the earliest unit go-live, else the first
    go-live event."""
    if go_live is not None:
        row = con.execute("SELECT go_live_date FROM go_lives WHERE id = ?", [go_live]).fetchone()
        if row and row[0]:
            return row[0]
    if meta.get("go_live_date"):
        try:
            return dt.date.fromisoformat(meta["go_live_date"][:10])
        except ValueError:
            pass
    day = _one(con, "SELECT min(go_live_date) FROM units")[0]
    if day is None:
        day = _one(con, "SELECT min(ts)::DATE FROM events WHERE lower(kind) = 'go-live'")[0]
    return day


def query_week_figures(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, as_of: dt.datetime,
                       critical: Sequence[str] = ("kritisk",), critical_hours: float = 48.0) -> WeekFigures:
    """Compute one week's raw figures on an open connection; `end` is the Monday after the week."""
    s = dt.datetime.combine(start, dt.time())
    e = dt.datetime.combine(end, dt.time())
    staff = _one(con, "SELECT coalesce(sum(staff_count), 0) FROM units")[0]
    # Adoption: the week's best day (weekends and nights are naturally lower).
    active_day, active = _one(con, """
        SELECT day, sum(active_users) AS n FROM adoption_daily WHERE day >= ? AND day < ?
        GROUP BY day ORDER BY n DESC, day DESC LIMIT 1""", [start, end])[:2]
    # HelsaMi log-ins are per go-live: the programme's figure is their sum on the week's last day with data.
    portal_day, portal = _one(con, """
        SELECT day, sum(logins) FROM portal_logins_daily WHERE day >= ? AND day < ?
        GROUP BY day ORDER BY day DESC LIMIT 1""", [start, end])[:2]
    tickets = _one(con, "SELECT count(*) FROM tickets WHERE opened_at >= ? AND opened_at < ?", [s, e])[0]
    closed, median_h = _one(con, """
        SELECT count(*), median(epoch(closed_at - opened_at) / 3600.0) FROM tickets
        WHERE closed_at >= ? AND closed_at < ?""", [s, e])[:2]
    backlog = _one(con, """
        SELECT count(*) FROM tickets WHERE opened_at < ? AND (closed_at IS NULL OR closed_at >= ?)""",
        [as_of, as_of])[0]
    crit = [c.lower() for c in critical] or [""]
    marks = ", ".join("?" for _ in crit)
    overdue = _one(con, f"""
        SELECT count(*) FROM tickets
        WHERE lower(priority) IN ({marks}) AND opened_at < ? AND (closed_at IS NULL OR closed_at >= ?)""",
        [*crit, as_of - dt.timedelta(hours=critical_hours), as_of])[0]
    messages, mean_pol, neg = _one(con, """
        SELECT count(*), avg(polarity), avg(CASE WHEN label = 'negative' THEN 1.0 ELSE 0.0 END)
        FROM chat_messages WHERE ts >= ? AND ts < ?""", [s, e])[:3]
    safety = _one(con, """
        SELECT (SELECT count(*) FROM chat_messages WHERE ts >= ? AND ts < ? AND safety)
             + (SELECT count(*) FROM unit_reports_latest WHERE day >= ? AND day < ? AND safety)""",
        [s, e, start, end])[0]
    # Open now: the follow-up queue's latest status of each of the week's flags is not 'lukket'.
    safety_open = _one(con, """
        WITH flags AS (
            SELECT 'chat:' || id AS item FROM chat_messages WHERE ts >= ? AND ts < ? AND safety
            UNION ALL SELECT 'rapport:' || id FROM unit_reports_latest WHERE day >= ? AND day < ? AND safety),
        latest AS (SELECT item, arg_max(status, id) AS status FROM follow_up_actions GROUP BY item)
        SELECT count(*) FROM flags LEFT JOIN latest USING (item) WHERE coalesce(latest.status, 'ny') <> 'lukket'""",
        [s, e, start, end])[0]
    reports, mood = _one(con, "SELECT count(*), avg(mood) FROM unit_reports_latest WHERE day >= ? AND day < ?",
                         [start, end])[:2]
    return WeekFigures(
        staff=int(staff), active_users=None if active is None else int(active), active_day=active_day,
        portal_logins=None if portal is None else int(portal), portal_day=portal_day,
        tickets=int(tickets), closed=int(closed), backlog=int(backlog),
        median_resolve_h=None if median_h is None else float(median_h),
        messages=int(messages), mean_polarity=None if mean_pol is None else float(mean_pol),
        negative_share=float(neg) if messages else None, safety_flags=int(safety or 0),
        safety_open=int(safety_open or 0),
        critical_overdue=int(overdue), reports=int(reports), mean_mood=None if mood is None else float(mood),
    )


_DAILY_SQL = """
WITH days AS (
    SELECT unnest(generate_series(?::DATE, ?::DATE, INTERVAL 1 DAY))::DATE AS day
),
o AS (SELECT opened_at::DATE AS day, count(*) AS n FROM tickets GROUP BY 1),
c AS (SELECT closed_at::DATE AS day, count(*) AS n FROM tickets WHERE closed_at IS NOT NULL GROUP BY 1),
before AS (
    SELECT (SELECT count(*) FROM tickets WHERE opened_at < ?::DATE)
         - (SELECT count(*) FROM tickets WHERE closed_at < ?::DATE) AS n
),
a AS (SELECT day, sum(active_users) AS n FROM adoption_daily GROUP BY 1),
p AS (SELECT day, sum(logins) AS logins FROM portal_logins_daily GROUP BY day),
m AS (SELECT ts::DATE AS day, count(*) AS n, avg(polarity) AS pol,
             avg(CASE WHEN label = 'negative' THEN 1.0 ELSE 0.0 END) AS neg
      FROM chat_messages GROUP BY 1)
SELECT d.day,
       coalesce(o.n, 0) AS opened,
       coalesce(c.n, 0) AS closed,
       (SELECT n FROM before) + sum(coalesce(o.n, 0) - coalesce(c.n, 0)) OVER (ORDER BY d.day) AS backlog,
       a.n AS active_users,
       p.logins AS portal_logins,
       coalesce(m.n, 0) AS messages,
       m.pol AS mean_polarity,
       m.neg AS negative_share
FROM days d
LEFT JOIN o ON o.day = d.day LEFT JOIN c ON c.day = d.day LEFT JOIN a ON a.day = d.day
LEFT JOIN p ON p.day = d.day LEFT JOIN m ON m.day = d.day
ORDER BY d.day
"""


def query_daily(con: duckdb.DuckDBPyConnection, first: dt.date, last: dt.date) -> pd.DataFrame:
    """Return one row per calendar day: opened, closed, backlog at day end, adoption, portal, mood."""
    df = con.execute(_DAILY_SQL, [first, last, first, first]).df()
    df["day"] = pd.to_datetime(df["day"]).dt.date
    return df


def query_events(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Return all events (go-live, hotfix …) in time order."""
    return con.execute("SELECT ts, title, kind, unit FROM events ORDER BY ts").df()


_THEMES_SQL = """
WITH msgs AS (
    SELECT ts::DATE AS day, themes, label FROM chat_messages WHERE ts >= ? AND ts < ?
    UNION ALL
    SELECT day, themes, label FROM unit_reports WHERE day >= ? AND day < ?
),
t AS (
    SELECT unnest(themes) AS theme, label, day >= ? AS this_week FROM msgs WHERE themes IS NOT NULL
)
SELECT theme,
       count(*) FILTER (WHERE this_week) AS n_this,
       count(*) FILTER (WHERE NOT this_week) AS n_prev,
       count(*) FILTER (WHERE this_week AND label = 'negative') AS neg_this
FROM t GROUP BY theme ORDER BY n_this DESC, theme
"""


def query_themes(con: duckdb.DuckDBPyConnection, prev_start: dt.date, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Return per theme the mentions (chat + unit reports) this week and last week, and negatives."""
    ps = dt.datetime.combine(prev_start, dt.time())
    e = dt.datetime.combine(end, dt.time())
    return con.execute(_THEMES_SQL, [ps, e, prev_start, end, start]).df()


_UNITS_SQL = """
WITH u AS (SELECT name, service_area, staff_count FROM units),
tk AS (
    SELECT unit, count(*) FILTER (WHERE opened_at >= ?) AS tickets,
           count(*) FILTER (WHERE opened_at < ?) AS tickets_prev
    FROM tickets WHERE opened_at >= ? AND opened_at < ? GROUP BY unit
),
bl AS (SELECT unit, count(*) AS backlog FROM tickets
       WHERE opened_at < ? AND (closed_at IS NULL OR closed_at >= ?) GROUP BY unit),
m AS (
    SELECT unit, count(*) AS messages, avg(polarity) AS mean_polarity,
           count(*) FILTER (WHERE label = 'negative') AS negative,
           count(*) FILTER (WHERE safety) AS safety
    FROM chat_messages WHERE ts >= ? AND ts < ? GROUP BY unit
),
r AS (
    -- mood counts a unit's last report of each day (a later report corrects an earlier one); safety counts
    -- every report, since a flagged text needs a human even when it was corrected
    -- status is the latest day's counting report (a correction typed in later must not outrank a later day)
    SELECT r.unit, arg_max(r.status, r.day) FILTER (WHERE l.id IS NOT NULL) AS status,
           max(r.day) FILTER (WHERE l.id IS NOT NULL) AS status_day,
           avg(r.mood) FILTER (WHERE l.id IS NOT NULL) AS mood,
           count(*) FILTER (WHERE r.safety) AS safety
    FROM unit_reports r LEFT JOIN unit_reports_latest l ON l.id = r.id
    WHERE r.day >= ? AND r.day < ? GROUP BY r.unit
),
a AS (SELECT unit, max(active_users) AS active_users FROM adoption_daily WHERE day >= ? AND day < ? GROUP BY unit)
SELECT u.name AS unit, u.service_area, u.staff_count,
       coalesce(tk.tickets, 0) AS tickets, coalesce(tk.tickets_prev, 0) AS tickets_prev,
       coalesce(bl.backlog, 0) AS backlog,
       coalesce(m.messages, 0) AS messages, m.mean_polarity, coalesce(m.negative, 0) AS negative,
       coalesce(m.safety, 0) + coalesce(r.safety, 0) AS safety,
       r.status, r.status_day, r.mood, a.active_users
FROM u LEFT JOIN tk ON tk.unit = u.name LEFT JOIN bl ON bl.unit = u.name LEFT JOIN m ON m.unit = u.name
LEFT JOIN r ON r.unit = u.name LEFT JOIN a ON a.unit = u.name
ORDER BY u.name
"""


def query_units_week(con: duckdb.DuckDBPyConnection, prev_start: dt.date, start: dt.date, end: dt.date,
                     as_of: dt.datetime) -> pd.DataFrame:
    """Return per unit this week's tickets (and last week's), backlog, chat mood, report status, adoption."""
    ps, s, e = (dt.datetime.combine(d, dt.time()) for d in (prev_start, start, end))
    df = con.execute(_UNITS_SQL, [s, s, ps, e, as_of, as_of, s, e, start, end, start, end]).df()
    if len(df):
        df["status_day"] = pd.to_datetime(df["status_day"]).dt.date
    return df


# A report's moment is its own day (see common_queries.report_time_sql), never a later typing-in.
_REPORT_TS = common_queries.report_time_sql()

_QUOTES_SQL = f"""
SELECT 'chat' AS source, ts, ts::DATE AS day, unit, text, role, polarity, label, themes, safety
FROM chat_messages
WHERE ts >= ? AND ts < ? AND length(trim(text)) >= ?
UNION ALL
SELECT 'rapport', {_REPORT_TS}, day, unit, text, 'enhetsleder', polarity, label, themes,
       safety
FROM unit_reports_latest
WHERE day >= ? AND day < ? AND text IS NOT NULL
  AND length(trim(text)) >= ?
ORDER BY abs(polarity) DESC, ts DESC
LIMIT ?
"""


def query_quote_candidates(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date, min_len: int = 20,
                           limit: int = 400) -> pd.DataFrame:
    """Return the week's texts long enough to quote (chat and unit reports), strongest sentiment first."""
    s, e = (dt.datetime.combine(d, dt.time()) for d in (start, end))
    return con.execute(_QUOTES_SQL, [s, e, min_len, start, end, min_len, limit]).df()


_SAFETY_SQL = f"""
SELECT 'chat' AS source, ts, ts::DATE AS day, unit, text, safety_reason FROM chat_messages
WHERE ts >= ? AND ts < ? AND safety
UNION ALL
SELECT 'rapport', {_REPORT_TS}, day, unit, text, safety_reason FROM unit_reports_latest
WHERE day >= ? AND day < ? AND safety
ORDER BY ts
"""


def query_safety(con: duckdb.DuckDBPyConnection, start: dt.date, end: dt.date) -> pd.DataFrame:
    """Return the week's texts flagged for patient safety (they need a human, whatever the mood)."""
    s, e = (dt.datetime.combine(d, dt.time()) for d in (start, end))
    return con.execute(_SAFETY_SQL, [s, e, start, end]).df()


def query_notes_con(con: duckdb.DuckDBPyConnection, weeks: Sequence[str]) -> pd.DataFrame:
    """Return the notes of the given ISO weeks, oldest first."""
    if not weeks:
        return pd.DataFrame(columns=["id", "iso_week", "created_at", "kind", "text", "author"])
    marks = ", ".join("?" for _ in weeks)
    return con.execute(
        f"SELECT id, iso_week, created_at, kind, text, author FROM weekly_notes WHERE iso_week IN ({marks}) "
        "ORDER BY created_at, id", list(weeks)).df()


def query_week_data(path: DbPath, prev_start: dt.date, start: dt.date, end: dt.date, weeks: Sequence[str],
                    critical: Sequence[str] = ("kritisk",), critical_hours: float = 48.0,
                    quote_min_len: int = 20, go_live: int | None = None) -> WeekData:
    """Read everything for one week (and the one before) on one read-only connection; one go-live's, or all."""

    def run(con: duckdb.DuckDBPyConnection) -> WeekData:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        scope = None
        if go_live is not None:
            scope = common_queries.query_go_live_label(con, go_live)
            common_queries.scope_to_go_live(con, go_live)
        first, last, newest = _one(con, _SPAN_SQL)[:3]
        end_ts = dt.datetime.combine(end, dt.time())
        start_ts = dt.datetime.combine(start, dt.time())
        # A week the data does not yet cover to its Sunday is measured "now" (the newest record).
        complete = last is None or last >= end - dt.timedelta(days=1) or newest is None or newest < start_ts
        as_of = end_ts if complete else min(end_ts, newest)
        this = query_week_figures(con, start, end, as_of, critical, critical_hours)
        prev = query_week_figures(con, prev_start, start, start_ts, critical, critical_hours)
        daily = query_daily(con, first, last) if first is not None else pd.DataFrame()
        return WeekData(
            meta=meta, first_day=first, last_day=last, newest=newest, go_live=_go_live(con, meta, go_live),
            this=this, prev=prev, daily=daily, events=query_events(con),
            themes=query_themes(con, prev_start, start, end),
            units=query_units_week(con, prev_start, start, end, as_of),
            quotes=query_quote_candidates(con, start, end, quote_min_len),
            safety=query_safety(con, start, end), notes=query_notes_con(con, weeks),
            extra={"as_of": as_of, "scope": scope, "go_live_id": go_live},
        )

    return db.read_many(run, path)


def _scoped(go_live: int | None, read: Callable[[duckdb.DuckDBPyConnection], T]) -> Callable[
        [duckdb.DuckDBPyConnection], T]:
    """Wrap a read so that it sees one go-live's rows (all when `go_live` is None)."""
    def run(con: duckdb.DuckDBPyConnection) -> T:
        if go_live is not None:
            common_queries.scope_to_go_live(con, go_live)
        return read(con)
    return run


def query_span(path: DbPath = None, go_live: int | None = None
               ) -> tuple[dt.date | None, dt.date | None, dt.datetime | None]:
    """Return the first and last day with data and the newest record time (of one go-live, or all)."""
    return db.read_many(_scoped(go_live, lambda con: tuple(con.execute(_SPAN_SQL).fetchone())), path)


def query_notes(weeks: Sequence[str], path: DbPath = None, go_live: int | None = None) -> pd.DataFrame:
    """Return the notes of the given ISO weeks, oldest first (one go-live's and those across go-lives)."""
    return db.read_many(_scoped(go_live, lambda con: query_notes_con(con, weeks)), path)


def insert_note(iso_week: str, kind: str, text: str, author: str | None, path: DbPath = None,
                now: dt.datetime | None = None, go_live: int | None = None) -> int:
    """Store one meeting note (decision or action) for a week, of one go-live's meeting or all's; return its id."""
    if kind not in NOTE_KINDS:
        raise ValueError(f"Ukjent notattype: {kind}")
    text = text.strip()
    if not text:
        raise ValueError("Notatet er tomt.")
    created = now or dt.datetime.now().replace(microsecond=0)
    # notes go into the PowerPoint, PDF and HTML exports: personal data is masked before it is stored
    text = mask_text(text)[0]
    author = mask_text((author or "").strip())[0] or None

    def fn(con: duckdb.DuckDBPyConnection) -> int:
        return con.execute(
            "INSERT INTO weekly_notes (iso_week, created_at, kind, text, author, go_live_id) "
            "VALUES (?, ?, ?, ?, ?, ?) RETURNING id",
            [iso_week, created, kind, text, author, go_live]).fetchone()[0]

    return db.write(fn, path)
