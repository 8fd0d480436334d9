"""The daily report page (AppTest through app.py): unit not defaulted, status required, receipt, cleared form,
and a report for a past date visible in the history."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis import access, db
from analysis.importers import submit_report
from apptest_util import run_app
from import_helpers import fresh_db

PAGE = "pages/report_form.py"
NO_LOGIN = {"GOLIVE_AUTH": "av"}  # a units-only database is "real data": without log-in set up, say so
SECRET = "Ring Kari Nordmann på 912 34 567"


@pytest.fixture
def dbp(tmp_path: Path) -> Path:
    """The importer tests' units plus two units whose names sort and read alike."""
    path = fresh_db(tmp_path)

    def add(con) -> None:
        for name in ("BOA Byåsen", "Byåsen hjemmetjeneste"):
            con.execute("INSERT INTO units VALUES (?, 'hjemmetjeneste', 30, DATE '2022-05-07', [])", [name])

    db.write(add, path)
    return path


def reports(path: Path) -> list[tuple]:
    return db.read_rows("SELECT unit, day, status, mood, text FROM unit_reports ORDER BY id", db=path)


def test_the_unit_is_not_defaulted_to_the_first_in_the_list(dbp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(dbp, PAGE, monkeypatch, env=NO_LOGIN)
    unit = at.selectbox(key="report_unit")
    assert unit.options[0] == "BOA Byåsen" and unit.value is None
    assert "Velg enheten du rapporterer for." in [c.value for c in at.caption]
    assert at.radio(key="report_status").value is None and at.radio(key="report_mood").value is None


def test_the_unit_comes_from_the_sidebar_filter(dbp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(dbp, PAGE, monkeypatch, env=NO_LOGIN, enhet="Byåsen hjemmetjeneste")
    assert at.selectbox(key="report_unit").value == "Byåsen hjemmetjeneste"
    assert "Enheten er hentet fra filteret i sidepanelet." in [c.value for c in at.caption]
    at.selectbox(key="enhet").set_value("Lade hjemmetjeneste").run()  # the sidebar changes: the form follows
    assert at.selectbox(key="report_unit").value == "Lade hjemmetjeneste"


def test_the_unit_comes_from_the_login(dbp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOLIVE_DB", str(dbp))
    at = AppTest.from_file(str(Path(__file__).resolve().parents[1] / PAGE), default_timeout=60)
    at.session_state["_principal"] = access.Principal(user="kari", name="Kari", roles=frozenset({access.LEADER}),
                                                      units=frozenset({"Byåsen hjemmetjeneste"}))
    at.run()
    assert at.selectbox(key="report_unit").options == ["Byåsen hjemmetjeneste"]
    assert at.selectbox(key="report_unit").value == "Byåsen hjemmetjeneste"
    assert "Enheten er hentet fra innloggingen din." in [c.value for c in at.caption]


def test_status_is_required_and_nothing_is_stored_without_it(dbp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(dbp, PAGE, monkeypatch, env=NO_LOGIN)
    at.selectbox(key="report_unit").set_value("Lade hjemmetjeneste").run()
    at.text_area(key="report_text").input("Travel dag")
    at.button(key="FormSubmitter:report_form-Send rapport").click().run()
    assert not at.exception
    errors = [e.value for e in at.main.error]
    assert "Status må være grønn, gul eller rød\\." in errors and "Velg en enhet\\." not in errors
    assert "Rapporten er ikke sendt." in [c.value for c in at.caption]
    assert at.text_area(key="report_text").value == "Travel dag"  # kept, so it can be sent once fixed
    assert not at.success
    assert reports(dbp) == []


def test_receipt_shows_the_stored_report_and_the_form_is_cleared(dbp: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(dbp, PAGE, monkeypatch, env=NO_LOGIN, enhet="Byåsen hjemmetjeneste")
    at.radio(key="report_status").set_value("gul")
    at.radio(key="report_mood").set_value(2)
    at.date_input(key="report_day").set_value(dt.date(2022, 5, 8))
    at.text_area(key="report_text").input(SECRET)
    at.button(key="FormSubmitter:report_form-Send rapport").click().run()
    assert not at.exception
    assert reports(dbp) == [("Byåsen hjemmetjeneste", dt.date(2022, 5, 8), "gul", 2, "Ring Kari Nordmann på [telefon]")]
    assert [s.value for s in at.success] == ["Rapporten er lagret"]
    receipt = next(m.value for m in at.markdown if m.value.startswith("**Enhet:**"))
    assert receipt == ("**Enhet:** Byåsen hjemmetjeneste  \n**Dato:** søn\\. 8\\. mai 2022  \n"
                       "**Status:** Gul  \n**Stemning:** 2")
    assert [t.value for t in at.text] == ["Ring Kari Nordmann på [telefon]"]  # as stored: masked
    # the form is cleared: the typed text (with the phone number) is gone, status and mood chosen anew
    assert at.text_area(key="report_text").value == ""
    assert at.radio(key="report_status").value is None and at.radio(key="report_mood").value is None
    assert at.selectbox(key="report_unit").value == "Byåsen hjemmetjeneste"
    shown = [e.value for e in (*at.markdown, *at.text, *at.caption, *at.success)]
    assert not any("912 34 567" in v for v in shown)
    at.run()  # the receipt is shown once
    assert not at.success


def test_a_report_for_a_past_date_appears_in_the_history(dbp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = dt.date(2022, 5, 7)
    for i in range(20):  # more recent days than the old history (the last 14 report days) showed
        submit_report("Lade hjemmetjeneste", "grønn", 4, f"Dag {i}", day=first + dt.timedelta(days=5 + i), db=dbp)
    at = run_app(dbp, PAGE, monkeypatch, env=NO_LOGIN, enhet="Lade hjemmetjeneste")
    at.radio(key="report_status").set_value("rød")
    at.date_input(key="report_day").set_value(first)
    at.text_area(key="report_text").input("Etterregistrert: Rover nede hele lørdagen")
    at.button(key="FormSubmitter:report_form-Send rapport").click().run()
    assert not at.exception
    assert at.main.subheader[0].value == "Rapporter fra Lade hjemmetjeneste"
    history = at.main.dataframe[0].value
    history = history.data if hasattr(history, "data") else history  # a Styler marks the report just sent
    assert len(history) == 21
    assert list(history["Dato"])[:2] == ["tir. 31. mai 2022", "man. 30. mai 2022"]  # newest report date first
    row = history[history["Dato"] == "lør. 7. mai 2022"].iloc[0]
    assert (row["Status"], row["Tekst"]) == ("Rød", "Etterregistrert: Rover nede hele lørdagen")
    assert "Den står i historikken nedenfor under lør\\. 7\\. mai 2022\\." in [c.value for c in at.caption]
