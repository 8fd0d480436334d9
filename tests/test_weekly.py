"""The week summary against direct SQL on the fixture, edge weeks, the quote rule, criteria and notes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from analysis.fmt import fmt_int, fmt_num, fmt_pct
from analysis.queries.weekly_queries import insert_note
from analysis.weekly import criteria as crit
from analysis.weekly import quotes as qt
from analysis.weekly.summary import (
    STATE_BEFORE,
    STATE_EMPTY_DB,
    STATE_NO_DATA,
    STATE_OK,
    build_week_summary,
    default_week,
    parse_week,
    week_dates,
    weeks_between,
)


def _sql_week(path: Path, week: str) -> dict:
    """Compute the week's figures with plain SQL written independently of analysis/queries/weekly.py."""
    y, w = parse_week(week)
    mon = dt.date.fromisocalendar(y, w, 1)
    s, e = dt.datetime.combine(mon, dt.time()), dt.datetime.combine(mon + dt.timedelta(7), dt.time())
    with duckdb.connect(str(path), read_only=True) as con:
        one = lambda sql, p=(): con.execute(sql, list(p)).fetchone()  # noqa: E731
        return {
            "staff": one("SELECT sum(staff_count) FROM units")[0],
            "active": one("SELECT max(n) FROM (SELECT sum(active_users) n FROM adoption_daily "
                          "WHERE day BETWEEN ? AND ? GROUP BY day)", [mon, mon + dt.timedelta(6)])[0],
            "portal": one("SELECT logins FROM portal_logins_daily WHERE day BETWEEN ? AND ? ORDER BY day DESC "
                          "LIMIT 1", [mon, mon + dt.timedelta(6)]),
            "tickets": one("SELECT count(*) FROM tickets WHERE opened_at >= ? AND opened_at < ?", [s, e])[0],
            "closed": one("SELECT count(*) FROM tickets WHERE closed_at >= ? AND closed_at < ?", [s, e])[0],
            "backlog": one("SELECT count(*) FROM tickets WHERE opened_at < ? AND (closed_at IS NULL OR closed_at >= ?)",
                           [e, e])[0],
            "median_h": one("SELECT median(date_diff('second', opened_at, closed_at)) / 3600.0 FROM tickets "
                            "WHERE closed_at >= ? AND closed_at < ?", [s, e])[0],
            "messages": one("SELECT count(*) FROM chat_messages WHERE ts >= ? AND ts < ?", [s, e])[0],
            "polarity": one("SELECT avg(polarity) FROM chat_messages WHERE ts >= ? AND ts < ?", [s, e])[0],
            "negative": one("SELECT count(*) FILTER (WHERE label = 'negative') FROM chat_messages "
                            "WHERE ts >= ? AND ts < ?", [s, e])[0],
            "critical": one("SELECT count(*) FROM tickets WHERE priority = 'kritisk' AND opened_at < ? "
                            "AND (closed_at IS NULL OR closed_at >= ?)", [e - dt.timedelta(hours=48), e])[0],
        }


def test_week_helpers() -> None:
    assert parse_week("2022-W19") == (2022, 19)
    assert parse_week("2022w9") == (2022, 9)
    with pytest.raises(ValueError, match="Ugyldig uke"):
        parse_week("uke 19")
    with pytest.raises(ValueError, match="finnes ikke"):
        parse_week("2022-W54")
    assert week_dates(dt.date(2022, 5, 9)) == "9.–15. mai 2022"
    assert week_dates(dt.date(2022, 5, 30)) == "30. mai–5. juni 2022"
    assert weeks_between(dt.date(2022, 5, 5), dt.date(2022, 5, 16)) == ["2022-W18", "2022-W19", "2022-W20"]
    # The last full week: Monday 16 May is the only day of W20, so W19.
    assert default_week(dt.date(2022, 5, 5), dt.date(2022, 5, 16)) == "2022-W19"
    assert default_week(dt.date(2022, 5, 5), dt.date(2022, 5, 29)) == "2022-W21"
    assert default_week(dt.date(2022, 5, 11), dt.date(2022, 5, 13)) == "2022-W19"
    assert default_week(None, None) is None


