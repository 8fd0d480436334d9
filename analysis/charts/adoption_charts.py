"""Charts for the adoption page: share of staff active since go-live, lagging units, portal log-ins."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import altair as alt
import pandas as pd

from analysis.charts.chart_theme import (
    FIT_X,
    GREEN,
    GREY,
    INK,
    ORANGE,
    VERMILLION,
    as_day,
    base_config,
    day_domain,
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


ADOPTION_PLOT_PX = 520  # the adoption chart's plot width beside the lagging units on a laptop
PORTAL_PLOT_PX = 1000  # the portal chart spans the page


def zoom_domain(values: Sequence[float], target: float, step: float = 0.05, pad: float = 0.02) -> list[float]:
    """Return a share axis fitted to the values and the target, on whole `step`s, never past 0–100 %.

    On a 0–100 % axis a gap of a point or two to the target (93,8 % against 95 %) is a hair's breadth; fitted
    to the data and the target it is plain to see.
    """
    vals = [float(v) for v in values if v is not None and not pd.isna(v)] + [float(target)]
    lo, hi = min(vals) - pad, max(vals) + pad
    lo = max(0.0, math.floor(round(lo / step, 6)) * step)
    hi = min(1.0, math.ceil(round(hi / step, 6)) * step)
    return [round(lo, 4), round(max(hi, lo + step), 4)]


def build_adoption_chart(total: pd.DataFrame, units: pd.DataFrame, events: pd.DataFrame, go_live: dt.date,
                         target: float) -> alt.LayerChart:
    """Return active users ÷ staff over days since go-live: total in bold, units thin, target and events marked.

    The share axis is fitted to the total line and the target (units far below it run off the bottom: the
    lagging chart beside it names them); the target's label sits outside the plot, right of its line.
    """
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
              scale=alt.Scale(domain=zoom_domain(t["share"].tolist(), target), nice=False))
    sel = alt.selection_point(name=SELECT_DAY, fields=["dag"], on="click", clear="dblclick")
    unit_lines = alt.Chart(u).mark_line(color=GREY, strokeWidth=1, opacity=0.35, clip=True).encode(
        x=x, y=y, detail="unit:N",
        tooltip=[alt.Tooltip("unit:N", title="Enhet"), day_tooltip(),
                 alt.Tooltip("share:Q", title="Andel aktive", format=".1%"),
                 alt.Tooltip("active_users:Q", title="Aktive", format=",d")])
    total_line = alt.Chart(t).mark_line(color=GREEN, strokeWidth=3, clip=True).encode(x=x, y=y)
    total_pts = alt.Chart(t).mark_point(color=GREEN, filled=True, size=60, clip=True).encode(
        x=x, y=y, opacity=highlight(sel, 1.0, 0.4),
        tooltip=[alt.Tooltip("dag_nr:Q", title="Dag etter go-live"), day_tooltip(),
                 alt.Tooltip("share:Q", title="Andel aktive", format=".1%"),
                 alt.Tooltip("active_users:Q", title="Aktive brukere", format=",d"),
                 alt.Tooltip("staff:Q", title="Ansatte", format=",d")]).add_params(sel)
    # The target's label sits right of the plot, level with its line: it never covers a line or a point.
    target_df = pd.DataFrame({"target": [target], "dag_nr": [hi], "tekst": [f"Mål {fmt_pct(target, 0)}"]})
    target_rule = alt.Chart(target_df).mark_rule(color=ORANGE, strokeDash=[6, 4], strokeWidth=2).encode(
        y="target:Q", tooltip=[alt.Tooltip("target:Q", title="Mål", format=".0%")])
    target_text = alt.Chart(target_df).mark_text(align="left", baseline="middle", dx=6, fontSize=13,
                                                 fontWeight="bold", color=ORANGE).encode(
        x=x, y=alt.Y("target:Q"), text="tekst:N")
    layers = [unit_lines, target_rule, total_line, total_pts, target_text]
    day_one = t[t["dag_nr"] == 0]
    if len(day_one):  # a ring around day one; its share is in the tile above and in the tooltip
        layers.append(alt.Chart(day_one).mark_point(color=INK, size=220, strokeWidth=2, clip=True).encode(
            x=x, y=y, tooltip=[alt.Tooltip("share:Q", title="Go-live-dagen", format=".1%")]))
    if len(events):
        ev = events.assign(dag_nr=(pd.to_datetime(events["ts"]) - pd.Timestamp(go_live)).dt.total_seconds() / 86400)
        ev = ev[(ev["dag_nr"] >= lo) & (ev["dag_nr"] <= hi)]
        layers.append(event_rules(ev, "dag_nr", x_type="Q", domain=(lo, hi), width_px=ADOPTION_PLOT_PX))
    return base_config(alt.layer(*layers).properties(height=300, autosize=FIT_X))


def build_lagging_chart(latest: pd.DataFrame, target: float) -> alt.LayerChart:
    """Return the units below target as dots on a zoomed share axis, each joined to the target by its gap.

    Lowest first; click selects a unit. Bars on a zoomed axis would mislead, so the gap is a line from the
    unit's share to the target, with the share written beside the dot.
    """
    sel = alt.selection_point(name=SELECT_UNIT, fields=["unit"], on="click", clear="dblclick")
    order = latest.sort_values("share")["unit"].tolist()
    data = latest.assign(target=target, tekst=latest["share"].map(lambda s: fmt_pct(s)))
    y = alt.Y("unit:N", title=None, sort=order, axis=alt.Axis(labelLimit=260, labelOverlap=False))
    scale = alt.Scale(domain=zoom_domain(data["share"].tolist(), target), nice=False, zero=False)
    x = alt.X("share:Q", title="Aktive brukere av ansatte (beste dag)", axis=alt.Axis(format=".0%"), scale=scale)
    tooltip = [alt.Tooltip("unit:N", title="Enhet"), alt.Tooltip("share:Q", title="Andel aktive", format=".1%"),
               alt.Tooltip("active_users:Q", title="Aktive", format=",d"),
               alt.Tooltip("staff_count:Q", title="Ansatte", format=",d")]
    base = alt.Chart(data)
    gap = base.mark_rule(color=VERMILLION, strokeWidth=3).encode(y=y, x=x, x2="target:Q", tooltip=tooltip)
    dots = base.mark_point(color=VERMILLION, filled=True, size=140, opacity=1).encode(
        y=y, x=x, opacity=highlight(sel), tooltip=tooltip).add_params(sel)
    labels = base.mark_text(align="right", baseline="middle", dx=-10, fontSize=13, color=INK).encode(
        y=y, x=x, text="tekst:N")
    rule = alt.Chart(pd.DataFrame({"target": [target]})).mark_rule(color=ORANGE, strokeDash=[6, 4], strokeWidth=2) \
        .encode(x=alt.X("target:Q", scale=scale), tooltip=[alt.Tooltip("target:Q", title="Mål", format=".0%")])
    return base_config(alt.layer(rule, gap, dots, labels), height=34 * len(latest) + 80)


def build_portal_chart(portal: pd.DataFrame, events: pd.DataFrame) -> alt.LayerChart:
    """Return the cumulative number of citizens who have logged in to the portal, with event markers."""
    data = with_day_key(portal)
    line = alt.Chart(data).mark_area(line={"color": INK}, color="#D1D5DB", opacity=0.7).encode(
        x=day_x(), y=alt.Y("logins:Q", axis=nb_int_axis("Innbyggere som har logget inn")),
        tooltip=[day_tooltip(), alt.Tooltip("logins:Q", title="Har logget inn (akkumulert)", format=",d")])
    pts = line.mark_point(color=INK, size=25, filled=True)
    marks = event_rules(events_utc(events), domain=day_domain(data["day"]), width_px=PORTAL_PLOT_PX)
    return base_config(alt.layer(line, pts, marks).properties(height=220, autosize=FIT_X))
