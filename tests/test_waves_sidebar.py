"""The sidebar's unit list follows the chosen go-live (AppTest on a small demo with three waves)."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import db
from apptest_util import run_app  # tests/ is on sys.path (rootdir conftest)


@pytest.fixture(scope="module")
def waves_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo go-live with its later waves."""
    from analysis.demo.generator import build_demo

    path = tmp_path_factory.mktemp("waves_sidebar") / "demo.duckdb"
    build_demo(path, scale=0.2)
    return path


def units_of(path: Path, go_live_id: int) -> set[str]:
    """The units of one go-live, straight from the database."""
    return {u for (u,) in db.read_rows("SELECT unit FROM unit_go_live WHERE go_live_id = ?", [go_live_id], db=path)}


def test_choosing_a_go_live_narrows_the_unit_choices(waves_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    labels = dict(db.read_rows("SELECT label, id FROM go_lives ORDER BY id", db=waves_db))
    first, later = list(labels)[0], list(labels)[1]
    at = run_app(waves_db, "pages/overview.py", monkeypatch)
    assert not at.exception
    assert at.selectbox(key="golive").value == first  # the first go-live by default
    assert set(at.selectbox(key="enhet").options) - {"Alle"} == units_of(waves_db, labels[first])
    at.selectbox(key="golive").set_value(later).run()
    assert not at.exception
    shown = set(at.selectbox(key="enhet").options) - {"Alle"}
    assert shown == units_of(waves_db, labels[later])
    assert shown.isdisjoint(units_of(waves_db, labels[first]))
    at.selectbox(key="golive").set_value("Alle").run()
    everyone = {u for (u,) in db.read_rows("SELECT name FROM units", db=waves_db)}
    assert set(at.selectbox(key="enhet").options) - {"Alle"} == everyone
