"""The follow-up queue: every safety flag first, statuses stored by a named person, closed items findable."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import duckdb
import pytest

from analysis import errors
from analysis.cli import main
from analysis.filters import Filters
from analysis.follow_up import allowed_actions, record_action
from analysis.queries.common_queries import report_time_sql
from analysis.views.follow_up_view import build_follow_up_view, build_queue
from apptest_util import run_app

NOW = dt.datetime(2022, 5, 14, 12, 0)
ALL = Filters()


@pytest.fixture()
def db_copy(fixture_db: Path, tmp_path: Path) -> Path:
    """A writable copy of the fixture database."""
    copy = tmp_path / "queue.duckdb"
    shutil.copy(fixture_db, copy)
    return copy


def rows(db: Path, sql: str, params: list | None = None) -> list[tuple]:
    """Run a read-only query."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_every_safety_flag_in_the_window_comes_first(db_copy: Path) -> None:
    now = dt.datetime(2022, 5, 16, 20, 0)
    queue = build_queue(str(db_copy), ALL, now)
    since = now - dt.timedelta(hours=queue.hours)
    flagged = rows(db_copy, "SELECT 'chat:' || id FROM chat_messages WHERE safety AND ts > ? AND ts <= ?", [since, now])
    flagged += rows(db_copy, "SELECT 'rapport:' || id FROM unit_reports WHERE safety AND text IS NOT NULL "
                             f"AND {report_time_sql()} > ? AND {report_time_sql()} <= ?",
                    [since, now])
    items = queue.items["item"].tolist()
    kinds = queue.items["kind"].tolist()
    assert sorted(items[:len(flagged)]) == sorted(i for (i,) in flagged)
    assert set(kinds[:len(flagged)]) <= {"pasientsikkerhet"} and "pasientsikkerhet" not in kinds[len(flagged):]
    assert queue.n_safety == len(flagged) and queue.n_negative == len(items) - len(flagged)
    assert list(queue.items["ts"][:len(flagged)]) == sorted(queue.items["ts"][:len(flagged)], reverse=True)


def test_a_status_is_stored_named_and_seen_by_everyone(db_copy: Path) -> None:
    queue = build_queue(str(db_copy), ALL, NOW)
    item = queue.items["item"].iloc[0]
    result = record_action(item, "tatt", "  Kari   Nordmann ", "Ringer enheten på 91234567", "ny", db_copy)
    assert result.message == "Tatt av Kari Nordmann." and result.masked == 1
    stored = rows(db_copy, "SELECT status, person, comment FROM follow_up_actions WHERE item = ?", [item])
    assert stored == [("tatt", "Kari Nordmann", "Ringer enheten på [telefon]")]
    again = build_queue(str(db_copy), ALL, NOW).items.set_index("item")
    assert again.loc[item, "status"] == "tatt" and again.loc[item, "status_text"].startswith("Tatt av Kari Nordmann, ")


def test_closed_items_leave_the_queue_and_stay_findable(db_copy: Path) -> None:
    item = build_queue(str(db_copy), ALL, NOW).items["item"].iloc[0]
    record_action(item, "avvik meldt", "Ola", "Avvik 2022-0417 registrert", "ny", db_copy)
    record_action(item, "lukket", "Ola", None, "avvik meldt", db_copy)
    view = build_follow_up_view(str(db_copy), ALL, NOW, search="0417")
    assert item not in set(view.queue.items["item"])
    assert view.closed["item"].tolist() == [item]
    assert build_follow_up_view(str(db_copy), ALL, NOW, search="finnes ikke").closed.empty
    record_action(item, "gjenåpnet", "Kari", "Ikke løst likevel", "lukket", db_copy)
    assert build_queue(str(db_copy), ALL, NOW).items.set_index("item").loc[item, "status"] == "ny"


def test_an_item_being_handled_stays_after_its_window(db_copy: Path) -> None:
    item = build_queue(str(db_copy), ALL, NOW).items["item"].iloc[0]
    later = NOW + dt.timedelta(days=10)
    assert item not in set(build_queue(str(db_copy), ALL, later).items["item"])
    record_action(item, "tatt", "Kari", None, "ny", db_copy)
    assert item in set(build_queue(str(db_copy), ALL, later).items["item"])


def test_refused_actions_say_why(db_copy: Path) -> None:
    item = build_queue(str(db_copy), ALL, NOW).items["item"].iloc[0]
    with pytest.raises(errors.InputError, match="Skriv navnet ditt"):
        record_action(item, "tatt", "   ", None, "ny", db_copy)
    with pytest.raises(errors.InputError, match="Fant ikke meldingen"):
        record_action("chat:999999", "tatt", "Kari", None, "ny", db_copy)
    with pytest.raises(errors.InputError, match="høyst 500 tegn"):
        record_action(item, "tatt", "Kari", "x" * 501, "ny", db_copy)
    assert rows(db_copy, "SELECT count(*) FROM follow_up_actions") == [(0,)]
    record_action(item, "lukket", "Kari", None, "ny", db_copy)
    with pytest.raises(errors.InputError, match="allerede «Lukket»"):
        record_action(item, "lukket", "Kari", None, "lukket", db_copy)
    assert allowed_actions("ny") == ["tatt", "avvik meldt", "lukket"] and allowed_actions("lukket") == ["gjenåpnet"]


