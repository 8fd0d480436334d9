"""Watch-folder benchmark: a 100 000-row chat CSV copied slowly into DIR/chat/ while the app and the service run.

Usage: python bench/bench_watch_import.py [--rows N] [--copy-s S] [--settle S] [--quiet-s S] [--stub] [--no-app]

Starts, on one fresh database file: the service (API, watch folder, alert loop) in this process and the real app
(`streamlit run app.py` through ui.server, GOLIVE_AUTH=av, refresh 5 s) in its own process. The messages end at
the real clock, so the live page has a full last day to draw. Then, for --quiet-s seconds (the baseline) and
while the file is copied in pieces over --copy-s seconds (like a slow network copy) and imported:
- a browser process (headless Chromium through Playwright) opens the live page again and again and times each
  page until it has drawn (median, max, timeouts, pages that showed an error);
- the same process times the app's /_stcore/health;
- a reader process queries the database read-only every 0.2 s (what the app's loaders do);
- this process POSTs one chat message to the API every 2 s (a Teams flow delivering during the import).
Prints how many imports happened (must be 1), where the time went from the end of the copy to the file landing in
importert/ (settle wait, import, write lock, the rest), and each probe's figures before and during the import.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from contextlib import nullcontext
from pathlib import Path

from bench_import import stub_scores, text_source, write_csv  # bench/ is the script's folder

from analysis import db
from analysis.alerts.config import AlertConfig
from analysis.clock import local_now
from analysis.importers import pipeline
from analysis.service.runner import ServiceThread, build_state, free_port
from analysis.text import stored_columns as scoring
from ui.browser_check import running_app

TOKEN = "bench-token-0123456789abcdef"
READER = r"""
import json, sys, time, pathlib
from analysis import db
path, stop_file = sys.argv[1], sys.argv[2]
out = []
while not pathlib.Path(stop_file).exists():
    at, t0 = time.time(), time.perf_counter()
    try:
        db.read_rows("SELECT count(*), max(ts) FROM chat_messages", db=path)
        out.append([at, time.perf_counter() - t0, True])
    except Exception:
        out.append([at, time.perf_counter() - t0, False])
    time.sleep(0.2)
print(json.dumps(out))
"""
BROWSER = r"""
import json, sys, time, pathlib, urllib.request
from ui.browser_check import browser, exceptions, wait_ready
base, stop_file, ready_file = sys.argv[1], sys.argv[2], sys.argv[3]
pages, health = [], []
with browser() as b:
    page = b.new_page(viewport={"width": 1600, "height": 1000})
    page.goto(base); wait_ready(page, timeout_ms=120000)  # the first visit warms the server's caches
    pathlib.Path(ready_file).touch()
    while not pathlib.Path(stop_file).exists():
        at, t0 = time.time(), time.perf_counter()
        try:
            with urllib.request.urlopen(base + "/_stcore/health", timeout=10) as r:
                health.append([at, time.perf_counter() - t0, r.read() == b"ok"])
        except OSError:
            health.append([at, time.perf_counter() - t0, False])
        at, t0 = time.time(), time.perf_counter()
        try:
            page.goto(base)
            wait_ready(page, timeout_ms=30000, expect='[data-testid="stMain"] [data-testid="stMetric"]')
            main = page.inner_text('[data-testid="stMain"]')
            ok = not exceptions(page) and "opptatt" not in main and "Noe gikk galt" not in main
            pages.append([at, time.perf_counter() - t0, ok])
        except Exception:
            pages.append([at, time.perf_counter() - t0, False])
        time.sleep(0.5)
