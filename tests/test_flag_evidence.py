"""Flags with evidence behind them: minimum samples, rates per staff, same-weekday deltas and the exit verdict."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analysis import db, rules
from analysis.filters import Filters
from analysis.queries import live_queries
from analysis.views.live_view import build_tiles
from analysis.views.units_view import judge_cards
from analysis.weekly import criteria as crit
from analysis.weekly.summary import build_week_summary
from fixture_db import build_fixture

NBSP = "\u00a0"
CARDS = rules.UnitCards()


# --- Enheter: chat light ------------------------------------------------------------------------------------------
def test_few_messages_give_no_chat_light() -> None:
    # Five messages, two of them negative (40 %) and a mean of −0,6: too few to colour a unit (minimum 10).
    assert rules.chat_light(CARDS, -0.6, 0.4, 5, 2) is None
    assert rules.chat_light(CARDS, -0.6, 0.4, 9, 4) is None


def test_red_needs_enough_negative_messages_or_a_clearly_negative_mean() -> None:
    # 12 messages, 5 negative (41,7 %): five negatives at or above the 40 % share → red.
    assert rules.chat_light(CARDS, 0.0, 5 / 12, 12, 5) == "rød"
    # 12 messages, 4 negative (33 %), mean −0,05: neither rule holds → yellow.
    assert rules.chat_light(CARDS, -0.05, 4 / 12, 12, 4) == "gul"
    # Mean −0,20 with spread 0,60 over 12: standard error 0,173, z = −1,15 (not below −1,64) → yellow.
    assert rules.chat_light(CARDS, -0.20, 3 / 12, 12, 3, 0.60) == "gul"
    # Mean −0,20 with spread 0,30 over 12: standard error 0,0866, z = −2,31 → red.
    assert rules.chat_light(CARDS, -0.20, 3 / 12, 12, 3, 0.30) == "rød"
    assert rules.chat_light(CARDS, 0.30, 0.0, 12, 0, 0.2) == "grønn"


# --- Enheter: many tickets ----------------------------------------------------------------------------------------
def test_two_tickets_are_not_a_high_load() -> None:
    # 2 tickets for 50 staff in 3 days = 4,0 per 100, four times a median of 1,0, but only 2 tickets (minimum 5).
    assert not rules.is_high_load(CARDS, 4.0, 1.0, 2, 3)


def test_a_rate_under_the_floor_is_not_a_high_load() -> None:
    # 6 tickets for 263 staff in 3 days = 2,28 per 100: over 2 × a median of 0,5 but under the floor 1,5 × 3 = 4,5.
    assert not rules.is_high_load(CARDS, 600 / 263, 0.5, 6, 3)


def test_a_unit_far_above_the_median_unit_has_a_high_load() -> None:
    # 117 tickets for 268 staff in 3 days = 43,7 per 100 against a median unit of 1,6: flagged.
    assert round(11700 / 268, 1) == 43.7
    assert rules.is_high_load(CARDS, 11700 / 268, 1.6, 117, 3)
    # A unit at 1,9 × the median is not far enough above it.
    assert not rules.is_high_load(CARDS, 19.0, 10.0, 50, 3)


def _card_rows(units: list[tuple[str, int, int, str]], median: float) -> pd.DataFrame:
    """Return card rows (unit, staff, tickets, leader status) as query_unit_cards gives them."""
    return pd.DataFrame([{
        "unit": u, "service_area": "helsehus", "staff_count": staff, "report_day": pd.Timestamp("2022-06-30"),
        "status": status, "mood": 5, "report_text": "", "n_messages": 4, "mean_polarity": -0.5, "sd_polarity": 0.1,
        "negative_share": 0.5, "n_negative": 2, "tickets": tickets, "tickets_per_100": 100 * tickets / staff,
        "median_per_100": median, "window_days": 3} for u, staff, tickets, status in units])


def test_the_median_unit_is_the_municipalitys_whatever_the_filter() -> None:
    # Filtered to one unit, the card still compares with the municipality's median unit (1,6 per 100), not itself.
    one = judge_cards(_card_rows([("Heimdal helsehus", 268, 117, "grønn")], 1.6))
    assert one.loc[0, "high_load"] and one.loc[0, "flag"] == "leder grønn, mange saker"
    # Four messages, two negative: no chat light, so no "chat rød" flag.
    assert one.loc[0, "chat_light"] is None
    # Two helsehus (the area filter): the other one has 2 tickets, not a high load.
    two = judge_cards(_card_rows([("Heimdal helsehus", 268, 117, "grønn"), ("Trondheim helsehus", 369, 2, "grønn")],
                                 1.6)).set_index("unit")
    assert two.loc["Heimdal helsehus", "high_load"] and not two.loc["Trondheim helsehus", "high_load"]
    assert pd.isna(two.loc["Trondheim helsehus", "flag"]) or two.loc["Trondheim helsehus", "flag"] is None


# --- Live: attention ----------------------------------------------------------------------------------------------
def _signal(unit: str, t_recent: int, t_base: int = 7, n_recent: int = 0, staff: int = 100, **kw: object) -> dict:
    """Return one unit's live signals (see query_unit_signals)."""
    return {"unit": unit, "service_area": "hjemmetjeneste", "staff_count": staff, "n_recent": n_recent,
            "pol_recent": kw.get("pol_recent"), "sd_recent": kw.get("sd_recent"), "n_base": kw.get("n_base", 0),
            "pol_base": kw.get("pol_base"), "sd_base": kw.get("sd_base"), "t_recent": t_recent, "t_base": t_base,
            "report_day": None, "status": None, "mood": None, "prev_mood": None}


