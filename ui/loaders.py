"""Cached loaders for the pages: plain arguments in, data out; a fresh short connection per load."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analysis import metrics
from analysis.config import db_path
from analysis.filters import Filters
from analysis.queries import (
    adoption_queries,
    common_queries,
    drilldown_queries,
    live_queries,
    support_queries,
    units_queries,
)

# Live panels refresh every 30 s by default; a loader ttl at or below that keeps them current.
TTL_LIVE = 20
TTL_SLOW = 60


def current_db() -> str:
    """Return the database path the app shows (GOLIVE_DB or the default), as a cache key."""
    return str(db_path())


@st.cache_data(ttl=TTL_SLOW, max_entries=8, show_spinner=False)
def load_meta(path: str) -> dict[str, str]:
    """Load the meta table."""
    return common_queries.query_meta(path)


@st.cache_data(ttl=TTL_SLOW, max_entries=8, show_spinner=False)
def load_units(path: str) -> pd.DataFrame:
    """Load the unit list."""
    return common_queries.query_units(path)


@st.cache_data(ttl=TTL_LIVE, max_entries=8, show_spinner=False)
def load_data_span(path: str) -> common_queries.DataSpan:
    """Load the period covered by the data and the newest record time."""
    return common_queries.query_data_span(path)


@st.cache_data(ttl=TTL_LIVE, max_entries=64, show_spinner=False)
def load_overview(path: str, f: Filters) -> common_queries.Overview:
    """Load the overview headline figures."""
    return common_queries.query_overview(f, path)


@st.cache_data(ttl=TTL_LIVE, max_entries=64, show_spinner=False)
def load_daily_activity(path: str, f: Filters) -> pd.DataFrame:
    """Load tickets, messages and mean sentiment per day."""
    return common_queries.query_daily_activity(f, path)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_events(path: str, f: Filters) -> pd.DataFrame:
    """Load the events in the period."""
    return common_queries.query_events(f, path)


# --- Views (issue 4). Live loaders use a short ttl: at or below the shortest refresh interval. ---
TTL_NOW = 5


@st.cache_data(ttl=TTL_NOW, max_entries=64, show_spinner=False)
def load_live_tiles(path: str, f: Filters, now: dt.datetime) -> live_queries.LiveTiles:
    """Load the live headline tiles at `now`."""
    return live_queries.query_live_tiles(f, now, path)


@st.cache_data(ttl=TTL_NOW, max_entries=64, show_spinner=False)
def load_follow_up(path: str, f: Filters, now: dt.datetime) -> pd.DataFrame:
    """Load the messages that need a person (safety-flagged or strongly negative)."""
    return live_queries.query_follow_up(f, now, path=path)


@st.cache_data(ttl=TTL_NOW, max_entries=64, show_spinner=False)
def load_feed(path: str, f: Filters, now: dt.datetime, limit: int = 30) -> pd.DataFrame:
    """Load the newest chat messages."""
    return live_queries.query_feed(f, now, limit, path=path)


@st.cache_data(ttl=TTL_NOW, max_entries=64, show_spinner=False)
def load_attention(path: str, f: Filters, now: dt.datetime) -> list[metrics.Attention]:
    """Load the units that need attention now, with reasons."""
    rows = live_queries.query_unit_signals(f, now, path).to_dict("records")
    return metrics.units_needing_attention(rows, now.date())


@st.cache_data(ttl=TTL_NOW, max_entries=64, show_spinner=False)
def load_hourly_sentiment(path: str, f: Filters, now: dt.datetime) -> pd.DataFrame:
    """Load chat messages per hour and sentiment over the last day."""
    return live_queries.query_hourly_sentiment(f, now, path=path)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_unit_cards(path: str, f: Filters, end: dt.date) -> pd.DataFrame:
    """Load the unit cards with their three signals and disagreement flags."""
    cards = units_queries.query_unit_cards(f, end, path=path)
    median = cards["tickets_per_100"].median() if len(cards) else None
    cards["chat_light"] = [metrics.chat_light(p, s, n) for p, s, n in
                           zip(cards["mean_polarity"], cards["negative_share"], cards["n_messages"], strict=True)]
    cards["high_load"] = [metrics.is_high_load(v, median) for v in cards["tickets_per_100"]]
    cards["flag"] = [metrics.disagreement(s if isinstance(s, str) else None, c, h) for s, c, h in
                     zip(cards["status"], cards["chat_light"], cards["high_load"], strict=True)]
    return cards


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_unit_day_sentiment(path: str, f: Filters) -> pd.DataFrame:
    """Load the unit × day sentiment cells."""
    return units_queries.query_unit_day_sentiment(f, path)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_unit_trend(path: str, f: Filters, unit: str) -> pd.DataFrame:
    """Load one unit's daily sentiment against its service area and all units."""
    return units_queries.query_unit_trend(f, unit, path)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_unit_themes(path: str, f: Filters, unit: str) -> pd.DataFrame:
    """Load the unit's themes, most negative first."""
    return units_queries.query_unit_themes(f, unit, path)


