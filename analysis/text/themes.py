"""Theme taxonomy from the editable TOML file, matched on forms, lemmas, stems and compounds."""

from __future__ import annotations

import time
import tomllib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from pathlib import Path

from analysis.config import themes_file

_MAX_WORD = 40
_PREFIX_SLACK = 4  # a short entry matches a word that starts with it plus at most this many letters
_SUBSTRING_MIN = 6  # entries this long match anywhere inside a compound
_SUFFIX_MIN = 4  # entries this long match the head (end) of a compound
# Size caps of the per-word caches (LRU or cleared when full): a 1 000 000-row import of real text brings a
# new word in most texts, so a cache without a cap would grow with the import. 100 000 words cover the
# vocabulary of a go-live stream many times over; a word that fell out is simply computed again.
_WORD_CACHE = 100_000


def themes_path() -> Path:
    """Path of the theme file: env var GOLIVE_THEMES, else data/themes.toml in the repo."""
    return themes_file()


@lru_cache(maxsize=1)
def _stemmer():
    """NLTK's Snowball stemmer for Norwegian (pure code, no corpus download)."""
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("norwegian")


@lru_cache(maxsize=_WORD_CACHE)  # shared by theme matching and the safety model's features
def word_stem(word: str) -> str:
    """The Snowball stem of a lowercased word (junk longer than _MAX_WORD letters is its own stem)."""
    return word if len(word) > _MAX_WORD else _stemmer().stem(word)


@lru_cache(maxsize=_WORD_CACHE)
def word_forms(word: str) -> tuple[str, ...]:
    """The form, bokmål and nynorsk lemmas and the Snowball stem of a lowercased word."""
    import simplemma

    if len(word) > _MAX_WORD:  # junk such as "aaaa…": lemmatisers are slow on it and it means nothing
        return (word,)
    forms = {word}
    forms.add(simplemma.lemmatize(word, lang="nb").lower())
    forms.add(simplemma.lemmatize(word, lang="nn").lower())
    forms.add(word_stem(word))
    return tuple(forms)


def warm_up() -> None:
    """Load the stemmer and simplemma's bokmål and nynorsk dictionaries (no word cache is filled)."""
    import simplemma

    _stemmer()
    for lang in ("nb", "nn"):
        simplemma.lemmatize("aaaaaaaa", lang=lang)


def entry_matches(entry: str, word: str) -> bool:
    """True when a single-word taxonomy entry matches a lowercased word (see data/themes.toml)."""
    if entry == word:
        return True
    if len(entry) >= _SUBSTRING_MIN and entry in word:
        return True
    if word.startswith(entry) and len(word) - len(entry) <= _PREFIX_SLACK:
        return True
    for form in word_forms(word):
        if form == entry or (len(entry) >= _SUFFIX_MIN and form.endswith(entry)):
            return True
    return False


@dataclass(frozen=True, eq=False)  # identity hash: cheap as a cache key
class WordList:
    """Single-word entries and phrase entries (tuples of words) of one list, with exclusions."""

    words: tuple[str, ...]
    phrases: tuple[tuple[str, ...], ...]
    exclude: tuple[str, ...] = ()
    by_first: dict = field(default_factory=dict)

    @classmethod
    def build(cls, entries: list[str], exclude: list[str] | None = None) -> WordList:
        """Split raw entries into words and phrases (phrases indexed by their first word)."""
        clean = [e.strip().lower() for e in entries if e.strip()]
        phrases = tuple(tuple(e.split()) for e in clean if " " in e)
        by_first: dict[str, list[tuple[str, ...]]] = {}
        for ph in phrases:
            by_first.setdefault(ph[0], []).append(ph)
        return cls(
            tuple(e for e in clean if " " not in e),
            phrases,
            tuple(e.strip().lower() for e in (exclude or []) if e.strip()),
            by_first,
        )

    def word_hit(self, word: str) -> str | None:
        """The entry that matches a word, if any (cached)."""
        return _word_hit(self, word)

    def hits(self, words: list[str]) -> list[tuple[int, int]]:
        """(start, end) word spans in a sentence that match this list."""
        spans = []
        by_first = self.by_first
        for i, w in enumerate(words):
            if _word_hit(self, w) is not None:
                spans.append((i, i + 1))
            if w in by_first:
                for ph in by_first[w]:
                    if tuple(words[i:i + len(ph)]) == ph:
                        spans.append((i, i + len(ph)))
        return spans


