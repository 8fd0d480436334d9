"""Trenger oppfølging: the queue of messages that need a person, for the live page and the shift lead's page."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.clock import Now
from analysis.filters import Filters
from analysis.fmt import fmt_datetime, fmt_int, fmt_polarity
from analysis.follow_up import STATUS_NB, allowed_actions
from analysis.queries import follow_up_queries
from analysis.rules import load_rules

T = {
    "caption": "Alle meldinger om pasientsikkerhet først, så sterkt negative meldinger, siste {h} timer "
               "(og eldre saker som fortsatt er under arbeid). Nyeste først.",
    "none": "Ingenting som trenger oppfølging de siste {h} timene.",
    "counts": "{s} pasientsikkerhet · {n} sterkt negative",
    "in_work": " · {t} under arbeid",
    "negative_reason": "Sterkt negativ ({p})",
    "status_line": "{s} av {who}, {t}",
    "wall_more": "Viser de {n} første av {total} (pasientsikkerhet først).",
}
# The wall screen shows this many cards of the queue (four rows of three at 1920×1080).
WALL_SHOWN = 12
KIND_SAFETY, KIND_NEGATIVE = "pasientsikkerhet", "sterkt negativ"


@dataclass(frozen=True)
class Queue:
    """The open follow-up queue at one moment: every item (safety first, newest first) and counts per kind."""

    items: pd.DataFrame  # item, kind, reason, status, status_text, ts, unit, source, role, text, polarity, …
    n_safety: int
    n_negative: int
    n_in_work: int
    hours: int
    counts_text: str
    caption: str
    none_text: str


@dataclass(frozen=True)
class FollowUpView:
    """The shift lead's page: the open queue with the actions each item allows, and the closed items found."""

    now: Now
    queue: Queue
    actions: dict[str, tuple[str, ...]]
    closed: pd.DataFrame
    search: str | None


def _status_text(row: dict) -> str:
    """Say who set an item's status and when ('Tatt av Kari, man. 9. mai kl. 14:02'), or 'Ny'."""
    if row["status"] == "ny" or pd.isna(row.get("status_at")):
        return STATUS_NB["ny"]
    when = fmt_datetime(pd.Timestamp(row["status_at"]).to_pydatetime())
    return T["status_line"].format(s=STATUS_NB.get(row["status"], row["status"]), who=row["status_by"], t=when)


def _with_reason(frame: pd.DataFrame) -> pd.DataFrame:
    """Add the reason in words and the status in words to queue rows."""
    frame = frame.copy()
    frame["reason"] = [r if s else T["negative_reason"].format(p=fmt_polarity(p))
                       for s, r, p in zip(frame["safety"], frame["safety_reason"], frame["polarity"], strict=True)]
    frame["status_text"] = [_status_text(r) for r in frame.to_dict("records")] if len(frame) else []
    return frame


def build_queue(db: str | Path, f: Filters, now: dt.datetime) -> Queue:
    """Return the open queue at `now` under the unit/area filter."""
    rules = load_rules().follow_up
    items = _with_reason(follow_up_queries.query_queue(f, now, rules.timer, rules.sterkt_negativ, db))
    n_safety = int((items["kind"] == KIND_SAFETY).sum()) if len(items) else 0
    n_in_work = int(items["status"].isin(["tatt", "avvik meldt"]).sum()) if len(items) else 0
    counts = T["counts"].format(s=fmt_int(n_safety), n=fmt_int(len(items) - n_safety))
    if n_in_work:
        counts += T["in_work"].format(t=fmt_int(n_in_work))
    return Queue(items, n_safety, len(items) - n_safety, n_in_work, rules.timer, counts,
                 T["caption"].format(h=rules.timer), T["none"].format(h=rules.timer))


def build_follow_up_view(db: str | Path, f: Filters, now: Now | dt.datetime | None = None,
                         search: str | None = None) -> FollowUpView:
    """Return the shift lead's page at `now` (default: the live page's 'now')."""
    from analysis.views.live_view import resolve_live_now

    moment = now if isinstance(now, Now) else Now(now, "override") if now is not None else resolve_live_now(db, f.end)
    queue = build_queue(db, f, moment.ts)
    actions = {r["item"]: tuple(allowed_actions(r["status"])) for r in queue.items.to_dict("records")}
    closed = _with_reason(follow_up_queries.query_closed(f, moment.ts, (search or "").strip() or None, path=db))
    return FollowUpView(moment, queue, actions, closed, search)


def wall_more_text(total: int, shown: int = WALL_SHOWN) -> str | None:
    """Say how much of the queue the wall screen shows, when it cannot show all of it."""
    return T["wall_more"].format(n=fmt_int(shown), total=fmt_int(total)) if total > shown else None


def item_history_table(db: str | Path, item: str) -> pd.DataFrame:
    """Return one item's status changes with Norwegian headers, oldest first."""
    rows = follow_up_queries.query_item_history(item, db)
    return pd.DataFrame({
        "Tid": [fmt_datetime(pd.Timestamp(t).to_pydatetime()) for t in rows["acted_at"]],
        "Status": [STATUS_NB.get(s, "Gjenåpnet") for s in rows["status"]],
        "Hvem": rows["person"],
        "Kommentar": rows["comment"].fillna(""),
    })
