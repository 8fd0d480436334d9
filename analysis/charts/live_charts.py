"""Charts for the live page."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from analysis.charts.chart_theme import (
    EVENT_FONT_PX,
    EVENT_WIDTH_PX,
    INK,
    SENTIMENT_DOMAIN,
    base_config,
    event_band_px,
    event_rules,
    events_utc,
    highlight,
    sentiment_color,
)
from analysis.rules import SENTIMENT_LABELS_NB

SELECT_HOUR = "time_stemning"
# Chart text on the wall screen, in px at 1920×1080: readable from about 4 m (larger screens scale the page).
WALL_FONT = 18
WALL_TITLE_FONT = 20
# The plot widths (px) the wall layout gives each chart at 1920×1080 (pages/live.py, pages/overview.py).
WALL_PLOT_PX = {"hourly": 600, "daily": 1650}


def _is_text_mark(mark: object) -> bool:
    """Tell whether a chart's mark is a text mark (given as "text" or as a MarkDef)."""
    kind = mark if isinstance(mark, str) else getattr(mark, "type", None)
    return kind == "text"


def _raise_text_marks(chart: alt.TopLevelMixin, size: int) -> None:
    """Give every text mark in a (layered) chart at least `size` px, e.g. the shared event markers' labels."""
    for sub in getattr(chart, "layer", None) or []:
        _raise_text_marks(sub, size)
    mark = getattr(chart, "mark", alt.Undefined)
    if not _is_text_mark(mark):
        return
    if isinstance(mark, str):
        chart.mark = alt.MarkDef(type="text", fontSize=size)
        return
    current = getattr(mark, "fontSize", alt.Undefined)
    if not isinstance(current, int | float) or current < size:
        mark.fontSize = size


# event_rules stacks its labels in rows EVENT_LANE_PX apart for EVENT_FONT_PX text; at WALL_FONT the rows
# are spread by the same factor (the label and line positions are columns of the markers' data).
EVENT_Y_COLUMNS = ("label_y", "line_top")
WALL_EVENT_SCALE = WALL_FONT / EVENT_FONT_PX


def _spread_event_rows(chart: alt.TopLevelMixin, factor: float, seen: set[int] | None = None) -> None:
    """Multiply the event labels' row positions (px above the plot) by `factor` in every layer that has them."""
    seen = set() if seen is None else seen
    for sub in getattr(chart, "layer", None) or []:
        _spread_event_rows(sub, factor, seen)
    data = getattr(chart, "data", None)
    if isinstance(data, pd.DataFrame) and id(data) not in seen and all(c in data for c in EVENT_Y_COLUMNS):
        scaled = data.assign(**{c: data[c] * factor for c in EVENT_Y_COLUMNS})
        seen.add(id(scaled))
        chart.data = scaled


def wall_event_band(band_px: int) -> int:
    """Return the height the event label rows take on the wall, given their height at the normal size."""
    return round(band_px * WALL_EVENT_SCALE)


def wall_style(chart: alt.TopLevelMixin, height: int | None = None) -> alt.TopLevelMixin:
    """Return a chart (already through base_config) with text sized for a TV across the room."""
    chart = chart.copy(deep=True)
    _raise_text_marks(chart, WALL_FONT)
    _spread_event_rows(chart, WALL_EVENT_SCALE)
    chart = chart.configure_axis(labelFontSize=WALL_FONT, titleFontSize=WALL_FONT, titleFontWeight="normal",
                                 labelColor=INK, titleColor=INK, gridColor="#E5E7EB", labelLimit=320)
    chart = chart.configure_legend(labelFontSize=WALL_FONT, titleFontSize=WALL_FONT, symbolSize=220,
                                   labelColor=INK, titleColor=INK, labelLimit=320)
    chart = chart.configure_text(fontSize=WALL_FONT)
    chart = chart.configure_title(fontSize=WALL_TITLE_FONT, anchor="start")
    return chart.properties(height=height) if height else chart


def _utc(ts: dt.datetime) -> alt.DateTime:
    """Return a Vega-Lite DateTime for a naive local timestamp shown on a UTC scale."""
    return alt.DateTime(year=ts.year, month=ts.month, date=ts.day, hours=ts.hour, minutes=ts.minute, utc=True)


def build_hourly_sentiment_chart(hourly: pd.DataFrame, events: pd.DataFrame, start: dt.datetime,
                                 end: dt.datetime, wall: bool = False, height: int = 190) -> alt.LayerChart:
    """Return chat messages per hour stacked by sentiment label between start and end, with event markers.

    On the wall (`wall=True`) the text is TV-sized and there is no click selection (nobody clicks a TV).
    """
    data = hourly.copy()
    data["time"] = pd.to_datetime(data["hour"]).dt.strftime("%Y-%m-%d %H:00")
    data["hour"] = pd.to_datetime(data["hour"]).dt.tz_localize("UTC")
    data["label_nb"] = data["label"].map(SENTIMENT_LABELS_NB)
    data["order"] = data["label"].map({k: i for i, k in enumerate(SENTIMENT_DOMAIN)})
    sel = alt.selection_point(name=SELECT_HOUR, fields=["time", "label"], on="click", clear="dblclick")
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("utcyearmonthdatehours(hour):T", title=None, scale=alt.Scale(domain=[_utc(start), _utc(end)]),
                axis=alt.Axis(format="%H:%M", labelAngle=0, tickCount=6 if wall else 8)),
        y=alt.Y("n:Q", title="Meldinger per time", axis=alt.Axis(tickMinStep=1, format="d",
                                                                 tickCount=4 if wall else alt.Undefined)),
        color=sentiment_color(),
        order=alt.Order("order:Q"),
        tooltip=[alt.Tooltip("time:N", title="Time"), alt.Tooltip("label_nb:N", title="Stemning"),
                 alt.Tooltip("n:Q", title="Meldinger", format=",d")],
    )
    if not wall:
        bars = bars.encode(opacity=highlight(sel)).add_params(sel)
    ev = events[(pd.to_datetime(events["ts"]) >= start) & (pd.to_datetime(events["ts"]) <= end)] if len(events) \
        else events
    domain = (pd.Timestamp(start, tz="UTC"), pd.Timestamp(end, tz="UTC"))
    # The labels are placed for 12 px text; on the wall they are drawn at WALL_FONT, so the plot is
    # described as proportionally narrower to keep them apart.
    width = round(WALL_PLOT_PX["hourly"] * EVENT_FONT_PX / WALL_FONT) if wall else EVENT_WIDTH_PX
    ev = events_utc(ev)
    rules = event_rules(ev, "ts", domain=domain, width_px=width)
    band = event_band_px(ev, domain=domain, width_px=width)
    height += wall_event_band(band) if wall else band
    chart = base_config(alt.layer(bars, rules), height=height)
    return wall_style(chart, height) if wall else chart
