"""Oversikt: headline figures of the go-live under the chosen filter."""

import streamlit as st

from analysis.charts.overview_charts import build_daily_activity_chart
from ui import loaders, present, sidebar

T = {
    "title": "Oversikt",
    "chart": "Saker per dag, farget etter dagens stemning i chatten",
    "empty": "Ingen data i valgt periode ennå. Når saker og meldinger kommer inn, vises de her.",
}

DB = loaders.current_db()
view = loaders.load_overview_view(DB, sidebar.current_filters())

st.title(T["title"])
present.render_tiles(view.tiles)
st.subheader(T["chart"])
if view.daily.empty:
    st.info(T["empty"])
else:
    st.altair_chart(build_daily_activity_chart(view.daily, view.events), width="stretch")
