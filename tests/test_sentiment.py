"""Sentiment rules, evidence, the TextBlob plug-in, robustness and the own-set quality bar."""

from __future__ import annotations

import json
import math
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.cli.sentiment_commands import evaluate, read_labelled
from analysis.text.sentiment import (
    ANALYZER_VERSION,
    Analysis,
    Evidence,
    analyze_batch,
    analyze_text,
)

DATA = Path(__file__).parent / "data"


def pol(text: str) -> float:
    """Polarity of a text."""
    return analyze_text(text).polarity


def rules(text: str) -> set[str]:
    """Rules that appear in a text's evidence."""
    return {e.rule for e in analyze_text(text).evidence}


def test_version_and_types() -> None:
    res = analyze_text("Det har gått veldig bra i dag")
    assert isinstance(ANALYZER_VERSION, str) and ANALYZER_VERSION
    assert isinstance(res, Analysis)
    assert all(isinstance(e, Evidence) for e in res.evidence)
    assert res.label in {"positive", "neutral", "negative"}
    assert -1.0 <= res.polarity <= 1.0


@pytest.mark.parametrize(("plain", "negated"), [
    ("Det er bra", "Det er ikke bra"),
    ("Skriveren fungerer", "Skriveren fungerer ikke"),
    ("Det er bra", "Det er ikkje bra"),
])
def test_negation_flips(plain: str, negated: str) -> None:
    assert pol(plain) > 0 > pol(negated)
    assert "negation" in rules(negated)


@pytest.mark.parametrize(("text", "verb"), [
    ("Det fungerer fortsatt ikke", "fungerer"),
    ("Skriveren virker heller ikke i dag", "virker"),
    ("Rover fungerer dessverre ikke", "fungerer"),
])
def test_trailing_negator_reaches_back_over_adverbs(text: str, verb: str) -> None:
    """In "fungerer fortsatt ikke" the negator negates the verb, not the adverb between them."""
    res = analyze_text(text)
    assert res.label == "negative"
    own = next(e.weight for e in res.evidence if e.token == verb and e.rule == "domain")
    negation = [e.weight for e in res.evidence if e.rule == "negation"]
    assert own > 0 and any(w < -0.5 * own for w in negation)  # the verb's own weight is turned round


def test_negator_after_an_auxiliary_does_not_negate_it() -> None:
    """"blir ikke lagret": the negator reaches the participle, not "blir" (whose weight would flip)."""
    res = analyze_text("Rapportene blir ikke lagret og vi må skrive alt på nytt")
    blir = [e for e in res.evidence if e.token == "blir"]
    negated_back = [e for e in res.evidence if e.rule == "negation" and e.weight > 0]
    assert blir and blir[0].weight < 0 and not negated_back
    assert res.label == "negative"


def test_nynorsk_function_words_share_bokmal_weights() -> None:
    """Training pools "eg"/"jeg", "ikkje"/"ikke" …: the shipped file gives both forms the same weights."""
    from analysis.text import lexicon

    learned, opinion = lexicon.learned_weights(), lexicon.learned_opinion()
    pairs = [(nn, nb) for nn, nb in lexicon.NYNORSK_TO_BOKMAL.items() if nb in learned]
    assert len(pairs) > 30
    for nn, nb in pairs:
        assert learned[nn] == learned[nb] and opinion.get(nn) == opinion.get(nb), nn


@pytest.mark.parametrize(("text", "label"), [
    ("Jeg får ikke logget inn", "negative"), ("Eg får ikkje logga inn", "negative"),
    ("Alle fikk logget inn uten problemer", "positive"),  # "uten" negates forward only
])
def test_logging_in_is_an_event_not_a_mood(text: str, label: str) -> None:
    assert analyze_text(text).label == label


def test_ingen_problemer_is_positive() -> None:
    assert pol("Ingen problemer i natt") > 0
    assert pol("Problemer i natt") < 0


def test_intensifier_and_diminisher_scale() -> None:
    assert pol("veldig bra") > pol("bra") > pol("litt bra") > 0
    assert pol("altfor tregt") < pol("tregt") < 0
    assert "intensifier" in rules("veldig bra")


def test_compounds() -> None:
    assert pol("kjempebra") > pol("bra") > 0
    assert "compound" in rules("superfornøyd")
    assert pol("supergod stemning") > 0


