"""Word weights: the lexicon learned from NoReC train, the hand-written domain lexicon, emoji and modifiers."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
LEARNED_FILE = DATA_DIR / "norec_weights.tsv"
NGRAM_FILE = DATA_DIR / "norec_ngrams.tsv"
MODEL_FILE = DATA_DIR / "model.json"
DOMAIN_FILE = DATA_DIR / "domain_lexicon.tsv"

# Negators scope over the next words of the clause and the word right before them ("fungerer ikke").
NEGATORS = frozenset({
    "ikke", "ikkje", "ingen", "inga", "ingenting", "aldri", "uten", "utan", "verken", "inkje", "ikkeno",
    # "slipper dobbeltdokumentasjon" (no longer have to): being spared a chore turns it into good news
    "slipper", "slippe", "slepp", "sleppe", "unngår", "unngå",
})
# Nynorsk function words share the weights of their bokmål forms: nynorsk is a few percent of the
# training reviews, so "eg" had learned an opinion weight of -0.57 against +0.39 for "jeg" (noise, and it
# pushed nynorsk complaints into neutral). Training pools the two forms into one feature.
NYNORSK_TO_BOKMAL: dict[str, str] = {
    "eg": "jeg", "ikkje": "ikke", "ein": "en", "eit": "et", "dei": "de", "ho": "hun", "noko": "noe",
    "nokon": "noen", "nokre": "noen", "berre": "bare", "frå": "fra", "mykje": "mye", "meir": "mer",
    "kjem": "kommer", "kome": "komme", "vart": "ble", "vore": "vært", "heile": "hele", "sjølv": "selv",
    "òg": "også", "me": "vi", "dykk": "dere", "desse": "disse", "fleire": "flere", "fekk": "fikk",
    "gjekk": "gikk", "sidan": "siden", "utan": "uten", "enno": "ennå", "framleis": "fortsatt",
    "saman": "sammen", "kvarandre": "hverandre", "vere": "være", "vera": "være",
    "gjere": "gjøre", "gjer": "gjør", "seier": "sier", "heilt": "helt", "eigen": "egen", "inga": "ingen",
    "korleis": "hvordan", "kva": "hva", "kven": "hvem", "kvar": "hvor",
    "kvifor": "hvorfor", "no": "nå", "annan": "annen", "tilsett": "ansatt", "tilsette": "ansatte", "veit": "vet",
    "då": "da", "sjå": "se", "deira": "deres", "hennar": "hennes", "viss": "hvis", "medan": "mens", "hjå": "hos",
}
# A negator after the word it negates reaches back over these adverbs: in "fungerer fortsatt ikke" and
# "virker heller ikke" it is the verb that is negated, not the adverb.
NEGATION_TRANSPARENT = frozenset({
    "fortsatt", "fremdeles", "framleis", "heller", "enda", "ennå", "enno", "egentlig", "likevel", "altså", "jo",
    "nok", "visst", "vel", "dessverre", "diverre", "lenger",
})
# Only these negators also negate the word before them ("fungerer ikke", "virker aldri"). "uten", "ingen",
# "slipper" … negate what follows only: in "fikk logget inn uten problemer" the log-in is not negated.
BACKWARD_NEGATORS = frozenset({"ikke", "ikkje", "aldri", "ikkeno"})
# Auxiliaries and the copula: a negator right after them negates what follows ("blir ikke lagret", "er
# ikke bra"), not the auxiliary itself (before, "blir" with its review weight of -0.24 was turned positive).
NOT_NEGATED_BACKWARDS = frozenset({
    "er", "var", "blir", "ble", "vert", "vart", "har", "hadde", "kan", "kunne", "skal", "skulle", "vil", "ville",
    "må", "måtte", "bør", "burde", "være", "vere", "blitt", "vorte", "is", "are", "was",
})
# Intensifiers (> 1) and diminishers (< 1) scale the next weighted word of the clause.
INTENSIFIERS: dict[str, float] = {
    "veldig": 1.5, "svært": 1.5, "særs": 1.5, "kjempe": 1.5, "utrolig": 1.5, "utruleg": 1.5,
    "skikkelig": 1.5, "ekstremt": 1.6, "ekstra": 1.3, "altfor": 1.6, "alt for": 1.6, "fryktelig": 1.5,
    "forferdelig": 1.5, "virkelig": 1.4, "verkeleg": 1.4, "helt": 1.3, "heilt": 1.3, "mye": 1.3,
    "mykje": 1.3, "mer": 1.2, "meir": 1.2, "enormt": 1.6, "vanvittig": 1.6, "sinnsykt": 1.6,
    "totalt": 1.4, "absolutt": 1.4, "spesielt": 1.3, "så": 1.3, "mest": 1.3, "aller": 1.3,
    "very": 1.5, "really": 1.5,
    "litt": 0.5, "lite": 0.6, "noe": 0.6, "noko": 0.6, "ganske": 0.8, "nokså": 0.7, "relativt": 0.8,
    "delvis": 0.6, "stort sett": 0.8, "bitte": 0.4,
}
# Compound prefixes that intensify the rest of the word: "kjempebra", "supergod", "superfornøyd".
COMPOUND_PREFIXES: dict[str, float] = {
    "kjempe": 1.5, "super": 1.5, "knall": 1.5, "mega": 1.5, "hyper": 1.4, "ultra": 1.4, "drit": 1.5,
    "dritt": 1.5, "gørr": 1.5, "kanon": 1.5, "ekstra": 1.3, "over": 1.2, "topp": 1.4, "rå": 1.4,
}
EMOJI: dict[str, float] = {
    "🙂": 0.5, "😊": 0.6, "😀": 0.6, "😃": 0.6, "😄": 0.6, "😁": 0.6, "😍": 0.8, "🥰": 0.8, "😎": 0.5,
    "👍": 0.6, "👏": 0.6, "🎉": 0.7, "🥳": 0.7, "💪": 0.5, "❤": 0.6, "💚": 0.6, "💙": 0.6, "⭐": 0.5,
    "🌟": 0.6, "✨": 0.4, "🙌": 0.6, "😅": -0.1, "🤞": 0.2, "☀": 0.3, "😂": 0.3, "🤗": 0.6, "✅": 0.4,
    "🙁": -0.5, "☹": -0.5, "😞": -0.6, "😟": -0.5, "😕": -0.4, "😡": -0.9, "😠": -0.8, "🤬": -1.0,
    "😤": -0.7, "😩": -0.7, "😫": -0.7, "😭": -0.7, "😢": -0.6, "👎": -0.7, "💩": -0.7, "🤯": -0.5,
    "😴": -0.3, "🙄": -0.6, "😬": -0.4, "🆘": -0.6, "❌": -0.4, "⚠": -0.3, "🐌": -0.5,
    ":)": 0.5, ":-)": 0.5, "=)": 0.5, ":d": 0.6, ":-d": 0.6, ";)": 0.3, ";-)": 0.3, "<3": 0.6,
    ":(": -0.5, ":-(": -0.5, "=(": -0.5, ":/": -0.3, ":-/": -0.3, ":\\": -0.3, ":|": -0.1, ":p": 0.2,
}
CONTRAST = frozenset({"men"})

# Stored evidence keeps these rule codes (machine-readable); what the pages show is rule_nb(code).
RULE_NB: dict[str, str] = {
    "lexicon": "",  # a plain word with its learned weight needs no note
    "subword": "delord",
    "domain": "domeneord",
    "compound": "forledd",
    "intensifier": "forsterket",
    "diminisher": "dempet",
    "negation": "nektet",
    "contrast": "kontrast",
    "question": "spørsmål",
    "exclamation": "utrop",
    "emoji": "emoji",
    "no-stance": "ingen tydelig mening",
    "english-textblob": "engelsk",
    "english-domain": "engelsk domeneord",
}


def rule_nb(code: str | None) -> str:
    """Norwegian name of an evidence rule code ("english-domain, question" -> "engelsk domeneord, spørsmål")."""
    if not code:
        return ""
    return ", ".join(name for name in (RULE_NB.get(part.strip(), part.strip()) for part in code.split(",")) if name)


@dataclass(frozen=True)
class RuleParams:
    """Rule constants shared by training and scoring (stored in model.json by the training script)."""

    negation: float = -0.8  # factor on a negated word's weight
    contrast_before: float = 0.5  # factor on the clause before "men"
    contrast_after: float = 1.3  # factor on the clause after "men"
    question: float = 0.3  # factor on learned weights in an information question
    exclamation: float = 1.25  # factor on a sentence ending in "!"
    neg_scope: int = 3  # words after a negator that it scopes over
    # The one label rule, for every language: polarity > t is positive, < -t negative, else neutral.
    # 0.2 was the English (TextBlob) threshold; on Norwegian texts the gate decides neutral first (below).
    label_threshold: float = 0.2
    opinion_gate: bool = False  # damp the polarity of texts that the opinion score finds without a stance
    no_stance_max: float = 0.15  # |polarity| a text without a stance keeps at most (inside the neutral band)
    opinion_domain: float = 0.0  # opinion weight of a domain word or emoji per unit of its |weight|
    opinion_abs: float = 0.0  # opinion weight of |raw polarity score|
    opinion_threshold: float = 0.0  # opinion score above this is not neutral (the model's intercept included)
    opinion_punct: dict = field(default_factory=dict, compare=False, hash=False)  # sentence-end token -> weight
    ngram_min: int = 3
    ngram_max: int = 5
    extra: dict = field(default_factory=dict, compare=False, hash=False)


def read_weights(path: Path) -> dict[str, float]:
    """Read the first weight column of a term<TAB>weight[<TAB>opinion] file, skipping comments and blanks."""
    return _read_columns(path)[0]


@lru_cache(maxsize=4)
def _read_columns(path: Path) -> tuple[dict[str, float], dict[str, float]]:
    """Both weight columns of a term<TAB>weight[<TAB>opinion] file (one parse: the files are large)."""
    weight: dict[str, float] = {}
    opinion: dict[str, float] = {}
    if not path.exists():
        return weight, opinion
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0] != "term":
            term = parts[0].strip().lower()
            weight[term] = float(parts[1])
            if len(parts) >= 3:
                opinion[term] = float(parts[2])
    return weight, opinion


@lru_cache(maxsize=1)
def load_params() -> RuleParams:
    """Rule parameters from model.json, defaults when the file is missing."""
    if not MODEL_FILE.exists():
        return RuleParams()
    raw = json.loads(MODEL_FILE.read_text(encoding="utf-8"))
    fields = RuleParams.__dataclass_fields__
    known = {k: v for k, v in raw.get("rules", {}).items() if k in fields}
    return RuleParams(**known, extra=raw)


@lru_cache(maxsize=1)
def learned_weights() -> dict[str, float]:
    """Per-word weights learned from NoReC train (empty if not trained yet)."""
    return read_weights(LEARNED_FILE)


@lru_cache(maxsize=1)
def ngram_weights() -> dict[str, float]:
    """Character n-gram weights, used to give unseen words (compounds) a weight."""
    return read_weights(NGRAM_FILE)


@lru_cache(maxsize=1)
def learned_opinion() -> dict[str, float]:
    """Per-word opinion (not-neutral) weights learned from NoReC train (empty if not trained yet)."""
    return _read_columns(LEARNED_FILE)[1]


@lru_cache(maxsize=1)
def ngram_opinion() -> dict[str, float]:
    """Character n-gram opinion weights, used for words without a learned opinion weight."""
    return _read_columns(NGRAM_FILE)[1]


@lru_cache(maxsize=1)
def domain_lexicon() -> tuple[dict[str, float], dict[str, list[tuple[tuple[str, ...], float]]]]:
    """Hand-written go-live lexicon: single words, and phrases indexed by their first word."""
    single: dict[str, float] = {}
    phrases: dict[str, list[tuple[tuple[str, ...], float]]] = {}
    for term, weight in read_weights(DOMAIN_FILE).items():
        parts = tuple(term.split())
        if len(parts) == 1:
            single[term] = weight
        else:
            phrases.setdefault(parts[0], []).append((parts[1:], weight))
    for options in phrases.values():
        options.sort(key=lambda p: -len(p[0]))  # longest match first
    return single, phrases


def char_ngrams(word: str, lo: int, hi: int) -> list[str]:
    """fastText-style character n-grams of a word with boundary markers."""
    w = f"<{word}>"
    return [w[i:i + n] for n in range(lo, hi + 1) for i in range(len(w) - n + 1)]


def oov_weight(word: str, params: RuleParams, table: dict[str, float] | None = None) -> float:
    """Weight of an unseen word: the mean of its character n-gram weights (0 if none known)."""
    table = ngram_weights() if table is None else table
    if not table:
        return 0.0
    grams = _grams(word, params.ngram_min, params.ngram_max)
    return sum(table.get(g, 0.0) for g in grams) / len(grams) if grams else 0.0


@lru_cache(maxsize=4)  # an unseen word's n-grams are read twice in a row: for its weight, then its opinion weight
def _grams(word: str, lo: int, hi: int) -> tuple[str, ...]:
    """char_ngrams as a tuple (cached for the last few words)."""
    return tuple(char_ngrams(word, lo, hi))


def opinion_weight(word: str, kind: str, weight: float) -> float:
    """How much a word says "this text is not neutral", given its polarity lookup (kind, weight).

    Domain words and emoji are hand-weighted: their opinion weight is a learned factor times |weight|.
    Other words have a learned weight, or the mean of their n-gram weights as polarity does for
    unseen words (also for compounds such as "kjempebra", whose polarity comes from "bra").
    """
    params = load_params()
    if kind == "mask":
        return 0.0
    if kind in ("domain", "emoji"):
        return round(params.opinion_domain * abs(weight), 4)
    value = learned_opinion().get(word)
    if value is not None:
        return value
    if len(word) > 40:  # junk: n-grams of a 5 000-letter token would cost time and mean nothing
        return 0.0
    return round(oov_weight(word, params, ngram_opinion()), 4)
