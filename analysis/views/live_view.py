"""Live — Supportsenteret nå: everything the live page shows at 'now', decided here."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from analysis import access, config
from analysis.clock import Now, resolve_now, staleness_minutes
from analysis.filters import Filters
from analysis.fmt import WEEKDAYS, fmt_date, fmt_datetime, fmt_int, fmt_pct, fmt_polarity
from analysis.queries import common_queries, live_queries
from analysis.rules import UnitAttention, load_rules, units_needing_attention
from analysis.views.follow_up_view import Queue, build_queue
from analysis.views.tiles import Tile, change_tile

# Cards are heavy to draw: the newest ones on screen, the whole list as CSV.
FOLLOW_UP_SHOWN = 10
FEED_LIMIT = 30
ATTENTION_SHOWN = 12

T = {
    "tickets": "Saker i dag",
    "vs_yesterday": "mot samme tid i går",
    "vs_weekday": "mot samme tid {w} forrige uke",
    "open": "Åpne saker nå",
    "vs_24h": "mot for 24 timer siden",
    "mood": "Stemning i dag (−1 til +1)",
    "mood_help": "Snitt av {n} chatmeldinger i dag.",
    "active": "Aktive brukere av ansatte",
    "active_desc": "{a} av {s} · {d}",
    "active_vs": "{a} av {s} · {d}, mot {w} forrige uke ({p})",
    "portal": "Innlogget i HelsaMi",
    "vs_day_before": "mot dagen før",
    "newest": "nyeste data {t}",
    "demo": "Demodata: «nå» er siste tidspunkt i dataene ({t}). Sett «Til dato» for å spille av en tidligere dag.",
    "override": "«Nå» er satt fast til {t} (GOLIVE_NOW).",
    "stale": "Ingen nye data på {m} – siste registrering {t}. Sjekk importen.",
    "follow_more": "Viser de {n} første av {total}; hele køen på siden «Oppfølging» og i CSV-filen.",
}


@dataclass(frozen=True)
class LiveView:
    """The live page at one moment: header notes, tiles, follow-up list, units needing attention, chart, feed."""

    now: Now
    newest: dt.datetime | None
    n_units: int
    has_data: bool
    newest_text: str | None
    now_note: str | None
    stale_warning: str | None
    tiles: tuple[Tile, ...]
    queue: Queue
    queue_shown: int
    queue_more: str | None
    attention: tuple[UnitAttention, ...]
    hourly: pd.DataFrame
    hourly_start: dt.datetime
    hourly_end: dt.datetime
    events: pd.DataFrame
    feed: pd.DataFrame


def resolve_live_now(db: str | Path, until: dt.date | None = None, override: dt.datetime | None = None,
                     newest: dt.datetime | None = None) -> Now:
    """Return the live page's 'now': --now or GOLIVE_NOW, the newest data time in the demo, else the clock.

    `newest` saves a second read of the data span when the caller has it already.
    """
    meta = common_queries.query_meta(db)
    if newest is None:
        newest = common_queries.query_data_span(db).newest
    return resolve_now(meta, newest, override if override is not None else config.now_override(), until=until)


def build_tiles(t: live_queries.LiveTiles) -> tuple[Tile, ...]:
    """Return the five headline tiles: tickets today, open now, mood today, adoption, portal log-ins.

    Tickets and active users have a weekly rhythm (weekends are quiet), so they are compared with the same
    weekday a week earlier; the backlog, the mood and the portal's running total are compared with the day before.
    """
    weekday = WEEKDAYS[t.now.weekday()]
    tickets_change = t.tickets_today - t.tickets_week_ago if t.tickets_week_ago is not None else None
    mood_change = (t.mood_today - t.mood_yesterday
                   if t.mood_today is not None and t.mood_yesterday is not None else None)
    share = t.active_users / t.staff if t.active_users is not None and t.staff else None
    prev = t.active_week_ago / t.staff if t.active_week_ago is not None and t.staff else None
    active_desc = None
    if share is not None:
        parts = dict(a=fmt_int(t.active_users), s=fmt_int(t.staff), d=fmt_date(t.active_day))
        active_desc = (T["active_vs"].format(**parts, w=WEEKDAYS[t.active_day.weekday()], p=fmt_pct(prev))
                       if prev is not None else T["active_desc"].format(**parts))
    share_change = 100 * (share - prev) if share is not None and prev is not None else None
    portal_change = (t.portal_logins - t.portal_prev
                     if t.portal_logins is not None and t.portal_prev is not None else None)
    return (
        change_tile("tickets", T["tickets"], fmt_int(t.tickets_today), tickets_change,
                    inverse=True, description=T["vs_weekday"].format(w=weekday)),
        change_tile("open", T["open"], fmt_int(t.open_now), t.open_now - t.open_24h_ago, inverse=True,
                    description=T["vs_24h"]),
        change_tile("mood", T["mood"], fmt_polarity(t.mood_today), mood_change, 2, description=T["vs_yesterday"],
                    help=T["mood_help"].format(n=fmt_int(t.messages_today))),
        change_tile("active", T["active"], fmt_pct(share), share_change, 1, " pp", description=active_desc),
        change_tile("portal", T["portal"], fmt_int(t.portal_logins), portal_change, description=T["vs_day_before"]),
    )


def _now_note(now: Now) -> str | None:
    """Say why 'now' is not the real clock."""
    if now.mode == "demo":
        return T["demo"].format(t=fmt_datetime(now.ts))
    if now.mode == "override":
        return T["override"].format(t=fmt_datetime(now.ts))
    return None


def _stale(newest: dt.datetime | None, now: dt.datetime) -> str | None:
    """Warn when no new data has come in for longer than the configured number of minutes."""
    age = staleness_minutes(newest, now)
    if newest is None or age is None or age <= config.stale_minutes():
        return None
    txt = f"{fmt_int(age)} minutter" if age < 180 else f"{fmt_int(age / 60)} timer"
    return T["stale"].format(m=txt, t=fmt_datetime(newest, year=True))


def build_live_view(db: str | Path, f: Filters, now: Now | dt.datetime | None = None) -> LiveView:
    """Return everything the live page shows at `now` (default: the page's own 'now', see resolve_live_now)."""
    rules = load_rules()
    newest = common_queries.query_data_span(db).newest
    if isinstance(now, Now):
        moment = now
    else:
        moment = Now(now, "override") if now is not None else resolve_live_now(db, f.end, newest=newest)
    ts = moment.ts
    n_units = len(common_queries.query_units(db))
    hour = ts.replace(minute=0, second=0, microsecond=0)
    base = dict(now=moment, newest=newest, n_units=n_units,
                newest_text=T["newest"].format(t=fmt_datetime(newest, year=True)) if newest else None,
                now_note=_now_note(moment), hourly_start=hour - dt.timedelta(hours=24),
                hourly_end=hour + dt.timedelta(hours=1))
    if newest is None:
        empty = pd.DataFrame()
        return LiveView(**base, has_data=False, stale_warning=None, tiles=(), queue=build_queue(db, f, ts),
                        queue_shown=0, queue_more=None, attention=(), hourly=empty, events=empty, feed=empty)
    queue = build_queue(db, f, ts)
    total = len(queue.items)
    a = rules.attention
    signals = live_queries.query_unit_signals(f, ts, a.stemning_timer, a.saker_timer, a.grunnlinje_dager, db)
    attention = units_needing_attention(a, signals.to_dict("records"), ts.date())
    return LiveView(
        **base, has_data=True, stale_warning=_stale(newest, ts),
        tiles=build_tiles(live_queries.query_live_tiles(f, ts, db)),
        queue=queue, queue_shown=min(total, FOLLOW_UP_SHOWN),
        queue_more=(T["follow_more"].format(n=FOLLOW_UP_SHOWN, total=fmt_int(total))
                    if total > FOLLOW_UP_SHOWN else None),
        attention=tuple(attention[:ATTENTION_SHOWN]),
        hourly=live_queries.query_hourly_sentiment(f, ts, path=db),
        events=common_queries.query_events(f, db),
        feed=live_queries.query_feed(f, ts, FEED_LIMIT, path=db),
    )


def for_reader(view: LiveView, p: access.Principal) -> LiveView:
    """The view as `p` may see it: the queue's and the feed's message text only for units `p` may read.

    A hidden item keeps its unit, time, kind and status; its reason loses the words it quotes. The cached view is
    built once for every reader and narrowed here, outside the cache.
    """
    items = access.redact_text(view.queue.items, p, "unit", ("text",), ("evidence", "comment"),
                               ("reason", "safety_reason"))
    feed = access.redact_text(view.feed, p, "unit", ("text",))
    if items is view.queue.items and feed is view.feed:
        return view
    return replace(view, queue=replace(view.queue, items=items), feed=feed)


def text_units(view: LiveView, p: access.Principal) -> list[str]:
    """The units whose message text the view shows `p` (for the audit row; empty: no text shown)."""
    units = {str(u) for df in (view.queue.items, view.feed) if "unit" in df.columns for u in df["unit"].dropna()}
    return sorted(u for u in units if access.can_read_text(p, u))
