"""Adopsjon and Supportbelastning views on the fixture: hand-computed tiles, lagging units, backlog buckets, drills.

Fixture arithmetic used below (tests/fixture_db.py): staff 120 + 100 + 80 + 60 = 360. Active users on go-live day i
(7 May = 0) for the j-th unit are int(staff × (0.8 + 0.02 i)) − j: 96 + 79 + 62 + 45 = 282 on 7 May, 117 + 97 + 76 + 55
= 345 on 16 May. Tickets: 5, 6, 7, 8, 7, 6, 5, 4, 3, 2, 1, 1 per day on 5–16 May (55); every fifth is never closed (11).
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import streamlit as st

from analysis.charts.support_charts import (
    SELECT_BACKLOG,
    SELECT_DAY_PRIORITY,
    SELECT_HOUR_WEEKDAY,
    SELECT_MIX,
    SELECT_UNIT,
    build_backlog_chart,
)
from analysis.filters import Filters
from analysis.queries.drilldown_queries import TicketSelection
from analysis.views import to_jsonable
from analysis.views.adoption_view import adoption_day_rows, adoption_unit_rows, build_adoption_view
from analysis.views.support_view import build_support_view, period_end, ticket_drill, ticket_rows
from apptest_util import metrics_of, run_app

LEGEVAKT = "Trondheim legevakt"
HAVSTEIN = "Havstein helse- og velferdssenter"
NBSP = "\u00a0"


def tiles(view: object) -> list[tuple[str, str, str | None, str | None]]:
    """Return a view's tiles as (label, value, delta, delta_description)."""
    return [(t.label, t.value, t.delta, t.delta_description) for t in view.tiles]


@pytest.fixture
def fresh_cache():
    """Empty Streamlit's data cache before and after a test that changes the rules file."""
    st.cache_data.clear()
    yield
    st.cache_data.clear()


# --- Adopsjon -----------------------------------------------------------------------------------------------

def test_adoption_tiles_on_the_fixture(fixture_db: Path) -> None:
    view = build_adoption_view(str(fixture_db), Filters(), target=0.95)
    assert tiles(view) == [
        ("Go-live-dagen (lør. 7. mai)", f"78,3{NBSP}%", None, "282 av 360 ansatte"),  # 282 / 360
        ("Beste dag siste uke (man. 16. mai)", f"95,8{NBSP}%", "+17,5 pp", "siden go-live"),  # 345 / 360, +63 / 360
        ("Enheter under målet", "1 av 4", None, f"mål 95{NBSP}%"),
        ("Innlogget i HelsaMi (man. 16. mai)", f"24{NBSP}000", None, f"første dag: 15{NBSP}000"),
    ]
    assert view.go_live == view.chart_origin == dt.date(2022, 5, 7)
    assert len(view.total) == 10 and len(view.portal) == 10
    json.dumps(to_jsonable(view))  # the `view adopsjon --json` command can print it


@pytest.mark.parametrize("target, lagging, tile", [
    (0.95, [(LEGEVAKT, 55 / 60)], "1 av 4"),  # Havstein has exactly 76 / 80 = 95 %: not below
    (0.96, [(LEGEVAKT, 55 / 60), (HAVSTEIN, 76 / 80)], "2 av 4"),
    (0.80, [], "0 av 4"),
])
def test_adoption_lagging_units_follow_the_target(fixture_db: Path, target: float, lagging: list, tile: str) -> None:
    view = build_adoption_view(str(fixture_db), Filters(), target=target)
    assert view.lagging["unit"].tolist() == [u for u, _ in lagging]  # lowest share first
    assert view.lagging["share"].tolist() == pytest.approx([s for _, s in lagging])
    assert next(t.value for t in view.tiles if t.key == "lagging") == tile
    assert view.lagging_none == (None if lagging else f"Alle enheter har nådd målet på {round(100 * target)}{NBSP}%.")
    assert view.lagging_title == "Enheter under målet (beste dag siste uke)"


def test_adoption_day_one_ignores_the_period_and_best_day_follows_its_end(fixture_db: Path) -> None:
    view = build_adoption_view(str(fixture_db), Filters(dt.date(2022, 5, 10), dt.date(2022, 5, 12)), target=0.95)
    assert tiles(view)[:2] == [
        ("Go-live-dagen (lør. 7. mai)", f"78,3{NBSP}%", None, "282 av 360 ansatte"),
        ("Beste dag siste uke (tor. 12. mai)", f"88,3{NBSP}%", "+10,0 pp", "siden go-live"),  # 318 / 360, +36 / 360
    ]


