"""Patient-safety flags: a safety topic plus a problem cue in one sentence, or an always-flag phrase.

Rule (documented in data/themes.toml and docs/text-analysis.md): a text is flagged, whatever its
sentiment, when (a) it contains an entry from a category's `alltid` list ("feil pasient", "avvik",
"journalen er låst", ...), or (b) one sentence holds both a topic word of the category
("medisinlista", "e-linkmeldingene", "henvisning") and a problem cue ("mangler", "forsvunnet",
"ikke kommet fram"). A cue or always-entry right after "ingen"/"ikke"/"ikkje"/"uten"/"null" does not
count ("ingen avvik i dag"). So "opplæringa i legemiddelmodulen var bra" is themed but not flagged.
A category marked `ikke_i_spoersmaal` (incident reports) is not flagged by a sentence that opens as an
information question ("Hvor skriver jeg avviksmelding?"): it asks about the routine, it reports nothing.

What is stored (assess) is the rules weighed by a learned model (safety_model.py): each sentence about a safety
topic is scored by a logistic regression over its words, word pairs, the rules' cues and its question shape, and
the text is flagged when its best sentence reaches the model's threshold. The reason is the rules' reason, or for
a catch of the model alone the category and its strongest words. themes_and_safety stays the rules alone.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain

from analysis.text.safety_model import SafetyModel, load_model, taxonomy_fingerprint, text_features
from analysis.text.themes import Index, SafetyCategory, Taxonomy, WordList, build_index, load_taxonomy
from analysis.text.tokenize import SENTENCE_END, normalise, tokens_and_words

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
    """Theme keys, rule flag and Norwegian reason for a text given as sentences of lowercased words (rules only)."""
    if index is None:  # a batch passes its index: looking the taxonomy up per text costs ~15 %
        index = build_index(tax or load_taxonomy())
    themes, reasons = _scan(sentences, index)
    if not reasons:
        return themes, False, None
    return themes, True, _join(reasons)


def _join(reasons: dict[int, tuple[str, bool]]) -> str:
    """The reasons of the categories that fired, in taxonomy order."""
    return "; ".join(reasons[c][0] for c in sorted(reasons))


def _scan(sentences: list[list[str]], index: Index,
          per_sentence: list[dict[int, tuple[str, bool]]] | None = None
          ) -> tuple[tuple[str, ...], dict[int, tuple[str, bool]]]:
    """Theme keys and, per category the rules flag, (reason, fired by an `alltid` entry) of its first sentence;
    with `per_sentence`, also appends each sentence's own categories to it."""
    tax = index.tax
    n_themes = len(tax.themes)
    found: set[int] = set()
    reasons: dict[int, tuple[str, bool]] = {}
    verbs_id = index.verbs_id
    for words in sentences:
        own: dict[int, tuple[str, bool]] = {}
        if per_sentence is not None:
            per_sentence.append(own)
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
            if c not in reasons or per_sentence is not None:
                extra = negated if c in index.verb_cats else []
                reason = _category_reason(tax.safety[c], hits, n_themes + 1 + 3 * c, words, extra)
                if reason is not None:
                    own[c] = reason
                    reasons.setdefault(c, reason)
    return tuple(tax.themes[i].key for i in sorted(found)), reasons


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


def _category_reason(cat: SafetyCategory, hits: dict[int, list[tuple[int, int]]], base: int, words: list[str],
                     negated: list[tuple[int, int]] | None = None) -> tuple[str, bool] | None:
    """(reason, by an `alltid` entry) a sentence flags one category (its lists start at id base: topic, cue,
    always), or None."""
    always = [s for s in hits.get(base + 2, ()) if _not_negated(words, s[0])]
    if always and cat.not_in_questions and words[0] in _QUESTION_OPENERS:
        always = []
    if always:
        return f"{cat.name}: «{_quote(words, always[0])}»", True
    topics = hits.get(base)
    if not topics:
        return None
    cues = [s for s in hits.get(base + 1, ()) if s not in topics and _not_negated(words, s[0])]
    cues += [s for s in negated or () if not (s[0] <= topics[0][0] < s[1])]
    if not cues:
        return None
    q = cues[0]
    t = min(topics, key=lambda s: max(q[0] - s[1], s[0] - q[1], 0))  # the topic the cue is about: the nearest
    first, second = (t, q) if t[0] <= q[0] else (q, t)
    return f"{cat.name}: «{_quote(words, first)} … {_quote(words, second)}»", False


