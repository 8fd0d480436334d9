"""Every page runs without exception (AppTest) and the overview's figures equal direct SQL."""

from __future__ import annotations

from pathlib import Path

import duckdb
import pytest

from analysis.fmt import fmt_int
from apptest_util import metrics_of, run_app
from fixture_db import build_v1_database

ROOT = Path(__file__).resolve().parents[1]


def _pages() -> list[str]:
    """Return the page files registered in app.py."""
    text = (ROOT / "app.py").read_text(encoding="utf-8")
    return sorted({p for p in (ROOT / "pages").glob("*.py") if f'"pages/{p.name}"' in text}, key=str)


@pytest.mark.parametrize("page", [f"pages/{p.name}" for p in _pages()])
@pytest.mark.parametrize("which", ["fixture_db", "empty_db"])
def test_every_page_runs_without_exception(page: str, which: str, request: pytest.FixtureRequest,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(request.getfixturevalue(which), page, monkeypatch)
    assert not at.exception, [e.value for e in at.exception]


def test_overview_figures_equal_sql(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(fixture_db, "pages/overview.py", monkeypatch)
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        tickets = con.execute("SELECT count(*) FROM tickets").fetchone()[0]
        messages = con.execute("SELECT count(*) FROM chat_messages").fetchone()[0]
        staff = con.execute("SELECT sum(staff_count) FROM units").fetchone()[0]
        active = con.execute("SELECT sum(active_users) FROM adoption_daily "
                             "WHERE day = (SELECT max(day) FROM adoption_daily)").fetchone()[0]
    metrics = metrics_of(at)
    assert metrics["Supportsaker"] == fmt_int(tickets)
    assert metrics["Meldinger i chat"] == fmt_int(messages)
    assert metrics["Aktive brukere av ansatte"] == f"{fmt_int(active)} av {fmt_int(staff)}"


def test_unit_filter_narrows_the_figures(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(fixture_db, "pages/overview.py", monkeypatch)
    at.selectbox(key="enhet").set_value("Trondheim legevakt").run()
    with duckdb.connect(str(fixture_db), read_only=True) as con:
        tickets = con.execute("SELECT count(*) FROM tickets WHERE unit = 'Trondheim legevakt'").fetchone()[0]
    assert metrics_of(at)["Supportsaker"] == fmt_int(tickets)


def test_header_names_the_database(fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(fixture_db, None, monkeypatch)
    assert any(fixture_db.name in c.value for c in at.caption)


def test_an_older_database_file_is_migrated_when_the_app_opens_it(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    from analysis import db

    path = build_v1_database(tmp_path / "v1.duckdb")
    at = run_app(path, "pages/report_form.py", monkeypatch)  # reads a view that only version 2 has
    assert not at.exception, [e.value for e in at.exception]
    assert db.stored_version(path) == db.SCHEMA_VERSION
