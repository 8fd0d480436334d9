"""Learn word weights from NoReC_sentence train: `python -m analysis.text.train --norec DIR --out DIR`.

Model: an ordinal (all-threshold) logistic regression with symmetric cut-points +-t and no intercept,
so that a text without known words scores 0 (neutral). A word's weight is its own weight plus the
mean of its character n-gram weights (fastText-style), so unseen compounds get a sensible weight.
The features are built by the same rule engine as at run time (negation, intensifiers, contrast,
question, exclamation), so the learned weights fit the rules. Hyper-parameters are chosen by 5-fold
cross-validation on train only; dev is never read here. Only derived weights are written.
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from dataclasses import asdict, replace
from pathlib import Path

import numpy as np

from analysis.sentiment import ANALYZER_VERSION  # one version string: bump it there before retraining
from analysis.text.lexicon import RuleParams, char_ngrams, domain_lexicon
from analysis.text.scoring import coefficient, walk
from analysis.text.tokenize import normalise, tokenize

SEED = 20220507
LABEL_INDEX = {"negative": 0, "neutral": 1, "positive": 2}


def read_split(path: Path) -> tuple[list[str], np.ndarray]:
    """Texts and label indices (0 neg, 1 neu, 2 pos) of a NoReC_sentence TSV."""
    texts, labels = [], []
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
            lab = (row.get("label") or "").strip().lower()
            if lab in LABEL_INDEX:
                texts.append(row.get("text") or "")
                labels.append(LABEL_INDEX[lab])
    return texts, np.array(labels, dtype=np.int64)


def _train_lookup(word: str) -> tuple[str, float, tuple]:
    """During training a word is a feature with unit weight, unless the domain lexicon fixes its weight."""
    domain, _phrases = domain_lexicon()
    if word in domain:
        return "domain", domain[word], ()
    return "lexicon", 1.0, ()


def occurrences(texts: list[str], params: RuleParams) -> tuple[list[list[tuple[str, float]]], np.ndarray]:
    """(word, rule coefficient) pairs per text, and the fixed score from domain words and emoji.

    The run-time rule engine builds both, so the learned weights are fitted around the hand-written
    domain weights exactly as they are combined at run time.
    """
    _domain, phrases = domain_lexicon()
    out, offset = [], np.zeros(len(texts))
    for i, text in enumerate(texts):
        occs = walk(tokenize(normalise(text)), params, _train_lookup, phrases)
        out.append([(o[0], coefficient(o)) for o in occs if o[1] == "lexicon"])
        offset[i] = sum(o[2] * coefficient(o) for o in occs if o[1] != "lexicon")
    return out, offset


class Features:
    """Sparse design matrix (COO arrays) over words and character n-grams."""

    def __init__(self, occ: list[list[tuple[str, float]]], offset: np.ndarray, params: RuleParams) -> None:
        """Index the vocabulary and build row/col/value arrays."""
        self.offset = offset
        self.words: dict[str, int] = {}
        self.grams: dict[str, int] = {}
        self.word_grams: dict[str, list[str]] = {}
        for pairs in occ:
            for w, _c in pairs:
                if w not in self.words:
                    self.words[w] = len(self.words)
                    grams = char_ngrams(w, params.ngram_min, params.ngram_max)
                    self.word_grams[w] = grams
                    for g in grams:
                        self.grams.setdefault(g, len(self.grams))
        rows, cols, vals = [], [], []
        nw = len(self.words)
        for i, pairs in enumerate(occ):
            for w, c in pairs:
                rows.append(i)
                cols.append(self.words[w])
                vals.append(c)
                grams = self.word_grams[w]
                share = c / len(grams)
                for g in grams:
                    rows.append(i)
                    cols.append(nw + self.grams[g])
                    vals.append(share)
        self.rows = np.array(rows, dtype=np.int64)
        self.cols = np.array(cols, dtype=np.int64)
        self.vals = np.array(vals, dtype=np.float64)
        self.n_rows = len(occ)
        self.n_cols = nw + len(self.grams)
        self.n_words = nw

    def subset(self, idx: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, np.ndarray]:
        """COO arrays and offsets restricted to some rows (re-numbered 0..len(idx)-1)."""
        pos = np.full(self.n_rows, -1, dtype=np.int64)
        pos[idx] = np.arange(len(idx))
        keep = pos[self.rows] >= 0
        return pos[self.rows[keep]], self.cols[keep], self.vals[keep], len(idx), self.offset[idx]

    def whole(self) -> tuple[np.ndarray, np.ndarray, np.ndarray, int, np.ndarray]:
        """All rows."""
        return self.rows, self.cols, self.vals, self.n_rows, self.offset


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """Numerically stable logistic function."""
    return 0.5 * (1.0 + np.tanh(0.5 * x))


def _softplus(x: np.ndarray) -> np.ndarray:
    """log(1 + exp(x)) without overflow."""
    return np.logaddexp(0.0, x)


def fit(coo: tuple, y: np.ndarray, n_cols: int, n_words: int, l2_word: float, l2_gram: float,
        iters: int = 300) -> tuple[np.ndarray, float]:
    """Fit the ordinal model with L-BFGS; returns (weights, half-width t of the neutral band)."""
    rows, cols, vals, n, offset = coo
    counts = np.bincount(y, minlength=3).astype(float)
    cw = (len(y) / (3.0 * np.maximum(counts, 1.0)))[y]  # balanced class weights
    z1 = np.where(y > 0, 1.0, -1.0)
    z2 = np.where(y > 1, 1.0, -1.0)
    reg = np.full(n_cols + 1, l2_gram)
    reg[:n_words] = l2_word
    reg[-1] = 0.0  # t is not penalised

    def f_and_g(theta: np.ndarray) -> tuple[float, np.ndarray]:
        w, t = theta[:-1], theta[-1]
        s = np.bincount(rows, weights=vals * w[cols], minlength=n) + 2.0 * offset  # offsets are in tanh units
        m1 = -z1 * (s + t)
        m2 = -z2 * (s - t)
        loss = np.sum(cw * (_softplus(m1) + _softplus(m2))) + 0.5 * np.sum(reg * theta * theta)
        g1 = cw * _sigmoid(m1)
        g2 = cw * _sigmoid(m2)
        ds = -z1 * g1 - z2 * g2
        grad = np.empty_like(theta)
        grad[:-1] = np.bincount(cols, weights=vals * ds[rows], minlength=n_cols)
        grad[-1] = np.sum(-z1 * g1 + z2 * g2)
        grad += reg * theta
        return float(loss), grad

    theta = np.zeros(n_cols + 1)
    theta[-1] = 1.0
    return _lbfgs(f_and_g, theta, iters)[:-1], float(_lbfgs_last_t)


_lbfgs_last_t = 1.0


def _lbfgs(fg, x: np.ndarray, iters: int, m: int = 10) -> np.ndarray:
    """Minimal L-BFGS with backtracking (Armijo) line search."""
    global _lbfgs_last_t
    f, g = fg(x)
    s_list: list[np.ndarray] = []
    y_list: list[np.ndarray] = []
    for _ in range(iters):
        q = g.copy()
        alphas = []
        for s, yv in zip(reversed(s_list), reversed(y_list), strict=True):
            rho = 1.0 / float(yv @ s)
            a = rho * float(s @ q)
            alphas.append((rho, a))
            q -= a * yv
        if s_list:
            q *= float(s_list[-1] @ y_list[-1]) / float(y_list[-1] @ y_list[-1])
        else:
            q /= max(1.0, float(np.linalg.norm(g)))
        for (s, yv), (rho, a) in zip(zip(s_list, y_list, strict=True), reversed(alphas), strict=True):
            b = rho * float(yv @ q)
            q += (a - b) * s
        d = -q
        gd = float(g @ d)
        if gd >= 0:
            d, gd = -g, -float(g @ g)
        step = 1.0
        while True:
            x_new = x + step * d
            f_new, g_new = fg(x_new)
            if f_new <= f + 1e-4 * step * gd or step < 1e-10:
                break
            step *= 0.5
        s_vec, y_vec = x_new - x, g_new - g
        if float(s_vec @ y_vec) > 1e-10:
            s_list.append(s_vec)
            y_list.append(y_vec)
            if len(s_list) > m:
                s_list.pop(0)
                y_list.pop(0)
        done = abs(f - f_new) < 1e-7 * max(1.0, abs(f))
        x, f, g = x_new, f_new, g_new
        if done:
            break
    _lbfgs_last_t = float(x[-1])
    return x


def scores(coo: tuple, w: np.ndarray) -> np.ndarray:
    """Raw scores for the rows of a COO matrix."""
    rows, cols, vals, n, offset = coo
    return np.bincount(rows, weights=vals * w[cols], minlength=n) + 2.0 * offset


def macro_f1(gold: np.ndarray, pred: np.ndarray, classes: tuple[int, ...]) -> float:
    """Macro-averaged F1 over the given classes."""
    f1 = []
    for c in classes:
        tp = np.sum((pred == c) & (gold == c))
        fp = np.sum((pred == c) & (gold != c))
        fn = np.sum((pred != c) & (gold == c))
        f1.append(2 * tp / (2 * tp + fp + fn) if tp else 0.0)
    return float(np.mean(f1))


def three_class(pol: np.ndarray, lo: float, hi: float) -> np.ndarray:
    """Labels from polarity and thresholds."""
    return np.where(pol > hi, 2, np.where(pol < lo, 0, 1))


def binary_f1(y: np.ndarray, pol: np.ndarray) -> float:
    """Binary macro-F1 on the non-neutral rows (polarity < 0 is negative)."""
    keep = y != 1
    return macro_f1(y[keep], np.where(pol[keep] < 0, 0, 2), (0, 2))


def best_thresholds(y: np.ndarray, pol: np.ndarray) -> tuple[float, float, float]:
    """Thresholds (lo, hi) on polarity that maximise 3-class macro-F1."""
    grid = np.round(np.arange(0.02, 0.62, 0.02), 3)
    best = (0.0, -0.1, 0.1)
    for lo in grid:
        for hi in grid:
            f = macro_f1(y, three_class(pol, -lo, hi), (0, 1, 2))
            if f > best[0]:
                best = (f, -float(lo), float(hi))
    return best[1], best[2], best[0]


def cross_validate(feats: Features, y: np.ndarray, l2w: float, l2g: float, folds: int = 5) -> np.ndarray:
    """Out-of-fold polarities for one setting."""
    rng = np.random.default_rng(SEED)
    order = rng.permutation(len(y))
    pol = np.zeros(len(y))
    for k in range(folds):
        test = np.sort(order[k::folds])
        train = np.setdiff1d(np.arange(len(y)), test)
        w, _t = fit(feats.subset(train), y[train], feats.n_cols, feats.n_words, l2w, l2g)
        pol[test] = np.tanh(0.5 * scores(feats.subset(test), w))
    return pol


def main(argv: list[str] | None = None) -> int:
    """Train, cross-validate, and write norec_weights.tsv, norec_ngrams.tsv and model.json."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--norec", required=True, type=Path, help="directory holding train.tsv")
    ap.add_argument("--out", default=Path(__file__).parent / "data", type=Path, help="output directory")
    ap.add_argument("--quick", action="store_true", help="smaller grid")
    args = ap.parse_args(argv)
    texts, y = read_split(args.norec / "train.tsv")
    print(f"train: {len(y)} sentences, classes (neg, neu, pos) = {np.bincount(y, minlength=3).tolist()}")
    base = RuleParams()
    grid_neg = [-0.8] if args.quick else [-0.5, -0.8, -1.2]
    grid_l2 = [(3.0, 0.3)] if args.quick else [(0.3, 0.3), (1.0, 0.1), (1.0, 0.3), (3.0, 0.3), (3.0, 1.0)]
    results = []
    cache: dict[float, Features] = {}
    for neg in grid_neg:
        params = replace(base, negation=neg)
        cache[neg] = Features(*occurrences(texts, params), params)
        for l2w, l2g in grid_l2:
            pol = cross_validate(cache[neg], y, l2w, l2g)
            lo, hi, f3 = best_thresholds(y, pol)
            fb = binary_f1(y, pol)
            results.append((f3 + fb, neg, l2w, l2g, lo, hi, f3, fb))
            print(f"CV negation={neg:+.1f} l2_word={l2w:<4} l2_gram={l2g:<4} -> 3-class macro-F1 {f3:.3f} "
                  f"(thresholds {lo:+.2f}/{hi:+.2f}), binary macro-F1 {fb:.3f}", flush=True)
    _sum, neg, l2w, l2g, lo, hi, f3, fb = max(results)
    print(f"chosen: negation={neg} l2_word={l2w} l2_gram={l2g} thresholds {lo:+.2f}/{hi:+.2f} "
          f"CV 3-class {f3:.3f} binary {fb:.3f}")
    feats = cache[neg]
    w, t = fit(feats.whole(), y, feats.n_cols, feats.n_words, l2w, l2g)
    write_model(args.out, feats, w, replace(base, negation=neg, label_neg=lo, label_pos=hi),
                {"analyzer_version": ANALYZER_VERSION,
                 "cv_macro_f1_3class": round(f3, 4), "cv_macro_f1_binary": round(fb, 4), "l2_word": l2w,
                 "l2_gram": l2g, "band_t": round(t, 4), "n_train": len(y), "seed": SEED})
    return 0


