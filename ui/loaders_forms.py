"""Cached loaders and actions for the two form pages (daily report, import): plain arguments in, data out."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import streamlit as st

from analysis import access
from analysis.importers import ReportResult, submit_report
from analysis.views.import_view import KindHelp, build_kind_help
from analysis.views.report_view import TEXT_COLUMN, ReportHistory, build_report_history
from ui import auth

TTL_HISTORY = 20



def user_units() -> tuple[str, ...] | None:
    """The units the logged-in user reports for (a unit leader's own), or None: every unit (support center)."""
    principal = auth.current_principal()
    if access.SUPPORT in principal.roles or access.LEADER not in principal.roles:
        return None
    return tuple(sorted(principal.units)) or None


@st.cache_data(ttl=TTL_HISTORY, max_entries=32, show_spinner=False)
def _load_report_history(path: str, unit: str) -> ReportHistory:
    """Read a unit's report history by report date (cached; the same for every reader)."""
    return build_report_history(path, unit)


def load_report_history(path: str, unit: str) -> ReportHistory:
    """Load a unit's report history; its text only for a reader of the unit (as ui.loaders did for the old one)."""
    principal = auth.current_principal()
    history = _load_report_history(path, unit)
    if access.can_read_text(principal, unit):
        auth.record_once(path, "view_text", f"Rapporthistorikk: {unit}")
        return history
    table = access.redact_text(history.table.assign(unit=unit), principal, "unit", (TEXT_COLUMN,))
    return replace(history, table=table.drop(columns="unit"))


def send_report(path: str, unit: str | None, status: str | None, mood: int | None, text: str | None,
                day: dt.date | None) -> ReportResult:
    """Store a report as the logged-in user (refused for another unit's leader); audited; caches dropped."""
    principal = auth.current_principal()
    if unit:
        access.require_report(principal, unit)
    result = submit_report(unit or "", status or "", mood, text or "", day=day, db=path, author=principal.user)
    if result.stored:
        auth.record(path, "report", result.unit, f"{result.day:%Y-%m-%d} · {result.status}")
        st.cache_data.clear()
    return result


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def load_kind_help(kind: str) -> KindHelp:
    """Load one import kind's column guide, template and example (no database: they come from the spec)."""
    return build_kind_help(kind)
