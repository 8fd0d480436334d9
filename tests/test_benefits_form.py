"""A benefit measured through the «Gevinster» form shows on the page and in the weekly export with its NOK estimate."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from analysis import db
from analysis.views.benefits_view import mnok
from analysis.weekly.export_html import render_html
from analysis.weekly.summary import build_week_summary
from apptest_util import metrics_of, run_app  # tests/ is on sys.path (rootdir conftest)

WEEK = "2022-W19"
BENEFIT = "Overvåke e-link på Rover"


def test_a_measurement_sent_through_the_form_reaches_the_page_and_the_weekly_export(
        weeks_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "skjema.duckdb"
    shutil.copy(weeks_db, path)
    db.write(lambda con: con.execute(
        "INSERT INTO benefits (name, indicator, measure_unit, baseline, target, nok_per_unit) "
        "VALUES (?, 'Kjøring tilbake', 'minutter per vakt', 40, 0, 300000)", [BENEFIT]).fetchall(), db=path)
    estimate = mnok((40 - 25.5) * 300_000)  # 14,5 minutes a shift less, 300 000 kr a year per minute

    at = run_app(path, "pages/benefits.py", monkeypatch)  # GOLIVE_AUTH=av in tests: full rights
    assert not at.exception
    assert metrics_of(at)["Realisert per år nå"] != estimate  # nothing measured yet
    at.selectbox(key="gevinst_navn").set_value(BENEFIT)
    at.date_input(key="gevinst_dato").set_value(dt.date(2022, 5, 12))
    at.text_input(key="gevinst_verdi").set_value("25,5")
    at.text_area(key="gevinst_kommentar").set_value("Målt på Lade")
    next(b for b in at.button if b.label == "Lagre måling").click().run()
    assert not at.exception
    assert [e.value for e in at.error if "GOLIVE_AUTH" not in e.value] == []  # the auth-off banner aside
    assert any("25,5" in s.value or BENEFIT in s.value for s in at.success), [s.value for s in at.success]

    at.run()  # the page as the next visit shows it
    assert metrics_of(at)["Realisert per år nå"] == estimate
    table = at.dataframe[0].value
    row = table[table["Navn"] == BENEFIT].iloc[0]
    assert row["Siste måling"].startswith("25,5") and "12.05.2022" in row["Siste måling"]
    assert row["Kr per år nå"] == estimate
    assert db.read_rows("SELECT value FROM benefit_measurements WHERE benefit = ?", [BENEFIT], db=path) == [(25.5,)]

    html = render_html(build_week_summary(WEEK, path))
    section = html.split("<section id='benefits'>")[1].split("</section>")[0]
    assert estimate in section and "25,5 minutter per vakt" in section and BENEFIT in section