@lru_cache(maxsize=_WORD_CACHE)
def _word_hit(wl: WordList, word: str) -> str | None:
    """The entry of a word list that matches a word, if any."""
    if any(x in word for x in wl.exclude):
        return None
    for entry in wl.words:
        if entry_matches(entry, word):
            return entry
    return None


@dataclass(frozen=True)
class Theme:
    """One theme: key, Norwegian display name and its word list."""

    key: str
    name: str
    words: WordList


@dataclass(frozen=True)
class SafetyCategory:
    """One patient-safety category: topic words, own problem cues (optional) and always-flag entries."""

    key: str
    name: str
    topic: WordList
    problem: WordList | None
    always: WordList
    # "Hvor skriver jeg avviksmelding?" asks about the procedure; it reports nothing.
    not_in_questions: bool = False
    own_cues: bool = False  # `problem` replaced the shared cues (negated verbs are shared cues too)


@dataclass(frozen=True, eq=False)  # identity hash: cheap as a cache key
class Taxonomy:
    """The parsed theme file."""

    themes: tuple[Theme, ...]
    problem: WordList
    safety: tuple[SafetyCategory, ...]
    # verbs of arriving, being given or shown: a problem cue when negated ("har ikke mottatt", "kommer ikke")
    verbs: WordList = field(default_factory=lambda: WordList.build([]))


def parse_taxonomy(raw: dict) -> Taxonomy:
    """Build a Taxonomy from the TOML structure."""
    themes = tuple(
        Theme(key, str(spec.get("navn", key)), WordList.build(list(spec.get("ord", [])), spec.get("unntak")))
        for key, spec in raw.get("temaer", {}).items()
    )
    sik = raw.get("sikkerhet", {})
    shared = list(sik.get("problem", []))
    cats = []
    for key, spec in sik.items():
        if not isinstance(spec, dict):
            continue
        # `problem` replaces the shared cues (a locked record is about "låst", not any "feil");
        # `problem_ekstra` adds cues that only mean trouble next to this category's topic ("for høy" dose).
        own, extra = spec.get("problem"), spec.get("problem_ekstra")
        cues = WordList.build(list(own)) if own else WordList.build(shared + list(extra)) if extra else None
        cats.append(SafetyCategory(
            key,
            str(spec.get("navn", key)),
            WordList.build(list(spec.get("emne", [])), spec.get("unntak")),
            cues,
            WordList.build(list(spec.get("alltid", []))),
            bool(spec.get("ikke_i_spoersmaal", False)),
            bool(own),
        ))
    return Taxonomy(themes, WordList.build(shared), tuple(cats), WordList.build(list(sik.get("ikke_verb", []))))


@lru_cache(maxsize=4)
def _load(path: str, mtime: float) -> Taxonomy:
    """Parse the theme file (cached per path and modification time)."""
    with open(path, "rb") as fh:
        return parse_taxonomy(tomllib.load(fh))


def load_taxonomy() -> Taxonomy:
    """The taxonomy currently in force (re-read when the file changes; checked at most once a second)."""
    return _current(str(themes_file()), int(time.monotonic()))


@lru_cache(maxsize=2)
def _current(path: str, _second: int) -> Taxonomy:
    """The taxonomy for a path, looked up once per second of wall time."""
    return _load(path, Path(path).stat().st_mtime)


def theme_labels() -> dict[str, str]:
    """Theme key -> Norwegian display name."""
    return {t.key: t.name for t in load_taxonomy().themes}


def _word_themes(tax: Taxonomy, word: str) -> tuple[str, ...]:
    """Theme keys that one word matches."""
    themes = tax.themes
    return tuple([themes[i].key for i in build_index(tax).profile(word) if i < len(themes)])


