"""The weekly export's «Gevinster» and «Bølger» sections (issue 17): present only when active, in every format."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from test_pptx_layout import _check_deck  # tests/ is on sys.path (rootdir conftest)

from analysis import db
from analysis.views.benefits_view import add_measurement, mnok
from analysis.weekly.export_html import render_html
from analysis.weekly.export_pptx import export_pptx
from analysis.weekly.report import build_sections
from analysis.weekly.summary import build_week_summary

WEEK = "2022-W19"
BENEFIT = "Overvåke e-link på Rover"


def _titles(summary) -> list[str]:
    """The section titles of a summary's outline."""
    return [sec.title for sec in build_sections(summary)]


def test_a_measurement_from_the_form_appears_in_the_weekly_html_with_its_nok_estimate(weeks_db: Path,
                                                                                       tmp_path: Path) -> None:
    path = tmp_path / "uke.duckdb"
    shutil.copy(weeks_db, path)
    before = build_week_summary(WEEK, path)
    assert before.benefits is None and "Gevinster" not in _titles(before)  # no register: no section

    db.write(lambda con: con.execute(
        "INSERT INTO benefits (name, indicator, measure_unit, baseline, target, nok_per_unit) "
        "VALUES (?, 'Kjøring tilbake', 'minutter per vakt', 40, 0, 300000)", [BENEFIT]).fetchall(), db=path)
    stored = add_measurement(str(path), BENEFIT, dt.date(2022, 5, 12), "25,5", "Målt på Lade", "leder",
                             today=dt.date(2022, 5, 15))
    assert stored.ok, stored.message
    summary = build_week_summary(WEEK, path)
    assert "Gevinster" in _titles(summary)
    estimate = mnok((40 - 25.5) * 300_000)  # 14,5 minutes a shift less, 300 000 kr a year per minute
    html = render_html(summary)
    section = html.split("<section id='benefits'>")[1].split("</section>")[0]
    assert estimate in section and "25,5 minutter per vakt" in section and BENEFIT in section

    # A measurement after the week is not counted in that week's export.
    add_measurement(str(path), BENEFIT, dt.date(2022, 5, 20), "10", None, "leder", today=dt.date(2022, 5, 21))
    again = render_html(build_week_summary(WEEK, path))
    assert estimate in again and mnok(30 * 300_000) not in again


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The full demo with its three waves and the seed's benefits."""
    from analysis.demo.generator import build_demo

    path = tmp_path_factory.mktemp("demo") / "demo.duckdb"
    build_demo(path)
    return path


def test_the_waves_section_appears_once_a_later_wave_is_live_and_its_deck_fits(demo_db: Path,
                                                                                tmp_path: Path) -> None:
    early = build_week_summary(WEEK, demo_db)  # only Trondheim has gone live in week 19
    assert early.waves is None and "Bølger" not in _titles(early) and "Gevinster" in _titles(early)
    late = build_week_summary("2022-W24", demo_db)  # Malvik went live on 4 June
    assert late.waves is not None and "Bølger" in _titles(late)
    assert "Malvik" in late.waves.headline
    html = render_html(late)
    assert "<section id='waves'>" in html and "<section id='benefits'>" in html
    deck = export_pptx(late, tmp_path / "uke24.pptx")
    assert _check_deck(deck) == []
