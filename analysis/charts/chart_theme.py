"""One chart theme for every page and export: colour-blind-safe colours, Norwegian formats."""

from __future__ import annotations

import altair as alt
import pandas as pd

from analysis.fmt import DECIMAL, MINUS, NBSP
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
# With autosize "fit-x" the width follows the page while the height stays the plot's own: the event labels
# above the plot add to the chart instead of squeezing the plot (Streamlit's default "fit" squeezes it).
FIT_X = alt.AutoSizeParams(type="fit-x", contains="padding")

CATEGORICAL = [BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, YELLOW, GREY, "#000000"]

# Sentiment is always coloured the same way: negative vermillion, neutral grey, positive blue.
SENTIMENT_DOMAIN = ["negative", "neutral", "positive"]
SENTIMENT_LABELS = {"negative": "negativ", "neutral": "nøytral", "positive": "positiv"}
SENTIMENT_RANGE = [VERMILLION, "#BDBDBD", BLUE]
STATUS_DOMAIN = ["rød", "gul", "grønn"]
STATUS_RANGE = [VERMILLION, ORANGE, GREEN]

# Norwegian d3 locale so axes read "7 200" and "84,7 %" and month names are bokmål.
# The same characters as analysis.fmt (tables, tiles, exports), so a chart and a table never disagree.
NB_FORMAT_LOCALE = {
    "decimal": DECIMAL, "thousands": NBSP, "grouping": [3], "currency": ["", f"{NBSP}kr"], "percent": f"{NBSP}%",
    "minus": MINUS,
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


EVENT_LANE_PX = 16  # one row of event labels above the plot
EVENT_GAP_PX = 6  # between the plot's top edge and the nearest row of labels
EVENT_FONT_PX = 12
EVENT_CHAR_PX = 6.7  # average glyph width at 12 px in the app's sans-serif font, with a margin
EVENT_LABEL_CHARS = 18
EVENT_MAX_LANES = 3
EVENT_WIDTH_PX = 480  # the narrowest plot an event chart is drawn in (a half-width column on a laptop)


def short_title(title: str, limit: int = EVENT_LABEL_CHARS) -> str:
    """Shorten a title to at most `limit` characters, at a word boundary where one is near, ending in …."""
    title = " ".join(str(title).split())
    if len(title) <= limit:
        return title
    if limit < 2:
        return ""
    cut = title[:limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" :,;–-") + "…"


def _as_number(values: pd.Series) -> pd.Series:
    """Return x positions as floats (seconds for times) so distances can be compared."""
    if pd.api.types.is_numeric_dtype(values):
        return values.astype(float)
    ts = pd.to_datetime(values)
    if getattr(ts.dt, "tz", None) is not None:
        ts = ts.dt.tz_localize(None)
    return (ts - pd.Timestamp("1970-01-01")).dt.total_seconds()


def _domain_numbers(domain: tuple | None, xs: pd.Series) -> tuple[float, float]:
    """Return the x domain as two floats: the given one, else the events' own span (never zero wide)."""
    if domain is not None:
        lo, hi = _as_number(pd.Series(list(domain)))
        if len(xs):  # the chart's scale also spans the events themselves (one before the data widens it)
            lo, hi = min(lo, xs.min()), max(hi, xs.max())
    else:  # the chart's own span is unknown: assume one wider than the events', so labels err towards more rows
        lo, hi = (xs.min(), xs.max()) if len(xs) else (0.0, 1.0)
        lo, hi = lo - (hi - lo) * 0.25, hi + (hi - lo) * 0.25
    if hi - lo <= 0:  # one event, or all at one time: give it a day (or one unit) of room either side
        pad = 86400.0 if lo > 1e6 else 1.0
        lo, hi = lo - pad, hi + pad
    return float(lo), float(hi)


# Which events keep their label first when rows run out: the go-live and what changed the system.
EVENT_KIND_RANK = {"go-live": 0, "cut-over": 1, "hotfix": 2, "oppgradering": 3, "fase": 4}


def _free(taken: list[tuple[float, float]], x0: float, x1: float, gap: float = 4) -> bool:
    """Tell whether [x0, x1] keeps `gap` px clear of every interval already in a row."""
    return all(x1 + gap <= a or x0 >= b + gap for a, b in taken)


EVENT_MIN_CHARS = 7  # a label cut shorter than this says nothing: the marker and its tooltip stay instead


def _fit(title: str, px: float, width_px: float, rows: list[list[tuple[float, float]]], limit: int,
         char_px: float = EVENT_CHAR_PX) -> tuple[str, int, str, float, float] | None:
    """Return the longest label (at most `limit` characters) that fits a row at `px`, left or right of it."""
    for chars in range(limit, EVENT_MIN_CHARS - 1, -1):
        label = short_title(title, chars)
        w = len(label) * char_px + 4
        for lane, taken in enumerate(rows):
            for align, x0, x1 in (("left", px, px + w), ("right", px - w, px)):
                if x0 >= -2 and x1 <= width_px + 2 and _free(taken, x0, x1):
                    return label, lane, align, x0, x1
    return None


def event_lanes(events: pd.DataFrame, x_field: str = "ts", domain: tuple | None = None,
                width_px: int = EVENT_WIDTH_PX, max_lanes: int = EVENT_MAX_LANES,
                limit: int = EVENT_LABEL_CHARS, font_px: int = EVENT_FONT_PX) -> pd.DataFrame:
    """Place each event's short label in a row above the plot so that no two labels overlap.

    Returns the events in time order with `label` (the title shortened to fit), `lane` (0 nearest the plot),
    `align` ('left' of its marker or 'right') and `x0_px`/`x1_px` (the label's estimated extent). Events are
    placed most important first (EVENT_KIND_RANK, then time); one that fits no row at any length keeps its
    marker and tooltip but no label. Widths are estimated at EVENT_CHAR_PX per character on a plot `width_px`
    wide (the narrowest the chart is drawn): a wider chart only spreads the labels further apart.
    """
    cols = ["label", "lane", "align", "x0_px", "x1_px"]
    if not len(events):
        return events.assign(**{c: pd.Series(dtype=object) for c in cols})
    ev = events.sort_values(x_field).reset_index(drop=True)
    xs = _as_number(ev[x_field])
    lo, hi = _domain_numbers(domain, xs)
    kinds = ev["kind"] if "kind" in ev else pd.Series([""] * len(ev))
    order = sorted(range(len(ev)), key=lambda i: (EVENT_KIND_RANK.get(str(kinds[i]), 9), xs[i]))
    rows: list[list[tuple[float, float]]] = [[] for _ in range(max_lanes)]
    placed: dict[int, tuple] = {}
    for i in order:
        px = (xs[i] - lo) / (hi - lo) * width_px
        fit = _fit(ev["title"][i], px, width_px, rows, limit, EVENT_CHAR_PX * font_px / EVENT_FONT_PX)
        if fit:
            rows[fit[1]].append(fit[3:])
        placed[i] = fit or ("", 0, "left", px, px)
    return pd.concat([ev, pd.DataFrame([placed[i] for i in range(len(ev))], columns=cols)], axis=1)


def event_band_px(events: pd.DataFrame, **lane_args: object) -> int:
    """Return the height (px) the event labels take above the plot: add it to a chart's height."""
    if not len(events):
        return 0
    lane_px = EVENT_LANE_PX * float(lane_args.get("font_px", EVENT_FONT_PX)) / EVENT_FONT_PX
    return EVENT_GAP_PX + round(lane_px * (int(event_lanes(events, **lane_args)["lane"].max()) + 1))


def _event_time_text(ev: pd.DataFrame, x_field: str) -> list[str]:
    """Return each event's time as 07.05.2022 07:00 for the tooltip (from `ts` when the x is not a time)."""
    col = "ts" if "ts" in ev else x_field
    if not len(ev) or pd.api.types.is_numeric_dtype(ev[col]):
        return [""] * len(ev)
    return pd.to_datetime(ev[col]).dt.strftime("%d.%m.%Y %H:%M").tolist()


def event_rules(events: pd.DataFrame, x_field: str = "ts", *, labels: bool = True, over_plot: bool = True,
                domain: tuple | None = None, width_px: int = EVENT_WIDTH_PX, x_type: str = "T",
                max_lanes: int = EVENT_MAX_LANES, font_px: int = EVENT_FONT_PX) -> alt.LayerChart:
    """Return event markers (go-live, hotfix …) on an x axis, each with a short label in a row above the plot.

    The labels sit outside the plot, in rows chosen by `event_lanes` so they overlap neither each other nor
    the data; a thin line joins each label to its marker. `over_plot=False` keeps the dashed rule off the plot
    (for heatmaps, whose cells it would cover): only a tick above the top edge marks the event. `domain` is the
    chart's x domain (times, or numbers with `x_type="Q"`); without it a span half as wide again as the events'
    is assumed (a chart much wider than its events may still see two labels touch: pass the domain). Under
    autosize FIT_X the labels add to the chart's height; under "fit" add `event_band_px(...)` to the height.
    `font_px` draws the labels larger (a wall screen): rows and label widths grow with it.
    """
    base_cols = [x_field, "title", "kind"] + (["ts"] if "ts" in events and x_field != "ts" else [])
    if len(events):
        data = events[base_cols].copy()
    else:
        data = pd.DataFrame({x_field: pd.Series(dtype="float64" if x_type == "Q" else "datetime64[ns]"),
                             "title": pd.Series(dtype=str), "kind": pd.Series(dtype=str)})
    data = event_lanes(data, x_field, domain, width_px, max_lanes, font_px=font_px)
    lane_px = EVENT_LANE_PX * font_px / EVENT_FONT_PX  # a wall screen's larger text gets taller rows
    if not labels:
        data["label"] = ""
    data["tid"] = _event_time_text(data, x_field)
    top = -EVENT_GAP_PX
    data["label_y"] = [top - lane_px * (int(lane) + 0.5) for lane in data["lane"]] if len(data) else []
    data["line_top"] = [y - font_px / 2 + 2 if lbl else top - 2 for y, lbl in
                        zip(data["label_y"], data["label"], strict=True)] if len(data) else []
    data = data.drop(columns=["x0_px", "x1_px"])
    x = alt.X(f"{x_field}:{x_type}")
    tooltip = [alt.Tooltip("tid:N", title="Tidspunkt"), alt.Tooltip("title:N", title="Hendelse"),
               alt.Tooltip("kind:N", title="Type")]
    base = alt.Chart(data)
    layers = []
    if over_plot:
        layers.append(base.mark_rule(color=INK, strokeDash=[4, 3], strokeWidth=1.5).encode(x=x, tooltip=tooltip))
    # The line from the label (or the top edge) down to the plot: outside the plot, never over the data.
    layers.append(base.mark_rule(color=INK, strokeWidth=1).encode(
        x=x, y=alt.Y("line_top:Q", scale=None, axis=None), y2=alt.value(0), tooltip=tooltip))
    if not over_plot:
        layers.append(base.mark_point(shape="triangle-down", filled=True, color=INK, size=40).encode(
            x=x, y=alt.value(-4), tooltip=tooltip))
    text = dict(baseline="middle", fontSize=font_px)
    for align, dx in (("left", 3), ("right", -3)):
        part = base.transform_filter(f"datum.align == '{align}' && datum.label != ''")
        enc = dict(x=x, y=alt.Y("label_y:Q", scale=None, axis=None), text="label:N", tooltip=tooltip)
        layers.append(part.mark_text(**text, align=align, dx=dx, color="white", stroke="white", strokeWidth=3,
                                     strokeJoin="round").encode(**enc))
        layers.append(part.mark_text(**text, align=align, dx=dx, color=INK).encode(**enc))
    return alt.layer(*layers)


def day_domain(days: pd.Series) -> tuple[pd.Timestamp, pd.Timestamp] | None:
    """Return the span of a day axis (first day to the end of the last), for placing event labels."""
    if not len(days):
        return None
    ts = pd.to_datetime(days)
    if getattr(ts.dt, "tz", None) is not None:
        ts = ts.dt.tz_localize(None)
    return ts.min(), ts.max() + pd.Timedelta(days=1)


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
# Priorities: warm for urgent, cool for less so, all Okabe–Ito and told apart by hue and by lightness, so they
# stay distinct with the common colour-vision deficiencies and in greyscale (shades of one purple did not).
PRIORITY_RANGE = [VERMILLION, ORANGE, BLUE, SKY]
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
