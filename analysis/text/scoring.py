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
_WHY = frozenset({"hvorfor", "kvifor", "why"})  # a why-question is a complaint, not a request for information
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
        elif t in EMOJI:
            occs.append([t, "emoji", EMOJI[t], []])
            last = None
        elif c in SENTENCE_END:
            _finish(occs, sent_start, men_at, first_word, t, params)
            sent_start, men_at, first_word = len(occs), None, None
            neg_left, last, pending = 0, None, []
        elif c in CLAUSE_BREAK:
            neg_left, last, pending = 0, None, []
        else:
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
    question = _is_question(first, end)
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


def _is_question(first: str | None, end: str) -> bool:
    """An information question: ends in "?" or opens with a wh-word, is not a why-question or exclamation."""
    if "!" in end or first in _WHY:
        return False
    return "?" in end or (first is not None and first in _WH)


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


def fast_score(tokens: list[str], params: RuleParams, lookup: Lookup, phrases: Phrases | None = None,
               ) -> tuple[float, dict[tuple[str, str], float]]:
    """Same result as score(walk(...)) in one pass, applying sentence factors to per-sentence sums.

    The factors are multiplicative, so scaling a sentence's sums equals scaling each word; a unit
    test checks that both paths agree. walk() stays the reference used by training.
    """
    parts: dict[tuple[str, str], float] = {}
    raw = 0.0
    neg = params.negation
    scope = params.neg_scope
    # per sentence: sums for segments (0 before "men" / no "men", 1 after "men", 2 the "men" word itself),
    # split into question-dampable (learned/subword) [0] and not (domain) [1]
    seg = [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]
    cur = 0
    has_men = False
    first_word: str | None = None
    neg_left = 0
    neg_tok = ""
    pending: list[tuple[str, str, float]] = []
    last: list | None = None  # [value, segment, dampable, negated]
    i, n = 0, len(tokens)
    get = parts.get
    while i < n:
        t = tokens[i]
        i += 1
        c = t[0]
        if c.isalpha():
            if first_word is None:
                first_word = t
            kind = None
            if phrases and t in phrases:
                for rest, weight in phrases[t]:
                    k = len(rest)
                    if tuple(tokens[i:i + k]) == rest:
                        t = t + " " + " ".join(rest)
                        i += k
                        kind, w, pre = "domain", weight, ()
                        break
            if kind is None:
                if t in NEGATORS:
                    if last is not None and not last[3]:
                        d = last[0] * (neg - 1.0)
                        key = (t, "negation")
                        parts[key] = get(key, 0.0) + d
                        seg[last[1]][last[2]] += d
                        last[0] += d
                        last[3] = True
                    kind, w, pre = lookup(t)
                    if w:
                        key = (t, kind)
                        parts[key] = get(key, 0.0) + w
                        seg[cur][0 if kind in ("lexicon", "subword") else 1] += w
                    neg_left, neg_tok, last, pending = scope, t, None, []
                    continue
                if t in CONTRAST:
                    kind, w, pre = lookup(t)
                    if has_men:  # a second "men": everything so far counts as "before"
                        seg[0][0] += seg[1][0] + seg[2][0]
                        seg[0][1] += seg[1][1] + seg[2][1]
                        seg[1] = [0.0, 0.0]
                        seg[2] = [0.0, 0.0]
                    has_men = True
                    cur = 1
                    if w:
                        key = (t, kind)
                        parts[key] = get(key, 0.0) + w
                        seg[2][0 if kind in ("lexicon", "subword") else 1] += w
                    neg_left, last, pending = 0, None, []
                    continue
                kind, w, pre = lookup(t)
            passthrough = t in _PASS_THROUGH and pending
            factor = None if " " in t else INTENSIFIERS.get(t)
            negated = neg_left > 0
            v = w
            if w:
                key = (t, kind)
                parts[key] = get(key, 0.0) + w
                for rule, rtok, f in pre:
                    d = v * (f - 1.0)
                    key = (rtok, rule)
                    parts[key] = get(key, 0.0) + d
                    v += d
                if not passthrough:
                    for rule, rtok, f in pending:
                        d = v * (f - 1.0)
                        key = (rtok, rule)
                        parts[key] = get(key, 0.0) + d
                        v += d
                if neg_left:
                    d = v * (neg - 1.0)
                    key = (neg_tok, "negation")
                    parts[key] = get(key, 0.0) + d
                    v += d
            damp = 0 if kind in ("lexicon", "subword") else 1
            seg[cur][damp] += v
            if not passthrough:
                pending = []
            if factor is not None:
                pending.append(("intensifier", t, factor))
            if neg_left:
                neg_left -= 1
            last = [v, cur, damp, negated]
        elif t in EMOJI:
            w = EMOJI[t]
            key = (t, "emoji")
            parts[key] = get(key, 0.0) + w
            raw += w
            last = None
        elif c in SENTENCE_END:
            raw += _close(seg, has_men, first_word, t, params, parts)
            seg = [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0]]
            cur, has_men, first_word = 0, False, None
            neg_left, last, pending = 0, None, []
        elif c in CLAUSE_BREAK:
            neg_left, last, pending = 0, None, []
        else:
            last = None
    raw += _close(seg, has_men, first_word, "", params, parts)
    return raw, parts


def _close(seg: list[list[float]], has_men: bool, first: str | None, end: str, params: RuleParams,
           parts: dict[tuple[str, str], float]) -> float:
    """Apply contrast, question and exclamation factors to a sentence's sums; return its total."""
    get = parts.get
    if has_men:
        a, b = params.contrast_before - 1.0, params.contrast_after - 1.0
        d = (seg[0][0] + seg[0][1]) * a + (seg[1][0] + seg[1][1]) * b
        if d:
            parts[("men", "contrast")] = get(("men", "contrast"), 0.0) + d
        damp = seg[0][0] * params.contrast_before + seg[1][0] * params.contrast_after + seg[2][0]
        keep = seg[0][1] * params.contrast_before + seg[1][1] * params.contrast_after + seg[2][1]
    else:
        damp = seg[0][0] + seg[1][0] + seg[2][0]
        keep = seg[0][1] + seg[1][1] + seg[2][1]
    total = damp + keep
    if _is_question(first, end):
        d = total * (params.question - 1.0)
        if d:
            parts[("?", "question")] = get(("?", "question"), 0.0) + d
        total += d
    if "!" in end:
        d = total * (params.exclamation - 1.0)
        if d:
            parts[("!", "exclamation")] = get(("!", "exclamation"), 0.0) + d
        total += d
    return total
