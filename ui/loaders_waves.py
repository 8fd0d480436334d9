"""Cached loaders for «Bølger» and «Gevinster», the go-live filter's list, and the owners' measurement form."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analysis.clock import Now, resolve_now
from analysis.config import now_override
from analysis.filters import Filters
from analysis.queries import common_queries, waves_queries
from analysis.views.benefits_view import BenefitsView, MeasurementResult, add_measurement, build_benefits_view
from analysis.views.waves_view import WavesView, build_waves_view
from ui import auth

TTL = 60


@st.cache_data(ttl=TTL, max_entries=8, show_spinner=False)
def load_go_lives(path: str) -> pd.DataFrame:
    """The go-lives for the sidebar's filter (empty before any go-live is registered)."""
    try:
        return waves_queries.query_go_lives(path)
    except Exception:  # noqa: BLE001 - a file not yet migrated has no go_lives table: no filter then
        return pd.DataFrame(columns=["id", "label"])


def _now(path: str) -> Now:
    """'Now' as every page resolves it (override, newest demo data, real clock)."""
    span = common_queries.query_data_span(path)
    return resolve_now(common_queries.query_meta(path), span.newest, now_override())


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False)
def load_waves_view(path: str, f: Filters) -> WavesView:
    """Load «Bølger»."""
    return build_waves_view(path, f, _now(path))


@st.cache_data(ttl=TTL, max_entries=32, show_spinner=False)
def load_benefits_view(path: str, f: Filters) -> BenefitsView:
    """Load «Gevinster»."""
    return build_benefits_view(path, f, _now(path))


def send_measurement(path: str, benefit: str | None, day: dt.date, value: str,
                     comment: str | None) -> MeasurementResult:
    """Store a measurement as the logged-in user; audited; caches dropped."""
    principal = auth.current_principal()
    result = add_measurement(path, benefit, day, value, comment, principal.user, _now(path).ts.date(), principal)
    if result.ok:
        auth.record(path, "benefit", f"gevinst: {benefit}", f"{day:%Y-%m-%d} · {value}")
        st.cache_data.clear()
    return result
