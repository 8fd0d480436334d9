"""Issue 17: the demo's three waves, «Bølger» naming the wave that does worse, and «Gevinster» with the form."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest

from analysis import db
from analysis.filters import Filters
from analysis.importers import import_file
from analysis.views import PAGES, builder, to_jsonable
from analysis.views.benefits_view import add_measurement, build_benefits_view, parse_value


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small demo go-live with its later waves and benefits."""
    from analysis.demo.generator import build_demo

    path = tmp_path_factory.mktemp("waves") / "demo.duckdb"
    build_demo(path, scale=0.2)
    return path


def test_demo_has_three_labelled_waves(demo_db: Path) -> None:
    rows = db.read_rows("SELECT wave, label, synthetic FROM go_lives ORDER BY go_live_date", db=demo_db)
    assert [r[0] for r in rows] == ["PD1", "PD2", "PD3"]
    assert all(r[2] for r in rows) and "syntetisk" in rows[1][1] and "syntetisk" in rows[2][1]
    per_wave = dict(db.read_rows("SELECT go_live_id, count(*) FROM unit_go_live GROUP BY 1", db=demo_db))
    assert per_wave[1] == 46 and per_wave[2] == 5 and per_wave[3] == 6
    # Trondheim's own figures are untouched by the waves: its staff still sums to 8 500
    assert db.read_rows("SELECT sum(staff_count) FROM units JOIN unit_go_live ON unit = name WHERE go_live_id = 1",
                        db=demo_db) == [(8500,)]


def test_go_live_filter_splits_the_tickets(demo_db: Path) -> None:
    def count(f: Filters) -> int:
        where, params = f.where("opened_at")
        return db.read_rows(f"SELECT count(*) FROM tickets WHERE {where}", params, db=demo_db)[0][0]

    parts = [count(Filters(go_live=i)) for i in (1, 2, 3)]
    assert all(p > 0 for p in parts) and sum(parts) == count(Filters())


def test_waves_headline_names_malvik_and_e_link(demo_db: Path) -> None:
    view = builder("bolger")(str(demo_db), Filters(), None)
    assert view.headline.startswith("Malvik (PD2, syntetisk) ligger dårligere an enn Trondheim (PD1)")
    assert view.worst is not None and view.worst.category == "E-link og meldinger"
    assert view.worst.value > view.worst.reference_value
    assert f"Dag {view.worst.day} i Malvik" in view.headline
    assert [w.newest for w in view.waves] == [False, False, True] and view.active
    assert set(view.daily["metric"]) == set(view.metrics)
    assert not view.band.empty and (view.band["low"] <= view.band["high"]).all()
    json.dumps(to_jsonable(view))


def test_waves_with_no_or_one_go_live_say_so(tmp_path: Path) -> None:
    from fixture_db import build_fixture

    path = build_fixture(tmp_path / "f.duckdb")  # filled by SQL as imports would: no go-live registered
    view = builder("bolger")(str(path), Filters(), None)
    assert view.headline.startswith("Ingen go-live er registrert") and "«go-liver»" in view.headline
    assert not view.active
    csv = "navn;kommune;bølge;go-live-dato\nByen (PD1);Byen kommune;PD1;07.05.2022\n"
    assert import_file(csv.encode(), "golive", db=path, filename="golive.csv").imported == 1
    view = builder("bolger")(str(path), Filters(), None)
    assert view.headline.startswith("Bare én go-live") and not view.active
    assert [(w.label, w.units) for w in view.waves] == [("Byen (PD1)", len(db.read_rows("SELECT name FROM units",
                                                                                           db=path)))]


def test_benefits_from_the_seed(demo_db: Path) -> None:
    view = build_benefits_view(str(demo_db))
    by_name = {b.name: b for b in view.benefits}
    elink = by_name["Overvåke e-link på Rover"]
    assert (elink.baseline, elink.target, elink.target_nok) == (40.0, 0.0, 12_000_000.0)
    assert by_name["Mindre dobbeltføring av dokumentasjon"].target_nok == 13_000_000.0
    assert by_name["Ekstra dokumentasjonstid i overgangen"].realised_nok < 0
    # All go-lives: Trondheim's own 80 MNOK (the seed's) and 363 kr per citizen of Malvik and Melhus.
    assert view.goal_nok == 80_000_000 + 363 * (14_500 + 17_100) and view.goal_per_citizen == 363
    assert view.citizens == 212_700 + 14_500 + 17_100 and "Malvik (PD2, syntetisk): 5,3 MNOK" in view.goal_text
    trondheim = build_benefits_view(str(demo_db), Filters(go_live=1))
    assert (trondheim.goal_nok, trondheim.citizens) == (80_000_000, 212_700) and "eget mål" in trondheim.goal_text
    assert trondheim.realised_nok == view.realised_nok  # the demo's benefits are Trondheim's
    malvik = build_benefits_view(str(demo_db), Filters(go_live=2))
    assert not malvik.benefits and malvik.goal_nok == 363 * 14_500
    assert malvik.headline.startswith("Ingen gevinster er registrert for Malvik (PD2, syntetisk)")
    assert "velg «Alle»" in malvik.headline
    assert "gevinster" in PAGES and "bolger" in PAGES


