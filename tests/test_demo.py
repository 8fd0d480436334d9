"""Invariants and stories of the demo go-live (built once at a small scale)."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pandas as pd
import pytest

from analysis import db as store
from analysis.cli import main as cli_main
from analysis.demo import generator
from analysis.queries.common_queries import report_time_sql

SCALE = 0.2
TABLES = ("units", "chat_messages", "unit_reports", "tickets", "adoption_daily", "portal_logins_daily", "events")


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Build the demo database once for this module."""
    path = tmp_path_factory.mktemp("demo") / "generator.duckdb"
    generator.build_demo(path, scale=SCALE, seed=7)
    return path


@pytest.fixture(scope="module")
def q(demo_db: Path):
    """Return a query helper over the demo database (fresh read-only connection per call)."""
    return lambda sql, params=(): store.read_df(sql, params, demo_db)


@pytest.fixture(scope="module")
def generated() -> generator.DemoData:
    """The same demo, generated in memory (with the generator's own tone/language labels)."""
    return generator.generate_demo(SCALE, 7)


def _table_hashes(path: Path) -> dict[str, str]:
    """Hash every table's rows in a stable order (one read-only connection)."""
    def run(con) -> dict[str, str]:
        return {t: hashlib.sha256(repr(con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()).encode()).hexdigest()
                for t in TABLES}
    return store.read_many(run, path)


def test_schema_and_meta(q) -> None:
    tables = set(q("SELECT table_name FROM information_schema.tables")["table_name"])
    assert set(TABLES) | {"meta", "schema_version"} <= tables
    meta = dict(q("SELECT key, value FROM meta").itertuples(index=False))
    assert meta["demo"] == "1" and meta["demo_seed"] == "7" and meta["demo_scale"] == "0.2"
    assert meta["go_live_date"] == "2022-05-07" and meta["support_center_end"] == "2022-05-29"
    assert (meta["period_start"], meta["period_end"]) == ("2022-04-23", "2022-07-02")
    assert meta["built_at"]


def test_units(q) -> None:
    # Trondheim's own units (go-live 1); the later synthetic waves are tested in tests/test_waves.py
    units = q("SELECT name, staff_count, go_live_date, aliases FROM units JOIN unit_go_live ON unit = name "
              "WHERE go_live_id = 1")
    assert 30 <= len(units) <= 60
    assert units["staff_count"].sum() == 8_500
    assert set(units["go_live_date"].astype(str)) == {"2022-05-07"}
    known = set(units["name"]) | {a for al in units["aliases"] for a in al}
    assert {"Lade hjemmetjeneste", "Strindheim hjemmetjeneste", "Havstein HVS"} <= known
    assert (units["aliases"].map(len) > 0).sum() >= 5


def test_adoption_and_portal(q) -> None:
    day_one = q("SELECT sum(active_users) AS n FROM adoption_daily WHERE day = DATE '2022-05-07'")["n"][0]
    assert 7_200 <= day_one <= 8_500
    over = q("""SELECT count(*) AS n FROM adoption_daily a JOIN units u ON u.name = a.unit
                WHERE a.active_users > u.staff_count""")["n"][0]
    assert over == 0
    total = q("SELECT day, sum(active_users) AS n FROM adoption_daily GROUP BY day ORDER BY day")
    assert total["n"].iloc[-5:].max() > day_one
    portal = q("SELECT day, logins FROM portal_logins_daily WHERE go_live_id = 1 ORDER BY day")
    assert str(portal["day"].iloc[0])[:10] == "2022-05-07"
    assert 14_000 <= portal["logins"].iloc[0] <= 16_000
    assert portal["logins"].iloc[:3].max() >= 18_000
    assert portal["logins"].is_monotonic_increasing
    # The later waves' citizens log in from their own go-live day, a running total in proportion to their population.
    waves = q("""SELECT g.id, g.go_live_date, g.citizens, min(p.day) AS first, max(p.logins) AS top,
                        bool_and(p.logins >= 0) AS ok
                 FROM go_lives g JOIN portal_logins_daily p ON p.go_live_id = g.id GROUP BY ALL ORDER BY g.id""")
    assert list(waves["id"]) == [1, 2, 3]
    assert all(str(f)[:10] == str(d)[:10] for f, d in zip(waves["first"], waves["go_live_date"], strict=True))
    assert waves["top"].iloc[1] < waves["top"].iloc[0] / 5 and waves["top"].iloc[2] < waves["top"].iloc[0] / 5
    for gid in (2, 3):
        assert q("SELECT logins FROM portal_logins_daily WHERE go_live_id = ? ORDER BY day", [gid])[
            "logins"].is_monotonic_increasing


