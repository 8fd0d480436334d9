"""Measure import speed: a generated chat CSV (default 100 000 rows) imported into a fresh database.

Usage: python bench/bench_import.py [--rows N | --sizes 100000,500000,1000000] [--stub] [--keep DIR]
                                    [--norec DIR] [--phrases] [--rescore]
--stub scores with a trivial stand-in analyzer, to time the import path itself.
--norec DIR: messages are distinct combinations of NoReC sentences (DIR/train.tsv); without it, distinct
generated text from a word pool. --phrases: the old demo phrase bank only (labelled as such).
--sizes runs each size in a fresh process (peak memory is per process). --rescore: afterwards, mark every
stored message outdated and time `rescore` over all of them.
Prints rows/s, wall and CPU seconds and the peak resident memory of the process (ru_maxrss), before the
re-import.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd

from analysis import db
from analysis.importers import import_file, pipeline, rescore
from analysis.text import stored_columns as scoring

TEXTS = [
    "har gått over all forventning, god stemning på enhet",
    "Får ikke logget inn, ring meg på 912 34 567",
    "Rover henger hele tiden, veldig tregt",
    "E-link meldinger kommer ikke fram til fastlegen",
    "Litt frustrasjon, men vi tar det med et smil; takk!",
]


WORDS = ("pasient vakt medisin liste journal pålogging rover skjerm mobil enhet kollega avvik melding "
         "rapport tiltak plan morgen kveld natt helg møte opplæring superbruker system feil tregt raskt "
         "bra dårlig greit vanskelig enkelt ny gammel oppdatering utskrift skanner legemiddel dose "
         "signering timeliste turnus fravær hjemmebesøk tilsyn beboer pårørende fastlege e-link").split()


def norec_sentences(folder: Path) -> list[str]:
    """The NoReC training sentences (text column of train.tsv)."""
    with (folder / "train.tsv").open(encoding="utf-8", newline="") as fh:
        return [row["text"] for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE) if row["text"]]


def text_source(rnd: random.Random, norec: Path | None, phrases: bool) -> tuple[str, object]:
    """A label and a function i -> distinct realistic message text."""
    if phrases:
        return "demo-frasebank", lambda i: f"{rnd.choice(TEXTS)} #{i}"
    if norec:
        sents = norec_sentences(norec)
        n = len(sents)
        return "NoReC-setninger", lambda i: f"{sents[i % n]} {sents[(i * 7919 + i // n) % n]}"
    return "generert tekst", lambda i: " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(6, 18))) + f" ({i})"


def write_csv(path: Path, rows: int, text: object = None, start: dt.datetime = dt.datetime(2022, 5, 7)) -> None:
    """Write a semicolon CSV with BOM like a Norwegian export, one message every 7 s from `start`."""
    rnd = random.Random(1)
    text = text or (lambda i: f"{rnd.choice(TEXTS)} #{i}")
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        w = csv.writer(f, delimiter=";")
        w.writerow(["Tidspunkt", "Enhet", "Melding", "Rolle", "Kanal"])
        for i in range(rows):
            ts = start + dt.timedelta(seconds=7 * i)
            w.writerow([ts.strftime("%d.%m.%Y %H:%M:%S"), rnd.choice(["Lade hjemmetjeneste", "lade hjt", "Havstein"]),
                        text(i), rnd.choice(["ansatt", "superbruker"]), "supportchat"])


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
    ap.add_argument("--norec", type=Path)
    ap.add_argument("--phrases", action="store_true")
    ap.add_argument("--rescore", action="store_true")
    ap.add_argument("--sizes", help="comma-separated row counts, each run in a fresh process")
    args = ap.parse_args()
    if args.sizes:
        rest = [a for i, a in enumerate(sys.argv[1:]) if a != "--sizes" and sys.argv[i] != "--sizes"]
        for n in args.sizes.split(","):
            print(f"--- {int(n):,} rader ---", flush=True)
            subprocess.run([sys.executable, __file__, "--rows", n, *rest], check=True)
        return
    if args.stub:
        scoring.score_texts = stub_scores
        pipeline.PARALLEL_FROM_BYTES = float("inf")  # a worker process would load the real analyzer
    work = Path(args.keep or tempfile.mkdtemp())
    work.mkdir(parents=True, exist_ok=True)
    src, path = work / "chat.csv", work / "bench.duckdb"
    path.unlink(missing_ok=True)
    label, text = text_source(random.Random(2), args.norec, args.phrases)
    write_csv(src, args.rows, text)
    size_mb = src.stat().st_size / 1e6
    db.write(lambda con: con.execute(
        "INSERT INTO units VALUES ('Lade hjemmetjeneste', 'hjemmetjeneste', 120, NULL, ['Lade HJT']),"
        "('Havstein helse- og velferdssenter', 'HVS', 80, NULL, ['Havstein'])"), path)
    before_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    t0, c0 = time.perf_counter(), time.process_time()
    result = import_file(src, "chat", db=path)
    total, cpu = time.perf_counter() - t0, time.process_time() - c0
    print(result.as_dict())
    print(f"{args.rows} rader på {total:.1f} s (CPU {cpu:.1f} s) = {args.rows / total:,.0f} rader/s "
          f"({args.rows / cpu:,.0f} per CPU-sekund; {'stub-analysator' if args.stub else 'ekte analysator'}, "
          f"{label}, fil {size_mb:.0f} MB); skrivelås holdt {result.write_s:.2f} s")
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    worker_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(f"topp RSS (hele prosessen, med analysatoren lastet): {peak_mb:,.0f} MB = {peak_mb / size_mb:.1f}× filen "
          f"(før importen: {before_mb:,.0f} MB); analyseprosessen: {worker_mb:,.0f} MB "
          f"(summen av de to er en øvre grense: arbeideren er ferdig før skrivingen)")
    t0 = time.perf_counter()
    again = import_file(src, "chat", db=path)
    print(f"på nytt (alt finnes): {time.perf_counter() - t0:.1f} s, {again.as_dict()}")
    if args.rescore:
        db.write(lambda con: con.execute("UPDATE chat_messages SET analyzer_version = 'gammel'"), path)
        t0, c0 = time.perf_counter(), time.process_time()
        done = rescore(db=path)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        print(f"rescore: {done.chat:,} meldinger ({done.distinct:,} ulike tekster) på {wall:.1f} s (CPU {cpu:.1f} s) "
              f"= {done.chat / wall:,.0f} meldinger/s; topp RSS nå "
              f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB")


if __name__ == "__main__":
    main()
