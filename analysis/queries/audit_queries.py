"""SQL of the audit log: append a row (inside a write), list and filter rows, find a log-in or the last roles."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from analysis import db
from analysis.queries.common_queries import DbPath

COLUMNS = ("acted_at", "actor", "roles", "action", "target", "detail", "via", "ref")


@dataclass(frozen=True)
class AuditFilter:
    """Which audit rows to list: a period (dates inclusive), a user (part of the id), an action; newest first."""

    start: dt.date | None = None
    end: dt.date | None = None
    user: str | None = None
    action: str | None = None
    limit: int = 1000


def last_chain(con: duckdb.DuckDBPyConnection) -> str:
    """The chain hash of the newest row ('' for an empty log)."""
    row = con.execute("SELECT chain FROM audit_log ORDER BY id DESC LIMIT 1").fetchone()
    return row[0] if row else ""


def insert_row(con: duckdb.DuckDBPyConnection, values: tuple, chain: str) -> int:
    """Append one row (values in COLUMNS order) with its chain hash; return its id. Never updates or deletes."""
    return con.execute(
        f"INSERT INTO audit_log ({', '.join(COLUMNS)}, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
        [*values, chain]).fetchone()[0]


def _where(f: AuditFilter) -> tuple[str, list]:
    """The WHERE clause and parameters of a filter."""
    where, params = ["TRUE"], []
    if f.start is not None:
        where.append("acted_at >= ?")
        params.append(dt.datetime.combine(f.start, dt.time()))
    if f.end is not None:
        where.append("acted_at < ?")
        params.append(dt.datetime.combine(f.end + dt.timedelta(days=1), dt.time()))
    if f.user:
        where.append("actor ILIKE ?")
        params.append(f"%{f.user.strip()}%")
    if f.action:
        where.append("action = ?")
        params.append(f.action)
    return " AND ".join(where), params


def query_audit(f: AuditFilter, path: DbPath = None) -> pd.DataFrame:
    """Return the audit rows matching the filter, newest first (at most f.limit)."""
    where, params = _where(f)
    return db.read_df(
        f"""SELECT id, acted_at, actor, roles, action, target, detail, via, ref FROM audit_log
            WHERE {where} ORDER BY id DESC LIMIT ?""", [*params, f.limit], db=path)


def query_audit_count(f: AuditFilter, path: DbPath = None) -> int:
    """How many audit rows match the filter in all."""
    where, params = _where(f)
    return db.read_rows(f"SELECT count(*) FROM audit_log WHERE {where}", params, db=path)[0][0]


def query_actors(path: DbPath = None) -> list[str]:
    """Every user id in the log, sorted."""
    return [r[0] for r in db.read_rows("SELECT DISTINCT actor FROM audit_log ORDER BY 1", db=path)]


def query_has_ref(action: str, ref: str, path: DbPath = None) -> bool:
    """Tell whether a row with this action and reference exists (one log-in is recorded once)."""
    return bool(db.read_rows("SELECT count(*) FROM audit_log WHERE action = ? AND ref = ?", [action, ref],
                             db=path)[0][0])


def last_ref(con: duckdb.DuckDBPyConnection, action: str) -> str | None:
    """The reference of the newest row of an action (inside a write), or None."""
    row = con.execute("SELECT ref FROM audit_log WHERE action = ? ORDER BY id DESC LIMIT 1", [action]).fetchone()
    return row[0] if row else None


def query_chain_rows(path: DbPath = None) -> list[tuple]:
    """Every row's id, stored values and chain hash, oldest first (to check the chain)."""
    return db.read_rows(f"SELECT id, {', '.join(COLUMNS)}, chain FROM audit_log ORDER BY id", db=path)
