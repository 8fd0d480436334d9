"""Quality figures: own go-live set, holdout, fresh sets, NoReC dev (binary and 3-class), baselines, language id."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from _golive import FRESH, HOLDOUT, OWN, ROOT, read_rows
from analysis.cli.sentiment_commands import evaluate, format_report, read_labelled
from analysis.text import lexicon
from analysis.text.language import detect_lingua
from analysis.text.sentiment import analyze_batch
from analysis.text.tokenize import normalise, tokenize

# Written after the nb-lex label/score agreement change (issue 12) and measured once: never tune on it.
FRESH2 = ROOT / "tests" / "data" / "golive_sentiment_fresh2.tsv"
# The word-count baseline keeps the polarity band chosen for it by CV on NoReC train (nb-lex-1.2).
BASELINE_BAND = (-0.52, 0.38)
THREE = ("positive", "neutral", "negative")
TWO = ("positive", "negative")


def labels_from(pols: list[float], lo: float, hi: float) -> list[str]:
    """3-class labels from polarities."""
    return ["positive" if p > hi else "negative" if p < lo else "neutral" for p in pols]


def report(title: str, gold: list[str], pred: list[str], labels: tuple[str, ...]) -> dict:
    """Print and return one evaluation."""
    rep = evaluate(gold, pred, labels)
    print(f"\n== {title}\n{format_report(rep, labels)}")
    return rep


def word_count_polarity(text: str) -> float:
    """Baseline: plain sum of the learned NoReC word weights, no rules, no domain lexicon."""
    learned = lexicon.learned_weights()
    return sum(learned.get(t, 0.0) for t in tokenize(normalise(text)) if t[0].isalpha())


def main() -> int:
    """Print all figures."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--norec", type=Path, help="directory with NoReC_sentence dev.tsv (optional)")
    args = ap.parse_args()
    summary = {}
    for name, path in [("own go-live set", OWN), ("holdout (written before tuning)", HOLDOUT),
                       ("fresh (third session, after its changes)", FRESH),
                       ("fresh2 (after the agreement change)", FRESH2)]:
        if not path.exists():
            continue
        gold, texts = read_labelled(str(path))
        summary[name] = report(f"{name}: 3-class", gold, [r.label for r in analyze_batch(texts)], THREE)["macro_f1"]

    rows = read_rows(OWN) + read_rows(HOLDOUT)
    t0 = time.perf_counter()
    ours = [r.language for r in analyze_batch([r["text"] for r in rows])]
    t_ours = time.perf_counter() - t0
    t0 = time.perf_counter()
    ling = [detect_lingua(normalise(r["text"])) for r in rows]
    t_ling = time.perf_counter() - t0
    acc_ours = sum(a == r["language"] for a, r in zip(ours, rows, strict=True)) / len(rows)
    acc_ling = sum(a == r["language"] for a, r in zip(ling, rows, strict=True)) / len(rows)
    print(f"\n== language id on {len(rows)} labelled go-live texts")
    print(f"marker rule + lingua fallback: accuracy {acc_ours:.3f} (full analysis {t_ours:.2f} s)")
    print(f"lingua alone (nb/nn/en):        accuracy {acc_ling:.3f} ({t_ling:.2f} s)")

    if args.norec:
        gold, texts = read_labelled(str(args.norec / "dev.tsv"))
        res = analyze_batch(texts)
        pols = [r.polarity for r in res]
        summary["NoReC dev 3-class"] = report("NoReC dev: 3-class", gold, [r.label for r in res], THREE)["macro_f1"]
        bi = [i for i, g in enumerate(gold) if g != "neutral"]
        bgold = [gold[i] for i in bi]
        summary["NoReC dev binary"] = report(
            "NoReC dev: binary (polarity < 0 negative)", bgold,
            ["negative" if pols[i] < 0 else "positive" for i in bi], TWO)["macro_f1"]
        print("\n== baselines on NoReC dev")
        summary["baseline always-positive binary"] = evaluate(bgold, ["positive"] * len(bgold), TWO)["macro_f1"]
        print(f"always positive: binary macro-F1 {summary['baseline always-positive binary']:.3f}")
        from textblob import TextBlob

        tb = [TextBlob(texts[i]).sentiment.polarity for i in range(len(texts))]
        summary["baseline TextBlob binary"] = evaluate(bgold, ["negative" if tb[i] < 0 else "positive" for i in bi],
                                                       TWO)["macro_f1"]
        summary["baseline TextBlob 3-class"] = evaluate(gold, labels_from(tb, -0.1, 0.1), THREE)["macro_f1"]
        print(f"TextBlob default: binary macro-F1 {summary['baseline TextBlob binary']:.3f}, 3-class (+-0.1) "
              f"{summary['baseline TextBlob 3-class']:.3f}; scores 0.0 on {sum(p == 0 for p in tb) / len(tb):.0%}")
        wc = [word_count_polarity(t) for t in texts]
        summary["baseline word-count binary"] = evaluate(bgold, ["negative" if wc[i] < 0 else "positive" for i in bi],
                                                         TWO)["macro_f1"]
        import math

        summary["baseline word-count 3-class"] = evaluate(
            gold, labels_from([math.tanh(x) for x in wc], *BASELINE_BAND), THREE)["macro_f1"]
        print(f"learned lexicon as plain word count (no rules): binary {summary['baseline word-count binary']:.3f}, "
              f"3-class {summary['baseline word-count 3-class']:.3f}")
    print("\n== summary")
    for k, v in summary.items():
        print(f"{k:40s} {v:.3f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
