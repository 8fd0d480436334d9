"""Pieces every command shares: the one --db option and the database path it resolves to."""

from __future__ import annotations

import argparse
from pathlib import Path

from analysis.config import db_path
from analysis.db import DatabaseMissing

DB_HELP = "databasefil (standard: $GOLIVE_DB eller data/golive.duckdb)"


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Add the common --db option."""
    parser.add_argument("--db", metavar="FIL", help=DB_HELP)


def existing_db(args: argparse.Namespace) -> Path:
    """Return the chosen database path; refuse one that does not exist."""
    path = db_path(args.db)
    if not path.exists():
        raise DatabaseMissing(f"Fant ikke databasen {path}.",
                              "Bygg demodatabasen med «python -m analysis demo» eller velg fil med --db.")
    return path
