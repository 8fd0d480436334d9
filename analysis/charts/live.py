"""Charts for the live page."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.charts.theme import SENTIMENT_DOMAIN, base_config, event_rules, events_utc, highlight, sentiment_color

SELECT_HOUR = "time_stemning"


def build_hourly_sentiment_chart(hourly: pd.DataFrame, events: pd.DataFrame) -> alt.LayerChart:
    """Return chat messages per hour stacked by sentiment label, with event markers; click selects an hour."""
    data = hourly.copy()
    data["time"] = pd.to_datetime(data["hour"]).dt.strftime("%Y-%m-%d %H:00")
    data["hour"] = pd.to_datetime(data["hour"]).dt.tz_localize("UTC")
    data["label_nb"] = data["label"].map({"negative": "negativ", "neutral": "nøytral", "positive": "positiv"})
    data["order"] = data["label"].map({k: i for i, k in enumerate(SENTIMENT_DOMAIN)})
    sel = alt.selection_point(name=SELECT_HOUR, fields=["time", "label"], on="click", clear="dblclick")
    bars = alt.Chart(data).mark_bar().encode(
        x=alt.X("utcyearmonthdatehours(hour):T", title=None,
                axis=alt.Axis(format="%H", labelAngle=0, tickCount={"interval": "hour", "step": 3})),
        y=alt.Y("n:Q", title="Meldinger per time", axis=alt.Axis(tickMinStep=1)),
        color=sentiment_color(),
        order=alt.Order("order:Q"),
        opacity=highlight(sel),
        tooltip=[alt.Tooltip("time:N", title="Time"), alt.Tooltip("label_nb:N", title="Stemning"),
                 alt.Tooltip("n:Q", title="Meldinger", format=",d")],
    ).add_params(sel)
    rules = event_rules(events_utc(events), "ts")
    return base_config(alt.layer(bars, rules), height=190)
