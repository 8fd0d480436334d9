"""Adopsjon: active users ÷ staff since go-live, in total and per unit, against a target; portal log-ins."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from analysis import config
from analysis.charts.adoption_charts import (
    SELECT_DAY,
    SELECT_UNIT,
    build_adoption_chart,
    build_lagging_chart,
    build_portal_chart,
)
from analysis.fmt import fmt_date, fmt_int, fmt_pct
from analysis.metrics import ADOPTION_WINDOW_DAYS, best_recent_share, lagging
from ui import drill, loaders, present, sidebar
from ui.charts import render_chart

T = {
    "title": "Adopsjon",
    "target": "Mål for adopsjon (%)",
    "day_one": "Go-live-dagen ({d})",
    "of": "{a} av {s} ansatte",
    "latest": "Beste dag siste uke ({d})",
    "since": "siden go-live",
    "lag_tile": "Enheter under målet",
    "lag_desc": "mål {t}",
    "portal": "Innlogget i HelsaMi ({d})",
    "portal_first": "første dag: {n}",
    "chart": "Aktive brukere av ansatte, dager siden go-live (grønn: totalt, grå: enhetene)",
    "lag": "Enheter under målet (beste dag siste uke)",
    "lag_none": "Alle enheter har nådd målet på {t}.",
    "portal_chart": "Innbyggere som har logget inn i HelsaMi (akkumulert)",
    "portal_none": "Ingen tall for innlogginger i HelsaMi ennå.",
    "empty": "Ingen brukeraktivitet registrert ennå. Når aktivitetsrapporten fra Helseplattformen er "
             "importert, vises andelen aktive brukere per enhet her.",
    "behind_day": "Enhetene {d}",
    "behind_unit": "{u} per dag",
    "cols": {"unit": "Enhet", "service_area": "Tjenesteområde", "active_users": "Aktive brukere",
             "staff_count": "Ansatte", "share": "Andel aktive", "day": "Dato"},
}

DB = loaders.current_db()
f = sidebar.current_filters()
go_live = loaders.load_go_live_date(DB)
with st.sidebar:
    st.divider()
    target_pct = st.number_input(T["target"], min_value=50, max_value=100, value=round(100 * config.adoption_target()),
                                 step=1, key="mal", bind="query-params")
target = target_pct / 100

st.title(T["title"])
total, per_unit = loaders.load_adoption(DB, f)
if total.empty:
    st.info(T["empty"])
    st.stop()

# Day one and the latest day do not depend on the period: day one is the go-live day.
whole, _ = loaders.load_adoption(DB, type(f)(area=f.area, unit=f.unit))
latest_day = total["day"].max()
first = whole[pd.to_datetime(whole["day"]).dt.date == go_live] if go_live else whole.head(0)
best = best_recent_share(per_unit.to_dict("records"), pd.Timestamp(latest_day).date())
latest_units = pd.DataFrame(list(best.values()), columns=per_unit.columns)
behind_target = lagging({u: r["share"] for u, r in best.items()}, target)
week = total[pd.to_datetime(total["day"]) > pd.Timestamp(latest_day) - pd.Timedelta(days=ADOPTION_WINDOW_DAYS)]
last = week.loc[week["share"].idxmax()]
portal = loaders.load_portal(DB, f)

c = st.columns(4)
if len(first):
    d1 = first.iloc[0]
    c[0].metric(T["day_one"].format(d=fmt_date(go_live)), fmt_pct(d1["share"]),
                delta=T["of"].format(a=fmt_int(d1["active_users"]), s=fmt_int(d1["staff"])), delta_color="off",
                delta_arrow="off")
c[1].metric(T["latest"].format(d=fmt_date(pd.Timestamp(last["day"]).date())), fmt_pct(last["share"]),
            delta=present.metric_delta(100 * (last["share"] - first.iloc[0]["share"]), 1, " pp") if len(first)
            else T["of"].format(a=fmt_int(last["active_users"]), s=fmt_int(last["staff"])),
            delta_description=T["since"] if len(first) else None, delta_color="normal" if len(first) else "off")
c[2].metric(T["lag_tile"], f"{fmt_int(len(behind_target))} av {fmt_int(len(latest_units))}",
            delta=T["lag_desc"].format(t=fmt_pct(target, 0)), delta_color="off", delta_arrow="off")
if len(portal):
    p_last = portal.iloc[-1]
    c[3].metric(T["portal"].format(d=fmt_date(pd.Timestamp(p_last["day"]).date())), fmt_int(p_last["logins"]),
                delta=T["portal_first"].format(n=fmt_int(portal.iloc[0]["logins"])), delta_color="off",
                delta_arrow="off")

events = loaders.load_events(DB, f)
left, right = st.columns([1.6, 1], gap="large")
with left:
    st.subheader(T["chart"])
    drill.hint()
    ev_day = render_chart(build_adoption_chart, total, per_unit, events, go_live or total["day"].min(), target,
                          key="adoption", selection_mode=SELECT_DAY)
with right:
    st.subheader(T["lag"])
    ev_unit = None
    if behind_target:
        lag_df = latest_units[latest_units["unit"].isin([u for u, _ in behind_target])]
        ev_unit = render_chart(build_lagging_chart, lag_df, target, key="lagging", selection_mode=SELECT_UNIT)
    else:
        st.success(T["lag_none"].format(t=fmt_pct(target, 0)))


def _show(title: str, table: pd.DataFrame, key: str) -> None:
    """List the rows behind a clicked mark with a CSV download."""
    from analysis.queries.drilldown_queries import Behind

    shown = table.rename(columns=T["cols"])
    if "Andel aktive" in shown:
        shown["Andel aktive"] = (100 * shown["Andel aktive"]).round(1)
        shown = shown.rename(columns={"Andel aktive": "Andel aktive (%)"})
    drill.render_behind(title, Behind(table, len(table)), shown, key, f"{key}.csv")


pick = drill.selected(ev_day, SELECT_DAY)
if pick:
    day = present.day_from_key(pick.get("dag"))
    _show(T["behind_day"].format(d=fmt_date(day)), loaders.load_adoption_day(DB, f, day), "adopsjon_dag")
pick = drill.selected(ev_unit, SELECT_UNIT)
if pick:
    rows = per_unit[per_unit["unit"] == pick["unit"]][["day", "unit", "active_users", "staff_count", "share"]]
    rows = rows.assign(day=[fmt_date(pd.Timestamp(d).date()) for d in rows["day"]])
    _show(T["behind_unit"].format(u=pick["unit"]), rows, "adopsjon_enhet")

st.subheader(T["portal_chart"])
if portal.empty:
    st.info(T["portal_none"])
else:
    render_chart(build_portal_chart, portal, events)
