"""Oversikt: the go-live's headline figures and daily activity under the chosen filter."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.filters import Filters
from analysis.fmt import fmt_date, fmt_int, fmt_pct, fmt_polarity
from analysis.metrics import share
from analysis.queries import common_queries
from analysis.views.tiles import Tile, note_tile

T = {
    "active": "Aktive brukere av ansatte",
    "active_value": "{a} av {s}",
    "tickets": "Supportsaker",
    "open": "{n} åpne nå",
    "messages": "Meldinger i chat",
    "mood": "Snittstemning (−1 til +1)",
    "neg": "{p} negative",
    "portal": "Innbyggere innlogget i HelsaMi",
    "per_day": "siste dag: {d}",
}


@dataclass(frozen=True)
class OverviewView:
    """The overview page: five tiles, tickets and mood per day, and the events to mark on the chart."""

    tiles: tuple[Tile, ...]
    daily: pd.DataFrame
    events: pd.DataFrame


def build_tiles(ov: common_queries.Overview) -> tuple[Tile, ...]:
    """Return the overview's five tiles: adoption, tickets, messages, mood and portal log-ins."""
    active_share = share(ov.active_users, ov.staff)
    return (
        note_tile("active", T["active"], T["active_value"].format(a=fmt_int(ov.active_users), s=fmt_int(ov.staff)),
                  fmt_pct(active_share) if active_share is not None else None,
                  help=T["per_day"].format(d=fmt_date(ov.active_day)) if ov.active_day else None),
        note_tile("tickets", T["tickets"], fmt_int(ov.tickets), T["open"].format(n=fmt_int(ov.open_tickets))),
        Tile("messages", T["messages"], fmt_int(ov.messages)),
        note_tile("mood", T["mood"], fmt_polarity(ov.mean_polarity),
                  T["neg"].format(p=fmt_pct(ov.negative_share)) if ov.negative_share is not None else None),
        Tile("portal", T["portal"], fmt_int(ov.portal_logins),
             help=T["per_day"].format(d=fmt_date(ov.portal_day)) if ov.portal_day else None),
    )


def build_overview_view(db: str | Path, f: Filters, now: object = None) -> OverviewView:
    """Return everything the overview page shows for the filter (it is about the period, not 'now')."""
    return OverviewView(
        tiles=build_tiles(common_queries.query_overview(f, db)),
        daily=common_queries.query_daily_activity(f, db),
        events=common_queries.query_events(f, db),
    )
