"""The ingestion service end to end: the real API on a localhost port, a real SMTP server and webhook receiver.

A safety chat message POSTed → stored masked and scored → one e-mail and one Teams webhook call; the same message
again (a duplicate) and a new one from the same unit within the cool-down → nothing more is sent.
"""

from __future__ import annotations

import datetime as dt
import json
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from receivers import Hooks, smtp_server, wait_for, webhook_server

from analysis import db as store
from analysis.alerts.config import load_config
from analysis.clock import local_now
from analysis.filters import Filters
from analysis.service.runner import ServiceThread, build_state, free_port
from analysis.views.live_view import build_live_view
from fixture_db import build_fixture

TOKEN = "teams-token-0123456789abcdef"
SAFETY_TEXT = "Pasient Kari Nordmann fikk feil medisin i natt fordi listen ikke var oppdatert."


def alerts_toml(path: Path, smtp_port: int, hook_url: str, cooldown_min: int = 30) -> Path:
    """A rules file with one e-mail channel, one Teams webhook and the safety rule."""
    path.write_text(f"""
adresse = "https://puls.kommune.no/"
samle_sekunder = 0.3
sjekk_sekunder = 0.5
nytt_forsok_sekunder = 0.2
maks_forsok = 3

[kanal.epost]
type = "epost"
server = "127.0.0.1"
port = {smtp_port}
sikkerhet = "ingen"
fra = "puls@kommune.no"
til = ["vaktleder@kommune.no"]

[kanal.teams]
type = "webhook"
format = "teams"
url = "{hook_url}"

[[regel]]
id = "pasientsikkerhet"
type = "pasientsikkerhet"
tittel = "Ny pasientsikkerhetsmelding"
kanaler = ["epost", "teams"]
karantene_minutter = {cooldown_min}
""", encoding="utf-8")
    return path


def call(url: str, body: object = None, token: str | None = TOKEN, raw: bytes | None = None) -> tuple[int, dict]:
    """POST JSON (or GET without a body) and return (status, JSON answer)."""
    data = raw if raw is not None else (None if body is None else json.dumps(body).encode("utf-8"))
    request = urllib.request.Request(url, data=data, method="POST" if data is not None else "GET",
                                     headers={"Content-Type": "application/json"})
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=60) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read() or b"{}")