def test_more_tickets_needs_a_count_a_rate_and_to_stand_out() -> None:
    today = dt.date(2022, 5, 9)
    # Six units of 100 staff: 2, 2, 3, 3, 4 and 12 tickets the last 24 h; 7 in the week before (1 per day).
    # Median unit 3,0 per 100. Only the unit with 12 (≥ 5, ≥ 1,0 per 100, ≥ 1,5 × 1 per day, ≥ 1,5 × 3,0) is named;
    # 4 tickets rose fourfold but are under the minimum of 5.
    rows = [_signal(f"E{i}", t) for i, t in enumerate([2, 2, 3, 3, 4, 12])]
    found = rules.units_needing_attention(rules.Attention(), rows, today)
    assert [(a.unit, a.reasons) for a in found] == [
        ("E5", ("Flere saker: 12 siste døgn, 12,0 per 100 ansatte, mot 1,0 per døgn uka før",))]


def test_when_every_unit_rises_none_stands_out() -> None:
    # Go-live day: all six units have 10 tickets against 1 per day before; the median unit has 10 per 100 too.
    rows = [_signal(f"E{i}", 10) for i in range(6)]
    assert rules.units_needing_attention(rules.Attention(), rows, dt.date(2022, 5, 9)) == []


def test_a_big_unit_needs_a_rate_per_staff() -> None:
    # 6 tickets for 800 staff = 0,75 per 100 (floor 1,0), even with only one unit in scope (no median).
    rows = [_signal("Stor", 6, t_base=0, staff=800)]
    assert rules.units_needing_attention(rules.Attention(), rows, dt.date(2022, 5, 9)) == []
    rows = [_signal("Liten", 6, t_base=0, staff=300)]  # 2,0 per 100
    assert [a.unit for a in rules.units_needing_attention(rules.Attention(), rows, dt.date(2022, 5, 9))] == ["Liten"]


def test_a_mood_drop_needs_enough_messages() -> None:
    # Four recent messages falling from +0,30 to −0,50: under the minimum of 5 recent messages.
    few = _signal("E", 0, 0, n_recent=4, pol_recent=-0.5, sd_recent=0.1, n_base=20, pol_base=0.3, sd_base=0.1)
    assert rules.attention_reasons(rules.Attention(), few, dt.date(2022, 5, 9)) == []
    enough = dict(few, n_recent=5)
    assert rules.attention_reasons(rules.Attention(), enough, dt.date(2022, 5, 9))[0][0] == (
        "Stemningen i chatten faller: +0,30 → −0,50 siste 2 døgn (5 meldinger)")


