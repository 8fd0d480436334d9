"""An alert's link names an item the follow-up queue knows (?sak=chat:12 / rapport:3), and the page opens it.

The data comes in through the API's own import path (analysis.importers.rows_source), the alerts are evaluated
by the engine (dry run: no channel), and the links are checked against the queue the Oppfølging page lists.
"""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

from analysis import db as store
from analysis.alerts.config import AlertConfig, Rule
from analysis.alerts.engine import run_once
from analysis.clock import local_now
from analysis.filters import Filters
from analysis.importers.rows_source import import_rows
from analysis.views.follow_up_view import build_queue
from apptest_util import run_app
from fixture_db import build_fixture

BASE = "https://puls.kommune.no"
CALM_RED = "Travel dag med mange nye brukere, vi tar det steg for steg."
SAFETY_RED = "Beboer fikk feil dose i dag fordi medisinlisten ikke var oppdatert."


def linked_items(text: str) -> list[str]:
    """Every ?sak= item in the links of a text (decoded, as the page's st.query_params gives it)."""
    return [parse_qs(urlparse(url).query)["sak"][0] for url in re.findall(r"https?://\S+\?sak=\S+", text)]


@pytest.fixture
def now_db(tmp_path: Path) -> tuple[Path, dt.datetime]:
    """A non-demo database with one patient-safety chat message from half an hour ago."""
    db = build_fixture(tmp_path / "links.duckdb", empty=True)
    now = local_now().replace(microsecond=0)
    row = {"tidspunkt": (now - dt.timedelta(minutes=30)).isoformat(timespec="seconds"), "enhet": "Lade HJT",
           "melding": "Pasienten fikk feil medisin i natt."}
    chat, _ = import_rows([row], "chat", "teams", db)
    assert chat.imported == 1
    return db, now


def add_red_reports(db: Path, now: dt.datetime) -> None:
    """Two units turn red today: one with calm text, one about a wrong dose (a patient-safety report)."""
    today, yesterday = now.date(), now.date() - dt.timedelta(days=1)
    sent = (now - dt.timedelta(minutes=20)).isoformat(timespec="seconds")
    reports, _ = import_rows([
        {"dato": str(yesterday), "enhet": "Lade hjemmetjeneste", "status": "grønn", "stemning": 4, "tekst": "Rolig."},
        {"dato": str(today), "enhet": "Lade hjemmetjeneste", "status": "rød", "stemning": 3, "tekst": CALM_RED,
         "innsendt": sent},
        {"dato": str(yesterday), "enhet": "Havstein HVS", "status": "grønn", "stemning": 4, "tekst": "Rolig."},
        {"dato": str(today), "enhet": "Havstein HVS", "status": "rød", "stemning": 2, "tekst": SAFETY_RED,
         "innsendt": sent},
    ], "reports", "skjema", db)
    assert (reports.imported, reports.rejected) == (4, 0)


def test_every_alert_link_names_an_item_the_queue_knows(now_db: tuple[Path, dt.datetime]) -> None:
    db, now = now_db
    (chat_id,) = store.read_rows("SELECT id FROM chat_messages", db=db)[0]
    safety = Rule("pasientsikkerhet", "pasientsikkerhet", "Ny pasientsikkerhetsmelding", ())
    # One finding: the alert's own link opens that item (the message the e-mail and the Teams card point to).
    (single,) = run_once(AlertConfig(base_url=BASE, rules=(safety,)), db, now=now, dry_run=True).alerts
    assert linked_items(single["link"]) == [f"chat:{chat_id}"]
    assert linked_items(single["body"]) == [f"chat:{chat_id}", f"chat:{chat_id}"]  # its line and the footer

    add_red_reports(db, now)
    config = AlertConfig(base_url=BASE, rules=(safety, Rule("rapport_rod", "rapport_rod", "Rapport ble rød", ())))
    report = run_once(config, db, now=now, dry_run=True)
    queue = set(build_queue(db, Filters(), now).items["item"])
    (calm_id,) = store.read_rows("SELECT id FROM unit_reports WHERE text = ?", [CALM_RED], db=db)[0]
    (red_safety_id,) = store.read_rows("SELECT id FROM unit_reports WHERE text = ?", [SAFETY_RED], db=db)[0]
    assert f"rapport:{calm_id}" not in queue  # a red report with calm text is nobody's follow-up item

    by_rule = {a["rule"]: a for a in report.alerts}
    assert set(by_rule) == {"pasientsikkerhet", "rapport_rod"}
    named = [item for a in report.alerts for item in linked_items(a["link"] + "\n" + a["body"])]
    assert set(named) == {f"chat:{chat_id}", f"rapport:{red_safety_id}"}
    assert set(named) <= queue
    # Several findings: the link opens the queue; each line links its own item, the calm red report none.
    assert by_rule["rapport_rod"]["link"] == f"{BASE}/oppfolging"
    calm_line, = [line for line in by_rule["rapport_rod"]["body"].splitlines() if "Lade" in line]
    assert "?sak=" not in calm_line


def test_the_follow_up_page_opens_the_item_an_alert_links_to(now_db: tuple[Path, dt.datetime],
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    import streamlit as st

    db, now = now_db
    st.cache_data.clear()
    config = AlertConfig(base_url=BASE, rules=(Rule("chat", "pasientsikkerhet", "Ny melding", ()),))
    (alert,) = run_once(config, db, now=now, dry_run=True).alerts
    (item,) = linked_items(alert["link"])
    text = build_queue(db, Filters(), now).items.set_index("item").loc[item, "text"]
    monkeypatch.delenv("GOLIVE_NOW", raising=False)
    at = run_app(db, None, monkeypatch, env={"GOLIVE_AUTH": "av"}, sak=item)
    at.switch_page("pages/follow_up.py").run()
    assert not at.exception
    assert any(t.value == f"«{text}»" for t in at.text)
    assert any(b.key == f"tatt_{item}" for b in at.button)
