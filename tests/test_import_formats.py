"""Files as they come from Norwegian offices: separators, encodings, quoting, dates, Excel; and refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analysis import db
from analysis.importers import ImportRefused, import_file, preview
from analysis.importers.read_stage import read_table, sniff_separator
from import_helpers import HAVSTEIN, count, fresh_db, snapshot, write_text, write_xlsx


@pytest.fixture
def dbp(tmp_path: Path) -> Path:
    return fresh_db(tmp_path)


def chat_rows(path: Path) -> list[tuple]:
    return db.read_rows("SELECT ts, unit, text, role, channel FROM chat_messages ORDER BY id", db=path)


def test_semicolon_bom_norwegian_dates_and_quoted_newlines(tmp_path: Path, dbp: Path) -> None:
    f = write_text(tmp_path / "chat.csv", (
        "Tidspunkt;Enhet;Melding;Rolle;Kanal\n"
        '07.05.2022 14:32;Lade hjemmetjeneste;"Går bra; god stemning";ansatt;Teams\n'
        '07.05.2022 14:33:10;lade hjt;"To linjer:\nførste og ""andre""";superbruker;\n'
        "8.5.2022;HAVSTEIN HVS;Æ, ø og å – 100 %;;\n"
    ), bom=True)
    result = import_file(f, "chat", db=dbp)
    assert result.as_dict() == {"rows_read": 3, "imported": 3, "updated": 0, "already_present": 0,
                                "rejected": 0, "masked": {}}
    assert result.description == "CSV, UTF-8 med BOM, skilletegn semikolon"
    assert chat_rows(dbp) == [
        (dt.datetime(2022, 5, 7, 14, 32), "Lade hjemmetjeneste", "Går bra; god stemning", "ansatt", "Teams"),
        (dt.datetime(2022, 5, 7, 14, 33, 10), "Lade hjemmetjeneste", 'To linjer:\nførste og "andre"', "superbruker",
         None),
        (dt.datetime(2022, 5, 8), HAVSTEIN, "Æ, ø og å – 100 %", None, None),
    ]


def test_comma_no_bom_iso_dates_quoted_commas(tmp_path: Path, dbp: Path) -> None:
    f = write_text(tmp_path / "chat.csv", (
        "timestamp,unit,text,role,channel\n"
        '2022-05-07 09:15,Trondheim legevakt,"Får ikke logget inn, passordet virker ikke",ansatt,chat\n'
        '2022-05-07T10:02:30,Strindheim hjemmetjeneste,"Linje 1\nLinje 2, med komma",,\n'
    ))
    result = import_file(f, "chat", db=dbp)
    assert (result.rows_read, result.imported, result.rejected) == (2, 2, 0)
    assert result.description == "CSV, UTF-8, skilletegn komma"
    assert [r[2] for r in chat_rows(dbp)] == [
        "Får ikke logget inn, passordet virker ikke", "Linje 1\nLinje 2, med komma"]
    assert chat_rows(dbp)[1][0] == dt.datetime(2022, 5, 7, 10, 2, 30)


def test_windows_1252(tmp_path: Path, dbp: Path) -> None:
    text = "Dato;Enhet;Tekst\n07.05.2022 08:00;Lade HJT;Vi må av-lære oss en gammel tenkemåte – æøå ÆØÅ\n"
    f = write_text(tmp_path / "chat.csv", text, encoding="cp1252")
    result = import_file(f, "chat", db=dbp)
    assert result.description == "CSV, Windows-1252, skilletegn semikolon"
    assert chat_rows(dbp)[0][2] == "Vi må av-lære oss en gammel tenkemåte – æøå ÆØÅ"


def test_decimal_commas_and_thousand_separators_in_numbers(tmp_path: Path, dbp: Path) -> None:
    # A large unit: more active users than staff would be refused (a plausibility rule of its own).
    db.write(lambda con: con.execute("UPDATE units SET staff_count = 2000 WHERE name = 'Lade hjemmetjeneste'"), dbp)
    f = write_text(tmp_path / "bruk.csv", (
        "Dato;Enhet;Aktive brukere\n"
        "07.05.2022;Lade hjemmetjeneste;95,0\n"
        '08.05.2022;Lade hjemmetjeneste;"1 105"\n'
        "09.05.2022;Lade hjemmetjeneste;1.210\n"
        "10.05.2022;Lade hjemmetjeneste;12,5\n"
    ))
    result = import_file(f, "adoption", db=dbp)
    assert (result.imported, result.rejected) == (3, 1)
    assert [str(i) for i in result.issues] == [
        "bruk.csv, rad 5, kolonne «Aktive brukere»: «12,5» er ikke et heltall"]
    assert db.read_rows("SELECT active_users FROM adoption_daily ORDER BY day", db=dbp) == [(95,), (1105,), (1210,)]