def test_a_measurement_from_the_form_changes_the_estimate(demo_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.duckdb"
    shutil.copy(demo_db, path)
    before = {b.name: b for b in build_benefits_view(str(path)).benefits}["Overvåke e-link på Rover"]
    bad = add_measurement(str(path), "Overvåke e-link på Rover", dt.date(2022, 6, 30), "mange", None, "test")
    assert not bad.ok and "ikke et tall" in bad.message
    future = add_measurement(str(path), "Overvåke e-link på Rover", dt.date(2022, 7, 9), "6", None, "test",
                             today=dt.date(2022, 7, 2))
    assert not future.ok
    ok = add_measurement(str(path), "Overvåke e-link på Rover", dt.date(2022, 6, 30), "6,0", "Målt på Rover",
                         "test", today=dt.date(2022, 7, 2))
    assert ok.ok
    after = {b.name: b for b in build_benefits_view(str(path)).benefits}["Overvåke e-link på Rover"]
    assert after.latest == 6.0 and after.realised_nok == (40 - 6) * 300_000 > before.realised_nok
    assert db.read_rows("SELECT author, source FROM benefit_measurements WHERE measured_on = DATE '2022-06-30'",
                        db=path) == [("test", "skjema")]


def test_parse_value_reads_norwegian_numbers() -> None:
    assert parse_value("12,5") == 12.5 and parse_value("1 200") == 1200.0 and parse_value("-3") == -3.0
    assert parse_value("12 min") is None and parse_value("") is None


def test_the_pages_follow_the_chosen_go_live(demo_db: Path) -> None:
    """Live, the queue, the load and the adoption page show the chosen go-live's units, log-ins and day 0 only."""
    from analysis.clock import Now

    malvik = {u for (u,) in db.read_rows("SELECT unit FROM unit_go_live WHERE go_live_id = 2", db=demo_db)}
    now = Now(dt.datetime(2022, 6, 10, 12, 0), "override")
    f = Filters(go_live=2)
    live = builder("live")(str(demo_db), f, now)
    assert len(live.feed) and set(live.feed["unit"].dropna()) <= malvik
    assert len(live.queue.items) and set(live.queue.items["unit"].dropna()) <= malvik
    everyone = builder("live")(str(demo_db), Filters(), now)
    assert not set(everyone.feed["unit"].dropna()) <= malvik  # without the filter, other go-lives' messages too
    portal = {t.key: t.value for t in live.tiles}["portal"]
    (malvik_logins,) = db.read_rows("SELECT logins FROM portal_logins_daily WHERE go_live_id = 2 AND day = ?",
                                    [dt.date(2022, 6, 10)], db=demo_db)[0]
    assert portal.replace("\u00a0", "").replace(" ", "") == str(malvik_logins)
    load = builder("belastning")(str(demo_db), f, now)
    assert set(load.per_unit["unit"]) <= malvik
    adoption = builder("adopsjon")(str(demo_db), f, now)
    assert adoption.go_live == dt.date(2022, 6, 4)  # Malvik's own day 0, not Trondheim's
    titles = set(adoption.events["title"])
    assert any("Malvik" in t for t in titles) and not any(t.startswith("Go-live Melhus") for t in titles)


def test_the_weekly_meeting_is_one_go_lives_or_all(demo_db: Path, tmp_path: Path) -> None:
    """The weekly summary of one go-live counts its units, log-ins and notes from its own day 0; all add up."""
    from analysis.queries.weekly_queries import insert_note
    from analysis.views.weekly_view import build_weekly_view
    from analysis.weekly.report import title_lines

    path = tmp_path / "uke.duckdb"
    shutil.copy(demo_db, path)
    insert_note("2022-W23", "beslutning", "Ekstra superbrukere til Malvik HVS.", "Leder", path, go_live=2)
    insert_note("2022-W23", "beslutning", "Felles oppgradering utsettes.", "Leder", path)
    views = {g: build_weekly_view(str(path), Filters(go_live=g), None, "2022-W23") for g in (1, 2, 3)}
    everyone = build_weekly_view(str(path), Filters(), None, "2022-W23")
    malvik = views[2].summary
    assert views[2].title == "Ukemøte – Uke 23 (2022) · Malvik (PD2, syntetisk)" and "Malvik" in views[2].scope_text
    assert malvik.go_live == dt.date(2022, 6, 4) and malvik.phase.startswith("1. uke etter go-live")
    assert malvik.this.staff == 595 and everyone.summary.this.staff == sum(v.summary.this.staff for v in views.values())
    assert everyone.summary.this.tickets == sum(v.summary.this.tickets for v in views.values())
    assert everyone.summary.this.portal_logins == sum(v.summary.this.portal_logins or 0 for v in views.values())
    assert {n.unit for n in malvik.attention} <= {u for (u,) in db.read_rows(
        "SELECT unit FROM unit_go_live WHERE go_live_id = 2", db=path)}
    assert "Malvik (PD2, syntetisk)" in title_lines(malvik)[2] and everyone.summary.scope is None
    notes = {g: {n.text for n in v.summary.notes_this} for g, v in views.items()}
    assert notes[2] == {"Ekstra superbrukere til Malvik HVS.", "Felles oppgradering utsettes."}
    assert notes[1] == {"Felles oppgradering utsettes."}  # another go-live's decision stays in its meeting


def test_an_alert_links_to_its_item_under_the_items_own_go_live(demo_db: Path) -> None:
    """The queue follows the sidebar's go-live, so an alert's link chooses the go-live the item belongs to."""
    from urllib.parse import parse_qs, urlparse

    from analysis.alerts.config import AlertConfig, Rule
    from analysis.alerts.evaluate import evaluate
    from analysis.views.follow_up_view import build_queue

    now = dt.datetime(2022, 6, 10, 12, 0)
    config = AlertConfig(rules=(Rule("ps", "pasientsikkerhet", "Pasientsikkerhet", ()),))
    (found,) = evaluate(config, now, now, demo_db).drafts
    malvik = {u for (u,) in db.read_rows("SELECT unit FROM unit_go_live WHERE go_live_id = 2", db=demo_db)}
    lines = [ln for ln in found.body.splitlines() if "sak=" in ln]
    assert lines and any(u in ln for ln in lines for u in malvik)
    for line in lines:
        query = parse_qs(urlparse(line.rsplit(" · ", 1)[-1]).query)
        (item,), (label,) = query["sak"], query["golive"]
        gid = 2 if any(u in line for u in malvik) else None
        if gid:
            assert label == "Malvik (PD2, syntetisk)"
            assert item in set(build_queue(str(demo_db), Filters(go_live=2), now).items["item"])
            assert item not in set(build_queue(str(demo_db), Filters(go_live=1), now).items["item"])
    if len(found.findings) > 1:
        assert parse_qs(urlparse(found.link).query)["golive"] == ["Alle"]


def test_unit_leaders_measure_the_benefits_of_their_own_units(demo_db: Path, tmp_path: Path) -> None:
    """The owners' form: a unit leader records the benefits that cover their unit or its area in their go-live."""
    from analysis.access import ADMIN, LEADER, SUPPORT, AccessDenied, Principal
    from analysis.views.benefits_view import measurable_benefits

    path = tmp_path / "eiere.duckdb"
    shutil.copy(demo_db, path)
    view = build_benefits_view(str(path))
    elink = "Overvåke e-link på Rover"  # covers HVS, hjemmetjeneste and BOA in Trondheim
    (trondheim_hvs,) = db.read_rows("""SELECT min(u.name) FROM units u JOIN unit_go_live g ON g.unit = u.name
                                       WHERE g.go_live_id = 1 AND u.service_area = 'HVS'""", db=path)[0]
    leader = Principal("kari", "Kari", frozenset({LEADER}), frozenset({trondheim_hvs}))
    malvik = Principal("ola", "Ola", frozenset({LEADER}), frozenset({"Malvik helse- og velferdssenter"}))
    support = Principal("sam", "Sam", frozenset({SUPPORT}))
    admin = Principal("ada", "Ada", frozenset({ADMIN}))
    assert elink in measurable_benefits(str(path), view, leader)
    assert measurable_benefits(str(path), view, malvik) == ()  # the same area in another go-live is not theirs
    assert measurable_benefits(str(path), view, support) == ()
    assert set(measurable_benefits(str(path), view, admin)) == {b.name for b in view.benefits}
    ok = add_measurement(str(path), elink, dt.date(2022, 6, 20), "20", None, "kari", dt.date(2022, 7, 1), leader)
    assert ok.ok
    before = db.read_rows("SELECT count(*) FROM benefit_measurements", db=path)
    with pytest.raises(AccessDenied, match="gjelder ikke enhetene dine"):
        add_measurement(str(path), elink, dt.date(2022, 6, 21), "19", None, "ola", dt.date(2022, 7, 1), malvik)
    assert db.read_rows("SELECT count(*) FROM benefit_measurements", db=path) == before
