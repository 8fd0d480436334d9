"""Charts of the weekly meeting: adoption, support load, mood and expected load, with the week highlighted."""

from __future__ import annotations

import datetime as dt

import altair as alt
import pandas as pd

from analysis.charts.chart_theme import (
    BLUE,
    GREY,
    INK,
    NB_FORMAT_LOCALE,
    NB_TIME_LOCALE,
    ORANGE,
    VERMILLION,
    as_day,
    base_config,
    day_x,
    nb_int_axis,
)

HIGHLIGHT = "#FDF3C4"


def _utc(values: pd.Series) -> pd.Series:
    """Return naive local times as UTC timestamps so they sit on the same axis as `day_x`."""
    return pd.to_datetime(values).dt.tz_localize("UTC") if len(values) else pd.to_datetime(values)


def _week_band(monday: dt.date, label: str) -> alt.LayerChart:
    """Return a shaded band over the chosen week with its label at the top."""
    band = pd.DataFrame({"start": as_day(pd.Series([monday])), "end": as_day(pd.Series([monday + dt.timedelta(7)])),
                         "label": [label]})
    rect = alt.Chart(band).mark_rect(color=HIGHLIGHT, opacity=0.9).encode(x="start:T", x2="end:T")
    text = alt.Chart(band).mark_text(align="left", baseline="bottom", dx=2, dy=-3, fontSize=13, fontWeight="bold",
                                     color=INK).encode(x="start:T", y=alt.value(0), text="label:N")
    return alt.layer(rect, text)


# Label rows for event titles: running down from the top of the plot, or up from its bottom.
TOP, BOTTOM = "top", "bottom"
# Kinds whose titles are kept first when two rules stand too close for both (the rest keep their rule and tooltip).
KIND_PRIORITY = {"go-live": 0, "cut-over": 1, "hotfix": 2, "fase": 2, "oppgradering": 2}
LABEL_FONT = 12


def place_event_labels(ts: list[dt.datetime], kinds: list[str], first: dt.date, last: dt.date,
                       plot_px: float, gap_px: float = LABEL_FONT + 4) -> list[str | None]:
    """Return each event's label row (TOP, BOTTOM) or None where no row has room: staggered, then skipped.

    Labels run along their (vertical) rule, so two labels collide when their rules are closer than a line
    height. Events are placed by kind priority (go-live first), then in time order.
    """
    span = max(1.0, ((last - first).days + 1) * 86400.0)
    start = dt.datetime.combine(first, dt.time())
    xs = [(t - start).total_seconds() / span * plot_px for t in ts]
    order = sorted(range(len(ts)), key=lambda i: (KIND_PRIORITY.get(str(kinds[i]).lower(), 3), ts[i]))
    rows: dict[str, list[float]] = {TOP: [], BOTTOM: []}
    out: list[str | None] = [None] * len(ts)
    for i in order:
        for row in (TOP, BOTTOM):
            if all(abs(xs[i] - x) >= gap_px for x in rows[row]):
                rows[row].append(xs[i])
                out[i] = row
                break
    return out


def _event_rules(ev: pd.DataFrame) -> alt.Chart:
    """Return the dashed rules with tooltips; the weekly charts write their own titles beside them.

    Drawn here rather than with `chart_theme.event_rules`, whose labels sit above the plot: the exports write
    whole titles along the rules instead.
    """
    return alt.Chart(ev[["ts", "title", "kind"]]).mark_rule(color=INK, strokeDash=[4, 3], strokeWidth=1.5).encode(
        x=alt.X("ts:T"),
        # UTC time unit: the times were localised to UTC to keep their wall-clock value.
        tooltip=[alt.Tooltip("utcyearmonthdatehoursminutes(ts):T", title="Tidspunkt", format="%d.%m.%Y %H:%M"),
                 alt.Tooltip("title:N", title="Hendelse"), alt.Tooltip("kind:N", title="Type")],
    )