@st.cache_data(ttl=TTL_SLOW, max_entries=8, show_spinner=False)
def load_go_live_date(path: str) -> dt.date | None:
    """Load the go-live date."""
    return adoption_queries.query_go_live_date(path)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_adoption(path: str, f: Filters) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Load adoption per day in total and per unit."""
    return adoption_queries.query_adoption_total(f, path), adoption_queries.query_adoption_units(f, path)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_adoption_day(path: str, f: Filters, day: dt.date) -> pd.DataFrame:
    """Load every unit's adoption on one day."""
    return adoption_queries.query_adoption_day(f, day, path)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_portal(path: str, f: Filters) -> pd.DataFrame:
    """Load portal log-ins per day."""
    return adoption_queries.query_portal_logins(f, path)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_support(path: str, f: Filters, end: dt.datetime | None) -> dict:
    """Load every aggregate of the support page in one go."""
    first, last = f.start, f.end
    if first is None or last is None:
        span = common_queries.query_data_span(path)
        first, last = first or span.first_day, last or span.last_day
    oc = support_queries.query_opened_closed(f, path)
    oc["ratio"] = [metrics.closure_ratio(c, o) for c, o in zip(oc["closed"], oc["opened"], strict=True)]
    return {
        "summary": support_queries.query_support_summary(f, end, path),
        "per_day": support_queries.query_tickets_per_day(f, path),
        "hour_weekday": support_queries.query_hour_weekday(f, path),
        "per_unit": support_queries.query_tickets_per_unit(f, path),
        "category": support_queries.query_mix_per_day(f, "category", path),
        "priority": support_queries.query_mix_per_day(f, "priority", path),
        "backlog": support_queries.query_backlog(f, first, last, path) if first and last else pd.DataFrame(),
        "opened_closed": oc,
        "resolve": support_queries.query_resolve_times(f, path),
    }


@st.cache_data(ttl=TTL_NOW, max_entries=128, show_spinner=False)
def load_messages_behind(path: str, f: Filters, sel: drilldown_queries.MessageSelection) -> drilldown_queries.Behind:
    """Load the messages and reports behind a clicked mark."""
    return drilldown_queries.query_messages_behind(f, sel, path=path)


@st.cache_data(ttl=TTL_NOW, max_entries=128, show_spinner=False)
def load_tickets_behind(path: str, f: Filters, sel: drilldown_queries.TicketSelection) -> drilldown_queries.Behind:
    """Load the tickets behind a clicked mark."""
    return drilldown_queries.query_tickets_behind(f, sel, path=path)


@st.cache_data(ttl=3600, max_entries=2, show_spinner=False)
def load_theme_labels() -> dict[str, str]:
    """Load the display names of the themes."""
    from analysis.text.sentiment import theme_labels

    return theme_labels()


@st.cache_data(ttl=TTL_NOW, max_entries=8, show_spinner=False)
def load_live_span(path: str) -> common_queries.DataSpan:
    """Load the data span with a short ttl, for the live page's 'now' and freshness."""
    return common_queries.query_data_span(path)


def live_now(path: str, until: dt.date | None = None) -> metrics.Now:
    """Return the live page's 'now': GOLIVE_NOW, the newest data time for demo data, else the clock."""
    from analysis.config import now_override

    return metrics.resolve_now(load_meta(path), load_live_span(path).newest, now_override(), until=until)


@st.cache_data(ttl=TTL_LIVE, max_entries=64, show_spinner=False)
def load_report_history(path: str, unit: str, limit: int = 14) -> pd.DataFrame:
    """Load a unit's latest daily reports for the report form's history."""
    return units_queries.query_report_history(unit, limit, path)
