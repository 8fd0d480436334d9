"""Charts for the unit mood page: unit × day heatmap, a unit's trend, its themes."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd

from analysis.charts.chart_theme import (
    FIT_X,
    INK,
    SERIES_DOMAIN,
    SERIES_RANGE,
    base_config,
    day_domain,
    day_tooltip,
    day_x,
    event_rules,
    events_utc,
    highlight,
    polarity_color,
    with_day_key,
)

SELECT_CELL = "enhet_dag"
HEAT_ROW_PX = 16  # at least 12 px a row: a unit's name and its cells stay readable at a glance
HEAT_FEW_PX = 320  # a heatmap of a few units is at least this tall, so its rows are not thin strips
HEAT_PLOT_PX = 900  # the heatmap's plot width on a laptop (full width, unit names beside it)
TREND_PLOT_PX = 480  # half the page beside the themes
SELECT_POINT = "trend_punkt"
SELECT_THEME = "tema"
SERIES_NB = {"unit": "Enheten", "area": "Tjenesteområdet", "all": "Alle enheter"}


def heat_row_px(n_rows: int, least: int = HEAT_ROW_PX) -> int:
    """Return the height of one heatmap row: `least` for many units, taller (up to 28 px) for a few."""
    return max(least, min(28, HEAT_FEW_PX // max(n_rows, 1)))


def build_heatmap(cells: pd.DataFrame, events: pd.DataFrame, row_px: int = HEAT_ROW_PX, *,
                  order: tuple[str, ...] | None = None, headers: tuple[str, ...] = ()) -> alt.LayerChart:
    """Return a unit × day heatmap of mean chat polarity; click selects a cell.

    `order` is the rows top to bottom (unit names, and the group headings in `headers`, which get no cells and
    a bold label); without it the units are alphabetical. Events are marked above the cells, never over them.
    """
    data = with_day_key(cells)
    data["share_negative"] = data["n_negative"] / data["n"]
    # Only the columns the chart reads: every extra field costs the browser time on each of ~3 000 cells.
    data = data[["unit", "day", "dag", "n", "mean_polarity", "share_negative"]]
    sel = alt.selection_point(name=SELECT_CELL, fields=["unit", "dag"], on="click", clear="dblclick")
    rows = list(order) if order else sorted(data["unit"].unique().tolist())
    rows += sorted(set(data["unit"]) - set(rows))  # a unit the order does not know still gets its row
    heads = json.dumps(list(headers), ensure_ascii=False)
    axis = alt.Axis(labelLimit=300, labelOverlap=False, labelFontSize=13, labelPadding=6,
                    labelFontWeight={"condition": {"test": f"indexof({heads}, datum.value) >= 0", "value": "bold"},
                                     "value": "normal"},
                    labelColor={"condition": {"test": f"indexof({heads}, datum.value) >= 0", "value": INK},
                                "value": "#374151"})
    x = day_x().axis(format="%d.%m", labelAngle=0, tickCount="day", labelOverlap=True, orient="bottom")
    rect = alt.Chart(data).mark_rect(stroke="white", strokeWidth=0.5).encode(
        x=x,
        y=alt.Y("unit:N", title=None, sort=rows, scale=alt.Scale(domain=rows), axis=axis),
        color=polarity_color(top_legend=False),
        opacity=highlight(sel, 1.0, 0.45),
        tooltip=[alt.Tooltip("unit:N", title="Enhet"), day_tooltip(),
                 alt.Tooltip("mean_polarity:Q", title="Snittstemning", format="+.2f"),
                 alt.Tooltip("n:Q", title="Meldinger", format=",d"),
                 alt.Tooltip("share_negative:Q", title="Andel negative", format=".0%")],
    ).add_params(sel)
    ev = events_utc(events)
    marks = event_rules(ev, over_plot=False, domain=day_domain(data["day"]), width_px=HEAT_PLOT_PX)
    chart = alt.layer(rect, marks).properties(height=heat_row_px(len(rows), row_px) * len(rows), autosize=FIT_X)
    return base_config(chart).configure_legend(orient="right", gradientLength=160)


def build_trend_chart(trend: pd.DataFrame, events: pd.DataFrame, unit: str, area: str) -> alt.LayerChart:
    """Return one unit's daily mean polarity against its service area and all units; points are clickable."""
    data = with_day_key(trend)
    data["serie"] = data["series"].map(SERIES_NB)
    data["navn"] = data["series"].map({"unit": unit, "area": area, "all": "Alle enheter"})
    sel = alt.selection_point(name=SELECT_POINT, fields=["series", "dag"], on="click", clear="dblclick")
    color = alt.Color("serie:N", title=None, scale=alt.Scale(domain=SERIES_DOMAIN, range=SERIES_RANGE),
                      legend=alt.Legend(orient="bottom", symbolType="stroke", symbolStrokeWidth=3))
    base = alt.Chart(data).encode(
        x=day_x(),
        y=alt.Y("mean_polarity:Q", title="Snittstemning (−1 til +1)", scale=alt.Scale(domain=[-1, 1]),
                axis=alt.Axis(format="+.1f")),
        color=color,
        tooltip=[alt.Tooltip("navn:N", title="Serie"), day_tooltip(),
                 alt.Tooltip("mean_polarity:Q", title="Snittstemning", format="+.2f"),
                 alt.Tooltip("n:Q", title="Meldinger", format=",d")],
    )
    lines = base.mark_line(strokeWidth=2).encode(
        strokeDash=alt.StrokeDash("serie:N", scale=alt.Scale(domain=SERIES_DOMAIN, range=[[1, 0], [6, 3], [2, 2]]),
                                  legend=None))
    points = base.mark_point(filled=True, size=70).encode(
        color=alt.Color("serie:N", scale=alt.Scale(domain=SERIES_DOMAIN, range=SERIES_RANGE), legend=None),
        opacity=highlight(sel, 1.0, 0.4)).add_params(sel)
    zero = alt.Chart(pd.DataFrame({"y": [0]})).mark_rule(color="#9CA3AF").encode(
        y="y:Q", tooltip=[alt.Tooltip("y:Q", title="Nøytral")])
    marks = event_rules(events_utc(events), domain=day_domain(data["day"]), width_px=TREND_PLOT_PX)
    chart = alt.layer(zero, lines, points, marks).properties(height=240, autosize=FIT_X)
    return base_config(chart)


