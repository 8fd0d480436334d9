"""Language of a short text: nb, nn, en or und; marker-word rule first, lingua only when it is unsure."""

from __future__ import annotations

import re
from functools import lru_cache
from itertools import repeat

# Words that (nearly) only occur in one of the three languages. Weight 2 for the unmistakable ones.
NYNORSK: dict[str, int] = {
    "ikkje": 2, "eg": 2, "kva": 2, "korleis": 2, "kvifor": 2, "kven": 2, "kvar": 2, "berre": 2, "noko": 2,
    "nokon": 2, "nokre": 2, "frå": 2, "òg": 2, "mykje": 2, "fekk": 2, "vart": 1, "vore": 1, "heile": 1,
    "sjølv": 1, "desse": 2, "kome": 2, "kjem": 2, "seier": 1, "gjer": 1, "fleire": 2, "meir": 2, "hjå": 2,
    "dykk": 2, "ein": 1, "eit": 1, "dei": 1, "ho": 1, "me": 1, "vert": 1, "kor": 1, "såg": 1,
    "ynskjer": 2, "veke": 2, "veka": 2, "vekene": 2, "framleis": 2, "saman": 1, "sidan": 1, "mellom": 0,
    "utan": 2, "verkeleg": 2, "utruleg": 2, "etter": 0, "skulle": 0, "gjekk": 2, "tykkjer": 2, "synest": 2,
    "no": 1, "ting": 0, "einaste": 2, "andre": 0, "fyrste": 2, "opplæringa": 1, "heime": 2, "mange": 0,
    "enno": 2, "endå": 1, "nett": 0, "sett": 0, "lenge": 0, "dag": 0, "mogleg": 2, "truleg": 2, "ny": 0,
    # nynorsk forms of everyday words whose bokmål forms differ (sjå/se, vere/være, kvarandre/hverandre)
    "sjå": 2, "kvarandre": 2, "medan": 2, "difor": 2, "vere": 2, "vera": 2, "gjere": 2, "gjera": 2,
    "heilt": 2, "eigen": 2, "eige": 2, "eigne": 2, "hugse": 2, "sjukeheim": 2, "sjukepleiar": 2,
    "teneste": 2, "tenesta": 2, "då": 1,
}
# Words nynorsk writes the same way (vi, hos, blir, meg, første …) have weight 0: they are no evidence.
BOKMAL: dict[str, int] = {
    "ikke": 2, "jeg": 2, "hva": 2, "hvordan": 2, "hvorfor": 2, "hvem": 2, "hvor": 2, "bare": 2, "noe": 2,
    "noen": 1, "fra": 1, "også": 1, "mye": 2, "fikk": 1, "ble": 2, "vært": 1, "hele": 1, "selv": 1,
    "disse": 2, "komme": 1, "kommer": 1, "sier": 1, "gjør": 1, "flere": 2, "mer": 1, "hos": 0, "dere": 2,
    "en": 1, "et": 1, "de": 1, "hun": 2, "vi": 0, "blir": 0, "nå": 1, "meg": 0, "deg": 0, "uke": 2,
    "uka": 1, "fortsatt": 2, "sammen": 1, "siden": 1, "uten": 1, "virkelig": 1, "utrolig": 1, "gikk": 1,
    "synes": 2, "første": 0, "hjemme": 2, "ennå": 2, "mulig": 1, "sannsynligvis": 1, "dem": 1, "hadde": 0,
    "jobben": 0, "skriveren": 0, "ingenting": 0, "kanskje": 0, "lenger": 0, "etter": 0, "igjen": 0,
    "hverandre": 2, "være": 2, "gjøre": 2, "helt": 1, "sykehjem": 2, "sykepleier": 2, "tjeneste": 2,
    "tjenesten": 2,
}
# "at", "it" (IT support) and "all" are everyday Norwegian too: weight 0, no evidence either way.
ENGLISH: dict[str, int] = {
    "the": 2, "and": 2, "is": 2, "are": 2, "was": 2, "were": 2, "not": 2, "it": 0, "this": 2, "that": 2,
    "with": 2, "have": 2, "has": 2, "can't": 2, "cannot": 2, "don't": 2, "doesn't": 2, "of": 2,
    "you": 2, "my": 2, "our": 2, "they": 1, "what": 2, "how": 2, "why": 2, "when": 2, "where": 2,
    "working": 2, "works": 2, "work": 1, "please": 2, "thanks": 2, "thank": 2, "great": 1, "good": 1,
    "bad": 1, "but": 2, "again": 2, "still": 2, "today": 2, "very": 2, "been": 2, "be": 1, "would": 2,
    "could": 2, "should": 2, "there": 2, "here": 1, "anyone": 2, "help": 1, "does": 2, "get": 1,
    "got": 1, "can": 1, "i": 0, "we": 1, "to": 0, "in": 1, "on": 1, "at": 0, "all": 0, "so": 1,
    "new": 1, "system": 0, "login": 1, "log": 0, "is't": 2, "isn't": 2, "won't": 2, "i'm": 2, "it's": 2,
    "doesn’t": 2, "can’t": 2, "just": 1, "from": 2, "about": 2, "which": 2, "who": 2, "a": 1, "an": 1,
    "shift": 1, "nurse": 1, "patient": 1, "patients": 1, "staff": 1, "everyone": 2, "going": 2, "well": 1,
}


