"""Typed accessors for the settings shared by the app and the command line (the registry is analysis.settings)."""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path

from analysis import settings

ROOT = settings.ROOT
DATA_DIR = settings.DATA_DIR
DEFAULT_DB: Path = settings.BY_NAME["GOLIVE_DB"].default


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the database path: an explicit one, else $GOLIVE_DB, else data/golive.duckdb."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    return settings.value("GOLIVE_DB").resolve()


def config_file(name: str, env_var: str | None = None) -> Path:
    """Return an editable config file under data/, overridable by a registered environment variable."""
    if env_var and settings.is_set(env_var):
        return settings.value(env_var).resolve()
    return DATA_DIR / name


def themes_file() -> Path:
    """Return the theme taxonomy file as given ($GOLIVE_THEMES, default data/themes.toml)."""
    return settings.value("GOLIVE_THEMES")


def expected_load_file() -> Path:
    """Return the expected support-load curve ($GOLIVE_EXPECTED_LOAD, default data/expected_load.csv)."""
    return settings.value("GOLIVE_EXPECTED_LOAD").resolve()


def rules_file() -> Path:
    """Return the rules file ($GOLIVE_RULES, default data/rules.toml)."""
    return settings.value("GOLIVE_RULES").resolve()


def refresh_seconds() -> float:
    """Return the live page's refresh interval in seconds ($GOLIVE_REFRESH_S, default 30, at least 5)."""
    return settings.value("GOLIVE_REFRESH_S")


def stale_minutes() -> float:
    """Return after how many minutes without new data the live page warns ($GOLIVE_STALE_MIN, default 60)."""
    return settings.value("GOLIVE_STALE_MIN")


def adoption_target() -> float:
    """Return the adoption target as a share of staff ($GOLIVE_ADOPTION_TARGET, default 0.95)."""
    return settings.value("GOLIVE_ADOPTION_TARGET")


def now_override() -> datetime | None:
    """Return a fixed 'now' for the live page from $GOLIVE_NOW (ISO, e.g. 2022-05-14T12:00), else None."""
    return settings.value("GOLIVE_NOW")


def auth_mode() -> str:
    """Return the log-in mode ($GOLIVE_AUTH): 'auto' (default), 'på' (log-in required) or 'av' (no log-in)."""
    return settings.value("GOLIVE_AUTH")


def server_address() -> str:
    """Return the address the server listens on ($GOLIVE_ADDRESS, default 127.0.0.1)."""
    return settings.value("GOLIVE_ADDRESS")


def roles_file() -> Path:
    """Return the roles file ($GOLIVE_ROLES, default data/roles.toml)."""
    return settings.value("GOLIVE_ROLES").resolve()


def groups_claim() -> str:
    """Return the ID-token claim that lists the user's groups ($GOLIVE_GROUPS_CLAIM, default 'groups')."""
    return settings.value("GOLIVE_GROUPS_CLAIM")
