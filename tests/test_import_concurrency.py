"""Live safety: an import process beside polling readers, and an import killed mid-transaction."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from analysis import db
from analysis.importers import import_file
from import_helpers import count, fresh_db, snapshot, write_text

ROOT = Path(__file__).resolve().parents[1]
FILES, ROWS = 5, 600
READERS = 4

# The analysis is beside the point in these tests (locks and transactions are), and the real
# analyzer needs several seconds to warm up in a fresh process: a constant one keeps the suite fast.
CONSTANT_ANALYSIS = """
import pandas as pd
from analysis.text import stored_columns
stored_columns.score_texts = lambda texts: pd.DataFrame({"polarity": 0.0, "label": "neutral", "language": "nb",
    "themes": [[] for _ in texts], "safety": False, "safety_reason": None, "evidence": "[]",
    "analyzer_version": "test"})
"""

RUN_CLI = CONSTANT_ANALYSIS + """
import sys
from pathlib import Path
from analysis.cli import main
database, ready, files = sys.argv[1], sys.argv[2], sys.argv[3:]
Path(ready).write_text("klar")
sys.exit(max(main(["import", "chat", f, "--db", database]) for f in files))
"""

HANG_IN_TRANSACTION = CONSTANT_ANALYSIS + """
import sys, time
from pathlib import Path
from analysis.importers import import_file, store_stage
database, source, flag = sys.argv[1:4]
real_log = store_stage.log_import
def log_then_hang(con, *args):
    real_log(con, *args)  # every row and the import_log row are written, nothing is committed
    Path(flag).write_text("inne i transaksjonen")
    time.sleep(120)
store_stage.log_import = log_then_hang
import_file(source, "chat", db=database)
"""


def chat_file(path: Path, n: int, offset: int) -> Path:
    """A chat export with n distinct messages."""
    units = ["Lade HJT", "Strindheim hjemmetjeneste", "Havstein HVS", "Trondheim legevakt"]
    lines = [f"{7 + (offset + i) // 1440:02d}.05.2022 {(offset + i) // 60 % 24:02d}:{(offset + i) % 60:02d};"
             f"{units[i % 4]};melding {offset + i}: god stemning, ring 912 34 {i % 1000:03d}" for i in range(n)]
    return write_text(path, "Tidspunkt;Enhet;Melding\n" + "\n".join(lines) + "\n", bom=True)


def env() -> dict[str, str]:
    return dict(os.environ)


def test_import_process_beside_polling_readers(tmp_path: Path) -> None:
    path = fresh_db(tmp_path)
    files = [chat_file(tmp_path / f"chat{k}.csv", ROWS, k * ROWS) for k in range(FILES)]
    seen: list[list[int]] = [[] for _ in range(READERS)]
    errors: list[BaseException] = []
    stop = threading.Event()

    def poll(k: int) -> None:
        while not stop.is_set():
            try:
                n = int(db.read_df("SELECT count(*) AS n FROM chat_messages", db=path)["n"].iloc[0])
                db.read_rows("SELECT unit, count(*), avg(polarity) FROM chat_messages GROUP BY unit", db=path)
                seen[k].append(n)
            except BaseException as exc:  # noqa: BLE001 - any failure a dashboard user would see
                errors.append(exc)
            time.sleep(0.01 * (k + 1))

    ready = tmp_path / "ready"
    proc = subprocess.Popen([sys.executable, "-c", RUN_CLI, str(path), str(ready), *map(str, files)], cwd=ROOT,
                            env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    # Start polling once the importer has loaded (its start-up is not what is under test).
    deadline = time.monotonic() + 60
    while not ready.exists() and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.02)
    threads = [threading.Thread(target=poll, args=(k,), daemon=True) for k in range(READERS)]
    for t in threads:
        t.start()
    try:
        stdout, stderr = proc.communicate(timeout=120)
    finally:
        stop.set()
        for t in threads:
            t.join(timeout=20)

    assert proc.returncode == 0, stderr
    assert stdout.count(f"Importert (nye): {ROWS}") == FILES
    assert errors == []
    assert count(path, "chat_messages") == FILES * ROWS
    observed = [n for s in seen for n in s]
    assert len(observed) > 20 and len(set(observed)) >= 3  # the reads really interleaved with the imports
    # Each file is one transaction: readers only ever see whole files, and never go backwards.
    assert set(observed) <= {k * ROWS for k in range(FILES + 1)}
    assert all(s == sorted(s) for s in seen)
    assert db.read_rows("SELECT count(*) FROM import_log", db=path) == [(FILES,)]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL")
def test_killed_import_leaves_the_database_as_it_was(tmp_path: Path) -> None:
    path = fresh_db(tmp_path)
    import_file(chat_file(tmp_path / "first.csv", 10, 0), "chat", db=path)
    before = snapshot(path)
    source = chat_file(tmp_path / "big.csv", 200, 10)
    flag = tmp_path / "flag"
    proc = subprocess.Popen([sys.executable, "-c", HANG_IN_TRANSACTION, str(path), str(source), str(flag)],
                            cwd=ROOT, env=env(), stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not flag.exists():
            assert proc.poll() is None, proc.stderr.read().decode()
            assert time.monotonic() < deadline, "the import never reached its transaction"
            time.sleep(0.05)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert proc.returncode == -signal.SIGKILL
    assert snapshot(path) == before
    again = import_file(source, "chat", db=path)
    assert (again.imported, count(path, "chat_messages")) == (200, 210)
