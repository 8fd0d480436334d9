"""The weekly charts: event titles never overlap (staggered, then skipped), and the load bars are solid days."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.charts.weekly_charts import BOTTOM, TOP, build_load_chart, place_event_labels

FIRST, LAST = dt.date(2022, 4, 25), dt.date(2022, 7, 3)  # 70 days


def test_close_events_are_staggered_then_skipped_with_go_live_first() -> None:
    ts = [dt.datetime(2022, 5, 6, 20), dt.datetime(2022, 5, 7, 7), dt.datetime(2022, 5, 7, 9),
          dt.datetime(2022, 6, 20, 9)]
    kinds = ["bemanning", "go-live", "hotfix", "fase"]
    # 700 px for 70 days: 10 px a day, so the first three are within a line height (16 px) of each other.
    rows = place_event_labels(ts, kinds, FIRST, LAST, plot_px=700)
    assert rows[1] == TOP, "go-live keeps the top row"
    assert rows[2] == BOTTOM and rows[0] is None, "the hotfix goes below; the staffing change is left to its tooltip"
    assert rows[3] == TOP
    # On a wide slide there is room for all of them.
    assert None not in place_event_labels(ts, kinds, FIRST, LAST, plot_px=4000)


def test_labels_in_one_row_are_a_line_height_apart() -> None:
    ts = [dt.datetime(2022, 5, 1) + dt.timedelta(hours=6 * i) for i in range(40)]
    rows = place_event_labels(ts, ["hotfix"] * 40, FIRST, LAST, plot_px=1000)
    for row in (TOP, BOTTOM):
        xs = sorted((t - dt.datetime(2022, 4, 25)).total_seconds() / (71 * 86400) * 1000
                    for t, r in zip(ts, rows, strict=True) if r == row)
        assert all(b - a >= 16 for a, b in zip(xs, xs[1:], strict=False))


def test_load_bars_span_whole_days_and_are_opaque() -> None:
    days = pd.date_range("2022-05-01", periods=10).date
    daily = pd.DataFrame({"day": days, "opened": range(10), "closed": range(10), "backlog": range(10)})
    spec = build_load_chart(daily, pd.DataFrame(), dt.date(2022, 5, 2), "Uke 18").to_dict()
    bar = next(layer for layer in spec["layer"] if (layer.get("mark") or {}).get("type") == "bar")
    assert bar["mark"].get("opacity", 1) == 1 and bar["mark"].get("strokeWidth") == 0
    assert bar["encoding"]["x2"]["field"] == "day_end" and bar["encoding"]["y2"] == {"datum": 0}
