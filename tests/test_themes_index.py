"""The taxonomy's entry index finds exactly what trying every entry finds, and the word caches have a cap."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.text import sentiment, themes
from analysis.text.themes import EntryIndex, Index, WordList, build_index, entry_matches, load_taxonomy, parse_taxonomy
from analysis.text.tokenize import normalise, tokens_and_words

DATA = Path(__file__).parent / "data"


def _ids(mask: int) -> tuple[int, ...]:
    """List ids of a mask, ascending."""
    return tuple(i for i in range(mask.bit_length()) if mask >> i & 1)


def _labelled_words() -> list[str]:
    """Every distinct word of the labelled sets."""
    words: set[str] = set()
    for path in sorted(DATA.glob("golive_*.tsv")):
        with open(path, encoding="utf-8", newline="") as fh:
            for row in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE):
                words.update(tokens_and_words(normalise(row["text"]))[1])
    return sorted(words)


# Words that reach each rule of entry_matches: equal, a long entry inside a compound, a prefix with a few letters
# more, a lemma, a stem, a compound's head, an exclusion, junk longer than 40 letters, and near misses.
EDGE_WORDS = ["rover", "e-linkmeldingene", "medisinlista", "medisinering", "skriveren", "legemiddelavviket",
              "tilbakemelding", "feilmelding", "timebøkene", "loggar", "innlogginga", "brevduer", "a" * 50,
              "medisin" * 7, "app", "apper", "appene", "x", "journalen", "journalene", "dosetten", "avvik",
              # the lemma gate's paths: hyphens (joined, last part, trailing), apostrophes, nynorsk rules, numbers,
              # decompositions, a dictionary word whose lemma is another word, not NFC
              "e-resept", "pasient-journalen", "e-", "rover's", "rover’s", "innloggingane", "meldingar", "½",
              "hovedrollen", "manglene", "lest", "fans", "sykehjemsjournalene", "medisinlistene", "nattevaktsrapporten",
              "timebøkenes", "låsen", "journal" + "\u0301" + "en", "ikkje-mottatte", "legemiddel-avviket"]


@pytest.mark.parametrize("use_automaton", [True, False])
def test_index_matches_every_entry_tried_on_labelled_words(use_automaton: bool) -> None:
    index = build_index(load_taxonomy())
    entries = EntryIndex.build(index.lists, use_automaton=use_automaton)
    words = _labelled_words() + EDGE_WORDS
    assert len(words) > 1000
    for word in words:
        assert _ids(entries.mask(word)) == themes._reference_profile(index, word), word


def test_index_on_a_small_taxonomy_follows_each_rule() -> None:
    tax = parse_taxonomy({"temaer": {
        "kort": {"ord": ["app"]},  # short: equal, prefix with <= 4 letters more, or a form equal to it
        "hode": {"ord": ["avvik"]},  # >= 4 letters: also the end of a compound
        "lang": {"ord": ["melding"], "unntak": ["tilbakemelding"]},  # >= 6 letters: anywhere inside a word
    }})
    index = Index.build(tax)
    cases = {
        "app": {"kort"}, "appen": {"kort"}, "appene": {"kort"}, "applikasjon": set(),
        "legemiddelavvik": {"hode"}, "avviksrutine": set(), "e-linkmeldingene": {"lang"},
        "tilbakemeldingene": set(), "meldingsboks": {"lang"},
    }
    for word, want in cases.items():
        got = {tax.themes[i].key for i in _ids(index.entries.mask(word))}
        assert got == want, word
        by_rule = {t.key for t in tax.themes if any(entry_matches(e, word) for e in t.words.words)
                   and not any(x in word for x in t.words.exclude)}
        assert got == by_rule, word


def test_index_without_entries_matches_nothing() -> None:
    entries = EntryIndex.build((WordList.build([]), WordList.build([], ["feil"])))
    assert entries.mask("feilmelding") == 0
    assert entries.mask("ok") == 0


def test_word_caches_have_a_cap() -> None:
    index = build_index(load_taxonomy())
    for cached in (themes.word_forms, themes.word_stem, sentiment._lookup):
        cap = cached.cache_info().maxsize
        assert cap is not None and cap <= 100_000
    before = len(index.memo)
    cap = themes._WORD_CACHE
    if before < cap:
        index.memo.update({f"fyll{i}": () for i in range(cap - before)})
    index.profile("ordsomikkefinnesiminnet")
    assert len(index.memo) == cap  # full: the new word is computed, not kept
    for i in range(cap - before):
        index.memo.pop(f"fyll{i}", None)


def test_prepare_fills_no_word_cache() -> None:
    themes.word_forms.cache_clear()
    sentiment._lookup.cache_clear()
    sentiment.prepare()
    assert themes.word_forms.cache_info().currsize == 0
    assert sentiment._lookup.cache_info().currsize == 0


def test_lemma_gate_uses_simplemma_only_where_it_could_matter(monkeypatch: pytest.MonkeyPatch) -> None:
    """The gate's lists equal simplemma's on every labelled word, and most words are not lemmatised at all."""
    index = build_index(load_taxonomy())
    gate = index.entries.lemma_gate
    if not themes._simplemma_as_assumed():
        assert gate is None  # another simplemma version: every word takes the full path
        return
    assert gate is not None
    calls: list[str] = []
    real = themes._lemma
    monkeypatch.setattr(themes, "_lemma", lambda word, lang: calls.append(word) or real(word, lang))
    fresh = EntryIndex.build(index.lists)
    words = _labelled_words() + EDGE_WORDS
    for word in words:
        assert _ids(fresh.mask(word)) == themes._reference_profile(index, word), word
    assert len(set(calls)) < len(words) / 10  # the point of the gate


def test_known_words_get_simplemmas_own_lemma() -> None:
    """A word in simplemma's dictionaries gets exactly simplemma's lemma from the gate's one look-up."""
    import simplemma

    gate = build_index(load_taxonomy()).entries.lemma_gate
    if gate is None:
        pytest.skip("simplemma is not the version the gate was checked on")
    for word in _labelled_words()[:3000]:
        if word.isnumeric() or "-" in word:
            continue
        known = [raw.get(word.encode()) or raw.get(word.capitalize().encode()) for raw in gate.raw]
        for value, lang in zip(known, ("nb", "nn"), strict=True):
            if value is not None:
                assert value.decode() == simplemma.lemmatize(word, lang=lang), word


def test_without_the_gate_every_word_is_lemmatised(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unchecked simplemma version turns the gate off; the lists stay the same."""
    monkeypatch.setattr(themes, "_simplemma_as_assumed", lambda: False)
    index = build_index(load_taxonomy())
    plain = EntryIndex.build(index.lists)
    assert plain.lemma_gate is None
    for word in EDGE_WORDS:
        assert _ids(plain.mask(word)) == themes._reference_profile(index, word), word


def test_stem_is_a_prefix_of_the_word() -> None:
    """The stem gate relies on Snowball's Norwegian stem being a prefix of the word."""
    for word in _labelled_words() + EDGE_WORDS:
        assert word.startswith(themes.word_stem(word)), word
