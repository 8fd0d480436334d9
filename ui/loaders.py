"""Cached loaders for the pages: plain arguments in, data out; a fresh short connection per load.

Loaders that hand out message text (drill-downs, the live feed, the follow-up queue, ticket summaries, report
history, the unit cards' report text) pass it through the session's role (`analysis.access.redact_text`, or the
view's `for_reader`) and leave one audit row per session and selection ("view_text") when some text was shown;
the cached part underneath never depends on who asks.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

import pandas as pd
import streamlit as st

from analysis import access
from analysis.access import RoleBook
from analysis.clock import Now
from analysis.config import db_path, now_override
from analysis.filters import Filters
from analysis.follow_up import ActionResult, record_action
from analysis.queries import (
    common_queries,
    drilldown_queries,
    units_queries,
)
from analysis.queries.audit_queries import AuditFilter
from analysis.views import live_view, units_view
from analysis.views.adoption_view import (
    AdoptionDrill,
    AdoptionView,
    adoption_day_rows,
    adoption_unit_rows,
    build_adoption_view,
)
from analysis.views.alerts_view import AlertsView, build_alerts_view
from analysis.views.feeds_view import FeedStatus, build_feed_status
from analysis.views.follow_up_view import FollowUpView, build_follow_up_view, item_history_table
from analysis.views.live_view import LiveView, build_live_view, resolve_live_now
from analysis.views.overview_view import OverviewView, build_overview_view
from analysis.views.support_view import SupportView, TicketRows, build_support_view, ticket_rows
from analysis.views.units_view import UnitsView, build_units_view
from analysis.views.weekly_view import WeeklyView, build_weekly_view
from ui import auth

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
def _load_live_view(path: str, f: Filters, now: Now) -> LiveView:
    """Build the live page's view (cached)."""
    return build_live_view(path, f, now)


def load_live_view(path: str, f: Filters, now: Now) -> LiveView:
    """Load everything the live page shows at `now`, its message text as the role allows.

    The feed and the queue are message text: one audit row per session and filter when any text is shown.
    """
    principal = auth.current_principal()
    view = live_view.for_reader(_load_live_view(path, f, now), principal)
    if live_view.text_units(view, principal):
        auth.record_once(path, "view_text", "Live: meldinger og oppfølgingsliste", describe_filters(f))
    return view


load_live_view.clear = _load_live_view.clear  # type: ignore[attr-defined]


def describe_filters(f: Filters) -> str:
    """The filters in words for an audit row: period, area, unit."""
    parts = [f"{f.start or '…'}–{f.end or '…'}"]
    parts += [x for x in (f.area, f.unit) if x]
    return " · ".join(parts)


def live_now(path: str, until: dt.date | None = None) -> Now:
    """Return the live page's 'now' (GOLIVE_NOW, the newest data time for demo data, else the clock)."""
    return _live_now(path, until, now_override())


@st.cache_data(ttl=TTL_NOW, max_entries=8, show_spinner=False)
def _live_now(path: str, until: dt.date | None, override: dt.datetime | None) -> Now:
    """Resolve 'now' once per few seconds; the override is part of the key so a changed GOLIVE_NOW counts."""
    return resolve_live_now(path, until, override)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def _load_units_view(path: str, f: Filters, focus: str | None) -> UnitsView:
    """Build the units page's view (cached, for every role alike)."""
    return build_units_view(path, f, focus=focus)


def load_units_view(path: str, f: Filters, focus: str | None) -> UnitsView:
    """Load everything the units page shows, with `focus` as the unit in focus; report text as the role allows."""
    return units_view.for_reader(_load_units_view(path, f, focus), auth.current_principal())


load_units_view.clear = _load_units_view.clear  # type: ignore[attr-defined]


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


TICKET_UNIT, TICKET_TEXT = "Enhet", "Oppsummering"


@st.cache_data(ttl=TTL_NOW, max_entries=128, show_spinner=False)
def _load_ticket_drill(path: str, f: Filters, chart: str, datum: dict, by: str | None = None) -> TicketRows | None:
    """Build the tickets behind a clicked datum (cached, for every role alike)."""
    return ticket_rows(path, f, chart, datum, by)


def load_ticket_drill(path: str, f: Filters, chart: str, datum: dict, by: str | None = None) -> TicketRows | None:
    """Load the tickets behind a clicked datum of a chart (`by`: the mix shown); summaries as the role allows."""
    found = _load_ticket_drill(path, f, chart, datum, by)
    if found is None:
        return None
    principal = auth.current_principal()
    # The rows are already a display table (analysis.views.tables.tickets_table): Norwegian column names.
    rows = access.redact_text(found.behind.rows, principal, TICKET_UNIT, (TICKET_TEXT,))
    _record_text(path, f"Saker: {found.title}", rows, principal, TICKET_UNIT)
    return dataclasses.replace(found, behind=dataclasses.replace(found.behind, rows=rows))


