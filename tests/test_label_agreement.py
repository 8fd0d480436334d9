"""Label and score always agree: one polarity, one threshold, evidence that adds up, Norwegian reasons."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from analysis.cli.sentiment_commands import read_labelled
from analysis.text import lexicon
from analysis.text.scoring import label_from, no_stance_damping
from analysis.text.sentiment import analyze_batch, analyze_text
from analysis.text.stored_columns import evidence_to_json
from analysis.views.tables import evidence_words

DATA = Path(__file__).parent / "data"
SETS = sorted(DATA.glob("golive_*.tsv"))


def _texts(path: Path) -> list[str]:
    """The text column of a labelled set (sentiment, safety and language sets alike)."""
    if path.name.startswith("golive_sentiment"):
        return read_labelled(str(path))[1]
    lines = path.read_text(encoding="utf-8").splitlines()[1:]
    return [line.split("\t", 1)[1] for line in lines if "\t" in line]


@pytest.mark.parametrize("text", [
    "Nå må noen hjelpe oss. Det tar femten minutter å logge inn…",
    "Tøff dag",
])
def test_issue_examples_are_negative(text: str) -> None:
    """Both were read as neutral or positive (−0.64 neutral, +0.36) and never reached the follow-up queue."""
    res = analyze_text(text)
    assert res.label == "negative"
    assert res.polarity < -0.4  # strongly negative: the follow-up queue takes it


@pytest.mark.parametrize("text", [
    "Det tar 20 minutter å åpne kurven", "Vi bruker en time på å skrive ut medisinlistene",
    "Tøff vakt i går", "Har ventet på svar fra support siden mandag", "Noen må hjelpe oss med skriverne",
])
def test_go_live_distress_is_negative(text: str) -> None:
    """General patterns: a task measured in minutes or hours, a hard day or shift, a wait, a plea for help."""
    assert analyze_text(text).label == "negative"


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_label_is_a_function_of_polarity_and_evidence_adds_up(path: Path) -> None:
    """On every labelled set: label == label_from(polarity), and the evidence weights sum to the polarity."""
    params = lexicon.load_params()
    texts = _texts(path)
    assert len(texts) >= 40
    for text, res in zip(texts, analyze_batch(texts), strict=True):
        assert res.label == label_from(res.polarity, params), text
        assert math.isclose(math.fsum(e.weight for e in res.evidence), res.polarity, abs_tol=1e-9), text
        if res.label == "neutral":
            assert abs(res.polarity) <= params.label_threshold, text


def test_label_from_thresholds() -> None:
    params = lexicon.load_params()
    t = params.label_threshold
    assert 0 < params.no_stance_max < t < 0.4  # damped texts stay neutral; the queue's −0.4 is beyond the band
    assert [label_from(p, params) for p in (t + 1e-9, t, 0.0, -t, -t - 1e-9)] == \
        ["positive", "neutral", "neutral", "neutral", "negative"]


def test_no_stance_damping_keeps_the_sign_inside_the_band() -> None:
    """A text the opinion gate finds without a stance keeps its sign, at most no_stance_max."""
    params = lexicon.load_params()
    low = params.opinion_threshold - 10.0  # far below the gate
    for raw in (-3.0, -0.5, 0.05, 2.0):
        damped = raw + no_stance_damping(raw, low, params)
        assert math.copysign(1.0, damped) == math.copysign(1.0, raw)
        assert abs(math.tanh(damped)) <= params.no_stance_max + 1e-12
    assert no_stance_damping(-3.0, params.opinion_threshold + 1.0, params) == 0.0  # a stance: untouched
    assert no_stance_damping(0.05, low, params) == 0.0  # already inside the cap


def test_damping_is_shown_as_evidence() -> None:
    """A damped text says so in its evidence, and the evidence still adds up to the polarity."""
    res = analyze_text("Møtet flyttes til rom 3")
    assert res.label == "neutral"
    damping = [e for e in res.evidence if e.rule == "no-stance"]
    assert damping and math.isclose(sum(e.weight for e in res.evidence), res.polarity, abs_tol=1e-12)
    assert "ingen tydelig mening" in evidence_words(evidence_to_json(res.evidence))


@pytest.mark.parametrize("mark", ["[telefon]", "[fødselsnummer]", "[e-post]", "[navn]"])
def test_mask_tokens_weigh_nothing(mark: str) -> None:
    """A masked phone number or name is no reason: the mark adds no evidence and does not move the score."""
    base = "Ring meg på"
    res = analyze_text(f"{base} {mark}")
    assert res.polarity == analyze_text(f"{base} maskertopplysning").polarity
    inner = mark.strip("[]")
    assert all(inner not in e.token for e in res.evidence)
    english = analyze_text(f"Please call me at {mark} as soon as possible")
    assert all(inner not in e.token for e in english.evidence)


def test_the_word_itself_keeps_its_weight_outside_a_mask() -> None:
    """Only the mark is neutralised: "telefonen" in a sentence is still scored as written."""
    assert analyze_text("Telefonen virker ikke").label == "negative"


def test_evidence_display_is_norwegian_without_zero_weights() -> None:
    raw = json.dumps([["ikke", "negation", -0.9], ["feil", "domain", -0.4], ["kjempe-", "compound", 0.3],
                      ["treigt", "subword", -0.2], ["veldig", "intensifier", -0.15], ["litt", "diminisher", 0.1],
                      ["det", "lexicon", 0.04], ["og", "lexicon", 0.0]])
    shown = evidence_words(raw, limit=10)
    assert shown == ("ikke (−0,9, nektet), feil (−0,4, domeneord), kjempe- (+0,3, forledd), "
                     "treigt (−0,2, delord), veldig (−0,1, forsterket), litt (+0,1, dempet)")
    for code in ("negation", "domain", "subword", "intensifier", "english-textblob", "no-stance"):
        assert code not in shown and lexicon.rule_nb(code)
    assert lexicon.rule_nb("english-domain, question") == "engelsk domeneord, spørsmål"


@pytest.mark.parametrize("path", SETS, ids=lambda p: p.name)
def test_displayed_evidence_on_every_set_is_norwegian(path: Path) -> None:
    """What "Hvorfor" shows for real texts: no English rule code, no 0,0 entry, no mask word."""
    codes = [c for c in lexicon.RULE_NB if c not in ("emoji",)]
    for res in analyze_batch(_texts(path)):
        shown = evidence_words(evidence_to_json(res.evidence), limit=50)
        assert "0,0)" not in shown and "0,0," not in shown, shown
        assert not any(f", {code})" in shown or f", {code}," in shown for code in codes), shown