def test_sniffing_prefers_the_separator_that_splits_the_header() -> None:
    assert sniff_separator("Dato;Antall\n07.05.2022;12,5\n08.05.2022;13,5\n") == ";"
    assert sniff_separator('a,b,c\n1,"x;y",2\n') == ","
    assert sniff_separator("a\tb\n1\t2\n") == "\t"


def test_excel_sep_line_title_rows_and_blank_lines_keep_excel_row_numbers(tmp_path: Path, dbp: Path) -> None:
    f = write_text(tmp_path / "chat.csv", (
        "sep=;\n"
        "Uttrekk fra supportchatten 08.05.2022\n"
        "\n"
        "Tidspunkt;Enhet;Melding\n"
        "07.05.2022 10:00;Lade hjemmetjeneste;ok\n"
        "\n"
        "31.02.2022 10:00;Lade hjemmetjeneste;feil dato\n"
    ))
    result = import_file(f, "chat", db=dbp)
    assert (result.rows_read, result.imported, result.rejected) == (2, 1, 1)
    assert [str(i) for i in result.issues] == [
        "chat.csv, rad 6, kolonne «Tidspunkt»: «31.02.2022 10:00» er ikke et gyldig tidspunkt "
        "(bruk dd.mm.åååå tt:mm eller åååå-mm-dd tt:mm)"]


def test_utf16_tab_separated_unicode_text_export(tmp_path: Path, dbp: Path) -> None:
    f = tmp_path / "chat.txt"
    f.write_bytes("Tidspunkt\tEnhet\tMelding\n07.05.2022 10:00\tLade HJT\tHei på deg\n".encode("utf-16"))
    result = import_file(f, "chat", db=dbp)
    assert result.description == "CSV, UTF-16, skilletegn tabulator"
    assert chat_rows(dbp)[0][2] == "Hei på deg"


def test_xlsx_with_real_date_cells_numbers_and_text_dates(tmp_path: Path, dbp: Path) -> None:
    f = write_xlsx(tmp_path / "saker.xlsx", [
        ["Rapport: saker fra servicedesken"],
        [],
        ["Saksnummer", "Opprettet", "Lukket", "Enhet", "Prioritet", "Kort beskrivelse", "Gjenåpnet"],
        ["INC0012345", dt.datetime(2022, 5, 7, 8, 15), dt.datetime(2022, 5, 7, 9, 0), "Lade HJT", "høy",
         "Får ikke skrevet ut, ring 91234567", 0],
        [23456789, "07.05.2022 10:00", None, "Trondheim legevakt", "kritisk", "Rover henger", 1.0],
        ["INC0012346", dt.date(2022, 5, 8), "", None, "lav", None, None],
    ], title="Saker")
    result = import_file(f, "tickets", db=dbp)
    assert result.description == "Excel, ark «Saker»"
    assert result.as_dict() == {"rows_read": 3, "imported": 3, "updated": 0, "already_present": 0,
                                "rejected": 0, "masked": {"telefon": 1}}
    rows = db.read_rows("SELECT ticket_id, opened_at, closed_at, unit, summary, reopened FROM tickets "
                        "ORDER BY opened_at", db=dbp)
    assert rows == [
        ("INC0012345", dt.datetime(2022, 5, 7, 8, 15), dt.datetime(2022, 5, 7, 9, 0), "Lade hjemmetjeneste",
         "Får ikke skrevet ut, ring [telefon]", 0),
        ("23456789", dt.datetime(2022, 5, 7, 10, 0), None, "Trondheim legevakt", "Rover henger", 1),
        ("INC0012346", dt.datetime(2022, 5, 8), None, None, None, 0),
    ]


def test_xlsx_rejects_come_back_as_xlsx_with_row_numbers(tmp_path: Path, dbp: Path) -> None:
    f = write_xlsx(tmp_path / "bruk.xlsx", [
        ["Dato", "Enhet", "Aktive"],
        [dt.datetime(2022, 5, 7), "Lade hjemmetjeneste", 90],
        [44000, "Lade hjemmetjeneste", 91],
    ])
    result = import_file(f, "adoption", db=dbp)
    assert [str(i) for i in result.issues] == [
        "bruk.xlsx, rad 3, kolonne «Dato»: «44000» er et tall, ikke en dato (formater cellen som dato i Excel)"]
    assert result.rejects_filename == "bruk_avviste.xlsx"
    back = read_table(result.rejects_bytes(), "bruk_avviste.xlsx")
    assert back.records[0][1] == ["Dato", "Enhet", "Aktive", "feil"]
    assert back.records[1][1][:3] == [44000, "Lade hjemmetjeneste", 91]


