"""Patient-safety flags on the labelled go-live sets and on the demo: recall, precision and F1, model and rules.

    python bench/eval_safety.py [--show] [--demo] [--sets NAME,...]

Sets (columns flag, text):
- tuned: tests/data/golive_safety.tsv, the set the rules were widened on (also trained on);
- holdout: tests/data/golive_safety_holdout.tsv, written after the last rule change of nb-lex-1.4 (trained on now);
- train: analysis/text/data/safety_train.tsv, written for the model (trained on);
- train2: analysis/text/data/safety_train2.tsv, written for round 2 of the model (trained on);
- valid: tests/data/golive_safety_valid.tsv, written before the model was fitted (trained on since round 2);
- fresh: tests/data/golive_safety_fresh.tsv, round 1's fresh set, measured once, then trained on in round 2;
- fresh2: tests/data/golive_safety_fresh2.tsv, written after round 2's last change and measured once.
"old rules" are the keyword rules alone with the theme file of the last commit (`git show HEAD:data/themes.toml`);
"rules now" the keyword rules alone with the current theme file; "flag" is what the analyzer stores.

--demo builds the demo's texts (analysis.demo.generate_demo, seed 7, nothing written) and prints per ISO week the
messages the generator meant as incidents (a part from the phrase bank's problem pools of the safety themes
legemidler, elink and henvisning, or from the e-link story), what is flagged, and the overlap.
"""

from __future__ import annotations

import argparse
import csv
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SETS = {"tuned": ROOT / "tests" / "data" / "golive_safety.tsv",
        "holdout": ROOT / "tests" / "data" / "golive_safety_holdout.tsv",
        "train": ROOT / "analysis" / "text" / "data" / "safety_train.tsv",
        "train2": ROOT / "analysis" / "text" / "data" / "safety_train2.tsv",
        "valid": ROOT / "tests" / "data" / "golive_safety_valid.tsv",
        "fresh": ROOT / "tests" / "data" / "golive_safety_fresh.tsv",
        "fresh2": ROOT / "tests" / "data" / "golive_safety_fresh2.tsv"}
# The phrase bank's pools whose parts the generator means as patient-safety incidents: the problems of the safety
# themes (BRIEF.md: medication, messages, referrals) and the Lyngåsen e-link story.
INCIDENT_POOLS = (("problem", "legemidler"), ("problem", "elink"), ("problem", "henvisning"),
                  ("elink_story", None), ("report_elink", None))
# Parts of those pools that describe slowness, not an incident.
NOT_INCIDENTS = ("legemiddelhåndteringen tar dobbelt så lang tid som før",)


