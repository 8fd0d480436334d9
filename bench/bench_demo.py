"""Benchmark the demo build: rows per table, seconds per stage and file size, in a temp directory."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from analysis.demo import generator
from analysis.text import sentiment

# Scale 1 gives about 20 000 chat messages, so 50 gives about a million.
MILLION_SCALE = 50.0


def main(argv: list[str] | None = None) -> int:
    """Build the demo database once at the given scale and print what it cost."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scale", type=float, default=MILLION_SCALE, help="volume factor (50 ≈ 1 000 000 messages)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="bench_demo_") as tmp:
        start = time.perf_counter()
        summary = generator.build_demo(Path(tmp) / "bench.duckdb", scale=args.scale, seed=args.seed)
        wall = time.perf_counter() - start
    print(f"analyzer {sentiment.ANALYZER_VERSION}, scale {args.scale:g}, seed {args.seed}")
    for table, n in summary.rows.items():
        print(f"  {table:<20} {n:>10,}")
    for stage in ("generate", "score", "insert", "total"):
        print(f"  {stage:<20} {summary.seconds[stage]:>9.1f} s")
    print(f"  {'wall (incl. cleanup)':<20} {wall:>9.1f} s")
    print(f"  {'file size':<20} {summary.file_bytes / 1e6:>9.1f} MB")
    print(f"  {'distinct chat texts':<20} {summary.distinct_share:>10.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
