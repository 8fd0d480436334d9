"""Evaluate, log, send, retry: one pass of the alert loop (also `python -m analysis alerts --once`).

Order matters for "sent once": an alert and the causes it covers are stored first (one transaction), then each
channel gets one attempt and the attempt is stored. A failed attempt gets a next try at retry_base_s · 2^(n-1)
later, up to max_attempts; `retry_due` makes those tries on later passes. So a crash between storing and sending
leaves a visible, retried delivery, never a second alert for the same cause.
"""

from __future__ import annotations

import datetime as dt
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import db as store
from analysis.alerts.config import AlertConfig
from analysis.alerts.delivery import DeliveryFailed, Message, send
from analysis.alerts.evaluate import Draft, evaluate
from analysis.clock import local_now
from analysis.queries import alert_queries


@dataclass(frozen=True)
class Attempt:
    """One delivery attempt: which alert, which channel, which try, and how it went."""

    alert_id: int
    channel: str
    attempt: int
    ok: bool
    error: str | None = None
    next_try_at: dt.datetime | None = None


@dataclass
class RunReport:
    """What one pass did (or, dry, would do)."""

    now: dt.datetime
    dry_run: bool
    alerts: list[dict] = field(default_factory=list)  # id (None when dry), rule, title, body, link, items, channels
    held_back: list[dict] = field(default_factory=list)  # rule, cause, item, covered_by
    attempts: list[Attempt] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def lines(self) -> list[str]:
        """The report in Norwegian, for the command line."""
        verb = "Ville sendt" if self.dry_run else "Sendt"
        out = [f"{verb}: {a['title']} → {', '.join(a['channels']) or 'ingen kanal'}" for a in self.alerts]
        out += [f"Holdt tilbake (karantene): {h['rule']} · {h['cause']} · {h['item']}" for h in self.held_back]
        out += [f"Levering {a.channel} (varsel {a.alert_id}, forsøk {a.attempt}): "
                + ("ok" if a.ok else f"feilet: {a.error}") for a in self.attempts]
        out += [f"Advarsel: {p}" for p in self.problems]
        return out or ["Ingen nye varsler."]


def backoff(config: AlertConfig, attempt: int, at: dt.datetime) -> dt.datetime | None:
    """When to try again after failed attempt number `attempt` (None: give up)."""
    if attempt >= config.max_attempts:
        return None
    return at + dt.timedelta(seconds=config.retry_base_s * 2 ** (attempt - 1))


def run_once(config: AlertConfig, db: str | Path | None = None, now: dt.datetime | None = None,
             dry_run: bool = False, lock: AbstractContextManager | None = None) -> RunReport:
    """Evaluate every rule now, store and send the alerts (unless dry), then make the retries that are due.

    `lock` (the service's write lock) is held while evaluating and storing, never while a channel is contacted.
    """
    lock = lock or nullcontext()
    real_now = local_now()
    when = now or real_now
    report = RunReport(when, dry_run, problems=list(config.problems))
    with lock:
        drafts = evaluate(config, when, real_now, db).drafts
        stored = [(d, None if dry_run else _store(d, real_now, db)) for d in drafts]
    for d, alert_id in stored:
        report.held_back += [{"rule": d.rule.id, "cause": f.cause, "item": f.item, "covered_by": alert_id}
                             for f, alert_id in d.held_back]
        if d.sendable:
            report.alerts.append({"id": alert_id, "rule": d.rule.id, "title": d.title, "body": d.body,
                                  "link": d.link, "items": [f.item for f in d.findings],
                                  "channels": list(d.rule.channels)})
        if alert_id is None:
            continue
        message = Message(alert_id, d.rule.id, d.title, d.body, d.link, real_now.isoformat(timespec="seconds"),
                          tuple(f.item for f in d.findings))
        for name in d.rule.channels:
            report.attempts.append(_attempt(config, name, message, 1, db, lock))
    if not dry_run:
        report.attempts += retry_due(config, db, lock)
    return report


def _store(d: Draft, real_now: dt.datetime, db: str | Path | None) -> int | None:
    """Store the alert (when anything is sendable) and every cause it covers or holds back; return its id."""

    def work(con) -> int | None:  # noqa: ANN001 - a DuckDB connection inside analysis.db.write
        """One transaction: the alert, its causes, the held-back causes."""
        alert_id = None
        if d.sendable:
            alert_id = alert_queries.insert_alert(
                con, real_now, d.rule.id, d.title, d.body, d.link,
                list(dict.fromkeys(f.cause for f in d.findings)), [f.item for f in d.findings])
            alert_queries.insert_causes(con, d.rule.id, [(f.cause, f.item) for f in d.findings], alert_id,
                                        real_now, suppressed=False)
        for f, covered_by in d.held_back:
            alert_queries.insert_causes(con, d.rule.id, [(f.cause, f.item)], covered_by, real_now, suppressed=True)
        return alert_id

    return store.write(work, db)


def _attempt(config: AlertConfig, channel_name: str, message: Message, attempt: int,
             db: str | Path | None, lock: AbstractContextManager) -> Attempt:
    """Make one attempt on a channel and store how it went."""
    channel = config.channels.get(channel_name)
    error = None
    try:
        if channel is None:
            raise DeliveryFailed(f"kanalen «{channel_name}» finnes ikke lenger i varslingsfilen")
        send(channel, message)
    except DeliveryFailed as exc:
        error = str(exc)
    at = local_now()
    next_try = backoff(config, attempt, at) if error else None
    result = Attempt(message.alert_id, channel_name, attempt, error is None, error, next_try)
    with lock:
        store.write(lambda con: alert_queries.insert_attempt(con, message.alert_id, channel_name, attempt, at,
                                                             result.ok, error, next_try), db)
    return result


def retry_due(config: AlertConfig, db: str | Path | None = None,
              lock: AbstractContextManager | None = None, now: dt.datetime | None = None) -> list[Attempt]:
    """Try again every failed delivery whose next try is due at `now` (the real clock unless given)."""
    lock = lock or nullcontext()
    with lock:
        due = alert_queries.query_due_retries(now or local_now(), db)
    out = []
    for row in due.to_dict("records"):
        created = row.get("created_at")
        message = Message(int(row["alert_id"]), str(row["rule"]), str(row["title"]), str(row["body"]),
                          str(row["link"] or ""), "" if created is None or pd.isna(created)
                          else pd.Timestamp(created).isoformat())
        out.append(_attempt(config, str(row["channel"]), message, int(row["attempt"]) + 1, db, lock))
    return out