@st.cache_data(ttl=TTL_NOW, max_entries=128, show_spinner=False)
def _load_messages_behind(path: str, f: Filters, sel: drilldown_queries.MessageSelection) -> drilldown_queries.Behind:
    """Collect the messages and reports behind a clicked mark (cached, for every role alike)."""
    return drilldown_queries.query_messages_behind(f, sel, path=path)


def load_messages_behind(path: str, f: Filters, sel: drilldown_queries.MessageSelection) -> drilldown_queries.Behind:
    """Load the messages and reports behind a clicked mark; other units' text hidden from a unit leader.

    One audit row per session and selection records which units' text was shown.
    """
    behind = _load_messages_behind(path, f, sel)
    principal = auth.current_principal()
    rows = access.redact_text(behind.rows, principal, "unit", ("text",), ("evidence",), ("safety_reason",))
    _record_text(path, f"Drill-down: {describe_selection(sel, f)}", rows, principal)
    return dataclasses.replace(behind, rows=rows)


T = {
    "hidden_all": "Meldingsteksten er skjult: du ser bare tall for enheter som ikke er dine. Tekst, «Hvorfor» og "
                  "sitater vises bare for {own}.",
    "hidden_some": "Teksten er skjult i {n} av radene: de er fra enheter som ikke er dine. Tekst, «Hvorfor» og "
                   "sitater vises bare for {own}.",
    "hidden_wall": "Meldingstekst vises ikke på veggskjermen; her er bare tall.",
    "no_units": "ingen enheter (be en administrator føre enhetene dine inn i rollefilen)",
}


def hidden_note(rows: pd.DataFrame, unit_col: str = "unit") -> str | None:
    """A Norwegian note under a list whose text is (partly) hidden from the session's role, or None."""
    principal = auth.current_principal()
    n = access.hidden_count(rows, principal, unit_col)
    if not n:
        return None
    if access.hidden_text(principal) == access.HIDDEN_TEXT_WALL:
        return T["hidden_wall"]
    own = ", ".join(sorted(principal.units)) or T["no_units"]
    return (T["hidden_all"] if n == len(rows) else T["hidden_some"]).format(n=n, own=own)


def describe_selection(sel: drilldown_queries.MessageSelection, f: Filters) -> str:
    """A clicked selection in words for an audit row (only the parts that are set)."""
    parts = [f"{k}={v}" for k, v in dataclasses.asdict(sel).items() if v is not None and k != "include_reports"]
    return ", ".join(parts) or describe_filters(f)


def _record_text(path: str, target: str, rows: pd.DataFrame, principal: access.Principal,
                 unit_col: str = "unit") -> None:
    """Write the view_text row of a list once per session and selection, naming the units whose text it showed.

    A list whose every text was hidden showed figures only: no row (nothing sensitive was read).
    """
    if rows.empty or unit_col not in rows.columns:
        return
    units = sorted({str(u) for u in rows[unit_col].dropna().unique() if access.can_read_text(principal, u)})
    if not units:
        return
    shown = ", ".join(units[:20]) + (f" og {len(units) - 20} til" if len(units) > 20 else "")
    auth.record_once(path, "view_text", target, f"tekst fra: {shown}")


@st.cache_data(ttl=3600, max_entries=2, show_spinner=False)
def load_theme_labels() -> dict[str, str]:
    """Load the display names of the themes."""
    from analysis.text.sentiment import theme_labels

    return theme_labels()


@st.cache_data(ttl=TTL_LIVE, max_entries=64, show_spinner=False)
def _load_report_history(path: str, unit: str, limit: int = 14) -> pd.DataFrame:
    """Read a unit's latest daily reports (cached)."""
    return units_queries.query_report_history(unit, limit, path)


def load_report_history(path: str, unit: str, limit: int = 14) -> pd.DataFrame:
    """Load a unit's latest daily reports for the report form's history; their text only for a reader of the unit."""
    principal = auth.current_principal()
    rows = _load_report_history(path, unit, limit)
    if access.can_read_text(principal, unit):
        auth.record_once(path, "view_text", f"Rapporthistorikk: {unit}")
        return rows
    return access.redact_text(rows.assign(unit=unit), principal, "unit", ("text",)).drop(columns="unit")


load_report_history.clear = _load_report_history.clear  # type: ignore[attr-defined]


# --- Ukemøte: the week's view, its exports, and the meeting notes ------------------------------------------------
@st.cache_data(ttl=TTL_SLOW, max_entries=32, show_spinner=False)
def load_weekly_view(path: str, week: str | None, go_live: int | None = None) -> WeeklyView:
    """Load everything the weekly page shows for `week` as asked (None or invalid: the last full week)."""
    return build_weekly_view(path, Filters(go_live=go_live), None, week)


