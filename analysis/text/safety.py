"""Patient-safety flags: a safety topic plus a problem cue in one sentence, or an always-flag phrase.

Rule (documented in data/themes.toml and docs/sentiment.md): a text is flagged, whatever its
sentiment, when (a) it contains an entry from a category's `alltid` list ("feil pasient", "avvik",
"journalen er låst", ...), or (b) one sentence holds both a topic word of the category
("medisinlista", "e-linkmeldingene", "henvisning") and a problem cue ("mangler", "forsvunnet",
"ikke kommet fram"). A cue or always-entry right after "ingen"/"ikke"/"ikkje"/"uten"/"null" does not
count ("ingen avvik i dag"). So "opplæringa i legemiddelmodulen var bra" is themed but not flagged.
A category marked `ikke_i_spoersmaal` (incident reports) is not flagged by a sentence that opens as an
information question ("Hvor skriver jeg avviksmelding?"): it asks about the routine, it reports nothing.
"""

from __future__ import annotations

from itertools import chain

from analysis.text.themes import Index, SafetyCategory, Taxonomy, build_index, load_taxonomy

_NEGATING = frozenset({"ingen", "ikke", "ikkje", "uten", "utan", "null", "inga", "aldri", "no", "not", "ikkeno"})
_FILLERS = frozenset({"noen", "noko", "nokon", "hatt", "fått", "meldt", "registrert", "any"})
# Negators that make a verb of the taxonomy's `ikke_verb` list a problem cue ("har ikke mottatt", "kom aldri").
_VERB_NEGATORS = frozenset({"ikke", "ikkje", "aldri", "ingen", "ingenting", "not", "never", "isn't", "aren't",
                            "wasn't", "weren't", "haven't", "hasn't", "didn't", "don't", "doesn't", "can't",
                            "cannot", "won't"})
_VERB_REACH = 3  # a negator this many words before the verb, or right after it ("kommer ikke")
_MAX_SENT_WORDS = 60
# Words that open an information question (a why-question is a complaint and is not among them).
_QUESTION_OPENERS = frozenset({"hvor", "hvordan", "hva", "hvem", "hvilken", "hvilket", "hvilke", "kor", "korleis",
                               "kva", "kven", "kvar", "where", "how", "what", "who", "which"})


def _not_negated(words: list[str], start: int) -> bool:
    """False when a negator comes before a span, with at most two filler words between ("ingen avvik",
    "ikke noen avvik", "ikke hatt noen avvik")."""
    for back in range(1, 4):
        if start - back < 0:
            return True
        prev = words[start - back]
        if prev in _NEGATING:
            return False
        if prev not in _FILLERS:
            return True
    return True


def themes_and_safety(
    sentences: list[list[str]], tax: Taxonomy | None = None, index: Index | None = None
) -> tuple[tuple[str, ...], bool, str | None]:
    """Theme keys, safety flag and Norwegian reason for a text given as sentences of lowercased words."""
    if index is None:  # a batch passes its index: looking the taxonomy up per text costs ~15 %
        index = build_index(tax or load_taxonomy())
    tax = index.tax
    n_themes = len(tax.themes)
    found: set[int] = set()
    reasons: dict[int, str] = {}
    verbs_id = index.verbs_id
    for words in sentences:
        if len(words) > _MAX_SENT_WORDS:
            words = words[:_MAX_SENT_WORDS]
        hits = index.hits(words)
        if not hits:
            continue
        cats = set()
        for lid in hits:
            if lid < n_themes:
                found.add(lid)
            # a topic or always list (a cue alone flags nothing; the verb list comes after the categories)
            elif n_themes < lid < verbs_id and (lid - n_themes - 1) % 3 != 1:
                cats.add((lid - n_themes - 1) // 3)
        negated = _negated_verbs(words, hits.get(verbs_id, ())) if cats else []
        for c in cats:
            if c not in reasons:
                extra = negated if c in index.verb_cats else []
                reason = _category_reason(tax.safety[c], hits, n_themes + 1 + 3 * c, words, extra)
                if reason is not None:
                    reasons[c] = reason
    themes = tuple(tax.themes[i].key for i in sorted(found))
    if not reasons:
        return themes, False, None
    return themes, True, "; ".join(reasons[c] for c in sorted(reasons))


def quick_themes(words: list[str], index: Index) -> tuple[str, ...] | None:
    """Theme keys of a text from its words alone, or None when themes_and_safety must look at its sentences.

    Most texts hold no always word, no safety topic and cue of one category, no two words that open a
    phrase and no sentence long enough to be cut. Such a text cannot be flagged, and its themes are
    the union of its words' memoised profiles: exactly what themes_and_safety finds sentence by sentence.
    """
    if len(words) > _MAX_SENT_WORDS:
        return None
    memo = index.memo
    try:
        hit = set(chain.from_iterable(map(memo.__getitem__, words)))  # C speed for known words
    except KeyError:
        hit = set(chain.from_iterable(map(index.profile, words)))
    if not hit.isdisjoint(index.always_ids):
        return None
    if not hit.isdisjoint(index.topic_ids):
        for topic, cue in index.topic_cue:
            if topic in hit and cue in hit:
                return None
        if index.verbs_id in hit and not _VERB_NEGATORS.isdisjoint(words):
            return None
    if not index.phrase_pairs.keys().isdisjoint(zip(words, words[1:], strict=False)):
        return None
    if not hit:
        return ()
    themes = index.tax.themes
    n_themes = len(themes)
    return tuple([themes[i].key for i in sorted(hit) if i < n_themes])


def _negated_verbs(words: list[str], spans) -> list[tuple[int, int]]:
    """Spans of verbs with a negator at most _VERB_REACH words before them or right after them, as
    (negator, verb) spans in reading order: "ikke mottatt", "kommer ikke"."""
    out = []
    for start, end in spans:
        before = [i for i in range(max(0, start - _VERB_REACH), start) if words[i] in _VERB_NEGATORS]
        if before:
            out.append((before[-1], end))
        elif end < len(words) and words[end] in _VERB_NEGATORS:
            out.append((start, end + 1))
    return out


def _category_reason(cat: SafetyCategory, hits: dict[int, list[tuple[int, int]]], base: int,
                     words: list[str], negated: list[tuple[int, int]] | None = None) -> str | None:
    """Reason a sentence flags one category (its lists start at id base: topic, cue, always), or None."""
    always = [s for s in hits.get(base + 2, ()) if _not_negated(words, s[0])]
    if always and cat.not_in_questions and words[0] in _QUESTION_OPENERS:
        always = []
    if always:
        return f"{cat.name}: «{_quote(words, always[0])}»"
    topics = hits.get(base)
    if not topics:
        return None
    cues = [s for s in hits.get(base + 1, ()) if s not in topics and _not_negated(words, s[0])]
    cues += [s for s in negated or () if not (s[0] <= topics[0][0] < s[1])]
    if not cues:
        return None
    t, q = topics[0], cues[0]
    first, second = (t, q) if t[0] <= q[0] else (q, t)
    return f"{cat.name}: «{_quote(words, first)} … {_quote(words, second)}»"


def _quote(words: list[str], span: tuple[int, int]) -> str:
    """The words of a span."""
    return " ".join(words[span[0]:span[1]])


def check_safety(sentences: list[list[str]], tax: Taxonomy | None = None) -> tuple[bool, str | None]:
    """(flag, Norwegian reason) for a text given as sentences of lowercased words."""
    _themes, flag, reason = themes_and_safety(sentences, tax)
    return flag, reason
