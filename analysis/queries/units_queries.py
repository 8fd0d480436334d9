"""Queries for the unit mood page: unit cards, unit × day sentiment, trends and themes per unit."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pandas as pd

from analysis import db
from analysis.filters import Filters
from analysis.queries.common_queries import DbPath


def query_unit_cards(f: Filters, end: dt.date, window_days: int, path: DbPath = None) -> pd.DataFrame:
    """Return per unit: latest leader report up to `end`, chat sentiment and tickets in the window ending `end`.

    `median_per_100` is the municipality's median unit (tickets per 100 staff in the same window, every unit,
    whatever the area or unit filter): a unit is compared with its peers, not with itself.
    """
    start = end - dt.timedelta(days=window_days - 1)
    if f.start and f.start > start:
        start = f.start
    w = replace(f, start=start, end=end)
    mw, mp = w.where("ts")
    tw, tp = w.where("opened_at")
    aw, ap = w.all_units().where("opened_at")
    uw, up = f.units_where()
    lo = f.start or dt.date(1900, 1, 1)
    return db.read_df(
        f"""
        WITH r AS (
            SELECT unit, day, status, mood, text,
                   row_number() OVER (PARTITION BY unit ORDER BY day DESC) AS rn
            FROM unit_reports_latest WHERE day <= ? AND day >= ?),
        m AS (
            SELECT unit, count(*) AS n_messages, avg(polarity) AS mean_polarity,
                   stddev_samp(polarity) AS sd_polarity,
                   avg(CASE WHEN label = 'negative' THEN 1.0 ELSE 0.0 END) AS negative_share,
                   count(*) FILTER (WHERE label = 'negative') AS n_negative
            FROM chat_messages WHERE {mw} GROUP BY unit),
        t AS (SELECT unit, count(*) AS tickets FROM tickets WHERE {tw} GROUP BY unit),
        ta AS (SELECT unit, count(*) AS tickets FROM tickets WHERE {aw} GROUP BY unit),
        med AS (SELECT median(100.0 * coalesce(ta.tickets, 0) / u.staff_count) AS median_per_100
                FROM units u LEFT JOIN ta ON ta.unit = u.name WHERE u.staff_count > 0)
        SELECT u.name AS unit, u.service_area, u.staff_count,
               r.day AS report_day, r.status, r.mood, r.text AS report_text,
               coalesce(m.n_messages, 0) AS n_messages, m.mean_polarity, m.sd_polarity, m.negative_share,
               coalesce(m.n_negative, 0) AS n_negative,
               coalesce(t.tickets, 0) AS tickets,
               100.0 * coalesce(t.tickets, 0) / nullif(u.staff_count, 0) AS tickets_per_100,
               (SELECT median_per_100 FROM med) AS median_per_100,
               datediff('day', ?::DATE, ?::DATE) + 1 AS window_days
        FROM units u
        LEFT JOIN r ON r.unit = u.name AND r.rn = 1
        LEFT JOIN m ON m.unit = u.name LEFT JOIN t ON t.unit = u.name
        WHERE {uw}
        ORDER BY u.name
        """,
        [end, lo, *mp, *tp, *ap, start, end, *up],
        db=path,
    )


def query_unit_day_sentiment(f: Filters, path: DbPath = None) -> pd.DataFrame:
    """Return per unit and day: messages, mean polarity and negative messages (the heatmap)."""
    mw, mp = f.where("ts")
    return db.read_df(
        f"""SELECT unit, ts::DATE AS day, count(*) AS n, avg(polarity) AS mean_polarity,
                   count(*) FILTER (WHERE label = 'negative') AS n_negative
            FROM chat_messages WHERE unit IS NOT NULL AND {mw}
            GROUP BY ALL ORDER BY unit, day""",
        mp,
        db=path,
    )


def query_unit_trend(f: Filters, unit: str, path: DbPath = None) -> pd.DataFrame:
    """Return per day the mean polarity of one unit, of its service area and of all units (long form)."""
    pw, pp = f.all_units().where("ts")
    return db.read_df(
        f"""
        WITH a AS (SELECT service_area FROM units WHERE name = ?),
        d AS (
            SELECT ts::DATE AS day,
                   avg(polarity) FILTER (WHERE unit = ?) AS unit_pol, count(*) FILTER (WHERE unit = ?) AS unit_n,
                   avg(polarity) FILTER (WHERE unit IN (SELECT name FROM units WHERE service_area = (SELECT * FROM a)))
                       AS area_pol,
                   count(*) FILTER (WHERE unit IN (SELECT name FROM units WHERE service_area = (SELECT * FROM a)))
                       AS area_n,
                   avg(polarity) AS all_pol, count(*) AS all_n
            FROM chat_messages WHERE {pw} GROUP BY 1)
        SELECT day, 'unit' AS series, unit_pol AS mean_polarity, unit_n AS n FROM d WHERE unit_n > 0
        UNION ALL SELECT day, 'area', area_pol, area_n FROM d WHERE area_n > 0
        UNION ALL SELECT day, 'all', all_pol, all_n FROM d
        ORDER BY day, series
        """,
        [unit, unit, unit, *pp],
        db=path,
    )


def query_unit_themes(f: Filters, unit: str, path: DbPath = None) -> pd.DataFrame:
    """Return the themes of one unit's messages in the period, most negative first."""
    pw, pp = f.all_units().where("ts")
    return db.read_df(
        f"""SELECT theme, count(*) AS n, avg(polarity) AS mean_polarity,
                   avg(CASE WHEN label = 'negative' THEN 1.0 ELSE 0.0 END) AS negative_share
            FROM (SELECT unnest(themes) AS theme, polarity, label FROM chat_messages WHERE unit = ? AND {pw})
            GROUP BY theme ORDER BY mean_polarity, n DESC""",
        [unit, *pp],
        db=path,
    )


def query_report_history(unit: str, limit: int = 14, path: DbPath = None) -> pd.DataFrame:
    """Return a unit's latest daily reports (the latest per day counts), newest first."""
    return db.read_df(
        """SELECT day, status, mood, text, label, reported_at FROM unit_reports_latest
           WHERE unit = ? ORDER BY day DESC LIMIT ?""",
        [unit, limit],
        db=path,
    )
