"""The shared filter widgets (period, service area, unit), kept in the URL and across pages."""

from __future__ import annotations

import datetime as dt

import pandas as pd
import streamlit as st

from analysis.access import Principal
from analysis.filters import Filters

ALL = "Alle"


def render_filters(units: pd.DataFrame, first_day: dt.date | None, last_day: dt.date | None,
                   go_lives: pd.DataFrame | None = None) -> Filters:
    """Draw the sidebar filters bound to query parameters and return the current Filters.

    The go-live choice appears only when the database holds more than one go-live; it narrows the units.
    """
    go_live = None
    with st.sidebar:
        st.subheader("Filter")
        if go_lives is not None and len(go_lives) > 1:
            by_label = dict(zip(go_lives["label"], go_lives["id"], strict=True))
            # The first go-live by default: a support center follows its own go-live; «Alle» sums every wave.
            chosen = st.selectbox("Go-live", [*by_label, ALL], key="golive", bind="query-params",
                                  placeholder="Velg go-live")
            go_live = None if chosen in (ALL, None) else int(by_label[chosen])
            if go_live is not None and "go_live_id" in units.columns:
                units = units[units["go_live_id"] == go_live]
    areas = sorted(units["service_area"].unique().tolist()) if len(units) else []
    with st.sidebar:
        start = end = None
        if first_day and last_day:
            st.date_input("Fra dato", value=first_day, min_value=first_day, max_value=last_day,
                          format="DD.MM.YYYY", key="fra", bind="query-params")
            st.date_input("Til dato", value=last_day, min_value=first_day, max_value=last_day,
                          format="DD.MM.YYYY", key="til", bind="query-params")
            start, end = st.session_state["fra"], st.session_state["til"]
            if start and end and start > end:
                st.warning("«Fra dato» er etter «Til dato» – perioden er snudd.")
                start, end = end, start
        area = st.selectbox("Tjenesteområde", [ALL, *areas], key="omrade", bind="query-params",
                            placeholder="Velg tjenesteområde")
        in_area = units if area == ALL else units[units["service_area"] == area]
        unit = st.selectbox("Enhet", [ALL, *in_area["name"].tolist()], key="enhet", bind="query-params",
                            placeholder="Velg enhet")
    return Filters(
        start=start, end=end,
        area=None if area == ALL else area,
        unit=None if unit in (ALL, None) else unit,
        go_live=go_live,
    )


def current_filters() -> Filters:
    """Return the filters chosen in the sidebar (set by app.py before the page runs)."""
    return st.session_state.get("_filters", Filters())


def render_user(principal: Principal, db: str) -> None:
    """Show who is logged in and with which role, and a log-out button (only with a real log-in)."""
    if principal.source != "oidc":
        return
    from ui import auth
    from ui.text import escape_md

    with st.sidebar:
        st.divider()
        st.caption(auth.T["signed_in"].format(name=escape_md(principal.name), roles=escape_md(principal.describe())))
        st.button(auth.T["logout"], on_click=auth.logout, args=(db,), icon=":material/logout:", key="logg_ut")
