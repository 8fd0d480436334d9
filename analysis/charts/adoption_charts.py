"""Charts for the adoption page: share of staff active since go-live, lagging units, portal log-ins."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from analysis.charts.chart_theme import (
    GREEN,
    GREY,
    INK,
    ORANGE,
    VERMILLION,
    as_day,
    base_config,
    day_tooltip,
    day_x,
    event_rules,
    events_utc,
    highlight,
    nb_int_axis,
    with_day_key,
)
from analysis.fmt import fmt_pct

SELECT_DAY = "adopsjon_dag"
SELECT_UNIT = "adopsjon_enhet"


def _day_number(days: pd.Series, go_live: dt.date) -> pd.Series:
    """Return days since go-live (go-live day = 0)."""
    return (pd.to_datetime(days) - pd.Timestamp(go_live)).dt.days


def _haloed(chart: alt.Chart, style: dict, color: str, **enc: object) -> list[alt.Chart]:
    """A text label drawn twice, a white outline under the coloured text, so it stays legible over lines."""
    return [chart.mark_text(**style, color="white", stroke="white", strokeWidth=4, strokeJoin="round").encode(**enc),
            chart.mark_text(**style, color=color).encode(**enc)]


def build_adoption_chart(total: pd.DataFrame, units: pd.DataFrame, events: pd.DataFrame, go_live: dt.date,
                         target: float) -> alt.LayerChart:
    """Return active users ÷ staff over days since go-live: total in bold, units thin, target and day one marked."""
    t = with_day_key(total)
    t["dag_nr"] = _day_number(total["day"], go_live)
    # The unit lines read only these columns (thousands of rows: every extra field costs the browser time).
    u = units[["day", "unit", "active_users", "share"]].assign(day=as_day(units["day"]))
    u["dag_nr"] = _day_number(units["day"], go_live)
    lo = min(-1, int(t["dag_nr"].min())) if len(t) else -1
    hi = int(t["dag_nr"].max()) if len(t) else 1
    x = alt.X("dag_nr:Q", title="Dager siden go-live", axis=alt.Axis(tickMinStep=1, format="d"),
              scale=alt.Scale(domain=[lo, hi], nice=False))
    y = alt.Y("share:Q", title="Aktive brukere av ansatte", axis=alt.Axis(format=".0%"),
              scale=alt.Scale(domain=[0, 1.05], clamp=True))
    sel = alt.selection_point(name=SELECT_DAY, fields=["dag"], on="click", clear="dblclick")
    unit_lines = alt.Chart(u).mark_line(color=GREY, strokeWidth=1, opacity=0.35).encode(
        x=x, y=y, detail="unit:N",
        tooltip=[alt.Tooltip("unit:N", title="Enhet"), day_tooltip(),
                 alt.Tooltip("share:Q", title="Andel aktive", format=".1%"),
                 alt.Tooltip("active_users:Q", title="Aktive", format=",d")])
    total_line = alt.Chart(t).mark_line(color=GREEN, strokeWidth=3).encode(x=x, y=y)
    total_pts = alt.Chart(t).mark_point(color=GREEN, filled=True, size=60).encode(
        x=x, y=y, opacity=highlight(sel, 1.0, 0.4),
        tooltip=[alt.Tooltip("dag_nr:Q", title="Dag etter go-live"), day_tooltip(),
                 alt.Tooltip("share:Q", title="Andel aktive", format=".1%"),
                 alt.Tooltip("active_users:Q", title="Aktive brukere", format=",d"),
                 alt.Tooltip("staff:Q", title="Ansatte", format=",d")]).add_params(sel)
    # The target's label sits at the right end, above the line, where the go-live week's lines are not.
    target_df = pd.DataFrame({"target": [target], "dag_nr": [hi], "tekst": [f"Mål {fmt_pct(target, 0)}"]})
    target_rule = alt.Chart(target_df).mark_rule(color=ORANGE, strokeDash=[6, 4], strokeWidth=2).encode(
        y="target:Q", tooltip=[alt.Tooltip("target:Q", title="Mål", format=".0%")])
    layers = [unit_lines, target_rule, total_line, total_pts,
              *_haloed(alt.Chart(target_df), dict(align="right", dx=-2, dy=-10, fontSize=13, fontWeight="bold"),
                       ORANGE, x=x, y=alt.Y("target:Q"), text="tekst:N")]
    day_one = t[t["dag_nr"] == 0]
    if len(day_one):
        d1 = day_one.assign(tekst=day_one["share"].map(lambda s: f"Go-live-dagen: {fmt_pct(s)}"))
        layers += _haloed(alt.Chart(d1), dict(align="left", dx=8, dy=18, fontSize=13, fontWeight="bold"), INK,
                          x=x, y=y, text="tekst:N")
    if len(events):
        ev = events.assign(dag_nr=(pd.to_datetime(events["ts"]) - pd.Timestamp(go_live)).dt.total_seconds() / 86400)
        ev = ev[(ev["dag_nr"] >= lo) & (ev["dag_nr"] <= hi)]
        layers.append(alt.Chart(ev).mark_rule(color=INK, strokeDash=[4, 3], strokeWidth=1.5).encode(
            x="dag_nr:Q", tooltip=[alt.Tooltip("title:N", title="Hendelse"), alt.Tooltip("kind:N", title="Type")]))
    return base_config(alt.layer(*layers), height=330)


def build_lagging_chart(latest: pd.DataFrame, target: float) -> alt.LayerChart:
    """Return the units below target as bars of their latest share, lowest first; click selects a unit."""
    sel = alt.selection_point(name=SELECT_UNIT, fields=["unit"], on="click", clear="dblclick")
    order = latest.sort_values("share")["unit"].tolist()
    bars = alt.Chart(latest).mark_bar(color=VERMILLION).encode(
        y=alt.Y("unit:N", title=None, sort=order, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        x=alt.X("share:Q", title="Aktive brukere av ansatte", axis=alt.Axis(format=".0%"),
                scale=alt.Scale(domain=[0, 1])),
        opacity=highlight(sel),
        tooltip=[alt.Tooltip("unit:N", title="Enhet"), alt.Tooltip("share:Q", title="Andel aktive", format=".1%"),
                 alt.Tooltip("active_users:Q", title="Aktive", format=",d"),
                 alt.Tooltip("staff_count:Q", title="Ansatte", format=",d")],
    ).add_params(sel)
    rule = alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(color=ORANGE, strokeDash=[6, 4], strokeWidth=2) \
        .encode(x="target:Q", tooltip=[alt.Tooltip("target:Q", title="Mål", format=".0%")])
    return base_config(alt.layer(bars, rule), height=28 * len(latest) + 80)


def build_portal_chart(portal: pd.DataFrame, events: pd.DataFrame) -> alt.LayerChart:
    """Return the cumulative number of citizens who have logged in to the portal, with event markers."""
    data = with_day_key(portal)
    line = alt.Chart(data).mark_area(line={"color": INK}, color="#D1D5DB", opacity=0.7).encode(
        x=day_x(), y=alt.Y("logins:Q", axis=nb_int_axis("Innbyggere som har logget inn")),
        tooltip=[day_tooltip(), alt.Tooltip("logins:Q", title="Har logget inn (akkumulert)", format=",d")])
    pts = line.mark_point(color=INK, size=25, filled=True)
    return base_config(alt.layer(line, pts, event_rules(events_utc(events))), height=260)