def _events(events: pd.DataFrame, first: dt.date, last: dt.date, height: int = 240,
            labels: bool = True, plot_px: float | None = None) -> alt.LayerChart:
    """Return dashed event rules with their titles beside them (readable in static exports), never overlapping.

    `plot_px` is the plot's width in pixels (a guess for charts that follow their container): titles closer
    than a line height are staggered to the bottom of the plot, or left to the rule's tooltip.
    """
    ev = events.copy() if events is not None and len(events) else pd.DataFrame(
        {"ts": pd.Series(dtype="datetime64[ns]"), "title": [], "kind": []})
    if len(ev):
        days = pd.to_datetime(ev["ts"]).dt.date
        ev = ev[(days >= first) & (days <= last + dt.timedelta(days=1))]
    rows = place_event_labels(list(pd.to_datetime(ev["ts"]).dt.to_pydatetime()), list(ev["kind"].astype(str)),
                              first, last, plot_px or 900) if len(ev) else []
    ev = ev.assign(row=rows) if len(ev) else ev.assign(row=pd.Series(dtype=object))
    if len(ev):
        ev = ev.assign(ts=_utc(ev["ts"]))
    rules = _event_rules(ev)
    if not labels:  # narrow on-screen charts keep the rules (with tooltips) and leave the titles to wider charts
        return alt.layer(rules)
    limit = max(40, int(height * 0.46))  # two rows share the plot's height
    common = {"angle": 270, "fontSize": LABEL_FONT, "color": INK, "limit": limit, "clip": True}
    # Titles run along the rule inside the plot, so static exports show what each rule is; a white halo
    # under each title keeps it readable over bars and lines.
    layers = [rules]
    for row, align, dx, y in ((TOP, "right", -6, 0), (BOTTOM, "left", 6, height)):
        data = alt.Chart(ev[ev["row"] == row])
        enc = {"x": "ts:T", "y": alt.value(y), "text": "title:N"}
        halo = {**common, "color": "white", "stroke": "white", "strokeWidth": 3, "strokeJoin": "round"}
        layers.append(data.mark_text(align=align, baseline="bottom", dx=dx, dy=-4, **halo).encode(**enc))
        layers.append(data.mark_text(align=align, baseline="bottom", dx=dx, dy=-4, **common).encode(**enc))
    return alt.layer(*layers)


