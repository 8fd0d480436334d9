"""Queries for the follow-up queue: the messages that need a person, their latest status, and status changes."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis import db
from analysis.filters import Filters
from analysis.queries.common_queries import DbPath, report_time_sql

# One row per message or leader report that needs a person ({need_*}: every safety flag and strongly negative
# texts for the queue; for the closed list only the rows that have an action, found from the (small) action log
# rather than by building an id for every stored message).
# A report happened on its own day (report_time_sql: typing it in later does not move it).
NEEDS_PERSON = "(safety OR (label = 'negative' AND polarity <= ?))"
_HAS_ACTION = ("id IN (SELECT TRY_CAST(split_part(item, ':', 2) AS BIGINT) FROM follow_up_actions "
               "WHERE starts_with(item, '{prefix}:'))")
_ITEMS_SQL = """
WITH items AS (
    SELECT 'chat:' || id AS item, 'chat' AS source, ts, unit, role, text, polarity, label, themes, safety,
           safety_reason, evidence
    FROM chat_messages
    WHERE {need_chat} AND {mw}
    UNION ALL
    SELECT 'rapport:' || id, 'leder', {report_time}, unit, 'enhetsleder', text, polarity, label,
           themes, safety, safety_reason, evidence
    FROM unit_reports_latest  -- a corrected report replaces the first one of that day
    WHERE {need_report} AND text IS NOT NULL AND {rw}
),
latest AS (
    SELECT item, arg_max(status, id) AS status, arg_max(person, id) AS status_by, max(acted_at) AS status_at,
           arg_max(comment, id) AS status_comment
    FROM follow_up_actions GROUP BY item
)
SELECT i.*, CASE WHEN i.safety THEN 'pasientsikkerhet' ELSE 'sterkt negativ' END AS kind,
       CASE WHEN l.status IS NULL OR l.status = 'gjenåpnet' THEN 'ny' ELSE l.status END AS status,
       l.status_by, l.status_at, l.status_comment
FROM items i LEFT JOIN latest l USING (item)
WHERE i.ts <= ? AND {which}
{order}
"""


def _scoped(f: Filters) -> tuple[str, list, str, list]:
    """Return the unit/area conditions for chat and reports (the queue is about 'now', not the period)."""
    s = f.anytime()
    mw, mp = s.where("ts")
    rw, rp = s.where("day", is_date=True)
    return mw, mp, rw, rp


def query_queue(f: Filters, now: dt.datetime, hours: int, strong_negative: float, path: DbPath = None
                ) -> pd.DataFrame:
    """Return the open queue at `now`: items of the last `hours` not closed, and older items still being handled."""
    mw, mp, rw, rp = _scoped(f)
    since = now - dt.timedelta(hours=hours)
    # A reopened item is being handled again: like a taken one it stays until it is closed, whatever its age.
    which = ("((i.ts > ? AND coalesce(l.status, 'ny') <> 'lukket') "
             "OR l.status IN ('tatt', 'avvik meldt', 'gjenåpnet'))")
    sql = _ITEMS_SQL.format(need_chat=NEEDS_PERSON, need_report=NEEDS_PERSON, mw=mw, rw=rw, which=which,
                            report_time=report_time_sql(), order="ORDER BY i.safety DESC, i.ts DESC, i.item")
    return db.read_df(sql, [strong_negative, *mp, strong_negative, *rp, now, since], db=path)


def query_closed(f: Filters, now: dt.datetime, search: str | None = None, limit: int = 200,
                 path: DbPath = None) -> pd.DataFrame:
    """Return closed items, most recently closed first, optionally those whose text, unit or comment holds `search`."""
    mw, mp, rw, rp = _scoped(f)
    which = "l.status = 'lukket'"
    params: list = []
    if search:
        which += " AND (i.text ILIKE ? OR i.unit ILIKE ? OR l.status_comment ILIKE ? OR l.status_by ILIKE ?)"
        pattern = "%" + search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        params = [pattern] * 4
    sql = _ITEMS_SQL.format(need_chat=_HAS_ACTION.format(prefix="chat"),
                            need_report=_HAS_ACTION.format(prefix="rapport"), mw=mw, rw=rw, which=which,
                            report_time=report_time_sql(), order="ORDER BY l.status_at DESC, i.item LIMIT ?")
    return db.read_df(sql, [*mp, *rp, now, *params, limit], db=path)


def query_item_history(item: str, path: DbPath = None) -> pd.DataFrame:
    """Return every status change of one item, oldest first."""
    return db.read_df("SELECT status, person, comment, acted_at FROM follow_up_actions WHERE item = ? ORDER BY id",
                      [item], db=path)


def query_item_status(item: str, path: DbPath = None) -> tuple[str, str | None]:
    """Return an item's stored status ('ny' without actions; a reopened item is 'ny' again) and who set it."""
    rows = db.read_rows("SELECT status, person FROM follow_up_actions WHERE item = ? ORDER BY id DESC LIMIT 1",
                        [item], db=path)
    if not rows or rows[0][0] == "gjenåpnet":
        return "ny", rows[0][1] if rows else None
    return rows[0][0], rows[0][1]


def query_item_exists(item: str, path: DbPath = None) -> bool:
    """Tell whether an item id ('chat:12' or 'rapport:3') names a stored message or report."""
    source, _, raw = item.partition(":")
    table = {"chat": "chat_messages", "rapport": "unit_reports"}.get(source)
    if table is None or not raw.isdigit():
        return False
    return bool(db.read_rows(f"SELECT count(*) FROM {table} WHERE id = ?", [int(raw)], db=path)[0][0])


def insert_action(item: str, status: str, person: str, comment: str | None, acted_at: dt.datetime,
                  path: DbPath = None) -> int:
    """Store one status change (one transaction) and return its id."""

    def fn(con) -> int:
        return con.execute(
            "INSERT INTO follow_up_actions (item, status, person, comment, acted_at) VALUES (?, ?, ?, ?, ?) "
            "RETURNING id", [item, status, person, comment, acted_at]).fetchone()[0]

    return db.write(fn, path)