REFUSALS = [
    (b"", "x.csv", "Filen «x.csv» er tom."),
    (b"  \r\n\r\n", "x.csv", "Filen «x.csv» er tom."),
    (b"Tidspunkt;Enhet;Melding\n", "x.csv", "Filen «x.csv» har overskrifter, men ingen datarader."),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "bilde.csv",
     "Filen «bilde.csv» ser ikke ut som en CSV- eller Excel-fil (den inneholder binære data)."),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 50, "gammel.xls",
     "Filen «gammel.xls» er i det gamle Excel-formatet (.xls). Lagre den som .xlsx eller CSV og prøv igjen."),
    (b"PK\x03\x04ikke en zip", "skadet.xlsx",
     "Klarte ikke å åpne Excel-filen «skadet.xlsx»: filen er skadet eller ikke en .xlsx-fil."),
    (b"Tidspunkt;Enhet;Melding\n07.05.2022;Lade;\x81\x8d\x90\n", "rar.csv",
     "Klarte ikke å lese tegnene i «rar.csv»: filen er verken UTF-8 eller Windows-1252. "
     "Lagre den som «CSV UTF-8» i Excel og prøv igjen."),
    (b"Tid;Enhet;Innlegg\n07.05.2022;Lade HJT;hei\n", "chat.csv",
     "Filen «chat.csv» mangler påkrevd kolonne for «melding» (f.eks. «melding», «tekst», «innhold», «kommentar»). "
     "Kolonnene i filen er: «Tid», «Enhet», «Innlegg». Gi kolonnen et av navnene over, eller koble den manuelt "
     "(på kommandolinjen: --map KILDE=MÅL)."),
]


@pytest.mark.parametrize(("data", "name", "message"), REFUSALS)
def test_unreadable_files_are_refused_with_a_clear_message_and_nothing_written(
        tmp_path: Path, dbp: Path, data: bytes, name: str, message: str) -> None:
    before = snapshot(dbp)
    with pytest.raises(ImportRefused) as exc:
        import_file(data, "chat", db=dbp, filename=name)
    assert str(exc.value) == message
    assert snapshot(dbp) == before
    assert preview(data, name, "chat", db=dbp).error == message


def test_missing_file_and_unknown_kind(tmp_path: Path, dbp: Path) -> None:
    with pytest.raises(ImportRefused, match="Fant ikke filen"):
        import_file(tmp_path / "finnes-ikke.csv", "chat", db=dbp)
    with pytest.raises(ImportRefused, match="Ukjent datatype «bilder». Gyldige typer: units, golive, chat"):
        import_file(b"a;b\n1;2\n", "bilder", db=dbp, filename="x.csv")


def test_a_refused_file_does_not_create_a_database(tmp_path: Path) -> None:
    target = tmp_path / "ny.duckdb"
    with pytest.raises(ImportRefused):
        import_file(b"", "chat", db=target, filename="tom.csv")
    assert not target.exists()
    assert preview(b"Tidspunkt;Melding\n07.05.2022;hei\n", "x.csv", "chat", db=target).valid == 1
    assert not target.exists()


def test_chat_count_after_mixed_formats(tmp_path: Path, dbp: Path) -> None:
    write_text(tmp_path / "a.csv", "Tidspunkt;Enhet;Melding\n07.05.2022 10:00;Lade HJT;hei\n", bom=True)
    write_xlsx(tmp_path / "b.xlsx", [["Tidspunkt", "Enhet", "Melding"],
                                     [dt.datetime(2022, 5, 7, 10), "lade hjt", "hei"]])
    write_text(tmp_path / "c.csv", "timestamp,unit,text\n2022-05-07 10:00:00,Lade hjemmetjeneste,hei\n",
               encoding="cp1252")
    results = [import_file(tmp_path / n, "chat", db=dbp) for n in ("a.csv", "b.xlsx", "c.csv")]
    # The same message in three formats is one message.
    assert [(r.imported, r.already_present) for r in results] == [(1, 0), (0, 1), (0, 1)]
    assert count(dbp, "chat_messages") == 1