print(json.dumps({"pages": pages, "health": health}))
"""


def write_chat_csv(path: Path, rows: int, text: object, end: dt.datetime) -> None:
    """A semicolon CSV like a Norwegian export; one message every 7 s, the last one at `end`."""
    write_csv(path, rows, text, start=end - dt.timedelta(seconds=7 * (rows - 1)))


def post_chat(url: str, i: int) -> None:
    """POST one chat message (now) to the service."""
    row = {"tidspunkt": local_now().isoformat(timespec="seconds"), "enhet": "Havstein",
           "melding": f"Levering under import nr {i}: alt går greit her."}
    request = urllib.request.Request(f"{url}/api/v1/chat", data=json.dumps([row]).encode(), method="POST",
                                     headers={"Content-Type": "application/json", "Authorization": f"Bearer {TOKEN}"})
    with urllib.request.urlopen(request, timeout=300) as response:
        response.read()


def api_probe(url: str, stop: threading.Event, out: list) -> None:
    """POST a message every 2 s and record (start time, latency, ok)."""
    i = 0
    while not stop.is_set():
        at, t0 = time.time(), time.perf_counter()
        try:
            post_chat(url, i)
            out.append([at, time.perf_counter() - t0, True])
        except OSError:
            out.append([at, time.perf_counter() - t0, False])
        i += 1
        stop.wait(2)


def summary(samples: list, start: float, end: float) -> str:
    """Median and max latency (ms) and failures of the samples started between start and end (epoch seconds)."""
    inside = [s for s in samples if start <= s[0] <= end]
    if not inside:
        return "ingen målinger"
    lat = [s[1] * 1000 for s in inside]
    fails = sum(1 for s in inside if not s[2])
    return (f"{len(inside)} målinger, median {statistics.median(lat):,.0f} ms, maks {max(lat):,.0f} ms, "
            f"feil {fails}")


def main() -> None:
    """Run the benchmark and print the numbers."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--copy-s", type=float, default=10.0)
    ap.add_argument("--settle", type=float, default=3.0)
    ap.add_argument("--quiet-s", type=float, default=20.0, help="baseline before the copy starts")
    ap.add_argument("--stub", action="store_true", help="trivial analyzer: time the import path, not scoring")
    ap.add_argument("--no-app", action="store_true", help="without the Streamlit app and the browser")
    args = ap.parse_args()
    if args.stub:
        scoring.score_texts = stub_scores
        pipeline.PARALLEL_FROM_BYTES = float("inf")  # a worker process would load the real analyzer
    work = Path(tempfile.mkdtemp(prefix="golive-watch-bench-"))
    path, src = work / "bench.duckdb", work / "chat.csv"
    _, text = text_source(random.Random(2), None, False)
    write_chat_csv(src, args.rows, text, local_now().replace(microsecond=0) - dt.timedelta(minutes=1))
    db.write(lambda con: con.execute(
        "INSERT INTO units VALUES ('Lade hjemmetjeneste', 'hjemmetjeneste', 120, NULL, ['Lade HJT']),"
        "('Havstein helse- og velferdssenter', 'HVS', 80, NULL, ['Havstein'])"), path)
    os.environ["GOLIVE_API_TOKENS"] = f"bench={TOKEN}"
    stop_file = work / "stop"
    state = build_state(path, watch_dir=work / "inn", alerts=AlertConfig(tick_s=5))
    data = src.read_bytes()
    app = nullcontext(None) if args.no_app else running_app(
        path, env={"GOLIVE_AUTH": "av", "GOLIVE_REFRESH_S": "5"}, unset=("GOLIVE_NOW",))
    timeline: dict[str, float] = {}
    outcomes = []
    with ServiceThread(state, free_port(), settle_s=args.settle, poll_s=0.5) as svc, app as base:
        post_chat(svc.url, -1)  # the first message: the live page has data before the file comes
        reader = subprocess.Popen([sys.executable, "-c", READER, str(path), str(stop_file)], stdout=subprocess.PIPE,
                                  text=True)
        probe = None if base is None else subprocess.Popen(
            [sys.executable, "-c", BROWSER, base, str(stop_file), str(work / "ready")], stdout=subprocess.PIPE,
            text=True)
        while probe is not None and not (work / "ready").exists() and probe.poll() is None:
            time.sleep(0.2)
        seen = svc.watch.on_imported

        def watched(outcome) -> None:  # noqa: ANN001 - a WatchOutcome
            """Note when the import finished, then count it as the service does."""
            timeline["landed"] = time.time()
            outcomes.append(outcome)
            seen(outcome)

        svc.watch.on_imported = watched
        api_lat: list = []
        stop_api = threading.Event()
        poster = threading.Thread(target=api_probe, args=(svc.url, stop_api, api_lat), daemon=True)
        poster.start()
        time.sleep(args.quiet_s)
        timeline["copy_start"] = time.time()
        target = work / "inn" / "chat" / "chat.csv"
        pieces = 50
        step = len(data) // pieces + 1
        with target.open("wb") as f:
            for i in range(pieces):
                f.write(data[i * step:(i + 1) * step])
                f.flush()
                time.sleep(args.copy_s / pieces)
        timeline["copied"] = time.time()
        done = work / "inn" / "chat" / "importert" / "chat.csv"
        while not done.exists() or "landed" not in timeline:
            time.sleep(0.1)
        time.sleep(args.settle + 2)  # a few more polls: nothing is imported twice
        imports = svc.state.watch_seen
        stop_api.set()
        stop_file.touch()
        latencies = json.loads(reader.communicate(timeout=60)[0])
        browser_out = json.loads(probe.communicate(timeout=120)[0]) if probe else None
        poster.join(timeout=300)
    stored = db.read_rows("SELECT count(*) FROM chat_messages", db=path)[0][0]
    result = outcomes[0].result
    landed = timeline["landed"] - timeline["copied"]
    print(f"{args.rows} rader, fil {len(data) / 1e6:.1f} MB kopiert over {args.copy_s:.0f} s "
          f"({'stub-analysator' if args.stub else 'ekte analysator'}); ro-tid {args.settle:g} s")
    print(f"importer: {imports} (skal være 1); lagret {stored} rader; fra ferdig kopi til importert/: {landed:.1f} s "
          f"= venting på ro og oppstart av importprosessen {landed - result.duration_s:.1f} s "
          f"+ import {result.duration_s:.1f} s "
          f"(skrivelås {result.write_s:.1f} s) = {args.rows / result.duration_s:,.0f} rader/s i importen")
    q0, q1 = timeline["copy_start"] - args.quiet_s, timeline["copy_start"]
    d0, d1 = timeline["copy_start"], timeline["landed"]
    probes = [("leser (egen prosess, hvert 0,2 s)", latencies), ("API: POST av én melding hvert 2 s", api_lat)]
    if browser_out:
        probes = [("live-siden i Chromium (åpnet på nytt til ferdig tegnet)", browser_out["pages"]),
                  ("appens /_stcore/health", browser_out["health"]), *probes]
    for name, samples in probes:
        print(f"{name}:\n  før importen:  {summary(samples, q0, q1)}\n  under importen: {summary(samples, d0, d1)}")
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
