"""Patient-safety flags on the labelled go-live sets: recall on messages that must be flagged, false alarms on the rest.

    python bench/eval_safety.py [--themes FILE] [--show]

tests/data/golive_safety.tsv was written in five rounds; the cues in data/themes.toml were widened after
each round, so it measures coverage of what the rules were built on. tests/data/golive_safety_holdout.tsv
was written after the last change and measured once: it is the figure for text the rules have not seen.
--themes scores another theme file (e.g. an older version: `git show REV:data/themes.toml > old.toml`).
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SETS = {"tuned": ROOT / "tests" / "data" / "golive_safety.tsv",
        "holdout": ROOT / "tests" / "data" / "golive_safety_holdout.tsv"}


def read(path: Path) -> list[tuple[bool, str]]:
    """(must be flagged, text) rows of a labelled safety set."""
    with open(path, encoding="utf-8", newline="") as fh:
        return [(r["flag"] == "1", r["text"]) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


def main() -> int:
    """Print recall and false alarms per set (and the misses with --show)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--themes", type=Path, help="theme file to score (default: data/themes.toml)")
    ap.add_argument("--show", action="store_true", help="list missed flags and false alarms")
    args = ap.parse_args()
    if args.themes:
        os.environ["GOLIVE_THEMES"] = str(args.themes.resolve())
    from analysis.text.sentiment import analyze_batch

    for name, path in SETS.items():
        rows = read(path)
        res = analyze_batch([t for _f, t in rows])
        must = [(r.safety, t, r.safety_reason) for (f, t), r in zip(rows, res, strict=True) if f]
        calm = [(r.safety, t, r.safety_reason) for (f, t), r in zip(rows, res, strict=True) if not f]
        hit = sum(s for s, _t, _r in must)
        false = sum(s for s, _t, _r in calm)
        print(f"{name:8s} recall {hit}/{len(must)} = {hit / len(must):.2f}   "
              f"false alarms {false}/{len(calm)} = {false / len(calm):.2f}")
        if args.show:
            for s, t, _r in must:
                if not s:
                    print(f"   missed: {t}")
            for s, t, r in calm:
                if s:
                    print(f"   false alarm: {t}  ({r})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
