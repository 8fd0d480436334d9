"""SQL for «Bølger»: the go-lives and, per go-live and day after its go-live, the figures the waves are compared on."""

from __future__ import annotations

import datetime as dt

import duckdb
import pandas as pd

from analysis import db
from analysis.filters import Filters

DbPath = str | None

GO_LIVES_SQL = """
    SELECT g.id, g.organisation, g.wave, g.go_live_date, g.label, g.synthetic, g.citizens, g.goal_nok,
           count(u.unit) AS units, coalesce(sum(un.staff_count), 0) AS staff
    FROM go_lives g
    LEFT JOIN unit_go_live u ON u.go_live_id = g.id
    LEFT JOIN units un ON un.name = u.unit
    GROUP BY ALL ORDER BY g.go_live_date NULLS LAST, g.id"""


def query_go_lives(path: DbPath = None) -> pd.DataFrame:
    """Every go-live with its unit count and staff, the earliest first (empty before migration step 5 ran)."""
    return db.read_df(GO_LIVES_SQL, db=path)


def _day_sql(ts: str) -> str:
    """Days between the unit's go-live and a timestamp/date column (trusted column expression)."""
    return f"datediff('day', g.go_live_date, CAST({ts} AS DATE))"


def _daily(con: duckdb.DuckDBPyConnection, f: Filters, first: int, last: int, until: dt.date) -> pd.DataFrame:
    """Per go-live and day after go-live: staff, active users, tickets, backlog, mood and safety flags."""
    aw, ap = Filters(area=f.area).where("a.day", "a.unit", is_date=True)
    tw, tp = Filters(area=f.area).where("t.opened_at", "t.unit")
    rw, rp = Filters(area=f.area).where("r.day", "r.unit", is_date=True)
    cw, cp = Filters(area=f.area).where("c.ts", "c.unit")
    uw, up = Filters(area=f.area).units_where()
    sql = f"""
    WITH gu AS (SELECT u.unit, g.id AS go_live_id, g.go_live_date
                FROM unit_go_live u JOIN go_lives g ON g.id = u.go_live_id
                WHERE g.go_live_date IS NOT NULL),
    staff AS (SELECT gu.go_live_id, sum(un.staff_count) AS staff FROM gu JOIN units un ON un.name = gu.unit
              WHERE {uw} GROUP BY 1),
    days AS (SELECT g.id AS go_live_id, d.d::INTEGER AS day FROM go_lives g, range(?, ? + 1) d(d)
             WHERE g.go_live_date IS NOT NULL AND g.go_live_date + d.d::INTEGER <= ?),
    active AS (SELECT g.go_live_id, {_day_sql('a.day')} AS day, sum(a.active_users) AS active
               FROM adoption_daily a JOIN gu g ON g.unit = a.unit WHERE {aw} GROUP BY ALL),
    opened AS (SELECT g.go_live_id, {_day_sql('t.opened_at')} AS day, count(*) AS tickets
               FROM tickets t JOIN gu g ON g.unit = t.unit WHERE {tw} GROUP BY ALL),
    moves AS (SELECT g.go_live_id, {_day_sql('t.opened_at')} AS day, 1 AS delta
              FROM tickets t JOIN gu g ON g.unit = t.unit WHERE {tw}
              UNION ALL
              SELECT g.go_live_id, {_day_sql('t.closed_at')} AS day, -1
              FROM tickets t JOIN gu g ON g.unit = t.unit WHERE t.closed_at IS NOT NULL AND {tw}),
    backlog AS (SELECT go_live_id, day, sum(sum(delta)) OVER (PARTITION BY go_live_id ORDER BY day) AS backlog
                FROM moves GROUP BY go_live_id, day),
    mood AS (SELECT g.go_live_id, {_day_sql('r.day')} AS day, avg(r.mood) AS mood, count(*) AS reports
             FROM unit_reports_latest r JOIN gu g ON g.unit = r.unit WHERE {rw} GROUP BY ALL),
    flags AS (SELECT g.go_live_id, {_day_sql('c.ts')} AS day, count(*) FILTER (WHERE c.safety) AS flags
              FROM chat_messages c JOIN gu g ON g.unit = c.unit WHERE {cw} GROUP BY ALL)
    SELECT d.go_live_id, d.day, s.staff, a.active, coalesce(o.tickets, 0) AS tickets,
           (SELECT b.backlog FROM backlog b WHERE b.go_live_id = d.go_live_id AND b.day <= d.day
            ORDER BY b.day DESC LIMIT 1) AS backlog,
           m.mood, coalesce(fl.flags, 0) AS flags
    FROM days d
    LEFT JOIN staff s ON s.go_live_id = d.go_live_id
    LEFT JOIN active a ON a.go_live_id = d.go_live_id AND a.day = d.day
    LEFT JOIN opened o ON o.go_live_id = d.go_live_id AND o.day = d.day
    LEFT JOIN mood m ON m.go_live_id = d.go_live_id AND m.day = d.day
    LEFT JOIN flags fl ON fl.go_live_id = d.go_live_id AND fl.day = d.day
    WHERE s.staff IS NOT NULL
    ORDER BY d.go_live_id, d.day"""
    params = [*up, first, last, until, *ap, *tp, *tp, *tp, *rp, *cp]
    return con.execute(sql, params).df()


def query_wave_daily(path: DbPath, f: Filters, first: int, last: int, until: dt.date) -> pd.DataFrame:
    """The daily figures of every go-live for days `first`..`last` after its go-live, up to the day `until`."""
    return db.read_many(lambda con: _daily(con, f, first, last, until), db=path)


def query_wave_categories(path: DbPath, f: Filters, first: int, last: int, until: dt.date) -> pd.DataFrame:
    """Tickets per go-live, day after go-live and category (for the reason a wave does worse)."""
    tw, tp = Filters(area=f.area).where("t.opened_at", "t.unit")
    return db.read_df(f"""
        SELECT g.id AS go_live_id, {_day_sql('t.opened_at')} AS day, coalesce(t.category, 'Uten kategori') AS category,
               count(*) AS tickets
        FROM tickets t JOIN unit_go_live u ON u.unit = t.unit JOIN go_lives g ON g.id = u.go_live_id
        WHERE {tw} AND CAST(t.opened_at AS DATE) <= ?
        GROUP BY ALL HAVING day BETWEEN ? AND ?
        ORDER BY 1, 2, 3""", [*tp, until, first, last], db=path)
