"""Adopsjon: active users ÷ staff since go-live, in total and per unit, against a target; portal log-ins."""

from __future__ import annotations

import streamlit as st

from analysis.charts.adoption_charts import (
    SELECT_DAY,
    SELECT_UNIT,
    build_adoption_chart,
    build_lagging_chart,
    build_portal_chart,
)
from analysis.views.adoption_view import AdoptionDrill, default_target_percent
from analysis.views.tables import day_from_key
from ui import drill, loaders, present, sidebar
from ui.charts import render_chart

T = {
    "title": "Adopsjon",
    "target": "Mål for adopsjon (%)",
    "chart": "Aktive brukere av ansatte, dager siden go-live (grønn: totalt, grå: enhetene)",
    "portal_chart": "Innbyggere som har logget inn i HelsaMi (akkumulert)",
    "portal_none": "Ingen tall for innlogginger i HelsaMi ennå.",
    "empty": "Ingen brukeraktivitet registrert ennå. Når aktivitetsrapporten fra Helseplattformen er "
             "importert, vises andelen aktive brukere per enhet her.",
}
TILE_COLUMNS = 4

DB = loaders.current_db()
f = sidebar.current_filters()
with st.sidebar:
    st.divider()
    target_pct = st.number_input(T["target"], min_value=1, max_value=100, value=default_target_percent(),
                                 step=1, key="mal", bind="query-params")

st.title(T["title"])
view = loaders.load_adoption_view(DB, f, target_pct / 100)
if not view.has_data:
    st.info(T["empty"])
    st.stop()

present.render_tiles(view.tiles, st.columns(TILE_COLUMNS))

left, right = st.columns([1.6, 1], gap="large")
with left:
    st.subheader(T["chart"])
    drill.hint()
    ev_day = render_chart(build_adoption_chart, view.total, view.per_unit, view.events, view.chart_origin,
                          view.target, key="adoption", selection_mode=SELECT_DAY)
with right:
    st.subheader(view.lagging_title)
    ev_unit = None
    if view.lagging_none:
        st.success(view.lagging_none)
    else:
        ev_unit = render_chart(build_lagging_chart, view.lagging, view.target, key="lagging",
                               selection_mode=SELECT_UNIT)


def _show(d: AdoptionDrill, key: str) -> None:
    """List the rows behind a clicked mark with a CSV download."""
    drill.render_behind(d.title, d.behind, d.behind.rows, key, f"{key}.csv")


if pick := drill.selected(ev_day, SELECT_DAY):
    _show(loaders.load_adoption_day_rows(DB, f, day_from_key(pick.get("dag"))), "adopsjon_dag")
if pick := drill.selected(ev_unit, SELECT_UNIT):
    _show(loaders.load_adoption_unit_rows(DB, f, pick["unit"]), "adopsjon_enhet")

st.subheader(T["portal_chart"])
if view.portal.empty:
    st.info(T["portal_none"])
else:
    render_chart(build_portal_chart, view.portal, view.events)