def test_seed_quotes_verbatim(q) -> None:
    found = q("SELECT text, unit, ts FROM chat_messages WHERE text IN ({})".format(
        ", ".join("?" * len(generator.SEED_QUOTES))), [quote[4] for quote in generator.SEED_QUOTES])
    for unit, ts, _role, _channel, text in generator.SEED_QUOTES:
        rows = found[found["text"] == text]
        assert len(rows) >= 1, text
        assert str(rows["ts"].iloc[0])[:10] == ts[:10]
        if unit.startswith("Strindheim"):
            assert set(rows["unit"]) == {"Strindheim hjemmetjeneste"}
            assert str(rows["ts"].iloc[0])[:10] == "2022-05-12"
        else:
            assert ts[:10] in ("2022-05-07", "2022-05-08")


def test_distinct_share_and_languages() -> None:
    chat = generator.generate_demo(1.0, 7).chat
    assert 15_000 <= len(chat) <= 25_000
    assert chat["text"].nunique() / len(chat) >= 0.8
    shares = chat["lang"].value_counts(normalize=True)
    assert 0.06 <= shares["nn"] <= 0.14
    assert 0.01 <= shares["en"] <= 0.05
    assert set(chat["role"]) == {"ansatt", "superbruker", "enhetsleder"}
    assert set(chat["channel"]) == {"supportchat", "teamkanal", "superbrukerchat"}


def test_no_personal_data(q) -> None:
    texts = pd.concat([q("SELECT text FROM chat_messages")["text"], q("SELECT text FROM unit_reports")["text"]])
    assert not texts.str.contains(r"\d{8,}|@", regex=True).any()
    assert not any(re.search(r"\b\d{6}\s?\d{5}\b", t) for t in texts)


def test_deterministic_and_atomic_replace(demo_db: Path, tmp_path: Path) -> None:
    again = tmp_path / "again.duckdb"
    again.write_bytes(b"not a database")
    assert cli_main(["demo", "--db", str(again), "--scale", str(SCALE), "--seed", "7"]) == 0
    assert _table_hashes(demo_db) == _table_hashes(again)
    assert not list(tmp_path.glob(".again.duckdb.building*"))


def test_seed_and_scale_change_volume(generated: generator.DemoData) -> None:
    other, double = generator.generate_demo(SCALE, 8), generator.generate_demo(2 * SCALE, 7)
    assert list(generated.chat["text"][:200]) != list(other.chat["text"][:200])
    assert 1.8 <= len(double.chat) / len(generated.chat) <= 2.2
    assert 1.8 <= len(double.tickets) / len(generated.tickets) <= 2.2
    assert double.units.equals(generated.units)
    assert len(double.reports) == len(generated.reports)


def test_ticket_dynamics(q) -> None:
    per_day = q("SELECT opened_at::DATE AS d, count(*) AS n FROM tickets GROUP BY d ORDER BY d")
    peak = str(per_day.loc[per_day["n"].idxmax(), "d"])[:10]
    assert peak in ("2022-05-07", "2022-05-08", "2022-05-09")
    weeks = q("""SELECT floor(date_diff('day', DATE '2022-05-07', opened_at::DATE) / 7) AS w, count(*) AS n
                 FROM tickets WHERE opened_at >= DATE '2022-05-07' GROUP BY w ORDER BY w""").set_index("w")["n"]
    assert weeks[3] < 0.5 * weeks[0]
    hours = q("SELECT hour(opened_at) AS h, count(*) AS n FROM tickets GROUP BY h").set_index("h")["n"]
    assert hours.loc[0:5].mean() < 0.25 * hours.loc[8:15].mean()
    ids = q("SELECT ticket_id, status, closed_at FROM tickets")
    assert ids["ticket_id"].str.fullmatch(r"INC\d{7}").all() and ids["ticket_id"].is_unique
    assert (ids["closed_at"].isna() == ids["status"].isin(["åpen", "under arbeid"])).all()
    assert set(ids["status"]) == {"åpen", "under arbeid", "løst", "lukket"}
    ttr = q("""SELECT opened_at < DATE '2022-05-14' AS early,
                      median(date_diff('minute', opened_at, closed_at)) AS m
               FROM tickets WHERE closed_at IS NOT NULL AND opened_at >= DATE '2022-05-07'
                 AND (opened_at < DATE '2022-05-14' OR opened_at >= DATE '2022-05-28') GROUP BY early""")
    m = ttr.set_index("early")["m"]
    assert m[True] > 1.5 * m[False]
    assert q("SELECT count(*) AS n FROM tickets WHERE reopened > 0")["n"][0] > 0


def test_backlog_grows_then_shrinks(q) -> None:
    backlog = q("""SELECT d.day, (SELECT count(*) FROM tickets t WHERE t.opened_at < d.day + INTERVAL 1 DAY
                       AND (t.closed_at IS NULL OR t.closed_at >= d.day + INTERVAL 1 DAY)) AS open
                   FROM (SELECT unnest(range(DATE '2022-05-07', DATE '2022-07-03', INTERVAL 1 DAY))::DATE AS day) d
                   ORDER BY d.day""")["open"]
    assert backlog.idxmax() > 0
    assert backlog.iloc[-1] < 0.5 * backlog.max()