def match_themes(words: list[str], tax: Taxonomy | None = None) -> tuple[str, ...]:
    """Theme keys of a text's words, in taxonomy order, each at most once."""
    tax = tax or load_taxonomy()
    found: set[str] = set()
    for w in words:
        found.update(_word_themes(tax, w))
    for t in tax.themes:
        if t.key not in found and t.words.phrases and t.words.hits(words):
            found.add(t.key)
    return tuple(t.key for t in tax.themes if t.key in found)


@dataclass(frozen=True, eq=False)  # identity hash: cheap as a cache key
class Index:
    """All word lists of a taxonomy numbered, for one pass over a text's words."""

    tax: Taxonomy
    lists: tuple[WordList, ...]
    phrase_first: dict = field(default_factory=dict)  # first word -> [(phrase, list id)]
    memo: dict = field(default_factory=dict)  # word -> list ids it hits (filled lazily; plain dict is fastest)
    phrase_pairs: dict = field(default_factory=dict)  # (first, second word) -> [(phrase, list id)]
    # ids of the safety lists by role; a text flags only with an always hit, or a topic and a cue hit
    always_ids: frozenset = frozenset()
    topic_ids: frozenset = frozenset()
    topic_cue: tuple = ()  # (topic list id, cue list id) per safety category
    verbs_id: int = -1  # id of the negated-verb list (the last list)
    verb_cats: frozenset = frozenset()  # categories that take negated verbs as cues (those on the shared cues)
    entries: EntryIndex | None = None  # the single-word entries of every list, for one look-up per word

    @classmethod
    def build(cls, tax: Taxonomy) -> Index:
        """Number every word list (themes, then safety lists) and index the phrases."""
        lists: list[WordList] = [t.words for t in tax.themes] + [tax.problem]
        for cat in tax.safety:
            lists += [cat.topic, cat.problem or tax.problem, cat.always]
        lists.append(tax.verbs)  # last, so that the ids above do not depend on it
        first: dict[str, list[tuple[tuple[str, ...], int]]] = {}
        pairs: dict[tuple[str, ...], list[tuple[tuple[str, ...], int]]] = {}
        for i, wl in enumerate(lists):
            for ph in wl.phrases:
                first.setdefault(ph[0], []).append((ph, i))
                pairs.setdefault(ph[:2], []).append((ph, i))
        n = len(tax.themes) + 1  # safety categories start after the themes and the shared problem list
        topic_cue = tuple((n + 3 * c, n + 3 * c + 1) for c in range(len(tax.safety)))
        return cls(tax, tuple(lists), first, phrase_pairs=pairs,
                   always_ids=frozenset(t + 2 for t, _q in topic_cue), topic_ids=frozenset(t for t, _q in topic_cue),
                   topic_cue=topic_cue, verbs_id=len(lists) - 1,
                   verb_cats=frozenset(c for c, cat in enumerate(tax.safety) if not cat.own_cues),
                   entries=EntryIndex.build(tuple(lists)))

    def profile(self, word: str) -> tuple[int, ...]:
        """Ids of the word lists whose single-word entries match a word (memoised)."""
        prof = self.memo.get(word)
        if prof is None:
            prof = _profile(self, word)
            if len(self.memo) < _WORD_CACHE:  # bounded: a stream of new words cannot grow it forever
                self.memo[word] = prof
        return prof

    def spans(self, words: list[str]) -> list[tuple[int, int, int]]:
        """(list id, start, end) of every hit in a sentence, in reading order."""
        out = []
        first = self.phrase_first
        for i, w in enumerate(words):
            for lid in self.profile(w):
                out.append((lid, i, i + 1))
            if w in first:
                for ph, lid in first[w]:
                    if tuple(words[i:i + len(ph)]) == ph:
                        out.append((lid, i, i + len(ph)))
        return out

    def hits(self, words: list[str]) -> dict[int, list[tuple[int, int]]]:
        """The spans() of a sentence grouped by list id, each list in reading order; faster."""
        try:
            profs = list(map(self.memo.__getitem__, words))  # C speed for known words, the common case
        except KeyError:
            profs = [self.profile(w) for w in words]
        at = list(compress(range(len(profs)), profs))  # positions of words that hit a list
        pairs = self.phrase_pairs
        starts = {}  # position -> phrases that may start there, found by their first two words
        if not pairs.keys().isdisjoint(zip(words, words[1:], strict=False)):
            starts = {i: pairs[b] for i, b in enumerate(zip(words, words[1:], strict=False)) if b in pairs}
            at = sorted(set(at).union(starts))
        out: dict[int, list[tuple[int, int]]] = {}
        for i in at:
            for lid in profs[i]:
                found = out.get(lid)
                if found is None:
                    out[lid] = [(i, i + 1)]
                else:
                    found.append((i, i + 1))
            if i in starts:
                for ph, lid in starts[i]:
                    if tuple(words[i:i + len(ph)]) == ph:
                        out.setdefault(lid, []).append((i, i + len(ph)))
        return out


