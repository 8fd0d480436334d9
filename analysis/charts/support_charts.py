"""Charts for the support load page: tickets per day and hour, per unit, mix, backlog, closure, resolve time."""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from analysis.charts.chart_theme import (
    FIT_X,
    INK,
    LOAD_SCHEME,
    ORANGE,
    PRIORITY_DOMAIN,
    PRIORITY_RANGE,
    age_domain,
    age_range,
    base_config,
    day_domain,
    day_tooltip,
    day_x,
    event_rules,
    events_utc,
    highlight,
    nb_int_axis,
    ordinal_color,
    with_day_key,
)
from analysis.fmt import WEEKDAYS_SHORT

SELECT_DAY_PRIORITY = "dag_prioritet"
SELECT_HOUR_WEEKDAY = "ukedag_time"
SELECT_UNIT = "enhet"
SELECT_MIX = "dag_fordeling"
SELECT_BACKLOG = "dag_alder"
WIDE_PX = 620  # plot width of a chart in the page's wide left column on a laptop
NARROW_PX = 320  # plot width of a chart in the narrow right column
LEGEND_PX = 110  # a legend on the right takes this much of the plot's width
FULL_PX = 1000  # plot width of a full-width chart


def _events(events: pd.DataFrame, data: pd.DataFrame, width_px: int) -> alt.LayerChart:
    """Return the event markers for a day chart, their labels placed for the chart's own span and width."""
    return event_rules(events_utc(events), domain=day_domain(data["day"]), width_px=width_px)


def _finish(layers: list, height: int) -> alt.LayerChart:
    """Layer the marks and apply the house style, keeping the plot `height` px high under the event labels."""
    return base_config(alt.layer(*layers).properties(height=height, autosize=FIT_X))


def build_tickets_per_day_chart(per_day: pd.DataFrame, events: pd.DataFrame) -> alt.LayerChart:
    """Return tickets opened per day stacked by priority, with event markers; click selects a day and priority."""
    data = with_day_key(per_day)
    sel = alt.selection_point(name=SELECT_DAY_PRIORITY, fields=["dag", "priority"], on="click", clear="dblclick")
    bars = alt.Chart(data).mark_bar().encode(
        x=day_x(),
        # Already one row per day and priority: no aggregate, so the clicked datum keeps its 'dag'.
        y=alt.Y("n:Q", axis=nb_int_axis("Saker meldt per dag")),
        color=ordinal_color("priority", "Prioritet", data["priority"].tolist(), PRIORITY_DOMAIN, PRIORITY_RANGE),
        order=alt.Order("priority_rank:Q"),
        opacity=highlight(sel),
        tooltip=[day_tooltip(), alt.Tooltip("priority:N", title="Prioritet"),
                 alt.Tooltip("n:Q", title="Saker", format=",d")],
    ).add_params(sel)
    return _finish([bars, _events(events, data, WIDE_PX - LEGEND_PX)], 260)


def build_hour_weekday_chart(cells: pd.DataFrame) -> alt.Chart:
    """Return a weekday × hour heatmap of ticket counts; click selects a cell."""
    data = cells.copy()
    data["ukedag"] = data["weekday"].map(lambda d: WEEKDAYS_SHORT[int(d) - 1])
    sel = alt.selection_point(name=SELECT_HOUR_WEEKDAY, fields=["weekday", "hour"], on="click", clear="dblclick")
    chart = alt.Chart(data).mark_rect(stroke="white", strokeWidth=0.5).encode(
        x=alt.X("hour:O", title="Time på døgnet", axis=alt.Axis(labelAngle=0),
                scale=alt.Scale(domain=list(range(24)))),
        y=alt.Y("ukedag:N", title=None, sort=WEEKDAYS_SHORT, scale=alt.Scale(domain=WEEKDAYS_SHORT),
                axis=alt.Axis(labelOverlap=False)),
        color=alt.Color("n:Q", title="Saker", scale=alt.Scale(scheme=LOAD_SCHEME),
                        legend=alt.Legend(format=",d", tickMinStep=1)),
        opacity=highlight(sel, 1.0, 0.45),
        tooltip=[alt.Tooltip("ukedag:N", title="Ukedag"), alt.Tooltip("hour:O", title="Time"),
                 alt.Tooltip("n:Q", title="Saker", format=",d")],
    ).add_params(sel)
    return base_config(chart, height=280)


def build_per_unit_chart(per_unit: pd.DataFrame, top: int = 20) -> alt.Chart:
    """Return tickets per 100 staff for the units with most load; click selects a unit."""
    data = per_unit.dropna(subset=["per_100"]).head(top)
    sel = alt.selection_point(name=SELECT_UNIT, fields=["unit"], on="click", clear="dblclick")
    order = data["unit"].tolist()
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("unit:N", title=None, sort=order, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        x=alt.X("per_100:Q", title="Saker per 100 ansatte i perioden"),
        color=alt.Color("per_100:Q", scale=alt.Scale(scheme=LOAD_SCHEME), legend=None),
        opacity=highlight(sel),
        tooltip=[alt.Tooltip("unit:N", title="Enhet"), alt.Tooltip("service_area:N", title="Tjenesteområde"),
                 alt.Tooltip("per_100:Q", title="Per 100 ansatte", format=",.1f"),
                 alt.Tooltip("n:Q", title="Saker", format=",d"),
                 alt.Tooltip("staff_count:Q", title="Ansatte", format=",d")],
    ).add_params(sel)
    return base_config(chart, height=22 * len(data) + 70)


