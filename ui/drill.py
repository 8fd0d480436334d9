"""Drill-down glue: read a chart selection, list the rows behind it, offer them as CSV."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.queries.drilldown_queries import Behind
from analysis.views.tables import to_csv
from ui.text import escape_md

T = {
    "hint": "Klikk på en stolpe, celle eller et punkt for å se hva som ligger bak. Dobbeltklikk for å nullstille.",
    "count": "Viser {shown} av {total} rader.",
    "csv": "Last ned som CSV",
    "none": "Ingen rader bak dette valget.",
}


def selected(event: object, name: str) -> dict | None:
    """Return the first selected datum of the named selection parameter, or None."""
    if not event:
        return None
    try:
        values = event["selection"][name]
    except (KeyError, TypeError):
        return None
    if isinstance(values, list) and values:
        return values[0]
    return None


def render_behind(title: str, behind: Behind, table: pd.DataFrame, key: str, file_name: str) -> None:
    """Show what lies behind a selection: a heading, the rows as a table and a CSV download."""
    st.markdown(f"**{escape_md(title)}**")
    if behind.total == 0:
        st.info(T["none"])
        return
    from analysis.fmt import fmt_int

    st.caption(T["count"].format(shown=fmt_int(len(table)), total=fmt_int(behind.total)))
    st.dataframe(table, hide_index=True, width="stretch", height=min(420, 38 + 35 * len(table)), key=f"{key}_df")
    st.download_button(T["csv"], to_csv(table), file_name=file_name, mime="text/csv", key=f"{key}_csv",
                       on_click="ignore", icon=":material/download:")


def hint() -> None:
    """Show the one-line hint on how to drill down."""
    st.caption(T["hint"])
