"""Theme taxonomy from the editable TOML file, matched on forms, lemmas, stems and compounds."""

from __future__ import annotations

import time
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import compress
from pathlib import Path

from analysis.config import themes_file

_MAX_WORD = 40
_PREFIX_SLACK = 4  # a short entry matches a word that starts with it plus at most this many letters
_SUBSTRING_MIN = 6  # entries this long match anywhere inside a compound
_SUFFIX_MIN = 4  # entries this long match the head (end) of a compound


def themes_path() -> Path:
    """Path of the theme file: env var GOLIVE_THEMES, else data/themes.toml in the repo."""
    return themes_file()


@lru_cache(maxsize=1)
def _stemmer():
    """NLTK's Snowball stemmer for Norwegian (pure code, no corpus download)."""
    from nltk.stem.snowball import SnowballStemmer

    return SnowballStemmer("norwegian")


def word_stem(word: str) -> str:
    """The Snowball stem of a lowercased word (junk longer than _MAX_WORD letters is its own stem)."""
    return word if len(word) > _MAX_WORD else _stemmer().stem(word)


@lru_cache(maxsize=200_000)
def word_forms(word: str) -> tuple[str, ...]:
    """The form, bokmål and nynorsk lemmas and the Snowball stem of a lowercased word."""
    import simplemma

    if len(word) > _MAX_WORD:  # junk such as "aaaa…": lemmatisers are slow on it and it means nothing
        return (word,)
    forms = {word}
    forms.add(simplemma.lemmatize(word, lang="nb").lower())
    forms.add(simplemma.lemmatize(word, lang="nn").lower())
    forms.add(_stemmer().stem(word))
    return tuple(forms)


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


@lru_cache(maxsize=500_000)
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


@lru_cache(maxsize=200_000)
def _word_themes(tax: Taxonomy, word: str) -> tuple[str, ...]:
    """Theme keys that one word matches."""
    return tuple(t.key for t in tax.themes if t.words.word_hit(word) is not None)


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
                   verb_cats=frozenset(c for c, cat in enumerate(tax.safety) if not cat.own_cues))

    def profile(self, word: str) -> tuple[int, ...]:
        """Ids of the word lists whose single-word entries match a word (memoised)."""
        prof = self.memo.get(word)
        if prof is None:
            prof = _profile(self, word)
            if len(self.memo) < 500_000:  # bounded: a stream of unique junk words cannot grow it forever
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


@lru_cache(maxsize=300_000)
def _profile(index: Index, word: str) -> tuple[int, ...]:
    """Ids of the word lists whose single-word entries match a word."""
    return tuple(i for i, wl in enumerate(index.lists) if _word_hit(wl, word) is not None)


@lru_cache(maxsize=4)
def build_index(tax: Taxonomy) -> Index:
    """The (cached) index of a taxonomy."""
    return Index.build(tax)