def _quote(words: list[str], span: tuple[int, int]) -> str:
    """The words of a span."""
    return " ".join(words[span[0]:span[1]])


def check_safety(sentences: list[list[str]], tax: Taxonomy | None = None) -> tuple[bool, str | None]:
    """(flag, Norwegian reason) for a text given as sentences of lowercased words."""
    _themes, flag, reason = themes_and_safety(sentences, tax)
    return flag, reason


# ---------------------------------------------------------------------------------------------------
# Rules and the learned model together (analysis/text/safety_model.py, weights in data/safety_weights.tsv)

GENERIC_CATEGORY = "Mulig pasientsikkerhetshendelse"
# The category named for a model-only catch without a topic word of any category, by the text's theme.
_THEME_CATEGORY = {"legemidler": "legemidler", "elink": "meldinger", "henvisning": "henvisning",
                   "rover": "besoek", "timebok": "besoek"}
# ... and, failing a theme, by its cue: a mix-up of names or rooms, a count, a care task not done.
_CUE_CATEGORY = (("x:swapid", "identitet"), ("x:swap", "feil_pasient"), ("x:count", "legemidler"),
                 ("x:undone", "besoek"))
_WHY = frozenset({"hvorfor", "kvifor", "korfor", "why"})
_SHORT_SENTENCE = 3  # "Hei.", "Takk for hjelpa!", "Mvh dagvakta": neither question nor report
# A full stop after these does not end a sentence ("Tilsynet kl. 12 var ikke lagt inn").
_ABBREVIATIONS = frozenset({"kl", "ca", "nr", "evt", "dvs", "mtp", "eks", "f", "bl", "pga", "ift", "iht", "tlf", "jf",
                            "ev", "vs", "st", "dr"})
# Cues of "something should have happened and did not", of counting and of mix-ups (model features x:*). A care
# task is a word containing one of _CARE_PARTS ("sondematen", "morgenstellet") or one of _CARE_WORDS.
_CARE_PARTS = ("sondemat", "stell", "tilsyn", "måling", "målinga", "besøk", "oppdrag", "medisin", "insulin",
               "tablett", "dosett", "dose", "sprøyt", "plaster", "antibiotika", "smertestill", "prøvesvar",
               "blodprøv", "urinprøv", "prøven", "prøvene", "blodsukker", "blodtrykk", "sårskift", "kateter",
               "snuing", "leiring", "væske", "måltid", "epikrise", "henvis", "vaksine", "oppgave", "tiltak",
               "timebok", "kjøreliste", "legemiddel", "ordinasjon", "kurven", "journal", "notat", "vekt")
_CARE_WORDS = frozenset({"mat", "middag", "frokost", "kveldsmat", "dusj", "dusjing", "svar", "svaret", "svara",
                         "time", "timen", "avtale", "avtalen", "rover", "drikke"})
_DONE_VERBS = frozenset({"gitt", "gjeve", "gjevne", "gjort", "utført", "registrert", "registrerte", "signert",
                         "kvittert", "dokumentert", "lest", "lesen", "lese", "sett", "mottatt",
                         "motteke", "fått", "fekk", "fikk", "sendt", "levert", "målt", "tatt", "skiftet",
                         "skifta", "stelt", "besøkt", "planlagt", "lagret", "lagra", "lagt", "satt", "delt",
                         "fulgt", "følgt", "kommet", "kome", "overført", "synlig", "synleg", "vist", "med",
                         "given", "done", "received", "registered"})
_DONE_NEGATORS = frozenset({"ikke", "ikkje", "aldri", "ingen", "inga", "uten", "utan", "not", "never"})
_COUNT_WORDS = frozenset({"to", "tre", "fire", "fem", "seks", "dobbelt", "begge", "både", "two", "three", "twice",
                          "2", "3", "4", "5", "6"})
