"""Paths and settings shared by the app and the command line."""

from __future__ import annotations

import os
from datetime import datetime
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


def _env_float(name: str, default: float) -> float:
    """Return a float from the environment, or the default when unset or unreadable."""
    try:
        return float(os.environ.get(name, "").replace(",", "."))
    except ValueError:
        return default


def refresh_seconds() -> float:
    """Return the live page's refresh interval in seconds ($GOLIVE_REFRESH_S, default 30, at least 5)."""
    return max(5.0, _env_float("GOLIVE_REFRESH_S", 30.0))


def stale_minutes() -> float:
    """Return after how many minutes without new data the live page warns ($GOLIVE_STALE_MIN, default 60)."""
    return _env_float("GOLIVE_STALE_MIN", 60.0)


def adoption_target() -> float:
    """Return the adoption target as a share of staff ($GOLIVE_ADOPTION_TARGET, default 0.95)."""
    value = _env_float("GOLIVE_ADOPTION_TARGET", 0.95)
    return value / 100 if value > 1 else value


def now_override() -> datetime | None:
    """Return a fixed 'now' for the live page from $GOLIVE_NOW (ISO, e.g. 2022-05-14T12:00), else None."""
    raw = os.environ.get("GOLIVE_NOW")
    if not raw:
        return None
    try:
        return datetime.fromisoformat(raw)
    except ValueError:
        return None
