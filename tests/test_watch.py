"""The watch folder: a file is imported once it is complete (not while it grows), then moved aside."""

from __future__ import annotations

import threading
import time
from pathlib import Path

import pytest
from receivers import wait_for

from analysis import db as store
from analysis.alerts.config import AlertConfig
from analysis.service.runner import ServiceThread, build_state, free_port
from analysis.service.watch import WatchFolder, import_job, is_candidate
from fixture_db import build_fixture

HEADER = "tidspunkt;enhet;melding\n"


def chat_lines(start: int, n: int) -> str:
    """n CSV chat rows with distinct times (so none is a duplicate of another)."""
    return "".join(f"2022-05-09 {8 + (i // 60) % 10:02d}:{i % 60:02d};Lade hjemmetjeneste;Melding nummer {i}\n"
                   for i in range(start, start + n))


@pytest.fixture
def db(tmp_path: Path) -> Path:
    """A fresh database with the fixture's units."""
    return build_fixture(tmp_path / "watch.duckdb", empty=True)


def count(db: Path, sql: str) -> int:
    """One number from the database."""
    return store.read_rows(sql, db=db)[0][0]


def test_a_growing_file_waits_until_it_is_stable(tmp_path: Path, db: Path) -> None:
    watch = WatchFolder(tmp_path / "inn", db, settle_s=5)
    watch.prepare()
    path = tmp_path / "inn" / "chat" / "chat.csv"
    path.write_text(HEADER + chat_lines(0, 50), encoding="utf-8")
    assert watch.scan_once(now=0) == []
    for step, t in enumerate((10, 20, 30), start=1):  # long gaps, but the file keeps growing between scans
        with path.open("a", encoding="utf-8") as f:
            f.write(chat_lines(step * 50, 50))
        assert watch.scan_once(now=t) == []
    assert watch.scan_once(now=34.9) == []  # unchanged, but not yet for settle_s seconds
    done = watch.scan_once(now=35)
    assert [(o.kind, o.result.imported, o.moved_to.parent.name) for o in done] == [("chat", 200, "importert")]
    assert not path.exists() and (tmp_path / "inn" / "chat" / "importert" / "chat.csv").exists()
    assert watch.scan_once(now=100) == []
    assert count(db, "SELECT count(*) FROM chat_messages") == 200
    assert store.read_rows("SELECT source, via, kind, rows_read, outcome FROM feed_deliveries", db=db) == [
        ("mappe/chat", "mappe", "chat", 200, "importert")]


def test_rejects_go_beside_the_file_and_a_refused_file_says_why(tmp_path: Path, db: Path) -> None:
    watch = WatchFolder(tmp_path / "inn", db, settle_s=1)
    watch.prepare()
    folder = tmp_path / "inn" / "chat"
    (folder / "delvis.csv").write_text(HEADER + chat_lines(0, 3) + "i går;Lade hjemmetjeneste;feil tid\n",
                                       encoding="utf-8")
    (folder / "tom.csv").write_text("bare;en;overskrift\n", encoding="utf-8")
    (folder / "pågår.csv.part").write_text(HEADER, encoding="utf-8")
    watch.scan_once(now=0)
    outcomes = {o.source.name: o for o in watch.scan_once(now=2)}
    assert set(outcomes) == {"delvis.csv", "tom.csv"}  # the .part file is still being written
    assert outcomes["delvis.csv"].result.rejected == 1
    assert (folder / "importert" / "delvis.csv").exists()
    assert "feil tid" in (folder / "importert" / "delvis_avviste.csv").read_text(encoding="utf-8")
    assert outcomes["tom.csv"].result is None and (folder / "avvist" / "tom.csv").exists()
    assert (folder / "avvist" / "tom.csv.feil.txt").read_text(encoding="utf-8").strip() == outcomes["tom.csv"].error
    assert (folder / "pågår.csv.part").exists()
    assert not is_candidate(folder / "pågår.csv.part") and not is_candidate(folder / "importert")
    audited = store.read_rows("SELECT actor, action, target FROM audit_log WHERE via = 'mappe' ORDER BY target", db=db)
    assert audited == [("mappe/chat", "import", "chat: delvis.csv"), ("mappe/chat", "import", "chat: tom.csv")]