_TIMES = frozenset({"ganger", "gonger", "gangar", "times", "doser", "dosar", "porsjoner"})
_SWAP_WORDS = frozenset({"hverandres", "kvarandres", "nabodøra", "nabodøren", "naboen",
                         "naborommet", "forbyttet", "forbytta", "istedenfor", "istadenfor", "tvilling"})
_IDENTITY = frozenset({"navn", "navnet", "namn", "namnet", "fornavn", "fornavnet", "etternavn", "rom", "rommet",
                       "romnummer", "fødselsdato", "fødselsdatoen", "personnummer", "personnummeret", "etikett",
                       "etiketten", "armbånd", "adresse", "adressen", "adressa"})


@dataclass(frozen=True, eq=False)
class _Setup:
    """What the combined check needs of one taxonomy: the model (None: rules only) and list feature names."""

    model: SafetyModel | None
    list_names: dict[int, str]
    cat_keys: tuple[str, ...]


@lru_cache(maxsize=4)
def _setup(index: Index) -> _Setup:
    """The model when it was trained on this taxonomy's safety rules, and the feature name of each list id."""
    tax = index.tax
    try:
        model: SafetyModel | None = load_model()
    except FileNotFoundError:  # training the first model
        model = None
    if model is not None and model.taxonomy != safety_signature(tax):
        model = None  # the rule features would mean something else: rules alone until retrained
    n = len(tax.themes)
    names = {n: "c:*", index.verbs_id: "v:*"}
    for c, cat in enumerate(tax.safety):
        names[n + 1 + 3 * c] = f"t:{cat.key}"
        names[n + 2 + 3 * c] = f"c:{cat.key}" if cat.problem is not None else "c:*"
        names[n + 3 + 3 * c] = f"a:{cat.key}"
    return _Setup(model, names, tuple(cat.key for cat in tax.safety))


def warm_up(index: Index) -> None:
    """Load the safety model for a taxonomy index (no word cache is filled)."""
    _setup(index)


def safety_signature(tax: Taxonomy) -> str:
    """Fingerprint of a taxonomy's safety rules (the lists, names and switches of [sikkerhet])."""
    def wl(w: WordList | None) -> tuple:
        return () if w is None else (w.words, w.phrases, w.exclude)

    return taxonomy_fingerprint((wl(tax.problem), wl(tax.verbs), tuple(
        (c.key, c.name, wl(c.topic), wl(c.problem), wl(c.always), c.not_in_questions, c.own_cues)
        for c in tax.safety)))


def _sentences(tokens: list[str]) -> list[list[str]]:
    """Words grouped by sentence."""
    return [[t for t in sent if t[0].isalpha()] for sent in token_sentences(tokens)]


def token_sentences(tokens: list[str]) -> list[list[str]]:
    """Tokens grouped by sentence, each ending with its sentence mark when it has one; sentences without words
    are dropped (their marks join the next sentence, as in _sentences)."""
    out: list[list[str]] = []
    cur: list[str] = []
    has_word = False
    for t in tokens:
        cur.append(t)
        if t[0].isalpha():
            has_word = True
        elif t[0] in SENTENCE_END and has_word and not (t == "." and len(cur) > 1 and cur[-2] in _ABBREVIATIONS):
            out.append(cur)
            cur, has_word = [], False
    if has_word:
        out.append(cur)
    return out


def _sentence_shape(sent: list[str]) -> tuple[str, int, bool]:
    """(first word, number of words, ends with a question mark) of a sentence's tokens."""
    words = [t for t in sent if t[0].isalpha()]
    return words[0], len(words), sent[-1] == "?"


def only_questions(sents: list[list[str]]) -> bool:
    """True when every sentence of more than three words is an information question (not a why-question) and
    there is at least one: such a text asks, it reports nothing. Greetings and sign-offs do not count."""
    counted = 0
    for sent in sents:
        first, n, qmark = _sentence_shape(sent)
        if n <= _SHORT_SENTENCE:
            continue
        if first in _WHY or not (first in _QUESTION_OPENERS or qmark):
            return False
        counted += 1
    return counted > 0


