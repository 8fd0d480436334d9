"""Rule engine shared by training and scoring: negation, intensifiers, contrast, questions, exclamation.

Besides the polarity (one signed score), a text gets an opinion score: an unsigned sum of per-word
weights that says whether the text takes a stance at all. A text without a stance has its raw score
damped into the neutral band (one more additive part, so the evidence still adds up); the label is
then a function of the polarity alone (label_from), for every text and language.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from analysis.text.lexicon import (
    BACKWARD_NEGATORS,
    CONTRAST,
    EMOJI,
    INTENSIFIERS,
    NEGATION_TRANSPARENT,
    NEGATORS,
    NOT_NEGATED_BACKWARDS,
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
Opinion = Callable[[str, str, float], float]  # (token, kind, polarity weight) -> opinion weight


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
                if t in BACKWARD_NEGATORS and last is not None and not any(m[0] == "negation" for m in last[3]):
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
                pending.append((degree_rule(factor), t, factor))
            occs.append(occ)
            if neg_left:
                neg_left -= 1
            if t in NOT_NEGATED_BACKWARDS:  # "blir ikke lagret": the negator reaches forward only
                last = None
            elif t not in NEGATION_TRANSPARENT:  # "fungerer fortsatt ikke": the negator reaches "fungerer"
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


def opinion_score(tokens: list[str], occs: list[Occ], params: RuleParams, opinion: Opinion) -> float:
    """Reference opinion score: word weights (x the question factor in a question) plus sentence-end marks.

    Negation, intensifiers and contrast do not change whether a text takes a stance, so only the
    question rule (an information question is neutral) applies to the opinion weights.
    """
    total = 0.0
    for tok, kind, w, mods in occs:
        u = opinion(tok, kind, w)
        if any(m[0] == "question" for m in mods):
            u *= params.question
        total += u
    punct = params.opinion_punct
    # Each kind of mark counts once per text: in the training data a line is one sentence, and a "." says
    # "a full sentence, not a heading"; summed per sentence it would push every multi-sentence chat
    # message out of neutral.
    return total + sum(punct.get(t, 0.0) for t in dict.fromkeys(t for t in tokens if t[0] in SENTENCE_END))


def degree_rule(factor: float) -> str:
    """Evidence rule of a degree word: "intensifier" ("veldig", factor > 1) or "diminisher" ("litt")."""
    return "intensifier" if factor > 1.0 else "diminisher"


def takes_stance(raw: float, opinion: float, params: RuleParams) -> bool:
    """The opinion gate: a text takes a stance when opinion + opinion_abs * |raw| is above the threshold."""
    return not params.opinion_gate or opinion + params.opinion_abs * abs(raw) > params.opinion_threshold


def no_stance_damping(raw: float, opinion: float, params: RuleParams) -> float:
    """What the gate adds to raw: a text without a stance keeps its sign but at most no_stance_max polarity.

    The part is 0 for a text with a stance or with a raw score already inside the cap, so the label,
    which reads the polarity alone, can never be neutral beside a strong score.
    """
    if takes_stance(raw, opinion, params):
        return 0.0
    cap = math.atanh(params.no_stance_max)
    if abs(raw) <= cap:
        return 0.0
    return math.copysign(cap, raw) - raw


def label_from(polarity: float, params: RuleParams) -> str:
    """The label of a polarity: above +label_threshold positive, below -label_threshold negative, else neutral."""
    t = params.label_threshold
    return "positive" if polarity > t else "negative" if polarity < -t else "neutral"


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


# Token roles in the run-time scorer: one table lookup per token gives its role and everything else.
WORD, NEG, MEN, EMOJI_TOKEN, END, BREAK, OTHER = range(7)
# Sentence-opening word classes for the question rule: plain, wh-word, why-word (-1: no word yet).
_PLAIN, _WH_WORD, _WHY_WORD = 0, 1, 2
_PASS, _TRANSPARENT, _BACK, _AUX = 1, 2, 4, 8
_TABLE_MAX = 100_000  # token records kept; a stream of new words (real text, junk) cannot grow the table forever

# A token record: (role, key, weight, mods, damp, pend, through, wh, neg_key, op)
#   key      (token, kind): the evidence key of the token's own weight
#   mods     compound factors as ((rule token, rule), factor - 1.0), applied to the word's own weight
#   damp     0 for learned/subword weights, 1 for domain words (kept apart to sum in the reference order)
#   pend     (((token, "intensifier" or "diminisher"), factor - 1.0),) when the word scales the next word, else ()
#   through  bit flags: _PASS ("for"/"så" let a pending intensifier reach the word after them),
#            _TRANSPARENT ("fortsatt": a following negator reaches back over it to the word before);
#            _AUX ("blir", "er": a following negator does not reach back to it or past it);
#            for negators _BACK ("ikke", not "uten": it also negates the word before it)
#   wh       class of the word when it opens a sentence
#   neg_key  (token, "negation") for negators
#   op       opinion weight (sentence ends: of the mark, e.g. "?"; emoji and domain words: from |weight|)
Record = tuple


def fast_score(tokens: list[str], params: RuleParams, lookup: Lookup, phrases: Phrases | None = None,
               opinion: Opinion | None = None) -> tuple[float, float, dict[tuple[str, str], float]]:
    """Same raw score and parts as score(walk(...)), and the opinion score, in one pass (a throw-away Scorer)."""
    return Scorer(params, lookup, phrases, opinion).score_opinion(tokens)


def _no_opinion(_token: str, _kind: str, _weight: float) -> float:
    """Opinion weight when no opinion model is given."""
    return 0.0


class Scorer:
    """Run-time equivalent of score(walk(...)): one pass over cached token records.

    Sentence factors are applied to per-sentence sums (they are multiplicative, so this equals
    scaling each word). Every float is combined in the same order as before, so results are
    bit-identical; unit tests check this against walk()+score(), which stays the training reference.
    """

    def __init__(self, params: RuleParams, lookup: Lookup, phrases: Phrases | None = None,
                 opinion: Opinion | None = None) -> None:
        """Keep the rules, the word and opinion lookups and the domain phrases; token records are built lazily."""
        self.params = params
        self.lookup = lookup
        self.opinion = opinion or _no_opinion
        self.phrases: Phrases = phrases or {}
        # first two words of every phrase: a text without any of these pairs has no phrase to merge
        self.pairs = {(first, rest[0]) for first, options in self.phrases.items() for rest, _w in options}
        self.table: dict[str, Record] = {}

    def record(self, token: str) -> Record:
        """The (cached) record of one token."""
        rec = self.table.get(token)
        if rec is None:
            rec = self._build(token)
            if len(self.table) < _TABLE_MAX:
                self.table[token] = rec
        return rec

    def _build(self, t: str) -> Record:
        """Classify a token and precompute its weight, evidence keys and rule factors."""
        c = t[0]
        if not c.isalpha():
            if t in EMOJI:
                op = self.opinion(t, "emoji", EMOJI[t])
                return (EMOJI_TOKEN, (t, "emoji"), EMOJI[t], (), 0, (), 0, _PLAIN, None, op)
            if c in SENTENCE_END:
                return (END, t, 0.0, (), 0, (), 0, _PLAIN, None, self.params.opinion_punct.get(t, 0.0))
            role = BREAK if c in CLAUSE_BREAK else OTHER
            return (role, t, 0.0, (), 0, (), 0, _PLAIN, None, 0.0)
        kind, w, pre = self.lookup(t)
        op = self.opinion(t, kind, w)
        damp = 0 if kind in ("lexicon", "subword") else 1
        wh = _WHY_WORD if t in _WHY else _WH_WORD if t in _WH else _PLAIN
        if t in NEGATORS:
            back = _BACK if t in BACKWARD_NEGATORS else 0
            return (NEG, (t, kind), w, (), damp, (), back, wh, (t, "negation"), op)
        if t in CONTRAST:
            return (MEN, (t, kind), w, (), damp, (), 0, wh, None, op)
        f = INTENSIFIERS.get(t)
        pend = () if f is None else (((t, degree_rule(f)), f - 1.0),)
        mods = tuple(((rtok, rule), fac - 1.0) for rule, rtok, fac in pre)
        through = ((_PASS if t in _PASS_THROUGH else 0) | (_TRANSPARENT if t in NEGATION_TRANSPARENT else 0)
                   | (_AUX if t in NOT_NEGATED_BACKWARDS else 0))
        return (WORD, (t, kind), w, mods, damp, pend, through, wh, None, op)

    def records(self, tokens: list[str]) -> list[Record]:
        """Records of a text's tokens, domain phrases ("god stemning") merged into one record."""
        try:
            recs = list(map(self.table.__getitem__, tokens))  # C speed when every token is known
        except KeyError:
            recs = [self.record(t) for t in tokens]
        if self.pairs.isdisjoint(zip(tokens, tokens[1:], strict=False)):  # C speed; most texts have no phrase
            return recs
        starts = [i for i, b in enumerate(zip(tokens, tokens[1:], strict=False)) if b in self.pairs]
        return self._merge_phrases(tokens, recs, starts)

    def _merge_phrases(self, tokens: list[str], recs: list[Record], starts: list[int]) -> list[Record]:
        """Merge domain phrases, matched left to right and longest first as walk() does.

        Only positions whose two words open some phrase (starts) can match.
        """
        out: list[Record] = []
        pos = 0  # first token not yet copied or merged
        for i in starts:
            t = tokens[i]
            if i < pos or not t[0].isalpha():
                continue
            for rest, weight in self.phrases[t]:
                k = len(rest)
                if tuple(tokens[i + 1:i + 1 + k]) == rest:
                    out += recs[pos:i]
                    out.append(self._phrase(t, rest, weight))
                    pos = i + 1 + k
                    break
        out += recs[pos:]
        return out

    def _phrase(self, first: str, rest: tuple[str, ...], weight: float) -> Record:
        """Record of a matched domain phrase: a domain word that no rule treats as a modifier."""
        text = first + " " + " ".join(rest)
        wh = self.record(first)[7]  # the question rule looks at the phrase's first word
        return (WORD, (text, "domain"), weight, (), 1, (), 0, wh, None, self.opinion(text, "domain", weight))

    def score(self, tokens: list[str]) -> tuple[float, dict[tuple[str, str], float]]:
        """Raw score and its additive decomposition into (token, rule) parts, as score(walk(...))."""
        raw, _opinion, parts = self.score_opinion(tokens)
        return raw, parts

    def score_opinion(self, tokens: list[str]) -> tuple[float, float, dict[tuple[str, str], float]]:
        """Raw score, opinion score (as opinion_score()) and the raw score's additive parts."""
        params = self.params
        negm1 = params.negation - 1.0
        scope = params.neg_scope
        parts: dict[tuple[str, str], float] = {}
        get = parts.get
        raw = 0.0
        opinion = 0.0
        ends_seen: set[str] = set()  # each kind of sentence-end mark adds its opinion weight once per text
        sent_op = 0.0  # the current sentence's word opinion weights (the question rule scales them)
        # per sentence, flat: index 2 * segment + damp; segments: 0 before "men" (or no "men"),
        # 1 after "men", 2 the "men" word itself
        seg = [0.0] * 6
        cur = 0  # 2 * current segment
        has_men = False
        first = -1  # wh class of the sentence's first word
        neg_left = 0
        neg_key = None
        pending: tuple = ()  # intensifiers waiting for the next word, as ((token, rule), factor - 1.0)
        last_i = -1  # seg index of the last word a following negator may reach ("fungerer ikke"); -1: none
        last_v = 0.0
        last_neg = False
        for role, key, w, mods, damp, pend, through, wh, nkey, op in self.records(tokens):
            if role == WORD:
                sent_op += op
                if first < 0:
                    first = wh
                v = w
                if w:
                    parts[key] = get(key, 0.0) + w
                    if mods:
                        for k, fm1 in mods:
                            d = v * fm1
                            parts[k] = get(k, 0.0) + d
                            v += d
                    if pending and not through & _PASS:
                        for k, fm1 in pending:
                            d = v * fm1
                            parts[k] = get(k, 0.0) + d
                            v += d
                    if neg_left:
                        d = v * negm1
                        parts[neg_key] = get(neg_key, 0.0) + d
                        v += d
                seg[cur + damp] += v
                if through & _AUX:  # a following negator reaches forward only
                    last_i = -1
                elif not through & _TRANSPARENT:  # (an adverb: a following negator reaches the word before it)
                    last_i, last_v, last_neg = cur + damp, v, neg_left > 0
                # "for"/"så" pass pending intensifiers on to the next word ("litt for tregt")
                pending = pending + pend if through & _PASS and pending else pend
                if neg_left:
                    neg_left -= 1
            elif role == NEG:
                sent_op += op
                if first < 0:
                    first = wh
                if through & _BACK and last_i >= 0 and not last_neg:
                    d = last_v * negm1
                    parts[nkey] = get(nkey, 0.0) + d
                    seg[last_i] += d
                if w:
                    parts[key] = get(key, 0.0) + w
                    seg[cur + damp] += w
                neg_left, neg_key, last_i, pending = scope, nkey, -1, ()
            elif role == MEN:
                sent_op += op
                if first < 0:
                    first = wh
                if has_men:  # a second "men": everything so far counts as "before"
                    seg[0] += seg[2] + seg[4]
                    seg[1] += seg[3] + seg[5]
                    seg[2] = seg[3] = seg[4] = seg[5] = 0.0
                has_men = True
                cur = 2
                if w:
                    parts[key] = get(key, 0.0) + w
                    seg[4 + damp] += w
                neg_left, last_i, pending = 0, -1, ()
            elif role == EMOJI_TOKEN:
                opinion += op
                parts[key] = get(key, 0.0) + w
                raw += w
                last_i = -1
            elif role == END:
                if sent_op:
                    opinion += sent_op * params.question if _question(first, key) else sent_op
                    sent_op = 0.0
                if key not in ends_seen:
                    ends_seen.add(key)
                    opinion += op
                raw += _close_sums(seg, has_men, first, key, params, parts)
                seg = [0.0] * 6
                cur, has_men, first = 0, False, -1
                neg_left, last_i, pending = 0, -1, ()
            elif role == BREAK:
                neg_left, last_i, pending = 0, -1, ()
            else:
                last_i = -1
        if sent_op:
            opinion += sent_op * params.question if _question(first, "") else sent_op
        raw += _close_sums(seg, has_men, first, "", params, parts)
        return raw, opinion, parts