def build_theme_chart(themes: pd.DataFrame, labels: dict[str, str]) -> alt.Chart:
    """Return the unit's themes as bars of mean polarity, most negative on top; click selects a theme."""
    data = themes.copy()
    data["tema"] = data["theme"].map(lambda t: labels.get(t, t))
    sel = alt.selection_point(name=SELECT_THEME, fields=["theme"], on="click", clear="dblclick")
    order = data.sort_values(["mean_polarity", "n"], ascending=[True, False])["tema"].tolist()
    chart = alt.Chart(data).mark_bar().encode(
        y=alt.Y("tema:N", title=None, sort=order, axis=alt.Axis(labelLimit=220, labelOverlap=False)),
        x=alt.X("mean_polarity:Q", title="Snittstemning", scale=alt.Scale(domain=[-1, 1]),
                axis=alt.Axis(format="+.1f")),
        color=polarity_color(top_legend=True),
        opacity=highlight(sel),
        tooltip=[alt.Tooltip("tema:N", title="Tema"),
                 alt.Tooltip("mean_polarity:Q", title="Snittstemning", format="+.2f"),
                 alt.Tooltip("n:Q", title="Meldinger", format=",d"),
                 alt.Tooltip("negative_share:Q", title="Andel negative", format=".0%")],
    ).add_params(sel)
    return base_config(chart, height=26 * len(data) + 110)