def sentence_features(sent: list[str], index: Index, own: dict[int, tuple[str, bool]]) -> list[str]:
    """The model's features of one sentence's tokens, given the categories the rules flag in it."""
    return text_features(sent, rule_features(sent, index, own))


def rule_features(sent: list[str], index: Index, own: dict[int, tuple[str, bool]]) -> list[str]:
    """The rule, list, task and question features of a sentence (what eligible() reads), without its words."""
    setup = _setup(index)
    keys = setup.cat_keys
    extra = [f"r:{keys[c]}" for c in sorted(own)]
    extra += [f"ra:{keys[c]}" for c in sorted(own) if own[c][1]]
    if own:
        extra.append("r:any")
    names = setup.list_names
    seen: set[int] = set()
    for w in sent:
        if w[0].isalpha():
            for lid in index.profile(w):
                if lid not in seen and lid in names:
                    seen.add(lid)
                    extra.append(names[lid])
    extra += task_cues([w for w in sent if w[0].isalnum()])
    first, _n, qmark = _sentence_shape(sent)
    if first in _QUESTION_OPENERS:
        extra.append("q:open")
    if first in _WHY:
        extra.append("q:why")
    if qmark:
        extra.append("q:mark")
    return extra


# One regex pass finds any of the parts inside a word (a loop over the parts cost ~8 µs per word).
_CARE_PART = re.compile("|".join(map(re.escape, _CARE_PARTS)))


def _is_care_task(word: str) -> bool:
    """True for a care task, result or booking word ("sondematen", "morgenstellet", "svaret", "timeboka")."""
    return word in _CARE_WORDS or _CARE_PART.search(word) is not None


def task_cues(words: list[str]) -> list[str]:
    """Rule features of one sentence's words (and digits): a care task with a negated completion verb
    ("sondematen var ikke lagt inn": x:undone), a count ("fire gonger": x:count) and a mix-up of names, rooms or
    places ("hverandres navn", "i stedet for": x:swap)."""
    out: list[str] = []
    task = False
    for w in words:
        if w[0].isalpha() and _is_care_task(w):
            task = True
            break
    n = len(words)
    undone = count = swap = ident = False
    for i, w in enumerate(words):
        if w in _DONE_VERBS and not undone:
            for j in range(max(0, i - 3), i):
                if words[j] in _DONE_NEGATORS:
                    undone = True
                    break
        elif w in _TIMES and not count and i > 0 and (words[i - 1] in _COUNT_WORDS or (
                i > 1 and words[i - 2] in _COUNT_WORDS)):
            count = True
        elif w in _SWAP_WORDS:
            swap = True
        elif w == "stedet" and 0 < i < n - 1 and words[i - 1] == "i" and words[i + 1] == "for":
            swap = True
        elif w in _IDENTITY:
            ident = True
    if undone:
        out.append("x:undone" if task else "x:undone0")
    if count:
        out.append("x:count" if task else "x:count0")
    if swap:  # "i stedet for" alone is no mix-up ("vi bruker PC i stedet for nettbrett")
        out.append("x:swapid" if ident else "x:swap" if task else "x:swap0")
    if task:
        out.append("x:task")
    return out


def eligible(feats: list[str]) -> bool:
    """True when a sentence is about a safety topic (a topic word or `alltid` entry of a category, a rule that
    fired, or a care task not done, counted or mixed up) and is not an information question ("Hvor ser jeg om en
    e-link er lest?" asks, it reports nothing). Only such sentences are scored: the model weighs candidates."""
    if "q:open" in feats:
        return False
    for f in feats:
        if f[:2] in ("t:", "a:", "r:") or f in ("x:undone", "x:count", "x:swap", "x:swapid"):
            return True
    return False


