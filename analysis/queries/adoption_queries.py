"""Queries for the adoption page: active users ÷ staff per day, per unit, day one, portal log-ins."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis import db
from analysis.filters import Filters
from analysis.queries.common_queries import DbPath


def query_go_live_date(path: DbPath = None, go_live: int | None = None) -> dt.date | None:
    """Return day 0: the chosen go-live's date; else meta 'go_live_date', else the earliest unit go-live date."""
    row = db.read_rows(
        """SELECT coalesce((SELECT go_live_date FROM go_lives WHERE id = ?),
                           (SELECT try_cast(value AS DATE) FROM meta WHERE key = 'go_live_date'),
                           (SELECT min(go_live_date) FROM units))""",
        [go_live],
        db=path,
    )
    return row[0][0] if row else None


def query_adoption_total(f: Filters, path: DbPath = None) -> pd.DataFrame:
    """Return per day the active users and staff of the filtered units, and their share."""
    aw, ap = f.where("day", is_date=True)
    uw, up = f.units_where()
    return db.read_df(
        f"""WITH s AS (SELECT coalesce(sum(staff_count), 0) AS staff FROM units WHERE {uw})
            SELECT day, sum(active_users)::BIGINT AS active_users, any_value(s.staff) AS staff,
                   sum(active_users) / nullif(any_value(s.staff), 0) AS share
            FROM adoption_daily, s WHERE {aw} GROUP BY day ORDER BY day""",
        [*up, *ap],
        db=path,
    )


def query_adoption_units(f: Filters, path: DbPath = None) -> pd.DataFrame:
    """Return per unit and day the active users, staff and share."""
    aw, ap = f.where("a.day", unit_col="a.unit", is_date=True)
    return db.read_df(
        f"""SELECT a.day, a.unit, u.service_area, a.active_users, u.staff_count,
                   a.active_users / nullif(u.staff_count, 0) AS share
            FROM adoption_daily a JOIN units u ON u.name = a.unit
            WHERE {aw} ORDER BY a.unit, a.day""",
        ap,
        db=path,
    )


def query_adoption_day(f: Filters, day: dt.date, path: DbPath = None) -> pd.DataFrame:
    """Return the units' active users, staff and share on one day (what is behind a point)."""
    uw, up = f.units_where()
    return db.read_df(
        f"""SELECT u.name AS unit, u.service_area, coalesce(a.active_users, 0) AS active_users, u.staff_count,
                   coalesce(a.active_users, 0) / nullif(u.staff_count, 0) AS share
            FROM (SELECT * FROM units WHERE {uw}) u
            LEFT JOIN adoption_daily a ON a.unit = u.name AND a.day = ?
            ORDER BY share, u.name""",
        [*up, day],
        db=path,
    )


def query_portal_logins(f: Filters, path: DbPath = None) -> pd.DataFrame:
    """Return the citizens logged in to the portal per day in the period (per go-live, summed over the chosen)."""
    pw, pp = f.portal_where()
    return db.read_df(
        f"SELECT day, sum(logins) AS logins FROM portal_logins_daily WHERE {pw} GROUP BY day ORDER BY day", pp,
        db=path)