def test_contrast_weights_clause_after_men() -> None:
    assert analyze_text("Litt frustrasjon, men vi tar det med et smil").label == "positive"
    assert pol("Det er tregt, men bra") > 0 > pol("Det er bra, men tregt")
    assert "contrast" in rules("Det er bra, men tregt")


def test_emoji_and_emoticons() -> None:
    assert pol("Rover i dag 😊") > 0 > pol("Rover i dag 😡")
    assert pol("Ny vakt :)") > 0 > pol("Ny vakt :(")
    assert "emoji" in rules("takk 👍")


def test_exclamation_strengthens() -> None:
    assert pol("Det gikk bra!") > pol("Det gikk bra.") > 0
    assert "exclamation" in rules("Det gikk bra!")


@pytest.mark.parametrize("text", [
    "Hvordan logger jeg inn i Rover?",
    "Hvor finner jeg den beste oversikten over besøkene?",
    "Kva tid kjem dei nye skrivarane?",
    "Kan noen sende lenken til hurtigguiden?",
])
def test_information_questions_are_neutral(text: str) -> None:
    assert analyze_text(text).label == "neutral"


def test_complaint_question_keeps_domain_words() -> None:
    assert analyze_text("Hvorfor krasjer Rover hele tiden?").label == "negative"


@pytest.mark.parametrize("text", ["Rover henger", "Systemet er tregt", "Rover krasjet igjen", "Det er kaos her"])
def test_domain_negative(text: str) -> None:
    assert analyze_text(text).label == "negative"


@pytest.mark.parametrize("text", ["God stemning på enheten", "Får god support", "Takk til superbrukerne"])
def test_domain_positive(text: str) -> None:
    assert analyze_text(text).label == "positive"


@pytest.mark.parametrize("text", [
    "Jeg kan ikke logge inn", "Får ikke skrevet ut medisinlista", "Fikk ikke sendt henvisningen",
    "Vi har ikke fått brukernavn", "Eg fekk ikkje dokumentert", "Klarer ikke å åpne kurven",
    "Feilen med skriveren er fortsatt ikke rettet", "Vi har ikke hatt tid til pauser i dag",
    "Pasientane må vente fordi vi slit med systemet",
])
def test_failed_actions_are_complaints(text: str) -> None:
    """'får ikke / kan ikke / ikke fått + verb' reports something that does not work."""
    res = analyze_text(text)
    assert res.label == "negative"
    assert any(" " in e.token and e.weight < 0 for e in res.evidence)  # the phrase itself is the reason


@pytest.mark.parametrize("text", ["Slipper dobbeltdokumentasjon, endelig!", "Nå slipper vi dobbeltarbeid",
                                  "Me slepp dobbeltdokumentasjon"])
def test_being_spared_a_chore_is_good_news(text: str) -> None:
    """'slipper' negates what follows: "slipper dobbeltdokumentasjon" is praise, not a complaint."""
    res = analyze_text(text)
    assert res.label == "positive"
    assert any(e.rule == "negation" and e.weight > 0 for e in res.evidence)


@pytest.mark.parametrize("text", ["Det er ikke noe problem", "Ingen problemer i natt", "Det haster ikke",
                                  "Status kl 14: 12 på jobb, 3 saker meldt til support, ingen avvik."])
def test_negated_trouble_is_not_a_complaint(text: str) -> None:
    assert analyze_text(text).label != "negative"


def test_english_goes_to_textblob() -> None:
    res = analyze_text("The printer is not working and the support was terrible")
    assert res.language == "en"
    assert res.polarity < 0
    assert {e.rule for e in res.evidence} == {"english-textblob", "english-domain"}
    assert ("terrible", "english-textblob") in {(e.token, e.rule) for e in res.evidence}


@pytest.mark.parametrize(("text", "label"), [
    ("The printer on the second floor is still not working", "negative"),  # TextBlob alone: 0.0
    ("Rover keeps crashing and I lose my notes every time", "negative"),
    ("I have been waiting for two days for a reply from support", "negative"),
    ("Everything works fine now", "positive"),
    ("Where can I find the quick guide for the scheduling module?", "neutral"),  # TextBlob alone: +0.33
    ("Why is it so slow?", "negative"),  # a why-question complains
])
def test_english_domain_cues_and_questions(text: str, label: str) -> None:
    res = analyze_text(text)
    assert (res.language, res.label) == ("en", label)
    assert sum(e.weight for e in res.evidence) == pytest.approx(res.polarity, abs=1e-12)