def text_model_features(text: str, index: Index) -> tuple[list[list[str]], bool]:
    """The model's features of each sentence of a raw text, and whether it only asks (used by training)."""
    tokens, words = tokens_and_words(normalise(text))
    sents = token_sentences(tokens)
    per: list[dict[int, tuple[str, bool]]] = []
    if words and quick_themes(words, index) is None:
        _scan(_sentences(tokens), index, per)
    else:
        per = [{} for _s in sents]
    return [sentence_features(s, index, o) for s, o in zip(sents, per, strict=True)], only_questions(sents)


# The words without which task_cues gives none of the features that make a sentence eligible (x:undone, x:count,
# x:swap, x:swapid): a done-verb, a times word, a mix-up word or "i stedet for".
_TASK_TRIGGERS = _DONE_VERBS | _TIMES | _SWAP_WORDS | {"stedet"}


def _has_topic(words: list[str], index: Index) -> bool:
    """True when a word hits a safety topic list (a `t:` feature); `alltid` hits never reach here (quick_themes)."""
    memo = index.memo
    topics = index.topic_ids
    for w in words:
        prof = memo.get(w)
        if prof is None:
            prof = index.profile(w)
        if not topics.isdisjoint(prof):
            return True
    return False


def assess(tokens: list[str], words: list[str], index: Index) -> tuple[tuple[str, ...], bool, str | None]:
    """Themes, safety flag and Norwegian reason of a tokenised text: the rules' cues weighed by the learned model.

    Each sentence is scored on its own and the text takes its highest score: an incident is told in a sentence,
    and greetings, consequences and sign-offs around it neither add to it nor water it down. A text that only
    asks (every sentence an information question) is flagged only by an `alltid` entry of a category that also
    counts in questions ("Hvordan melder jeg avvik på feil medisin som ble gitt i natt?").
    """
    themes = quick_themes(words, index)
    model = _setup(index).model
    per: list[dict[int, tuple[str, bool]]] = []
    reasons: dict[int, tuple[str, bool]] = {}
    if themes is None:
        themes, reasons = _scan(_sentences(tokens), index, per if model is not None else None)
    elif model is not None and _TASK_TRIGGERS.isdisjoint(words) and not _has_topic(words, index):
        return themes, False, None  # no rule fired and no sentence can be eligible: the model scores none
    if model is None:
        return themes, bool(reasons), _join(reasons) if reasons else None
    sents = token_sentences(tokens)
    if only_questions(sents):
        cats = index.tax.safety
        strong = {c: r for c, r in reasons.items() if r[1] and not cats[c].not_in_questions}
        return (themes, True, _join(strong)) if strong else (themes, False, None)
    if not per:
        per = [{} for _s in sents]
    best, best_feats, best_own = model.threshold, None, None
    for sent, own in zip(sents, per, strict=True):
        extra = rule_features(sent, index, own)
        if not eligible(extra):  # the word features never make a sentence eligible: only build them for those that are
            continue
        feats = text_features(sent, extra)
        score = model.logit(feats)
        if score >= best:
            if best_feats is None or score > best:
                best, best_feats, best_own = score, feats, own
    if best_feats is None:
        return themes, False, None
    if best_own:
        return themes, True, _join(best_own)
    return themes, True, _model_reason(model, best_feats, themes, index)


def _model_reason(model: SafetyModel, feats: list[str], themes: tuple[str, ...], index: Index) -> str:
    """Reason for a catch of the model alone: the category of its topic words (or theme) and its strongest words."""
    cats = index.tax.safety
    by_key = {c.key: c for c in cats}
    topics = [(model.weights.get(f"t:{c.key}", 0.0), -i, c) for i, c in enumerate(cats) if f"t:{c.key}" in feats]
    if topics:
        name = max(topics, key=lambda x: (x[0], x[1]))[2].name
    else:
        keys = [_THEME_CATEGORY[t] for t in themes if _THEME_CATEGORY.get(t) in by_key]
        keys += [k for f, k in _CUE_CATEGORY if f in feats and k in by_key]
        name = by_key[keys[0]].name if keys else GENERIC_CATEGORY
    words = model.top_words(feats)
    quoted = ", ".join(f"«{w}»" for w in words)
    return f"{name} (lært modell): {quoted}" if quoted else f"{name} (lært modell)"
