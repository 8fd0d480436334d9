"""Charts for the overview page."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.charts.chart_theme import BLUE, as_day, day_x, event_rules, nb_int_axis, polarity_color


def build_daily_activity_chart(daily: pd.DataFrame, events: pd.DataFrame) -> alt.LayerChart:
    """Return tickets per day as bars coloured by the day's mean chat sentiment, with event markers."""
    daily = daily.assign(day=as_day(daily["day"]))
    bars = alt.Chart(daily).mark_bar(color=BLUE).encode(
        x=day_x(),
        y=alt.Y("tickets:Q", axis=nb_int_axis("Saker meldt per dag")),
        # Days without chat messages have no mood: draw them grey instead of dropping the bar.
        color=alt.condition("isValid(datum.mean_polarity)", polarity_color(), alt.value("#BDBDBD")),
        tooltip=[
            alt.Tooltip("utcyearmonthdate(day):T", title="Dato", format="%d.%m.%Y"),
            alt.Tooltip("tickets:Q", title="Saker", format=",d"),
            alt.Tooltip("messages:Q", title="Meldinger", format=",d"),
            alt.Tooltip("mean_polarity:Q", title="Snittstemning", format="+.2f"),
        ],
    )
    ev = events.assign(ts=pd.to_datetime(events["ts"]).dt.tz_localize("UTC")) if len(events) else events
    return alt.layer(bars, event_rules(ev, "ts")).properties(height=320)