def test_english_cue_replaces_textblobs_own_word() -> None:
    """'frustrating' is in both lexicons: it is counted once, as the go-live cue."""
    res = analyze_text("This system is really frustrating")
    assert [e.rule for e in res.evidence].count("english-domain") == 1
    assert all("frustrating" not in e.token for e in res.evidence if e.rule == "english-textblob")


def _sample_texts() -> list[str]:
    _gold, texts = read_labelled(str(DATA / "golive_sentiment.tsv"))
    return texts + ["Det er ikke bra, men litt bedre!! 😊", "Kjempebra? Nei."]


def test_evidence_sums_to_polarity() -> None:
    for text in _sample_texts():
        res = analyze_text(text)
        assert math.isclose(sum(e.weight for e in res.evidence), res.polarity, abs_tol=1e-9), text
        if res.polarity == 0.0:  # nothing moved the score, or parts that cancel out exactly (rounded weights can)
            assert all(e.weight == 0 for e in res.evidence) or (
                min(e.weight for e in res.evidence) < 0 < max(e.weight for e in res.evidence))


def test_to_dict_is_json_ready() -> None:
    d = analyze_text("Feil medisin i dosetten, meldt avvik").to_dict()
    assert set(d) == {"polarity", "label", "language", "themes", "safety", "safety_reason", "evidence"}
    json.dumps(d)
    assert all(set(e) == {"token", "rule", "weight"} for e in d["evidence"])


def test_batch_matches_single() -> None:
    texts = _sample_texts()[:50] * 2
    assert analyze_batch(texts) == [analyze_text(t) for t in texts]


def test_textblob_plugin() -> None:
    from textblob import Blobber, TextBlob

    from analysis.text.sentiment import NorwegianAnalyzer

    s = TextBlob("Det har gått over all forventning", analyzer=NorwegianAnalyzer()).sentiment
    assert s.polarity > 0 and s.label == "positive"
    assert Blobber(analyzer=NorwegianAnalyzer())("Rover henger").sentiment.polarity < 0


def test_import_does_not_load_textblob() -> None:
    code = "import sys, analysis.text.sentiment as s; s.analyze_text('Det går bra'); print('textblob' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                         cwd=Path(__file__).resolve().parents[1])
    assert out.stdout.strip() == "False"


@pytest.mark.parametrize("text", [
    "", "   \n\t ", "12345 678", "<p>Hei <b>alle</b></p>", "&lt;script&gt;", "Привет, как дела?",
    "مرحبا بالعالم", "😀😀😀", "🙂 Привет bra", "\x00\x01", "-----", "???!!!",
])
def test_robust_inputs(text: str) -> None:
    res = analyze_text(text)
    assert -1.0 <= res.polarity <= 1.0
    assert res.label in {"positive", "neutral", "negative"}


def test_robust_neutral_cases() -> None:
    for text in ["", "   ", "12345", "Привет, как дела?", "مرحبا بالعالم"]:
        assert analyze_text(text).label == "neutral"
        assert analyze_text(text).safety is False


def test_html_is_stripped() -> None:
    assert analyze_text("<b>kjempebra</b> &amp; superfornøyd").label == "positive"


@pytest.mark.parametrize("junk", ["a" * 100_000, "😀" * 50_000, "<" * 100_000, "ikke " * 20_000, "e-link-" * 10_000])
def test_junk_long_texts_are_fast(junk: str) -> None:
    t0 = time.perf_counter()
    res = analyze_text(junk)
    assert time.perf_counter() - t0 < 1.0
    assert -1.0 <= res.polarity <= 1.0


def test_long_text_is_fast() -> None:
    text = "Rover henger og skriveren fungerer ikke. " * 2500  # 100 000 characters
    t0 = time.perf_counter()
    res = analyze_text(text)
    assert time.perf_counter() - t0 < 1.0
    assert res.label == "negative"


def test_non_string_input_is_neutral() -> None:
    assert analyze_batch([None, "bra"])[0].label == "neutral"  # type: ignore[list-item]


def test_own_set_macro_f1_at_least_085() -> None:
    gold, texts = read_labelled(str(DATA / "golive_sentiment.tsv"))
    rep = evaluate(gold, [r.label for r in analyze_batch(texts)], ("positive", "neutral", "negative"))
    assert len(gold) >= 330
    assert rep["macro_f1"] >= 0.85, rep


