"""Supportbelastning: tickets per day and hour, per unit, mix, backlog and closure ratio, time to resolve."""

from __future__ import annotations

import streamlit as st

from analysis.charts.chart_theme import CATEGORY_RANGE, PRIORITY_DOMAIN, PRIORITY_RANGE
from analysis.charts.support_charts import (
    SELECT_BACKLOG,
    SELECT_DAY_PRIORITY,
    SELECT_HOUR_WEEKDAY,
    SELECT_MIX,
    SELECT_UNIT,
    build_backlog_chart,
    build_closure_chart,
    build_hour_weekday_chart,
    build_mix_chart,
    build_per_unit_chart,
    build_resolve_chart,
    build_tickets_per_day_chart,
)
from ui import drill, loaders, present, sidebar
from ui.charts import render_chart
from ui.text import escape_md

T = {
    "title": "Supportbelastning",
    "per_day": "Saker per dag, etter prioritet",
    "hour_weekday": "Saker per ukedag og time",
    "backlog": "Kø: åpne saker ved dagens slutt, etter alder",
    "closure": "Lukket ÷ meldt per dag (under 1: køen vokser)",
    "more": "Vis",
    "views": {"backlog": "Kø og lukking", "unit": "Per enhet", "category": "Kategori", "priority": "Prioritet",
              "resolve": "Tid til løst"},
    "per_unit": "Saker per 100 ansatte, per enhet (de 20 med mest)",
    "mix": "Andel per dag etter {by}",
    "mix_opts": {"category": "Kategori", "priority": "Prioritet"},
    "resolve": "Tid til løst etter prioritet",
    "resolve_none": "Ingen lukkede saker i perioden ennå.",
    "empty": "Ingen supportsaker i perioden ennå. Når de første sakene er meldt (selvbetjeningsportal eller "
             "telefon) og importert, vises belastningen her.",
}
# Mix colours: priorities in their fixed order and colours, categories in the categorical palette.
MIX_COLOURS = {"priority": (PRIORITY_DOMAIN, PRIORITY_RANGE), "category": ([], CATEGORY_RANGE)}

DB = loaders.current_db()
f = sidebar.current_filters()
st.title(T["title"])
view = loaders.load_support_view(DB, f)
if view.empty:
    st.info(T["empty"])
    st.stop()

present.render_tiles(view.tiles)
drills: list[tuple[str, str, dict, str | None]] = []  # (widget key, chart, clicked datum, mix shown)


def _pick(event: object, chart: str, key: str, by: str | None = None) -> None:
    """Remember a chart's clicked datum, if any, for the lists below."""
    if datum := drill.selected(event, chart):
        drills.append((key, chart, datum, by))


left, right = st.columns([1.6, 1], gap="large")
with left:
    st.subheader(T["per_day"])
    drill.hint()
    _pick(render_chart(build_tickets_per_day_chart, view.per_day, view.events, key="per_day",
                       selection_mode=SELECT_DAY_PRIORITY), SELECT_DAY_PRIORITY, "dag")
with right:
    st.subheader(T["hour_weekday"])
    _pick(render_chart(build_hour_weekday_chart, view.hour_weekday, key="hour_weekday",
                       selection_mode=SELECT_HOUR_WEEKDAY), SELECT_HOUR_WEEKDAY, "ukedag")

# One analysis at a time below the first row: each chart costs drawing time in the browser.
shown = st.segmented_control(T["more"], list(T["views"]), default="backlog", key="vis", bind="query-params",
                             format_func=T["views"].get) or "backlog"
if shown == "backlog":
    left, right = st.columns([1.6, 1], gap="large")
    with left:
        st.subheader(T["backlog"])
        if len(view.backlog):
            _pick(render_chart(build_backlog_chart, view.backlog, view.events, view.age_order, key="backlog",
                               selection_mode=SELECT_BACKLOG), SELECT_BACKLOG, "ko")
    with right:
        st.subheader(T["closure"])
        render_chart(build_closure_chart, view.opened_closed, view.events)
elif shown == "unit":
    st.subheader(T["per_unit"])
    _pick(render_chart(build_per_unit_chart, view.per_unit, key="per_unit", selection_mode=SELECT_UNIT),
          SELECT_UNIT, "enhet")
elif shown in MIX_COLOURS:
    st.subheader(T["mix"].format(by=T["views"][shown].lower()))
    known, palette = MIX_COLOURS[shown]
    mix = view.priority if shown == "priority" else view.category
    _pick(render_chart(build_mix_chart, mix, view.events, T["mix_opts"][shown], known, palette,
                       key=f"mix_{shown}", selection_mode=SELECT_MIX), SELECT_MIX, "fordeling", shown)
else:
    st.subheader(T["resolve"])
    if view.resolve.empty:
        st.info(T["resolve_none"])
    else:
        render_chart(build_resolve_chart, view.resolve)
        st.caption(escape_md(view.resolve_caption))  # priorities are imported text

for key, chart, datum, by in drills:
    found = loaders.load_ticket_drill(DB, f, chart, datum, by)
    if found is not None:
        if note := loaders.hidden_note(found.behind.rows, loaders.TICKET_UNIT):
            st.info(escape_md(note), icon=":material/visibility_off:")
        drill.render_behind(found.title, found.behind, found.behind.rows, f"support_{key}", f"saker_{key}.csv")
