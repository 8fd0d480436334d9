"""Migration step 5 (go-lives, benefits): a file made at schema 4 opens and migrates in place without loss."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import db
from analysis.filters import Filters
from analysis.views import builder


@pytest.fixture()
def schema4_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture database as the program before step 5 made it (schema 4)."""
    from fixture_db import build_fixture

    with monkeypatch.context() as m:
        m.setattr(db, "SCHEMA_VERSION", 4)
        path = build_fixture(tmp_path / "v4.duckdb")
    assert db.stored_version(path) == 4
    return path


def test_schema4_file_migrates_without_loss(schema4_db: Path) -> None:
    before = db.verify(schema4_db)
    assert db.ensure_schema(schema4_db) == db.SCHEMA_VERSION
    after = db.verify(schema4_db)
    assert after.pop("schema_version") == before.pop("schema_version") + db.SCHEMA_VERSION - 4
    assert {t: n for t, n in after.items() if t in before} == before
    go_lives = db.read_rows("SELECT id, wave, go_live_date FROM go_lives", db=schema4_db)
    first_unit_day = db.read_rows("SELECT min(go_live_date) FROM units", db=schema4_db)[0][0]
    assert go_lives == [(1, "PD1", first_unit_day)]
    n_units = before["units"]
    assert db.read_rows("SELECT count(*), min(go_live_id), max(go_live_id) FROM unit_go_live", db=schema4_db) == [
        (n_units, 1, 1)]
    assert after["benefits"] == 0 and after["benefit_measurements"] == 0


def test_old_pages_still_work_after_migration(schema4_db: Path) -> None:
    db.ensure_schema(schema4_db)
    for page in ("oversikt", "enheter", "adopsjon", "belastning"):
        everything = builder(page)(str(schema4_db), Filters(), None)
        one_go_live = builder(page)(str(schema4_db), Filters(go_live=1), None)
        assert getattr(everything, "tiles", None) == getattr(one_go_live, "tiles", None), page


def test_go_live_filter_narrows_to_its_units(schema4_db: Path) -> None:
    db.ensure_schema(schema4_db)
    where, params = Filters(go_live=2).where("ts")
    n = db.read_rows(f"SELECT count(*) FROM chat_messages WHERE {where}", params, db=schema4_db)[0][0]
    assert n == 0  # no go-live 2 in this file: nothing belongs to it


def test_a_new_file_starts_without_go_lives(tmp_path: Path) -> None:
    path = tmp_path / "new.duckdb"
    db.ensure_schema(path)
    assert db.read_rows("SELECT count(*) FROM go_lives", db=path) == [(0,)]
