"""Dump the analyzer's outputs, or compare them with an earlier dump (for refactors that must not change results).

    python bench/compare_outputs.py dump /tmp/before.json      # before the change
    python bench/compare_outputs.py compare /tmp/before.json   # after it: exit 1 on any difference
    python bench/compare_outputs.py dump /tmp/before.json /work/shared/data/norec_sentence/dev.tsv  # also NoReC

Texts: the own set, the holdout, every other labelled set in tests/data/ (safety, language, fresh sets), the
demo generator's chat, reports and ticket summaries (scale 1.0, seeds 7 and 11), the 20 000 benchmark
texts, 20 000 fuzz texts (random words, punctuation, markup, emoji and safety vocabulary glued together;
fixed seed), a few edge cases, and the sentences of any NoReC_sentence TSV files given after the dump file
(read from there; the dump and the report name them by number and hash, never by their text); each
through analyze_batch, and the first 2 000 of each set through analyze_text. Polarity and evidence weights
may differ by at most 1e-9; everything else (label, language, themes, safety, reason, evidence tokens, rules
and order) must be equal.
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import random
import sys
from pathlib import Path

from _golive import HOLDOUT, OWN, ROOT, read_rows, synthetic_norwegian
from analysis.demo.generator import generate_demo
from analysis.text.sentiment import Analysis, analyze_batch, analyze_text

EDGE = ["", "   \n\t ", "12345 678", "<p>Hei <b>alle</b></p>", "&lt;script&gt;", "Привет, как дела?", "مرحبا بالعالم",
        "😀😀😀", "🙂 Привет bra", "\x00\x01", "-----", "???!!!", "ikke veldig bra, men litt for tregt! men ok?",
        "så så bra", "ikke ikke bra", "bra ikke, men men dårlig :)", "Det er ikke bra, men litt bedre!! 😊",
        "Kjempebra? Nei.", "a" * 5000, "ikke " * 2000, "e-link-" * 1000,
        "Rover henger og skriveren fungerer ikke. " * 200, "Ingen avvik i dag", "ikke noen avvik",
        "Feil medisin i dosetten, meldt avvik", "Hvorfor krasjer Rover?", "superfornøyd kjempebra", "men men men",
        "ikke. ikke, bra"]


# Pieces for the fuzz texts: rule words, safety vocabulary and odd tokens, so that rare paths get hit.
_FUZZ_EXTRA = ["ikke", "ikkje", "ingen", "null", "uten", "noen", "hatt", "men", "veldig", "litt", "for", "så",
               "avvik", "feil", "pasient", "medisin", "medisinlista", "mangler", "forsvunnet", "e-link", "henvisning",
               "journalen", "er", "låst", "kommer", "fram", "hvor", "hvorfor", "kva", "the", "is", "not", "working",
               "god", "stemning", ".", "!", "?", ",", ":", ";", "–", "...", "?!", ":)", ":-(", "<3", "😀", "🙁",
               "<b>", "</p>", "&amp;", "&lt;", "12:30", "3,5", "1/2", "e-", "-", "'", "’", "ÆØÅ", "Ærlig",
               "Привет", "漢字", "_", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", "kjempe-bra", "superdårlig"]


def fuzz(n: int, seed: int = 3) -> list[str]:
    """n random texts glued from words of the labelled sets and odd pieces (with and without spaces)."""
    rng = random.Random(seed)
    words = [w for r in read_rows(OWN) + read_rows(HOLDOUT) for w in r["text"].split()] + _FUZZ_EXTRA * 20
    out = []
    for _ in range(n):
        k = rng.randint(0, 25)
        seps = [rng.choice([" ", " ", " ", " ", "", "\n", ". ", ", "]) for _ in range(k)]
        text = "".join(rng.choice(words) + s for s in seps)
        out.append(text.lower() if rng.random() < 0.2 else text)
    return out


def labelled() -> list[str]:
    """The distinct texts of the labelled sets other than the own set and the holdout, in file order."""
    seen: dict[str, None] = {}
    for path in sorted((ROOT / "tests" / "data").glob("golive_*.tsv")):
        if path not in (OWN, HOLDOUT):
            for row in read_rows(path):
                seen.setdefault(row["text"], None)
    return list(seen)


def norec(paths: list[Path]) -> list[str]:
    """The distinct sentences of NoReC_sentence TSV files (column `text`)."""
    csv.field_size_limit(1 << 24)
    seen: dict[str, None] = {}
    for path in paths:
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                if row.get("text"):
                    seen.setdefault(row["text"], None)
    return list(seen)


def corpus(norec_paths: list[Path] | None = None) -> dict[str, list[str]]:
    """The named text sets."""
    demo = generate_demo(1.0, 7)
    demo2 = generate_demo(1.0, 11)
    return {
        "own": [r["text"] for r in read_rows(OWN)],
        "holdout": [r["text"] for r in read_rows(HOLDOUT)],
        "demo_chat": list(demo.chat["text"]),
        "demo_reports": list(demo.reports["text"]),
        "demo_tickets": list(demo.tickets["summary"]),
        "demo11": list(demo2.chat["text"]) + list(demo2.reports["text"]) + list(demo2.tickets["summary"]),
        "bench": synthetic_norwegian(20_000),
        "fuzz": fuzz(20_000),
        "edge": EDGE,
        "labelled": labelled(),
        **({"norec": norec(norec_paths)} if norec_paths else {}),
    }


def encode(r: Analysis) -> list:
    """One result as JSON-ready values, read through the public attributes."""
    return [r.polarity, r.label, r.language, list(r.themes), r.safety, r.safety_reason,
            [[e.token, e.rule, e.weight] for e in r.evidence]]


def same(a: list, b: list) -> bool:
    """Equal results (floats within 1e-9)."""
    close = math.isclose(a[0], b[0], rel_tol=0, abs_tol=1e-9)
    return close and a[1:6] == b[1:6] and len(a[6]) == len(b[6]) and all(
        x[:2] == y[:2] and math.isclose(x[2], y[2], rel_tol=0, abs_tol=1e-9) for x, y in zip(a[6], b[6], strict=True))


def run(norec_paths: list[Path] | None = None) -> dict:
    """Outputs for every set, batch and single-text paths."""
    out = {}
    for name, texts in corpus(norec_paths).items():
        names = [f"norec#{i}:{hashlib.sha256(t.encode()).hexdigest()[:12]}" for i, t in enumerate(texts)] \
            if name == "norec" else texts  # NoReC text is never written out
        out[name] = {"texts": names, "batch": [encode(r) for r in analyze_batch(texts)],
                     "single": [encode(analyze_text(t)) for t in texts[:2000]]}
    return out


def main() -> int:
    """Dump or compare; print the number of differences."""
    mode, path = sys.argv[1], Path(sys.argv[2])
    cur = run([Path(p) for p in sys.argv[3:]])
    if mode == "dump":
        path.write_text(json.dumps(cur, ensure_ascii=False), encoding="utf-8")
        print({k: len(v["batch"]) for k, v in cur.items()})
        return 0
    ref = json.loads(path.read_text(encoding="utf-8"))
    bad = inexact = 0
    for name, sets in ref.items():
        assert sets["texts"] == cur[name]["texts"], f"{name}: different texts"
        for kind in ("batch", "single"):
            for text, a, b in zip(sets["texts"], sets[kind], cur[name][kind], strict=False):
                inexact += a != b
                if not same(a, b):
                    bad += 1
                    if bad <= 10:
                        print("DIFF", name, kind, repr(text[:100]), "\n  before", a, "\n  now   ", b)
        print(f"{name}: {len(sets['batch'])} texts compared")
    print(f"differences: {bad}; not bit-identical: {inexact}")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