def test_adoption_drill_rows(fixture_db: Path) -> None:
    day = adoption_day_rows(str(fixture_db), Filters(), dt.date(2022, 5, 7))
    assert day.title == "Enhetene lør. 7. mai"
    assert day.behind.total == 4
    assert day.behind.rows[["Enhet", "Aktive brukere", "Ansatte", "Andel aktive (%)"]].values.tolist() == [
        [LEGEVAKT, 45, 60, 75.0], [HAVSTEIN, 62, 80, 77.5], ["Strindheim hjemmetjeneste", 79, 100, 79.0],
        ["Lade hjemmetjeneste", 96, 120, 80.0]]
    unit = adoption_unit_rows(str(fixture_db), Filters(end=dt.date(2022, 5, 9)), LEGEVAKT)
    assert unit.title == "Trondheim legevakt per dag"
    assert unit.behind.rows.values.tolist() == [["lør. 7. mai", LEGEVAKT, 45, 60, 75.0],
                                                ["søn. 8. mai", LEGEVAKT, 46, 60, 76.7],
                                                ["man. 9. mai", LEGEVAKT, 47, 60, 78.3]]


def test_adoption_window_comes_from_the_rules(fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                              ) -> None:
    rules_file = tmp_path / "regler.toml"
    rules_file.write_text("[adopsjon]\nvindu_dager = 3\n", encoding="utf-8")
    monkeypatch.setenv("GOLIVE_RULES", str(rules_file))
    view = build_adoption_view(str(fixture_db), Filters(), target=0.95)
    assert view.window_days == 3
    assert view.tiles[1].label == "Beste dag siste 3 dager (man. 16. mai)"
    assert view.lagging_title == "Enheter under målet (beste dag siste 3 dager)"


def test_adoption_without_activity(empty_db: Path) -> None:
    view = build_adoption_view(str(empty_db), Filters(), target=0.95)
    assert not view.has_data and view.tiles == ()


# --- Supportbelastning --------------------------------------------------------------------------------------

def test_support_tiles_on_the_fixture(fixture_db: Path) -> None:
    view = build_support_view(str(fixture_db), Filters())
    assert not view.empty
    assert tiles(view) == [
        ("Saker meldt i perioden", "55", None, "15,3 per 100 ansatte"),  # 55 × 100 / 360
        ("Lukket ÷ meldt", "0,80", None, "44 lukket av 55 meldt"),
        ("Åpne ved periodens slutt", "11", None, None),  # the 11 never closed
        ("Tid til løst, median", "22,0 timer", None, None),
        ("Tid til løst, 90-persentil", "38,0 timer", None, None),
    ]
    assert view.tiles[1].help == "Under 1 betyr at køen vokser."
    json.dumps(to_jsonable(view))


def test_support_resolve_caption_by_priority(fixture_db: Path) -> None:
    view = build_support_view(str(fixture_db), Filters())
    # 'kritisk' is ticket 4, 8, …, 52 without 20 and 40: 11 closed after 6, 10, 14, 14, 18, 26, 26, 30, 34, 38, 38 h.
    assert view.resolve_caption.startswith(f"kritisk: median 26,0 t, 90 % innen 38,0 t (25{NBSP}% av lukkede), høy: ")
    assert view.resolve["priority"].tolist() == ["kritisk", "høy", "middels", "lav"]


def test_support_backlog_buckets(fixture_db: Path) -> None:
    view = build_support_view(str(fixture_db), Filters())
    assert view.age_order == ("under 1 døgn", "1–3 døgn", "3–7 døgn", "over 7 døgn")
    day = view.backlog[view.backlog["day"].astype(str).str[:10] == "2022-05-12"]
    # Open at midnight after 12 May: tickets 45–48 (< 1 day), 35 and 40, 10–30 (every fifth), 5 (7,2 days).
    assert dict(zip(day["age_bucket"], day["n"], strict=True)) == {"under 1 døgn": 4, "1–3 døgn": 2, "3–7 døgn": 5,
                                                                   "over 7 døgn": 1}
    assert view.backlog.groupby("age_bucket")["n"].sum().to_dict() == {"under 1 døgn": 43, "1–3 døgn": 30,
                                                                       "3–7 døgn": 34, "over 7 døgn": 17}


def test_support_period_end(fixture_db: Path) -> None:
    newest = dt.datetime(2022, 5, 16, 16, 25)
    assert period_end(Filters(end=dt.date(2022, 5, 12)), newest) == dt.datetime(2022, 5, 13)
    assert period_end(Filters(end=dt.date(2022, 5, 20)), newest) == newest
    assert period_end(Filters(), newest) == newest
    assert period_end(Filters(), None) is None
    view = build_support_view(str(fixture_db), Filters(end=dt.date(2022, 5, 12)))
    assert view.end == dt.datetime(2022, 5, 13)
    assert view.tiles[2].value == "12"  # the 12 listed under 12 May in test_support_backlog_buckets