# Word forms that tell nynorsk from bokmål when no marker word settles it (used only on that path):
# nynorsk plurals and present tense in -ar/-ane ("telefonar", "pasientane", "manglar"), adjectives in
# -leg ("vanskeleg"), nouns in -heit, and a few stems spelt differently (oppgåve/oppgave, morgon/morgen,
# sjuk-/syk-); bokmål adjectives in -lig and nouns in -het. Each matching word counts one vote.
_NN_SUFFIXES = ("ane", "leg", "heit", "heita")
_NB_SUFFIXES = ("lig", "lige", "het", "heten")
_NN_STEMS = ("oppgåv", "morgon", "gonger", "sjuke", "sjukd", "nøgd", "tilsett", "brukar", "skrivar")
_NB_STEMS = ("oppgav", "morgen", "ganger", "syke", "sykd", "fornøyd", "ansatt", "bruker", "skriver")
# Common words in -ar/-ane that bokmål has too (vikar, kommentar; vane, bane); short words are skipped.
_NOT_NN = frozenset({"vikar", "kommentar", "seminar", "januar", "februar", "formular", "inventar", "kalendar",
                     "altar", "radar", "polar", "scanar", "vane", "bane", "plane", "hane", "organe", "humane"})


def form_vote(words: list[str]) -> int:
    """Nynorsk minus bokmål votes from word forms (endings and stems); positive leans nynorsk."""
    vote = 0
    for w in words:
        if len(w) < 5 or w in _NOT_NN:
            continue
        if w.endswith(_NN_SUFFIXES) or w.startswith(_NN_STEMS) or (w.endswith("ar") and len(w) >= 6):
            vote += 1
        elif w.endswith(_NB_SUFFIXES) or w.startswith(_NB_STEMS):
            vote -= 1
    return vote


_LATIN = re.compile(r"[a-zà-ɏ]")
# Words spelt with æ, ø or å: Norwegian evidence that English text lacks (a unit name such as "Byåsen" in
# an English message is outweighed by its English marker words).
_NORDIC_WORD = re.compile(r"\w*[æøå]\w*")
_OTHER = re.compile(r"[^\W\da-zà-ɏ_]")
# Every character _OTHER could match lies outside these plain ranges (checked over all code points in
# tests/test_language.py); a range class is scanned ~3x faster than _OTHER's Unicode-category class.
_MAYBE_OTHER = re.compile("[^\x00-\x40\x5b-\x7f\xa0-\xa9\xab-\xb1\xb4\xb6-\xb8\xbb\xbf\xd7\xe0-\u024f]")


def _latin_share(text: str) -> float:
    """Share of letters that are Latin (incl. æøå and accents)."""
    if text.isascii() or not _MAYBE_OTHER.search(text) or not _OTHER.search(text):
        return 1.0
    latin = len(_LATIN.findall(text))
    other = len(_OTHER.findall(text)) if not text.isascii() else 0
    return latin / (latin + other) if latin + other else 0.0


