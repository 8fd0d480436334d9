"""«Gevinster» chart: the legend names only the reference lines the chart draws."""

from __future__ import annotations

import datetime as dt

import pandas as pd

from analysis.charts.benefits_charts import benefit_curve


def legend_domain(chart_dict: dict) -> list[str]:
    """The colour domain of the reference rules (the legend's entries)."""
    for layer in chart_dict["layer"]:
        colour = layer.get("encoding", {}).get("color")
        if colour:
            return list(colour["scale"]["domain"])
    return []


def measurements(name: str) -> pd.DataFrame:
    """Two measurements of one benefit."""
    return pd.DataFrame({"benefit": [name, name], "measured_on": [dt.date(2022, 5, 16), dt.date(2022, 5, 23)],
                         "value": [30.0, 25.0]})


def test_a_benefit_shows_baseline_and_target_in_its_legend() -> None:
    chart = benefit_curve(measurements("A"), "A", "gevinst", 40, 0, "minutter", "på vei").to_dict()
    assert legend_domain(chart) == ["Utgangspunkt", "Mål"]


def test_an_ulempe_has_no_target_in_its_legend() -> None:
    chart = benefit_curve(measurements("B"), "B", "ulempe", 10, 0, "timer", "verre").to_dict()
    assert legend_domain(chart) == ["Utgangspunkt"]
    rows = [r for data in chart["datasets"].values() for r in data]
    assert [r["what"] for r in rows if "what" in r] == ["Utgangspunkt"]  # no target rule drawn either
