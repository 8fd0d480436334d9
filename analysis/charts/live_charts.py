"""Charts for the live page."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from analysis.charts.chart_theme import (
    SENTIMENT_DOMAIN,
    base_config,
    event_rules,
    events_utc,
    highlight,
    sentiment_color,
)
from analysis.rules import SENTIMENT_LABELS_NB

SELECT_HOUR = "time_stemning"


def _utc(ts: dt.datetime) -> alt.DateTime:
    """Return a Vega-Lite DateTime for a naive local timestamp shown on a UTC scale."""
    return alt.DateTime(year=ts.year, month=ts.month, date=ts.day, hours=ts.hour, minutes=ts.minute, utc=True)


def build_hourly_sentiment_chart(hourly: pd.DataFrame, events: pd.DataFrame, start: dt.datetime,
                                 end: dt.datetime) -> alt.LayerChart:
    """Return chat messages per hour stacked by sentiment label between start and end, with event markers."""
    data = hourly.copy()
    data["time"] = pd.to_datetime(data["hour"]).dt.strftime("%Y-%m-%d %H:00")
    data["hour"] = pd.to_datetime(data["hour"]).dt.tz_localize("UTC")
    data["label_nb"] = data["label"].map(SENTIMENT_LABELS_NB)
    data["order"] = data["label"].map({k: i for i, k in enumerate(SENTIMENT_DOMAIN)})
    sel = alt.selection_point(name=SELECT_HOUR, fields=["time", "label"], on="click", clear="dblclick")
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("utcyearmonthdatehours(hour):T", title=None, scale=alt.Scale(domain=[_utc(start), _utc(end)]),
                axis=alt.Axis(format="%H:%M", labelAngle=0, tickCount=8)),
        y=alt.Y("n:Q", title="Meldinger per time", axis=alt.Axis(tickMinStep=1, format="d")),
        color=sentiment_color(),
        order=alt.Order("order:Q"),
        opacity=highlight(sel),
        tooltip=[alt.Tooltip("time:N", title="Time"), alt.Tooltip("label_nb:N", title="Stemning"),
                 alt.Tooltip("n:Q", title="Meldinger", format=",d")],
    ).add_params(sel)
    ev = events[(pd.to_datetime(events["ts"]) >= start) & (pd.to_datetime(events["ts"]) <= end)] if len(events) \
        else events
    rules = event_rules(events_utc(ev), "ts")
    return base_config(alt.layer(bars, rules), height=190)
