"""Enheter at a glance: the heatmap grouped by service area, rows tall enough, events outside the cells."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest
from test_charts_readable import EVENTS, layers, mark

from analysis.charts.units_charts import build_heatmap
from analysis.demo.roster import UNIT_SPECS
from analysis.views.tables import messages_table, nb_display, nb_number
from analysis.views.units_view import heat_rows

APP = str(Path(__file__).resolve().parents[1] / "app.py")


def demo_units() -> pd.DataFrame:
    """The demo's units and service areas as judged card rows (already worst first)."""
    return pd.DataFrame([(u.name, u.area) for u in UNIT_SPECS], columns=["unit", "service_area"])


def demo_cells(units: list[str], days: int = 70) -> pd.DataFrame:
    """One cell per unit and day over the demo's ten weeks."""
    first = dt.date(2022, 4, 23)
    return pd.DataFrame([{"unit": u, "day": first + dt.timedelta(days=d), "n": 3, "n_negative": 1,
                          "mean_polarity": 0.1} for u in units for d in range(days)])


def test_heat_rows_group_units_under_their_area_in_attention_order() -> None:
    table = pd.DataFrame({"unit": ["B", "X", "A", "Y", "C"],
                          "service_area": ["HVS", "hjemmetjeneste", "HVS", "hjemmetjeneste", "HVS"]})
    order, headers = heat_rows(table, ["A", "B", "C", "X", "Y", "Ukjent enhet"])
    assert headers == ("HVS · 3", "Hjemmetjeneste · 2", "Uten tjenesteområde · 1")
    assert order == ("HVS · 3", "B", "A", "C", "Hjemmetjeneste · 2", "X", "Y", "Uten tjenesteområde · 1",
                     "Ukjent enhet")


def test_heat_rows_leave_out_units_without_chat_and_never_reuse_a_units_name() -> None:
    table = pd.DataFrame({"unit": ["HVS · 1", "Z"], "service_area": ["HVS", "HVS"]})
    order, headers = heat_rows(table, ["HVS · 1"])
    assert "Z" not in order
    assert headers[0] != "HVS · 1" and headers[0].strip() == "HVS · 1"


def test_demo_heatmap_rows_are_at_least_12_px_and_events_stay_off_the_cells() -> None:
    units = demo_units()
    assert len(units) >= 40
    order, headers = heat_rows(units, units["unit"].tolist())
    spec = build_heatmap(demo_cells(units["unit"].tolist()), EVENTS, order=order, headers=headers).to_dict()
    assert spec["autosize"]["type"] == "fit-x"  # the height is the plot's own, labels come on top of it
    rows = len(order)
    assert spec["height"] / rows >= 12
    cells = [lay for lay in layers(spec) if mark(lay) == "rect"]
    assert len(cells) == 1 and cells[0]["encoding"]["y"]["scale"]["domain"] == list(order)
    for lay in layers(spec):
        if lay is cells[0]:
            continue
        enc = lay["encoding"]
        # Every event mark has its own y above the plot (negative px): none spans or covers the cells.
        assert "y" in enc, f"{mark(lay)} spans the cells"
        if "value" in enc["y"]:
            assert enc["y"]["value"] < 0
        else:
            assert enc["y"]["scale"] is None
            data = spec["datasets"][lay["data"]["name"]] if "name" in lay.get("data", {}) else []
            assert all(r[enc["y"]["field"]] <= 0 for r in data)
        if "y2" in enc:
            assert enc["y2"]["value"] <= 0


def test_a_single_unit_gets_a_tall_row() -> None:
    spec = build_heatmap(demo_cells(["Lade hjemmetjeneste"], 10), EVENTS.head(0),
                         order=("Hjemmetjeneste · 1", "Lade hjemmetjeneste"), headers=("Hjemmetjeneste · 1",)).to_dict()
    assert spec["height"] / 2 >= 20


def test_polarity_reads_with_a_decimal_comma_in_the_drill_table() -> None:
    rows = pd.DataFrame({"ts": [pd.Timestamp("2022-05-11 22:20")], "unit": ["Trondheim legevakt"], "source": ["chat"],
                         "role": ["ansatt"], "text": ["Utskrift virker ikke"], "label": ["negative"],
                         "polarity": [-0.96], "themes": [["utskrift"]], "safety": [False], "safety_reason": [None],
                         "evidence": [None]})
    table = messages_table(rows, {})
    shown = nb_display(table).to_html()
    assert "\u22120,96" in shown and "-0.96" not in shown
    assert table["Polaritet"].dtype.kind == "f"  # still a number: sorts as one, and the CSV keeps it
    assert nb_number(7200.0, 0) == "7\u00a0200" and nb_number(12345, 0, "Saksnr.") == "12345"


@pytest.fixture()
def units_page(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The Enheter page over the fixture."""
    monkeypatch.setenv("GOLIVE_DB", str(fixture_db))
    monkeypatch.setenv("GOLIVE_NOW", "2022-05-14T12:00")
    monkeypatch.setenv("GOLIVE_AUTH", "av")
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.switch_page("pages/units.py").run()
    return at


def test_units_page_draws_the_grouped_heatmap(units_page: AppTest) -> None:
    assert not units_page.exception
    spec = json.loads(units_page.get("vega_lite_chart")[0].proto.spec)
    cells = [lay for lay in layers(spec) if mark(lay) == "rect"][0]
    domain = cells["encoding"]["y"]["scale"]["domain"]
    assert any("·" in r for r in domain)  # service-area headings between the units
    assert spec["height"] / len(domain) >= 12