def test_ticket_drill_titles_and_selections() -> None:
    day = ticket_drill(SELECT_DAY_PRIORITY, {"dag": "2022-05-08", "priority": "kritisk"})
    assert (day.title, day.selection) == ("Saker søn. 8. mai, prioritet kritisk",
                                          TicketSelection(day=dt.date(2022, 5, 8), priority="kritisk"))
    cell = ticket_drill(SELECT_HOUR_WEEKDAY, {"weekday": 1, "hour": 23})
    assert (cell.title, cell.selection) == ("Saker meldt på mandager kl. 23–00", TicketSelection(weekday=1, hour=23))
    assert ticket_drill(SELECT_UNIT, {"unit": LEGEVAKT}).title == "Saker fra Trondheim legevakt"
    mix = ticket_drill(SELECT_MIX, {"dag": "2022-05-09", "value": "Utskrift"}, "category")
    assert (mix.title, mix.selection) == ("Saker man. 9. mai: Utskrift",
                                          TicketSelection(day=dt.date(2022, 5, 9), category="Utskrift"))
    assert ticket_drill("ukjent", {}) is None


def test_ticket_rows_behind_a_backlog_bar(fixture_db: Path) -> None:
    old = ticket_rows(str(fixture_db), Filters(), SELECT_BACKLOG, {"dag": "2022-05-12", "age_bucket": "over 7 døgn"})
    assert old.title == "Åpne saker ved slutten av tor. 12. mai, alder over 7 døgn"
    assert (old.behind.total, old.behind.rows["Saksnr."].tolist()) == (1, ["INC0000005"])
    mid = ticket_rows(str(fixture_db), Filters(), SELECT_BACKLOG, {"dag": "2022-05-12", "age_bucket": "3–7 døgn"})
    assert sorted(mid.behind.rows["Saksnr."]) == ["INC0000010", "INC0000015", "INC0000020", "INC0000025",
                                                  "INC0000030"]


def test_backlog_buckets_chart_and_drill_follow_the_rules_file(fixture_db: Path, tmp_path: Path, fresh_cache: None,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    """[ko] aldersgrenser_dager changed in the file alone changes the view, the chart legend and the drill-down."""
    rules_file = tmp_path / "regler.toml"
    rules_file.write_text("[ko]\naldersgrenser_dager = [2, 5]\n", encoding="utf-8")
    monkeypatch.setenv("GOLIVE_RULES", str(rules_file))
    labels = ["under 2 døgn", "2–5 døgn", "over 5 døgn"]

    view = build_support_view(str(fixture_db), Filters())
    assert list(view.age_order) == labels
    day = view.backlog[view.backlog["day"].astype(str).str[:10] == "2022-05-12"]
    # The same 12 tickets as with the default buckets: 0,2–1,5 days (5), 2,4–4,6 (4), 5,5–7,2 (3).
    assert dict(zip(day["age_bucket"], day["n"], strict=True)) == {"under 2 døgn": 5, "2–5 døgn": 4, "over 5 døgn": 3}
    assert view.backlog.groupby("age_bucket")["n"].sum().to_dict() == {"under 2 døgn": 63, "2–5 døgn": 29,
                                                                       "over 5 døgn": 32}

    for chart in (build_backlog_chart(view.backlog, view.events, view.age_order),
                  build_backlog_chart(view.backlog, view.events)):  # the chart's own default reads the same rule
        color = next(layer for layer in chart.to_dict()["layer"] if "color" in layer.get("encoding", {}))
        assert color["encoding"]["color"]["scale"]["domain"] == labels

    mid = ticket_rows(str(fixture_db), Filters(), SELECT_BACKLOG, {"dag": "2022-05-12", "age_bucket": "2–5 døgn"})
    assert mid.title == "Åpne saker ved slutten av tor. 12. mai, alder 2–5 døgn"
    assert sorted(mid.behind.rows["Saksnr."]) == ["INC0000020", "INC0000025", "INC0000030", "INC0000035"]
    gone = ticket_rows(str(fixture_db), Filters(), SELECT_BACKLOG, {"dag": "2022-05-12", "age_bucket": "3–7 døgn"})
    assert gone.behind.total == 0  # a label the rules no longer have lists nothing, not every open ticket

    at = run_app(fixture_db, "pages/support.py", monkeypatch)
    assert not at.exception, [e.value for e in at.exception]
    specs = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    backlog = next(s for s in specs if any(p["name"] == SELECT_BACKLOG for p in s.get("params", [])))
    domains = [layer["encoding"]["color"]["scale"]["domain"] for layer in backlog["layer"]
               if "color" in layer.get("encoding", {})]
    assert domains == [labels]


# --- The pages draw exactly the views' tiles ----------------------------------------------------------------

@pytest.mark.parametrize("page, build", [
    ("pages/adoption.py", lambda db: build_adoption_view(db, Filters(), target=0.95)),
    ("pages/support.py", lambda db: build_support_view(db, Filters())),
])
def test_pages_show_the_view_tiles(page: str, build, fixture_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = run_app(fixture_db, page, monkeypatch, env={"GOLIVE_ADOPTION_TARGET": "0.95"})
    assert not at.exception, [e.value for e in at.exception]
    assert metrics_of(at) == {t.label: t.value for t in build(str(fixture_db)).tiles}
    shown = {m.label: (m.proto.delta, m.proto.help) for m in at.metric}
    assert shown == {t.label: (t.delta or "", t.help or "") for t in build(str(fixture_db)).tiles}