@pytest.mark.parametrize("week", ["2022-W18", "2022-W19", "2022-W20", "2022-W21"])
def test_summary_figures_equal_sql(weeks_db: Path, week: str) -> None:
    s = build_week_summary(week, weeks_db)
    q = _sql_week(weeks_db, week)
    f = s.this
    assert s.state == STATE_OK
    assert (f.staff, f.active_users, f.tickets, f.closed, f.backlog, f.messages) == (
        q["staff"], q["active"], q["tickets"], q["closed"], q["backlog"], q["messages"])
    assert f.portal_logins == (q["portal"][0] if q["portal"] else None)
    assert f.critical_overdue == q["critical"]
    assert f.median_resolve_h == (None if q["median_h"] is None else pytest.approx(q["median_h"]))
    assert f.mean_polarity == (None if q["polarity"] is None else pytest.approx(q["polarity"]))
    tiles = {t.key: t.value for t in s.tiles}
    assert tiles["tickets"] == fmt_int(q["tickets"])
    assert tiles["per100"] == fmt_num(q["tickets"] * 100 / q["staff"])
    assert tiles["backlog"] == fmt_int(q["backlog"])
    assert tiles["active"] == fmt_pct(q["active"] / q["staff"])
    if q["messages"]:
        assert tiles["negative"] == fmt_pct(q["negative"] / q["messages"])
    # Week over week: last week's figures come from the same rule, one week earlier.
    prev = _sql_week(weeks_db, f"2022-W{parse_week(week)[1] - 1}")
    assert (s.prev.tickets, s.prev.closed, s.prev.backlog) == (prev["tickets"], prev["closed"], prev["backlog"])


def test_week_with_no_tickets(weeks_db: Path) -> None:
    s = build_week_summary("2022-W21", weeks_db)
    assert s.state == STATE_OK and s.this.tickets == 0
    assert s.message == "Ingen supportsaker ble meldt i uke 21."
    tiles = {t.key: t for t in s.tiles}
    assert tiles["closure"].value == "–" and tiles["resolve"].value == "–"
    closure = next(c for c in s.criteria if c.key == "lukkerate")
    assert closure.status == crit.UNKNOWN


def test_week_before_go_live(fixture_db: Path) -> None:
    s = build_week_summary("2022-W17", fixture_db)
    assert s.state == STATE_BEFORE
    assert "før go-live" in s.message and s.headline == s.message
    assert not s.criteria and not s.quotes
    assert s.phase.startswith("1 uke før go-live")


def test_week_after_the_data(fixture_db: Path) -> None:
    s = build_week_summary("2022-W30", fixture_db)
    assert s.state == STATE_NO_DATA and "Ingen data registrert i uke 30" in s.message


def test_empty_database(empty_db: Path) -> None:
    s = build_week_summary("2022-W19", empty_db)
    assert s.state == STATE_EMPTY_DB and "ingen data" in s.message


def test_partial_week_is_measured_now(fixture_db: Path) -> None:
    # The plain fixture ends on Monday 16 May: W20 is measured at the newest record, not next Monday.
    s = build_week_summary("2022-W20", fixture_db)
    assert s.as_of.date() == dt.date(2022, 5, 16) and s.as_of_text.startswith("per man. 16. mai")


def test_exit_criteria(weeks_db: Path) -> None:
    # Six criteria: the four of old plus open patient-safety flags and load against the expected curve.
    calm = build_week_summary("2022-W20", weeks_db)
    assert [c.status for c in calm.criteria] == [crit.MET] * 6
    assert calm.criteria_text.startswith("Alle 6 kriterier er oppfylt")
    busy = build_week_summary("2022-W19", weeks_db)
    status = {c.key: c.status for c in busy.criteria}
    assert status["saker_per_100"] == crit.NOT_MET and status["kritiske_saker"] == crit.NOT_MET
    assert status["pasientsikkerhet"] == crit.NOT_MET and status["belastning"] == crit.MET
    assert busy.criteria_text.startswith("Ikke klar til å avslutte: 4 av 6 kriterier holder igjen – saksmengde")


def test_criteria_config_overrides_defaults(tmp_path: Path) -> None:
    f = tmp_path / "regler.toml"
    f.write_text("[stabilisering.saker_per_100]\nterskel = 9.5\n[stabilisering.stemning]\naktiv = false\n",
                 encoding="utf-8")
    cfg = crit.load_criteria(f)
    assert cfg.get("saker_per_100", "terskel") == 9.5 and cfg.get("saker_per_100", "dager") == 7
    assert not cfg.active("stemning") and cfg.active("lukkerate")
    assert cfg.source == "regler.toml"


