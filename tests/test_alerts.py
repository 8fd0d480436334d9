"""Alert rules, grouping, cool-down and delivery with retry and backoff, against a real SMTP server and webhook."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from receivers import Hooks, smtp_server, webhook_server

from analysis import db as store
from analysis.alerts.config import AlertConfig, Rule, SmtpChannel, WebhookChannel, load_config
from analysis.alerts.engine import backoff, retry_due, run_once
from analysis.clock import local_now
from analysis.importers.rows_source import import_rows
from analysis.queries.feed_queries import Delivery, record_delivery
from analysis.service.runner import free_port
from fixture_db import build_fixture

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2022, 5, 12, 16, 0)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A fresh database with the fixture's units and no data."""
    return build_fixture(tmp_path / "alerts.duckdb", empty=True)


def safety_rule(channels: tuple[str, ...] = ("hook",)) -> Rule:
    """The patient-safety rule on the given channels."""
    return Rule("pasientsikkerhet", "pasientsikkerhet", "Ny pasientsikkerhetsmelding", channels, cooldown_min=30)


def add_safety_message(db: Path, ts: dt.datetime, unit: str = "Lade hjemmetjeneste") -> None:
    """Store one safety message through the real importer."""
    result, _ = import_rows([{"tidspunkt": ts.isoformat(), "enhet": unit,
                              "melding": "Pasienten fikk feil dose i dag."}], "chat", "test", db)
    assert result.imported == 1


def test_shipped_rules_file_is_clean() -> None:
    config = load_config(ROOT / "data" / "alerts.toml")
    assert config.problems == ()
    assert {r.type for r in config.rules} == {"pasientsikkerhet", "rapport_rod", "stemningsfall", "saksmengde",
                                              "kilde_stille"}
    assert isinstance(config.channels["vaktleder_epost"], SmtpChannel)
    assert isinstance(config.channels["teams"], WebhookChannel) and config.channels["teams"].format == "teams"
    assert config.silent_minutes() == 60


def test_bad_values_are_reported_and_skipped(tmp_path: Path) -> None:
    path = tmp_path / "alerts.toml"
    path.write_text("""
maks_forsok = "fem"
[kanal.epost]
type = "epost"
sikkerhet = "tls"
[kanal.sms]
type = "sms"
[[regel]]
id = "x"
type = "ukjent"
[[regel]]
id = "saker"
type = "saksmengde"
kanaler = ["epost"]
""", encoding="utf-8")
    config = load_config(path)
    text = "\n".join(config.problems)
    assert "maks_forsok = 'fem' er ugyldig" in text and config.max_attempts == 5
    assert "[kanal.epost] trenger «server» og «til»" in text and "[kanal.sms] type = 'sms'" in text
    assert "[[regel]] x: trenger «id» og en «type»" in text
    assert "saksmengde trenger «over» eller «voksende_timer»" in text
    assert config.rules == () and config.channels == {}
    assert "Fant ikke varslingsfilen" in load_config(tmp_path / "mangler.toml").problems[0]


def test_failed_webhook_is_retried_with_backoff_until_it_arrives(db: Path) -> None:
    hooks = Hooks(fail_first=2)
    server, url = webhook_server(hooks)
    try:
        config = AlertConfig(retry_base_s=60, max_attempts=4, channels={"hook": WebhookChannel("hook", url)},
                             rules=(safety_rule(),))
        add_safety_message(db, NOW - dt.timedelta(minutes=5))
        first = run_once(config, db, now=NOW)
        assert [(a.attempt, a.ok) for a in first.attempts] == [(1, False)]
        assert "500" in first.attempts[0].error and first.attempts[0].next_try_at is not None
        due = first.attempts[0].next_try_at
        assert retry_due(config, db, now=due - dt.timedelta(seconds=5)) == []  # not due yet
        assert [(a.attempt, a.ok) for a in retry_due(config, db, now=due)] == [(2, False)]
        assert retry_due(config, db, now=due + dt.timedelta(seconds=30)) == []  # the wait doubled to 120 s
        later = due + dt.timedelta(minutes=10)
        assert [(a.attempt, a.ok) for a in retry_due(config, db, now=later)] == [(3, True)]
        assert retry_due(config, db, now=later + dt.timedelta(days=1)) == []  # delivered: nothing more to try
        rows = store.read_rows("SELECT attempt, ok, next_try_at IS NOT NULL FROM alert_deliveries ORDER BY id",
                               db=db)
        assert rows == [(1, False, True), (2, False, True), (3, True, False)]
        assert len(hooks.bodies) == 1 and hooks.bodies[0]["rule"] == "pasientsikkerhet"
        assert hooks.bodies[0]["link"].endswith("/oppfolging?sak=chat%3A1")
    finally:
        server.shutdown()