@st.cache_data(ttl=TTL_SLOW, max_entries=12, show_spinner=False)
def load_export(path: str, week: str, fmt: str, go_live: int | None = None) -> bytes:
    """Build one export (pptx, pdf or html) of the cached weekly view's summary and return its bytes."""
    import tempfile
    from pathlib import Path

    from analysis.weekly.exports import export_week

    summary = load_weekly_view(path, week, go_live).summary
    with tempfile.TemporaryDirectory() as tmp:
        return export_week(summary, fmt, Path(tmp) / f"ukemote.{fmt}").read_bytes()


def save_note(path: str, week: str, kind: str, text: str, author: str | None, go_live: int | None = None) -> int:
    """Store a meeting note (admin only; author: the log-in unless given), audit it, and drop the cached views."""
    from analysis.queries.weekly_queries import insert_note

    principal = auth.current_principal()
    access.require(principal, "note")
    if principal.source == "oidc":  # with a log-in the note's author is who is logged in, not a typed name
        author = principal.name
    note_id = insert_note(week, kind, text, author, path, go_live=go_live)
    auth.record(path, "note", f"ukemøte {week}", f"{kind} nr. {note_id}")
    load_weekly_view.clear()
    load_export.clear()
    return note_id


def record_download(path: str, what: str, target: str | None = None) -> None:
    """Write the audit row of a download or export (st.download_button's on_click)."""
    action = "export" if what in ("pptx", "pdf", "html") else "download"
    auth.record(path, action, target or what, what)


@st.cache_data(ttl=TTL_NOW, max_entries=32, show_spinner=False)
def _load_follow_up_view(path: str, f: Filters, now: Now, search: str | None) -> FollowUpView:
    """Build the follow-up queue page's view (cached)."""
    return build_follow_up_view(path, f, now, search)


def load_follow_up_view(path: str, f: Filters, now: Now, search: str | None) -> FollowUpView:
    """Load the follow-up queue page at `now`, with closed items matching `search` (audited once per session)."""
    auth.record_once(path, "view_text", "Oppfølgingslisten", describe_filters(f) + (f" · søk «{search}»" if search
                                                                                     else ""))
    return _load_follow_up_view(path, f, now, search)


load_follow_up_view.clear = _load_follow_up_view.clear  # type: ignore[attr-defined]


def act_on_item(path: str, item: str, action: str, person: str, comment: str | None, current: str) -> ActionResult:
    """Store a queue action (checked against the role, audited) and drop the cached views for everyone."""
    result = record_action(item, action, person, comment, current, path, actor=auth.current_principal())
    load_follow_up_view.clear()
    load_live_view.clear()
    return result


@st.cache_data(ttl=TTL_NOW, max_entries=64, show_spinner=False)
def load_item_history(path: str, item: str) -> pd.DataFrame:
    """Load one queue item's status changes as a display table."""
    return item_history_table(path, item)


# --- roles --------------------------------------------------------------------------------------------------------
def load_roles(path: str) -> RoleBook:
    """Load the roles file (re-read when it changes on disk)."""
    from pathlib import Path

    file = Path(path)
    return _load_roles(path, file.stat().st_mtime_ns if file.exists() else 0)


@st.cache_data(ttl=TTL_SLOW, max_entries=4, show_spinner=False)
def _load_roles(path: str, mtime_ns: int) -> RoleBook:
    """Read the roles file once per version (the modification time is part of the key)."""
    return access.load_roles(path)


# --- the audit log (admin page) -----------------------------------------------------------------------------------
@st.cache_data(ttl=TTL_NOW, max_entries=16, show_spinner=False)
def load_audit(path: str, f: AuditFilter) -> tuple[pd.DataFrame, int, list[str]]:
    """Load the audit rows matching a filter (newest first), how many match in all, and every user in the log."""
    from analysis import audit

    return audit.list_rows(f, path), audit.count_rows(f, path), audit.actors(path)


@st.cache_data(ttl=TTL_SLOW, max_entries=4, show_spinner=False)
def load_audit_check(path: str, rows: int) -> int | None:
    """Check the audit log's chain once per row count: the first broken row's id, or None."""
    from analysis import audit

    return audit.verify_chain(path)


@st.cache_data(ttl=TTL_LIVE, max_entries=8, show_spinner=False)
def load_feed_status(path: str) -> FeedStatus:
    """Each source's last delivery and the quiet-source warning (real clock: deliveries are stamped with it)."""
    return build_feed_status(path)


@st.cache_data(ttl=TTL_LIVE, max_entries=8, show_spinner=False)
def load_alerts_view(path: str) -> AlertsView:
    """The alert page: recent alerts, their deliveries, held-back causes, the feeds."""
    return build_alerts_view(path)