def test_criteria_source_is_the_rules_file(weeks_db: Path) -> None:
    assert build_week_summary("2022-W19", weeks_db).criteria_source == "rules.toml"


def test_quote_rule(weeks_db: Path) -> None:
    for week in ("2022-W18", "2022-W19", "2022-W20", "2022-W21"):
        s = build_week_summary(week, weeks_db)
        assert len(s.quotes) <= qt.MAX_QUOTES
        units = [q.unit for q in s.quotes]
        assert len(units) == len(set(units)), "at most one quote per unit"
        assert all(len(q.text) >= qt.MIN_LENGTH for q in s.quotes)
        flagged = {x.text for x in s.safety}
        assert not flagged.intersection(q.text for q in s.quotes), "safety-flagged texts are listed, not quoted"
        if any(q.label == "negative" for q in s.quotes) and any(q.label == "positive" for q in s.quotes):
            assert s.quotes[0].label == "negative" and s.quotes[1].label == "positive"
        assert build_week_summary(week, weeks_db).quotes == s.quotes, "deterministic"
    assert "høyst ett sitat per enhet" in s.quote_rule


def test_units_reasons_in_words(weeks_db: Path) -> None:
    s = build_week_summary("2022-W19", weeks_db)
    legevakt = next(u for u in s.attention if u.unit == "Trondheim legevakt")
    assert any("rød status" in r for r in legevakt.reasons)
    assert all(u.reasons for u in s.attention + s.doing_well)


def test_notes_round_trip(weeks_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    shutil.copy(weeks_db, path)
    insert_note("2022-W19", "beslutning", "Superbrukere går ned til halv tid fra uke 21", "Prosjektleder", path)
    insert_note("2022-W20", "tiltak", "  Følge opp innlogging på Havstein  ", None, path)
    with pytest.raises(ValueError):
        insert_note("2022-W20", "tiltak", "   ", None, path)
    with pytest.raises(ValueError):
        insert_note("2022-W20", "sladder", "tekst", None, path)
    s = build_week_summary("2022-W20", path)
    assert [n.text for n in s.notes_this] == ["Følge opp innlogging på Havstein"]
    assert [n.text for n in s.notes_prev] == ["Superbrukere går ned til halv tid fra uke 21"]
    assert s.notes_prev[0].author == "Prosjektleder"


def test_week_before_go_live_with_preparation_data(weeks_db: Path, tmp_path: Path) -> None:
    # Training chat before go-live is data, but exit criteria only start with the go-live week.
    path = tmp_path / "pre.duckdb"
    shutil.copy(weeks_db, path)
    from analysis import db

    db.write(lambda con: con.execute(
        "INSERT INTO chat_messages (ts, unit, text, label, polarity) VALUES "
        "('2022-04-28 10:00', 'Lade hjemmetjeneste', 'Øvingsmiljøet fungerer fint, vi gleder oss', 'positive', 0.6)"),
        path)
    s = build_week_summary("2022-W17", path)
    assert s.state == STATE_OK and s.this.messages == 1
    assert s.criteria == [] and "før go-live" in s.message
    assert "exit-kriterier" not in s.headline


def test_safety_list_shows_every_affected_unit_first_and_at_most_eight() -> None:
    import datetime as dt

    from analysis.weekly.summary import SafetyItem, pick_safety

    flood = [SafetyItem(f"e-link {i}", "Lyngåsen HVS", dt.date(2022, 5, 9 + i % 5), "Meldinger") for i in range(40)]
    others = [SafetyItem("feil medisin", "Lade hjemmetjeneste", dt.date(2022, 5, 10), "Legemidler"),
              SafetyItem("feil pasient", "Trondheim legevakt", dt.date(2022, 5, 9), "Feil pasient")]
    picked = pick_safety(flood + others)
    assert len(picked) == 8
    assert {"Lade hjemmetjeneste", "Trondheim legevakt", "Lyngåsen HVS"} <= {p.unit for p in picked}
    assert [p.day for p in picked] == sorted(p.day for p in picked)
    assert pick_safety(others) == sorted(others, key=lambda x: x.day)
