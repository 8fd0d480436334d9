"""Agreement of the analyzer's labels with the demo generator's own tone labels (a check on composed chat).

The demo composes each chat message from phrase-bank parts chosen by a tone (negative, neutral:
information questions and plain status, positive); that tone is not stored. This script generates the
demo at scale 1 in memory, scores every message and prints the macro-F1 against the tone and the
confusion matrix. It is a plausibility check on multi-sentence chat, not an independent test set: the
phrase bank and the analyzer were written by the same team.

    python bench/eval_demo_tone.py [--seed 7] [--examples 10]
"""

from __future__ import annotations

import argparse
import random
import sys
from collections import Counter

from analysis.demo.generator import generate_demo
from analysis.text.sentiment import analyze_batch

LABELS = ("positive", "neutral", "negative")
TONE = {0: "negative", 1: "neutral", 2: "positive"}


def main() -> int:
    """Print macro-F1, per-class F1, the confusion matrix and a few disagreements."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--examples", type=int, default=10, help="disagreements to print (positive <-> negative)")
    args = ap.parse_args()
    chat = generate_demo(1.0, seed=args.seed).chat
    gold = [TONE[int(t)] for t in chat["tone"]]
    pred = [r.label for r in analyze_batch(chat["text"].tolist())]
    conf = Counter(zip(gold, pred, strict=True))
    f1 = {}
    for lab in LABELS:
        tp = conf[(lab, lab)]
        fp = sum(conf[(g, lab)] for g in LABELS if g != lab)
        fn = sum(conf[(lab, p)] for p in LABELS if p != lab)
        f1[lab] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    print(f"{len(gold)} demo chat messages (seed {args.seed})")
    print(f"macro-F1 against the generator's tone: {sum(f1.values()) / 3:.3f} "
          + " ".join(f"{k}={v:.3f}" for k, v in f1.items()))
    print("confusion (rows: tone, columns: analyzer)  " + "  ".join(f"{p:>9}" for p in LABELS))
    for g in LABELS:
        print(f"  {g:<9}" + "".join(f"{conf[(g, p)]:>11}" for p in LABELS))
    flips = [(g, p, t) for g, p, t in zip(gold, pred, chat["text"], strict=True) if {g, p} == {"positive", "negative"}]
    for g, p, t in random.Random(1).sample(flips, min(args.examples, len(flips))):
        print(f"  {g[:3]} -> {p[:3]}: {t[:110]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
