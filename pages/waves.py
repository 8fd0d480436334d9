"""Bølger: each go-live wave against the earlier ones on the same day after go-live (small multiples, day 0 aligned)."""

from __future__ import annotations

import streamlit as st

from analysis.charts.waves_charts import small_multiple
from analysis.views.tables import nb_display
from analysis.views.waves_view import wave_table
from ui import loaders, sidebar
from ui.charts import render_chart
from ui.loaders_waves import load_waves_view
from ui.text import escape_md

T = {
    "title": "Bølger — go-live mot go-live",
    "caption": "Samme dag etter go-live. Grått felt: spennet i de tidligere bølgene; tykk linje: den nyeste bølgen. "
               "Siden viser alle go-livene; av filtrene i sidemenyen gjelder bare tjenesteområdet.",
    "waves": "Go-livene",
}

DB = loaders.current_db()
f = sidebar.current_filters()
view = load_waves_view(DB, f)
st.title(T["title"])
st.info(escape_md(view.headline), icon=":material/compare_arrows:")
for line in view.details:
    st.markdown(f"- {escape_md(line)}")
st.caption(T["caption"])
labels = [w.label for w in view.waves]
newest = next((w.label for w in view.waves if w.newest), None)
keys = list(view.metrics)
for row in (keys[:3], keys[3:]):
    cols = st.columns(3)
    for col, key in zip(cols, row, strict=False):
        with col:
            render_chart(small_multiple, view.daily, view.band, key, view.metrics[key][0], labels, newest,
                         share=key == "adoption")
st.subheader(T["waves"])
st.dataframe(nb_display(wave_table(view)), hide_index=True, width="stretch")
