"""Oversikt: headline figures of the go-live under the chosen filter."""

import streamlit as st

from analysis.charts.overview_charts import build_daily_activity_chart
from ui import loaders, present, shell, sidebar
from ui.charts import render_chart

T = {
    "title": "Oversikt",
    "chart": "Saker per dag, farget etter dagens stemning i chatten",
    "empty": "Ingen data i valgt periode ennå. Når saker og meldinger kommer inn, vises de her.",
}
# The chart's plot height in px: on the wall it fills the rest of a 1920×1080 screen under the tiles.
CHART_HEIGHT = {"wall": 640, "desk": 320}

DB = loaders.current_db()
WALL = shell.is_wall_mode()
view = loaders.load_overview_view(DB, sidebar.current_filters())

st.title(T["title"])
present.render_tiles(view.tiles)
st.subheader(T["chart"])
if view.daily.empty:
    st.info(T["empty"])
else:
    render_chart(build_daily_activity_chart, view.daily, view.events, wall=WALL,
                 height=CHART_HEIGHT["wall" if WALL else "desk"])
