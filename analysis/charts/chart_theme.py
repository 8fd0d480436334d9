"""One chart theme for every page and export: colour-blind-safe colours, Norwegian formats."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.rules import Backlog, age_bucket_order, load_rules

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
    "decimal": ",", "thousands": "\u00a0", "grouping": [3], "currency": ["", "\u00a0kr"], "percent": "\u00a0%",
    "minus": "\u2212",
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


def polarity_color(field: str = "mean_polarity", title: str = "Snittstemning", top_legend: bool = False) -> alt.Color:
    """Return the diverging colour encoding for a mean polarity in [-1, 1] (legend on top for short charts)."""
    legend = (alt.Legend(format="+.1f", orient="top", direction="horizontal", gradientLength=160)
              if top_legend else alt.Legend(format="+.1f"))
    return alt.Color(
        f"{field}:Q",
        title=title,
        scale=alt.Scale(domain=[-0.5, 0, 0.5], range=SENTIMENT_RANGE, clamp=True),
        legend=legend,
    )


def base_config(chart: alt.TopLevelMixin, height: int | None = None) -> alt.TopLevelMixin:
    """Apply the house style (fonts large enough for a projector, quiet grid, Norwegian locale)."""
    chart = chart.configure(locale=alt.Locale(number=NB_FORMAT_LOCALE, time=NB_TIME_LOCALE))
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
        # UTC time unit: the times were localised to UTC to keep their wall-clock value.
        tooltip=[alt.Tooltip(f"utcyearmonthdatehoursminutes({x_field}):T", title="Tidspunkt",
                             format="%d.%m.%Y %H:%M"),
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


# Trend series (not sentiment): the unit in black, its service area and all units in quieter styles.
SERIES_DOMAIN = ["Enheten", "Tjenesteområdet", "Alle enheter"]
SERIES_RANGE = ["#000000", PURPLE, GREY]


def with_day_key(df: pd.DataFrame, col: str = "day") -> pd.DataFrame:
    """Add 'dag' (YYYY-MM-DD text, the key selections return) and make `col` a UTC day for Vega."""
    out = df.copy()
    out["dag"] = pd.to_datetime(out[col]).dt.strftime("%Y-%m-%d") if len(out) else pd.Series(dtype=str)
    out[col] = as_day(out[col])
    return out


def events_utc(events: pd.DataFrame, col: str = "ts") -> pd.DataFrame:
    """Return events with their times as UTC so Vega draws them at the local wall-clock time."""
    if not len(events):
        return events
    return events.assign(**{col: pd.to_datetime(events[col]).dt.tz_localize("UTC")})


def day_tooltip(field: str = "day") -> alt.Tooltip:
    """Return a tooltip showing a calendar day as 07.05.2022."""
    return alt.Tooltip(f"utcyearmonthdate({field}):T", title="Dato", format="%d.%m.%Y")


def status_color(field: str = "status", title: str = "Lederstatus") -> alt.Color:
    """Return the fixed colour encoding for the leaders' traffic light."""
    return alt.Color(f"{field}:N", title=title, scale=alt.Scale(domain=STATUS_DOMAIN, range=STATUS_RANGE))

# Ordinal and categorical scales that stay clear of the sentiment colours (blue, grey, vermillion).
PRIORITY_DOMAIN = ["kritisk", "høy", "middels", "lav"]
PRIORITY_RANGE = ["#3F007D", "#6A51A3", "#9E9AC8", "#CBC9E2"]
# Backlog ages: light (young) to dark (old) oranges; the buckets themselves come from [ko] in data/rules.toml.
AGE_PALETTE = ["#FDD0A2", "#FDAE6B", "#FD8D3C", "#F16913", "#D94801", "#A63603", "#7F2704"]
CATEGORY_RANGE = [ORANGE, SKY, GREEN, PURPLE, YELLOW, "#000000", "#999933", "#882255", "#44AA99", "#DDCC77"]
LOAD_SCHEME = "purples"


def age_domain(backlog: Backlog | None = None) -> list[str]:
    """Return the backlog age bucket labels, youngest first, from the rules (the current rules file by default)."""
    return age_bucket_order(backlog or load_rules().backlog)


def age_range(n: int) -> list[str]:
    """Return `n` colours spread evenly from the lightest to the darkest orange (4 gives the house four)."""
    last = len(AGE_PALETTE) - 1
    return [AGE_PALETTE[round(i * last / (n - 1))] for i in range(n)] if n > 1 else AGE_PALETTE[2:3] * n


def ordered_domain(values: list[str], known: list[str]) -> list[str]:
    """Return the known values in their order, then any others alphabetically."""
    present = set(values)
    return [v for v in known if v in present] + sorted(present - set(known))


def ordinal_color(field: str, title: str, domain: list[str], known: list[str], palette: list[str],
                  legend: bool = True) -> alt.Color:
    """Return a colour encoding with the known values in fixed colours and extra values after them."""
    dom = ordered_domain(domain, known)
    fixed = dict(zip(known, palette, strict=False))
    extra = iter(CATEGORY_RANGE)
    rng = [fixed.get(v) or next(extra, GREY) for v in dom]
    return alt.Color(f"{field}:N", title=title, scale=alt.Scale(domain=dom, range=rng), sort=dom,
                     legend=alt.Legend() if legend else None)


def highlight(param: alt.Parameter, selected: float = 1.0, other: float = 0.35) -> alt.OpacityValue:
    """Return an opacity condition that dims marks outside a selection (all marks full while empty)."""
    return alt.condition(param, alt.value(selected), alt.value(other))
