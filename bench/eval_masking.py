"""Masking benchmark: recall per kind on the written variants, and false masks on ordinary go-live text.

Usage: python bench/eval_masking.py [--variants tests/data/masking_variants.tsv] [--show]

A variant counts as found when the masked text equals its expected text exactly ("behold" rows must come
back unchanged). Every text of tests/data/golive_sentiment*.tsv and golive_safety*.tsv is ordinary go-live
talk without personal data (checked by eye), so any mask there is a false mask.
"""

from __future__ import annotations

import argparse
import csv
from collections import Counter
from pathlib import Path

from analysis.text.masking import mask_text

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_MINIMAL))


def variant_recall(path: Path, show: bool = False) -> dict[str, tuple[int, int]]:
    """(found, total) per kind of variant; prints the misses when `show`."""
    out: dict[str, list[int]] = {}
    for row in read_tsv(path):
        got = mask_text(row["text"])[0]
        hit = got == row["expected"]
        tally = out.setdefault(row["kind"], [0, 0])
        tally[0] += hit
        tally[1] += 1
        if show and not hit:
            print(f"  MISS {row['kind']}: {row['text']!r}\n    got      {got!r}\n    expected {row['expected']!r}")
    return {k: (v[0], v[1]) for k, v in out.items()}


def golive_texts() -> list[str]:
    """Every text of the labelled go-live sets (sentiment and safety), which hold no personal data."""
    files = sorted(DATA.glob("golive_sentiment*.tsv")) + sorted(DATA.glob("golive_safety*.tsv"))
    return [row["text"] for f in files for row in read_tsv(f)]


def false_masks(texts: list[str], show: bool = False) -> tuple[int, Counter]:
    """Number of texts with any mask, and the masks by kind."""
    n, kinds = 0, Counter()
    for text in texts:
        masked, counts = mask_text(text)
        if counts:
            n += 1
            kinds.update(counts)
            if show:
                print(f"  FALSE MASK: {text!r} -> {masked!r}")
    return n, kinds


def main() -> None:
    """Print recall per kind, overall recall and the false-mask rate."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", type=Path, default=DATA / "masking_variants.tsv")
    ap.add_argument("--show", action="store_true", help="print every miss and false mask")
    args = ap.parse_args()
    recall = variant_recall(args.variants, args.show)
    found = sum(f for f, _ in recall.values())
    total = sum(t for _, t in recall.values())
    print(f"Variants: {args.variants.name} ({total})")
    for kind, (f, t) in sorted(recall.items()):
        print(f"  {kind:<15} {f:>4}/{t:<4} {f / t:.3f}")
    print(f"  {'all':<15} {found:>4}/{total:<4} {found / total:.3f}")
    texts = golive_texts()
    n, kinds = false_masks(texts, args.show)
    print(f"False masks on go-live text: {n}/{len(texts)} texts = {n / len(texts):.2%} {dict(kinds) or ''}")


if __name__ == "__main__":
    main()