# --- Ukemøte: unit notes ------------------------------------------------------------------------------------------
def _week(**kw: object) -> rules.UnitWeekSignals:
    """Return one unit's week with nothing to say, changed by `kw`."""
    base = dict(unit="E", service_area="helsehus", staff_count=100, tickets=0, tickets_prev=0, messages=0,
                negative=0, mean_polarity=None, safety=0, status=None, status_day=None, mood=None, active_users=None)
    return rules.UnitWeekSignals(**{**base, **kw})


def test_weekly_notes_need_a_minimum() -> None:
    w = rules.WeeklyJudgement()
    # Two of two messages negative: too few to say the chat is negative (minimum 10).
    assert rules.weekly_unit_findings(w, _week(messages=2, negative=2, mean_polarity=-0.6), 5.0) == ([], [])
    # Seven of twelve negative: a finding.
    bad, _ = rules.weekly_unit_findings(w, _week(messages=12, negative=7, mean_polarity=-0.3), 5.0)
    assert bad == [(2, "7 av 12 meldinger i chatten er negative")]
    # 4 tickets for 20 staff (20 per 100, four times the mean of 5): under the minimum of 5 tickets.
    assert rules.weekly_unit_findings(w, _week(staff_count=20, tickets=4), 5.0) == ([], [])
    # 6 tickets for 300 staff = 2,0 per 100: twice the mean of 1,0 but under the floor of 7 per 100 a week.
    assert rules.weekly_unit_findings(w, _week(staff_count=300, tickets=6), 1.0) == ([], [])
    # 117 tickets for 268 staff = 43,7 per 100 against a mean of 10: a finding.
    bad, _ = rules.weekly_unit_findings(w, _week(staff_count=268, tickets=117), 10.0)
    assert bad == [(2, "43,7 saker per 100 ansatte (snittet er 10,0)")]


# --- Live: same weekday a week earlier --------------------------------------------------------------------------
@pytest.fixture
def weekly_rhythm_db(tmp_path: Path) -> Path:
    """Lade hjemmetjeneste (120 staff): 108 active on weekdays, 72 on weekends, 74 on Saturday 14 May; tickets."""
    path = build_fixture(tmp_path / "rhythm.duckdb", empty=True)
    unit = "Lade hjemmetjeneste"

    def fill(con: duckdb.DuckDBPyConnection) -> None:
        for i in range(14):
            day = dt.date(2022, 5, 1) + dt.timedelta(days=i)
            active = 74 if day == dt.date(2022, 5, 14) else 72 if day.weekday() >= 5 else 108
            con.execute("INSERT INTO adoption_daily VALUES (?, ?, ?)", [day, unit, active])
        opened = ["2022-05-07 08:00", "2022-05-07 10:00", "2022-05-07 15:00"]  # Saturday last week
        opened += [f"2022-05-13 {h:02d}:00" for h in range(7, 16)]  # Friday: nine
        opened += ["2022-05-14 08:00", "2022-05-14 10:00", "2022-05-14 11:30", "2022-05-14 13:00"]  # Saturday
        for n, ts in enumerate(opened):
            con.execute("INSERT INTO tickets VALUES (?, ?, NULL, ?, 'innlogging', 'middels', 'telefon', 'åpen', "
                        "'Sak', 0, 'test')", [f"INC{n:03d}", pd.Timestamp(ts).to_pydatetime(), unit])

    db.write(fill, path)
    return path


def test_a_normal_saturday_dip_is_compared_with_last_saturday(weekly_rhythm_db: Path) -> None:
    now = dt.datetime(2022, 5, 14, 12, 0)
    t = live_queries.query_live_tiles(Filters(unit="Lade hjemmetjeneste"), now, weekly_rhythm_db)
    # Saturday 14 May: 74 of 120 (61,7 %) against Saturday 7 May: 72 of 120 (60,0 %) → +1,7 pp
    # (against Friday's 108 of 120 it would have been −28,3 pp).
    assert (t.active_users, t.active_week_ago, t.active_prev) == (74, 72, 108)
    # Tickets up to 12:00: 3 today against 2 last Saturday (Friday had 6 by noon: 07:00–12:00).
    assert (t.tickets_today, t.tickets_week_ago, t.tickets_yesterday) == (3, 2, 6)
    tiles = {x.key: x for x in build_tiles(t)}
    assert (tiles["active"].value, tiles["active"].delta) == (f"61,7{NBSP}%", "+1,7 pp")
    assert tiles["active"].delta_description == f"74 av 120 · lør. 14. mai, mot lørdag forrige uke (60,0{NBSP}%)"
    assert (tiles["tickets"].value, tiles["tickets"].delta) == ("3", "+1")
    assert tiles["tickets"].delta_description == "mot samme tid lørdag forrige uke"
    # The backlog is compared with 24 hours ago, the portal's running total with the day before.
    assert tiles["open"].delta_description == "mot for 24 timer siden"