def _question(first: int, end: str) -> bool:
    """Information question, from the wh class of the sentence's first word and its end mark (as _is_question())."""
    return "!" not in end and first != _WHY_WORD and ("?" in end or first == _WH_WORD)


def _close_sums(seg: list[float], has_men: bool, first: int, end: str, params: RuleParams,
                parts: dict[tuple[str, str], float]) -> float:
    """Apply contrast, question and exclamation factors to a sentence's sums; return its total."""
    get = parts.get
    if has_men:
        cb, ca = params.contrast_before, params.contrast_after
        d = (seg[0] + seg[1]) * (cb - 1.0) + (seg[2] + seg[3]) * (ca - 1.0)
        if d:
            parts[("men", "contrast")] = get(("men", "contrast"), 0.0) + d
        damp = seg[0] * cb + seg[2] * ca + seg[4]
        keep = seg[1] * cb + seg[3] * ca + seg[5]
    else:
        damp = seg[0] + seg[2] + seg[4]
        keep = seg[1] + seg[3] + seg[5]
    total = damp + keep
    exclaim = "!" in end
    if _question(first, end):
        d = total * (params.question - 1.0)
        if d:
            parts[("?", "question")] = get(("?", "question"), 0.0) + d
        total += d
    if exclaim:
        d = total * (params.exclamation - 1.0)
        if d:
            parts[("!", "exclamation")] = get(("!", "exclamation"), 0.0) + d
        total += d
    return total
