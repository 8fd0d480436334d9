"""The error guard: a damaged, newer or busy database, or an unexpected error, gives a Norwegian message."""

from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest

from apptest_util import run_app

PAGES = ["pages/live.py", "pages/overview.py", "pages/units.py", "pages/adoption.py", "pages/support.py",
         "pages/weekly.py"]


@pytest.fixture(autouse=True)
def fresh_caches() -> None:
    """Start every test with empty loader caches: a cached result from another test would hide the fault."""
    import streamlit as st

    st.cache_data.clear()


def errors_of(at) -> str:
    """Return the text of every st.error on the page."""
    return "\n".join(e.value for e in at.error)


def test_a_damaged_database_gives_a_norwegian_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bad = tmp_path / "skadet.duckdb"
    bad.write_bytes(b"ikke en database" * 1000)
    at = run_app(bad, None, monkeypatch)
    assert not at.exception
    assert "Databasen er skadet" in errors_of(at) and "sikkerhetskopi" in errors_of(at)
    assert bad.read_bytes() == b"ikke en database" * 1000  # nothing was written to it


def test_a_newer_database_is_refused_untouched(fixture_db: Path, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    newer = tmp_path / "nyere.duckdb"
    shutil.copy(fixture_db, newer)
    with duckdb.connect(str(newer)) as con:
        con.execute("INSERT INTO schema_version VALUES (99, now()::TIMESTAMP)")
    before = newer.read_bytes()
    at = run_app(newer, None, monkeypatch)
    assert not at.exception
    assert "nyere versjon" in errors_of(at) and "skjemaversjon 99" in errors_of(at)
    assert newer.read_bytes() == before


@pytest.mark.parametrize("page", PAGES)
def test_an_unexpected_error_in_a_page_is_caught_and_logged(page: str, fixture_db: Path,
                                                            monkeypatch: pytest.MonkeyPatch,
                                                            caplog: pytest.LogCaptureFixture) -> None:
    from analysis.queries import common_queries

    def boom(*args, **kwargs):
        raise ZeroDivisionError("testfeil")

    monkeypatch.setattr(common_queries, "query_events", boom)
    monkeypatch.setattr(common_queries, "query_meta", boom)
    at = run_app(fixture_db, page, monkeypatch, env={"GOLIVE_NOW": "2022-05-14T12:00"})
    assert not at.exception
    text = errors_of(at)
    assert "Noe gikk galt" in text and "referanse" in text
    assert any("testfeil" in (r.exc_text or "") or (r.exc_info and "testfeil" in str(r.exc_info[1]))
               for r in caplog.records)


def test_a_busy_database_says_so(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis import db

    def locked(*args, **kwargs):
        raise db.DatabaseBusy("Databasen er opptatt (låst).", "Vent litt og prøv igjen.")

    monkeypatch.setattr(db, "read_many", locked)
    monkeypatch.setattr(db, "read_df", locked)
    at = run_app(fixture_db, "pages/overview.py", monkeypatch)
    assert not at.exception
    assert "Databasen er opptatt" in errors_of(at)


def test_a_real_lock_from_another_process_is_classified_busy(fixture_db: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    from analysis import errors

    copy = tmp_path / "laast.duckdb"
    shutil.copy(fixture_db, copy)
    holder = subprocess.Popen([sys.executable, "-c", f"import duckdb, sys, time; c = duckdb.connect({str(copy)!r}); "
                               "print('ok', flush=True); time.sleep(30)"], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "ok"
        with pytest.raises(duckdb.Error) as caught:
            duckdb.connect(str(copy), read_only=True)
        known = errors.classify(caught.value, copy)
        assert isinstance(known, errors.DatabaseBusy) and known.exit_code == errors.EXIT_BUSY
    finally:
        holder.kill()