def _profile(index: Index, word: str) -> tuple[int, ...]:
    """Ids of the word lists whose single-word entries match a word, in ascending order."""
    mask = index.entries.mask(word)
    ids = []
    while mask:
        low = mask & -mask
        ids.append(low.bit_length() - 1)
        mask ^= low
    return tuple(ids)


def _reference_profile(index: Index, word: str) -> tuple[int, ...]:
    """The same ids found by trying every entry of every list on the word (the rule as written; for tests)."""
    return tuple(i for i, wl in enumerate(index.lists) if _word_hit(wl, word) is not None)


def _automaton(keys: dict[str, tuple[int, int]]) -> object | None:
    """An Aho-Corasick automaton over the keys (pyahocorasick), or None when the library is missing."""
    try:
        import ahocorasick
    except ImportError:  # the pure dict index below finds the same keys, a few times slower
        return None
    auto = ahocorasick.Automaton()
    for key, value in keys.items():
        auto.add_word(key, value)
    auto.make_automaton()
    return auto


@dataclass(frozen=True, eq=False)
class EntryIndex:
    """Every single-word entry and exclusion of a taxonomy's lists, keyed by its text, built once per taxonomy.

    A word's lists are found by looking its own pieces up (the word, its prefixes within _PREFIX_SLACK, the ends
    of its forms, and, through one automaton pass, every long entry and exclusion inside it), so the work per
    word does not grow with the number of entries. Values are bit masks of list ids. The result is exactly
    that of trying every entry with entry_matches (tests/test_themes_index.py checks this).
    """

    entries: dict  # entry -> mask of the lists holding it
    inner: dict  # entry of >= _SUBSTRING_MIN letters or exclusion -> (mask of lists it hits, mask of lists it shuts)
    lengths: tuple  # the lengths of the inner keys, for the pure-Python look-up
    automaton: object | None = None
    short: object | None = None  # automaton of the entries shorter than _SUBSTRING_MIN: (length, mask)
    ends: frozenset = frozenset()  # the last _SUFFIX_MIN letters of every entry that long
    lemma_gate: LemmaGate | None = None  # None: every word is lemmatised by simplemma

    @classmethod
    def build(cls, lists: tuple[WordList, ...], use_automaton: bool = True) -> EntryIndex:
        """Index the single-word entries and exclusions of numbered word lists."""
        entries: dict[str, int] = {}
        inner: dict[str, tuple[int, int]] = {}
        for i, wl in enumerate(lists):
            bit = 1 << i
            for e in wl.words:
                entries[e] = entries.get(e, 0) | bit
                if len(e) >= _SUBSTRING_MIN:
                    hit, shut = inner.get(e, (0, 0))
                    inner[e] = (hit | bit, shut)
            for x in wl.exclude:
                hit, shut = inner.get(x, (0, 0))
                inner[x] = (hit, shut | bit)
        short = {e: (len(e), m) for e, m in entries.items() if len(e) < _SUBSTRING_MIN}
        auto = _automaton(inner) if use_automaton and inner else None
        ix = cls(entries, inner, tuple(sorted({len(k) for k in inner})), auto,
                 _automaton(short) if use_automaton and short else None,
                 frozenset(e[-_SUFFIX_MIN:] for e in entries if len(e) >= _SUFFIX_MIN))
        object.__setattr__(ix, "lemma_gate", LemmaGate.build(ix))
        return ix

    def inside(self, word: str) -> list[tuple[int, int]]:
        """(hit mask, shut mask) of every inner key found inside a word."""
        if self.automaton is not None:
            return [v for _end, v in self.automaton.iter(word)]
        get = self.inner.get
        n = len(word)
        found = []
        for k in self.lengths:
            if k > n:
                break
            for i in range(n - k + 1):
                v = get(word[i:i + k])
                if v is not None:
                    found.append(v)
        return found

    def form_mask(self, form: str) -> int:
        """Mask of the entries a form (the word, a lemma or the stem) equals or ends with (4+ letters)."""
        get = self.entries.get
        hit = get(form, 0)
        if form[-_SUFFIX_MIN:] in self.ends:  # no entry of 4+ letters ends as the form does: nothing more to find
            for i in range(1, len(form) - _SUFFIX_MIN + 1):
                hit |= get(form[i:], 0)
        return hit

    def mask(self, word: str) -> int:
        """Mask of the lists whose single-word entries match a lowercased word (see entry_matches).

        The stem and the lemmas are computed only when they could add a list the word's own pieces do not
        already give (see `short` and `lemma_gate`); otherwise the result is the same without them.
        """
        get = self.entries.get
        n = len(word)
        hit = 0
        for k in range(max(1, n - _PREFIX_SLACK), n):  # the word starts with the entry, a few letters more
            hit |= get(word[:k], 0)
        shut = 0
        for h, x in self.inside(word):  # long entries anywhere in a compound; exclusions
            hit |= h
            shut |= x
        hit |= self.form_mask(word)
        if n > _MAX_WORD:  # junk: only the word itself counts (word_forms)
            return hit & ~shut
        if self.short is None or self._stem_may_add(word, hit):
            hit |= self.form_mask(word_stem(word))
        gate = self.lemma_gate
        if gate is None:
            for form in word_forms(word):
                hit |= self.form_mask(form)
        else:
            for lemma in gate.lemmas(word, hit):
                hit |= self.form_mask(lemma)
        return hit & ~shut

    def _stem_may_add(self, word: str, hit: int) -> bool:
        """Whether the word's stem could match a list that `hit` lacks.

        The Norwegian Snowball stem is always a prefix of the word (its steps only delete endings; "erte" and
        "ert" become "er", which deletes letters too). So the stem can only equal or end with entries found
        inside the word: those of 6+ letters are already in `hit` (the automaton), which leaves entries of 4-5
        letters anywhere and shorter ones at the word's start.
        """
        extra = 0
        for end, (length, bits) in self.short.iter(word):
            if length >= _SUFFIX_MIN or end + 1 == length:
                extra |= bits
        return bool(extra & ~hit)


