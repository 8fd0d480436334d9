"""Masking speed in µs per text on real and labelled text; with --against, a text-by-text output comparison.

Usage: taskset -c 0 python bench/bench_masking.py [NOREC_TSV ...] [--rounds 7] [--pairs 50000] [--fuzz 20000]
                                                   [--against OLD_MASKING_PY] [--show]

Corpora: the NoReC sentences of the files given (text column; read by path, never copied), pairs of them
as `bench/bench_import.py --norec` builds its message texts, every text of the labelled go-live sets
(tests/data/golive_*.tsv), the masking variants (tests/data/masking_variants*.tsv), and generated hard
cases (`--fuzz`: digit groups with every separator, phone prefixes, obfuscated e-mail, cue words and
names, Unicode spaces and zero-width characters, mixed case), seeded so every run sees the same texts.

Timing is CPU time (time.process_time) of `mask_into` over a corpus, per text, median of the rounds; run it
on one core (`taskset -c 0`). With `--against FILE` (an older masking.py, e.g. from
`git show COMMIT:analysis/text/masking.py > /tmp/old_masking.py`) both are timed in turns on the same
texts, and every text's masked output and counts (and `mask_identifier`'s) are compared; differences are
counted per corpus and, with --show, printed (NoReC texts only by line number: the corpus is not ours to quote).
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import random
import statistics
import time
from collections import Counter
from pathlib import Path
from types import ModuleType

from analysis.text import masking

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def read_texts(path: Path, quoting: int = csv.QUOTE_MINIMAL) -> list[str]:
    """The non-empty `text` column of a tab-separated file with a header."""
    with path.open(encoding="utf-8", newline="") as fh:
        return [row["text"] for row in csv.DictReader(fh, delimiter="\t", quoting=quoting) if row.get("text")]


def import_pairs(sents: list[str], n: int) -> list[str]:
    """Message texts as bench_import.py --norec builds them: two NoReC sentences per message."""
    k = len(sents)
    return [f"{sents[i % k]} {sents[(i * 7919 + i // k) % k]}" for i in range(n)] if k else []


SEPS = (" ", "  ", ".", "-", "/", " - ", " . ", "\u202f", "\u00a0", "\u200b", " \u200b", "\u2013", "\u2009", "")
WORDS = ("vakt", "ringte", "til", "og", "i", "dag", "kl", "på", "Rover", "DIPS", "sak", "INC", "versjon",
         "har", "fått", "ny", "liste", "Pasienten", "hans", "per", "time", "Helseplattformen", "mai", "uke",
         "beboeren", "brukeren", "bruker", "pas.", "pt:", "pasient", "klient", "tjenestemottaker", "Ola",
         "Kari", "nordmann", "Hansen", "Per", "Anne-Grete", "ÆRLIG", "søster", "tlf", "tlf.nr", "mob:", "+47",
         "0047", "(+47)", "fnr", "f.nr:", "fødselsnummer", "ID", "ordrenr", "kr", "2021-2022", "14.30",
         "07.05.2022", "(at)", "@", " @ ", "＠", "[dot]", "e-post", "ola.nordmann", "kommune.no", "(", ")",
         ",", ";", "ǅ", "ſ", "K", "İ", "ı", "１２３", "٣٤٥")


def digit_group(rnd: random.Random) -> str:
    """Digits in groups with a random separator between them (phone-, fnr-, date- or amount-like)."""
    size = rnd.choice((8, 8, 11, 11, 6, 9, 10, 12, 4))
    digits = "".join(rnd.choice("0123456789") for _ in range(size))
    if rnd.random() < 0.3:
        digits = rnd.choice("23456789") + digits[1:]
    out, i = [], 0
    while i < size:
        step = rnd.choice((1, 2, 2, 3, 3, 4, 5, 6))
        out.append(digits[i:i + step])
        i += step
    return rnd.choice(SEPS).join(out) if rnd.random() < 0.7 else "".join(rnd.choice(SEPS) + g for g in out)


def fuzz_texts(n: int, seed: int = 15) -> list[str]:
    """Generated hard cases for the comparison: words, cues, names, numbers and e-mail in random order."""
    rnd = random.Random(seed)
    out = []
    for _ in range(n):
        parts = []
        for _ in range(rnd.randint(1, 12)):
            r = rnd.random()
            if r < 0.25:
                parts.append(digit_group(rnd))
            elif r < 0.3:
                parts.append(f"{rnd.choice(('ola', 'Kari.N', 'a_b'))}{rnd.choice(('@', ' @ ', '(at)', '＠', ' [at] '))}"
                             f"{rnd.choice(('helse', 'trondheim'))}{rnd.choice(('.', '(dot)', ' punktum '))}no")
            else:
                word = rnd.choice(WORDS)
                parts.append(word.upper() if rnd.random() < 0.05 else word)
        out.append(rnd.choice(("", " ", "\u200b")).join(p + rnd.choice(("", " ", " ", " ", ", ")) for p in parts))
    return out


def load_module(path: Path) -> ModuleType:
    """Load a masking.py from a file path under its own name (the older version to compare with)."""
    spec = importlib.util.spec_from_file_location("masking_reference", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


def time_round(mod: ModuleType, texts: list[str]) -> float:
    """CPU seconds of one pass of mod.mask_into over the texts."""
    counts: Counter = Counter()
    mask_into = mod.mask_into
    t0 = time.process_time()
    for text in texts:
        mask_into(text, counts)
    return time.process_time() - t0


def compare(old: ModuleType, texts: list[str], label: str, show: bool, quote: bool) -> int:
    """Texts whose mask_text or mask_identifier output differs between the two modules."""
    diffs = 0
    for i, text in enumerate(texts):
        a, b = masking.mask_text(text), old.mask_text(text)
        ia, ib = masking.mask_identifier(text), old.mask_identifier(text)
        if a != b or ia != ib:
            diffs += 1
            if show:
                where = repr(text) if quote else f"text no. {i + 1}"
                print(f"  DIFF {label}: {where}\n    new {a!r} / {ia!r}\n    old {b!r} / {ib!r}")
    return diffs


def main() -> None:
    """Time the corpora (against the older module when given) and compare outputs."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("norec", nargs="*", type=Path, help="NoReC tsv files (text column)")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--pairs", type=int, default=50_000, help="import-like texts built from the NoReC sentences")
    ap.add_argument("--fuzz", type=int, default=20_000, help="generated hard cases")
    ap.add_argument("--against", type=Path, help="an older masking.py to time and compare with")
    ap.add_argument("--show", action="store_true", help="print each difference")
    args = ap.parse_args()
    sents = [t for f in args.norec for t in read_texts(f, csv.QUOTE_NONE)]
    corpora: list[tuple[str, list[str], bool]] = []
    if sents:
        corpora += [("NoReC-setninger", sents, False), ("NoReC-par (import)", import_pairs(sents, args.pairs), False)]
    corpora += [("go-live-settene", [t for f in sorted(DATA.glob("golive_*.tsv")) for t in read_texts(f)], True),
                ("maskeringsvarianter", [t for f in sorted(DATA.glob("masking_variants*.tsv")) for t in read_texts(f)],
                 True),
                ("genererte vanskelige", fuzz_texts(args.fuzz), True)]
    old = load_module(args.against) if args.against else None
    mods = [("ny", masking)] + ([("gammel", old)] if old else [])
    for _, mod in mods:  # warm up: the name lists (Faker) and the regex caches load on first use
        for _, texts, _ in corpora:
            time_round(mod, texts[:2000])
    against = f"; i turer med {args.against}" if old else ""
    print(f"masking, µs per tekst (CPU, median av {args.rounds} runder{against})")
    for label, texts, quote in corpora:
        times: dict[str, list[float]] = {name: [] for name, _ in mods}
        for r in range(args.rounds):
            for name, mod in (mods if r % 2 == 0 else mods[::-1]):
                times[name].append(time_round(mod, texts) / len(texts) * 1e6)
        line = "  ".join(f"{name} {statistics.median(t):6.2f} µs (min {min(t):.2f})" for name, t in times.items())
        if old:
            line += f"  = {statistics.median(times['gammel']) / statistics.median(times['ny']):.1f}×"
            line += f"  ulike utdata: {compare(old, texts, label, args.show, quote)}"
        print(f"  {label:<22} {len(texts):>7} tekster  {line}")


if __name__ == "__main__":
    main()
