"""«Gevinster» chart: one benefit's measurements against its baseline and target."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.charts.chart_theme import BLUE, FIT_X, GREEN, GREY, VERMILLION, base_config


def benefit_curve(measurements: pd.DataFrame, name: str, kind: str, baseline: float, target: float, unit: str,
                  status: str, height: int = 220) -> alt.TopLevelMixin:
    """The measurements over time as a line, the baseline (grey, dashed) and the target (green) as rules."""
    rows = measurements[measurements["benefit"] == name].copy()
    rows["measured_on"] = pd.to_datetime(rows["measured_on"])
    refs = pd.DataFrame({"value": [baseline, target], "what": ["Utgangspunkt", "Mål"]})
    if kind == "ulempe":
        refs = refs.iloc[:1]
    drawn = list(refs["what"])  # the legend names only the rules drawn (an ulempe has no target line)
    y = alt.Y("value:Q", title=unit, scale=alt.Scale(zero=True))
    colour = VERMILLION if kind == "ulempe" else BLUE
    line = alt.Chart(rows).mark_line(point=True, color=colour, strokeWidth=2.5).encode(
        x=alt.X("measured_on:T", title="Målt", axis=alt.Axis(format="%d.%m")), y=y,
        tooltip=[alt.Tooltip("measured_on:T", title="Målt", format="%d.%m.%Y"),
                 alt.Tooltip("value:Q", title=unit, format=",.1f")])
    rules = alt.Chart(refs).mark_rule(strokeWidth=2).encode(
        y="value:Q",
        color=alt.Color("what:N", title=None, scale=alt.Scale(domain=drawn, range=[GREY, GREEN][:len(drawn)]),
                        legend=alt.Legend(orient="bottom")),
        strokeDash=alt.condition("datum.what == 'Utgangspunkt'", alt.value([5, 4]), alt.value([1, 0])),
        tooltip=[alt.Tooltip("what:N", title=""), alt.Tooltip("value:Q", title=unit, format=",.1f")])
    title = alt.TitleParams(f"{name} ({kind})", subtitle=status)
    return base_config(alt.layer(rules, line).properties(title=title, height=height, autosize=FIT_X))
