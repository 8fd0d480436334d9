"""Drill-down glue: read a chart selection, list the rows behind it, offer them as CSV."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis.fmt import fmt_int
from analysis.queries.drilldown_queries import Behind
from analysis.views.tables import nb_display, to_csv
from ui import loaders
from ui.text import escape_md

T = {
    "hint": "Klikk på en stolpe, celle eller et punkt for å se hva som ligger bak. Dobbeltklikk for å nullstille.",
    "count": "Viser {shown} av {total} rader.",
    "csv": "Last ned som CSV",
    "none": "Ingen rader bak dette valget.",
}
# A message list in a dialog: the reason ("Hvorfor") right after the text and polarity, so it shows without
# scrolling sideways in a large dialog on a laptop; the unit, known from the click, last. Widths in px.
MESSAGE_COLUMNS = ["Tid", "Rolle", "Tekst", "Stemning", "Polaritet", "Hvorfor", "Temaer", "Pasientsikkerhet",
                   "Kilde", "Enhet"]
MESSAGE_WIDTHS = {"Tid": 140, "Rolle": 90, "Tekst": 330, "Stemning": 80, "Polaritet": 75, "Hvorfor": 330,
                  "Temaer": 160, "Pasientsikkerhet": 130, "Kilde": 100, "Enhet": 180}


def message_widths() -> dict:
    """Return the column config that gives a message list its MESSAGE_WIDTHS."""
    return {c: st.column_config.Column(width=w) for c, w in MESSAGE_WIDTHS.items()}


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


def render_behind(title: str, behind: Behind, table: pd.DataFrame, key: str, file_name: str, *,
                  column_order: list[str] | None = None, column_config: dict | None = None,
                  heading: bool = True) -> None:
    """Show what lies behind a selection: a heading, the rows as a table and a CSV download.

    Numbers show the Norwegian way (tables.nb_display); `column_order` picks and orders the columns shown (the
    CSV keeps them all), `column_config` sets their widths. `heading=False` where a dialog's title says it.
    """
    if heading:
        st.markdown(f"**{escape_md(title)}**")
    if behind.total == 0:
        st.info(T["none"])
        return
    st.caption(T["count"].format(shown=fmt_int(len(table)), total=fmt_int(behind.total)))
    st.dataframe(nb_display(table), hide_index=True, width="stretch", height=min(420, 38 + 35 * len(table)),
                 key=f"{key}_df", column_order=column_order, column_config=column_config)
    st.download_button(T["csv"], to_csv(table), file_name=file_name, mime="text/csv", key=f"{key}_csv",
                       on_click=loaders.record_download, args=(loaders.current_db(), "csv", file_name),
                       icon=":material/download:")


def hint() -> None:
    """Show the one-line hint on how to drill down."""
    st.caption(T["hint"])