def test_fast_path_equals_reference_rule_engine() -> None:
    """fast_score (used at run time) gives the same scores and parts as walk()+score()+opinion_score() (training)."""
    from analysis.text import lexicon
    from analysis.text.scoring import fast_score, opinion_score, score, walk
    from analysis.text.sentiment import _lookup
    from analysis.text.tokenize import normalise, tokenize

    params = lexicon.load_params()
    _single, phrases = lexicon.domain_lexicon()
    extra = ["ikke veldig bra, men litt for tregt! men ok?", "så så bra", "ikke ikke bra",
             "bra ikke, men men dårlig :)", "Hvordan går det? Bra! 😊 Kjempebra... god stemning?!",
             "Hvorfor krasjer Rover? superfornøyd, men utrolig treigt"]
    for text in _sample_texts() + extra:
        toks = tokenize(normalise(text))
        occs = walk(toks, params, _lookup, phrases)
        r1, p1 = score(occs)
        o1 = opinion_score(toks, occs, params, lexicon.opinion_weight)
        r2, o2, p2 = fast_score(toks, params, _lookup, phrases, lexicon.opinion_weight)
        assert math.isclose(r1, r2, abs_tol=1e-9), text
        assert math.isclose(o1, o2, abs_tol=1e-9), text
        p1 = {k: v for k, v in p1.items() if abs(v) > 1e-12}
        p2 = {k: v for k, v in p2.items() if abs(v) > 1e-12}
        assert p1.keys() == p2.keys() and all(math.isclose(p1[k], p2[k], abs_tol=1e-9) for k in p1), text


def test_each_sentence_end_mark_counts_once_for_the_opinion() -> None:
    """A chat message of several full sentences takes no more of a stance than the same words in one."""
    from analysis.text import lexicon
    from analysis.text.scoring import fast_score, opinion_score, walk
    from analysis.text.sentiment import _lookup
    from analysis.text.tokenize import normalise, tokenize

    params = lexicon.load_params()
    _single, phrases = lexicon.domain_lexicon()
    assert params.opinion_punct.get(".", 0.0) != 0.0  # otherwise this test proves nothing

    def opinion(text: str) -> tuple[float, float]:
        toks = tokenize(normalise(text))
        ref = opinion_score(toks, walk(toks, params, _lookup, phrases), params, lexicon.opinion_weight)
        return ref, fast_score(toks, params, _lookup, phrases, lexicon.opinion_weight)[1]

    one, many = opinion("Vi har møte i dag, og vi tar runden etter lunsj."), \
        opinion("Vi har møte i dag. Og vi tar runden. Etter lunsj.")
    assert math.isclose(one[0], many[0], abs_tol=1e-9) and math.isclose(one[1], many[1], abs_tol=1e-9)


def test_label_gate() -> None:
    """The gate damps a text without a stance into the band; the label reads the damped polarity alone."""
    from dataclasses import replace

    from analysis.text.lexicon import RuleParams
    from analysis.text.scoring import label_from, no_stance_damping, takes_stance

    gate = RuleParams(opinion_gate=True, opinion_abs=1.0, opinion_threshold=0.5, label_threshold=0.2,
                      no_stance_max=0.15)

    def label(raw: float, opinion: float, params: RuleParams) -> str:
        return label_from(math.tanh(raw + no_stance_damping(raw, opinion, params)), params)

    assert not takes_stance(0.3, 0.1, gate) and takes_stance(0.3, 0.3, gate)
    assert label(0.3, 0.1, gate) == "neutral"
    assert label(0.3, 0.3, gate) == "positive"
    assert label(-0.3, 0.3, gate) == "negative"
    assert label(0.0, 2.0, gate) == "neutral"  # an opinion without any polarity has no side
    assert label(0.1, 2.0, gate) == "neutral"  # a stance too weak to leave the band
    assert label(-3.0, -10.0, gate) == "neutral"  # no stance: damped, not a strong neutral
    band = replace(gate, opinion_gate=False)
    assert [label(r, -5.0, band) for r in (0.3, 0.1, -0.2, -0.4)] == ["positive", "neutral", "neutral", "negative"]


def test_opinion_weights_of_domain_words_and_unseen_words() -> None:
    """Domain words get opinion from |weight|; words outside the table from their n-grams; junk gets none."""
    from analysis.text import lexicon

    params = lexicon.load_params()
    assert lexicon.opinion_weight("x", "domain", -2.0) == round(params.opinion_domain * 2.0, 4)
    assert lexicon.opinion_weight("x", "emoji", 0.0) == 0.0
    assert lexicon.opinion_weight("a" * 41, "subword", 0.0) == 0.0
    word = "kjempefantastiskeste"
    assert word not in lexicon.learned_opinion()
    assert lexicon.opinion_weight(word, "subword", 0.1) == round(
        lexicon.oov_weight(word, params, lexicon.ngram_opinion()), 4)


