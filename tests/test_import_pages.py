"""The draft pages for import and the report form run, and the form stores a report (AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import db
from import_helpers import fresh_db

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture
def dbp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = fresh_db(tmp_path)
    monkeypatch.setenv("GOLIVE_DB", str(path))
    return path


def test_import_page_renders_without_a_file(dbp: Path) -> None:
    at = AppTest.from_file(str(ROOT / "pages" / "import_data.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Importer data"
    assert at.selectbox(key="import_kind").value == "units"


def test_report_form_stores_a_masked_report_and_shows_text_literally(dbp: Path) -> None:
    at = AppTest.from_file(str(ROOT / "pages" / "report_form.py"), default_timeout=60).run()
    assert not at.exception
    at.selectbox(key="report_unit").set_value("Lade hjemmetjeneste")
    at.radio(key="report_status").set_value("gul")
    at.slider(key="report_mood").set_value(4)
    at.text_area(key="report_text").input("<b>Travelt</b>, ring 912 34 567")
    at.button[0].click().run()
    assert not at.exception
    assert at.success[0].value.startswith("Rapporten for Lade hjemmetjeneste")
    assert "1 telefonnummer" in at.success[0].value
    assert db.read_rows("SELECT unit, status, mood, text FROM unit_reports", db=dbp) == [
        ("Lade hjemmetjeneste", "gul", 4, "<b>Travelt</b>, ring [telefon]")]
    history = at.dataframe[0].value
    assert list(history["Tekst"]) == ["<b>Travelt</b>, ring [telefon]"]
    assert list(history["Status"]) == ["Gul"]
    assert at.subheader[0].value == "Siste rapporter fra Lade hjemmetjeneste"


def test_report_form_history_is_empty_for_a_new_unit(dbp: Path) -> None:
    at = AppTest.from_file(str(ROOT / "pages" / "report_form.py"), default_timeout=60).run()
    assert not at.exception
    assert any("Ingen rapporter" in c.value for c in at.caption)
