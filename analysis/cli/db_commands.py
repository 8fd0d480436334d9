"""Shared pieces of the command line, and the `init` and `info` commands."""

from __future__ import annotations

import argparse

from analysis import db
from analysis.config import db_path


class UserError(Exception):
    """An error caused by the user's input, reported as one Norwegian line without a traceback."""


def add_db_argument(parser: argparse.ArgumentParser) -> None:
    """Add the common --db option (default: $GOLIVE_DB or data/golive.duckdb)."""
    parser.add_argument("--db", help="databasefil (standard: $GOLIVE_DB eller data/golive.duckdb)")


def run_init(args: argparse.Namespace) -> int:
    """Create an empty database or migrate an existing one to the current schema."""
    path = db_path(args.db)
    version = db.ensure_schema(path)
    print(f"Database {path}: skjemaversjon {version}.")
    return 0


def run_info(args: argparse.Namespace) -> int:
    """Print the row count of every table."""
    path = db_path(args.db)
    if not path.exists():
        raise UserError(f"fant ikke databasen {path}")
    tables = ["units", "chat_messages", "unit_reports", "tickets", "adoption_daily",
              "portal_logins_daily", "events", "weekly_notes"]

    def counts(con):
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables}

    print(f"Database {path} (skjemaversjon {db.stored_version(path)})")
    for table, n in db.read_many(counts, path).items():
        print(f"  {table:<22}{n:>12,}".replace(",", " "))
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `init` and `info`."""
    p = sub.add_parser("init", help="opprett eller oppgrader databasen")
    add_db_argument(p)
    p.set_defaults(func=run_init)
    p = sub.add_parser("info", help="vis antall rader per tabell")
    add_db_argument(p)
    p.set_defaults(func=run_info)
