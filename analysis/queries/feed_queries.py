"""Queries for the live feeds: one delivery stored, each source's last one (tables: analysis.db step 4)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import duckdb
import pandas as pd

from analysis import db
from analysis.queries.common_queries import DbPath


def has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    """Tell whether a table exists (a file from before the service has none of its tables)."""
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?",
                            [name]).fetchone()[0])


@dataclass(frozen=True)
class Delivery:
    """One delivery of rows from a source (an API call or a file from the watch folder)."""

    received_at: dt.datetime
    source: str
    via: str  # 'api' or 'mappe'
    kind: str
    filename: str | None
    rows_read: int
    imported: int
    updated: int
    already_present: int
    rejected: int
    outcome: str  # 'importert' or 'avvist'


def insert_delivery(con: duckdb.DuckDBPyConnection, d: Delivery) -> None:
    """Store one delivery (inside a write transaction)."""
    con.execute(
        "INSERT INTO feed_deliveries (received_at, source, via, kind, filename, rows_read, imported, updated, "
        "already_present, rejected, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [d.received_at, d.source, d.via, d.kind, d.filename, d.rows_read, d.imported, d.updated,
         d.already_present, d.rejected, d.outcome])


def record_delivery(d: Delivery, path: DbPath = None) -> None:
    """Store one delivery in its own short transaction."""
    db.write(lambda con: insert_delivery(con, d), path)


_LAST_SQL = """
SELECT source, arg_max(via, id) AS via, arg_max(kind, id) AS kind, max(received_at) AS last_at,
       arg_max(rows_read, id) AS last_rows, arg_max(outcome, id) AS last_outcome, count(*) AS deliveries
FROM feed_deliveries
GROUP BY source
ORDER BY source
"""


def query_last_deliveries(path: DbPath = None) -> pd.DataFrame:
    """Return each source's last delivery: source, via, kind, last_at, last_rows, last_outcome, deliveries."""

    def read(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        """Empty frame on a file without the table."""
        if not has_table(con, "feed_deliveries"):
            return pd.DataFrame(columns=["source", "via", "kind", "last_at", "last_rows", "last_outcome",
                                         "deliveries"])
        return con.execute(_LAST_SQL).df()

    return db.read_many(read, path)


def query_recent_deliveries(limit: int = 50, path: DbPath = None) -> pd.DataFrame:
    """Return the latest deliveries, newest first."""

    def read(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
        """Empty frame on a file without the table."""
        if not has_table(con, "feed_deliveries"):
            return pd.DataFrame(columns=["received_at", "source", "via", "kind", "filename", "rows_read",
                                         "imported", "rejected", "outcome"])
        return con.execute(
            "SELECT received_at, source, via, kind, filename, rows_read, imported, rejected, outcome "
            "FROM feed_deliveries ORDER BY id DESC LIMIT ?", [limit]).df()

    return db.read_many(read, path)
