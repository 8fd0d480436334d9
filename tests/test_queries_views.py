"""The views' query and metrics functions agree with direct SQL on the fixture database."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import duckdb
import pytest

from analysis import clock, metrics, rules
from analysis.filters import Filters
from analysis.queries import (
    adoption_queries,
    drilldown_queries,
    follow_up_queries,
    live_queries,
    support_queries,
    units_queries,
    weekly_queries,
)
from analysis.queries.common_queries import report_time_sql
from analysis.queries.drilldown_queries import MessageSelection, TicketSelection
from analysis.views.tables import evidence_words, to_csv
from analysis.views.tiles import change_tile, signed_delta
from ui.text import WORD_JOINER, escape_md

NOW = dt.datetime(2022, 5, 14, 12, 0)
STRONG = -0.4  # the default [oppfolging] sterkt_negativ
PERIOD = Filters(dt.date(2022, 5, 5), dt.date(2022, 5, 16))
LADE = "Lade hjemmetjeneste"
LEGEVAKT = "Trondheim legevakt"
BUCKETS = rules.age_buckets(rules.Backlog())  # the default [ko] age buckets


def sql(db: Path, query: str, params: list | None = None) -> list[tuple]:
    """Run a direct read-only query on the fixture."""
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(query, params or []).fetchall()


def one(db: Path, query: str, params: list | None = None):
    """Return the single value of a direct query."""
    return sql(db, query, params)[0][0]


# --- live -------------------------------------------------------------------------------------------

def test_live_tiles_equal_sql(fixture_db: Path) -> None:
    t = live_queries.query_live_tiles(PERIOD, NOW, fixture_db)
    assert t.tickets_today == one(fixture_db, "SELECT count(*) FROM tickets WHERE opened_at >= '2022-05-14' "
                                              "AND opened_at <= ?", [NOW])
    assert t.tickets_yesterday == one(fixture_db, "SELECT count(*) FROM tickets WHERE opened_at >= '2022-05-13' "
                                                  "AND opened_at <= '2022-05-13 12:00'")
    assert t.open_now == one(fixture_db, "SELECT count(*) FROM tickets WHERE opened_at <= ? "
                                         "AND (closed_at IS NULL OR closed_at > ?)", [NOW, NOW])
    assert t.mood_today == pytest.approx(one(fixture_db, "SELECT avg(polarity) FROM chat_messages "
                                                         "WHERE ts >= '2022-05-14' AND ts <= ?", [NOW]))
    assert t.portal_logins == one(fixture_db, "SELECT logins FROM portal_logins_daily WHERE day = '2022-05-14'")
    assert t.active_users == one(fixture_db, "SELECT sum(active_users) FROM adoption_daily WHERE day = '2022-05-14'")
    assert t.staff == one(fixture_db, "SELECT sum(staff_count) FROM units")


def test_live_tiles_follow_the_unit_filter(fixture_db: Path) -> None:
    t = live_queries.query_live_tiles(Filters(unit=LEGEVAKT), NOW, fixture_db)
    assert t.open_now == one(fixture_db, "SELECT count(*) FROM tickets WHERE unit = ? AND opened_at <= ? "
                                         "AND (closed_at IS NULL OR closed_at > ?)", [LEGEVAKT, NOW, NOW])
    assert t.staff == one(fixture_db, "SELECT staff_count FROM units WHERE name = ?", [LEGEVAKT])


def test_follow_up_lists_safety_first_then_strongly_negative_newest_first(fixture_db: Path) -> None:
    rows = follow_up_queries.query_queue(PERIOD, NOW, 24 * 10, STRONG, path=fixture_db)
    expected = one(fixture_db, "SELECT count(*) FROM chat_messages WHERE ts > ? AND ts <= ? "
                               "AND (safety OR (label = 'negative' AND polarity <= ?))",
                   [NOW - dt.timedelta(days=10), NOW, STRONG])
    expected += one(fixture_db, f"SELECT count(*) FROM unit_reports WHERE {report_time_sql()} > ? AND "
                                f"{report_time_sql()} <= ? AND (safety OR (label = 'negative' AND polarity <= ?))",
                    [NOW - dt.timedelta(days=10), NOW, STRONG])
    assert len(rows) == expected > 0
    assert (rows["safety"] | (rows["label"] == "negative")).all()
    assert list(rows["safety"]) == sorted(rows["safety"], reverse=True)
    for _, group in rows.groupby("safety"):
        assert list(group["ts"]) == sorted(group["ts"], reverse=True)
    assert any("medisin" in t for t in rows["text"])
    assert rows["safety"].any()


def test_follow_up_leaves_out_neutral_texts_whose_words_lean_negative(fixture_db: Path, tmp_path: Path) -> None:
    """An information question the analyzer called neutral is not "strongly negative", whatever its polarity."""
    copy = tmp_path / "neutral.duckdb"
    shutil.copy(fixture_db, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("""INSERT INTO chat_messages (ts, unit, text, role, channel, polarity, label, language, themes,
                       safety, safety_reason, evidence, analyzer_version, source)
                       VALUES ('2022-05-14 11:00', ?, 'Hvem har ansvaret for nedetidsrutinen?', 'ansatt',
                               'supportchat', -0.6, 'neutral', 'nb', [], false, NULL, '[]', 'test', 'test'),
                              ('2022-05-14 11:05', ?, 'Alt henger, dette er kaos', 'ansatt',
                               'supportchat', -0.6, 'negative', 'nb', [], false, NULL, '[]', 'test', 'test')""",
                    [LADE, LADE])
    texts = set(follow_up_queries.query_queue(PERIOD, NOW, 24, STRONG, path=copy)["text"])
    assert "Alt henger, dette er kaos" in texts
    assert "Hvem har ansvaret for nedetidsrutinen?" not in texts


def test_feed_is_newest_first_and_stops_at_now(fixture_db: Path) -> None:
    feed = live_queries.query_feed(PERIOD, NOW, limit=3, path=fixture_db)
    assert len(feed) == 3
    assert feed["ts"].max() <= NOW
    assert list(feed["ts"]) == sorted(feed["ts"], reverse=True)


def test_hourly_sentiment_counts_the_last_day(fixture_db: Path) -> None:
    h = live_queries.query_hourly_sentiment(PERIOD, NOW, path=fixture_db)
    assert h["n"].sum() == one(fixture_db, "SELECT count(*) FROM chat_messages WHERE ts > ? AND ts <= ?",
                               [NOW - dt.timedelta(hours=24), NOW])


def test_unit_signals_read_latest_report_and_windows(fixture_db: Path) -> None:
    now = dt.datetime(2022, 5, 10, 12)
    sig = live_queries.query_unit_signals(PERIOD, now, 48, 24, 7, fixture_db).set_index("unit")
    assert sig.loc[LEGEVAKT, "status"] == "rød"
    assert sig.loc[LEGEVAKT, "t_recent"] == one(
        fixture_db, "SELECT count(*) FROM tickets WHERE unit = ? AND opened_at > ? AND opened_at <= ?",
        [LEGEVAKT, now - dt.timedelta(hours=24), now])
    att = rules.units_needing_attention(rules.Attention(), sig.reset_index().to_dict("records"), now.date())
    assert LEGEVAKT in [a.unit for a in att]
    assert any("rød" in r for a in att if a.unit == LEGEVAKT for r in a.reasons)



def test_a_corrected_report_replaces_the_first_one_of_that_day(fixture_db: Path, tmp_path: Path) -> None:
    """A leader who sends a second report the same day corrects the first: cards and signals show the later one."""
    copy = tmp_path / "corrected.duckdb"
    shutil.copy(fixture_db, copy)
    with duckdb.connect(str(copy)) as con:
        con.execute("""INSERT INTO unit_reports (day, unit, status, mood, text, reported_at, polarity, label,
                       language, themes, safety, safety_reason, evidence, analyzer_version, source)
                       SELECT day, unit, 'grønn', 5, 'Rettet: alt i orden', reported_at + INTERVAL 2 HOUR, 0.5,
                              'positive', language, themes, false, NULL, evidence, analyzer_version, 'test'
                       FROM unit_reports WHERE unit = ? AND day = '2022-05-16'""", [LEGEVAKT])
    cards = units_queries.query_unit_cards(PERIOD, dt.date(2022, 5, 16), window_days=3, path=copy).set_index("unit")
    assert (cards.loc[LEGEVAKT, "status"], cards.loc[LEGEVAKT, "mood"]) == ("grønn", 5)
    sig = live_queries.query_unit_signals(PERIOD, dt.datetime(2022, 5, 16, 20), 48, 24, 7, copy).set_index("unit")
    assert (sig.loc[LEGEVAKT, "status"], sig.loc[LEGEVAKT, "mood"]) == ("grønn", 5)
    # The previous mood is the previous day's report (9 May, mood 2), not the first report of the same day.
    assert sig.loc[LEGEVAKT, "prev_mood"] == 2
    with duckdb.connect(str(copy), read_only=True) as con:
        fig = weekly_queries.query_week_figures(con, dt.date(2022, 5, 16), dt.date(2022, 5, 23),
                                                dt.datetime(2022, 5, 23))
        week_units = weekly_queries.query_units_week(con, dt.date(2022, 5, 9), dt.date(2022, 5, 16),
                                                     dt.date(2022, 5, 23),
                                             dt.datetime(2022, 5, 23)).set_index("unit")
    assert (fig.reports, fig.mean_mood) == (1, 5.0)  # one report day, counted once, at the corrected mood
    assert week_units.loc[LEGEVAKT, "mood"] == 5.0

# --- metrics (pure) ---------------------------------------------------------------------------------

def test_resolve_now_rules() -> None:
    newest = dt.datetime(2022, 5, 30, 18, 0)
    real = dt.datetime(2026, 1, 1, 9, 0)
    assert clock.resolve_now({"demo": "1"}, newest, real_now=real) == clock.Now(newest, "demo")
    assert clock.resolve_now({}, newest, real_now=real) == clock.Now(real, "real")
    assert clock.resolve_now({"demo": "1"}, None, real_now=real).mode == "real"
    fixed = dt.datetime(2022, 5, 9, 8)
    assert clock.resolve_now({"demo": "1"}, newest, override=fixed) == clock.Now(fixed, "override")
    assert clock.staleness_minutes(newest, newest + dt.timedelta(minutes=90)) == 90
    replay = clock.resolve_now({"demo": "1"}, newest, real_now=real, until=dt.date(2022, 5, 9))
    assert replay == clock.Now(dt.datetime(2022, 5, 9, 23, 59, 59), "demo")
    assert clock.resolve_now({}, newest, real_now=real, until=dt.date(2022, 5, 9)).ts == real


def test_small_metrics() -> None:
    assert metrics.closure_ratio(44, 55) == pytest.approx(0.8)
    assert metrics.closure_ratio(3, 0) is None
    assert metrics.per_100(5, 250) == pytest.approx(2.0)
    assert metrics.delta(5, None) is None and metrics.delta(5, 3) == 2
    assert rules.chat_light(rules.UnitCards(), -0.3, 0.5, 10) == "rød"
    assert rules.chat_light(rules.UnitCards(), 0.3, 0.1, 10) == "grønn"
    assert rules.chat_light(rules.UnitCards(), 0.0, 0.1, 10) == "gul"
    assert rules.chat_light(rules.UnitCards(), -0.9, 1.0, 2) is None  # too few messages to judge
    assert rules.disagreement("grønn", "rød", False) == "leder grønn, chat rød"
    assert rules.disagreement("rød", "grønn", False) == "leder rød, chat grønn"
    assert rules.disagreement("grønn", "grønn", True) == "leder grønn, mange saker"
    assert rules.disagreement("gul", "rød", True) is None
    # 10 per 100 staff in 3 days from 8 tickets, against a median unit of 4: high; 5 per 100 is not twice the median.
    assert rules.is_high_load(rules.UnitCards(), 10, 4, 8) and not rules.is_high_load(rules.UnitCards(), 5, 4, 8)
    assert not rules.is_high_load(rules.UnitCards(), 10, 4, 2)  # two tickets are too few
    assert rules.lagging({"a": 0.9, "b": 0.7, "c": 0.99}, 0.95) == [("b", 0.7), ("a", 0.9)]


def test_attention_rules_explain_themselves() -> None:
    today = dt.date(2022, 5, 16)
    rows = [
        {"unit": "Falling", "service_area": "HVS", "n_recent": 6, "pol_recent": -0.4, "n_base": 20, "pol_base": 0.2},
        {"unit": "Busy", "service_area": "legevakt", "t_recent": 12, "t_base": 14},
        {"unit": "Red", "service_area": "BOA", "status": "rød", "report_day": today, "mood": 2, "prev_mood": 4},
        {"unit": "Old red", "service_area": "BOA", "status": "rød", "report_day": today - dt.timedelta(days=9)},
        {"unit": "Calm", "service_area": "HVS", "n_recent": 6, "pol_recent": 0.2, "n_base": 20, "pol_base": 0.25,
         "t_recent": 2, "t_base": 14},
        # The same drop of 0.3 on 4 scattered messages is within the noise (z ≈ 0.9); on 40 it is not (z ≈ 3).
        {"unit": "Noisy", "service_area": "HVS", "n_recent": 4, "pol_recent": 0.3, "sd_recent": 0.6,
         "n_base": 20, "pol_base": 0.6, "sd_base": 0.5},
        {"unit": "Steady fall", "service_area": "HVS", "n_recent": 40, "pol_recent": 0.3, "sd_recent": 0.6,
         "n_base": 80, "pol_base": 0.6, "sd_base": 0.5},
    ]
    found = {a.unit: a.reasons for a in rules.units_needing_attention(rules.Attention(), rows, today)}
    assert set(found) == {"Falling", "Busy", "Red", "Steady fall"}
    assert "faller" in found["Falling"][0] and "+0,20" in found["Falling"][0]
    assert found["Busy"][0].startswith("Flere saker: 12 siste døgn")
    assert any("Leder meldte rød (stemning 2/5)" in r for r in found["Red"])
    assert any("falt fra 4 til 2" in r for r in found["Red"])


# --- units ------------------------------------------------------------------------------------------

def test_unit_cards_equal_sql(fixture_db: Path) -> None:
    end = dt.date(2022, 5, 16)
    cards = units_queries.query_unit_cards(PERIOD, end, window_days=3, path=fixture_db).set_index("unit")
    for unit in cards.index:
        n = one(fixture_db, "SELECT count(*) FROM tickets WHERE unit = ? AND opened_at::DATE BETWEEN ? AND ?",
                [unit, end - dt.timedelta(days=2), end])
        staff = one(fixture_db, "SELECT staff_count FROM units WHERE name = ?", [unit])
        assert cards.loc[unit, "tickets"] == n
        assert cards.loc[unit, "tickets_per_100"] == pytest.approx(100 * n / staff)
    latest = sql(fixture_db, "SELECT status, mood FROM unit_reports WHERE unit = ? ORDER BY day DESC LIMIT 1",
                 [LEGEVAKT])[0]
    assert (cards.loc[LEGEVAKT, "status"], cards.loc[LEGEVAKT, "mood"]) == latest


def test_heatmap_cells_cover_every_message(fixture_db: Path) -> None:
    cells = units_queries.query_unit_day_sentiment(PERIOD, fixture_db)
    assert cells["n"].sum() == one(fixture_db, "SELECT count(*) FROM chat_messages WHERE unit IS NOT NULL")
    lade_7 = cells[(cells["unit"] == LADE) & (cells["day"].astype(str).str[:10] == "2022-05-07")].iloc[0]
    assert lade_7["mean_polarity"] == pytest.approx(one(
        fixture_db, "SELECT avg(polarity) FROM chat_messages WHERE unit = ? AND ts::DATE = '2022-05-07'", [LADE]))


def test_unit_trend_series(fixture_db: Path) -> None:
    trend = units_queries.query_unit_trend(PERIOD, LADE, fixture_db)
    assert trend[trend["series"] == "all"]["n"].sum() == one(fixture_db, "SELECT count(*) FROM chat_messages")
    assert trend[trend["series"] == "unit"]["n"].sum() == one(
        fixture_db, "SELECT count(*) FROM chat_messages WHERE unit = ?", [LADE])
    assert trend[trend["series"] == "area"]["n"].sum() == one(
        fixture_db, "SELECT count(*) FROM chat_messages WHERE unit IN "
                    "(SELECT name FROM units WHERE service_area = 'hjemmetjeneste')")


def test_unit_themes_most_negative_first(fixture_db: Path) -> None:
    unit = "Havstein helse- og velferdssenter"
    themes = units_queries.query_unit_themes(PERIOD, unit, fixture_db)
    direct = dict(sql(fixture_db, "SELECT t, count(*) FROM (SELECT unnest(themes) t FROM chat_messages "
                                  "WHERE unit = ?) GROUP BY t", [unit]))
    assert dict(zip(themes["theme"], themes["n"], strict=True)) == direct
    assert list(themes["mean_polarity"]) == sorted(themes["mean_polarity"])


# --- adoption ---------------------------------------------------------------------------------------

def test_adoption_total_and_day_one(fixture_db: Path) -> None:
    total = adoption_queries.query_adoption_total(PERIOD, fixture_db)
    staff = one(fixture_db, "SELECT sum(staff_count) FROM units")
    day_one = total[total["day"].astype(str).str[:10] == "2022-05-07"].iloc[0]
    active = one(fixture_db, "SELECT sum(active_users) FROM adoption_daily WHERE day = '2022-05-07'")
    assert day_one["active_users"] == active
    assert day_one["share"] == pytest.approx(active / staff)
    assert adoption_queries.query_go_live_date(fixture_db) == dt.date(2022, 5, 7)
    by_unit = adoption_queries.query_adoption_day(Filters(area="hjemmetjeneste"), dt.date(2022, 5, 7), fixture_db)
    assert set(by_unit["unit"]) == {LADE, "Strindheim hjemmetjeneste"}
    assert by_unit["active_users"].sum() == one(
        fixture_db, "SELECT sum(active_users) FROM adoption_daily WHERE day = '2022-05-07' AND unit IN "
                    "(SELECT name FROM units WHERE service_area = 'hjemmetjeneste')")


def test_portal_logins(fixture_db: Path) -> None:
    portal = adoption_queries.query_portal_logins(PERIOD, fixture_db)
    assert portal["logins"].sum() == one(fixture_db, "SELECT sum(logins) FROM portal_logins_daily")


# --- support ----------------------------------------------------------------------------------------

def test_support_aggregates_equal_sql(fixture_db: Path) -> None:
    total = one(fixture_db, "SELECT count(*) FROM tickets")
    assert support_queries.query_tickets_per_day(PERIOD, fixture_db)["n"].sum() == total
    assert support_queries.query_hour_weekday(PERIOD, fixture_db)["n"].sum() == total
    per_unit = support_queries.query_tickets_per_unit(PERIOD, fixture_db).set_index("unit")
    assert per_unit.loc[LEGEVAKT, "n"] == one(fixture_db, "SELECT count(*) FROM tickets WHERE unit = ?", [LEGEVAKT])
    assert support_queries.query_mix_per_day(PERIOD, "category", fixture_db)["n"].sum() == total
    oc = support_queries.query_opened_closed(PERIOD, fixture_db)
    assert oc["opened"].sum() == total
    assert oc["closed"].sum() == one(fixture_db, "SELECT count(*) FROM tickets WHERE closed_at::DATE <= '2022-05-16'")
    s = support_queries.query_support_summary(PERIOD, dt.datetime(2022, 5, 17), fixture_db)
    assert (s.opened, s.open_at_end) == (total, one(fixture_db, "SELECT count(*) FROM tickets WHERE closed_at IS NULL "
                                                                "OR closed_at > '2022-05-17'"))
    assert s.median_hours == pytest.approx(one(fixture_db, "SELECT median(epoch(closed_at - opened_at) / 3600) "
                                                           "FROM tickets"))


def test_resolve_times_by_priority(fixture_db: Path) -> None:
    r = support_queries.query_resolve_times(PERIOD, fixture_db).set_index("priority")
    assert list(r.index) == ["kritisk", "høy", "middels", "lav"]
    p90 = one(fixture_db, "SELECT quantile_cont(epoch(closed_at - opened_at) / 3600, 0.9) FROM tickets "
                          "WHERE priority = 'kritisk'")
    assert r.loc["kritisk", "p90_hours"] == pytest.approx(p90)


def test_backlog_equals_open_at_end_of_day(fixture_db: Path) -> None:
    b = support_queries.query_backlog(PERIOD, dt.date(2022, 5, 5), dt.date(2022, 5, 16), BUCKETS, fixture_db)
    for day in (dt.date(2022, 5, 8), dt.date(2022, 5, 12)):
        eod = dt.datetime.combine(day + dt.timedelta(days=1), dt.time())
        open_n = one(fixture_db, "SELECT count(*) FROM tickets WHERE opened_at < ? AND "
                                 "(closed_at IS NULL OR closed_at >= ?)", [eod, eod])
        assert b[b["day"].astype(str).str[:10] == day.isoformat()]["n"].sum() == open_n


# --- drill-down -------------------------------------------------------------------------------------

def test_messages_behind_a_heatmap_cell(fixture_db: Path) -> None:
    behind = drilldown_queries.query_messages_behind(PERIOD, MessageSelection(unit=LADE, day=dt.date(2022, 5, 7)),
                                             path=fixture_db)
    n_chat = one(fixture_db, "SELECT count(*) FROM chat_messages WHERE unit = ? AND ts::DATE = '2022-05-07'", [LADE])
    n_rep = one(fixture_db, "SELECT count(*) FROM unit_reports WHERE unit = ? AND day = '2022-05-07'", [LADE])
    assert behind.total == len(behind.rows) == n_chat + n_rep
    assert set(behind.rows["source"]) == {"chat", "leder"}


def test_messages_behind_a_theme_and_an_hour(fixture_db: Path) -> None:
    unit = "Havstein helse- og velferdssenter"
    theme = sql(fixture_db, "SELECT unnest(themes) FROM chat_messages WHERE unit = ? LIMIT 1", [unit])[0][0]
    behind = drilldown_queries.query_messages_behind(PERIOD, MessageSelection(unit=unit, theme=theme,
                                                                                include_reports=False), path=fixture_db)
    assert behind.total == one(fixture_db, "SELECT count(*) FROM chat_messages WHERE unit = ? "
                                           "AND list_contains(themes, ?)", [unit, theme])
    start = dt.datetime(2022, 5, 14, 3)
    hour = drilldown_queries.query_messages_behind(Filters(), MessageSelection(
        since=start, until=start + dt.timedelta(hours=1), include_reports=False), path=fixture_db)
    assert hour.total == 1 and "medisin" in hour.rows["text"].iloc[0]


def test_tickets_behind_marks(fixture_db: Path) -> None:
    sel = TicketSelection(day=dt.date(2022, 5, 8), priority="kritisk")
    behind = drilldown_queries.query_tickets_behind(PERIOD, sel, path=fixture_db)
    assert behind.total == one(fixture_db, "SELECT count(*) FROM tickets WHERE opened_at::DATE = '2022-05-08' "
                                           "AND priority = 'kritisk'")
    hw = support_queries.query_hour_weekday(PERIOD, fixture_db).iloc[0]
    cell = drilldown_queries.query_tickets_behind(PERIOD, TicketSelection(weekday=int(hw["weekday"]),
                                                                            hour=int(hw["hour"])), path=fixture_db)
    assert cell.total == hw["n"]
    b = support_queries.query_backlog(PERIOD, dt.date(2022, 5, 5), dt.date(2022, 5, 16), BUCKETS, fixture_db).iloc[5]
    day = dt.date.fromisoformat(str(b["day"])[:10])
    aged = drilldown_queries.query_tickets_behind(PERIOD, TicketSelection(open_on=day, age_bucket=b["age_bucket"]),
                                          path=fixture_db)
    assert aged.total == b["n"]


def test_drill_parameters_are_bound_not_formatted(fixture_db: Path) -> None:
    evil = "x' OR '1'='1"
    behind = drilldown_queries.query_messages_behind(PERIOD, MessageSelection(unit=evil), path=fixture_db)
    assert behind.total == 0
    assert drilldown_queries.query_tickets_behind(PERIOD, TicketSelection(category=evil), path=fixture_db).total == 0


# --- presentation helpers ---------------------------------------------------------------------------

@pytest.mark.parametrize("text", ["<script>alert(1)</script>", "**bold**", "[link](x)", ":red[rød] $x$ # h",
                                  "se http://evil.example og www.vg.no, ola@x.no"])
def test_escape_md_neutralises_markup(text: str) -> None:
    out = escape_md(text).replace(WORD_JOINER, "")
    # Every Markdown/HTML special character is preceded by a backslash …
    for i, ch in enumerate(out):
        if ch in "<>*[]()`_#:$":
            assert out[i - 1] == "\\", (text, out)
    # … and removing the escapes gives back exactly the original text.
    assert out.replace("\\", "") == text


def test_escape_md_breaks_bare_links() -> None:
    out = escape_md("http://evil.example www.vg.no ola@x.no")
    assert "http" + WORD_JOINER in out and "www" + WORD_JOINER in out and WORD_JOINER + "\\@" in out


def test_escape_md_keeps_lines_apart_without_blank_lines() -> None:
    assert escape_md("a\n\n# b") == "a  \n\\# b"
    assert escape_md(None) == ""


def test_evidence_and_delta_formatting() -> None:
    assert evidence_words('[["feil", "domain", -0.4], ["bra", "lexicon", 0.2]]') == "feil (−0,4, domeneord), bra (+0,2)"
    assert evidence_words(None) == ""
    assert signed_delta(-3) == "-3" and signed_delta(1200) == "+1\u00a0200" and signed_delta(0.123, 2) == "+0,12"
    assert signed_delta(None) is None
    assert signed_delta(-0.004, 2) == "±0,00" and signed_delta(-0.4) == "±0"  # no "-0,00" with a red arrow


def test_csv_is_for_norwegian_excel() -> None:
    import pandas as pd

    data = to_csv(pd.DataFrame({"Tekst": ["a;b"], "Polaritet": [-0.5]}))
    assert data.startswith("\ufeff".encode())
    assert data.decode("utf-8-sig").splitlines() == ["Tekst;Polaritet", '"a;b";-0,5']


def test_an_unchanged_tile_gets_no_arrow_and_no_colour() -> None:
    """A delta that rounds to zero ("±0,00") is shown grey and without an arrow; others keep theirs."""
    flat = change_tile("mood", "Stemning", "+0,43", -0.004, 2)
    down = change_tile("tickets", "Saker", "47", -32, inverse=True)
    assert (flat.delta, flat.delta_arrow, flat.delta_color) == ("±0,00", "off", "off")
    assert (down.delta, down.delta_arrow, down.delta_color) == ("-32", "auto", "inverse")
