"""Cached loaders for the pages: plain arguments in, data out; a fresh short connection per load."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analysis.clock import Now
from analysis.config import db_path, now_override
from analysis.filters import Filters
from analysis.follow_up import ActionResult, record_action
from analysis.queries import (
    common_queries,
    drilldown_queries,
    units_queries,
)
from analysis.views.adoption_view import (
    AdoptionDrill,
    AdoptionView,
    adoption_day_rows,
    adoption_unit_rows,
    build_adoption_view,
)
from analysis.views.follow_up_view import FollowUpView, build_follow_up_view, item_history_table
from analysis.views.live_view import LiveView, build_live_view, resolve_live_now
from analysis.views.overview_view import OverviewView, build_overview_view
from analysis.views.support_view import SupportView, TicketRows, build_support_view, ticket_rows
from analysis.views.units_view import UnitsView, build_units_view
from analysis.views.weekly_view import WeeklyView, build_weekly_view

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
def load_overview_view(path: str, f: Filters) -> OverviewView:
    """Load everything the overview page shows."""
    return build_overview_view(path, f)


# Live loaders use a short ttl: at or below the shortest refresh interval.
TTL_NOW = 5


@st.cache_data(ttl=TTL_NOW, max_entries=64, show_spinner=False)
def load_live_view(path: str, f: Filters, now: Now) -> LiveView:
    """Load everything the live page shows at `now`."""
    return build_live_view(path, f, now)


def live_now(path: str, until: dt.date | None = None) -> Now:
    """Return the live page's 'now' (GOLIVE_NOW, the newest data time for demo data, else the clock)."""
    return _live_now(path, until, now_override())


@st.cache_data(ttl=TTL_NOW, max_entries=8, show_spinner=False)
def _live_now(path: str, until: dt.date | None, override: dt.datetime | None) -> Now:
    """Resolve 'now' once per few seconds; the override is part of the key so a changed GOLIVE_NOW counts."""
    return resolve_live_now(path, until, override)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_units_view(path: str, f: Filters, focus: str | None) -> UnitsView:
    """Load everything the units page shows, with `focus` as the unit in focus."""
    return build_units_view(path, f, focus=focus)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_adoption_view(path: str, f: Filters, target: float) -> AdoptionView:
    """Load everything the adoption page shows against `target` (a share of staff)."""
    return build_adoption_view(path, f, target=target)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_adoption_day_rows(path: str, f: Filters, day: dt.date | None) -> AdoptionDrill:
    """Load every unit's adoption on a clicked day."""
    return adoption_day_rows(path, f, day)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_adoption_unit_rows(path: str, f: Filters, unit: str) -> AdoptionDrill:
    """Load a clicked unit's adoption per day."""
    return adoption_unit_rows(path, f, unit)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_support_view(path: str, f: Filters) -> SupportView:
    """Load everything the support page shows."""
    return build_support_view(path, f)


@st.cache_data(ttl=TTL_NOW, max_entries=128, show_spinner=False)
def load_ticket_drill(path: str, f: Filters, chart: str, datum: dict, by: str | None = None) -> TicketRows | None:
    """Load the tickets behind a clicked datum of a support chart (`by`: the mix shown)."""
    return ticket_rows(path, f, chart, datum, by)


@st.cache_data(ttl=TTL_NOW, max_entries=128, show_spinner=False)
def load_messages_behind(path: str, f: Filters, sel: drilldown_queries.MessageSelection) -> drilldown_queries.Behind:
    """Load the messages and reports behind a clicked mark."""
    return drilldown_queries.query_messages_behind(f, sel, path=path)


@st.cache_data(ttl=3600, max_entries=2, show_spinner=False)
def load_theme_labels() -> dict[str, str]:
    """Load the display names of the themes."""
    from analysis.text.sentiment import theme_labels

    return theme_labels()


@st.cache_data(ttl=TTL_LIVE, max_entries=64, show_spinner=False)
def load_report_history(path: str, unit: str, limit: int = 14) -> pd.DataFrame:
    """Load a unit's latest daily reports for the report form's history."""
    return units_queries.query_report_history(unit, limit, path)


# --- Ukemøte: the week's view, its exports, and the meeting notes ------------------------------------------------
@st.cache_data(ttl=TTL_SLOW, max_entries=32, show_spinner=False)
def load_weekly_view(path: str, week: str | None) -> WeeklyView:
    """Load everything the weekly page shows for `week` as asked (None or invalid: the last full week)."""
    return build_weekly_view(path, None, None, week)


@st.cache_data(ttl=TTL_SLOW, max_entries=12, show_spinner=False)
def load_export(path: str, week: str, fmt: str) -> bytes:
    """Build one export (pptx, pdf or html) of the cached weekly view's summary and return its bytes."""
    import tempfile
    from pathlib import Path

    from analysis.weekly.exports import export_week

    summary = load_weekly_view(path, week).summary
    with tempfile.TemporaryDirectory() as tmp:
        return export_week(summary, fmt, Path(tmp) / f"ukemote.{fmt}").read_bytes()


def save_note(path: str, week: str, kind: str, text: str, author: str | None) -> int:
    """Store a meeting note and drop the cached weekly views and exports so they show it at once."""
    from analysis.queries.weekly_queries import insert_note

    note_id = insert_note(week, kind, text, author, path)
    load_weekly_view.clear()
    load_export.clear()
    return note_id


@st.cache_data(ttl=TTL_NOW, max_entries=32, show_spinner=False)
def load_follow_up_view(path: str, f: Filters, now: Now, search: str | None) -> FollowUpView:
    """Load the follow-up queue page at `now`, with closed items matching `search`."""
    return build_follow_up_view(path, f, now, search)


def act_on_item(path: str, item: str, action: str, person: str, comment: str | None, current: str) -> ActionResult:
    """Store a queue action and drop the cached views, so everyone sees the new status at the next refresh."""
    result = record_action(item, action, person, comment, current, path)
    load_follow_up_view.clear()
    load_live_view.clear()
    return result


@st.cache_data(ttl=TTL_NOW, max_entries=64, show_spinner=False)
def load_item_history(path: str, item: str) -> pd.DataFrame:
    """Load one queue item's status changes as a display table."""
    return item_history_table(path, item)
