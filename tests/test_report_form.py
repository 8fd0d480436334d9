"""The unit leaders' daily report form, and re-scoring stored texts when the analyzer changes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analysis import db
from analysis.importers import import_file, rescore, submit_report
from analysis.importers.report_entry import today
from analysis.text import sentiment
from import_helpers import count, fresh_db, snapshot

DAY = dt.date(2022, 5, 7)


@pytest.fixture
def dbp(tmp_path: Path) -> Path:
    return fresh_db(tmp_path)


def latest(path: Path) -> list[tuple]:
    return db.read_rows("SELECT unit, day, status, mood, text FROM unit_reports_latest ORDER BY unit", db=path)


def test_a_valid_report_is_masked_analysed_and_stored(dbp: Path) -> None:
    r = submit_report("lade hjt", "Grønn", 5, "  Supert system! Ring meg på 912 34 567.  ", day=DAY, db=dbp)
    assert r.ok and r.stored and not r.duplicate and not r.replaces
    assert r.unit == "Lade hjemmetjeneste" and r.masked == {"telefon": 1}
    assert r.message == ("Rapporten for Lade hjemmetjeneste 07.05.2022 er lagret. "
                         "Personopplysninger ble fjernet fra teksten: 1 telefonnummer.")
    rows = db.read_rows("SELECT text, label, analyzer_version, source, reported_at IS NOT NULL FROM unit_reports",
                        db=dbp)
    assert rows == [("Supert system! Ring meg på [telefon].", r.label, sentiment.ANALYZER_VERSION, "skjema", True)]


def test_the_latest_report_per_unit_and_day_counts(dbp: Path) -> None:
    first = submit_report("Lade hjemmetjeneste", "gul", 3, "Litt treg Rover", day=DAY, db=dbp)
    again = submit_report("Lade hjemmetjeneste", "gul", 3, "Litt treg Rover", day=DAY, db=dbp)
    assert first.stored and again.duplicate and not again.stored
    assert again.message == "Denne rapporten for Lade hjemmetjeneste 07.05.2022 er allerede lagret."
    worse = submit_report("Lade hjemmetjeneste", "rød", 2, "Rover nede", day=DAY, db=dbp)
    assert worse.stored and worse.replaces
    assert "Den erstatter en tidligere rapport for samme dag (den siste teller)." in worse.message
    back = submit_report("Lade hjemmetjeneste", "gul", 3, "Litt treg Rover", day=DAY, db=dbp)
    assert back.stored  # a real change back to an earlier report is stored, and counts
    assert count(dbp, "unit_reports") == 3
    assert latest(dbp) == [("Lade hjemmetjeneste", DAY, "gul", 3, "Litt treg Rover")]


def test_a_report_without_text_is_allowed(dbp: Path) -> None:
    r = submit_report("Trondheim legevakt", "grønn", "4", "", db=dbp)
    assert r.ok and r.stored and r.day == today() and r.label is None
    assert latest(dbp) == [("Trondheim legevakt", today(), "grønn", 4, None)]


@pytest.mark.parametrize(
    ("args", "errors"),
    [
        (("", "grønn", 3, "x"), ["Velg en enhet."]),
        (("Bispegata", "grønn", 3, "x"), ["Enheten «Bispegata» finnes ikke."]),
        (("Lade hjemmetjenest", "grønn", 3, "x"),
         ["Enheten «Lade hjemmetjenest» finnes ikke. Mente du «Lade hjemmetjeneste»?"]),
        (("Lade HJT", "blå", 3, "x"), ["Status må være grønn, gul eller rød."]),
        (("Lade HJT", "gul", 0, "x"), ["Stemning må være et helt tall fra 1 til 5."]),
        (("Lade HJT", "gul", 6, "x"), ["Stemning må være et helt tall fra 1 til 5."]),
        (("Lade HJT", "gul", "tre", "x"), ["Stemning må være et helt tall fra 1 til 5."]),
        (("Lade HJT", "gul", 3.5, "x"), ["Stemning må være et helt tall fra 1 til 5."]),
        (("Lade HJT", "gul", 3, "ø" * 2001), ["Teksten er for lang (2001 tegn, maks 2000)."]),
        # mood is optional (as in an imported report); a given one must be 1–5
        ((None, None, None, None), ["Velg en enhet.", "Status må være grønn, gul eller rød."]),
        ((None, None, "", None), ["Velg en enhet.", "Status må være grønn, gul eller rød.",
                                  "Stemning må være et helt tall fra 1 til 5."]),
    ],
)
def test_invalid_reports_are_refused_and_nothing_is_stored(dbp: Path, args: tuple, errors: list[str]) -> None:
    before = snapshot(dbp)
    r = submit_report(*args, day=DAY, db=dbp)
    assert not r.ok and not r.stored
    assert r.errors == errors
    assert snapshot(dbp) == before


def test_text_of_exactly_2000_characters_is_fine_and_a_future_day_is_not(dbp: Path) -> None:
    assert submit_report("Lade HJT", "gul", 3, "å" * 2000, day=DAY, db=dbp).stored
    future = submit_report("Lade HJT", "gul", 3, "x", day=today() + dt.timedelta(days=1), db=dbp)
    assert not future.ok and future.errors[0].startswith("Datoen ") and future.errors[0].endswith(" er frem i tid.")


def test_rescore_only_outdated_then_all(tmp_path: Path, dbp: Path) -> None:
    data = "Tidspunkt;Enhet;Melding\n07.05.2022 10:00;Lade HJT;god stemning\n07.05.2022 11:00;Lade HJT;kaos\n"
    import_file(data.encode(), "chat", db=dbp, filename="c.csv")
    submit_report("Lade HJT", "gul", 3, "Går fint", day=DAY, db=dbp)
    submit_report("Trondheim legevakt", "gul", 3, "", day=DAY, db=dbp)  # no text: nothing to score
    assert rescore(db=dbp).chat == 0
    db.write(lambda con: con.execute(
        "UPDATE chat_messages SET analyzer_version = 'gammel', label = 'x' WHERE text = 'kaos'"), dbp)
    db.write(lambda con: con.execute("UPDATE unit_reports SET analyzer_version = NULL WHERE text IS NOT NULL"), dbp)
    result = rescore(db=dbp)
    assert (result.chat, result.reports, result.version) == (1, 1, sentiment.ANALYZER_VERSION)
    assert result.summary_text() == (f"Analyserte på nytt 1 chatmeldinger og 1 enhetsrapporter "
                                     f"(analysator {sentiment.ANALYZER_VERSION}).")
    versions = db.read_rows("SELECT DISTINCT analyzer_version FROM chat_messages", db=dbp)
    assert versions == [(sentiment.ANALYZER_VERSION,)]
    assert db.read_rows("SELECT label <> 'x' FROM chat_messages WHERE text = 'kaos'", db=dbp) == [(True,)]
    assert (rescore(db=dbp, only_outdated=False).chat, rescore(db=dbp, only_outdated=False).reports) == (2, 1)


def test_rescore_on_a_missing_database_does_nothing(tmp_path: Path) -> None:
    assert rescore(db=tmp_path / "finnes-ikke.duckdb").chat == 0
    assert not (tmp_path / "finnes-ikke.duckdb").exists()


def test_the_chosen_day_is_stored_as_day_and_reported_at_is_only_the_sending_time(dbp: Path) -> None:
    r = submit_report("Lade HJT", "gul", None, "Travel dag", day=DAY, db=dbp)
    assert r.ok and r.stored and r.day == DAY and r.mood is None
    ((day, mood, sent),) = db.read_rows("SELECT day, mood, reported_at FROM unit_reports", db=dbp)
    assert day == DAY and mood is None
    assert sent.date() in (today(), today() - dt.timedelta(days=1))  # the real clock, not the chosen day
