"""Cached loaders for the pages: plain arguments in, data out; a fresh short connection per load."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.config import db_path
from analysis.filters import Filters
from analysis.queries import common

# Live panels refresh every 30 s by default; a loader ttl at or below that keeps them current.
TTL_LIVE = 20
TTL_SLOW = 60


def current_db() -> str:
    """Return the database path the app shows (GOLIVE_DB or the default), as a cache key."""
    return str(db_path())


@st.cache_data(ttl=TTL_SLOW, max_entries=8, show_spinner=False)
def load_meta(path: str) -> dict[str, str]:
    """Load the meta table."""
    return common.query_meta(path)


@st.cache_data(ttl=TTL_SLOW, max_entries=8, show_spinner=False)
def load_units(path: str) -> pd.DataFrame:
    """Load the unit list."""
    return common.query_units(path)


@st.cache_data(ttl=TTL_LIVE, max_entries=8, show_spinner=False)
def load_data_span(path: str) -> common.DataSpan:
    """Load the period covered by the data and the newest record time."""
    return common.query_data_span(path)


@st.cache_data(ttl=TTL_LIVE, max_entries=64, show_spinner=False)
def load_overview(path: str, f: Filters) -> common.Overview:
    """Load the overview headline figures."""
    return common.query_overview(f, path)


@st.cache_data(ttl=TTL_LIVE, max_entries=64, show_spinner=False)
def load_daily_activity(path: str, f: Filters) -> pd.DataFrame:
    """Load tickets, messages and mean sentiment per day."""
    return common.query_daily_activity(f, path)


@st.cache_data(ttl=TTL_SLOW, max_entries=64, show_spinner=False)
def load_events(path: str, f: Filters) -> pd.DataFrame:
    """Load the events in the period."""
    return common.query_events(f, path)
