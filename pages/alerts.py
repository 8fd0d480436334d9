"""Varsler: recent alerts and their delivery (delivered, retrying, given up), held-back causes and the live feeds."""

from __future__ import annotations

import streamlit as st

from analysis.views.tables import nb_display
from ui import loaders
from ui.text import escape_md

T = {
    "title": "Varsler",
    "problems": "Varslingsfilen har feil (resten brukes):",
    "held": "Holdt tilbake (karantene)",
    "failing": "Leveranser som feiler",
    "feeds": "Datakilder",
    "feeds_none": "Ingen leveranser fra API-et eller den overvåkede mappen ennå.",
    "link": "Åpne",
}


DB = loaders.current_db()
view = loaders.load_alerts_view(DB)
st.title(T["title"])
if view.problems:
    st.warning(escape_md(T["problems"] + "\n" + "\n".join(f"- {p}" for p in view.problems)))
if view.failing_text:
    st.error(view.failing_text, icon=":material/error:")
if view.alerts.empty:
    st.info(view.none_text)
else:
    st.caption(view.caption)
    st.dataframe(nb_display(view.alerts), hide_index=True, width="stretch",
                 column_config={"Lenke": st.column_config.LinkColumn(T["link"], display_text=T["link"]),
                                "Tekst": st.column_config.TextColumn(width="large")})
if not view.failing.empty:
    st.subheader(T["failing"])
    st.dataframe(nb_display(view.failing), hide_index=True, width="stretch")

st.subheader(T["feeds"])
if view.feeds.warning:
    st.warning(escape_md(view.feeds.warning), icon=":material/sensors_off:")
if view.feeds.rows.empty:
    st.caption(T["feeds_none"])
else:
    st.caption(view.feeds.caption)
    st.dataframe(nb_display(view.feeds.rows), hide_index=True, width="stretch")

st.subheader(T["held"])
if view.held_back.empty:
    st.caption(view.held_none_text)
else:
    st.dataframe(nb_display(view.held_back), hide_index=True, width="stretch")
