"""Paths and settings shared by the app and the command line."""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATA_DIR = ROOT / "data"
DEFAULT_DB = DATA_DIR / "golive.duckdb"


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the database path: an explicit one, else $GOLIVE_DB, else data/golive.duckdb."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get("GOLIVE_DB")
    if env:
        return Path(env).expanduser().resolve()
    return DEFAULT_DB


def config_file(name: str, env_var: str | None = None) -> Path:
    """Return an editable config file under data/, overridable by an environment variable."""
    if env_var and os.environ.get(env_var):
        return Path(os.environ[env_var]).expanduser().resolve()
    return DATA_DIR / name
