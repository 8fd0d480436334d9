"""«Bølger» charts: one small chart per figure, the waves aligned on day 0 after go-live, earlier waves as a band."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.charts.chart_theme import CATEGORICAL, FIT_X, GREY, base_config

BAND_LABEL = "Spennet i tidligere bølger"


def wave_colors(labels: list[str]) -> alt.Scale:
    """One colour-blind-safe colour per go-live, in go-live order."""
    return alt.Scale(domain=labels, range=CATEGORICAL[: len(labels)])


def small_multiple(daily: pd.DataFrame, band: pd.DataFrame, metric: str, title: str, labels: list[str],
                   newest: str | None, share: bool = False, height: int = 190) -> alt.TopLevelMixin:
    """One figure for every wave by day after go-live: the earlier waves' spread as a grey band, each wave a line
    (the newest thicker)."""
    rows = daily[daily["metric"] == metric].copy()
    rows["newest"] = rows["label"] == newest
    fmt = ".0%" if share else ",.1f"
    x = alt.X("day:Q", title="Dag etter go-live", scale=alt.Scale(nice=False), axis=alt.Axis(tickMinStep=1))
    lines = alt.Chart(rows).mark_line(point=alt.OverlayMarkDef(size=18)).encode(
        x=x,
        y=alt.Y("value:Q", title=None, axis=alt.Axis(format=fmt)),
        # One go-live per legend row: three labels side by side are cut off in a third of the page's width.
        color=alt.Color("label:N", title="Go-live", scale=wave_colors(labels),
                        legend=alt.Legend(orient="bottom", columns=1, labelLimit=0)),
        strokeWidth=alt.condition("datum.newest", alt.value(3.5), alt.value(1.6)),
        tooltip=[alt.Tooltip("label:N", title="Go-live"), alt.Tooltip("day:Q", title="Dag"),
                 alt.Tooltip("value:Q", title=title, format=fmt)],
    )
    layers = []
    shown = band[band["metric"] == metric].assign(band=BAND_LABEL) if len(band) else band
    if len(shown):
        layers.append(alt.Chart(shown).mark_area(opacity=0.25, color=GREY).encode(
            x=x, y="low:Q", y2="high:Q",
            tooltip=[alt.Tooltip("band:N", title=""), alt.Tooltip("day:Q", title="Dag"),
                     alt.Tooltip("low:Q", title="Lavest", format=fmt),
                     alt.Tooltip("high:Q", title="Høyest", format=fmt)],
        ))
    rule = alt.Chart(pd.DataFrame({"day": [0]})).mark_rule(strokeDash=[4, 3], color="#555").encode(x="day:Q")
    chart = alt.layer(*layers, lines, rule).properties(title=title, height=height, autosize=FIT_X)
    return base_config(chart)
