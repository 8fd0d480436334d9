"""Speed of analyze_batch vs TextBlob's default analyzer on the same Norwegian texts, one core, one run."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench._golive import synthetic_norwegian  # noqa: E402


def main() -> int:
    """Print texts/s for both analyzers and the speed-up."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=20_000, help="number of texts (default 20 000)")
    args = ap.parse_args()
    texts = synthetic_norwegian(args.n)
    warm = synthetic_norwegian(2_000, seed=99)
    mean = sum(map(len, texts)) / len(texts)
    print(f"{len(texts)} Norwegian texts, {len(set(texts))} distinct, mean {mean:.0f} chars")

    t0 = time.perf_counter()
    from analysis.sentiment import analyze_batch

    analyze_batch(warm)  # load lexicons, build the taxonomy, fill word caches (not texts: seeds differ)
    t_load = time.perf_counter() - t0
    t0 = time.perf_counter()
    res = analyze_batch(texts)
    t_ours = time.perf_counter() - t0
    ours = len(texts) / t_ours
    print(f"analyze_batch (warm word caches): {ours:,.0f} texts/s  ({t_ours:.2f} s; start-up + warm-up {t_load:.2f} s)")
    print(f"  labels: {sum(r.label == 'positive' for r in res)} pos, {sum(r.label == 'neutral' for r in res)} neu, "
          f"{sum(r.label == 'negative' for r in res)} neg; flagged {sum(r.safety for r in res)}")

    from textblob import TextBlob

    _ = TextBlob("warm up").sentiment
    t0 = time.perf_counter()
    for text in texts:
        _ = TextBlob(text).sentiment
    t_tb = time.perf_counter() - t0
    tb = len(texts) / t_tb
    print(f"TextBlob default (PatternAnalyzer): {tb:,.0f} texts/s  ({t_tb:.2f} s)")
    print(f"speed-up: {ours / tb:.1f}x")
    ok = ours >= 30_000 and ours / tb >= 10
    print("targets (>= 30 000 texts/s and >= 10x TextBlob):", "MET" if ok else "NOT MET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
