"""Norwegian (bokmål/nynorsk) and English sentiment, themes and patient-safety flags for go-live chat.

Public API used by importers, the demo generator and the pages. Polarity is tanh of a sum of word
contributions (plus the opinion gate's damping of a text without a stance); the evidence lists each
contribution scaled by tanh(raw)/raw, so the evidence weights add up to the polarity exactly, and the
label is label_from(polarity) for every text. See docs/text-analysis.md.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache, partial
from typing import Any, NamedTuple

from analysis.text import lexicon
from analysis.text.english import score_english
from analysis.text.language import detect_language
from analysis.text.masking import EMAIL_MARK, FNR_MARK, PHONE_MARK
from analysis.text.safety import assess
from analysis.text.scoring import Scorer, label_from, no_stance_damping, squash
from analysis.text.themes import Index, build_index, load_taxonomy
from analysis.text.themes import theme_labels as _theme_labels
from analysis.text.tokenize import SENTENCE_END, normalise, tokenize, tokens_and_words

ANALYZER_VERSION = "nb-lex-1.6"
LABELS = ("positive", "neutral", "negative")
_BATCH_MEMO = 100_000
# Masked personal data ("[telefon]") is scored as one placeholder word that weighs nothing: the word
# inside the brackets says nothing about the writer's mood ("telefon" had a review lean of +0.15).
MASK_MARKS = (FNR_MARK, PHONE_MARK, EMAIL_MARK, "[navn]")
MASK_WORD = "maskertopplysning"
NO_STANCE = ("opinion", "no-stance")  # evidence key of the gate's damping


class Evidence(NamedTuple):
    """One word or rule and how much it moved the polarity."""

    token: str
    rule: str
    weight: float


class _AnalysisFields(NamedTuple):
    """The fields of an Analysis; evidence is kept as plain (token, rule, weight) tuples."""

    polarity: float
    label: str
    language: str
    themes: tuple[str, ...]
    safety: bool
    safety_reason: str | None
    evidence: tuple[tuple[str, str, float], ...]


class Analysis(_AnalysisFields):
    """Result for one text; `evidence` gives Evidence items.

    Why plain tuples inside: the garbage collector stops tracking plain tuples of strings and floats,
    but never NamedTuple instances. A batch keeps ~10 evidence items per text alive, and re-scanning
    them cost ~20 % of the batch time; now Evidence objects are only made for the code that reads them.
    """

    __slots__ = ()
    _plain_evidence = _AnalysisFields.evidence

    @property
    def evidence(self) -> tuple[Evidence, ...]:
        """Which words and rules moved the polarity, and by how much (they add up to it), largest first."""
        return tuple(map(_as_evidence, self._plain_evidence))

    def to_dict(self) -> dict:
        """JSON-ready dict (weights rounded to 4 decimals)."""
        return {
            "polarity": round(self.polarity, 4),
            "label": self.label,
            "language": self.language,
            "themes": list(self.themes),
            "safety": self.safety,
            "safety_reason": self.safety_reason,
            "evidence": [{"token": t, "rule": r, "weight": round(w, 4)} for t, r, w in self._plain_evidence],
        }


# tuple.__new__ builds a NamedTuple at C speed (the generated __new__ is Python code).
_new = tuple.__new__
_as_evidence = partial(_new, Evidence)


def theme_labels() -> dict[str, str]:
    """Theme key -> Norwegian display name, from the taxonomy file."""
    return _theme_labels()


@lru_cache(maxsize=100_000)  # LRU with a cap: an import of real text brings new words without end
def _lookup(word: str) -> tuple[str, float, tuple]:
    """Kind, weight and pre-applied factors of a word: domain > learned > compound > subword."""
    if word == MASK_WORD:
        return "mask", 0.0, ()
    domain, _phrases = lexicon.domain_lexicon()
    if word in domain:
        return "domain", domain[word], ()
    learned = lexicon.learned_weights()
    if word in learned:
        return "lexicon", learned[word], ()
    for prefix, factor in lexicon.COMPOUND_PREFIXES.items():
        if not word.startswith(prefix):
            continue
        rest = word[len(prefix):].lstrip("-")
        if len(rest) >= 3:
            if rest in domain:
                return "domain", domain[rest], (("compound", prefix + "-", factor),)
            if rest in learned:
                return "lexicon", learned[rest], (("compound", prefix + "-", factor),)
    if len(word) < 3 or len(word) > 40 or not word.isascii() and not _latin(word):
        return "lexicon", 0.0, ()
    return "subword", round(lexicon.oov_weight(word, lexicon.load_params()), 4), ()


def _latin(word: str) -> bool:
    """True for words in Latin script (subword weights mean nothing for other scripts)."""
    return all(ch < "\u0250" or not ch.isalpha() for ch in word)


@lru_cache(maxsize=1)
def _scorer() -> Scorer:
    """The run-time scorer (its token table fills as texts are scored)."""
    _domain, phrases = lexicon.domain_lexicon()
    return Scorer(lexicon.load_params(), _lookup, phrases, lexicon.opinion_weight)


def prepare() -> None:
    """Load everything the analyzer reads once (lexicons, taxonomy index, safety model, lemma and language
    models) without scoring a text, so that no word cache is filled: a warm start with cold word caches."""
    from analysis.text.language import warm_up as warm_language
    from analysis.text.safety import warm_up as warm_safety
    from analysis.text.themes import warm_up as warm_themes

    _scorer()
    lexicon.learned_weights(), lexicon.learned_opinion(), lexicon.ngram_weights(), lexicon.ngram_opinion()
    index = build_index(load_taxonomy())
    warm_themes()
    warm_safety(index)
    warm_language()


def _norwegian(tokens: list[str], scorer: Scorer) -> tuple[float, tuple[tuple[str, str, float], ...]]:
    """Polarity and evidence from the Norwegian rule engine; a text without a stance is damped into the band."""
    raw, opinion, parts = scorer.score_opinion(tokens)
    damping = no_stance_damping(raw, opinion, scorer.params)
    if damping:
        parts[NO_STANCE] = damping
        raw += damping
    pol, k = squash(raw)
    return pol, _evidence(parts, k)


def unmask(norm: str) -> str:
    """A normalised text with each mask mark replaced by the placeholder word that weighs nothing."""
    for mark in MASK_MARKS:
        if mark in norm:
            norm = norm.replace(mark, f" {MASK_WORD} ")
    return norm


def _evidence(parts: dict[tuple[str, str], float], k: float) -> tuple[tuple[str, str, float], ...]:
    """(token, rule, weight) of the non-zero parts scaled by k, largest first (stable: ties keep their order)."""
    items = [kv for kv in parts.items() if kv[1] != 0.0]
    items.sort(key=_size)
    return tuple([(tok, rule, w * k) for (tok, rule), w in items])


def _size(kv: tuple[tuple[str, str], float]) -> float:
    """Sort key: the larger a part, the earlier it comes."""
    return -abs(kv[1])


def _sentences(tokens: list[str]) -> list[list[str]]:
    """Words grouped by sentence."""
    out: list[list[str]] = [[]]
    for t in tokens:
        if t[0].isalpha():
            out[-1].append(t)
        elif t[0] in SENTENCE_END and out[-1]:
            out.append([])
    return [s for s in out if s]


def analyze_text(text: str) -> Analysis:
    """Analyse one text: polarity, label, language, themes, safety flag and evidence."""
    return _analyze(text if isinstance(text, str) else "", _scorer(), build_index(load_taxonomy()))


def _analyze(text: str, scorer: Scorer, index: Index) -> Analysis:
    """Analyse one text with a scorer and a theme index (looked up once per batch, not per text)."""
    params = scorer.params
    norm = normalise(text)
    tokens, words = tokens_and_words(norm)
    lang = detect_language(words, norm)
    masked = "[" in norm
    if lang == "en":
        pol, ev = score_english(unmask(norm) if masked else norm)  # TextBlob with the English go-live cues
    else:
        pol, ev = _norwegian(tokenize(unmask(norm)) if masked else tokens, scorer)
    label = label_from(pol, params)
    if not words:
        return _new(Analysis, (pol, label, lang, (), False, None, ev))
    themes, flag, reason = assess(tokens, words, index)  # the rules' cues weighed by the learned safety model
    return _new(Analysis, (pol, label, lang, themes, flag, reason, ev))


def analyze_batch(texts: Sequence[str]) -> list[Analysis]:
    """Analyse many texts; identical texts are analysed once."""
    scorer = _scorer()
    index = build_index(load_taxonomy())  # one taxonomy for the whole batch
    seen: dict[str, Analysis] = {}
    out: list[Analysis] = []
    for text in texts:
        key = text if isinstance(text, str) else ""
        res = seen.get(key)
        if res is None:
            res = _analyze(key, scorer, index)
            if len(seen) >= _BATCH_MEMO:  # keep memory flat on a 1 000 000-text import
                seen.clear()
            seen[key] = res
        out.append(res)
    return out


def _make_textblob_analyzer() -> type:
    """Build the TextBlob plug-in class (textblob imported only now)."""
    from collections import namedtuple

    from textblob.sentiments import CONTINUOUS, BaseSentimentAnalyzer

    sentiment_tuple = namedtuple("Sentiment", ["polarity", "subjectivity", "label", "language"])

    class NorwegianAnalyzer(BaseSentimentAnalyzer):
        """TextBlob analyzer: TextBlob(text, analyzer=NorwegianAnalyzer()).sentiment."""

        kind = CONTINUOUS

        def analyze(self, text: str, keep_assessments: bool = False) -> Any:
            """Sentiment(polarity, subjectivity, label, language); subjectivity = share of words with weight."""
            super().analyze(text)
            res = analyze_text(text)
            n_words = max(1, sum(1 for t in tokenize(normalise(text)) if t[0].isalpha()))
            weighted = sum(1 for e in res.evidence if e.rule in {"lexicon", "domain", "subword", "emoji"})
            subj = min(1.0, weighted / n_words)
            return sentiment_tuple(res.polarity, subj, res.label, res.language)

    NorwegianAnalyzer.__module__ = __name__
    return NorwegianAnalyzer


def __getattr__(name: str) -> Any:
    """Lazily create NorwegianAnalyzer so importing this module does not import textblob."""
    if name == "NorwegianAnalyzer":
        cls = _make_textblob_analyzer()
        globals()["NorwegianAnalyzer"] = cls
        return cls
    raise AttributeError(name)

