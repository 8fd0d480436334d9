"""Label/score agreement: on every labelled set and the demo texts, the share of texts whose label is
label_from(polarity) and whose evidence weights add up to the polarity. Both must be 100 %.

Also prints how many texts per set are neutral, how many of those show a strong score (|polarity| >=
the follow-up queue's 0.4, must be 0), and how many were damped by the opinion gate.
"""

from __future__ import annotations

import argparse
import csv
import math
import sys
from pathlib import Path

from _golive import ROOT
from analysis.demo.generator import generate_demo
from analysis.text import lexicon
from analysis.text.scoring import label_from
from analysis.text.sentiment import Analysis, analyze_batch

DATA = ROOT / "tests" / "data"
STRONG = 0.4  # rules.toml [oppfolging] sterkt_negativ: what the follow-up queue calls strongly negative
TOLERANCE = 1e-9


def read_texts(path: Path) -> list[str]:
    """The text column of a labelled TSV."""
    with open(path, encoding="utf-8", newline="") as fh:
        return [row["text"] or "" for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


def text_sets(norec: Path | None, seed: int) -> dict[str, list[str]]:
    """Every labelled set in tests/data, NoReC dev and train when given, and the demo's texts."""
    sets = {path.name: read_texts(path) for path in sorted(DATA.glob("golive_*.tsv"))}
    if norec:
        for split in ("dev", "train"):
            if (norec / f"{split}.tsv").exists():
                sets[f"NoReC {split}"] = read_texts(norec / f"{split}.tsv")
    demo = generate_demo(1.0, seed)
    sets[f"demo (seed {seed}): chat, reports, tickets"] = (
        list(demo.chat["text"]) + list(demo.reports["text"]) + list(demo.tickets["summary"]))
    return sets


def check(results: list[Analysis]) -> dict[str, int]:
    """Counts of the agreement checks over one set's results."""
    params = lexicon.load_params()
    out = {"n": len(results), "label": 0, "sum": 0, "neutral": 0, "neutral_strong": 0, "damped": 0}
    for r in results:
        out["label"] += r.label == label_from(r.polarity, params)
        out["sum"] += math.isclose(math.fsum(w for _t, _r, w in r._plain_evidence), r.polarity, abs_tol=TOLERANCE)
        out["neutral"] += r.label == "neutral"
        out["neutral_strong"] += r.label == "neutral" and abs(r.polarity) >= STRONG
        out["damped"] += any(rule == "no-stance" for _t, rule, _w in r._plain_evidence)
    return out


def main() -> int:
    """Print the agreement table; exit 1 unless both checks hold on every text."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--norec", type=Path, help="directory with NoReC_sentence dev.tsv/train.tsv (optional)")
    ap.add_argument("--seed", type=int, default=7, help="demo seed")
    args = ap.parse_args()
    print(f"label_threshold {lexicon.load_params().label_threshold}, no_stance_max "
          f"{lexicon.load_params().no_stance_max}")
    print(f"{'set':44s} {'texts':>7s} {'label=f(pol)':>13s} {'sum=pol':>9s} {'neutral':>8s} "
          f"{'neutral |pol|>=0.4':>19s} {'damped':>7s}")
    ok = True
    for name, texts in text_sets(args.norec, args.seed).items():
        c = check(analyze_batch(texts))
        n = max(c["n"], 1)
        ok &= c["label"] == c["n"] and c["sum"] == c["n"] and c["neutral_strong"] == 0
        print(f"{name:44s} {c['n']:7d} {c['label'] / n:13.1%} {c['sum'] / n:9.1%} {c['neutral']:8d} "
              f"{c['neutral_strong']:19d} {c['damped']:7d}")
    print("all agree" if ok else "DISAGREEMENT")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
