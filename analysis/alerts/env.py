"""The service's and the alerts' GOLIVE_* values: through the settings registry once declared there, else raw."""

from __future__ import annotations

import os
from typing import Any

from analysis import settings

# The names this package reads; each needs one Setting(...) in analysis/settings.py (see docs/feeds.md).
API_TOKENS = "GOLIVE_API_TOKENS"
BASE_URL = "GOLIVE_BASE_URL"
ALERTS_FILE = "GOLIVE_ALERTS"


def setting(name: str, default: Any = None) -> Any:
    """The value of a GOLIVE_* setting: parsed by the registry when declared there, else the raw environment."""
    if name in settings.BY_NAME:
        value = settings.value(name)
        return default if value is None else value
    raw = os.environ.get(name, "").strip()
    return raw or default


def secret(name: str) -> str | None:
    """A secret named by a config file (an SMTP password, a webhook URL): read from the environment only."""
    raw = os.environ.get(name, "").strip()
    return raw or None