def test_chat_nights_quieter(q) -> None:
    hours = q("SELECT hour(ts) AS h, count(*) AS n FROM chat_messages GROUP BY h").set_index("h")["n"]
    assert hours.loc[0:5].mean() < 0.3 * hours.loc[8:15].mean()


def _weekly(q, table: str, expr: str, unit: str, day_col: str) -> pd.Series:
    """Return a weekly aggregate (week 0 = go-live week) for one unit."""
    return q(f"""SELECT floor(date_diff('day', DATE '2022-05-07', {day_col}::DATE) / 7) AS w, {expr} AS v
                 FROM {table} WHERE unit = ? AND {day_col} >= DATE '2022-05-07' GROUP BY w ORDER BY w""",
             (unit,)).set_index("w")["v"]


def test_story_mood_dip_and_recovery(q) -> None:
    mood = _weekly(q, "unit_reports", "avg(mood)", "Byåsen hjemmetjeneste", "day")
    assert mood[1] < mood[0] - 0.5
    assert mood[3] > mood[1] + 0.7
    pol = _weekly(q, "chat_messages", "avg(polarity)", "Byåsen hjemmetjeneste", "ts")
    assert pol[1] < pol[0] and pol[3] > pol[1]


def test_story_elink_messages_missing(q) -> None:
    unit = "Lyngåsen helse- og velferdssenter"
    share = q("""SELECT unit, avg((lower(text) LIKE '%e-link%')::INT) AS s FROM chat_messages
                 WHERE ts BETWEEN DATE '2022-05-09' AND DATE '2022-05-25' GROUP BY unit ORDER BY s DESC""")
    assert share["unit"].iloc[0] == unit
    flagged = q("""SELECT count(*) AS n FROM chat_messages WHERE unit = ? AND safety
                   AND lower(text) LIKE '%e-link%'""", (unit,))["n"][0]
    assert flagged >= 10
    status = q("""SELECT status FROM unit_reports WHERE unit = ?
                  AND day BETWEEN DATE '2022-05-09' AND DATE '2022-05-24'""", (unit,))["status"]
    assert status.isin(["gul", "rød"]).all()


def test_story_good_mood_rising_load(q) -> None:
    unit = "Heimdal helsehus"
    tickets = _weekly(q, "tickets", "count(*)", unit, "opened_at")
    assert tickets.loc[4:7].mean() > 1.3 * tickets.loc[0:1].mean()
    mood = _weekly(q, "unit_reports", "avg(mood)", unit, "day")
    assert mood.min() >= 3.8


def test_reports_match_chat_tone(generated: generator.DemoData) -> None:
    data = generated
    week = lambda d: (pd.to_datetime(d) - pd.Timestamp("2022-05-07")).dt.days // 7  # noqa: E731
    tone = data.chat.assign(w=week(data.chat["ts"])).groupby(["unit", "w"])["tone"].mean()
    mood = data.reports.assign(w=week(data.reports["day"])).groupby(["unit", "w"])["mood"].mean()
    joined = pd.concat([tone, mood], axis=1, join="inner")
    assert joined["mood"].corr(joined["tone"]) > 0.4
    assert not ((data.reports["mood"] >= 4) & (data.reports["status"] == "rød")).any()
    per_day = data.reports.groupby("day")["unit"].nunique()
    assert per_day.median() >= 0.8 * len(data.units)


def test_events(q) -> None:
    events = q("SELECT ts, title, kind FROM events ORDER BY ts")
    titles = set(events["title"])
    assert {"Go-live Helseplattformen", "Cut-over starter", "Superbrukere går ned til halv tid",
            "Supportsenteret avslutter døgnbemanning"} <= titles
    assert str(events.loc[events["title"] == "Go-live Helseplattformen", "ts"].iloc[0]) == "2022-05-07 07:00:00"
    assert {"hotfix", "oppgradering"} <= set(events["kind"])


def test_queue_at_the_issue_moment_holds_every_safety_flag_first(demo_db: Path) -> None:
    """At GOLIVE_NOW=2022-05-09T16:00 the follow-up queue holds every safety flag of the last 48 h, first."""
    import datetime as dt

    from analysis.filters import Filters
    from analysis.views.follow_up_view import build_queue

    now = dt.datetime(2022, 5, 9, 16, 0)
    queue = build_queue(str(demo_db), Filters(), now)
    since = now - dt.timedelta(hours=queue.hours)
    chat = store.read_rows("SELECT 'chat:' || id FROM chat_messages WHERE safety AND ts > ? AND ts <= ?",
                           [since, now], demo_db)
    reports = store.read_rows("SELECT 'rapport:' || id FROM unit_reports WHERE safety AND text IS NOT NULL AND "
                              f"{report_time_sql()} > ? AND {report_time_sql()} <= ?",
                              [since, now], demo_db)
    expected = {i for (i,) in chat + reports}
    assert len(expected) > 5
    items = queue.items["item"].tolist()
    assert set(items[:len(expected)]) == expected
    assert (queue.items["kind"].iloc[len(expected):] == "sterkt negativ").all()