@pytest.fixture
def service(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """The service on a free port over a fresh database, with an SMTP server and a webhook receiver."""
    monkeypatch.setenv("GOLIVE_API_TOKENS", f"teams={TOKEN},servicedesk=servicedesk-token-0123456789")
    monkeypatch.delenv("GOLIVE_NOW", raising=False)
    monkeypatch.delenv("GOLIVE_BASE_URL", raising=False)
    db = build_fixture(tmp_path / "svc.duckdb", empty=True)
    controller, box = smtp_server(free_port())
    hooks = Hooks()
    hook_server, hook_url = webhook_server(hooks)
    config = load_config(alerts_toml(tmp_path / "alerts.toml", controller.port, hook_url))
    assert config.problems == ()
    state = build_state(db, alerts=config, max_body_bytes=64 * 1024)
    svc = ServiceThread(state, free_port()).start()
    try:
        yield svc, box, hooks, db
    finally:
        svc.close()
        controller.stop()
        hook_server.shutdown()


def chat_row(ts: dt.datetime, text: str = SAFETY_TEXT) -> dict:
    """One chat row with Norwegian field names (an alias for the unit, as a Teams flow might send)."""
    return {"tidspunkt": ts.isoformat(timespec="seconds"), "enhet": "Lade HJT", "rolle": "sykepleier",
            "kanal": "Teams", "melding": text}


def stored(db: Path, sql: str) -> list[tuple]:
    """Read the service's database through analysis.db (it retries while the service's thread writes)."""
    return store.read_rows(sql, db=db)


def test_safety_message_reaches_mail_and_webhook_once(service) -> None:
    svc, box, hooks, db = service
    now = local_now().replace(microsecond=0)
    status, answer = call(f"{svc.url}/api/v1/chat", [chat_row(now - dt.timedelta(minutes=2))])
    assert status == 200, answer
    assert (answer["imported"], answer["rejected"], answer["source"]) == (1, 0, "teams")
    assert answer["masked"]  # the patient's name was masked before storing

    assert wait_for(lambda: len(box.messages) >= 1 and len(hooks.bodies) >= 1)
    (msg_id, unit, text, safety, source), = stored(db, "SELECT id, unit, text, safety, source FROM chat_messages")
    assert unit == "Lade hjemmetjeneste" and safety is True and source.startswith("import:api-teams-")
    assert "Kari Nordmann" not in text and "feil medisin" in text

    mail = box.messages[0]
    assert mail["Subject"].startswith("[Go-live-puls] Ny pasientsikkerhetsmelding")
    assert mail["To"] == "vaktleder@kommune.no"
    link = f"https://puls.kommune.no/oppfolging?sak=chat%3A{msg_id}"
    assert link in mail.get_content() and "Kari Nordmann" not in mail.get_content()
    card = hooks.bodies[0]["attachments"][0]["content"]
    assert card["type"] == "AdaptiveCard" and card["actions"][0]["url"] == link

    # The live page's own view object shows it on its next load: in the follow-up list, scored and masked.
    live = build_live_view(db, Filters(), now)
    (shown,) = live.queue.items[live.queue.items["item"] == f"chat:{msg_id}"].to_dict("records")
    assert shown["kind"] == "pasientsikkerhet" and "Kari Nordmann" not in shown["text"]

    # The same message again is already stored; a new one from the same unit is within the cool-down.
    status, again = call(f"{svc.url}/api/v1/chat", [chat_row(now - dt.timedelta(minutes=2))])
    assert (status, again["imported"], again["already_present"]) == (200, 0, 1)
    status, second = call(f"{svc.url}/api/v1/chat", [chat_row(now - dt.timedelta(minutes=1))])
    assert (status, second["imported"]) == (200, 1)
    assert wait_for(lambda: stored(db, "SELECT count(*) FROM alert_causes WHERE suppressed")[0][0] == 1)
    assert (len(box.messages), len(hooks.bodies)) == (1, 1)
    assert stored(db, "SELECT count(*), sum(ok::INT) FROM alert_deliveries")[0] == (2, 2)
    sources = stored(db, "SELECT source, via, kind, count(*) FROM feed_deliveries GROUP BY ALL")
    assert sources == [("teams", "api", "chat", 3)]
    # Each delivery is an import in the audit log too, with the feed as its actor.
    assert stored(db, "SELECT actor, action, via, count(*) FROM audit_log WHERE via = 'api' GROUP BY ALL") == [
        ("api:teams", "import", "api", 3)]


def test_forty_messages_together_make_one_alert(service) -> None:
    svc, box, hooks, db = service
    now = local_now().replace(microsecond=0)
    rows = [chat_row(now - dt.timedelta(seconds=i), f"Pasienten fikk feil dose nr {i} i dag.") for i in range(40)]
    rows[::2] = [{**r, "enhet": "Strindheim hjemmetjeneste"} for r in rows[::2]]
    status, answer = call(f"{svc.url}/api/v1/chat", rows)
    assert (status, answer["imported"]) == (200, 40)
    assert wait_for(lambda: len(box.messages) >= 1 and len(hooks.bodies) >= 1)
    assert wait_for(lambda: stored(db, "SELECT count(*) FROM alert_causes")[0][0] == 40)
    assert (len(box.messages), len(hooks.bodies)) == (1, 1)
    assert stored(db, "SELECT len(items), len(causes) FROM alerts") == [(40, 2)]
    assert "40 nye" in box.messages[0]["Subject"] and "og 30 til" in box.messages[0].get_content()


def test_a_burst_of_separate_calls_from_one_unit_sends_one_alert(service) -> None:
    svc, box, hooks, db = service
    now = local_now().replace(microsecond=0)
    for i in range(10):  # however the burst falls around the gathering window, one cause is alerted once
        status, answer = call(f"{svc.url}/api/v1/chat",
                              [chat_row(now - dt.timedelta(seconds=i), f"Feil medisin gitt til pasient nr {i}.")])
        assert (status, answer["imported"]) == (200, 1)
    assert wait_for(lambda: len(box.messages) >= 1 and len(hooks.bodies) >= 1)
    assert wait_for(lambda: stored(db, "SELECT count(*) FROM alert_causes")[0][0] == 10)
    assert (len(box.messages), len(hooks.bodies)) == (1, 1)
    assert stored(db, "SELECT count(*) FROM alerts") == [(1,)]


def test_tokens_body_limit_errors_and_health(service) -> None:
    svc, _, _, _ = service
    url = f"{svc.url}/api/v1/chat"
    assert call(url, [chat_row(local_now())], token=None)[0] == 401
    assert call(url, [chat_row(local_now())], token="wrong-token-0123456789")[0] == 401
    assert call(url, raw=b"[" + b" " * (70 * 1024) + b"]")[0] == 413
    assert call(f"{svc.url}/api/v1/units", [{"navn": "x"}])[0] == 404
    status, refused = call(url, {"not": "a list"})
    assert status == 422 and "JSON-liste" in refused["error"]

    rows = [chat_row(local_now()), {"tidspunkt": "i går", "enhet": "Ukjent", "melding": "hei"}]
    status, answer = call(url, rows, token="servicedesk-token-0123456789")
    assert (status, answer["imported"], answer["rejected"], answer["source"]) == (200, 1, 1, "servicedesk")
    assert {(e["row"], e["field"]) for e in answer["errors"]} == {(2, "tidspunkt"), (2, "enhet")}

    status, health = call(f"{svc.url}/api/v1/helse", token=None)
    assert (status, health["status"], health["database"]) == (200, "ok", "ok")
    assert health["sources"] == ["servicedesk", "teams"] and TOKEN not in json.dumps(health)
    status, spec = call(f"{svc.url}/openapi.json", token=None)
    assert status == 200 and "/api/v1/{kind}" in spec["paths"] and "/api/v1/helse" in spec["paths"]


SERVE = """
import sys
from analysis.cli import NorwegianArgumentParser, serve_commands
parser = NorwegianArgumentParser(prog="python -m analysis")
serve_commands.add_parser(parser.add_subparsers(dest="command"))
args = parser.parse_args(sys.argv[1:])
sys.exit(args.func(args))
"""


def test_serve_command_runs_in_the_foreground_and_stops_on_sigterm(tmp_path: Path) -> None:
    import os
    import signal
    import subprocess
    import sys

    db = build_fixture(tmp_path / "serve.duckdb", empty=True)
    port = free_port()
    env = {**os.environ, "GOLIVE_API_TOKENS": f"teams={TOKEN}", "GOLIVE_ALERTS": str(tmp_path / "ingen.toml")}
    proc = subprocess.Popen([sys.executable, "-c", SERVE, "serve", "--db", str(db), "--port", str(port),
                             "--watch", str(tmp_path / "inn")], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    try:
        def healthy() -> bool:
            try:
                return call(f"http://127.0.0.1:{port}/api/v1/helse", token=None)[1].get("status") == "ok"
            except OSError:
                return False

        assert wait_for(healthy, timeout=60), proc.stdout.read() if proc.poll() is not None else "no answer"
        status, answer = call(f"http://127.0.0.1:{port}/api/v1/chat", [chat_row(local_now(), "Alt vel her.")])
        assert (status, answer["imported"]) == (200, 1)
        assert (tmp_path / "inn" / "tickets").is_dir()
    finally:
        proc.send_signal(signal.SIGTERM)
        out = proc.communicate(timeout=30)[0]
    # uvicorn shuts down cleanly, then re-raises the signal it caught (systemd counts SIGTERM as a clean stop).
    assert proc.returncode in (0, -signal.SIGTERM), out
    assert "Application shutdown complete" in out
    assert "Fant ikke varslingsfilen" in out  # a missing rules file is said once at start, not fatal
