"""CSV separator and quoting on tests/data/hardened: csv.Sniffer-style count vs clevercsv vs the structural check."""

from __future__ import annotations

import csv
import io
import sys
import time
from collections import Counter
from pathlib import Path

from analysis.importers.read_stage import ImportRefused, decode, read_table

CASES = Path(__file__).resolve().parents[1] / "tests" / "data" / "hardened"
# file -> (separator, what a correct reader does: "ok" = imports every row apart, "refuse" = refuses the file)
EXPECTED = {
    "semikolon_komma_linjeskift.csv": (";", "ok"),
    "komma_semikolon.csv": (",", "ok"),
    "ubalansert_anforselstegn.csv": (";", "refuse"),
    "ubalansert_til_slutt.csv": (";", "refuse"),
    "ubalansert_lukket_av_tommer.csv": (";", "refuse"),
    "dobbel_overskrift.csv": (";", "refuse"),
    "tittel_desimalkomma.csv": (";", "ok"),
    "tabulator_apostrof.csv": ("\t", "ok"),
    "loddrett_strek.csv": ("|", "ok"),
    "semikolon_alt_sitert.csv": (";", "ok"),
    "komma_engelsk.csv": (",", "ok"),
    "semikolon_flerlinjet_med_semikolon.csv": (";", "ok"),
}


def count_sniff(text: str) -> str:
    """The old read stage: the separator that splits most of the first 50 records into one width (>1)."""
    best, best_score = ",", (0, 0)
    for sep in (";", ",", "\t", "|"):
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=sep))[:50]
        counts = Counter(len(r) for r in rows if any(c.strip() for c in r))
        counts.pop(1, None)
        if counts:
            modal, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
            if (n, modal) > best_score:
                best, best_score = sep, (n, modal)
    return best


def clevercsv_sniff(text: str) -> str:
    """clevercsv's dialect detection over the whole text (pattern and type scores); needs `pip install clevercsv`."""
    import clevercsv  # measured, not a dependency: see docs/import.md

    dialect = clevercsv.Detector().detect(text)
    return dialect.delimiter if dialect else ""


def structural(data: bytes, name: str) -> tuple[str, str]:
    """The read stage: (separator, 'ok' or 'refuse')."""
    try:
        return read_table(data, name).separator or "", "ok"
    except ImportRefused:
        return "", "refuse"


def main() -> int:
    """Print, per method, how many files get the right separator and the right outcome, and the time taken."""
    sniffers = {"count (old)": count_sniff, "clevercsv": clevercsv_sniff}
    try:
        import clevercsv  # noqa: F401
    except ImportError:
        print("clevercsv is not installed: pip install clevercsv to compare it")
        del sniffers["clevercsv"]
    results: dict[str, list[tuple[str, bool, bool]]] = {name: [] for name in [*sniffers, "structural"]}
    elapsed: Counter = Counter()
    for name, (sep, outcome) in EXPECTED.items():
        data = (CASES / name).read_bytes()
        text, _ = decode(data, name)
        for method, fn in sniffers.items():
            started = time.perf_counter()
            got = fn(text)
            elapsed[method] += time.perf_counter() - started
            # Neither refuses anything: a file that must be refused counts as wrong.
            results[method].append((name, got == sep, outcome == "ok" and got == sep))
        started = time.perf_counter()
        got, did = structural(data, name)
        elapsed["structural"] += time.perf_counter() - started
        results["structural"].append((name, did == "refuse" or got == sep, did == outcome))
    for method, rows in results.items():
        seps = sum(s for _, s, _ in rows)
        right = sum(o for _, _, o in rows)
        wrong = ", ".join(n for n, s, o in rows if not o)
        print(f"{method:12} separator {seps}/{len(rows)}  outcome {right}/{len(rows)}  "
              f"{elapsed[method] * 1000:7.1f} ms  wrong: {wrong or '-'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
