"""Patient-safety flags: a safety topic plus a problem cue in one sentence, or an always-flag phrase.

Rule (documented in data/themes.toml and docs/sentiment.md): a text is flagged, whatever its
sentiment, when (a) it contains an entry from a category's `alltid` list ("feil pasient", "avvik",
"journalen er låst", ...), or (b) one sentence holds both a topic word of the category
("medisinlista", "e-linkmeldingene", "henvisning") and a problem cue ("mangler", "forsvunnet",
"ikke kommet fram"). A cue or always-entry right after "ingen"/"ikke"/"ikkje"/"uten"/"null" does not
count ("ingen avvik i dag"). So "opplæringa i legemiddelmodulen var bra" is themed but not flagged.
"""

from __future__ import annotations

from analysis.text.themes import Taxonomy, WordList, load_taxonomy

_NEGATING = frozenset({"ingen", "ikke", "ikkje", "uten", "utan", "null", "inga", "aldri", "no", "not", "ikkeno"})
_MAX_SENT_WORDS = 60


def _not_negated(words: list[str], start: int) -> bool:
    """False when one of the two words before a span negates it ("ingen avvik", "ikke noen avvik")."""
    before = words[max(0, start - 2):start]
    if not before:
        return True
    if before[-1] in _NEGATING:
        return False
    return not (len(before) == 2 and before[0] in _NEGATING and before[1] in {"noen", "noko", "nokon", "hatt", "fått"})


def _spans(wl: WordList, words: list[str]) -> list[tuple[int, int]]:
    """Spans of a word list in a sentence, without the negated ones."""
    return [s for s in wl.hits(words) if _not_negated(words, s[0])]


def _quote(words: list[str], span: tuple[int, int]) -> str:
    """The words of a span."""
    return " ".join(words[span[0]:span[1]])


def check_safety(sentences: list[list[str]], tax: Taxonomy | None = None) -> tuple[bool, str | None]:
    """(flag, Norwegian reason) for a text given as sentences of lowercased words."""
    tax = tax or load_taxonomy()
    reasons: list[str] = []
    for cat in tax.safety:
        reason = None
        for words in sentences:
            words = words[:_MAX_SENT_WORDS]
            always = _spans(cat.always, words)
            if always:
                reason = f"{cat.name}: «{_quote(words, always[0])}»"
                break
            topics = cat.topic.hits(words)
            if not topics:
                continue
            cues = [s for s in _spans(cat.problem or tax.problem, words) if s not in topics]
            if cues:
                t, c = topics[0], cues[0]
                first, second = (t, c) if t[0] <= c[0] else (c, t)
                reason = f"{cat.name}: «{_quote(words, first)} … {_quote(words, second)}»"
                break
        if reason:
            reasons.append(reason)
    if not reasons:
        return False, None
    return True, "; ".join(reasons)
