"""English texts: TextBlob's own PatternAnalyzer, with the go-live domain cues and information questions on top.

TextBlob scores 0 for "The printer is still not working" or "Rover keeps crashing": its lexicon has
no entry for working software or crashes. The hand-written cues in `data/domain_lexicon_en.tsv` are
added to TextBlob's assessments (and replace TextBlob's own assessment of a word they cover), and
the polarity stays TextBlob's formula: the mean of all assessments. A question that only asks for
information ("Where can I find the quick guide?") is damped, as in Norwegian. The evidence is each
assessment divided by their number, so it adds up to the polarity exactly.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from analysis.text.lexicon import read_weights

DOMAIN_FILE = Path(__file__).parent / "data" / "domain_lexicon_en.tsv"
QUESTION_FACTOR = 0.3
_QUESTION_START = re.compile(
    r"^\s*(where|how|what|when|which|who|is there|are there|can i|can we|can you|could|do you|does|do i|"
    r"is it possible)\b", re.IGNORECASE)
_WHY = re.compile(r"^\s*why\b", re.IGNORECASE)  # a why-question is a complaint, not a request for information


@lru_cache(maxsize=1)
def _pattern_analyzer() -> Any:
    """TextBlob's English PatternAnalyzer (imported lazily: textblob is slow to import)."""
    from textblob.sentiments import PatternAnalyzer

    return PatternAnalyzer()


@lru_cache(maxsize=1)
def domain_cues() -> tuple[re.Pattern[str], dict[str, float]]:
    """The English cues as one regex (longest first, whole words) and their weights."""
    weights = read_weights(DOMAIN_FILE)
    alternatives = "|".join(re.escape(t).replace(r"\ ", r"\s+") for t in sorted(weights, key=len, reverse=True))
    return re.compile(rf"(?<![\w'])(?:{alternatives})(?![\w'])", re.IGNORECASE), weights


def is_information_question(text: str) -> bool:
    """Return whether an English text only asks for information (a question, not a why-complaint)."""
    stripped = text.strip()
    if not stripped or _WHY.match(stripped):
        return False
    return stripped.endswith("?") or bool(_QUESTION_START.match(stripped))


def _head(words: list[str]) -> str:
    """The word an assessment is about: its last word ("really frustrating", "thanks !")."""
    return next((w for w in reversed(words) if w[:1].isalpha()), words[-1])


def score_english(text: str) -> tuple[float, tuple[tuple[str, str, float], ...]]:
    """Polarity in [-1, 1] and evidence (token, rule, weight) for an English text."""
    pattern, weights = domain_cues()
    phrases = [" ".join(m.group(0).lower().split()) for m in pattern.finditer(text)]
    cues = [(phrase, weights[phrase]) for phrase in phrases]
    covered = {w for phrase, _ in cues for w in phrase.split()}
    found = [(" ".join(words), p, "english-textblob")
             for words, p, _subj, _lab in _pattern_analyzer().analyze(text, keep_assessments=True).assessments
             if _head(words) not in covered]
    found += [(phrase, w, "english-domain") for phrase, w in cues]
    if not found:
        return 0.0, ()
    damp = QUESTION_FACTOR if is_information_question(text) and not any(w < 0 for _, w in cues) else 1.0
    n = len(found)
    ev = tuple((tok, rule if damp == 1.0 else f"{rule}, question", p * damp / n) for tok, p, rule in found if p)
    return sum(e[2] for e in ev), ev  # a mean of values in [-1, 1]: no clipping needed
