"""Imports stream: the reader's memory does not grow with the file, and chunks go to the staging file one by one."""

from __future__ import annotations

import importlib
import tracemalloc
from pathlib import Path

import pytest

from analysis import db
from analysis.importers import import_file, pipeline, read_stage, store_stage
from analysis.importers.map_stage import find_header
from analysis.importers.pipeline import kind_spec
from import_helpers import fresh_db, write_text

HEAD = "Tidspunkt;Enhet;Melding;Rolle\n"
rescore_module = importlib.import_module("analysis.importers.rescore")  # the package exports the function


def chat_csv(path: Path, rows: int) -> Path:
    """A chat export of `rows` distinct messages, some quoted across lines (each about 120 bytes)."""
    lines = []
    for i in range(rows):
        text = f"melding {i} om pålogging og utskrift på vakt {i % 7}, alt går greit nå etter oppdateringen"
        if i % 50 == 0:
            text = f'"{text}\nmed en linje til; og ""sitat"""'
        lines.append(f"07.05.2022 {8 + i // 3600 % 12:02d}:{i // 60 % 60:02d}:{i % 60:02d};Lade HJT;{text};ansatt")
    return write_text(path, HEAD + "\n".join(lines) + "\n", bom=True)


def read_peak(path: Path, chunk_rows: int) -> tuple[int, int, int]:
    """Read every chunk of a file as an import does; return (peak traced bytes, rows, largest chunk)."""
    spec = kind_spec("chat")
    tracemalloc.start()
    try:
        opener, name = read_stage.open_source(path, None)
        stream = read_stage.open_table(opener, name)
        headers = find_header(stream.table, spec, None, name)
        rows = largest = 0
        for chunk in stream.chunks(chunk_rows, skip=headers.index + 1):
            rows, largest = rows + len(chunk), max(largest, len(chunk))
        return tracemalloc.get_traced_memory()[1], rows, largest
    finally:
        tracemalloc.stop()


def test_reading_a_three_times_larger_file_does_not_need_more_memory(tmp_path: Path,
                                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(read_stage, "READ_BLOCK", 64 * 1024)  # blocks far smaller than the files
    monkeypatch.setattr(read_stage, "HEAD_RECORDS", 200)
    monkeypatch.setattr(read_stage, "SNIFF_CHARS", 32 * 1024)
    monkeypatch.setattr(read_stage, "CHECK_BATCH", 500)
    small, large = chat_csv(tmp_path / "liten.csv", 12_000), chat_csv(tmp_path / "stor.csv", 36_000)
    peak_small, rows_small, chunk_small = read_peak(small, 1_000)
    peak_large, rows_large, chunk_large = read_peak(large, 1_000)
    assert (rows_small, rows_large) == (12_000, 36_000)
    assert chunk_small == chunk_large == 1_000
    # Holding the decoded text (or every record) would take about three times as much for the larger file.
    assert peak_large < 1.3 * peak_small
    assert peak_large < large.stat().st_size / 2, (peak_small, peak_large)


def test_content_rows_reach_the_staging_file_one_chunk_at_a_time(tmp_path: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    sizes = []
    real = store_stage.Staging.add

    def add(self: store_stage.Staging, frame: object) -> None:
        sizes.append(len(frame))  # type: ignore[arg-type]
        real(self, frame)  # type: ignore[arg-type]

    monkeypatch.setattr(store_stage.Staging, "add", add)
    path = fresh_db(tmp_path)
    result = import_file(chat_csv(tmp_path / "chat.csv", 230), "chat", db=path, chunk_rows=50)
    assert sizes == [50, 50, 50, 50, 30]
    assert result.imported == 230
    assert db.read_rows("SELECT count(*), count(DISTINCT id) FROM chat_messages", db=path) == [(230, 230)]


def test_rows_seen_stored_at_the_look_up_but_gone_at_the_write_are_analysed(tmp_path: Path,
                                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    # The read-only look-up says every row is stored (so nothing is scored before the lock); at the write they
    # are not, so the write must analyse them itself.
    monkeypatch.setattr(store_stage, "stored_already", lambda spec, rows, dbp: [True] * len(rows))
    path = fresh_db(tmp_path)
    result = import_file(chat_csv(tmp_path / "chat.csv", 12), "chat", db=path, chunk_rows=5)
    assert result.imported == 12
    rows = db.read_rows("SELECT count(*) FILTER (WHERE label IS NULL OR analyzer_version IS NULL) FROM chat_messages",
                        db=path)
    assert rows == [(0,)]


def test_analysis_in_a_worker_process_stores_what_one_process_stores(tmp_path: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    source = chat_csv(tmp_path / "chat.csv", 120)
    stored = []
    for label, threshold in (("en", 10**12), ("to", 0)):  # 0: every file is big enough for the worker
        monkeypatch.setattr(pipeline, "PARALLEL_FROM_BYTES", threshold)
        (tmp_path / label).mkdir()
        path = fresh_db(tmp_path / label)
        result = import_file(source, "chat", db=path, chunk_rows=25)
        stored.append((result.as_dict(), db.read_rows(
            "SELECT id, ts, unit, text, label, polarity, themes, safety, evidence FROM chat_messages ORDER BY id",
            db=path)))
    assert stored[0] == stored[1]
    assert stored[0][0]["imported"] == 120 and len(stored[0][1]) == 120


def test_rescore_in_worker_processes_stores_what_one_process_stores(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    stored = []
    for label, threshold in (("en", 10**12), ("to", 0)):
        monkeypatch.setattr(rescore_module, "PARALLEL_FROM_TEXTS", threshold)
        (tmp_path / label).mkdir()
        path = fresh_db(tmp_path / label)
        import_file(chat_csv(tmp_path / label / "chat.csv", 60), "chat", db=path)
        db.write(lambda con: con.execute("UPDATE chat_messages SET analyzer_version = 'gammel', label = NULL"), path)
        done = rescore_module.rescore(db=path, batch=7)  # nine batches, more than the workers' queue
        stored.append((done.chat, done.distinct, db.read_rows(
            "SELECT id, label, polarity, themes, evidence, analyzer_version FROM chat_messages ORDER BY id", db=path)))
    assert stored[0] == stored[1]
    assert stored[0][:2] == (60, 60) and all(row[1] is not None for row in stored[0][2])