def write_model(out: Path, feats: Features, w: np.ndarray, params: RuleParams, info: dict) -> None:
    """Export per-word weights (own + mean n-gram), pruned n-gram weights and the rule parameters."""
    out.mkdir(parents=True, exist_ok=True)
    half = 0.5 * w  # polarity = tanh(raw) = tanh(s / 2)
    gram_w = half[feats.n_words:]
    kept_grams = {g: round(float(gram_w[i]), 4) for g, i in feats.grams.items() if abs(gram_w[i]) >= 0.002}
    lines = ["term\tweight"]
    n_words = 0
    for word, i in sorted(feats.words.items()):
        grams = feats.word_grams[word]
        value = float(half[i]) + sum(kept_grams.get(g, 0.0) for g in grams) / len(grams)
        if abs(value) >= 0.01:
            lines.append(f"{word}\t{value:.4f}")
            n_words += 1
    (out / "norec_weights.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    glines = ["term\tweight"] + [f"{g}\t{v:.4f}" for g, v in sorted(kept_grams.items())]
    (out / "norec_ngrams.tsv").write_text("\n".join(glines) + "\n", encoding="utf-8")
    rules = {k: v for k, v in asdict(params).items() if k != "extra"}
    meta = {"rules": rules, "training": {**info, "words": n_words, "ngrams": len(kept_grams),
                                         "source": "NoReC_sentence train (CC BY-NC 4.0; derived weights only)"}}
    (out / "model.json").write_text(json.dumps(meta, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {n_words} word weights and {len(kept_grams)} n-gram weights to {out}")


if __name__ == "__main__":
    sys.exit(main())
