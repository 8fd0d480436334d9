"""Learned patient-safety score: a logistic regression over words, word pairs and rule cues, read from a TSV.

The weights are fitted by `python -m analysis.text.train_safety` (scikit-learn, at training time only) and
shipped as `analysis/text/data/safety_weights.tsv`; here the score is summed by hand, so run time needs no
scikit-learn. Features are binary and summed in the order they are first seen in the text, so the score is
the same float in every process (pure or compiled callers alike: the sum is always done here).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

WEIGHTS_PATH = Path(__file__).resolve().parent / "data" / "safety_weights.tsv"
NEGATORS = frozenset({"ikke", "ikkje", "aldri", "ingen", "inga", "ingenting", "not", "never", "no", "uten", "utan"})
NEG_REACH = 3  # a word this many words after a negator gets a negated feature ("ikke blitt gitt" -> gitt)
_META = ("__intercept__", "__threshold__", "__taxonomy__")
# Function words get no feature of their own (only inside word pairs): alone they only measure how long a
# sentence is, and long sentences are not more dangerous.
STOPWORDS = frozenset("""
og i på til av for med som en et ei den det de dei har hadde er var vart ble blir blei vil vi jeg eg me du dere
deg meg oss seg han hun ho hen dem at så om fra frå men eller ikke ikkje ikkje aldri ingen inga ingenting no not
the a an of to in on at is was we i it this that and or but from with for are be been have has had by our
nå no kan kunne skal skulle må måtte får fekk fikk få gjør gjer gjorde sin sitt sine hans hennes hos etter før
under over opp ut inn her der hva kva hvor kvar hvordan korleis hvem kven når kor også òg bare berre litt mye
mykje noe noko noen nokon alle alt all da om igjen ennå enno fortsatt framleis""".split())


@dataclass(frozen=True)
class SafetyModel:
    """Fitted weights: feature -> weight, the intercept, the logit threshold and the taxonomy fingerprint."""

    weights: dict[str, float]
    intercept: float
    threshold: float
    taxonomy: str

    def logit(self, features: list[str]) -> float:
        """Intercept plus the weights of the features, summed in the given order."""
        get = self.weights.get
        total = self.intercept
        for f in features:
            total += get(f, 0.0)
        return total

    def top_words(self, features: list[str], n: int = 3) -> list[str]:
        """The n word and word-pair features that raise the score most, as plain text, strongest first."""
        get = self.weights.get
        scored = [(get(f, 0.0), i, f) for i, f in enumerate(features) if f[:2] in ("w:", "b:", "n:")]
        scored = [s for s in scored if s[0] > 0.0]
        scored.sort(key=lambda s: (-s[0], s[1]))
        return [_display(f) for _w, _i, f in scored[:n]]


def _display(feature: str) -> str:
    """The words of a feature: "b:to ganger" -> "to ganger", "n:gitt" -> "ikke … gitt"."""
    kind, text = feature[:2], feature[2:]
    return f"ikke … {text}" if kind == "n:" else text


def parse_weights(text: str) -> SafetyModel:
    """Read the weights TSV (feature, weight; the meta rows start with two underscores)."""
    weights: dict[str, float] = {}
    meta: dict[str, str] = {}
    for line in text.splitlines()[1:]:
        if not line:
            continue
        feature, value = line.split("\t")
        if feature in _META:
            meta[feature] = value
        else:
            weights[feature] = float(value)
    return SafetyModel(weights, float(meta["__intercept__"]), float(meta["__threshold__"]),
                       meta.get("__taxonomy__", ""))


def format_weights(model: SafetyModel) -> str:
    """The weights TSV of a model: meta rows first, then features sorted by name, six decimals."""
    rows = ["feature\tweight", f"__intercept__\t{model.intercept:.6f}", f"__threshold__\t{model.threshold:.6f}",
            f"__taxonomy__\t{model.taxonomy}"]
    rows += [f"{f}\t{w:.6f}" for f, w in sorted(model.weights.items()) if f"{w:.6f}" not in ("0.000000", "-0.000000")]
    return "\n".join(rows) + "\n"


@lru_cache(maxsize=4)
def load_model(path: str | None = None) -> SafetyModel:
    """The shipped model (cached)."""
    return parse_weights(Path(path or WEIGHTS_PATH).read_text(encoding="utf-8"))


def taxonomy_fingerprint(safety_section: object) -> str:
    """Short hash of the theme file's [sikkerhet] section: the rule cues the model was trained with."""
    return hashlib.sha256(repr(safety_section).encode("utf-8")).hexdigest()[:16]


@lru_cache(maxsize=100_000)  # LRU with a cap: real text brings new words without end
def word_features(word: str) -> tuple[str, ...]:
    """A word's own features: the word and its Snowball stem (pooled inflections: "medisinen", "medisinene")."""
    from analysis.text.themes import word_stem

    stem = word_stem(word)
    return (f"w:{word}",) if stem == word else (f"w:{word}", f"s:{stem}")


def text_features(tokens: list[str], extra: list[str]) -> list[str]:
    """Binary features of a tokenised text, in order of first appearance, then the rule features `extra`.

    Words and stems; pairs of neighbouring words in one clause ("to ganger", "ikke mottatt"); a word up to
    three words after a negator in its clause ("ikke blitt gitt" -> "n:gitt").
    """
    out: list[str] = []
    prev = ""
    neg_left = 0
    for tok in tokens:
        if not tok[0].isalpha():
            prev, neg_left = "", 0
            continue
        if tok not in STOPWORDS:
            out.extend(word_features(tok))
        if prev:
            out.append(f"b:{prev} {tok}")
        if neg_left:
            if tok not in STOPWORDS:
                out.append(f"n:{tok}")
            neg_left -= 1
        if tok in NEGATORS:
            neg_left = NEG_REACH
        prev = tok
    out.extend(extra)
    return list(dict.fromkeys(out))
