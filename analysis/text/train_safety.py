"""Fit the patient-safety model: logistic regression (scikit-learn) over the features of analysis.text.safety.

    python -m analysis.text.train_safety [--out FILE] [--check] [--cv]

Trains on the labelled sets tests/data/golive_safety.tsv, golive_safety_holdout.tsv, golive_safety_valid.tsv and
golive_safety_fresh.tsv (round 1's validation and fresh sets, measured before round 2 and training data since),
and analysis/text/data/safety_train.tsv and safety_train2.tsv (written for the model), with the rules of
data/themes.toml as they are. The regularisation C and the logit threshold are chosen by 5-fold cross-validation
over whole texts (seed 20220507): the threshold is the lowest cut whose out-of-fold precision stays at or above
PRECISION_FLOOR, scored per text as at run time (best sentence; a text with no scored sentence is not flagged).
The fresh2 set is never read. The default run rewrites analysis/text/data/safety_weights.tsv byte for byte;
--check compares instead of writing (exit 1 on a difference).
"""

from __future__ import annotations

import argparse
import csv
import sys
from pathlib import Path

from analysis.text.safety_model import WEIGHTS_PATH, SafetyModel, format_weights

ROOT = Path(__file__).resolve().parents[2]
_TESTS = ROOT / "tests" / "data"
_DATA = Path(__file__).resolve().parent / "data"
TRAIN_SETS = (_TESTS / "golive_safety.tsv", _TESTS / "golive_safety_holdout.tsv", _TESTS / "golive_safety_valid.tsv",
              _TESTS / "golive_safety_fresh.tsv", _DATA / "safety_train.tsv", _DATA / "safety_train2.tsv")
THEMES = ROOT / "data" / "themes.toml"
SEED = 20220507
C_GRID = (0.1, 0.3, 1.0, 3.0, 10.0)
MIN_DF = 2  # a word or word pair seen in one training text only is noise
# Target on fresh text: recall >= 0.90 at precision >= 0.85. The cut is the lowest (most recall) whose
# out-of-fold precision stays at or above this floor, a margin over 0.85 for text unlike the training set.
PRECISION_FLOOR = 0.90


def read_rows(paths: tuple[Path, ...] = TRAIN_SETS) -> list[tuple[int, str]]:
    """(label, text) rows of labelled safety sets (columns flag, text)."""
    rows: list[tuple[int, str]] = []
    for path in paths:
        with open(path, encoding="utf-8", newline="") as fh:
            rows += [(int(r["flag"]), r["text"]) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]
    return rows


def featurise(rows: list[tuple[int, str]]) -> tuple[list[list[str]], list[int], list[int]]:
    """Training rows of features and labels under the shipped theme file, and each row's text number.

    The run-time score is the highest of a text's sentences, so a text that is not an incident gives one row
    per sentence (none of them reports one); an incident gives one row with the features of all its sentences
    (which sentence tells it is not labelled). Only sentences the run time scores count (safety.eligible), and
    texts that only ask are left out: run time decides them by rule.
    """
    import tomllib

    from analysis.text.safety import eligible, text_model_features
    from analysis.text.themes import build_index, parse_taxonomy

    index = build_index(parse_taxonomy(tomllib.loads(THEMES.read_text(encoding="utf-8"))))
    feats: list[list[str]] = []
    labels: list[int] = []
    groups: list[int] = []
    for n, (label, text) in enumerate(rows):
        sents, asks = text_model_features(text, index)
        sents = [f for f in sents if eligible(f)]  # run time scores only these sentences
        if asks or not sents:
            continue
        if label:
            feats.append(list(dict.fromkeys(f for s in sents for f in s)))
            labels.append(1)
            groups.append(n)
        else:
            feats += sents
            labels += [0] * len(sents)
            groups += [n] * len(sents)
    return feats, labels, groups


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


def _pick_threshold(scores, gold) -> tuple[float, float, float]:
    """(threshold, recall, precision) per text: the lowest cut with precision >= PRECISION_FLOOR (midpoint)."""
    import numpy as np

    order = np.argsort(-scores, kind="stable")
    s, t = scores[order], gold[order]
    tp, fp, pos = np.cumsum(t), np.cumsum(1 - t), max(int(gold.sum()), 1)
    best = (float(s[0]) + 1.0, 0.0, 0.0)
    for k in range(len(s)):
        if not np.isfinite(s[k]) or (k + 1 < len(s) and s[k + 1] == s[k]):
            continue
        prec = tp[k] / (tp[k] + fp[k])
        if prec >= PRECISION_FLOOR and t[k]:
            nxt = s[k + 1] if k + 1 < len(s) and np.isfinite(s[k + 1]) else s[k] - 1.0
            best = (float((s[k] + nxt) / 2), float(tp[k] / pos), float(prec))
    return best


def text_scores(row_scores, groups: list[int], n_texts: int):
    """Per text the best row score (-inf when the text has no scored sentence), as the run time decides."""
    import numpy as np

    out = np.full(n_texts, -np.inf)
    for sc, g in zip(row_scores, groups, strict=True):
        if sc > out[g]:
            out[g] = sc
    return out


def cross_validate(feats: list[list[str]], y, groups: list[int], text_gold, verbose: bool = False
                   ) -> tuple[float, float]:
    """(C, logit threshold) chosen by 5-fold CV over whole texts (vocabulary built inside each fold)."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    n_texts = len(text_gold)
    text_folds = list(StratifiedKFold(5, shuffle=True, random_state=SEED).split(np.zeros(n_texts), text_gold))
    fold_of = np.zeros(n_texts, dtype=np.int64)
    for k, (_tr, te) in enumerate(text_folds):
        fold_of[te] = k
    row_fold = fold_of[np.array(groups, dtype=np.int64)]
    best = (-1.0, -1.0, 0.0, 0.0)
    for c in C_GRID:
        oof = np.zeros(len(y))
        for k in range(len(text_folds)):
            tr, te = np.flatnonzero(row_fold != k), np.flatnonzero(row_fold == k)
            vocab = vocabulary([feats[i] for i in tr])
            model = _fit(matrix([feats[i] for i in tr], vocab), y[tr], c)
            oof[te] = model.decision_function(matrix([feats[i] for i in te], vocab))
        scores, gold = text_scores(oof, groups, n_texts), text_gold
        cut, rec, prec = _pick_threshold(scores, gold)
        if verbose:
            print(f"C={c:<5g} texts: recall={rec:.3f} precision={prec:.3f} threshold={cut:+.3f} "
                  f"(precision floor {PRECISION_FLOOR:g}, out-of-fold, {int(gold.sum())} incidents of {n_texts})")
        if (rec, prec) > best[:2]:
            best = (rec, prec, c, cut)
    return best[2], best[3]


def train(verbose: bool = False) -> SafetyModel:
    """Fit the model on the training sets and return it (weights rounded as shipped)."""
    import tomllib

    import numpy as np

    from analysis.text.safety import safety_signature
    from analysis.text.themes import parse_taxonomy

    rows = read_rows()
    feats, labels, groups = featurise(rows)
    y = np.array(labels, dtype=np.int64)
    c, cut = cross_validate(feats, y, groups, np.array([f for f, _t in rows], dtype=np.int64), verbose)
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
