"""Each kind of import: validation messages, unit matching, idempotency, rejects, mapping, CLI, crashes."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from analysis import db
from analysis.cli import main as cli_main
from analysis.importers import ImportRefused, import_file, preview, store_stage
from analysis.importers.read_stage import read_table
from fixture_db import build_v1_database
from import_helpers import HAVSTEIN, count, fresh_db, snapshot, write_text, write_xlsx

ROOT = Path(__file__).resolve().parents[1]
LONG = "x" * 10_001

CHAT = (
    "Tidspunkt;Enhet;Melding;Rolle\n"
    "07.05.2022 09:15;Lade hjemmetjeneste;har gått over all forventning, god stemning på enhet;ansatt\n"  # 2
    "07.05.2022 10:02;havstein hvs;Pasient 123456 78901 fikk feil medisin, ring 0047 91234567;superbruker\n"  # 3
    "07.05.2022 10:30;Lade hjemmetjenest;skrivefeil i enheten;ansatt\n"  # 4
    "07.05.2022 10:31;Bispegata;ukjent enhet;ansatt\n"  # 5
    "2022-05-07 25:00;Trondheim legevakt;ugyldig klokkeslett;ansatt\n"  # 6
    "07.05.2022 11:00;Trondheim legevakt;;ansatt\n"  # 7
    f"07.05.2022 11:05;Trondheim legevakt;{LONG};ansatt\n"  # 8
    "07.05.2022 11:10;;Melding uten enhet fra ola.nordmann@trondheim.kommune.no;\n"  # 9
    "07.05.2022 09:15;LADE HJT;har gått over all forventning, god stemning på enhet;ansatt\n"  # 10: same as 2
    ";Strindheim hjemmetjeneste;;\n"  # 11
    "1899-05-07;Strindheim hjemmetjeneste;gammel;\n"  # 12
)
CHAT_ISSUES = [
    "chat.csv, rad 4, kolonne «Enhet»: enheten «Lade hjemmetjenest» finnes ikke. Mente du «Lade hjemmetjeneste»?",
    "chat.csv, rad 5, kolonne «Enhet»: enheten «Bispegata» finnes ikke",
    "chat.csv, rad 6, kolonne «Tidspunkt»: «2022-05-07 25:00» er ikke et gyldig tidspunkt "
    "(bruk dd.mm.åååå tt:mm eller åååå-mm-dd tt:mm)",
    "chat.csv, rad 7, kolonne «Melding»: mangler verdi",
    "chat.csv, rad 8, kolonne «Melding»: teksten er for lang (10001 tegn, maks 10000)",
    "chat.csv, rad 11, kolonne «Tidspunkt»: mangler verdi",
    "chat.csv, rad 11, kolonne «Melding»: mangler verdi",
    "chat.csv, rad 12, kolonne «Tidspunkt»: årstallet 1899 er utenfor gyldig område (2000–2100)",
]


@pytest.fixture
def dbp(tmp_path: Path) -> Path:
    return fresh_db(tmp_path)


def test_chat_corpus_exact_counts_messages_and_masking(tmp_path: Path, dbp: Path) -> None:
    f = write_text(tmp_path / "chat.csv", CHAT, bom=True)
    result = import_file(f, "chat", db=dbp)
    assert result.as_dict() == {
        "rows_read": 11, "imported": 3, "updated": 0, "already_present": 1, "rejected": 7,
        "masked": {"fødselsnummer": 1, "telefon": 1, "e-post": 1},
    }
    assert [str(i) for i in result.issues] == CHAT_ISSUES
    rows = db.read_rows("SELECT unit, text, role, label, analyzer_version IS NOT NULL, source FROM chat_messages "
                        "ORDER BY ts", db=dbp)
    assert [r[:3] for r in rows] == [
        ("Lade hjemmetjeneste", "har gått over all forventning, god stemning på enhet", "ansatt"),
        (HAVSTEIN, "Pasient [fødselsnummer] fikk feil medisin, ring [telefon]", "superbruker"),
        (None, "Melding uten enhet fra [e-post]", None),
    ]
    assert rows[0][3] == "positive" and all(r[4] for r in rows) and rows[0][5] == "import:chat.csv"
    # The original personal data is nowhere in the database.
    dump = str(snapshot(dbp))
    for secret in ("123456 78901", "91234567", "ola.nordmann"):
        assert secret not in dump
    summary = result.summary_text()
    assert "Rader lest: 11" in summary and "Avvist: 7" in summary and "Fantes fra før: 1" in summary
    assert "Maskert: 1 fødselsnummer, 1 telefonnummer, 1 e-postadresse" in summary
    assert "Oppdatert" not in summary  # chat is never updated, only added


def test_reimport_and_overlap_add_nothing_already_there(tmp_path: Path, dbp: Path) -> None:
    lines = [f"07.05.2022 10:{i:02d};Lade HJT;melding nummer {i}" for i in range(10)]
    first = write_text(tmp_path / "a.csv", "Tidspunkt;Enhet;Melding\n" + "\n".join(lines[:6]) + "\n")
    overlap = write_text(tmp_path / "b.csv", "Tidspunkt,Enhet,Melding\n" + "\n".join(
        line.replace(";", ",") for line in lines[4:]) + "\n")
    assert import_file(first, "chat", db=dbp).imported == 6
    again = import_file(first, "chat", db=dbp)
    assert (again.imported, again.already_present) == (0, 6)
    both = import_file(overlap, "chat", db=dbp)
    assert (both.imported, both.already_present) == (4, 2)
    assert count(dbp, "chat_messages") == 10
    assert db.read_rows("SELECT count(*), sum(imported) FROM import_log", db=dbp) == [(3, 10)]


def test_rejects_file_can_be_fixed_and_imported_again(tmp_path: Path, dbp: Path) -> None:
    f = write_text(tmp_path / "chat.csv", CHAT, bom=True)
    result = import_file(f, "chat", db=dbp)
    path = result.write_rejects(tmp_path / "avviste.csv")
    assert path and f"«{path}»" in result.summary_text()
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = read_table(raw, "avviste.csv")
    assert table.separator == ";"
    assert table.records[0][1] == ["Tidspunkt", "Enhet", "Melding", "Rolle", "feil"]
    assert [r for r, _ in table.records[1:]] == [2, 3, 4, 5, 6, 7, 8]
    assert table.records[1][1][4] == "Enhet: enheten «Lade hjemmetjenest» finnes ikke. Mente du «Lade hjemmetjeneste»?"
    fixed = raw.decode("utf-8-sig").replace("Lade hjemmetjenest;", "Lade hjemmetjeneste;").replace(
        "Bispegata", "Trondheim legevakt").replace("25:00", "23:00")
    again = import_file(fixed.encode("utf-8-sig"), "chat", db=dbp, filename="avviste.csv")
    # Three fixed rows go in; the four still wrong come back, and the old 'feil' column is replaced.
    assert (again.rows_read, again.imported, again.rejected) == (7, 3, 4)
    header = read_table(again.rejects_bytes(), "x.csv").records[0][1]
    assert header == ["Tidspunkt", "Enhet", "Melding", "Rolle", "feil"]
    assert count(dbp, "chat_messages") == 6


def test_reports_statuses_moods_and_day_from_timestamp(tmp_path: Path, dbp: Path) -> None:
    f = write_text(tmp_path / "rapporter.csv", (
        "Innsendt;Enhet;Status;Humør;Kommentar\n"
        "07.05.2022 15:00;Lade HJT;Grønn;5;God stemning i hele helga\n"
        "07.05.2022 18:00;Lade HJT;GUL;3,0;Litt treg Rover\n"
        "08.05.2022 15:00;Strindheim hjemmetjeneste;rod;2;\n"
        "08.05.2022 15:00;Strindheim hjemmetjeneste;blå;6;feil\n"
        ";Trondheim legevakt;gul;3;uten dato\n"
    ))
    result = import_file(f, "reports", db=dbp)
    assert [str(i) for i in result.issues] == [
        "rapporter.csv, rad 5, kolonne «Status»: «blå» er ikke en gyldig status (bruk grønn, gul eller rød)",
        "rapporter.csv, rad 5, kolonne «Humør»: må være mellom 1 og 5 (var 6)",
        "rapporter.csv, rad 6, kolonne «Innsendt»: mangler verdi",
    ]
    assert (result.imported, result.rejected) == (3, 2)
    latest = db.read_rows("SELECT day, unit, status, mood, text, label IS NULL FROM unit_reports_latest "
                          "ORDER BY unit", db=dbp)
    assert latest == [
        (dt.date(2022, 5, 7), "Lade hjemmetjeneste", "gul", 3, "Litt treg Rover", False),
        (dt.date(2022, 5, 8), "Strindheim hjemmetjeneste", "rød", 2, None, True),
    ]
    assert import_file(f, "reports", db=dbp).already_present == 3


def test_tickets_upsert_updates_changed_rows_and_checks_times(tmp_path: Path, dbp: Path) -> None:
    head = "Saksnummer;Opprettet;Lukket;Enhet;Kategori;Prioritet;Status;Kort beskrivelse\n"
    day1 = write_text(tmp_path / "saker1.csv", head + (
        "INC0000001;07.05.2022 08:00;;Lade HJT;Pålogging;høy;åpen;Får ikke logget inn\n"
        "INC0000002;07.05.2022 09:00;07.05.2022 10:00;Trondheim legevakt;Utskrift;lav;lukket;Skriver\n"
        "INC0000003;07.05.2022 12:00;07.05.2022 11:00;Trondheim legevakt;Utskrift;lav;lukket;Feil tid\n"
    ))
    r1 = import_file(day1, "tickets", db=dbp)
    assert (r1.imported, r1.rejected) == (2, 1)
    assert [str(i) for i in r1.issues] == [
        "saker1.csv, rad 4, kolonne «Lukket»: lukket (07.05.2022 11:00) er før opprettet (07.05.2022 12:00)"]
    day2 = write_text(tmp_path / "saker2.csv", head + (
        "INC0000001;07.05.2022 08:00;08.05.2022 09:30;Lade HJT;Pålogging;høy;lukket;Får ikke logget inn\n"
        "INC0000002;07.05.2022 09:00;07.05.2022 10:00;Trondheim legevakt;Utskrift;lav;lukket;Skriver\n"
        "INC0000004;08.05.2022 07:00;;Havstein HVS;E-link;kritisk;åpen;Meldinger kommer ikke fram\n"
    ))
    r2 = import_file(day2, "tickets", db=dbp)
    assert (r2.imported, r2.updated, r2.already_present, r2.rejected) == (1, 1, 1, 0)
    assert "Oppdatert: 1" in r2.summary_text()
    assert db.read_rows("SELECT status, closed_at FROM tickets WHERE ticket_id = 'INC0000001'", db=dbp) == [
        ("lukket", dt.datetime(2022, 5, 8, 9, 30))]


def test_columns_absent_from_a_file_are_not_overwritten(tmp_path: Path, dbp: Path) -> None:
    import_file(b"Sak;Opprettet;Gjenapnet\nINC1;07.05.2022;2\n", "tickets", db=dbp, filename="a.csv")
    r = import_file(b"Sak;Opprettet;Status\nINC1;07.05.2022;lukket\n", "tickets", db=dbp, filename="b.csv")
    assert r.updated == 1
    assert db.read_rows("SELECT reopened, status FROM tickets", db=dbp) == [(2, "lukket")]


def test_adoption_portal_and_events(tmp_path: Path, dbp: Path) -> None:
    adoption = write_xlsx(tmp_path / "bruk.xlsx", [
        ["Dato", "Enhet", "Aktive brukere"],
        [dt.datetime(2022, 5, 7), "Lade HJT", 95],
        [dt.datetime(2022, 5, 7), "Trondheim legevakt", -1],
        [dt.datetime(2022, 5, 7), "Havstein HVS", 70],
    ])
    r = import_file(adoption, "adoption", db=dbp)
    assert [str(i) for i in r.issues] == ["bruk.xlsx, rad 3, kolonne «Aktive brukere»: kan ikke være negativ (-1)"]
    assert (r.imported, r.rejected) == (2, 1)
    portal = b"Dato;Innlogginger\n07.05.2022;15 000\n08.05.2022;18000\n08.05.2022;18100\n"
    p = import_file(portal, "portal", db=dbp, filename="helsami.csv")
    # Two rows for the same day in one file: the later one wins, the earlier counts as already present.
    assert (p.imported, p.already_present) == (2, 1)
    assert db.read_rows("SELECT logins FROM portal_logins_daily ORDER BY day", db=dbp) == [(15000,), (18100,)]
    events = ("Tidspunkt;Tittel;Type;Beskrivelse\n"
              "07.05.2022 07:00;Go-live Helseplattformen;go-live;Kontakt vakt på 91234567\n"
              "10.05.2022 18:00;Hotfix utskrift;;\n")
    e = import_file(events.encode("cp1252"), "events", db=dbp, filename="hendelser.csv")
    assert (e.imported, e.masked["telefon"]) == (2, 1)
    assert db.read_rows("SELECT title, kind, description FROM events ORDER BY ts", db=dbp) == [
        ("Go-live Helseplattformen", "go-live", "Kontakt vakt på [telefon]"), ("Hotfix utskrift", "annet", None)]


def test_units_import_aliases_case_and_collisions(tmp_path: Path, dbp: Path) -> None:
    f = write_text(tmp_path / "enheter.csv", (
        "Navn,Tjenesteområde,Antall ansatte,Go-live-dato,Alias\n"
        'Byåsen hjemmetjeneste,hjemmetjeneste,90,07.05.2022,"Byåsen HJT; Byåsen"\n'
        "lade hjemmetjeneste,hjemmetjeneste,125,07.05.2022,Lade HJT\n"
        "Havstein HVS,HVS,80,,\n"
        "Ny enhet,HVS,10,,Trondheim legevakt\n"
    ))
    r = import_file(f, "units", db=dbp)
    assert [str(i) for i in r.issues] == [
        "enheter.csv, rad 4, kolonne «Navn»: «Havstein HVS» er allerede navn eller alias for enheten "
        "«Havstein helse- og velferdssenter»",
        "enheter.csv, rad 5, kolonne «Alias»: «Trondheim legevakt» er allerede navn eller alias for enheten "
        "«Trondheim legevakt»",
    ]
    assert (r.imported, r.updated, r.rejected) == (1, 1, 2)
    assert db.read_rows("SELECT name, staff_count, aliases FROM units WHERE name LIKE '%åsen%' OR name LIKE 'Lade%' "
                        "ORDER BY name", db=dbp) == [
        ("Byåsen hjemmetjeneste", 90, ["Byåsen HJT", "Byåsen"]), ("Lade hjemmetjeneste", 125, ["Lade HJT"])]
    chat = import_file("Tidspunkt;Enhet;Melding\n07.05.2022;byasen;hei\n07.05.2022;byåsen;hei\n".encode(), "chat",
                       db=dbp, filename="c.csv")
    assert [str(i) for i in chat.issues] == [
        "c.csv, rad 2, kolonne «Enhet»: enheten «byasen» finnes ikke. Mente du «Byåsen hjemmetjeneste»?"]


def test_explicit_mapping(tmp_path: Path, dbp: Path) -> None:
    data = "Når;Hvor;Innlegg;Tekst\n07.05.2022 10:00;Lade HJT;dette er meldingen;ikke denne\n".encode()
    mapping = {"Når": "ts", "Hvor": "enhet", "innlegg": "melding"}
    r = import_file(data, "chat", db=dbp, filename="x.csv", mapping=mapping)
    assert r.imported == 1
    assert db.read_rows("SELECT unit, text FROM chat_messages", db=dbp) == [
        ("Lade hjemmetjeneste", "dette er meldingen")]
    with pytest.raises(ImportRefused, match="Ukjent mål «farge» i koblingen for chatmeldinger. Gyldige mål: tidspunkt"):
        import_file(data, "chat", db=dbp, filename="x.csv", mapping={"Når": "farge"})
    with pytest.raises(ImportRefused, match="Kolonnen «Hvem» i koblingen finnes ikke i filen «x.csv»"):
        import_file(data, "chat", db=dbp, filename="x.csv", mapping={"Hvem": "melding"})
    titled = b"Uttrekk fra chatten\n" + data.replace(b"meldingen", b"meldingen igjen")
    assert import_file(titled, "chat", db=dbp, filename="y.csv", mapping=mapping).imported == 1


def test_preview_shows_format_mapping_masked_rows_and_issues_without_writing(tmp_path: Path, dbp: Path) -> None:
    before = snapshot(dbp)
    p = preview(CHAT.encode("utf-8-sig"), "chat.csv", "chat", db=dbp)
    assert p.ok and p.error is None
    assert (p.file_format, p.encoding, p.separator, p.description) == (
        "csv", "UTF-8 med BOM", ";", "CSV, UTF-8 med BOM, skilletegn semikolon")
    assert p.mapping == {"Tidspunkt": "ts", "Enhet": "unit", "Melding": "text", "Rolle": "role"}
    assert p.mapping_labels["Melding"] == "melding" and p.unmapped == []
    assert (p.rows_total, p.valid, p.rejected) == (11, 4, 7)
    assert [str(i) for i in p.issues] == CHAT_ISSUES
    assert list(p.rows.columns) == ["Tidspunkt", "Enhet", "Melding", "Rolle"]
    assert list(p.rows.index[:3]) == [2, 3, 4]
    assert p.rows.iloc[1]["Melding"] == "Pasient [fødselsnummer] fikk feil medisin, ring [telefon]"
    assert p.masked == {"fødselsnummer": 1, "telefon": 1, "e-post": 1}
    assert snapshot(dbp) == before


def test_crash_inside_the_transaction_leaves_the_database_as_it_was(
        tmp_path: Path, dbp: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import_file(write_text(tmp_path / "a.csv", "Tidspunkt;Enhet;Melding\n07.05.2022;Lade HJT;første\n"), "chat", db=dbp)
    before = snapshot(dbp)

    real_log = store_stage.log_import

    def log_then_boom(con: duckdb.DuckDBPyConnection, *args: object) -> None:
        real_log(con, *args)  # the import_log row is the transaction's last statement: crash right after it
        assert con.execute("SELECT count(*) FROM chat_messages").fetchone()[0] == 3  # written, not committed
        assert con.execute("SELECT count(*) FROM import_log").fetchone()[0] == 2
        raise KeyboardInterrupt

    monkeypatch.setattr(store_stage, "log_import", log_then_boom)
    f = write_text(tmp_path / "b.csv", "Tidspunkt;Enhet;Melding\n08.05.2022;Lade HJT;to\n09.05.2022;Lade HJT;tre\n")
    with pytest.raises(KeyboardInterrupt):
        import_file(f, "chat", db=dbp)
    assert snapshot(dbp) == before
    monkeypatch.undo()
    assert import_file(f, "chat", db=dbp).imported == 2


def test_an_old_v1_database_is_migrated_by_the_first_import(tmp_path: Path) -> None:
    path = build_v1_database(tmp_path / "v1.duckdb")
    assert import_file(b"Dato;Enhet;Aktive\n07.05.2022;Lade hjemmetjeneste;9\n", "adoption", db=path,
                       filename="a.csv").imported == 1
    assert db.stored_version(path) == db.SCHEMA_VERSION
    assert count(path, "import_log") == 1


def run_cli(capsys: pytest.CaptureFixture, *args: str) -> tuple[int, str, str]:
    """Run the command line in-process (as `python -m analysis` does) and capture its output."""
    code = cli_main(list(args))
    out = capsys.readouterr()
    return code, out.out, out.err


def test_cli_summary_rejects_and_exit_codes(tmp_path: Path, dbp: Path, capsys: pytest.CaptureFixture) -> None:
    f = write_text(tmp_path / "chat.csv", CHAT, bom=True)
    code, out, err = run_cli(capsys, "import", "chat", str(f), "--db", str(dbp))
    assert code == 0, err
    assert "Import av chatmeldinger fra «chat.csv» (CSV, UTF-8 med BOM, skilletegn semikolon)" in out
    assert "Importert (nye): 3" in out and "Avvist: 7" in out
    assert (tmp_path / "chat_avviste.csv").exists()
    assert "123456 78901" not in out + err

    bad = write_text(tmp_path / "alt_feil.csv", "Tidspunkt;Enhet;Melding\nxx;Lade HJT;hei\n")
    rejects = tmp_path / "ut" / "feil.csv"
    rejects.parent.mkdir()
    code, out, _ = run_cli(capsys, "import", "chat", str(bad), "--db", str(dbp), "--rejects", str(rejects))
    assert code == 1 and "Ingen rader kunne importeres." in out
    assert rejects.exists()

    mapped = write_text(tmp_path / "m.csv", "Når;Innlegg\n07.05.2022;hei\n")
    assert run_cli(capsys, "import", "chat", str(mapped), "--db", str(dbp), "--map", "Når=tidspunkt",
                   "--map", "Innlegg=melding")[0] == 0
    code, _, err = run_cli(capsys, "import", "chat", str(mapped), "--db", str(dbp), "--map", "Når")
    assert code == 2 and err.startswith("Feil: Ugyldig kobling «Når»")
    code, out, _ = run_cli(capsys, "import", "chat", str(f), "--db", str(dbp))
    assert code == 0 and "Fantes fra før: 4" in out

    code, out, _ = run_cli(capsys, "rescore", "--db", str(dbp), "--all")
    assert code == 0 and out.startswith("Analyserte på nytt 4 chatmeldinger")


def test_python_m_analysis_refuses_without_traceback(tmp_path: Path, dbp: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "analysis", "import", "chat", str(tmp_path / "mangler.csv"),
                           "--db", str(dbp)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.startswith("Feil: Fant ikke filen") and "Traceback" not in done.stderr