def test_the_service_imports_a_slowly_written_file_once(tmp_path: Path, db: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOLIVE_API_TOKENS", "")
    state = build_state(db, watch_dir=tmp_path / "inn", alerts=AlertConfig(tick_s=0.5))
    with ServiceThread(state, free_port(), settle_s=0.5, poll_s=0.1) as svc:
        part = tmp_path / "inn" / "chat" / "sakte.csv.part"

        def write_slowly() -> None:
            """Write the file in pieces, then rename it (the rename convention)."""
            with part.open("w", encoding="utf-8") as f:
                f.write(HEADER)
                for i in range(10):
                    f.write(chat_lines(i * 100, 100))
                    f.flush()
                    time.sleep(0.1)
            part.rename(part.with_name("sakte.csv"))

        writer = threading.Thread(target=write_slowly)
        writer.start()
        writer.join()
        done = tmp_path / "inn" / "chat" / "importert" / "sakte.csv"
        assert wait_for(lambda: done.exists() and svc.state.watch_seen == 1)
        time.sleep(0.5)  # a few more polls: nothing is imported twice
        assert svc.state.watch_seen == 1
    assert count(db, "SELECT count(*) FROM chat_messages") == 1000
    assert count(db, "SELECT count(*) FROM import_log") == 1


def test_a_topdesk_export_maps_through_kobling_toml(tmp_path: Path, db: Path) -> None:
    watch = WatchFolder(tmp_path / "inn", db, settle_s=1)
    watch.prepare()
    folder = tmp_path / "inn" / "tickets"
    (folder / "kobling.toml").write_text(
        '[kolonner]\n"Call date" = "opprettet"\n"Closed date" = "lukket"\n"Branch" = "enhet"\n'
        '"Entry type" = "kanal"\n"Brief description" = "sammendrag"\n', encoding="utf-8")
    (folder / "topdesk.csv").write_text(
        "Number;Call date;Closed date;Branch;Category;Priority;Entry type;Status;Brief description\n"
        "M2205 001;09.05.2022 08:15;09.05.2022 09:00;Lade HJT;Tilgang;P2;Telefon;Afgemeld;Får ikke logget inn\n"
        "M2205 002;09.05.2022 08:30;;Trondheim legevakt;Utskrift;P3;E-post;In behandeling;Skriver virker ikke\n",
        encoding="utf-8")
    watch.scan_once(now=0)
    (outcome,) = watch.scan_once(now=2)
    assert outcome.result is not None and outcome.result.as_dict()["imported"] == 2, outcome.error
    assert (folder / "kobling.toml").exists()  # the mapping stays for the next export
    rows = store.read_rows("SELECT ticket_id, unit, channel, closed_at IS NULL FROM tickets ORDER BY 1", db=db)
    assert rows == [("M2205 001", "Lade hjemmetjeneste", "Telefon", False),
                    ("M2205 002", "Trondheim legevakt", "E-post", True)]


def test_a_servicenow_export_needs_only_its_location_mapped(tmp_path: Path, db: Path) -> None:
    """docs/feeds.md: ServiceNow's own column names are synonyms; only `location` needs a line in kobling.toml."""
    watch = WatchFolder(tmp_path / "inn", db, settle_s=1)
    watch.prepare()
    folder = tmp_path / "inn" / "tickets"
    (folder / "kobling.toml").write_text('[kolonner]\n"location" = "enhet"\n', encoding="utf-8")
    (folder / "incident.csv").write_text(
        "number,opened_at,closed_at,location,category,priority,contact_type,state,short_description,reopen_count\n"
        "INC0010042,2022-05-09 08:15:00,2022-05-09 10:00:00,Lade HJT,Tilgang,2 - High,Phone,Closed,"
        "Får ikke logget inn,1\n"
        "INC0010043,2022-05-09 09:30:00,,Trondheim legevakt,Utskrift,3 - Moderate,Self-service,In Progress,"
        "Skriver virker ikke,0\n", encoding="utf-8")
    watch.scan_once(now=0)
    (outcome,) = watch.scan_once(now=2)
    assert outcome.result is not None and outcome.result.as_dict()["imported"] == 2, outcome.error
    assert outcome.result.rejected == 0
    rows = store.read_rows("SELECT ticket_id, unit, channel, category, closed_at IS NULL, summary FROM tickets "
                           "ORDER BY 1", db=db)
    assert rows == [("INC0010042", "Lade hjemmetjeneste", "Phone", "Tilgang", False, "Får ikke logget inn"),
                    ("INC0010043", "Trondheim legevakt", "Self-service", "Utskrift", True, "Skriver virker ikke")]


def slow_job(path: str, kind: str, db: str, mapping: dict | None) -> tuple[str, object]:
    """The import job (in its own process, as the service runs it), held until the test writes `go` beside the db."""
    signals = Path(db).parent
    (signals / "started").touch()
    deadline = time.monotonic() + 60
    while not (signals / "go").exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    return import_job(path, kind, db, mapping)


def test_the_api_delivers_while_a_big_file_is_being_imported(tmp_path: Path, db: Path,
                                                            monkeypatch: pytest.MonkeyPatch) -> None:
    """A file import does not hold API deliveries (and so a safety alert) back until it is done."""
    import json
    import urllib.request

    from analysis.clock import local_now

    token = "teams-token-0123456789abcdef"
    monkeypatch.setenv("GOLIVE_API_TOKENS", f"teams={token}")
    state = build_state(db, watch_dir=tmp_path / "inn", alerts=AlertConfig(tick_s=0.5))
    with ServiceThread(state, free_port(), settle_s=0.2, poll_s=0.1) as svc:
        svc.watch.job = slow_job
        (tmp_path / "inn" / "chat" / "stor.csv").write_text(HEADER + chat_lines(0, 300), encoding="utf-8")
        assert wait_for(lambda: (db.parent / "started").exists(), timeout=60)
        row = {"tidspunkt": local_now().isoformat(timespec="seconds"), "enhet": "Lade HJT", "melding": "Alt vel."}
        request = urllib.request.Request(f"{svc.url}/api/v1/chat", data=json.dumps([row]).encode(), method="POST",
                                         headers={"Authorization": f"Bearer {token}",
                                                  "Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=30) as response:
            answer = json.loads(response.read())
        assert answer["imported"] == 1 and svc.state.watch_seen == 0  # delivered while the file was importing
        (db.parent / "go").touch()
        assert wait_for(lambda: svc.state.watch_seen == 1, timeout=60)
    assert count(db, "SELECT count(*) FROM chat_messages") == 301


def test_api_deliveries_and_a_file_import_writing_together_lose_nothing(tmp_path: Path, db: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    """POSTs every few milliseconds while the file's closing write happens: every row of both is stored once."""
    import json
    import urllib.request

    from analysis.clock import local_now

    token = "teams-token-0123456789abcdef"
    monkeypatch.setenv("GOLIVE_API_TOKENS", f"teams={token}")
    state = build_state(db, watch_dir=tmp_path / "inn", alerts=AlertConfig(tick_s=0.5))
    with ServiceThread(state, free_port(), settle_s=0.2, poll_s=0.1) as svc:
        (tmp_path / "inn" / "chat" / "fil.csv").write_text(HEADER + chat_lines(0, 2000), encoding="utf-8")
        sent = 0
        while svc.state.watch_seen == 0 and sent < 400:
            row = {"tidspunkt": local_now().isoformat(timespec="seconds"), "enhet": "Lade HJT",
                   "melding": f"Levering {sent} mens filen importeres."}
            request = urllib.request.Request(f"{svc.url}/api/v1/chat", data=json.dumps([row]).encode(),
                                             method="POST", headers={"Authorization": f"Bearer {token}",
                                                                     "Content-Type": "application/json"})
            with urllib.request.urlopen(request, timeout=60) as response:
                assert json.loads(response.read())["imported"] == 1
            sent += 1
        assert wait_for(lambda: svc.state.watch_seen == 1, timeout=120)
    assert (tmp_path / "inn" / "chat" / "importert" / "fil.csv").exists()
    assert count(db, "SELECT count(*) FROM chat_messages") == 2000 + sent


def pid_job(path: str, kind: str, db: str, mapping: dict | None) -> tuple[str, object]:
    """A job that says which process ran it."""
    import os

    return "error", f"pid {os.getpid()}"


def test_each_file_is_imported_in_a_process_of_its_own(tmp_path: Path, db: Path) -> None:
    """Its DuckDB instance is not the service's, so its write and an API delivery's cannot meet inside one."""
    import os

    watch = WatchFolder(tmp_path / "inn", db, settle_s=0, job=pid_job)
    watch.prepare()
    (tmp_path / "inn" / "chat" / "a.csv").write_text(HEADER + chat_lines(0, 1), encoding="utf-8")
    watch.scan_once(now=0)
    (outcome,) = watch.scan_once(now=1)
    child = int(outcome.error.rsplit(" ", 1)[1])
    assert child != os.getpid()
    assert outcome.moved_to.parent.name == "avvist"  # an unexpected fault: refused once, not retried forever
