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
    from analysis import access

    at = AppTest.from_file(str(ROOT / "pages" / "report_form.py"), default_timeout=60)
    at.session_state["_principal"] = access.full_principal("av")  # the page alone: nobody signed in reads no text
    at.run()
    assert not at.exception
    at.selectbox(key="report_unit").set_value("Lade hjemmetjeneste")
    at.radio(key="report_status").set_value("gul")
    at.radio(key="report_mood").set_value(4)
    at.text_area(key="report_text").input("<b>Travelt</b>, ring 912 34 567")
    at.button[0].click().run()
    assert not at.exception
    assert at.success[0].value == "Rapporten er lagret"
    assert any(c.value.startswith("Personopplysninger ble fjernet") and "1 telefonnummer" in c.value
               for c in at.caption)
    assert [t.value for t in at.text] == ["<b>Travelt</b>, ring [telefon]"]  # the receipt: as stored, plain text
    assert db.read_rows("SELECT unit, status, mood, text FROM unit_reports", db=dbp) == [
        ("Lade hjemmetjeneste", "gul", 4, "<b>Travelt</b>, ring [telefon]")]
    history = at.dataframe[-1].value
    history = history.data if hasattr(history, "data") else history  # a Styler marks the report just sent
    assert list(history["Tekst"]) == ["<b>Travelt</b>, ring [telefon]"]
    assert list(history["Status"]) == ["Gul"]
    assert at.subheader[0].value == "Rapporter fra Lade hjemmetjeneste"


def test_report_form_history_is_empty_for_a_new_unit(dbp: Path) -> None:
    at = AppTest.from_file(str(ROOT / "pages" / "report_form.py"), default_timeout=60).run()
    assert not at.exception
    assert any("Velg enhet for å se rapportene" in c.value for c in at.caption)  # no unit chosen for the user
    at.selectbox(key="report_unit").set_value("Trondheim legevakt").run()
    assert any("Ingen rapporter" in c.value for c in at.caption)


def test_import_page_offers_a_template_and_an_example_per_kind(dbp: Path) -> None:
    at = AppTest.from_file(str(ROOT / "pages" / "import_data.py"), default_timeout=60).run()
    at.selectbox(key="import_kind").set_value("reports").run()
    assert not at.exception
    buttons = {b.key: b.label for b in at.get("download_button")}
    assert buttons["template_reports"].startswith("Last ned mal (") and buttons["template_reports"].endswith("\u00a0B)")
    assert buttons["example_reports"].startswith("Last ned eksempel (0,") and "kB" in buttons["example_reports"]
    guide = at.dataframe[0].value
    assert list(guide["Kolonne"]) == ["dato", "enhet", "status", "stemning", "tekst", "innsendt"]