def read(path: Path) -> list[tuple[bool, str]]:
    """(must be flagged, text) rows of a labelled safety set."""
    with open(path, encoding="utf-8", newline="") as fh:
        return [(r["flag"] == "1", r["text"]) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


def rules_only(theme_toml: str) -> Callable[[list[str]], list[tuple[bool, str | None]]]:
    """A scorer of (flag, reason) by the keyword rules alone, under a theme file's text."""
    from analysis.text.safety import _sentences, themes_and_safety
    from analysis.text.themes import build_index, parse_taxonomy
    from analysis.text.tokenize import normalise, tokenize

    index = build_index(parse_taxonomy(tomllib.loads(theme_toml)))

    def score(texts: list[str]) -> list[tuple[bool, str | None]]:
        out = []
        for t in texts:
            _th, flag, reason = themes_and_safety(_sentences(tokenize(normalise(t))), index=index)
            out.append((flag, reason))
        return out

    return score


def old_themes() -> str:
    """The theme file of the last commit (the current file when git cannot say)."""
    try:
        return subprocess.run(["git", "show", "HEAD:data/themes.toml"], cwd=ROOT, capture_output=True, text=True,
                              check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return (ROOT / "data" / "themes.toml").read_text(encoding="utf-8")


def prf(pred: list[bool], gold: list[bool]) -> tuple[int, int, int, float, float, float]:
    """(true positives, flagged, incidents, recall, precision, F1)."""
    tp = sum(p and g for p, g in zip(pred, gold, strict=True))
    n_pred, n_gold = sum(pred), sum(gold)
    rec = tp / n_gold if n_gold else 0.0
    prec = tp / n_pred if n_pred else 0.0
    f1 = 2 * rec * prec / (rec + prec) if rec + prec else 0.0
    return tp, n_pred, n_gold, rec, prec, f1


def _line(name: str, kind: str, pred: list[bool], gold: list[bool]) -> str:
    """One printed row of figures."""
    tp, n_pred, n_gold, rec, prec, f1 = prf(pred, gold)
    fa = n_pred - tp
    return (f"{name:8s} {kind:10s} recall {tp:3d}/{n_gold:<3d} = {rec:.2f}  precision {tp:3d}/{n_pred:<3d} = {prec:.2f}"
            f"  F1 {f1:.2f}  false alarms {fa}/{len(gold) - n_gold}")


def eval_sets(names: list[str], show: bool) -> None:
    """Print the figures of each labelled set: the analyzer's flag, the rules now and the old rules."""
    from analysis.text.sentiment import analyze_batch

    now = rules_only((ROOT / "data" / "themes.toml").read_text(encoding="utf-8"))
    old = rules_only(old_themes())
    for name in names:
        path = SETS[name]
        if not path.exists():
            print(f"{name:8s} (no file {path.relative_to(ROOT)})")
            continue
        rows = read(path)
        texts = [t for _f, t in rows]
        gold = [f for f, _t in rows]
        res = analyze_batch(texts)
        flag = [r.safety for r in res]
        print(_line(name, "flag", flag, gold))
        print(_line("", "rules now", [f for f, _r in now(texts)], gold))
        print(_line("", "old rules", [f for f, _r in old(texts)], gold))
        if show:
            for (g, t), r in zip(rows, res, strict=True):
                if g and not r.safety:
                    print(f"   missed: {t}")
                elif r.safety and not g:
                    print(f"   false alarm: {t}  ({r.safety_reason})")


def incident_phrases() -> list[str]:
    """The lower-cased phrase-bank parts the demo generator means as incidents (final punctuation dropped)."""
    from analysis.demo.phrases import BANKS, expand

    out: set[str] = set()
    for lang, bank in BANKS.items():
        for key, theme in INCIDENT_POOLS:
            entry = bank.get(key, ())
            if isinstance(entry, dict):  # a theme's own parts only, not the 'generelt' fallback
                entry = entry.get(theme, ())
            for p in expand(entry, lang):
                low = p.lower().rstrip(".!?")
                if low not in NOT_INCIDENTS:
                    out.add(low)
    return sorted(out)


def eval_demo() -> None:
    """Per ISO week of the demo: intended incidents, flagged (analyzer and old rules), and their overlap."""
    import pandas as pd

    from analysis.demo.generator import generate_demo
    from analysis.text.sentiment import analyze_batch

    data = generate_demo()
    frame = pd.concat([data.chat[["ts", "text"]], data.reports[["reported_at", "text"]].rename(
        columns={"reported_at": "ts"})], ignore_index=True)
    phrases = incident_phrases()
    lows = [t.lower() for t in frame["text"]]
    frame["intended"] = [any(p in low for p in phrases) for low in lows]
    frame["flag"] = [r.safety for r in analyze_batch(list(frame["text"]))]
    uniq = list(dict.fromkeys(frame["text"]))
    old = dict(zip(uniq, (f for f, _r in rules_only(old_themes())(uniq)), strict=True))
    frame["old"] = frame["text"].map(old)
    frame["week"] = pd.to_datetime(frame["ts"]).dt.isocalendar().week
    print("ISO week  intended  flagged  both  flagged-not-intended  intended-not-flagged  | old rules flagged  both")
    for week, g in frame.groupby("week"):
        both = int((g.flag & g.intended).sum())
        old_both = int((g.old & g.intended).sum())
        print(f"{int(week):8d}  {int(g.intended.sum()):8d}  {int(g.flag.sum()):7d}  {both:4d}  "
              f"{int(g.flag.sum()) - both:20d}  {int(g.intended.sum()) - both:20d}  | {int(g.old.sum()):17d}  "
              f"{old_both:4d}")
    gold, pred, pred_old = list(frame.intended), list(frame.flag), list(frame.old)
    print(_line("demo", "flag", pred, gold))
    print(_line("", "old rules", pred_old, gold))


def main() -> int:
    """Print recall, precision and F1 per set (misses with --show), and the demo's weeks with --demo."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sets", default=",".join(SETS), help="comma-separated set names (default: all)")
    ap.add_argument("--show", action="store_true", help="list missed flags and false alarms")
    ap.add_argument("--demo", action="store_true", help="weekly flag counts of the demo against its intent")
    args = ap.parse_args()
    eval_sets([s for s in args.sets.split(",") if s], args.show)
    if args.demo:
        eval_demo()
    return 0


if __name__ == "__main__":
    sys.exit(main())
