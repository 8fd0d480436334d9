"""Watch-folder benchmark: a 100 000-row chat CSV copied slowly into DIR/chat/ while the service runs.

Usage: python bench/bench_watch_import.py [--rows N] [--copy-s S] [--settle S] [--stub]
Starts the service (API, watch folder, alert loop) in this process, copies the file in pieces over --copy-s
seconds (like a slow network copy), and meanwhile a separate reader process queries the database read-only every
0.2 s, as the live page does. Prints: how many imports happened (must be 1), the time from the end of the copy to
the file landing in importert/, the rows stored, and the reader's latencies (median, max, failures).
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench_import import stub_scores, text_source, write_csv  # bench/ is the script's folder

from analysis import db
from analysis.alerts.config import AlertConfig
from analysis.service.runner import ServiceThread, build_state, free_port
from analysis.text import stored_columns as scoring

READER = r"""
import json, sys, time
from analysis import db
path, stop_file = sys.argv[1], sys.argv[2]
lat, fails = [], 0
import pathlib
while not pathlib.Path(stop_file).exists():
    t0 = time.perf_counter()
    try:
        db.read_rows("SELECT count(*), max(ts) FROM chat_messages", db=path)
        lat.append(time.perf_counter() - t0)
    except Exception:
        fails += 1
    time.sleep(0.2)
lat.sort()
print(json.dumps({"n": len(lat), "median": lat[len(lat) // 2] if lat else None, "max": lat[-1] if lat else None,
                  "fails": fails}))
"""


def main() -> None:
    """Run the benchmark and print the numbers."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--copy-s", type=float, default=10.0)
    ap.add_argument("--settle", type=float, default=3.0)
    ap.add_argument("--stub", action="store_true", help="trivial analyzer: time the import path, not scoring")
    args = ap.parse_args()
    if args.stub:
        scoring.score_texts = stub_scores
    work = Path(tempfile.mkdtemp(prefix="golive-watch-bench-"))
    path, src = work / "bench.duckdb", work / "chat.csv"
    _, text = text_source(random.Random(2), None, False)
    write_csv(src, args.rows, text)
    db.write(lambda con: con.execute(
        "INSERT INTO units VALUES ('Lade hjemmetjeneste', 'hjemmetjeneste', 120, NULL, ['Lade HJT']),"
        "('Havstein helse- og velferdssenter', 'HVS', 80, NULL, ['Havstein'])"), path)
    stop_file = work / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(path), str(stop_file)], stdout=subprocess.PIPE,
                              text=True)
    state = build_state(path, watch_dir=work / "inn", alerts=AlertConfig(tick_s=5))
    data = src.read_bytes()
    with ServiceThread(state, free_port(), settle_s=args.settle, poll_s=0.5) as svc:
        target = work / "inn" / "chat" / "chat.csv"
        pieces = 50
        step = len(data) // pieces + 1
        with target.open("wb") as f:
            for i in range(pieces):
                f.write(data[i * step:(i + 1) * step])
                f.flush()
                time.sleep(args.copy_s / pieces)
        copied = time.perf_counter()
        done = work / "inn" / "chat" / "importert" / "chat.csv"
        while not done.exists():
            time.sleep(0.1)
        landed = time.perf_counter() - copied
        time.sleep(args.settle + 1)
        imports = svc.state.watch_seen
    stop_file.touch()
    latencies = json.loads(reader.communicate(timeout=60)[0])
    stored = db.read_rows("SELECT count(*) FROM chat_messages", db=path)[0][0]
    print(f"{args.rows} rader, fil {len(data) / 1e6:.1f} MB kopiert over {args.copy_s:.0f} s "
          f"({'stub-analysator' if args.stub else 'ekte analysator'}); ro-tid {args.settle:g} s")
    print(f"importer: {imports} (skal være 1); lagret {stored} rader; fra ferdig kopi til importert/: {landed:.1f} s")
    print(f"leser i egen prosess hvert 0,2 s: {latencies['n']} spørringer, median {latencies['median'] * 1000:.0f} ms, "
          f"maks {latencies['max'] * 1000:.0f} ms, feil {latencies['fails']}")


if __name__ == "__main__":
    main()
