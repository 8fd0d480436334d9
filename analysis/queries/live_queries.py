"""Queries for the live page: headline tiles at 'now', follow-up list, newest messages, unit signals."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from analysis import db
from analysis.filters import Filters
from analysis.queries.common_queries import DbPath


def _scope(f: Filters) -> Filters:
    """Return the filter without its period: the live page is about 'now', not the chosen period."""
    return f.anytime()


@dataclass(frozen=True)
class LiveTiles:
    """Headline figures at 'now' and their comparison values."""

    now: dt.datetime
    tickets_today: int
    tickets_yesterday: int  # yesterday up to the same time of day
    open_now: int
    open_24h_ago: int
    messages_today: int
    mood_today: float | None
    mood_yesterday: float | None  # yesterday up to the same time of day
    staff: int
    active_users: int | None
    active_prev: int | None
    active_day: dt.date | None
    portal_logins: int | None
    portal_prev: int | None
    portal_day: dt.date | None
    # Tickets and active users follow the week (weekends are quiet): compared with the same weekday a week earlier.
    tickets_week_ago: int | None = None  # the same weekday last week up to the same time of day
    active_week_ago: int | None = None  # active users on the day a week before `active_day`


def _tiles(con: duckdb.DuckDBPyConnection, f: Filters, now: dt.datetime) -> LiveTiles:
    """Compute the tiles on one connection (one snapshot)."""
    s = _scope(f)
    today0 = dt.datetime.combine(now.date(), dt.time())
    y_now = now - dt.timedelta(days=1)
    y0 = today0 - dt.timedelta(days=1)
    w_now, w0 = now - dt.timedelta(days=7), today0 - dt.timedelta(days=7)
    tw, tp = s.where("opened_at")
    t_today, t_yest, t_week, open_now, open_prev = con.execute(
        f"""SELECT count(*) FILTER (WHERE opened_at >= ? AND opened_at <= ?),
                   count(*) FILTER (WHERE opened_at >= ? AND opened_at <= ?),
                   count(*) FILTER (WHERE opened_at >= ? AND opened_at <= ?),
                   count(*) FILTER (WHERE opened_at <= ? AND (closed_at IS NULL OR closed_at > ?)),
                   count(*) FILTER (WHERE opened_at <= ? AND (closed_at IS NULL OR closed_at > ?))
            FROM tickets WHERE {tw}""",
        [today0, now, y0, y_now, w0, w_now, now, now, y_now, y_now, *tp],
    ).fetchone()
    mw, mp = s.where("ts")
    n_today, mood_today, mood_yest = con.execute(
        f"""SELECT count(*) FILTER (WHERE ts >= ?), avg(polarity) FILTER (WHERE ts >= ?),
                   avg(polarity) FILTER (WHERE ts < ? AND ts <= ?)
            FROM chat_messages WHERE ts >= ? AND ts <= ? AND {mw}""",
        [today0, today0, today0, y_now, y0, now, *mp],
    ).fetchone()
    uw, up = s.units_where()
    staff = con.execute(f"SELECT coalesce(sum(staff_count), 0) FROM units WHERE {uw}", up).fetchone()[0]
    aw, ap = s.where("day", is_date=True)
    adopt = con.execute(
        f"""SELECT day, sum(active_users) FROM adoption_daily WHERE day <= ? AND {aw}
            GROUP BY day ORDER BY day DESC LIMIT 2""",
        [now.date(), *ap],
    ).fetchall()
    week_ago = con.execute(
        f"SELECT sum(active_users) FROM adoption_daily WHERE day = ? AND {aw}",
        [adopt[0][0] - dt.timedelta(days=7), *ap],
    ).fetchone()[0] if adopt else None
    pw, pp = s.portal_where()
    portal = con.execute(
        f"SELECT day, sum(logins) FROM portal_logins_daily WHERE day <= ? AND {pw} "
        "GROUP BY day ORDER BY day DESC LIMIT 2",
        [now.date(), *pp],
    ).fetchall()
    return LiveTiles(
        now=now, tickets_today=int(t_today), tickets_yesterday=int(t_yest), open_now=int(open_now),
        open_24h_ago=int(open_prev), messages_today=int(n_today), mood_today=mood_today, mood_yesterday=mood_yest,
        staff=int(staff),
        active_users=int(adopt[0][1]) if adopt else None,
        active_prev=int(adopt[1][1]) if len(adopt) > 1 else None,
        active_day=adopt[0][0] if adopt else None,
        portal_logins=int(portal[0][1]) if portal else None,
        portal_prev=int(portal[1][1]) if len(portal) > 1 else None,
        portal_day=portal[0][0] if portal else None,
        tickets_week_ago=int(t_week),
        active_week_ago=None if week_ago is None else int(week_ago),
    )


def query_live_tiles(f: Filters, now: dt.datetime, path: DbPath = None) -> LiveTiles:
    """Return the live headline figures at `now` for the filter's service area / unit."""
    return db.read_many(lambda con: _tiles(con, f, now), path)