@pytest.mark.parametrize("text", [
    "ikke bra :) men ;) ok :-d <3 :d;) 3.5/10 12:30 e-link-meldingen, «sitat» – tankestrek… ???!!",
    "straße ² µ ª é\u00a0nbsp\u2003em-space\u3000ideo tab\there\nlinje 😀😀 ☀️ x;y a-b-c- -d",
    "", "   ", "a" * 50, "e-link-" * 20, "k'ke it's l’auto", "1,5 % og 2-3 dager; kl. 07.30!",
])
def test_tokenize_equals_plain_regex(text: str) -> None:
    """The whitespace-first tokenizer gives exactly the tokens of the plain regex scan."""
    from analysis.text.tokenize import _TOKEN, normalise, tokenize, tokens_and_words

    for t in [text, *_sample_texts()[:60]]:
        norm = normalise(t)
        assert tokenize(norm) == _TOKEN.findall(norm), t
        tokens, words = tokens_and_words(norm)
        assert tokens == _TOKEN.findall(norm) and words == [w for w in tokens if w[0].isalpha()], t


def test_theme_hits_equal_spans() -> None:
    """Index.hits (run time) holds exactly the spans of Index.spans, grouped by list, in reading order."""
    from analysis.text.sentiment import _sentences
    from analysis.text.themes import build_index, load_taxonomy
    from analysis.text.tokenize import normalise, tokenize

    index = build_index(load_taxonomy())
    extra = ["feil pasient og feil medisin i dag", "ikke kommet fram, e-linkmeldingene mangler", "ingen avvik"]
    for text in _sample_texts() + extra:
        for words in _sentences(tokenize(normalise(text))):
            grouped: dict[int, list[tuple[int, int]]] = {}
            for lid, a, b in index.spans(words):
                grouped.setdefault(lid, []).append((a, b))
            assert index.hits(words) == grouped, text


def test_quick_themes_agree_with_sentences() -> None:
    """quick_themes either declines (None) or gives the themes of themes_and_safety, unflagged."""
    from analysis.text.safety import quick_themes, themes_and_safety
    from analysis.text.sentiment import _sentences
    from analysis.text.themes import build_index, load_taxonomy
    from analysis.text.tokenize import normalise, tokens_and_words

    index = build_index(load_taxonomy())
    extra = ["feil pasient og feil medisin i dag", "ikke kommet fram, e-linkmeldingene mangler", "ingen avvik",
             "medisinlista er fin. mangler ingenting", "medisinlista mangler", "tusen takk for hjelpa",
             "henvisning " * 70]
    declined = 0
    for text in _sample_texts() + extra:
        tokens, words = tokens_and_words(normalise(text))
        quick = quick_themes(words, index) if words else ()
        full = themes_and_safety(_sentences(tokens), index=index)
        declined += quick is None
        assert quick is None or (quick, False, None) == full, text
    assert 0 < declined < len(extra) + len(_sample_texts()) / 2


def test_evidence_order_is_stable_on_ties() -> None:
    """Evidence is sorted by size, largest first; equal sizes keep their order of appearance."""
    from analysis.text.sentiment import _evidence

    parts = {("a", "lexicon"): 0.5, ("b", "domain"): -0.5, ("c", "lexicon"): 0.0, ("d", "emoji"): 0.7,
             ("e", "negation"): 0.5}
    expected = [(t, r, w * 0.5) for (t, r), w in sorted(parts.items(), key=lambda kv: -abs(kv[1])) if w != 0.0]
    assert list(_evidence(parts, 0.5)) == expected


def test_analysis_fields_and_evidence_items() -> None:
    res = analyze_text("Rover henger ikke lenger, kjempebra!")
    assert Analysis._fields == ("polarity", "label", "language", "themes", "safety", "safety_reason", "evidence")
    assert res.evidence and all(isinstance(e, Evidence) for e in res.evidence)
    assert res.evidence == analyze_text("Rover henger ikke lenger, kjempebra!").evidence
    assert res.to_dict()["evidence"][0] == {"token": res.evidence[0].token, "rule": res.evidence[0].rule,
                                            "weight": round(res.evidence[0].weight, 4)}