def build_mix_chart(mix: pd.DataFrame, events: pd.DataFrame, title: str, known: list[str],
                    palette: list[str]) -> alt.LayerChart:
    """Return the daily share of tickets by category or priority (100 % stacked); click selects a segment."""
    data = with_day_key(mix)
    data["share"] = data["n"] / data.groupby("dag")["n"].transform("sum")
    sel = alt.selection_point(name=SELECT_MIX, fields=["dag", "value"], on="click", clear="dblclick")
    bars = alt.Chart(data).mark_bar().encode(
        x=day_x(),
        y=alt.Y("n:Q", stack="normalize", title="Andel av dagens saker", axis=alt.Axis(format=".0%")),
        color=ordinal_color("value", title, data["value"].tolist(), known, palette),
        opacity=highlight(sel),
        tooltip=[day_tooltip(), alt.Tooltip("value:N", title=title), alt.Tooltip("n:Q", title="Saker", format=",d"),
                 alt.Tooltip("share:Q", title="Andel", format=".0%")],
    ).add_params(sel)
    return _finish([bars, _events(events, data, FULL_PX - LEGEND_PX)], 260)


def build_backlog_chart(backlog: pd.DataFrame, events: pd.DataFrame, ages: Sequence[str] | None = None
                        ) -> alt.LayerChart:
    """Return open tickets at the end of each day stacked by age (`ages`: the rules' buckets, youngest first)."""
    ages = list(ages) if ages is not None else age_domain()
    data = with_day_key(backlog)
    data["age_order"] = data["age_bucket"].map({a: i for i, a in enumerate(ages)})
    sel = alt.selection_point(name=SELECT_BACKLOG, fields=["dag", "age_bucket"], on="click", clear="dblclick")
    color = ordinal_color("age_bucket", "Alder", data["age_bucket"].tolist(), ages, age_range(len(ages)))
    color = color.legend(orient="bottom", direction="horizontal")  # above the plot are the event labels
    bars = alt.Chart(data).mark_bar().encode(
        x=day_x(),
        y=alt.Y("n:Q", axis=nb_int_axis("Åpne saker ved dagens slutt")),
        color=color,
        order=alt.Order("age_order:Q"),
        opacity=highlight(sel),
        tooltip=[day_tooltip(), alt.Tooltip("age_bucket:N", title="Alder"),
                 alt.Tooltip("n:Q", title="Åpne saker", format=",d")],
    ).add_params(sel)
    return _finish([bars, _events(events, data, WIDE_PX)], 230)


def build_closure_chart(ratio: pd.DataFrame, events: pd.DataFrame) -> alt.LayerChart:
    """Return the daily closure ratio (closed ÷ opened) with the balance line at 1."""
    r = with_day_key(ratio)
    line = alt.Chart(r).mark_line(color=INK, point=alt.OverlayMarkDef(color=INK, size=30)).encode(
        x=day_x(),
        y=alt.Y("ratio:Q", title="Lukket ÷ meldt", axis=alt.Axis(format=",.1f")),
        tooltip=[day_tooltip(), alt.Tooltip("ratio:Q", title="Lukket ÷ meldt", format=",.2f"),
                 alt.Tooltip("opened:Q", title="Meldt", format=",d"),
                 alt.Tooltip("closed:Q", title="Lukket", format=",d")],
    )
    one = alt.Chart(pd.DataFrame({"y": [1.0]})).mark_rule(color=ORANGE, strokeDash=[6, 4], strokeWidth=2).encode(
        y="y:Q", tooltip=[alt.Tooltip("y:Q", title="Balanse (like mange lukket som meldt)")])
    return _finish([one, line, _events(events, r, NARROW_PX)], 170)


def build_resolve_chart(resolve: pd.DataFrame) -> alt.LayerChart:
    """Return median (bar) and 90th percentile (tick) hours to resolve per priority."""
    data = resolve.copy()
    order = data.sort_values("priority_rank")["priority"].tolist()
    color = ordinal_color("priority", "Prioritet", data["priority"].tolist(), PRIORITY_DOMAIN, PRIORITY_RANGE,
                          legend=False)
    tooltip = [alt.Tooltip("priority:N", title="Prioritet"),
               alt.Tooltip("median_hours:Q", title="Median (timer)", format=",.1f"),
               alt.Tooltip("p90_hours:Q", title="90-persentil (timer)", format=",.1f"),
               alt.Tooltip("n:Q", title="Lukkede saker", format=",d")]
    y = alt.Y("priority:N", title=None, sort=order)
    bars = alt.Chart(data).mark_bar(height=18).encode(
        y=y, x=alt.X("median_hours:Q", title="Timer til løst (stolpe: median, strek: 90-persentil)"),
        color=color, tooltip=tooltip)
    ticks = alt.Chart(data).mark_tick(color=INK, thickness=3, size=26).encode(
        y=y, x="p90_hours:Q", tooltip=tooltip)
    return base_config(alt.layer(bars, ticks), height=40 * len(data) + 60)