def test_view_live_json_holds_the_queue_with_ids_and_statuses(db_copy: Path, capsys: pytest.CaptureFixture) -> None:
    item = build_queue(str(db_copy), ALL, NOW).items["item"].iloc[0]
    record_action(item, "tatt", "Kari", None, "ny", db_copy)
    assert main(["view", "live", "--json", "--db", str(db_copy), "--now", NOW.isoformat()]) == 0
    queue = json.loads(capsys.readouterr().out)["queue"]
    first = queue["items"][0]
    assert {"item", "ts", "unit", "kind", "reason", "status"} <= set(first)
    assert (first["item"], first["status"]) == (item, "tatt")
    assert queue["n_safety"] + queue["n_negative"] == len(queue["items"])


def test_the_queue_page_and_the_live_cards_show_the_status(db_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    st.cache_data.clear()
    item = build_queue(str(db_copy), ALL, NOW).items["item"].iloc[0]
    record_action(item, "tatt", "Kari Nordmann", None, "ny", db_copy)
    at = run_app(db_copy, "pages/follow_up.py", monkeypatch, env={"GOLIVE_NOW": NOW.isoformat()})
    assert not at.exception
    assert any("pasientsikkerhet" in m.value for m in at.markdown)
    live = run_app(db_copy, "pages/live.py", monkeypatch, env={"GOLIVE_NOW": NOW.isoformat()})
    assert not live.exception
    assert any("Tatt av Kari Nordmann" in c.value for c in live.caption)


def test_closing_the_weeks_safety_flags_satisfies_the_weekly_criterion(weeks_db: Path, tmp_path: Path) -> None:
    from analysis.weekly.summary import build_week_summary

    copy = tmp_path / "weeks.duckdb"
    shutil.copy(weeks_db, copy)

    def safety(summary):
        return next(c for c in summary.criteria if c.key == "pasientsikkerhet")

    before = safety(build_week_summary("2022-W19", copy))
    flags = rows(copy, "SELECT 'chat:' || id FROM chat_messages WHERE safety AND ts >= '2022-05-09' "
                       "AND ts < '2022-05-16' UNION ALL SELECT 'rapport:' || id FROM unit_reports WHERE safety "
                       "AND day >= '2022-05-09' AND day < '2022-05-16'")
    assert flags and before.actual == f"{len(flags)} åpne flagg" and not before.met
    for (item,) in flags:
        record_action(item, "lukket", "Vaktleder", "Fulgt opp", "ny", copy)
    after = safety(build_week_summary("2022-W19", copy))
    assert after.actual == "0 åpne flagg" and after.met


def test_a_second_person_acting_on_a_stale_page_is_told(db_copy: Path) -> None:
    item = build_queue(str(db_copy), ALL, NOW).items["item"].iloc[0]
    record_action(item, "tatt", "Kari", None, "ny", db_copy)
    with pytest.raises(errors.InputError, match="nettopp endret til «Tatt» av Kari"):
        record_action(item, "lukket", "Ola", None, "ny", db_copy)  # Ola's page still showed 'ny'
    assert rows(db_copy, "SELECT count(*) FROM follow_up_actions") == [(1,)]


def test_a_reopened_old_item_stays_in_the_queue(db_copy: Path) -> None:
    item = build_queue(str(db_copy), ALL, NOW).items["item"].iloc[0]
    record_action(item, "lukket", "Kari", None, "ny", db_copy)
    record_action(item, "gjenåpnet", "Kari", "Ikke løst", "lukket", db_copy)
    later = NOW + dt.timedelta(days=10)
    queue = build_queue(str(db_copy), ALL, later).items.set_index("item")
    assert queue.loc[item, "status"] == "ny"


def test_week_load_compares_only_the_days_the_curve_covers() -> None:
    import pandas as pd

    from analysis.weekly.expected import week_load

    daily = pd.DataFrame({"opened": [100, 200, 300, 400], "expected": [None, None, 290.0, 410.0],
                          "in_week": [True, True, True, True]})
    assert week_load(daily) == (700, 700.0)
    assert week_load(daily.assign(expected=None)) == (1000, None)


def test_an_alert_link_opens_its_item(db_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """?sak=<item> (the link in an alert) opens that item with its actions; without it nothing is open."""
    import streamlit as st

    st.cache_data.clear()
    items = build_queue(str(db_copy), ALL, NOW).items
    item, text = items["item"].iloc[0], items["text"].iloc[0]
    env = {"GOLIVE_NOW": NOW.isoformat()}
    plain = run_app(db_copy, "pages/follow_up.py", monkeypatch, env=env)
    assert not plain.exception and not any(t.value == f"«{text}»" for t in plain.text)
    linked = run_app(db_copy, None, monkeypatch, env=env, sak=item)
    linked.switch_page("pages/follow_up.py").run()
    assert not linked.exception
    assert any(t.value == f"«{text}»" for t in linked.text)
    assert any(b.key == f"tatt_{item}" for b in linked.button)