def _x(daily: pd.DataFrame) -> alt.X:
    """Return the day axis spanning the whole go-live period, the same on every weekly chart."""
    first, last = daily["day"].min(), daily["day"].max() + dt.timedelta(days=1)
    domain = [alt.DateTime(year=d.year, month=d.month, date=d.day, utc=True) for d in (first, last)]
    step = max(1, ((last - first).days + 13) // 14)  # about 14 labels at most, so they never collide
    axis = alt.Axis(format="%d.%m", labelAngle=0, tickCount={"interval": "day", "step": step}, labelOverlap=True)
    return day_x().scale(domain=domain).axis(axis)


def _finish(layers: list, title: str, height: int, width: int | None) -> alt.LayerChart:
    """Apply the house style, the Norwegian locale and the size."""
    # fit-x: the width follows the container, the height stays the plot's (plain "fit" squeezes the plot).
    chart = alt.layer(*layers).properties(title=alt.TitleParams(title, offset=20), height=height,
                                          autosize=alt.AutoSizeParams(type="fit-x", contains="padding"))
    if width:
        chart = chart.properties(width=width)
    chart = base_config(chart).configure(locale={"number": {**NB_FORMAT_LOCALE, "percent": "\u00a0%"},
                                                  "time": NB_TIME_LOCALE})
    return chart.configure_legend(orient="bottom", labelFontSize=13, titleFontSize=13)


def _plot_px(width: int | None, hint: int | None) -> int:
    """Return the plot's width in pixels: the hint, else the chart's width less the y axis, else a third of a page."""
    return hint or (width - 70 if width else 430)


def _prep(daily: pd.DataFrame) -> pd.DataFrame:
    """Return the daily frame with UTC day stamps for `day_x`."""
    return daily.assign(day=as_day(pd.to_datetime(daily["day"])))


def build_adoption_chart(daily: pd.DataFrame, events: pd.DataFrame, monday: dt.date, label: str, staff: int,
                         height: int = 240, width: int | None = None, labels: bool = True,
                         plot_px: int | None = None) -> alt.LayerChart:
    """Return active users as a share of staff per day, with the week shaded and events marked."""
    d = _prep(daily).assign(share=daily["active_users"] / staff if staff else float("nan"))
    d = d[d["share"].notna()]
    line = alt.Chart(d).mark_line(color=BLUE, strokeWidth=3, point=True).encode(
        x=_x(daily).bandPosition(0.5), y=alt.Y("share:Q", title="Andel av ansatte", axis=alt.Axis(format=".0%"),
                           scale=alt.Scale(domain=[0, 1])),
        tooltip=[alt.Tooltip("utcyearmonthdate(day):T", title="Dato", format="%d.%m.%Y"),
                 alt.Tooltip("active_users:Q", title="Aktive brukere", format=",d"),
                 alt.Tooltip("share:Q", title="Andel", format=".1%")],
    )
    first, last = daily["day"].min(), daily["day"].max()
    ev = _events(events, first, last, height, labels, _plot_px(width, plot_px))
    return _finish([_week_band(monday, label), line, ev],
                   "Aktive brukere, andel av ansatte", height, width)


def build_load_chart(daily: pd.DataFrame, events: pd.DataFrame, monday: dt.date, label: str,
                     height: int = 240, width: int | None = None, labels: bool = True,
                     plot_px: int | None = None) -> alt.LayerChart:
    """Return tickets opened (bars) and closed (line) per day, with the week shaded and events marked."""
    d = _prep(daily)
    d = d.assign(day_end=d["day"] + pd.Timedelta(days=1))
    # Solid bars from the day's start to its end (x2), so no renderer's band or bin spacing makes them thin
    # slivers: at a third of a page a day is only ~4 px wide.
    bars = alt.Chart(d).mark_bar(color=BLUE, opacity=1, strokeWidth=0, x2Offset=-0.5).encode(
        x=_x(daily), x2=alt.X2("utcyearmonthdate(day_end):T"), y=alt.Y("opened:Q", axis=nb_int_axis("Saker per dag")),
        y2=alt.Y2(datum=0),  # both ends given: vertical bars from zero (x and x2 alone would lay them sideways)
        tooltip=[alt.Tooltip("utcyearmonthdate(day):T", title="Dato", format="%d.%m.%Y"),
                 alt.Tooltip("opened:Q", title="Nye saker", format=",d"),
                 alt.Tooltip("closed:Q", title="Lukket", format=",d"),
                 alt.Tooltip("backlog:Q", title="Åpne ved dagens slutt", format=",d")],
    )
    closed = alt.Chart(d).mark_line(color=ORANGE, strokeWidth=2.5).encode(
        x=_x(daily).bandPosition(0.5), y="closed:Q")
    first, last = daily["day"].min(), daily["day"].max()
    ev = _events(events, first, last, height, labels, _plot_px(width, plot_px))
    return _finish([_week_band(monday, label), bars, closed, ev],
                   "Saker per dag: nye (søyler), lukket (linje)", height, width)


def build_mood_chart(daily: pd.DataFrame, events: pd.DataFrame, monday: dt.date, label: str,
                     height: int = 240, width: int | None = None, labels: bool = True,
                     plot_px: int | None = None) -> alt.LayerChart:
    """Return the mean chat sentiment per day (−1 to +1), with the week shaded and events marked."""
    d = _prep(daily)
    d = d[d["mean_polarity"].notna()]
    zero = alt.Chart(pd.DataFrame({"y": [0.0]})).mark_rule(color=GREY).encode(y="y:Q")
    line = alt.Chart(d).mark_line(color=INK, strokeWidth=2).encode(
        x=_x(daily).bandPosition(0.5),
        y=alt.Y("mean_polarity:Q", title="Snittstemning", scale=alt.Scale(domain=[-1, 1]),
                axis=alt.Axis(format="+.1f")))
    points = alt.Chart(d).mark_circle(size=110, opacity=1).encode(
        x=_x(daily).bandPosition(0.5), y="mean_polarity:Q",
        color=alt.condition("datum.mean_polarity < 0", alt.value(VERMILLION), alt.value(BLUE)),
        tooltip=[alt.Tooltip("utcyearmonthdate(day):T", title="Dato", format="%d.%m.%Y"),
                 alt.Tooltip("mean_polarity:Q", title="Snittstemning", format="+.2f"),
                 alt.Tooltip("messages:Q", title="Meldinger", format=",d"),
                 alt.Tooltip("negative_share:Q", title="Andel negative", format=".0%")],
    )
    first, last = daily["day"].min(), daily["day"].max()
    ev = _events(events, first, last, height, labels, _plot_px(width, plot_px))
    return _finish([_week_band(monday, label), zero, line, points, ev],
                   "Stemning i chatten per dag (−1 til +1)", height, width)


def build_expected_chart(daily: pd.DataFrame, monday: dt.date, label: str,
                         height: int = 240, width: int | None = None) -> alt.LayerChart:
    """Return actual tickets per day against the expected curve from the config file."""
    d = _prep(daily)
    long = pd.concat([
        d[["day"]].assign(series="Faktisk", value=d["opened"].astype("float64")),
        d[["day"]].assign(series="Forventet", value=d["expected"]),
    ])
    long = long[long["value"].notna()]
    color = alt.Color("series:N", title=None, scale=alt.Scale(domain=["Faktisk", "Forventet"], range=[BLUE, GREY]))
    tooltip = [alt.Tooltip("utcyearmonthdate(day):T", title="Dato", format="%d.%m.%Y"),
               alt.Tooltip("series:N", title="Serie"), alt.Tooltip("value:Q", title="Saker", format=",.0f")]
    enc = {"x": _x(daily).bandPosition(0.5), "y": alt.Y("value:Q", axis=nb_int_axis("Saker per dag")),
           "color": color, "tooltip": tooltip}
    # Two layers instead of a strokeDash scale: a [1, 0] dash renders as gaps in some renderers.
    actual = alt.Chart(long[long["series"] == "Faktisk"]).mark_line(strokeWidth=3, point=True).encode(**enc)
    expected = alt.Chart(long[long["series"] == "Forventet"]).mark_line(strokeWidth=3, strokeDash=[8, 5]).encode(**enc)
    lines = alt.layer(actual, expected)
    return _finish([_week_band(monday, label), lines], "Saker per dag: faktisk (blå) mot forventet (grå, stiplet)",
                   height, width)