_MARKERS: dict[str, tuple[int, int, int]] = {
    w: (BOKMAL.get(w, 0), NYNORSK.get(w, 0), ENGLISH.get(w, 0)) for w in {*BOKMAL, *NYNORSK, *ENGLISH}
}
# The three scores packed in one int (nb + nn << 16 + en << 32), so that one C-speed sum() adds all
# three. A field cannot overflow while there are fewer than 2**15 words (weights are at most 2).
_SHIFT = 16
_MASK = (1 << _SHIFT) - 1
_PACKED: dict[str, int] = {w: nb + (nn << _SHIFT) + (en << 2 * _SHIFT) for w, (nb, nn, en) in _MARKERS.items()}


def rule_scores(words: list[str]) -> tuple[int, int, int]:
    """Marker-word scores (nb, nn, en) of a list of lowercased words."""
    if len(words) > _MASK // 2:  # too many to pack (a normalised text has far fewer)
        nb = nn = en = 0
        for m in filter(None, map(_MARKERS.get, words)):
            nb += m[0]
            nn += m[1]
            en += m[2]
        return nb, nn, en
    packed = sum(map(_PACKED.get, words, repeat(0)))
    return packed & _MASK, (packed >> _SHIFT) & _MASK, packed >> 2 * _SHIFT


def detect_rule(words: list[str], text: str) -> str | None:
    """Decide from marker words; None when the markers do not settle it."""
    return _rule(words, text)[0]


def _rule(words: list[str], text: str) -> tuple[str | None, tuple[int, int, int]]:
    """The rule's verdict (None: not settled) and the marker scores (nb, nn, en) the unsure path goes on with."""
    if not words or _latin_share(text) < 0.5:
        return "und", (0, 0, 0)
    scores = rule_scores(words)
    return _decide(*scores), scores


def _decide(nb: int, nn: int, en: int) -> str | None:
    """The rule's verdict from the three marker scores; None when they do not settle it."""
    if en >= 3 and en > 1.5 * (nb + nn):
        return "en"
    if en and en >= nb + nn:
        return None  # looks English but too little to be sure
    if nn > nb:
        return "nn"
    if nb > nn:
        return "nb"
    return None


@lru_cache(maxsize=1)
def _detector():
    """Lingua detector limited to bokmål, nynorsk and English (model shipped in the wheel)."""
    from lingua import Language, LanguageDetectorBuilder

    return LanguageDetectorBuilder.from_languages(Language.BOKMAL, Language.NYNORSK, Language.ENGLISH).build()


_LINGUA_CODES = {"BOKMAL": "nb", "NYNORSK": "nn", "ENGLISH": "en"}


def detect_lingua(text: str) -> str:
    """Lingua's verdict on a text: nb, nn, en or und."""
    lang = _detector().detect_language_of(text)
    return _LINGUA_CODES.get(lang.name, "und") if lang is not None else "und"


def warm_up() -> None:
    """Load lingua's models (its first verdict loads them; no text verdict is cached)."""
    detect_lingua("this is not working today")


@lru_cache(maxsize=65536)
def _fallback(text: str) -> str:
    """Lingua for texts the rule could not decide (cached)."""
    return detect_lingua(text)


def detect_language(words: list[str], text: str) -> str:
    """Language code for a normalised text and its words: rule first, lingua only when it may be English.

    A Latin-script text with no marker words at all, or with more words spelt with æ/ø/å than English
    marker weight, is taken as Norwegian: nynorsk when nynorsk markers outweigh bokmål ones or, at a
    tie, when its word forms lean nynorsk (form_vote), else bokmål, the majority language of the stream
    (measured in bench/bench_language.py: more accurate than lingua alone on the labelled set).
    """
    lang, (nb, nn, en) = _rule(words, text)
    if lang is not None:
        return lang
    if not en:  # no word with an English weight (all weights are >= 0): Norwegian, by marker tie or form
        return "nn" if form_vote(words) > 0 else "nb"
    # English markers, but more words spelt with æ/ø/å: Norwegian. Only here, on the rule's unsure path,
    # is the text scanned for them; lingua is asked about what is left (~0.3 ms a text).
    if len(_NORDIC_WORD.findall(text)) > en:
        return "nn" if nn > nb or (nn == nb and form_vote(words) > 0) else "nb"
    return _fallback(" ".join(words)[:300])
