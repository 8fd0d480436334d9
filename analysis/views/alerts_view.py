"""Varsler: recent alerts and how each delivery went (delivered, retrying, given up), held-back causes, feeds."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.alerts.config import AlertConfig, load_config
from analysis.clock import local_now
from analysis.fmt import fmt_datetime, fmt_int
from analysis.queries import alert_queries
from analysis.views.feeds_view import FeedStatus, build_feed_status

LIMIT = 50
T = {
    "caption": "De siste {n} varslene, nyeste først. Hvert varsel sendes én gang per årsak; nye funn med samme "
               "årsak innen karantenen holdes tilbake og står nederst.",
    "none": "Ingen varsler er sendt ennå.",
    "delivered": "{c}: levert",
    "retrying": "{c}: feilet ({n}/{max}), prøver igjen kl. {t}",
    "gave_up": "{c}: ga opp etter {n} forsøk",
    "gave_up_short": "gitt opp",
    "no_channel": "ingen kanal",
    "failing": "{n} varsel har leveranser som feiler. Se «Leveranser som feiler».",
    "failing_many": "{n} varsler har leveranser som feiler. Se «Leveranser som feiler».",
    "held_none": "Ingen funn holdt tilbake.",
}
ALERT_COLUMNS = ["Tidspunkt", "Varsel", "Levering", "Saker", "Holdt tilbake", "Lenke", "Regel", "Tekst"]
FAILING_COLUMNS = ["Varsel", "Kanal", "Forsøk", "Feil", "Neste forsøk"]
HELD_COLUMNS = ["Tidspunkt", "Regel", "Årsak", "Sak", "Dekket av varsel"]


@dataclass(frozen=True)
class AlertsView:
    """The alert page: the alerts table, the failing count and text, held-back causes, config problems, feeds."""

    alerts: pd.DataFrame
    failing: pd.DataFrame  # the failing deliveries with their error and next try
    n_alerts: int
    n_failing: int
    failing_text: str | None
    held_back: pd.DataFrame
    problems: tuple[str, ...]
    feeds: FeedStatus
    caption: str
    none_text: str
    held_none_text: str


def delivery_text(row: dict, max_attempts: int) -> tuple[str, bool]:
    """One channel's latest attempt in words, and whether it is failing."""
    channel, attempt = str(row["channel"]), int(row["attempt"])
    if bool(row["ok"]):
        return T["delivered"].format(c=channel), False
    next_try = row.get("next_try_at")
    if next_try is None or pd.isna(next_try):
        return T["gave_up"].format(c=channel, n=attempt), True
    when = f"{pd.Timestamp(next_try).to_pydatetime():%H:%M}"  # the full time is in the failing table
    return T["retrying"].format(c=channel, t=when, n=attempt, max=max_attempts), True


def failing_rows(deliveries: pd.DataFrame, titles: dict[int, str]) -> pd.DataFrame:
    """The deliveries whose latest attempt failed: which alert, channel, attempts, the error, the next try."""
    rows = []
    for r in deliveries.to_dict("records"):
        if bool(r["ok"]):
            continue
        next_try = r.get("next_try_at")
        when = T["gave_up_short"] if next_try is None or pd.isna(next_try) else fmt_datetime(
            pd.Timestamp(next_try).to_pydatetime())
        rows.append([titles.get(int(r["alert_id"]), str(r["alert_id"])), r["channel"], fmt_int(r["attempt"]),
                     str(r["error"] or ""), when])
    return pd.DataFrame(rows, columns=FAILING_COLUMNS)


def build_alerts_view(db: str | Path, limit: int = LIMIT, config: AlertConfig | None = None,
                      now: dt.datetime | None = None) -> AlertsView:
    """Load the recent alerts with each delivery's latest state, the held-back causes and the feed status."""
    config = config if config is not None else load_config()
    alerts, deliveries = alert_queries.query_recent_alerts(limit, db)
    by_alert: dict[int, list[tuple[str, bool]]] = {}
    for row in deliveries.to_dict("records"):
        by_alert.setdefault(int(row["alert_id"]), []).append(delivery_text(row, config.max_attempts))
    rows, failing = [], 0
    for a in alerts.to_dict("records"):
        states = by_alert.get(int(a["id"]), [])
        failing += any(bad for _, bad in states)
        rows.append([fmt_datetime(pd.Timestamp(a["created_at"]).to_pydatetime()), a["title"],
                     " · ".join(text for text, _ in states) or T["no_channel"], fmt_int(len(a["items"])),
                     fmt_int(a["held_back"]), a["link"], a["rule"], a["body"]])
    held = alert_queries.query_held_back(limit, db)
    held_rows = [[fmt_datetime(pd.Timestamp(h["seen_at"]).to_pydatetime()), h["rule"], h["cause"], h["item"],
                  "–" if h["alert_id"] is None or pd.isna(h["alert_id"]) else fmt_int(h["alert_id"])]
                 for h in held.to_dict("records")]
    failing_text = None
    if failing:
        failing_text = (T["failing"] if failing == 1 else T["failing_many"]).format(n=fmt_int(failing))
    return AlertsView(
        pd.DataFrame(rows, columns=ALERT_COLUMNS),
        failing_rows(deliveries, {int(a["id"]): str(a["title"]) for a in alerts.to_dict("records")}),
        len(rows), failing, failing_text,
        pd.DataFrame(held_rows, columns=HELD_COLUMNS), config.problems,
        build_feed_status(db, now or local_now(), config), T["caption"].format(n=fmt_int(limit)), T["none"],
        T["held_none"])
