"""The store: schema, migrations, and the connection rules under concurrent writers and readers."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import duckdb
import pytest

from analysis import db

ROOT = Path(__file__).resolve().parents[1]

EXPECTED_COLUMNS = {
    "units": {"name", "service_area", "staff_count", "go_live_date", "aliases"},
    "chat_messages": {"id", "ts", "unit", "text", "role", "channel", "polarity", "label", "language", "themes",
                      "safety", "safety_reason", "evidence", "analyzer_version", "source"},
    "unit_reports": {"id", "day", "unit", "status", "mood", "text", "reported_at", "polarity", "label",
                     "language", "themes", "safety", "safety_reason", "evidence", "analyzer_version", "source"},
    "tickets": {"ticket_id", "opened_at", "closed_at", "unit", "category", "priority", "channel", "status",
                "summary", "reopened", "source"},
    "adoption_daily": {"day", "unit", "active_users"},
    "portal_logins_daily": {"day", "logins"},
    "events": {"id", "ts", "title", "kind", "unit", "description"},
    "weekly_notes": {"id", "iso_week", "created_at", "kind", "text", "author"},
    "schema_version": {"version", "applied_at"},
}


def test_new_file_gets_every_table_and_the_current_version(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    assert db.ensure_schema(path) == db.SCHEMA_VERSION
    cols = db.read_df("SELECT table_name, column_name FROM information_schema.columns", db=path)
    for table, expected in EXPECTED_COLUMNS.items():
        assert set(cols[cols.table_name == table].column_name) >= expected, table
    assert db.stored_version(path) == db.SCHEMA_VERSION


def test_ensure_schema_is_idempotent_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "x.duckdb"
    db.write(lambda con: con.execute("INSERT INTO units VALUES ('A', 'HVS', 10, NULL, [])"), path)
    db.ensure_schema(path)
    db.ensure_schema(path)
    assert db.read_rows("SELECT count(*) FROM units", db=path) == [(1,)]
    assert db.read_rows("SELECT count(*) FROM schema_version", db=path) == [(db.SCHEMA_VERSION,)]


def test_a_newer_file_is_refused_not_broken(tmp_path: Path) -> None:
    path = tmp_path / "future.duckdb"
    db.ensure_schema(path)
    db.write(lambda con: con.execute("INSERT INTO schema_version VALUES (99, now()::TIMESTAMP)"), path)
    with pytest.raises(RuntimeError, match="nyere"):
        db.ensure_schema(path)


def test_failed_write_rolls_back_everything(tmp_path: Path) -> None:
    path = tmp_path / "rb.duckdb"
    db.write(lambda con: con.execute("INSERT INTO units VALUES ('A', 'HVS', 10, NULL, [])"), path)

    def half_then_fail(con: duckdb.DuckDBPyConnection) -> None:
        con.execute("INSERT INTO units VALUES ('B', 'HVS', 5, NULL, [])")
        raise ValueError("boom")

    with pytest.raises(ValueError):
        db.write(half_then_fail, path)
    assert db.read_rows("SELECT name FROM units ORDER BY name", db=path) == [("A",)]


def test_constraints_reject_bad_values(tmp_path: Path) -> None:
    path = tmp_path / "c.duckdb"
    with pytest.raises(duckdb.ConstraintException):
        db.write(lambda con: con.execute(
            "INSERT INTO unit_reports (day, unit, status, mood) VALUES ('2022-05-07', 'A', 'blå', 3)"), path)


def test_reading_a_missing_file_says_so(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="Fant ikke"):
        db.read_df("SELECT 1", db=tmp_path / "missing.duckdb")


WRITER = """
import time
from analysis import db
for i in range({n}):
    db.write(lambda con, i=i: con.execute(
        "INSERT INTO events (ts, title, kind) VALUES (now()::TIMESTAMP, ?, 'test')", [f"e{{i}}"]), {path!r})
    time.sleep(0.01)
print("done")
"""


def _poll(path: Path, stop: threading.Event, errors: list, reads: list) -> None:
    """Read in a loop until told to stop, recording failures."""
    while not stop.is_set():
        try:
            reads.append(db.read_rows("SELECT count(*) FROM events", db=path)[0][0])
        except Exception as exc:  # noqa: BLE001 - every failure is the finding
            errors.append(repr(exc))


def test_writer_in_another_process_and_readers_here_all_succeed(tmp_path: Path) -> None:
    path = tmp_path / "busy.duckdb"
    db.ensure_schema(path)
    n = 40
    stop, errors, reads = threading.Event(), [], []
    threads = [threading.Thread(target=_poll, args=(path, stop, errors, reads)) for _ in range(3)]
    for t in threads:
        t.start()
    # Run from the repo root: `python -c` imports analysis from the working directory (or the editable install).
    proc = subprocess.run([sys.executable, "-c", WRITER.format(n=n, path=str(path))], cwd=ROOT,
                          capture_output=True, text=True, timeout=240)
    time.sleep(0.2)
    stop.set()
    for t in threads:
        t.join()
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert errors == []
    assert len(reads) > 10
    assert 0 <= min(reads) and max(reads) <= n
    assert db.read_rows("SELECT count(*) FROM events", db=path) == [(n,)]


def test_writer_thread_beside_reader_threads_in_one_process(tmp_path: Path) -> None:
    path = tmp_path / "same.duckdb"
    db.ensure_schema(path)
    stop, errors, reads = threading.Event(), [], []
    threads = [threading.Thread(target=_poll, args=(path, stop, errors, reads)) for _ in range(3)]
    for t in threads:
        t.start()
    try:
        for i in range(20):
            db.write(lambda con, i=i: con.execute(
                "INSERT INTO events (ts, title, kind) VALUES (now()::TIMESTAMP, ?, 'test')", [f"e{i}"]), path)
    finally:
        stop.set()
        for t in threads:
            t.join()
    assert errors == []
    assert db.read_rows("SELECT count(*) FROM events", db=path) == [(20,)]


def test_lock_errors_are_recognised() -> None:
    assert db.is_lock_error(duckdb.IOException('Could not set lock on file "x"'))
    assert db.is_lock_error(duckdb.ConnectionException("Can't open a connection to same database file "
                                                       "with a different configuration"))
    assert not db.is_lock_error(duckdb.IOException("No such file"))
