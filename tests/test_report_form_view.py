"""The daily report form's view: which unit is chosen in advance, the receipt, the history by report date."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import pytest

from analysis.importers import ReportResult, submit_report
from analysis.importers.report_entry import today
from analysis.views.report_view import build_receipt, build_report_history, choose_unit, default_day
from import_helpers import fresh_db

NAMES = ["BOA Byåsen", "Byåsen hjemmetjeneste", "Lade hjemmetjeneste"]


@pytest.mark.parametrize(
    ("user", "filter_unit", "options", "default"),
    [
        (None, None, NAMES, None),  # nobody known: the user chooses, never the first in the list
        (None, "Byåsen hjemmetjeneste", NAMES, "Byåsen hjemmetjeneste"),  # the sidebar's unit
        (None, "Ukjent enhet", NAMES, None),
        (["Byåsen hjemmetjeneste"], None, ["Byåsen hjemmetjeneste"], "Byåsen hjemmetjeneste"),  # the log-in's unit
        (["Lade hjemmetjeneste", "BOA Byåsen"], None, ["BOA Byåsen", "Lade hjemmetjeneste"], None),  # two: choose
        (["Lade hjemmetjeneste", "BOA Byåsen"], "Lade hjemmetjeneste", ["BOA Byåsen", "Lade hjemmetjeneste"],
         "Lade hjemmetjeneste"),
        (["Lade hjemmetjeneste"], "BOA Byåsen", ["Lade hjemmetjeneste"], "Lade hjemmetjeneste"),  # not theirs
        (["Finnes ikke"], None, [], None),  # a leader whose units are unknown may report for none
    ],
)
def test_choose_unit(user: list[str] | None, filter_unit: str | None, options: list[str],
                     default: str | None) -> None:
    choice = choose_unit(NAMES, user, filter_unit)
    assert choice.options == tuple(options) and choice.default == default
    expected = "Enheten er hentet fra" if default else "Velg enheten" if options else "Ingen av enhetene dine"
    assert choice.note.startswith(expected)


def test_default_day_follows_golive_now_but_never_passes_today() -> None:
    assert default_day(None) == today()
    assert default_day(dt.datetime(2022, 5, 9, 16, 0)) == dt.date(2022, 5, 9)
    assert default_day(dt.datetime.combine(today() + dt.timedelta(days=3), dt.time())) == today()


def test_receipt_shows_what_was_stored_with_the_masked_text(tmp_path: Path) -> None:
    path = fresh_db(tmp_path)
    day = dt.date(2022, 5, 8)
    submit_report("Lade HJT", "grønn", 4, "Rolig", day=day, db=path)
    result = submit_report("Lade HJT", "rød", None, "Ring Kari på 912 34 567", day=day, db=path)
    receipt = build_receipt(result)
    assert receipt.title == "Rapporten er lagret" and receipt.stored
    assert dict(receipt.fields) == {"Enhet": "Lade hjemmetjeneste", "Dato": "søn. 8. mai 2022", "Status": "Rød",
                                    "Stemning": "ikke oppgitt"}
    assert receipt.text == "Ring Kari på [telefon]" and "912" not in receipt.text
    assert receipt.notes == ("Den erstatter en tidligere rapport for samme dag (den siste teller).",
                             "Personopplysninger ble fjernet fra teksten: 1 telefonnummer.",
                             "Den står i historikken nedenfor under søn. 8. mai 2022.")
    again = build_receipt(submit_report("Lade HJT", "rød", None, "Ring Kari på 912 34 567", day=day, db=path))
    assert again.title.startswith("Denne rapporten var allerede lagret") and not again.stored


def test_a_refused_report_has_no_receipt() -> None:
    with pytest.raises(ValueError):
        build_receipt(ReportResult(ok=False, errors=["Velg en enhet."], masked=Counter()))


def test_history_covers_every_report_day_newest_first_including_a_late_past_one(tmp_path: Path) -> None:
    path = fresh_db(tmp_path)
    first = dt.date(2022, 5, 7)
    for i in range(20):  # more than the old 14-row history held
        submit_report("Lade HJT", "grønn", 4, f"Dag {i}", day=first + dt.timedelta(days=10 + i), db=path)
    submit_report("Lade HJT", "gul", 2, "Etterregistrert", day=first, db=path)  # sent last, about the first day
    submit_report("Trondheim legevakt", "rød", 1, "Annen enhet", day=first, db=path)
    history = build_report_history(path, "Lade hjemmetjeneste")
    assert len(history.table) == 21 and history.days[0] == first + dt.timedelta(days=29)
    assert history.days[-1] == first and history.row_of(first) == 20
    last = history.table.iloc[-1]
    assert (last["Dato"], last["Status"], last["Stemning (1–5)"], last["Tekst"]) == (
        "lør. 7. mai 2022", "Gul", "2", "Etterregistrert")
    assert " kl.\u00a0" in last["Sendt"]  # sent through the form: when, not "importert"
    assert history.caption == "21 rapporter fra lør. 7. mai 2022 til søn. 5. juni 2022, nyeste dato først."
    assert build_report_history(path, "Strindheim hjemmetjeneste").table.empty
