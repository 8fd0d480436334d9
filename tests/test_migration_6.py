"""Migration step 6 (portal log-ins and events per go-live): a schema-5 file migrates in place without loss."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analysis import db
from analysis.filters import Filters
from analysis.importers import import_file
from analysis.queries import adoption_queries, common_queries


@pytest.fixture()
def schema5_db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The fixture database as the program before step 6 made it (schema 5: one go-live, portal without go-live)."""
    from fixture_db import build_fixture

    with monkeypatch.context() as m:
        m.setattr(db, "SCHEMA_VERSION", 5)
        path = build_fixture(tmp_path / "v5.duckdb")
        db.write(lambda con: con.execute(
            "INSERT INTO go_lives (id, organisation, wave, go_live_date, label) "
            "VALUES (1, 'Fixture kommune', 'PD1', DATE '2022-05-07', 'Fixture (PD1)')").fetchall(), db=path)
    assert db.stored_version(path) == 5
    return path


def test_schema5_file_migrates_without_loss(schema5_db: Path) -> None:
    portal_before = db.read_rows("SELECT day, logins FROM portal_logins_daily ORDER BY day", db=schema5_db)
    events_before = db.read_rows("SELECT ts, title, unit FROM events ORDER BY ts, title", db=schema5_db)
    counts = db.verify(schema5_db)
    assert db.ensure_schema(schema5_db) == db.SCHEMA_VERSION == 6
    after = db.verify(schema5_db)
    assert after.pop("schema_version") == counts.pop("schema_version") + 1
    assert after == counts
    assert portal_before  # the fixture has log-ins to carry over
    assert db.read_rows("SELECT day, logins FROM portal_logins_daily ORDER BY day", db=schema5_db) == portal_before
    assert db.read_rows("SELECT DISTINCT go_live_id FROM portal_logins_daily", db=schema5_db) == [(1,)]
    events = db.read_rows("SELECT ts, title, unit, go_live_id FROM events ORDER BY ts, title", db=schema5_db)
    assert [e[:3] for e in events] == events_before
    # the one go-live's events are its own; a unit's event follows its unit
    assert all(gid == (1 if unit is None else None) for _, _, unit, gid in events)


def test_portal_and_events_follow_the_chosen_go_live(schema5_db: Path) -> None:
    db.ensure_schema(schema5_db)
    csv = "navn;kommune;bølge;go-live-dato;innbyggere\nNabo (PD2);Nabo kommune;PD2;20.05.2022;9000\n"
    assert import_file(csv.encode(), "golive", db=schema5_db, filename="golive.csv").imported == 1
    portal = "dato;innlogginger;go-live\n20.05.2022;800;Nabo\n21.05.2022;950;PD2\n"
    result = import_file(portal.encode(), "portal", db=schema5_db, filename="portal.csv")
    assert (result.imported, result.rejected) == (2, 0)
    events = ("tidspunkt;tittel;type;go-live\n20.05.2022 07:00;Go-live Nabo;go-live;Nabo kommune\n"
              "21.05.2022 09:00;Felles oppgradering;oppgradering;\n")
    assert import_file(events.encode(), "events", db=schema5_db, filename="hendelser.csv").imported == 2
    day = dt.date(2022, 5, 21)
    first, nabo, both = Filters(end=day, go_live=1), Filters(end=day, go_live=2), Filters(end=day)
    p1 = adoption_queries.query_portal_logins(first, schema5_db)
    p2 = adoption_queries.query_portal_logins(nabo, schema5_db)
    p_all = adoption_queries.query_portal_logins(both, schema5_db)
    assert list(p2["logins"]) == [800, 950]
    on_day = dict(zip(p_all["day"].astype(str).str[:10], p_all["logins"], strict=True))
    first_day = dict(zip(p1["day"].astype(str).str[:10], p1["logins"], strict=True))
    assert on_day["2022-05-21"] == first_day.get("2022-05-21", 0) + 950  # across go-lives: the sum
    titles = {g: set(common_queries.query_events(f, schema5_db)["title"]) for g, f in ((1, first), (2, nabo))}
    assert "Go-live Nabo" in titles[2] and "Go-live Nabo" not in titles[1]
    assert "Felles oppgradering" in titles[1] and "Felles oppgradering" in titles[2]  # programme-wide
    assert common_queries.query_overview(nabo, schema5_db).portal_logins == 950


def test_unknown_go_live_in_a_portal_file_names_the_row_and_the_known_ones(schema5_db: Path) -> None:
    db.ensure_schema(schema5_db)
    before = db.read_rows("SELECT count(*) FROM portal_logins_daily", db=schema5_db)
    result = import_file(b"dato;innlogginger;go-live\n20.05.2022;800;Atlantis\n", "portal", db=schema5_db,
                         filename="portal.csv")
    assert (result.imported, result.rejected) == (0, 1)
    issue = str(result.issues[0])
    assert "rad 2" in issue and "kolonne «go-live»" in issue and "Atlantis" in issue
    assert "Kjente go-liver: «Fixture (PD1)»" in issue
    assert db.read_rows("SELECT count(*) FROM portal_logins_daily", db=schema5_db) == before


def test_log_ins_imported_before_any_go_live_belong_to_the_first_one_registered(tmp_path: Path) -> None:
    path = tmp_path / "ny.duckdb"
    db.ensure_schema(path)  # a new file: no go-lives (step 5 leaves the sequence past 1)
    assert import_file(b"dato;innlogginger\n07.05.2022;15000\n", "portal", db=path, filename="p.csv").imported == 1
    csv = "navn;kommune;bølge;go-live-dato\nByen (PD1);Byen kommune;PD1;07.05.2022\n"
    assert import_file(csv.encode(), "golive", db=path, filename="g.csv").imported == 1
    (gid,) = db.read_rows("SELECT id FROM go_lives", db=path)[0]
    assert list(adoption_queries.query_portal_logins(Filters(go_live=gid), path)["logins"]) == [15000]
    second = "navn;kommune;bølge;go-live-dato\nNabo (PD2);Nabo kommune;PD2;20.05.2022\n"
    import_file(second.encode(), "golive", db=path, filename="g2.csv")
    (nabo,) = db.read_rows("SELECT id FROM go_lives WHERE wave = 'PD2'", db=path)[0]
    assert adoption_queries.query_portal_logins(Filters(go_live=nabo), path).empty
