"""The alert page's view (deliveries in words, held-back causes, quiet feeds) and the page itself (AppTest)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from analysis.alerts.config import AlertConfig, Rule, WebhookChannel
from analysis.alerts.engine import run_once
from analysis.clock import local_now
from analysis.importers.rows_source import import_rows
from analysis.queries.feed_queries import Delivery, record_delivery
from analysis.service.runner import free_port
from analysis.views.alerts_view import build_alerts_view
from analysis.views.feeds_view import build_feed_status
from fixture_db import build_fixture

ROOT = Path(__file__).resolve().parents[1]
NOW = dt.datetime(2022, 5, 12, 16, 0)


@pytest.fixture(scope="module")
def alert_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two safety alerts' worth of data: one alert sent to a dead webhook (retrying), one finding held back."""
    db = build_fixture(tmp_path_factory.mktemp("alertview") / "a.duckdb", empty=True)
    config = AlertConfig(retry_base_s=600, max_attempts=3, rules=(
        Rule("ps", "pasientsikkerhet", "Ny pasientsikkerhetsmelding", ("hook",), cooldown_min=30),),
        channels={"hook": WebhookChannel("hook", f"http://127.0.0.1:{free_port()}/x", timeout_s=2)})
    for minutes in (5, 4):
        import_rows([{"tidspunkt": (NOW - dt.timedelta(minutes=minutes)).isoformat(), "enhet": "Trondheim legevakt",
                      "melding": "Pasienten fikk feil dose."}], "chat", "teams", db)
        run_once(config, db, now=NOW)
    real = local_now()
    for minutes in (300, 200, 100):
        record_delivery(Delivery(real - dt.timedelta(minutes=minutes), "teams", "api", "chat", None, 2, 2, 0, 0, 0,
                                 "importert"), db)
    record_delivery(Delivery(real - dt.timedelta(minutes=2), "mappe/tickets", "mappe", "tickets", "saker.csv", 40,
                             38, 0, 0, 2, "importert"), db)
    return db


def test_view_says_how_each_delivery_went(alert_db: Path) -> None:
    view = build_alerts_view(alert_db, config=AlertConfig(max_attempts=3))
    assert view.n_alerts == 1 and view.n_failing == 1
    row = view.alerts.iloc[0]
    assert row["Varsel"] == "Ny pasientsikkerhetsmelding (Trondheim legevakt)"
    assert row["Holdt tilbake"] == "1" and row["Lenke"].endswith("/oppfolging?sak=chat%3A1")
    assert row["Levering"].startswith("hook: feilet (1/3), prøver igjen kl. ")
    assert view.failing_text == "1 varsel har leveranser som feiler. Se «Leveranser som feiler»."
    (failed,) = view.failing.to_dict("records")
    assert (failed["Kanal"], failed["Forsøk"]) == ("hook", "1") and "kunne ikke nås" in failed["Feil"]
    assert view.held_back[["Regel", "Årsak", "Sak", "Dekket av varsel"]].values.tolist() == [
        ["ps", "Trondheim legevakt", "chat:2", "1"]]


def test_a_source_that_went_quiet_is_warned_about(alert_db: Path) -> None:
    quiet = AlertConfig(rules=(Rule("s", "kilde_stille", "Stille", (), minutes=60, min_deliveries=3),))
    status = build_feed_status(alert_db, config=quiet)
    assert status.quiet == ("teams",)
    assert status.warning == "Ingen levering fra teams på 60 min (pleide å levere). Sjekk flyten eller eksporten."
    assert status.rows[["Kilde", "Via", "Type", "Rader", "Status"]].values.tolist() == [
        ["mappe/tickets", "mappe", "supportsaker", "40", "leverer"],
        ["teams", "API", "chatmeldinger", "2", "stille"]]
    patient = AlertConfig(rules=(Rule("s", "kilde_stille", "Stille", (), minutes=120, min_deliveries=3),))
    assert build_feed_status(alert_db, config=patient).warning is None


def test_alert_page_renders_the_view(alert_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOLIVE_DB", str(alert_db))
    at = AppTest.from_file(str(ROOT / "pages" / "alerts.py"), default_timeout=60).run()
    assert not at.exception
    assert at.title[0].value == "Varsler"
    assert "leveranser som feiler" in at.error[0].value
    frames = at.dataframe
    assert len(frames) == 4 and frames[0].value.iloc[0]["Regel"] == "ps"
    assert frames[1].value.iloc[0]["Kanal"] == "hook"
