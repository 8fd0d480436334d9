"""Real browser: a chat message POSTed to the ingestion service shows up on an open live page by itself.

The app (Streamlit, its own process) and the service (uvicorn in this process) share one database file, as in
production. The live page is opened once and never reloaded: its fragment refreshes every GOLIVE_REFRESH_S
seconds, and the message must appear masked, with its sentiment badge, and as a patient-safety card.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from analysis import db as store
from analysis.alerts.config import AlertConfig
from analysis.clock import local_now
from analysis.rules import label_nb
from analysis.service.runner import ServiceThread, build_state, free_port
from fixture_db import build_fixture
from ui.browser_check import browser, exceptions, running_app, wait_ready

pytestmark = pytest.mark.browser

TOKEN = "teams-token-0123456789abcdef"
REFRESH_S = 5
MARGIN_S = 20  # the fragment's own run (a few loaders over a small file) and a busy 2-core machine
FIRST = "God stemning her i dag, alt går fint med det nye systemet."
SAFETY = "Pasient Kari Nordmann fikk feil medisin i natt. Ring datteren på 912 34 567."
MAIN = '[data-testid="stMain"]'


def post_chat(url: str, rows: list[dict]) -> dict:
    """POST chat rows to the service with the source's token and return its JSON answer."""
    request = urllib.request.Request(f"{url}/api/v1/chat", data=json.dumps(rows).encode("utf-8"), method="POST",
                                     headers={"Content-Type": "application/json",
                                              "Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def chat_row(ts: dt.datetime, text: str) -> dict:
    """One chat row as a Teams flow sends it (a unit alias, Norwegian field names)."""
    return {"tidspunkt": ts.isoformat(timespec="seconds"), "enhet": "Lade HJT", "rolle": "sykepleier",
            "kanal": "Teams", "melding": text}


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[ServiceThread, Path]]:
    """The ingestion service on a free port over a fresh, non-demo database (units only); no alert rules."""
    monkeypatch.setenv("GOLIVE_API_TOKENS", f"teams={TOKEN}")
    monkeypatch.delenv("GOLIVE_NOW", raising=False)
    path = build_fixture(tmp_path / "feed.duckdb", empty=True)
    with ServiceThread(build_state(path, alerts=AlertConfig(tick_s=5)), free_port()) as svc:
        yield svc, path


def test_a_posted_message_appears_on_the_open_live_page(service) -> None:
    svc, path = service
    # Data from the last minutes, so the page opens with its panels (a non-demo database: 'now' is the clock).
    first = post_chat(svc.url, [chat_row(local_now() - dt.timedelta(minutes=5), FIRST)])
    assert first["imported"] == 1, first
    env = {"GOLIVE_REFRESH_S": str(REFRESH_S), "GOLIVE_AUTH": "av"}
    with running_app(path, env=env, unset=("GOLIVE_NOW",)) as base, browser() as b:
        page = b.new_page(viewport={"width": 1600, "height": 1100})
        page.goto(base)
        wait_ready(page)
        page.wait_for_function(f"() => document.querySelector('{MAIN}')?.innerText.includes({json.dumps(FIRST)})",
                               timeout=30000)
        assert "feil medisin" not in page.inner_text(MAIN)
        page.evaluate("window.__same_page = true")  # gone if anything reloads the page

        answer = post_chat(svc.url, [chat_row(local_now().replace(microsecond=0), SAFETY)])
        assert (answer["imported"], answer["rejected"]) == (1, 0), answer
        posted = time.monotonic()
        page.wait_for_function(
            f"() => document.querySelectorAll('{MAIN} [data-testid=\"stText\"]').length > 0"
            f" && document.querySelector('{MAIN}').innerText.includes('[telefon]')",
            timeout=(REFRESH_S + MARGIN_S) * 1000)
        seen_after = time.monotonic() - posted
        wait_ready(page)
        assert page.evaluate("window.__same_page === true")

        (stored_text, label, safety), = store.read_rows(
            "SELECT text, label, safety FROM chat_messages WHERE text LIKE '%feil medisin%'", db=path)
        assert safety is True and "[telefon]" in stored_text and "[navn]" in stored_text
        text = page.inner_text(MAIN)
        assert "Kari Nordmann" not in text and "912 34 567" not in text
        # The feed line: the sentiment badge the stored score gives, then the time and the unit, then the text.
        feed_line = page.locator(f"{MAIN} [data-testid='stMarkdownContainer']",
                                 has_text="fikk feil medisin").filter(has_not_text="«").last
        line = feed_line.inner_text()
        assert line.startswith(label_nb(label)) and "Lade hjemmetjeneste" in line, line
        assert feed_line.locator("span", has_text=label_nb(label)).count() >= 1
        # The follow-up card: a patient-safety head above the masked text (st.text, in quotes).
        card = page.locator(f"{MAIN} [data-testid='stVerticalBlock']",
                            has=page.locator("[data-testid='stText']", has_text="fikk feil medisin")).last
        card_text = card.inner_text()
        assert "Pasientsikkerhet" in card_text and f"«{stored_text}»" in card_text, card_text
        assert not exceptions(page)
        page.screenshot(path=str(path.with_name("live_feed.png")))
    print(f"seen on the live page {seen_after:.1f} s after the POST (refresh {REFRESH_S} s)")
