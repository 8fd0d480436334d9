"""Charts for the overview page."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.charts.chart_theme import (
    BLUE,
    EVENT_FONT_PX,
    as_day,
    base_config,
    day_x,
    event_band_px,
    event_rules,
    nb_int_axis,
    polarity_color,
)
from analysis.charts.live_charts import WALL_FONT, WALL_PLOT_PX, wall_event_band, wall_style

# The overview's chart spans the page: at a laptop's 1 600 px about 1 100 px of plot.
PLOT_PX = 1100


def build_daily_activity_chart(daily: pd.DataFrame, events: pd.DataFrame, wall: bool = False,
                               height: int = 320) -> alt.LayerChart:
    """Return tickets per day as bars coloured by the day's mean chat sentiment, with event markers.

    The event markers' labels (chart_theme.event_rules) sit in rows above the plot; `height` is the plot's
    own height and the rows are added to it.
    """
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
    domain = (daily["day"].min(), daily["day"].max() + pd.Timedelta(days=1)) if len(daily) else None
    width = round(WALL_PLOT_PX["daily"] * EVENT_FONT_PX / WALL_FONT) if wall else PLOT_PX
    rules = event_rules(ev, "ts", domain=domain, width_px=width)
    band = event_band_px(ev, domain=domain, width_px=width)
    height += wall_event_band(band) if wall else band
    chart = base_config(alt.layer(bars, rules), height=height)
    return wall_style(chart, height) if wall else chart
