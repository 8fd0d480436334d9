"""Live feeds: each source's last delivery, and a warning when a source that used to deliver has gone quiet.

For the live page (a small panel) and the alert page. "Quiet" uses the kilde_stille rule of data/alerts.toml
(minutes, min_deliveries), so the page warns at the same moment the alert goes out. Deliveries are stamped with
the real clock, so "now" here is the real clock too, also when a demo replays an older day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.alerts.config import AlertConfig, load_config
from analysis.clock import local_now
from analysis.fmt import fmt_datetime, fmt_int
from analysis.importers.messages import KIND_LABELS
from analysis.queries import feed_queries

QUIET_MIN_DEFAULT = 60.0
MIN_DELIVERIES_DEFAULT = 3
T = {
    "caption": "Siste levering fra hver kilde (API og overvåket mappe). «Stille» når en kilde som pleier å levere "
               "ikke har levert på {m} min.",
    "quiet_one": "Ingen levering fra {s} på {m} min (pleide å levere). Sjekk flyten eller eksporten.",
    "quiet_many": "Ingen levering fra {n} kilder på {m} min: {s}. Sjekk flytene eller eksportene.",
    "via": {"api": "API", "mappe": "mappe"},
    "status_quiet": "stille",
    "status_ok": "leverer",
    "status_refused": "siste avvist",
    "ago": "for {m} min siden",
    "ago_h": "for {h} t siden",
}
COLUMNS = ["Kilde", "Via", "Type", "Siste levering", "Siden", "Rader", "Leveranser", "Status"]


@dataclass(frozen=True)
class FeedStatus:
    """Each source's last delivery (a table with Norwegian headers), the quiet sources and the warning to show."""

    rows: pd.DataFrame
    quiet: tuple[str, ...]
    warning: str | None
    caption: str
    checked_at: dt.datetime


def _ago(minutes: float) -> str:
    """'for 12 min siden' or 'for 3 t siden'."""
    if minutes < 120:
        return T["ago"].format(m=fmt_int(max(0, round(minutes))))
    return T["ago_h"].format(h=fmt_int(round(minutes / 60)))


def quiet_limits(config: AlertConfig) -> tuple[float, int]:
    """Minutes of silence and deliveries before that count, from the kilde_stille rule (or the defaults)."""
    rule = next((r for r in config.rules if r.type == "kilde_stille"), None)
    return (rule.minutes, rule.min_deliveries) if rule else (QUIET_MIN_DEFAULT, MIN_DELIVERIES_DEFAULT)


def build_feed_status(db: str | Path, now: dt.datetime | None = None,
                      config: AlertConfig | None = None) -> FeedStatus:
    """Each source's last delivery at `now` (the real clock by default) and which sources have gone quiet."""
    now = now or local_now()
    minutes, min_deliveries = quiet_limits(config if config is not None else load_config())
    last = feed_queries.query_last_deliveries(db)
    rows, quiet = [], []
    for r in last.to_dict("records"):
        last_at = pd.Timestamp(r["last_at"]).to_pydatetime()
        age = (now - last_at).total_seconds() / 60
        is_quiet = int(r["deliveries"]) >= min_deliveries and age >= minutes
        if is_quiet:
            quiet.append(str(r["source"]))
        status = T["status_quiet"] if is_quiet else (
            T["status_refused"] if r["last_outcome"] == "avvist" else T["status_ok"])
        rows.append([r["source"], T["via"].get(r["via"], r["via"]), KIND_LABELS.get(r["kind"], r["kind"]),
                     fmt_datetime(last_at), _ago(age), fmt_int(r["last_rows"]), fmt_int(r["deliveries"]), status])
    m = fmt_int(round(minutes))
    warning = None
    if len(quiet) == 1:
        warning = T["quiet_one"].format(s=quiet[0], m=m)
    elif quiet:
        warning = T["quiet_many"].format(n=len(quiet), m=m, s=", ".join(quiet))
    return FeedStatus(pd.DataFrame(rows, columns=COLUMNS), tuple(quiet), warning, T["caption"].format(m=m), now)