def test_no_week_ago_gives_no_change(weekly_rhythm_db: Path) -> None:
    # Saturday 7 May is the first Saturday with data: nothing a week earlier, so no change is shown.
    lade = Filters(unit="Lade hjemmetjeneste")
    t = live_queries.query_live_tiles(lade, dt.datetime(2022, 5, 7, 12), weekly_rhythm_db)
    tile = {x.key: x for x in build_tiles(t)}["active"]
    assert t.active_week_ago is None and tile.delta is None
    assert tile.delta_description == "72 av 120 · lør. 7. mai"


# --- Ukemøte: the stabilisation verdict -------------------------------------------------------------------------
def test_verdict_names_the_criteria_that_hold_it_back(weeks_db: Path) -> None:
    s = build_week_summary("2022-W19", weeks_db)
    keys = [c.key for c in s.criteria]
    assert keys == ["saker_per_100", "lukkerate", "kritiske_saker", "stemning", "pasientsikkerhet", "belastning"]
    with duckdb.connect(str(weeks_db), read_only=True) as con:
        flags = con.execute("""SELECT (SELECT count(*) FROM chat_messages WHERE safety AND ts >= '2022-05-09'
                                       AND ts < '2022-05-16')
                                    + (SELECT count(*) FROM unit_reports WHERE safety AND day >= '2022-05-09'
                                       AND day < '2022-05-16')""").fetchone()[0]
    assert flags > 0  # Havstein's e-link and medication messages
    c = {x.key: x for x in s.criteria}
    assert c["pasientsikkerhet"].status == crit.NOT_MET and c["pasientsikkerhet"].brief == f"{flags} åpne flagg"
    # 28 tickets against the curve: days 2–8 after go-live, 6,0 + 5,5 + 5,0 + 4,5 + 4,0 + 3,5 + 3,17 = 31,67 per 100
    # × 3,6 (360 staff) = 114 expected: 75 % under, met.
    assert c["belastning"].status == crit.MET
    assert c["belastning"].actual == "28 saker mot forventet 114 (75\u00a0% under forventet)"
    assert s.criteria_text == (
        "Ikke klar til å avslutte: 4 av 6 kriterier holder igjen – saksmengde (høyeste dag 1,9 per 100 ansatte), "
        f"kritiske saker (2 eldre enn 48 timer), stemning (−0,14 mot +0,21) og pasientsikkerhet ({flags} åpne flagg).")
    assert s.headline.endswith(
        "2 av 6 exit-kriterier oppfylt (holder igjen: saksmengde, kritiske saker, stemning, pasientsikkerhet)")


def test_load_over_the_curve_holds_the_verdict_back() -> None:
    cfg = crit.criteria_of(rules.Rules())
    # 166 tickets against 100 expected: 66 % over the curve (at most 15 %).
    over = crit.judge_load(cfg, 166, 100.0)
    assert (over.status, over.brief) == (crit.NOT_MET, f"66{NBSP}% over forventet")
    safety = crit.judge_safety(cfg, 44)
    calm = crit.judge_closure(cfg, 10, 12)
    assert crit.verdict_text([calm, safety, over]) == (
        f"Ikke klar til å avslutte: 2 av 3 kriterier holder igjen – pasientsikkerhet (44 åpne flagg) og belastning "
        f"(66{NBSP}% over forventet).")
    assert crit.judge_load(cfg, 110, 100.0).status == crit.MET  # 10 % over
    assert crit.judge_load(cfg, 10, None).status == crit.UNKNOWN
    assert crit.verdict_text([calm]).startswith("Alle 1 kriterier er oppfylt: go-live-perioden kan avsluttes")
