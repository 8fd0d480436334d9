"""Phrase-bank speed: analyze_batch vs TextBlob's default analyzer on texts composed from the labelled messages.

This is the phrase-bank figure, word caches warm; the speed on real text with cold caches is
bench/bench_text_real.py.

Run it on one core: `taskset -c 0 python bench/bench_sentiment.py`. Both analyzers are timed in turns
(ours, TextBlob, ours, ...) so that they see the same machine load; each figure is the median of the
rounds, as wall-clock and as CPU time of this process (time.process_time, a one-core figure even on a
busy shared machine). Word-level caches are warm (as in a running app); text-level caches (lingua's
verdicts) are emptied before every round, and each round's own duplicates are scored once, as in any batch.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from collections.abc import Callable

from _golive import synthetic_norwegian


def _timed(fn: Callable[[], object]) -> tuple[float, float]:
    """Wall-clock and CPU seconds of one call."""
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def _textblob_all(texts: list[str]) -> None:
    """TextBlob's default sentiment (PatternAnalyzer) for every text."""
    from textblob import TextBlob

    for text in texts:
        _ = TextBlob(text).sentiment


def _clear_text_caches() -> None:
    """Forget per-text verdicts so that every round pays for lingua as new texts would."""
    from analysis.text import language

    language._fallback.cache_clear()


def main() -> int:
    """Print texts/s (wall and CPU) for both analyzers, the speed-up and whether the targets are met."""
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("-n", type=int, default=20_000, help="number of texts (default 20 000)")
    ap.add_argument("--rounds", type=int, default=5, help="timed rounds of each analyzer (default 5)")
    args = ap.parse_args()
    texts = synthetic_norwegian(args.n)
    warm = synthetic_norwegian(2_000, seed=99)
    distinct = len(set(texts))
    mean = sum(map(len, texts)) / len(texts)
    print(f"phrase-bank figure (warm word caches; real text: bench_text_real.py). "
          f"{len(texts)} Norwegian texts, {distinct} distinct, mean {mean:.0f} chars; {args.rounds} rounds each")

    t0 = time.perf_counter()
    from analysis.text.sentiment import analyze_batch

    res = analyze_batch(warm)  # load lexicons, build the taxonomy, fill word caches (not texts: seeds differ)
    print(f"start-up + warm-up of analyze_batch: {time.perf_counter() - t0:.2f} s")
    from analysis import _native

    modes = _native.status()
    print(f"hot modules: {sum(v == 'compiled' for v in modes.values())} of {len(modes)} compiled (Cython)"
          + (f"; {_native.PURE_ENV} set" if _native.pure_requested() else ""))
    t0 = time.perf_counter()
    _textblob_all(warm[:200])
    print(f"start-up + warm-up of TextBlob: {time.perf_counter() - t0:.2f} s")

    ours: list[tuple[float, float]] = []
    blob: list[tuple[float, float]] = []
    for _ in range(args.rounds):
        _clear_text_caches()
        ours.append(_timed(lambda: analyze_batch(texts)))
        blob.append(_timed(lambda: _textblob_all(texts)))
    res = analyze_batch(texts)

    def rate(runs: list[tuple[float, float]], i: int) -> float:
        return len(texts) / statistics.median(r[i] for r in runs)

    print(f"analyze_batch:    {rate(ours, 0):>8,.0f} texts/s wall, {rate(ours, 1):>8,.0f} texts/s CPU "
          f"({statistics.median(r[1] for r in ours) / distinct * 1e6:.0f} µs CPU per distinct text)")
    print(f"TextBlob default: {rate(blob, 0):>8,.0f} texts/s wall, {rate(blob, 1):>8,.0f} texts/s CPU")
    print("  rounds, CPU texts/s: ours " + ", ".join(f"{len(texts) / r[1]:,.0f}" for r in ours)
          + " | TextBlob " + ", ".join(f"{len(texts) / r[1]:,.0f}" for r in blob))
    speedup_wall, speedup_cpu = rate(ours, 0) / rate(blob, 0), rate(ours, 1) / rate(blob, 1)
    print(f"speed-up: {speedup_wall:.1f}x wall, {speedup_cpu:.1f}x CPU")
    print(f"labels: {sum(r.label == 'positive' for r in res)} pos, {sum(r.label == 'neutral' for r in res)} neu, "
          f"{sum(r.label == 'negative' for r in res)} neg; flagged {sum(r.safety for r in res)}")
    ok = rate(ours, 1) >= 30_000 and speedup_cpu >= 10
    print("phrase-bank targets (>= 30 000 texts/s and >= 10x TextBlob, CPU medians):", "MET" if ok else "NOT MET")
    return 0


if __name__ == "__main__":
    sys.exit(main())
