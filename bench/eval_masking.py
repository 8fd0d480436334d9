"""Masking benchmark: recall per kind on the written variants, and false masks on ordinary go-live text.

Usage: python bench/eval_masking.py [--variants tests/data/masking_variants.tsv] [--show] [--against OLD_MASKING_PY]

A variant counts as found when the masked text equals its expected text exactly ("behold" rows must come
back unchanged). Every text of tests/data/golive_sentiment*.tsv and golive_safety*.tsv is ordinary go-live
talk without personal data (checked by eye), so any mask there is a false mask. With --against FILE (an
older masking.py, e.g. from `git show COMMIT:analysis/text/masking.py`) the same figures are printed for it too.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from analysis.text.masking import mask_text

Masker = Callable[[str], tuple[str, Counter]]

DATA = Path(__file__).resolve().parents[1] / "tests" / "data"


def read_tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_MINIMAL))


def variant_recall(path: Path, show: bool = False, mask: Masker = mask_text) -> dict[str, tuple[int, int]]:
    """(found, total) per kind of variant; prints the misses when `show`."""
    out: dict[str, list[int]] = {}
    for row in read_tsv(path):
        got = mask(row["text"])[0]
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


def false_masks(texts: list[str], show: bool = False, mask: Masker = mask_text) -> tuple[int, Counter]:
    """Number of texts with any mask, and the masks by kind."""
    n, kinds = 0, Counter()
    for text in texts:
        masked, counts = mask(text)
        if counts:
            n += 1
            kinds.update(counts)
            if show:
                print(f"  FALSE MASK: {text!r} -> {masked!r}")
    return n, kinds


def older_mask_text(path: Path) -> Masker:
    """mask_text of an older masking.py, loaded from its file under its own name."""
    spec = importlib.util.spec_from_file_location("masking_reference", path)
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod.mask_text


def report(variants: Path, show: bool, mask: Masker) -> None:
    """Print recall per kind, overall recall and the false-mask rate for one masking function."""
    recall = variant_recall(variants, show, mask)
    found = sum(f for f, _ in recall.values())
    total = sum(t for _, t in recall.values())
    print(f"Variants: {variants.name} ({total})")
    for kind, (f, t) in sorted(recall.items()):
        print(f"  {kind:<15} {f:>4}/{t:<4} {f / t:.3f}")
    print(f"  {'all':<15} {found:>4}/{total:<4} {found / total:.3f}")
    texts = golive_texts()
    n, kinds = false_masks(texts, show, mask)
    print(f"False masks on go-live text: {n}/{len(texts)} texts = {n / len(texts):.2%} {dict(kinds) or ''}")


def main() -> None:
    """Print the figures for the current masking (and for an older one with --against)."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--variants", type=Path, default=DATA / "masking_variants.tsv")
    ap.add_argument("--show", action="store_true", help="print every miss and false mask")
    ap.add_argument("--against", type=Path, help="an older masking.py to print the same figures for")
    args = ap.parse_args()
    if args.against:
        print(f"--- {args.against}")
        report(args.variants, args.show, older_mask_text(args.against))
        print("--- analysis/text/masking.py")
    report(args.variants, args.show, mask_text)


if __name__ == "__main__":
    main()