def query_feed(f: Filters, now: dt.datetime, limit: int = 30, path: DbPath = None) -> pd.DataFrame:
    """Return the newest chat messages up to `now` (looking back at most a week)."""
    s = _scope(f)
    mw, mp = s.where("ts")
    return db.read_df(
        f"""SELECT ts, unit, role, text, label, polarity, themes FROM chat_messages
            WHERE ts > ? AND ts <= ? AND {mw} ORDER BY ts DESC LIMIT ?""",
        [now - dt.timedelta(days=7), now, *mp, limit],
        db=path,
    )


def query_unit_signals(f: Filters, now: dt.datetime, recent_mood_h: int, recent_load_h: int, baseline_days: int,
                       path: DbPath = None) -> pd.DataFrame:
    """Return per unit the recent and baseline chat mood, ticket counts and latest leader reports at `now`."""
    s = _scope(f)
    mood_cut = now - dt.timedelta(hours=recent_mood_h)
    mood_base = mood_cut - dt.timedelta(days=baseline_days)
    load_cut = now - dt.timedelta(hours=recent_load_h)
    load_base = load_cut - dt.timedelta(days=baseline_days)
    uw, up = s.units_where()
    return db.read_df(
        f"""
        WITH m AS (
            SELECT unit,
                   count(*) FILTER (WHERE ts > ?) AS n_recent, avg(polarity) FILTER (WHERE ts > ?) AS pol_recent,
                   stddev_samp(polarity) FILTER (WHERE ts > ?) AS sd_recent,
                   count(*) FILTER (WHERE ts <= ?) AS n_base, avg(polarity) FILTER (WHERE ts <= ?) AS pol_base,
                   stddev_samp(polarity) FILTER (WHERE ts <= ?) AS sd_base
            FROM chat_messages WHERE ts > ? AND ts <= ? GROUP BY unit),
        t AS (
            SELECT unit, count(*) FILTER (WHERE opened_at > ?) AS t_recent,
                   count(*) FILTER (WHERE opened_at <= ?) AS t_base
            FROM tickets WHERE opened_at > ? AND opened_at <= ? GROUP BY unit),
        r AS (
            SELECT unit, day, status, mood,
                   row_number() OVER (PARTITION BY unit ORDER BY day DESC) AS rn
            FROM unit_reports_latest WHERE day <= ?),
        r1 AS (SELECT unit, day AS report_day, status, mood FROM r WHERE rn = 1),
        r2 AS (SELECT unit, mood AS prev_mood FROM r WHERE rn = 2)
        SELECT u.name AS unit, u.service_area, u.staff_count,
               coalesce(m.n_recent, 0) AS n_recent, m.pol_recent, m.sd_recent,
               coalesce(m.n_base, 0) AS n_base, m.pol_base, m.sd_base,
               coalesce(t.t_recent, 0) AS t_recent, coalesce(t.t_base, 0) AS t_base,
               r1.report_day, r1.status, r1.mood, r2.prev_mood
        FROM units u
        LEFT JOIN m ON m.unit = u.name LEFT JOIN t ON t.unit = u.name
        LEFT JOIN r1 ON r1.unit = u.name LEFT JOIN r2 ON r2.unit = u.name
        WHERE {uw}
        ORDER BY u.name
        """,
        [*[mood_cut] * 6, mood_base, now,
         load_cut, load_cut, load_base, now, now.date(), *up],
        db=path,
    )


def query_hourly_sentiment(f: Filters, now: dt.datetime, hours: int = 24, path: DbPath = None) -> pd.DataFrame:
    """Return chat messages per hour and sentiment label over the last `hours` up to `now`."""
    s = _scope(f)
    mw, mp = s.where("ts")
    return db.read_df(
        f"""SELECT date_trunc('hour', ts) AS hour, coalesce(label, 'neutral') AS label, count(*) AS n
            FROM chat_messages WHERE ts > ? AND ts <= ? AND {mw} GROUP BY ALL ORDER BY hour""",
        [now - dt.timedelta(hours=hours), now, *mp],
        db=path,
    )
