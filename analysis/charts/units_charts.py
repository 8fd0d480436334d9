"""Charts for the unit mood page: unit × day heatmap, a unit's trend, its themes."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.charts.chart_theme import (
    SERIES_DOMAIN,
    SERIES_RANGE,
    base_config,
    day_tooltip,
    day_x,
    event_rules,
    events_utc,
    highlight,
    polarity_color,
    with_day_key,
)

SELECT_CELL = "enhet_dag"
HEATMAP_FRAME_PX = 190  # legend on top, x axis with title, padding: about 165 px in Chromium, plus a margin
SELECT_POINT = "trend_punkt"
SELECT_THEME = "tema"
SERIES_NB = {"unit": "Enheten", "area": "Tjenesteområdet", "all": "Alle enheter"}


def build_heatmap(cells: pd.DataFrame, events: pd.DataFrame, row_px: int = 18) -> alt.LayerChart:
    """Return a unit × day heatmap of mean chat polarity; click selects a cell."""
    data = with_day_key(cells)
    data["share_negative"] = data["n_negative"] / data["n"]
    # Only the columns the chart reads: every extra field costs the browser time on each of ~3 000 cells.
    data = data[["unit", "day", "dag", "n", "mean_polarity", "share_negative"]]
    sel = alt.selection_point(name=SELECT_CELL, fields=["unit", "dag"], on="click", clear="dblclick")
    units = sorted(data["unit"].unique().tolist())
    rect = alt.Chart(data).mark_rect(stroke="white", strokeWidth=0.5).encode(
        x=day_x(),
        y=alt.Y("unit:N", title=None, sort=units, axis=alt.Axis(labelLimit=260, labelOverlap=False)),
        color=polarity_color(top_legend=True),
        opacity=highlight(sel, 1.0, 0.45),
        tooltip=[alt.Tooltip("unit:N", title="Enhet"), day_tooltip(),
                 alt.Tooltip("mean_polarity:Q", title="Snittstemning", format="+.2f"),
                 alt.Tooltip("n:Q", title="Meldinger", format=",d"),
                 alt.Tooltip("share_negative:Q", title="Andel negative", format=".0%")],
    ).add_params(sel)
    # Streamlit fits the whole chart (legend on top, x axis) into `height`: the rows get what is left, so a
    # single unit still needs room for a readable row.
    return base_config(alt.layer(rect, event_rules(events_utc(events))),
                       height=max(row_px * len(units), 2 * row_px) + HEATMAP_FRAME_PX)


def build_trend_chart(trend: pd.DataFrame, events: pd.DataFrame, unit: str, area: str) -> alt.LayerChart:
    """Return one unit's daily mean polarity against its service area and all units; points are clickable."""
    data = with_day_key(trend)
    data["serie"] = data["series"].map(SERIES_NB)
    data["navn"] = data["series"].map({"unit": unit, "area": area, "all": "Alle enheter"})
    sel = alt.selection_point(name=SELECT_POINT, fields=["series", "dag"], on="click", clear="dblclick")
    color = alt.Color("serie:N", title=None, scale=alt.Scale(domain=SERIES_DOMAIN, range=SERIES_RANGE),
                      legend=alt.Legend(orient="top", symbolType="stroke", symbolStrokeWidth=3))
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
    return base_config(alt.layer(zero, lines, points, event_rules(events_utc(events))), height=260)


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