def test_backoff_doubles_and_gives_up() -> None:
    config = AlertConfig(retry_base_s=60, max_attempts=3)
    at = dt.datetime(2022, 5, 9, 3, 10)
    assert backoff(config, 1, at) == at + dt.timedelta(seconds=60)
    assert backoff(config, 2, at) == at + dt.timedelta(seconds=120)
    assert backoff(config, 3, at) is None


def test_unreachable_channel_is_logged_as_failed(db: Path) -> None:
    config = AlertConfig(max_attempts=1, rules=(safety_rule(),),
                         channels={"hook": WebhookChannel("hook", f"http://127.0.0.1:{free_port()}/x", timeout_s=2)})
    add_safety_message(db, NOW - dt.timedelta(minutes=5))
    report = run_once(config, db, now=NOW)
    assert [(a.ok, a.next_try_at) for a in report.attempts] == [(False, None)]
    assert "kunne ikke nås" in report.attempts[0].error
    assert store.read_rows("SELECT ok, error IS NOT NULL FROM alert_deliveries", db=db) == [(False, True)]


def test_smtp_login_with_password_from_the_environment(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    controller, box = smtp_server(free_port(), user="golive", password="hemmelig-passord")
    try:
        monkeypatch.setenv("TEST_SMTP_PASSORD", "hemmelig-passord")
        channel = SmtpChannel("epost", "127.0.0.1", controller.port, security="ingen", username="golive",
                              password_env="TEST_SMTP_PASSORD", recipients=("vakt@kommune.no",))
        config = AlertConfig(channels={"epost": channel}, rules=(safety_rule(("epost",)),))
        add_safety_message(db, NOW - dt.timedelta(minutes=5))
        report = run_once(config, db, now=NOW)
        assert [a.ok for a in report.attempts] == [True]
        assert box.logins == ["golive"] and len(box.messages) == 1
    finally:
        controller.stop()


def test_dry_run_stores_nothing_and_a_real_run_sends_once(db: Path) -> None:
    config = AlertConfig(rules=(safety_rule(()),))
    add_safety_message(db, NOW - dt.timedelta(minutes=5))
    add_safety_message(db, NOW - dt.timedelta(days=3))  # older than max_age: a back-fill does not alert
    dry = run_once(config, db, now=NOW, dry_run=True)
    assert [a["items"] for a in dry.alerts] == [["chat:1"]] and dry.alerts[0]["id"] is None
    assert run_once(config, db, now=NOW, dry_run=True).alerts == dry.alerts  # nothing was remembered
    real = run_once(config, db, now=NOW)
    assert real.alerts[0]["id"] == 1
    assert run_once(config, db, now=NOW).alerts == []  # the item is remembered: never alerted twice


def test_cooldown_holds_back_the_same_cause_but_not_another_unit(db: Path) -> None:
    config = AlertConfig(rules=(safety_rule(()),))
    add_safety_message(db, NOW - dt.timedelta(minutes=5))
    assert len(run_once(config, db, now=NOW).alerts) == 1
    add_safety_message(db, NOW - dt.timedelta(minutes=4))
    add_safety_message(db, NOW - dt.timedelta(minutes=3), unit="Trondheim legevakt")
    second = run_once(config, db, now=NOW)
    assert [a["items"] for a in second.alerts] == [["chat:3"]]
    assert [(h["cause"], h["item"], h["covered_by"]) for h in second.held_back] == [
        ("Lade hjemmetjeneste", "chat:2", 1)]


def test_report_turns_red_and_mood_falls(db: Path) -> None:
    rows = [{"dato": "2022-05-11", "enhet": "Lade hjemmetjeneste", "status": "grønn", "stemning": 4},
            {"dato": "2022-05-12", "enhet": "Lade hjemmetjeneste", "status": "rød", "stemning": 2},
            {"dato": "2022-05-11", "enhet": "Trondheim legevakt", "status": "rød", "stemning": 3},
            {"dato": "2022-05-12", "enhet": "Trondheim legevakt", "status": "rød", "stemning": 2}]
    assert import_rows(rows, "reports", "test", db)[0].imported == 4
    config = AlertConfig(rules=(Rule("rod", "rapport_rod", "Rapport rød", ()),
                                Rule("fall", "stemningsfall", "Stemning faller", (), drop=2)))
    report = run_once(config, db, now=NOW, dry_run=True)
    by_rule = {a["rule"]: a for a in report.alerts}
    # Legevakt's first report (11 May) is red: it turned red then; on 12 May it was red already (rapport:4).
    assert by_rule["rod"]["items"] == ["rapport:3", "rapport:2"]
    assert "Lade hjemmetjeneste 2022-05-12" in by_rule["rod"]["title"]
    assert by_rule["fall"]["items"] == ["rapport:2"] and "stemning 2 (før: 4)" in by_rule["fall"]["body"]


def test_backlog_above_level_and_growing(db: Path) -> None:
    tickets = [{"saksnummer": f"INC{i}", "opprettet": (NOW - dt.timedelta(hours=4 - i)).isoformat(),
                "enhet": "Lade hjemmetjeneste"} for i in range(5)]  # one more open ticket every hour
    assert import_rows(tickets, "tickets", "test", db)[0].imported == 5
    above = AlertConfig(rules=(Rule("saker", "saksmengde", "Saksmengde", (), level=4),))
    assert run_once(above, db, now=NOW, dry_run=True).alerts[0]["body"].startswith("- ")
    assert run_once(AlertConfig(rules=(Rule("saker", "saksmengde", "S", (), level=5),)), db, now=NOW,
                    dry_run=True).alerts == []
    growing = AlertConfig(rules=(Rule("saker", "saksmengde", "Saksmengde", (), growing_hours=4),))
    assert "flere hver time i 4 timer" in run_once(growing, db, now=NOW, dry_run=True).alerts[0]["body"]
    not_yet = AlertConfig(rules=(Rule("saker", "saksmengde", "Saksmengde", (), growing_hours=6),))  # 0 → 0 at -6 h
    assert run_once(not_yet, db, now=NOW, dry_run=True).alerts == []


def test_a_source_that_used_to_deliver_and_went_quiet(db: Path) -> None:
    real = local_now()
    for minutes in (200, 150, 90):
        record_delivery(Delivery(real - dt.timedelta(minutes=minutes), "teams", "api", "chat", None, 1, 1, 0, 0, 0,
                                 "importert"), db)
    record_delivery(Delivery(real - dt.timedelta(minutes=100), "topdesk", "api", "tickets", None, 1, 1, 0, 0, 0,
                             "importert"), db)  # once only: not a source that "used to deliver"
    config = AlertConfig(rules=(Rule("stille", "kilde_stille", "Kilde stille", (), minutes=60, min_deliveries=3),))
    first = run_once(config, db)
    assert [a["title"] for a in first.alerts] == ["Kilde stille (teams)"]
    assert run_once(config, db).alerts == []  # the same silence is alerted once
