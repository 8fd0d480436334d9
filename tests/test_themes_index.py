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
              "medisin" * 7, "app", "apper", "appene", "x", "journalen", "journalene", "dosetten", "avvik"]


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
