"""The `init` and `info` commands: create or migrate a database, and show what it holds."""

from __future__ import annotations

import argparse

from analysis import db
from analysis.cli.common import add_db_option, existing_db
from analysis.config import db_path

TABLES = ["units", "chat_messages", "unit_reports", "tickets", "adoption_daily", "portal_logins_daily", "events",
          "weekly_notes"]


def run_init(args: argparse.Namespace) -> int:
    """Create an empty database or migrate an existing one to the current schema."""
    path = db_path(args.db)
    version = db.ensure_schema(path)
    print(f"Database {path}: skjemaversjon {version}.")
    return 0


def run_info(args: argparse.Namespace) -> int:
    """Print the row count of every table."""
    path = existing_db(args)
    version = db.check_version(path)

    def counts(con):
        return {t: con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in TABLES}

    print(f"Database {path} (skjemaversjon {version})")
    for table, n in db.read_many(counts, path).items():
        print(f"  {table:<22}{n:>12,}".replace(",", " "))
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `init` and `info`."""
    p = sub.add_parser("init", help="opprett eller oppgrader databasen")
    add_db_option(p)
    p.set_defaults(func=run_init)
    p = sub.add_parser("info", help="vis antall rader per tabell")
    add_db_option(p)
    p.set_defaults(func=run_info)
