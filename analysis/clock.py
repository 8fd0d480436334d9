"""What 'now' is for a page: the real Norwegian clock, a fixed GOLIVE_NOW, or the newest data time in the demo."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

# Stored timestamps are naive Norwegian wall-clock times; the server may run in UTC.
LOCAL_TZ = ZoneInfo("Europe/Oslo")


def local_now() -> dt.datetime:
    """Return the current Norwegian wall-clock time as a naive datetime, like the stored data."""
    return dt.datetime.now(LOCAL_TZ).replace(tzinfo=None)


@dataclass(frozen=True)
class Now:
    """The moment a page treats as 'now', and why."""

    ts: dt.datetime
    mode: str  # 'real', 'demo' (newest data time) or 'override' (GOLIVE_NOW / --now)


def resolve_now(meta: dict[str, str], newest: dt.datetime | None, override: dt.datetime | None = None,
                real_now: dt.datetime | None = None, until: dt.date | None = None) -> Now:
    """Return 'now': an explicit override, the newest data time for demo data, else the real clock.

    With demo data an earlier 'Til dato' (`until`) replays the live page as of the end of that day.
    """
    if override is not None:
        return Now(override, "override")
    real = real_now or local_now()
    if meta.get("demo") == "1" and newest is not None:
        if until is not None and until < newest.date():
            return Now(dt.datetime.combine(until, dt.time(23, 59, 59)), "demo")
        return Now(newest, "demo")
    return Now(real, "real")


def staleness_minutes(newest: dt.datetime | None, now: dt.datetime) -> float | None:
    """Return how many minutes old the newest data is at `now` (None without data)."""
    if newest is None:
        return None
    return max(0.0, (now - newest).total_seconds() / 60)
