"""Database faults and implausible values: a Norwegian line, a documented exit code, nothing stored lost."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from analysis import errors
from analysis.cli import main
from analysis.importers import import_file
from fixture_db import build_fixture


def test_info_reads_every_block_and_finds_a_truncated_file(fixture_db: Path, tmp_path: Path,
                                                          capsys: pytest.CaptureFixture) -> None:
    assert main(["info", "--db", str(fixture_db)]) == 0
    out = capsys.readouterr().out
    assert "alle tabeller lest og kontrollert, ingen feil" in out and "follow_up_actions" in out
    truncated = tmp_path / "avkuttet.duckdb"
    # A file as built (the shared fixture also holds the audit rows other tests' page views left at its end).
    data = build_fixture(tmp_path / "hel.duckdb").read_bytes()
    truncated.write_bytes(data[: int(len(data) * 0.95)])
    assert main(["info", "--db", str(truncated)]) == errors.EXIT_DAMAGED
    assert capsys.readouterr().err.startswith("Feil: Databasefilen")


def test_a_newer_file_is_refused_for_writing_too(fixture_db: Path, tmp_path: Path,
                                                 capsys: pytest.CaptureFixture) -> None:
    newer = tmp_path / "nyere.duckdb"
    shutil.copy(fixture_db, newer)
    with duckdb.connect(str(newer)) as con:
        con.execute("INSERT INTO schema_version VALUES (99, now()::TIMESTAMP)")
        before = con.execute("SELECT count(*) FROM chat_messages").fetchone()[0]
    csv = tmp_path / "chat.csv"
    csv.write_text("Tidspunkt;Enhet;Melding\n14.05.2022 10:00;Lade hjemmetjeneste;Hei\n", encoding="utf-8")
    assert main(["import", "chat", str(csv), "--db", str(newer)]) == errors.EXIT_TOO_NEW
    assert "skjemaversjon 99" in capsys.readouterr().err
    with duckdb.connect(str(newer), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM chat_messages").fetchone()[0] == before


@pytest.mark.parametrize("exc, kind, code", [
    (duckdb.IOException('IO Error: Could not write file "x.duckdb.wal": No space left on device'),
     errors.DiskFull, errors.EXIT_DISK_FULL),
    (OSError(28, "No space left on device"), errors.DiskFull, errors.EXIT_DISK_FULL),
    (PermissionError(13, "Permission denied"), errors.DatabaseReadOnly, errors.EXIT_NOT_ALLOWED),
    (duckdb.IOException("IO Error: Cannot open file: Read-only file system"), errors.DatabaseReadOnly, 6),
    (duckdb.Error("Corrupt database file: computed checksum 1 does not match stored checksum 2"),
     errors.DatabaseDamaged, errors.EXIT_DAMAGED),
])
def test_faults_are_classified(exc: BaseException, kind: type, code: int) -> None:
    known = errors.classify(exc, "golive.duckdb")
    assert isinstance(known, kind) and known.exit_code == code and known.hint


def test_more_active_users_than_staff_is_refused(fixture_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "a.duckdb"
    shutil.copy(fixture_db, copy)
    with duckdb.connect(str(copy), read_only=True) as con:
        staff = con.execute("SELECT staff_count FROM units WHERE name = 'Lade hjemmetjeneste'").fetchone()[0]
    data = (f"Dato;Enhet;Aktive brukere\n14.05.2022;Lade hjemmetjeneste;{staff}\n"
            f"15.05.2022;Lade hjemmetjeneste;{staff + 1}\n").encode()
    result = import_file(data, "adoption", db=copy, filename="aktive.csv")
    assert (result.imported + result.updated, len(result.issues)) == (1, 1)
    issue = str(result.issues[0])
    assert "rad 3" in issue and "Aktive brukere" in issue and "er flere enn de" in issue


def test_a_date_before_the_plausible_start_is_refused(fixture_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "c.duckdb"
    shutil.copy(fixture_db, copy)
    data = b"Tidspunkt;Enhet;Melding\n14.05.1922 10:00;Lade hjemmetjeneste;Hei\n14.05.2022 10:01;;Hallo\n"
    result = import_file(data, "chat", db=copy, filename="chat.csv")
    assert result.imported == 1 and len(result.issues) == 1
    assert "årstallet 1922 er utenfor gyldig område" in str(result.issues[0]) and "rad 2" in str(result.issues[0])
