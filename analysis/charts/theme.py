"""One chart theme for every page and export: colour-blind-safe colours, Norwegian formats."""

from __future__ import annotations

import altair as alt
import pandas as pd

# Okabe–Ito palette: distinguishable with the common colour-vision deficiencies.
BLUE = "#0072B2"
VERMILLION = "#D55E00"
ORANGE = "#E69F00"
SKY = "#56B4E9"
GREEN = "#009E73"
YELLOW = "#F0E442"
PURPLE = "#CC79A7"
GREY = "#8C8C8C"
INK = "#1F2937"

CATEGORICAL = [BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY, "#000000"]

# Sentiment is always coloured the same way: negative vermillion, neutral grey, positive blue.
SENTIMENT_DOMAIN = ["negative", "neutral", "positive"]
SENTIMENT_LABELS = {"negative": "negativ", "neutral": "nøytral", "positive": "positiv"}
SENTIMENT_RANGE = [VERMILLION, "#BDBDBD", BLUE]
STATUS_DOMAIN = ["rød", "gul", "grønn"]
STATUS_RANGE = [VERMILLION, ORANGE, GREEN]

# Norwegian d3 locale so axes read "7 200" and "84,7 %" and month names are bokmål.
NB_FORMAT_LOCALE = {
    "decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"],
}
NB_TIME_LOCALE = {
    "dateTime": "%A %e. %B %Y kl. %X", "date": "%d.%m.%Y", "time": "%H:%M:%S",
    "periods": ["", ""],
    "days": ["søndag", "mandag", "tirsdag", "onsdag", "torsdag", "fredag", "lørdag"],
    "shortDays": ["søn.", "man.", "tir.", "ons.", "tor.", "fre.", "lør."],
    "months": ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
               "oktober", "november", "desember"],
    "shortMonths": ["jan.", "feb.", "mars", "apr.", "mai", "juni", "juli", "aug.", "sep.", "okt.",
                    "nov.", "des."],
}


def sentiment_color(field: str = "label", title: str = "Stemning", legend: bool = True) -> alt.Color:
    """Return the fixed colour encoding for sentiment labels."""
    return alt.Color(
        f"{field}:N",
        title=title,
        scale=alt.Scale(domain=SENTIMENT_DOMAIN, range=SENTIMENT_RANGE),
        legend=alt.Legend(labelExpr="{'negative':'negativ','neutral':'nøytral','positive':'positiv'}[datum.label]")
        if legend else None,
    )


def polarity_color(field: str = "mean_polarity", title: str = "Snittstemning") -> alt.Color:
    """Return the diverging colour encoding for a mean polarity in [-1, 1]."""
    return alt.Color(
        f"{field}:Q",
        title=title,
        scale=alt.Scale(domain=[-0.5, 0, 0.5], range=SENTIMENT_RANGE, clamp=True),
        legend=alt.Legend(format="+.1f"),
    )


def base_config(chart: alt.TopLevelMixin, height: int | None = None) -> alt.TopLevelMixin:
    """Apply the house style (fonts large enough for a projector, quiet grid)."""
    chart = chart.configure_axis(labelFontSize=13, titleFontSize=14, gridColor="#E5E7EB")
    chart = chart.configure_legend(labelFontSize=13, titleFontSize=14)
    chart = chart.configure_title(fontSize=16, anchor="start")
    chart = chart.configure_view(strokeWidth=0)
    return chart.properties(height=height) if height else chart


def event_rules(events: pd.DataFrame, x_field: str = "ts") -> alt.LayerChart | alt.Chart:
    """Return vertical dashed rules with tooltips marking events (go-live, hotfix …) on a time axis."""
    data = events[[x_field, "title", "kind"]].copy() if len(events) else pd.DataFrame(
        {x_field: pd.Series(dtype="datetime64[ns]"), "title": [], "kind": []})
    rule = alt.Chart(data).mark_rule(color=INK, strokeDash=[4, 3], strokeWidth=1.5).encode(
        x=alt.X(f"{x_field}:T"),
        tooltip=[alt.Tooltip(f"{x_field}:T", title="Tidspunkt", format="%d.%m.%Y %H:%M"),
                 alt.Tooltip("title:N", title="Hendelse"), alt.Tooltip("kind:N", title="Type")],
    )
    return rule


def day_x(field: str = "day", title: str = "Dato") -> alt.X:
    """Return an x encoding for calendar days: one band per day in UTC, labels like 07.05."""
    return alt.X(f"utcyearmonthdate({field}):T", title=title,
                 axis=alt.Axis(format="%d.%m", labelAngle=0, tickCount="day", labelOverlap=True))


def as_day(values: pd.Series) -> pd.Series:
    """Return days as UTC timestamps so Vega draws each on its own calendar day."""
    return pd.to_datetime(values).dt.tz_localize("UTC") if len(values) else pd.to_datetime(values)


def nb_int_axis(title: str) -> alt.Axis:
    """Return an axis whose integer labels use a space as thousands separator (7 200)."""
    return alt.Axis(title=title, labelExpr="replace(format(datum.value, ',d'), /,/g, '\u00a0')")
