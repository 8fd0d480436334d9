"""Language detection: marker rule with lingua fallback, on single texts and the labelled set."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from analysis.text.sentiment import analyze_text

DATA = Path(__file__).parent / "data"


@pytest.mark.parametrize(("text", "lang"), [
    ("Jeg får ikke logget inn i dag", "nb"),
    ("Eg får ikkje logga inn i dag", "nn"),
    ("Kva tid kjem dei nye skrivarane?", "nn"),
    ("The printer is not working again", "en"),
    ("Привет, как дела?", "und"),
    ("", "und"),
    ("12345", "und"),
])
def test_detects(text: str, lang: str) -> None:
    assert analyze_text(text).language == lang


def test_accuracy_on_labelled_sets() -> None:
    rows = []
    for name in ["golive_sentiment.tsv", "golive_sentiment_holdout.tsv"]:
        with open(DATA / name, encoding="utf-8", newline="") as fh:
            rows += list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    hits = sum(analyze_text(r["text"]).language == r["language"] for r in rows)
    assert hits / len(rows) >= 0.93


def test_latin_precheck_covers_every_other_letter() -> None:
    """_MAYBE_OTHER skips only code points that _OTHER can never match (so skipping _OTHER is safe)."""
    from analysis.text.language import _MAYBE_OTHER, _OTHER

    skipped = [chr(c) for c in range(0x110000) if not _MAYBE_OTHER.match(chr(c))]
    assert len(skipped) < 1000 and not [c for c in skipped if _OTHER.match(c)]


@pytest.mark.parametrize("n", [0, 1, 7, 40_000])
def test_packed_rule_scores_equal_plain_sums(n: int) -> None:
    """The packed one-sum rule_scores equals adding the (nb, nn, en) weights word by word."""
    import random

    from analysis.text.language import _MARKERS, rule_scores

    rng = random.Random(n)
    words = [rng.choice([*_MARKERS, "rover", "bra"]) for _ in range(n)]
    plain = tuple(sum(_MARKERS.get(w, (0, 0, 0))[i] for w in words) for i in range(3))
    assert rule_scores(words) == plain


@pytest.mark.parametrize(("text", "lang"), [
    ("Har gått over all forventning, god stemning på enhet", "nb"),  # "all" is an English marker
    ("Kjekt å sjå at folk hjelper kvarandre", "nn"),
    ("Byåsen helsehus: the printer is still not working", "en"),  # a unit name does not make it Norwegian
])
def test_words_spelt_with_nordic_letters_settle_it_without_lingua(text: str, lang: str,
                                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    """English markers outweighed by words with æ/ø/å: Norwegian, decided by the rule, lingua not asked."""
    from analysis.text import language
    from analysis.text.tokenize import normalise, tokens_and_words

    def no_lingua(text: str) -> str:
        raise AssertionError(f"lingua asked about {text!r}")

    monkeypatch.setattr(language, "_fallback", no_lingua)
    norm = normalise(text)
    _tokens, words = tokens_and_words(norm)
    assert language.detect_language(words, norm) == lang


@pytest.mark.parametrize(("words", "lean"), [
    (["pasientane", "ventar", "på", "svar"], 1),  # -ane, -ar
    (["det", "er", "vanskeleg"], 1),  # -leg
    (["det", "er", "vanskelig"], -1),  # -lig
    (["oppgåvene", "i", "morgon"], 1),  # stems spelt the nynorsk way
    (["vikar", "kommentar", "seminar"], 0),  # -ar words bokmål has too
])
def test_word_forms_lean_nynorsk_or_bokmal(words: list[str], lean: int) -> None:
    from analysis.text.language import form_vote

    vote = form_vote(words)
    assert (vote > 0) - (vote < 0) == lean


@pytest.mark.parametrize(("text", "lang"), [
    ("Pasientane på avdelinga er godt nøgde med besøka", "nn"),  # no marker word: the forms decide
    ("Vi manglar tilgang til pasientlistene", "nn"),  # "vi" is nynorsk too, no longer a bokmål marker
    ("Pasientene på avdelingen er godt fornøyde med besøkene", "nb"),
])
def test_nynorsk_without_marker_words(text: str, lang: str) -> None:
    assert analyze_text(text).language == lang


def test_accuracy_on_the_language_set() -> None:
    """Sentence pairs written in both forms, and English (tests/data/golive_language.tsv)."""
    with open(DATA / "golive_language.tsv", encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))
    for lang in ("nb", "nn", "en"):
        subset = [r for r in rows if r["language"] == lang]
        hits = sum(analyze_text(r["text"]).language == lang for r in subset)
        assert hits / len(subset) >= 0.9, lang