@lru_cache(maxsize=4)
def build_index(tax: Taxonomy) -> Index:
    """The (cached) index of a taxonomy."""
    return Index.build(tax)


_LEMMA_LANGS = ("nb", "nn")
_AFFIX_MIN = 8  # simplemma decomposes an unknown word only when it is longer than this (greedy_min_length)


def _simplemma_as_assumed() -> bool:
    """True when simplemma lemmatises bokmål and nynorsk the way LemmaGate relies on (checked, not assumed).

    In simplemma 2.0.0 a lowercased NFC word without hyphen, underscore or apostrophe gets: its dictionary
    value (the word, else its capitalised form, looked up), else for nynorsk a suffix rule, else, for words of
    more than 8 letters, an affix or suffix decomposition whose result is a piece of the word followed by the
    dictionary value of another piece (or that value alone), else the word itself. No clitic, apostrophe,
    prefix, morpheme or canonicalisation step applies to nb or nn. Another version takes the full path.
    """
    try:
        import simplemma
        from simplemma.strategies.affix_decomposition import AFFIX_LANGS, MINCOMPLEN
        from simplemma.strategies.apostrophe_boundary import APOSTROPHE_BOUNDARY_LANGS
        from simplemma.strategies.clitic_decomposition import CLITIC_LANGS, PROCLITIC_LANGS
        from simplemma.strategies.defaultprefixes import DEFAULT_KNOWN_PREFIXES
        from simplemma.strategies.greedy_dictionary_lookup import greedy_min_length
        from simplemma.strategies.morpheme_decomposition import MORPHEME_LANGS
        from simplemma.utils import CANON_LANGS
    except ImportError:
        return False
    others = (APOSTROPHE_BOUNDARY_LANGS, CLITIC_LANGS, PROCLITIC_LANGS, DEFAULT_KNOWN_PREFIXES, MORPHEME_LANGS,
              CANON_LANGS)
    return (getattr(simplemma, "__version__", "") == "2.0.0"
            and MINCOMPLEN == 4  # a decomposed word keeps 4+ letters at its start (LemmaGate.may_add's range)
            and all(AFFIX_LANGS.get(lang) == 2 and greedy_min_length(lang) == _AFFIX_MIN for lang in _LEMMA_LANGS)
            and not any(lang in table for table in others for lang in _LEMMA_LANGS))


