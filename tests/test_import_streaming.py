"""Streaming imports: a file read in many small chunks imports exactly like one read in one piece."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import db
from analysis.importers import ImportRefused, import_file, preview, read_stage, store_stage
from import_helpers import fresh_db, snapshot, write_text, write_xlsx

CHUNK = 4  # rows per chunk in the chunked runs: every file below spans more than three chunks
UNITS = ["Lade HJT", "Strindheim hjemmetjeneste", "Havstein HVS", "Trondheim legevakt"]


def chat_lines(n: int) -> list[str]:
    """n distinct chat rows with phone numbers to mask."""
    return [f"07.05.2022 {8 + i // 60:02d}:{i % 60:02d};{UNITS[i % 4]};melding {i}: ring 912 34 {i:03d};ansatt"
            for i in range(n)]


def chat_file(path: Path, lines: list[str]) -> Path:
    """A semicolon chat export with a title line before the header."""
    return write_text(path, "Eksport fra chat\nTidspunkt;Enhet;Melding;Rolle\n" + "\n".join(lines) + "\n", bom=True)


def stored(path: Path, ids: bool = True) -> dict[str, list]:
    """Every importer table, import_log without its clock column (and every table without ids if asked)."""
    snap = snapshot(path)
    snap["import_log"] = [row[2:] for row in snap["import_log"]]  # id and imported_at differ between runs
    if not ids:
        snap = {t: sorted(row[1:] for row in rows) if t in ("chat_messages", "unit_reports") else rows
                for t, rows in snap.items()}
    return snap


def rejects(data: bytes | None, name: str) -> list | None:
    """The rejects file's records (an .xlsx file's bytes carry its creation time)."""
    return None if data is None else read_stage.read_table(data, name).records


def import_both(tmp_path: Path, source: Path, kind: str, prepare: Path | None = None, ids: bool = True) -> tuple:
    """Import `source` chunked and in one piece into two copies of the same database; return both outcomes."""
    out = []
    for label, chunk_rows in (("chunked", CHUNK), ("whole", 1_000_000)):
        folder = tmp_path / label
        folder.mkdir()
        path = fresh_db(folder)
        if prepare is not None:
            import_file(prepare, kind, db=path)
        result = import_file(source, kind, db=path, chunk_rows=chunk_rows)
        out.append((result.as_dict(), result.summary_text(max_issues=100),
                    rejects(result.rejects_bytes(), result.rejects_filename), stored(path, ids)))
    return out[0], out[1]


def test_chunked_chat_import_equals_one_piece(tmp_path: Path) -> None:
    lines = chat_lines(22)
    lines[5] = "32.05.2022 08:00;Lade HJT;ugyldig dato, ring 912 34 567;ansatt"  # rejected (masked in rejects)
    lines[6] = lines[4]  # in-file twin inside one chunk
    lines[13] = "07.05.2022 09:00;Ukjent enhet;ukjent enhet;ansatt"
    chunked, whole = import_both(tmp_path, chat_file(tmp_path / "chat.csv", lines), "chat")
    assert chunked == whole  # ids included
    counts = chunked[0]
    assert counts["rows_read"] == 22 and counts["already_present"] == 1 and counts["masked"]["telefon"] >= 20
    assert chunked[2] is not None and "ugyldig dato, ring [telefon]" in str(chunked[2])


def test_chunked_reimport_over_stored_rows_equals_one_piece(tmp_path: Path) -> None:
    first = chat_file(tmp_path / "first.csv", chat_lines(9))
    source = chat_file(tmp_path / "chat.csv", chat_lines(20))
    chunked, whole = import_both(tmp_path, source, "chat", prepare=first)
    assert chunked == whole
    assert (chunked[0]["imported"], chunked[0]["already_present"]) == (11, 9)


def test_duplicate_in_a_later_chunk_counts_as_already_present(tmp_path: Path) -> None:
    (tmp_path / "both").mkdir()
    lines = chat_lines(15)
    lines.append(lines[1].replace(";ansatt", ";superbruker"))  # same key, other role: the last row's values win
    path = fresh_db(tmp_path)
    result = import_file(chat_file(tmp_path / "chat.csv", lines), "chat", db=path, chunk_rows=CHUNK)
    assert (result.rows_read, result.imported, result.already_present) == (16, 15, 1)
    roles = db.read_rows("SELECT role FROM chat_messages WHERE text LIKE 'melding 1:%'", db=path)
    assert roles == [("superbruker",)]
    # The same as one piece, but for the twin's id: it keeps the place where its first chunk put it.
    chunked, whole = import_both(tmp_path / "both", chat_file(tmp_path / "chat.csv", lines), "chat", ids=False)
    assert chunked == whole


def test_chunked_ticket_upserts_count_like_one_piece(tmp_path: Path) -> None:
    head = "Saksnummer;Opprettet;Lukket;Enhet;Status;Kort beskrivelse\n"
    rows = [f"INC{i:07d};07.05.2022 08:{i:02d};;Lade HJT;åpen;Sak {i}" for i in range(12)]
    before = write_text(tmp_path / "saker0.csv", head + "\n".join(rows[:6]) + "\n")
    later = list(rows)
    later[2] = later[2].replace("åpen", "lukket").replace(";;", ";08.05.2022 09:00;")  # stored, changed
    later[3] = later[3].replace("Sak 3", "Sak tre")  # stored, changed, then changed back in the last chunk
    later += [rows[3], later[8].replace("Sak 8", "Sak åtte"), rows[9]]  # new key changed in a later chunk
    source = write_text(tmp_path / "saker.csv", head + "\n".join(later) + "\n")
    chunked, whole = import_both(tmp_path, source, "tickets", prepare=before)
    assert chunked == whole
    assert (chunked[0]["imported"], chunked[0]["updated"], chunked[0]["already_present"]) == (6, 1, 8)


def test_chunked_excel_import_equals_one_piece(tmp_path: Path) -> None:
    rows = [["Tidspunkt", "Enhet", "Melding", "Rolle"]]
    rows += [line.split(";") for line in chat_lines(14)]
    rows[3][0] = "ikke en dato"
    chunked, whole = import_both(tmp_path, write_xlsx(tmp_path / "chat.xlsx", rows), "chat")
    assert chunked == whole and chunked[0]["rejected"] == 1


def test_preview_streams_and_counts_every_chunk(tmp_path: Path) -> None:
    lines = chat_lines(18)
    lines[15] = "07.05.2022 25:00;Lade HJT;feil tid;ansatt"
    data = chat_file(tmp_path / "chat.csv", lines).read_bytes()
    small, big = (preview(data, "chat.csv", "chat", db=fresh_db(tmp_path), chunk_rows=n) for n in (CHUNK, 10_000))
    assert (small.rows_total, small.valid, small.rejected) == (big.rows_total, big.valid, big.rejected) == (18, 17, 1)
    assert [str(i) for i in small.issues] == [str(i) for i in big.issues]
    assert small.masked == big.masked and len(small.rows) == len(big.rows)


def test_unbalanced_quote_in_the_last_chunk_rolls_back(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_stage, "HEAD_RECORDS", 6)  # so the quote is met while streaming, under the lock
    monkeypatch.setattr(read_stage, "CHECK_BATCH", 3)
    path = fresh_db(tmp_path)
    import_file(chat_file(tmp_path / "first.csv", chat_lines(5)), "chat", db=path)
    before = snapshot(path)
    lines = chat_lines(20)
    lines[18] = '07.05.2022 09:40;Lade HJT;"begynner et sitat;ansatt'
    with pytest.raises(ImportRefused, match=r"rad 21, kolonne «Melding»"):
        import_file(chat_file(tmp_path / "chat.csv", lines), "chat", db=path, chunk_rows=CHUNK)
    assert snapshot(path) == before


def test_fault_after_the_staged_insert_leaves_the_database_unchanged(tmp_path: Path,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    path = fresh_db(tmp_path)
    import_file(chat_file(tmp_path / "first.csv", chat_lines(5)), "chat", db=path)
    before = snapshot(path)
    inserted = []
    real = store_stage.insert_staged

    def insert_then_fail(*args: object) -> int:
        inserted.append(real(*args))  # every staged row is in the table (inside the transaction) …
        raise OSError(28, "No space left on device")  # … and then the disk fills up

    monkeypatch.setattr(store_stage, "insert_staged", insert_then_fail)
    with pytest.raises(Exception, match="No space left|disk|plass"):
        import_file(chat_file(tmp_path / "chat.csv", chat_lines(20)), "chat", db=path, chunk_rows=CHUNK)
    assert inserted == [15]
    assert snapshot(path) == before


def test_fault_in_the_last_chunk_leaves_the_database_unchanged(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    head = "Saksnummer;Opprettet;Enhet;Kort beskrivelse\n"
    path = fresh_db(tmp_path)
    import_file(write_text(tmp_path / "first.csv", head + "INC1;07.05.2022 08:00;Lade HJT;Sak\n"), "tickets", db=path)
    before = snapshot(path)
    calls = []
    real = store_stage.ChunkWriter.write

    def fail_last(self: store_stage.ChunkWriter, rows: list[dict]) -> None:
        calls.append(len(rows))
        if len(calls) == 5:
            raise OSError(28, "No space left on device")
        real(self, rows)

    monkeypatch.setattr(store_stage.ChunkWriter, "write", fail_last)
    rows = [f"INC{i};07.05.2022 09:{i:02d};Lade HJT;Sak {i}" for i in range(20)]
    with pytest.raises(Exception, match="No space left|disk|plass"):
        import_file(write_text(tmp_path / "saker.csv", head + "\n".join(rows) + "\n"), "tickets", db=path,
                    chunk_rows=CHUNK)
    assert len(calls) == 5  # the last of five chunks
    assert snapshot(path) == before
