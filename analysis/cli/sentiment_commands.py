"""Command line for the text analysis: `python -m analysis sentiment [--eval FILE.tsv [--binary]]`."""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Sequence

from analysis.errors import InputError
from analysis.text.sentiment import LABELS, analyze_batch

_BATCH = 2000


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the `sentiment` sub-command."""
    p = subparsers.add_parser(
        "sentiment",
        help="stemning, tema og pasientsikkerhet for tekst (én tekst per linje på stdin, JSON ut)",
        description="Leser én tekst per linje på standard inn og skriver ett JSON-objekt per linje. "
        "Med --eval FIL.tsv (kolonner label og text) skrives treffsikkerhet, makro-F1 og forvekslingsmatrise.",
    )
    p.add_argument("--eval", metavar="FILE.tsv", help="TSV-fil med kolonnene label og text (med overskriftsrad)")
    p.add_argument("--binary", action="store_true", help="bare positive/negative setninger; polaritet < 0 er negativ")
    p.set_defaults(func=run)
    return p


def read_labelled(path: str) -> tuple[list[str], list[str]]:
    """Gold labels (lowercased) and texts from a TSV with a header row holding `label` and `text`."""
    with open(path, encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
        gold, texts = [], []
        for row in reader:
            label = (row.get("label") or "").strip().lower()
            if label in LABELS:
                gold.append(label)
                texts.append(row.get("text") or "")
    return gold, texts


def evaluate(gold: Sequence[str], pred: Sequence[str], labels: Sequence[str]) -> dict:
    """Accuracy, macro-F1, per-class F1 and the confusion matrix (rows gold, columns predicted)."""
    conf = {g: {p: 0 for p in labels} for g in labels}
    for g, p in zip(gold, pred, strict=True):
        if g in conf and p in conf[g]:
            conf[g][p] += 1
    f1s = {}
    for lab in labels:
        tp = conf[lab][lab]
        fp = sum(conf[g][lab] for g in labels) - tp
        fn = sum(conf[lab].values()) - tp
        f1s[lab] = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    n = sum(sum(r.values()) for r in conf.values())
    acc = sum(conf[lab][lab] for lab in labels) / n if n else 0.0
    return {"n": n, "accuracy": acc, "macro_f1": sum(f1s.values()) / len(labels), "f1": f1s, "confusion": conf}


def predict(texts: Sequence[str], binary: bool = False) -> list[str]:
    """Predicted labels; in binary mode polarity < 0 is negative, otherwise positive."""
    res = analyze_batch(list(texts))
    if binary:
        return ["negative" if r.polarity < 0 else "positive" for r in res]
    return [r.label for r in res]


def format_report(rep: dict, labels: Sequence[str]) -> str:
    """Human-readable report."""
    lines = [f"n={rep['n']}  accuracy={rep['accuracy']:.3f}  macro-F1={rep['macro_f1']:.3f}"]
    lines.append("F1: " + "  ".join(f"{lab}={rep['f1'][lab]:.3f}" for lab in labels))
    lines.append("confusion (rows gold, columns predicted):")
    lines.append(" " * 10 + "".join(f"{lab:>10}" for lab in labels))
    for g in labels:
        lines.append(f"{g:>10}" + "".join(f"{rep['confusion'][g][p]:>10}" for p in labels))
    return "\n".join(lines)


def run_eval(path: str, binary: bool) -> int:
    """Evaluate on a labelled TSV and print the report."""
    gold, texts = read_labelled(path)
    labels = ("positive", "negative") if binary else LABELS
    if binary:
        keep = [i for i, g in enumerate(gold) if g != "neutral"]
        gold, texts = [gold[i] for i in keep], [texts[i] for i in keep]
    if not gold:
        raise InputError(f"Fant ingen merkede rader i {path}.", "Filen trenger kolonnene label og text.")
    rep = evaluate(gold, predict(texts, binary), labels)
    print(format_report(rep, labels))
    return 0


def run_stream(stdin: object, stdout: object) -> int:
    """Score one text per input line, one JSON object per output line, in order."""
    batch: list[str] = []

    def flush() -> None:
        for text, res in zip(batch, analyze_batch(batch), strict=True):
            stdout.write(json.dumps({"text": text, **res.to_dict()}, ensure_ascii=False) + "\n")
        batch.clear()

    for line in stdin:
        batch.append(line.rstrip("\r\n"))
        if len(batch) >= _BATCH:
            flush()
    flush()
    stdout.flush()
    return 0


def run(args: argparse.Namespace) -> int:
    """Entry point for the sub-command."""
    if getattr(args, "eval", None):
        return run_eval(args.eval, bool(getattr(args, "binary", False)))
    return run_stream(sys.stdin, sys.stdout)
