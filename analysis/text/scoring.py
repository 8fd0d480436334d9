"""Rule engine shared by training and scoring: negation, intensifiers, contrast, questions, exclamation."""

from __future__ import annotations

import math
from collections.abc import Callable

from analysis.text.lexicon import (
    CONTRAST,
    EMOJI,
    INTENSIFIERS,
    NEGATORS,
    RuleParams,
)
from analysis.text.tokenize import CLAUSE_BREAK, SENTENCE_END

# Question words that mark an information question even without "?" (chat often drops it).
_WH = frozenset({"hvordan", "hvor", "hva", "hvem", "hvilken", "hvilke", "hvilket", "korleis", "kva", "kven", "kvar"})
_PASS_THROUGH = frozenset({"for", "så"})  # "litt for tregt": the diminisher reaches "tregt"

# An occurrence: [token, kind, base weight, [(rule, rule token, factor), ...]]
Occ = list
Lookup = Callable[[str], tuple[str, float, tuple]]
Phrases = dict[str, list[tuple[tuple[str, ...], float]]]


def walk(tokens: list[str], params: RuleParams, lookup: Lookup, phrases: Phrases | None = None) -> list[Occ]:
    """Turn tokens into weighted occurrences, each with the rule factors that apply to it."""
    occs: list[Occ] = []
    sent_start = 0
    men_at: int | None = None
    first_word: str | None = None
    neg_left = 0
    neg_tok = ""
    pending: list[tuple[str, str, float]] = []
    last: Occ | None = None
    scope = params.neg_scope
    i, n = 0, len(tokens)
    while i < n:
        t = tokens[i]
        i += 1
        c = t[0]
        if c.isalpha():
            if first_word is None:
                first_word = t
            if phrases and t in phrases:
                for rest, weight in phrases[t]:
                    k = len(rest)
                    if tuple(tokens[i:i + k]) == rest:
                        t = t + " " + " ".join(rest)
                        i += k
                        occ = [t, "domain", weight, _mods(pending, neg_left, neg_tok, params)]
                        pending = []
                        occs.append(occ)
                        neg_left = max(neg_left - 1, 0)
                        last = occ
                        break
                else:
                    t = tokens[i - 1]
                if " " in t:
                    continue
            if t in NEGATORS:
                if last is not None and not any(m[0] == "negation" for m in last[3]):
                    last[3].append(("negation", t, params.negation))
                kind, w, pre = lookup(t)
                occs.append([t, kind, w, list(pre)])
                neg_left, neg_tok, last, pending = scope, t, None, []
                continue
            if t in CONTRAST:
                kind, w, pre = lookup(t)
                men_at = len(occs)
                occs.append([t, kind, w, list(pre)])
                neg_left, last, pending = 0, None, []
                continue
            kind, w, pre = lookup(t)
            occ = [t, kind, w, list(pre)]
            factor = INTENSIFIERS.get(t)
            if t in _PASS_THROUGH and pending:
                occ[3].extend(_mods([], neg_left, neg_tok, params))
            else:
                occ[3].extend(_mods(pending, neg_left, neg_tok, params))
                pending = []
            if factor is not None:
                pending.append(("intensifier", t, factor))
            occs.append(occ)
            if neg_left:
                neg_left -= 1
            last = occ
        elif c in SENTENCE_END:
            _finish(occs, sent_start, men_at, first_word, t, params)
            sent_start, men_at, first_word = len(occs), None, None
            neg_left, last, pending = 0, None, []
        elif c in CLAUSE_BREAK:
            neg_left, last, pending = 0, None, []
        else:
            weight = EMOJI.get(t)
            if weight is not None:
                occs.append([t, "emoji", weight, []])
            last = None
    _finish(occs, sent_start, men_at, first_word, "", params)
    return occs


def _mods(pending: list[tuple[str, str, float]], neg_left: int, neg_tok: str, params: RuleParams) -> list:
    """Rule factors for the next word: pending intensifiers, then negation."""
    mods = list(pending)
    if neg_left:
        mods.append(("negation", neg_tok, params.negation))
    return mods


def _finish(occs: list[Occ], start: int, men_at: int | None, first: str | None, end: str, params: RuleParams) -> None:
    """Apply the sentence-level factors: contrast around "men", question damping, exclamation."""
    if start >= len(occs):
        return
    question = "!" not in end and ("?" in end or (first is not None and first in _WH))
    exclaim = "!" in end
    for j in range(start, len(occs)):
        occ = occs[j]
        if occ[1] == "emoji":
            continue
        mods = occ[3]
        if men_at is not None and j != men_at:
            mods.append(("contrast", "men", params.contrast_before if j < men_at else params.contrast_after))
        if question:
            mods.append(("question", "?", params.question))
        if exclaim:
            mods.append(("exclamation", "!", params.exclamation))


def coefficient(occ: Occ) -> float:
    """Product of all rule factors of a learned-lexicon occurrence (used to build training features)."""
    f = 1.0
    for _rule, _tok, factor in occ[3]:
        f *= factor
    return f


def score(occs: list[Occ]) -> tuple[float, dict[tuple[str, str], float]]:
    """Raw score and its exact additive decomposition into (token, rule) contributions."""
    raw = 0.0
    parts: dict[tuple[str, str], float] = {}
    for tok, kind, w, mods in occs:
        if w == 0.0:
            continue
        key = (tok, kind)
        parts[key] = parts.get(key, 0.0) + w
        v = w
        for rule, rtok, factor in mods:
            if rule == "question" and kind != "lexicon" and kind != "subword":
                continue  # domain words and emoji keep their weight in a question ("Hvorfor krasjer Rover?")
            d = v * (factor - 1.0)
            k2 = (rtok, rule)
            parts[k2] = parts.get(k2, 0.0) + d
            v += d
        raw += v
    return raw, parts


def squash(raw: float) -> tuple[float, float]:
    """Polarity tanh(raw) and the factor tanh(raw)/raw that maps raw contributions onto it."""
    if raw == 0.0:
        return 0.0, 1.0
    pol = math.tanh(raw)
    return pol, pol / raw
