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
    """Verify the file (every block read and checked) and print the row count of every table."""
    path = existing_db(args)
    version = db.check_version(path)
    counts = db.verify(path)
    print(f"Database {path} (skjemaversjon {version}): alle tabeller lest og kontrollert, ingen feil.")
    for table in TABLES + sorted(set(counts) - set(TABLES) - {"schema_version", "meta"}):
        if table in counts:
            print(f"  {table:<22}{counts[table]:>12,}".replace(",", " "))
    return 0


def add_parser(sub: argparse._SubParsersAction) -> None:
    """Register `init` and `info`."""
    p = sub.add_parser("init", help="opprett eller oppgrader databasen")
    add_db_option(p)
    p.set_defaults(func=run_init)
    p = sub.add_parser("info", help="kontroller databasefilen og vis antall rader per tabell")
    add_db_option(p)
    p.set_defaults(func=run_info)
