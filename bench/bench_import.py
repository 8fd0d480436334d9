"""Measure import speed: a generated chat CSV (default 100 000 rows) imported into a fresh database.

Usage: python bench/bench_import.py [--rows N] [--stub] [--keep DIR]
--stub scores with a trivial stand-in analyzer, to time the import path itself.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis import db
from analysis.importers import import_file
from analysis.text import stored_columns as scoring

TEXTS = [
    "har gått over all forventning, god stemning på enhet",
    "Får ikke logget inn, ring meg på 912 34 567",
    "Rover henger hele tiden, veldig tregt",
    "E-link meldinger kommer ikke fram til fastlegen",
    "Litt frustrasjon, men vi tar det med et smil; takk!",
]


def write_csv(path: Path, rows: int) -> None:
    """Write a semicolon CSV with BOM like a Norwegian export."""
    rnd = random.Random(1)
    start = dt.datetime(2022, 5, 7)
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Tidspunkt", "Enhet", "Melding", "Rolle", "Kanal"])
        for i in range(rows):
            ts = start + dt.timedelta(seconds=7 * i)
            w.writerow([ts.strftime("%d.%m.%Y %H:%M:%S"), rnd.choice(["Lade hjemmetjeneste", "lade hjt", "Havstein"]),
                        f"{rnd.choice(TEXTS)} #{i}", rnd.choice(["ansatt", "superbruker"]), "supportchat"])


def stub_scores(texts: list[str]) -> pd.DataFrame:
    """A stand-in analyzer: constant neutral scores."""
    n = len(texts)
    return pd.DataFrame({"polarity": [0.0] * n, "label": ["neutral"] * n, "language": ["nb"] * n,
                         "themes": [[] for _ in range(n)], "safety": [False] * n, "safety_reason": [None] * n,
                         "evidence": ["[]"] * n, "analyzer_version": "stub-0"})


def main() -> None:
    """Run the benchmark and print rows/s."""
    ap = argparse.ArgumentParser()
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--stub", action="store_true")
    ap.add_argument("--keep")
    args = ap.parse_args()
    if args.stub:
        scoring.score_texts = stub_scores
    work = Path(args.keep or tempfile.mkdtemp())
    work.mkdir(parents=True, exist_ok=True)
    src, path = work / "chat.csv", work / "bench.duckdb"
    path.unlink(missing_ok=True)
    write_csv(src, args.rows)
    db.write(lambda con: con.execute(
        "INSERT INTO units VALUES ('Lade hjemmetjeneste', 'hjemmetjeneste', 120, NULL, ['Lade HJT']),"
        "('Havstein helse- og velferdssenter', 'HVS', 80, NULL, ['Havstein'])"), path)
    t0 = time.perf_counter()
    result = import_file(src, "chat", db=path)
    total = time.perf_counter() - t0
    print(result.as_dict())
    print(f"{args.rows} rader på {total:.1f} s = {args.rows / total:,.0f} rader/s "
          f"({'stub-analysator' if args.stub else 'ekte analysator'}); skrivelås holdt {result.write_s:.2f} s")
    t0 = time.perf_counter()
    again = import_file(src, "chat", db=path)
    print(f"på nytt (alt finnes): {time.perf_counter() - t0:.1f} s, {again.as_dict()}")


if __name__ == "__main__":
    main()
