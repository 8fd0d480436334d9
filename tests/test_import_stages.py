"""Each import stage alone: read, map, validate (with the kinds' rules), rejects, store; and a new kind as one spec."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analysis import db
from analysis.importers import ImportRefused, ImportResult, import_file
from analysis.importers.field_types import DATE, INT, LABEL, TEXT, UNIT
from analysis.importers.map_stage import HeaderMap, find_header, map_columns
from analysis.importers.pipeline import kind_spec
from analysis.importers.read_stage import RawTable, read_source, read_table
from analysis.importers.rejects_file import build_rejects
from analysis.importers.schemas import KINDS, Field, KindSpec
from analysis.importers.store_stage import (
    INSERT_NEW,
    UPSERT,
    StoreStep,
    dedupe,
    keep_all,
    prepare,
    skip_stored,
    write_import,
)
from analysis.importers.unit_matching import UnitMatcher
from analysis.importers.validate_stage import RowIssue, mask_rows, validate_rows
from import_helpers import HAVSTEIN, count, fresh_db, snapshot

UNITS = UnitMatcher.from_rows([("Lade hjemmetjeneste", ["Lade HJT"]), (HAVSTEIN, ["Havstein HVS"])])


def csv_table(*lines: list) -> RawTable:
    """A CSV RawTable whose records are numbered from 1, as read_table numbers them."""
    return RawTable("csv", encoding="UTF-8", separator=";", records=[(i, list(c)) for i, c in enumerate(lines, 1)])


def validate(kind: str, *lines: list, units: UnitMatcher = UNITS):
    """Run the map and validate stages on a small table."""
    table = csv_table(*lines)
    spec = KINDS[kind]
    return validate_rows(spec, table.records, find_header(table, spec, None, "f.csv"), units, "f.csv")


# --- read ---------------------------------------------------------------------------------------

def test_read_source_names_uploads_and_refuses_missing_files(tmp_path: Path) -> None:
    assert read_source(b"a;b\n", None) == (b"a;b\n", "opplastet fil")
    assert read_source(bytearray(b"x"), "opp.csv") == (b"x", "opp.csv")
    (tmp_path / "ekte.csv").write_bytes(b"data")
    assert read_source(tmp_path / "ekte.csv", None) == (b"data", "ekte.csv")
    with pytest.raises(ImportRefused, match=r"^Fant ikke filen «.*mangler\.csv»\.$"):
        read_source(tmp_path / "mangler.csv", None)


def test_read_table_keeps_excel_row_numbers_and_honours_sep_line() -> None:
    table = read_table(b"sep=,\nA,B\n\n1,2\n ,\n3,4\n", "f.csv")
    assert (table.file_format, table.encoding, table.separator) == ("csv", "UTF-8", ",")
    # The sep= line is not a record; a blank line and a whitespace-only line keep their numbers.
    assert table.records == [(1, ["A", "B"]), (3, ["1", "2"]), (5, ["3", "4"])]
    assert table.describe() == "CSV, UTF-8, skilletegn komma"


# --- map ----------------------------------------------------------------------------------------

def test_best_synonym_wins_and_a_feil_column_is_never_mapped() -> None:
    # 'dato' is the third synonym of chat's time, 'tidspunkt' the first: the earlier synonym wins.
    header = ["Dato", "Tidspunkt", "feil", "Melding (fritekst)"]
    assert map_columns(header, KINDS["chat"], None, "f.csv") == {"ts": 1, "text": 3}
    assert map_columns(["Kommentar", "feil"], KINDS["chat"], {"feil": "melding"}, "f.csv") == {"text": 1}


def test_find_header_skips_a_title_line_and_reports_what_is_mapped() -> None:
    table = csv_table(["Rapportuttrekk mai"], ["Innsendt", "Avdeling", "Trafikklys", "Annet"], ["x", "y", "z", "w"])
    headers = find_header(table, KINDS["reports"], None, "r.csv")
    assert headers == HeaderMap(1, ["Innsendt", "Avdeling", "Trafikklys", "Annet"],
                                {"unit": 1, "status": 2, "reported_at": 0})
    # 'day' has no column but is derived from 'reported_at': it counts as provided (upserts would set it).
    assert headers.mapped(KINDS["reports"]) == {"unit", "status", "reported_at", "day"}


def test_find_header_names_the_missing_columns() -> None:
    with pytest.raises(ImportRefused) as exc:
        find_header(csv_table(["Dato", "Noe"], ["07.05.2022", "1"]), KINDS["adoption"], None, "a.csv")
    assert str(exc.value) == (
        "Filen «a.csv» mangler påkrevd kolonne for «enhet» (f.eks. «enhet», «enhetsnavn», «avdeling», «tjenestested»)"
        " og «aktive brukere» (f.eks. «aktive brukere», «aktive», «antall aktive», «brukere»). Kolonnene i filen er: "
        "«Dato», «Noe». Gi kolonnen et av navnene over, eller koble den manuelt (på kommandolinjen: --map KILDE=MÅL).")


# --- validate -----------------------------------------------------------------------------------

def test_validate_converts_by_field_type_and_reports_file_row_column() -> None:
    out = validate("chat",
                   ["Tid", "Avdeling", "Melding", "Rolle"],
                   ["07.05.2022 09:15", "lade hjt", "  hei\r\nhallo ", " super   bruker "],
                   ["07.05.2022 09:16", "Bispegata", "x", ""],
                   ["07.05.2022", "", ""],
                   ["2022-05-07T10:00:00Z", "", "kort"])
    assert out.good == [
        {"_row": 2, "ts": dt.datetime(2022, 5, 7, 9, 15), "unit": "Lade hjemmetjeneste", "text": "hei\nhallo",
         "role": "super bruker", "channel": None},
        {"_row": 5, "ts": dt.datetime(2022, 5, 7, 12, 0), "unit": None, "text": "kort", "role": None,
         "channel": None},
    ]
    assert out.issues == [
        RowIssue("f.csv", 3, "Avdeling", "enheten «Bispegata» finnes ikke"),
        RowIssue("f.csv", 4, "Melding", "mangler verdi"),
    ]
    assert out.bad[0][0] == ["07.05.2022 09:16", "Bispegata", "x", ""]  # the original cells, for the rejects
    assert out.rows_read == 4


def test_validate_derives_the_day_from_the_timestamp() -> None:
    out = validate("reports",
                   ["Innsendt", "Enhet", "Status", "Stemning"],
                   ["07.05.2022 15:00", "Lade HJT", "G", "4"],
                   ["", "Lade HJT", "gul", "6"],
                   ["", "Lade HJT", "gul", ""])
    assert [(r["day"], r["status"], r["mood"]) for r in out.good] == [(dt.date(2022, 5, 7), "grønn", 4)]
    assert [str(i) for i in out.issues] == [
        "f.csv, rad 3, kolonne «Stemning»: må være mellom 1 og 5 (var 6)",
        "f.csv, rad 3, kolonne «Innsendt»: mangler verdi",  # a bad mood does not hide the missing day
        "f.csv, rad 4, kolonne «Innsendt»: mangler verdi",
    ]


def test_kind_rules_run_only_on_rows_whose_cells_parsed() -> None:
    out = validate("tickets",
                   ["Sak", "Opprettet", "Løst", "Gjenåpnet"],
                   ["INC1", "07.05.2022 12:00", "07.05.2022 11:59", "0"],
                   ["INC2", "07.05.2022 12:00", "i går", "0"],
                   ["INC3", "07.05.2022 12:00", "07.05.2022 11:00", "to"])
    assert [str(i) for i in out.issues] == [
        "f.csv, rad 2, kolonne «Løst»: lukket (07.05.2022 11:59) er før opprettet (07.05.2022 12:00)",
        "f.csv, rad 3, kolonne «Løst»: «i går» er ikke et gyldig tidspunkt "
        "(bruk dd.mm.åååå tt:mm eller åååå-mm-dd tt:mm)",
        "f.csv, rad 4, kolonne «Gjenåpnet»: «to» er ikke et heltall",  # the order rule waits for a clean row
    ]


def test_unit_rule_keeps_the_stored_spelling_and_refuses_taken_names() -> None:
    out = validate("units",
                   ["Navn", "Område", "Ansatte", "Alias"],
                   ["LADE  hjemmetjeneste", "hjemmetjeneste", "12", "Lade Nord; lade hjt"],
                   ["Havstein HVS", "HVS", "3", ""],
                   ["Ny enhet", "HVS", "3", "Lade HJT|Ny"])
    assert [(r["name"], r["aliases"]) for r in out.good] == [("Lade hjemmetjeneste", ["Lade Nord", "lade hjt"])]
    assert [(i.row, i.column, i.message) for i in out.issues] == [
        (3, "Navn", f"«Havstein HVS» er allerede navn eller alias for enheten «{HAVSTEIN}»"),
        (4, "Alias", "«Lade HJT» er allerede navn eller alias for enheten «Lade hjemmetjeneste»"),
    ]


def test_a_file_with_only_a_header_is_refused() -> None:
    with pytest.raises(ImportRefused, match="^Filen «f.csv» har overskrifter, men ingen datarader.$"):
        validate("portal", ["Dato", "Innlogginger"])


def test_mask_rows_masks_free_text_and_labels_but_not_identifiers() -> None:
    rows = [{"ticket_id": "12345678901", "category": "ring 91234567", "summary": "fnr 123456 78901, a@b.no",
             "priority": None, "opened_at": dt.datetime(2022, 5, 7)}]
    assert mask_rows(KINDS["tickets"], rows) == Counter({"telefon": 1, "fødselsnummer": 1, "e-post": 1})
    assert rows == [{"ticket_id": "12345678901", "category": "ring [telefon]",
                     "summary": "fnr [fødselsnummer], [e-post]", "priority": None,
                     "opened_at": dt.datetime(2022, 5, 7)}]


# --- rejects ------------------------------------------------------------------------------------

def test_rejects_mask_free_text_keep_identifiers_and_replace_an_old_feil_column() -> None:
    table = csv_table(["Sak", "Opprettet", "Kort beskrivelse", "Notat", "feil"],
                      ["12345678901", "i går", "ring 91234567", "91234567", "gammel feil"])
    spec = KINDS["tickets"]
    headers = find_header(table, spec, None, "s.csv")
    out = validate_rows(spec, table.records, headers, UNITS, "s.csv")
    rejects = build_rejects(spec, table, headers, out.bad)
    assert rejects.header == ["Sak", "Opprettet", "Kort beskrivelse", "Notat", "feil"]
    assert rejects.rows == [["12345678901", "i går", "ring [telefon]", "[telefon]",
                             "Opprettet: «i går» er ikke et gyldig tidspunkt "
                             "(bruk dd.mm.åååå tt:mm eller åååå-mm-dd tt:mm)"]]
    head = "\ufeffSak;Opprettet;Kort beskrivelse;Notat;feil\r\n12345678901;i går;ring [telefon];[telefon];Opprettet: "
    assert rejects.to_bytes().startswith(head.encode())


# --- a new kind is one spec -----------------------------------------------------------------------

def _shift_rule(values: dict, units: UnitMatcher) -> list[tuple[str, str]]:
    """A made-up rule: no shifts of more than 12 people."""
    return [("staff", f"for mange ({values['staff']})")] if values["staff"] > 12 else []


SHIFTS = KindSpec(
    "shifts", "shifts",
    (Field("day", "dato", ("dato",), DATE, True), Field("unit", "enhet", ("enhet",), UNIT, True),
     Field("staff", "bemanning", ("bemanning", "antall"), INT, True),
     Field("note", "notat", ("notat",), TEXT, max_len=5), Field("code", "kode", ("kode",), LABEL, identifier=True)),
    key=("day", "unit"), store=UPSERT, rules=(_shift_rule,),
)


def test_a_new_kind_runs_through_the_stages_from_its_spec_alone() -> None:
    table = csv_table(["Dato", "Enhet", "Antall", "Notat", "Kode"],
                      ["07.05.2022", "Lade HJT", "9", "kort", "91234567"],
                      ["07.05.2022", "Lade HJT", "13", "", ""],
                      ["08.05.2022", "Lade HJT", "3", "for lang", ""])
    headers = find_header(table, SHIFTS, None, "v.csv")
    out = validate_rows(SHIFTS, table.records, headers, UNITS, "v.csv")
    assert [(i.row, i.column, i.message) for i in out.issues] == [
        (3, "Antall", "for mange (13)"), (4, "Notat", "teksten er for lang (8 tegn, maks 5)")]
    assert mask_rows(SHIFTS, out.good) == Counter() and out.good[0]["code"] == "91234567"


# --- store --------------------------------------------------------------------------------------

def test_dedupe_keeps_the_last_row_per_key_in_first_seen_order() -> None:
    rows = [{"ts": 1, "title": "a", "n": 1}, {"ts": 2, "title": "b", "n": 2}, {"ts": 1, "title": "a", "n": 3}]
    assert dedupe(KINDS["events"], rows) == [{"ts": 1, "title": "a", "n": 3}, {"ts": 2, "title": "b", "n": 2}]
    lists = [{"name": "X", "aliases": ["a"]}, {"name": "X", "aliases": ["b"]}]
    assert dedupe(KINDS["units"], lists) == [{"name": "X", "aliases": ["b"]}]


def _event(ts: int, title: str) -> dict:
    return {"_row": ts + 1, "ts": dt.datetime(2022, 5, 7, ts), "title": title, "kind": "annet", "unit": None,
            "description": None}


def test_store_steps_select_before_the_lock(tmp_path: Path) -> None:
    dbp = fresh_db(tmp_path)
    import_file(b"Tidspunkt;Tittel\n07.05.2022 01:00;Finnes\n", "events", db=dbp, filename="e.csv")
    rows = [_event(1, "Finnes"), _event(2, "Ny")]
    assert skip_stored(KINDS["events"], rows, dbp) == [rows[1]]  # content kinds skip what is stored
    assert keep_all(KINDS["events"], rows, dbp) == rows  # upserts send everything
    assert skip_stored(KINDS["events"], rows, tmp_path / "mangler.duckdb") == rows
    assert (INSERT_NEW.updates, UPSERT.updates) == (False, True)


def test_prepare_adds_the_kinds_analysis_columns() -> None:
    spec = KindSpec("ev", "events", KINDS["events"].fields, ("ts", "title"), INSERT_NEW,
                    analyse=lambda rows: pd.DataFrame({"label": [r["title"].lower() for r in rows]}))
    frame = prepare(spec, [_event(1, "A"), _event(2, "B"), _event(1, "A")], db="/nonexistent/x.duckdb")
    assert list(frame.columns) == ["ts", "title", "kind", "unit", "description", "go_live_id", "_row", "label"]
    assert frame[["title", "_row", "label"]].values.tolist() == [["A", 2, "a"], ["B", 3, "b"]]


def test_write_import_is_one_transaction_even_when_the_store_step_fails(tmp_path: Path) -> None:
    dbp = fresh_db(tmp_path)
    before = snapshot(dbp)

    def insert_then_fail(con: duckdb.DuckDBPyConnection, *args: object) -> tuple[int, int]:
        UPSERT.write(con, *args)
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 2  # written, not committed
        raise RuntimeError("disken er full")

    failing = KindSpec("events", "events", KINDS["events"].fields, ("ts", "title"),
                       StoreStep(select=keep_all, write=insert_then_fail, updates=True))
    frame = prepare(failing, [_event(1, "A"), _event(2, "B")], dbp)
    result = ImportResult("events", "e.csv", "CSV", rows_read=2)
    with pytest.raises(RuntimeError, match="disken er full"):
        write_import(failing, frame, {"ts", "title"}, result, "digest", dbp)
    assert snapshot(dbp) == before

    write_import(KINDS["events"], frame, {"ts", "title"}, result, "digest", dbp)
    assert (result.imported, result.updated, result.already_present) == (2, 0, 0)
    assert count(dbp, "events") == 2
    assert db.read_rows("SELECT kind, filename, file_sha256, rows_read, imported FROM import_log", db=dbp) == [
        ("events", "e.csv", "digest", 2, 2)]


def test_unknown_kind_is_refused_with_the_list_of_kinds() -> None:
    with pytest.raises(ImportRefused) as exc:
        kind_spec("vakter")
    assert str(exc.value) == "Ukjent datatype «vakter». Gyldige typer: units, golive, chat, reports, tickets, " \
                             "adoption, portal, events, gevinstregister, gevinster."
