"""Supportbelastning: tickets per day and hour, per unit, mix, backlog and closure ratio, time to resolve."""

from __future__ import annotations

import datetime as dt

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
from analysis.fmt import WEEKDAYS, fmt_date, fmt_int, fmt_num, fmt_pct
from analysis.metrics import closure_ratio, per_100
from analysis.queries.drilldown_queries import TicketSelection
from ui import drill, loaders, present, sidebar
from ui.charts import render_chart

T = {
    "title": "Supportbelastning",
    "tickets": "Saker meldt i perioden",
    "per100": "{p} per 100 ansatte",
    "ratio": "Lukket ÷ meldt",
    "ratio_desc": "{c} lukket av {o} meldt",
    "ratio_help": "Under 1 betyr at køen vokser.",
    "open": "Åpne ved periodens slutt",
    "median": "Tid til løst, median",
    "p90": "Tid til løst, 90-persentil",
    "hours": "{h} timer",
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
    "b_day": "Saker {d}, prioritet {p}",
    "b_hw": "Saker meldt på {w}er kl. {h}–{h2}",
    "b_unit": "Saker fra {u}",
    "b_mix": "Saker {d}: {v}",
    "b_backlog": "Åpne saker ved slutten av {d}, alder {a}",
}

DB = loaders.current_db()
f = sidebar.current_filters()
span = loaders.load_data_span(DB)
st.title(T["title"])

end = dt.datetime.combine(f.end + dt.timedelta(days=1), dt.time()) if f.end else span.newest
if span.newest and end and end > span.newest:
    end = span.newest
data = loaders.load_support(DB, f, end)
s = data["summary"]
if s.opened == 0 and s.open_at_end == 0:
    st.info(T["empty"])
    st.stop()

c = st.columns(5)
c[0].metric(T["tickets"], fmt_int(s.opened), delta=T["per100"].format(p=fmt_num(per_100(s.opened, s.staff))),
            delta_color="off", delta_arrow="off")
ratio = closure_ratio(s.closed, s.opened)
c[1].metric(T["ratio"], fmt_num(ratio, 2), delta=T["ratio_desc"].format(c=fmt_int(s.closed), o=fmt_int(s.opened)),
            delta_color="off", delta_arrow="off", help=T["ratio_help"])
c[2].metric(T["open"], fmt_int(s.open_at_end))
c[3].metric(T["median"], T["hours"].format(h=fmt_num(s.median_hours)))
c[4].metric(T["p90"], T["hours"].format(h=fmt_num(s.p90_hours)))

events = loaders.load_events(DB, f)
drills: list[tuple[str, TicketSelection, str]] = []


def _pick(event, name: str) -> dict | None:
    """Return the clicked datum of a chart, if any."""
    return drill.selected(event, name)


left, right = st.columns([1.6, 1], gap="large")
with left:
    st.subheader(T["per_day"])
    drill.hint()
    ev = render_chart(build_tickets_per_day_chart, data["per_day"], events, key="per_day",
                      selection_mode=SELECT_DAY_PRIORITY)
    if p := _pick(ev, SELECT_DAY_PRIORITY):
        day = present.day_from_key(p.get("dag"))
        drills.append((T["b_day"].format(d=fmt_date(day), p=p.get("priority")),
                       TicketSelection(day=day, priority=p.get("priority")), "dag"))
with right:
    st.subheader(T["hour_weekday"])
    ev = render_chart(build_hour_weekday_chart, data["hour_weekday"], key="hour_weekday",
                      selection_mode=SELECT_HOUR_WEEKDAY)
    if p := _pick(ev, SELECT_HOUR_WEEKDAY):
        wd, hr = int(p["weekday"]), int(p["hour"])
        drills.append((T["b_hw"].format(w=WEEKDAYS[wd - 1], h=f"{hr:02d}", h2=f"{(hr + 1) % 24:02d}"),
                       TicketSelection(weekday=wd, hour=hr), "ukedag"))

# One analysis at a time below the first row: each chart costs drawing time in the browser.
view = st.segmented_control(T["more"], list(T["views"]), default="backlog", key="vis", bind="query-params",
                            format_func=T["views"].get) or "backlog"
if view == "backlog":
    left, right = st.columns([1.6, 1], gap="large")
    with left:
        st.subheader(T["backlog"])
        if len(data["backlog"]):
            ev = render_chart(build_backlog_chart, data["backlog"], events, key="backlog",
                              selection_mode=SELECT_BACKLOG)
            if p := _pick(ev, SELECT_BACKLOG):
                day = present.day_from_key(p.get("dag"))
                drills.append((T["b_backlog"].format(d=fmt_date(day), a=p.get("age_bucket")),
                               TicketSelection(open_on=day, age_bucket=p.get("age_bucket")), "ko"))
    with right:
        st.subheader(T["closure"])
        render_chart(build_closure_chart, data["opened_closed"], events)
elif view == "unit":
    st.subheader(T["per_unit"])
    ev = render_chart(build_per_unit_chart, data["per_unit"], key="per_unit", selection_mode=SELECT_UNIT)
    if p := _pick(ev, SELECT_UNIT):
        drills.append((T["b_unit"].format(u=p["unit"]), TicketSelection(unit=p["unit"]), "enhet"))
elif view in ("category", "priority"):
    st.subheader(T["mix"].format(by=T["views"][view].lower()))
    known, palette = (PRIORITY_DOMAIN, PRIORITY_RANGE) if view == "priority" else ([], CATEGORY_RANGE)
    ev = render_chart(build_mix_chart, data[view], events, T["mix_opts"][view], known, palette, key=f"mix_{view}",
                      selection_mode=SELECT_MIX)
    if p := _pick(ev, SELECT_MIX):
        day = present.day_from_key(p.get("dag"))
        sel = TicketSelection(day=day, **{view: p.get("value")})
        drills.append((T["b_mix"].format(d=fmt_date(day), v=p.get("value")), sel, "fordeling"))
else:
    st.subheader(T["resolve"])
    if data["resolve"].empty:
        st.info(T["resolve_none"])
    else:
        render_chart(build_resolve_chart, data["resolve"])
        st.caption(", ".join(f"{r.priority}: median {fmt_num(r.median_hours)} t, 90 % innen {fmt_num(r.p90_hours)} t"
                             f" ({fmt_pct(r.n / s.closed if s.closed else None, 0)} av lukkede)"
                             for r in data["resolve"].itertuples()))

for title, sel, key in drills:
    behind = loaders.load_tickets_behind(DB, f, sel)
    drill.render_behind(title, behind, present.tickets_table(behind.rows), f"support_{key}", f"saker_{key}.csv")