@dataclass(frozen=True, eq=False)
class LemmaGate:
    """simplemma's bokmål and nynorsk lemmas of a word, computed by simplemma only when they could add a list.

    A word in simplemma's dictionaries gets its value by one dict look-up (what simplemma returns for it). An
    unknown word W of more than 8 letters may be decomposed: its lemma is then the dictionary value D of W minus
    its last one or two letters, or L = P + D where W = P + K and D is the dictionary value of the end K. An entry
    can only equal or end such a lemma if D itself equals or ends with an entry, or if an entry is H + D with H
    at the end of P. `keys` holds the lowercased dictionary keys whose value can do either, with the lists it
    could add and the heads H, so a word is lemmatised only when one of its ends is such a key and would add a
    list `hit` lacks; otherwise its lemma would add nothing. Built once per taxonomy (~0.3 s);
    tests/test_themes_index.py checks the result against simplemma on every word of the labelled sets.
    """

    raw: tuple  # simplemma's bytes -> bytes dictionaries, nb and nn
    rules: tuple  # simplemma's suffix rule function per language, or None
    keys: dict  # lowercased key -> (mask its value adds alone, {entry head: mask of those entries})
    endings: tuple = ()  # per language, the endings its suffix rules need (None: ask the rule for every word)

    @classmethod
    def build(cls, ix: EntryIndex) -> LemmaGate | None:
        """The gate for an entry index, or None when simplemma is missing or not the version it was checked on."""
        if not _simplemma_as_assumed():
            return None
        from simplemma.strategies.defaultrules import RULE_FUNCTIONS
        from simplemma.strategies.dictionaries.dictionary_factory import DEFAULT_DICTIONARY_FACTORY

        raws = []
        for lang in _LEMMA_LANGS:
            raw = getattr(DEFAULT_DICTIONARY_FACTORY.get_dictionary(lang), "_dict", None)
            if not isinstance(raw, dict):
                return None
            raws.append(raw)
        tails: dict[str, dict[str, int]] = {}  # end of an entry -> {the rest of the entry (head): lists}
        for entry, bits in ix.entries.items():
            for i in range(1, len(entry)):
                heads = tails.setdefault(entry[i:], {})
                heads[entry[:i]] = heads.get(entry[:i], 0) | bits
        keys: dict[str, tuple[int, dict]] = {}
        for raw in raws:
            marked = {}
            for value in set(raw.values()):
                text = value.decode().lower()
                direct, heads = ix.form_mask(text), tails.get(text)
                if direct or heads:
                    marked[value] = (direct, heads or {})
            for key, value in raw.items():
                got = marked.get(value)
                if got is not None:
                    name = key.decode().lower()
                    old = keys.get(name)
                    if old is not None and old != got:  # the same key (case aside) in both languages
                        merged = dict(old[1])
                        for head, bits in got[1].items():
                            merged[head] = merged.get(head, 0) | bits
                        got = (old[0] | got[0], merged)
                    keys[name] = got
        rules = tuple(RULE_FUNCTIONS.get(lang) for lang in _LEMMA_LANGS)
        return cls(tuple(raws), rules, keys, tuple(_rule_endings(lang, rule) for lang, rule in zip(
            _LEMMA_LANGS, rules, strict=True)))

    def may_add(self, word: str, hit: int) -> bool:
        """Whether a decomposition of the word could yield a lemma that adds a list `hit` lacks."""
        get = self.keys.get
        n = len(word)
        for k in (n - 1, n - 2):  # the word minus one or two letters, its value taken alone
            got = get(word[:k])
            if got is not None and got[0] & ~hit:
                return True
        # The end K is 3 to n-4 letters long in simplemma's affix and suffix decompositions (the start keeps 4+);
        # after a hyphen it is whatever follows the last one.
        first, last = (1, n) if "-" in word else (4, n - 2)
        for i in range(first, last):  # an end of the word, its value appended to the start
            got = get(word[i:])
            if got is not None:
                direct, heads = got
                if direct & ~hit:
                    return True
                for j in range(i - 1, -1, -1):  # an entry = head + value, the head ending where the key starts
                    bits = heads.get(word[j:i])
                    if bits is not None and bits & ~hit:
                        return True
        return False

    def lemmas(self, word: str, hit: int) -> list[str]:
        """The word's lowercased nb and nn lemmas that could add a list (others are left out)."""
        if word.isnumeric():
            return []  # simplemma returns a number as it is
        if "_" in word or "'" in word or "’" in word or "ʼ" in word or not unicodedata.is_normalized("NFC", word):
            return list(word_forms(word))  # rare (apostrophes are looked up in variants): simplemma in full
        hyphen = "-" in word
        joined = word.replace("-", "") if hyphen and not word.endswith("-") else None
        out = []
        key, cap = word.encode(), word.capitalize().encode()
        gate = None
        for raw, rule, ends, lang in zip(self.raw, self.rules, self.endings, _LEMMA_LANGS, strict=True):
            value = raw.get(key)
            if value is None:
                value = raw.get(cap)
            if value is None and joined is not None:  # "e-resept": the word without its hyphens
                value = raw.get(joined.encode())
                if value is None:
                    value = raw.get(joined.capitalize().encode())
            if value is not None:
                out.append(value.decode().lower())
                continue
            if rule is not None and not hyphen and (ends is None or word.endswith(ends)):  # rules skip hyphens
                ruled = rule(word)
                if ruled is not None:
                    out.append(ruled.lower())
                    continue
            if len(word) <= _AFFIX_MIN and not hyphen:
                continue  # simplemma returns the word itself
            # a decomposition (or, with a hyphen, the start up to the last hyphen + the last part's value)
            if gate is None:
                gate = self.may_add(word, hit)
            if gate:
                out.append(_lemma(word, lang))
        return out


def _rule_endings(lang: str, rule: object) -> tuple[str, ...] | None:
    """The word endings simplemma's suffix rules for a language react to, read from its patterns ("(?:aen|aer)$"),
    or None when they are not all of that plain form (then the rule is asked for every word)."""
    import re

    if rule is None:
        return None
    try:
        module = __import__(f"simplemma.strategies.defaultrules.{lang}", fromlist=["DEFAULT_RULES"])
        patterns = [p.pattern for p in module.DEFAULT_RULES]
    except (ImportError, AttributeError):
        return None
    if getattr(module, f"apply_{lang}", None) is not rule:
        return None
    endings: list[str] = []
    for pattern in patterns:
        m = re.fullmatch(r"\(\?:([a-zæøå|]+)\)\$", pattern)
        if m is None:
            return None
        endings += m.group(1).split("|")
    return tuple(endings)


def _lemma(word: str, lang: str) -> str:
    """simplemma's lowercased lemma of a word."""
    import simplemma

    return simplemma.lemmatize(word, lang=lang).lower()
