"""The learned patient-safety model: shipped weights, hand-computed scores, reasons, questions, retraining."""

from __future__ import annotations

import pytest

from analysis.text.safety_model import WEIGHTS_PATH, load_model, parse_weights, text_features
from analysis.text.sentiment import analyze_text

TOY = ("feature\tweight\n__intercept__\t-2.000000\n__threshold__\t-0.500000\n__taxonomy__\tabc\n"
       "b:to ganger\t1.250000\nw:dose\t0.500000\nr:any\t2.000000\n")


def test_weights_file_loads() -> None:
    model = load_model()
    assert model.weights and model.taxonomy
    assert len(model.weights) > 500
    assert -10 < model.intercept < 0 and -10 < model.threshold < 10


def test_toy_model_scores_as_computed_by_hand() -> None:
    model = parse_weights(TOY)
    feats = text_features(["dosen", "ble", "gitt", "to", "ganger", "."], ["r:any"])
    assert "b:to ganger" in feats and "w:dosen" in feats and "w:ble" not in feats  # "ble" is a function word
    # -2 + 1.25 (to ganger) + 2 (r:any); "w:dosen" has no weight (only "w:dose" has)
    assert model.logit(feats) == -2.0 + 1.25 + 2.0
    assert model.top_words(feats) == ["to ganger"]


def test_shipped_weights_score_by_hand() -> None:
    """The score of a sentence is the intercept plus the shipped weights of its features, in order."""
    from analysis.text.safety import text_model_features
    from analysis.text.themes import build_index, load_taxonomy

    model = load_model()
    sents, asks = text_model_features("Pasienten fikk dobbel dose insulin i natt", build_index(load_taxonomy()))
    assert not asks and len(sents) == 1
    expected = model.intercept
    for f in sents[0]:
        expected += model.weights.get(f, 0.0)
    assert model.logit(sents[0]) == expected
    assert expected >= model.threshold


@pytest.mark.parametrize(("text", "category"), [
    ("Beboeren fikk kveldsmedisinen to ganger i går", "Legemiddelhåndtering"),
    ("Besøket hos brukeren var borte fra Rover, og hun fikk ikke insulin", "Besøk og oppdrag som mangler"),
    ("Jeg dokumenterte på feil pasient i morges", "Feil pasient"),
    ("Blodtrykket vi målte i morges er borte fra journalen", "Målinger og observasjoner"),
    ("Prøvesvaret ble sendt til feil avdeling", "Meldinger og brev"),
    ("Fastlegen har ikke mottatt epikrisen vi sendte på mandag", "Meldinger og brev"),
    ("Henvisningen til ergoterapeut er forsvunnet", "Henvisninger"),
    ("Journalen er låst av en annen bruker, vi får ikke dokumentert", "Låst eller sperret journal"),
])
def test_incidents_flag_with_a_norwegian_reason(text: str, category: str) -> None:
    res = analyze_text(text)
    assert res.safety, text
    assert res.safety_reason is not None and category in res.safety_reason, res.safety_reason


@pytest.mark.parametrize("text", [
    "Tilsynet med sondemat kl. 12 var ikke lagt inn, og brukeren sto uten mat",
    "Eg oppdaga at bebuaren har fått Paracet fire gonger i dag",
    "Blodprøvene til to beboere ble merket med hverandres navn",
])
def test_round_two_failure_kinds_flag(text: str) -> None:
    """Care tasks not done, counts and mix-ups (round 1's fresh misses, trained on since) are flagged."""
    assert analyze_text(text).safety, text


def test_task_cues() -> None:
    """The rule features of a care task not done, a count and a mix-up of names."""
    from analysis.text.safety import task_cues

    assert "x:undone" in task_cues("sondematen var ikke lagt inn".split())
    assert "x:count" in task_cues("fikk medisinen fire gonger".split())
    assert "x:swapid" in task_cues("merket med hverandres navn".split())
    assert task_cues("folk hjelper hverandre".split()) == []
    assert "x:undone" not in task_cues("innloggingen har ikke fungert i dag".split())


def test_model_only_catch_names_category_and_words() -> None:
    """A catch the rules miss names its category and the words that weighed most, marked as the model's."""
    res = analyze_text("Bruker i Ranheimsveien fikk Metformin både fra dosetten og fra den gamle esken")
    assert res.safety
    assert res.safety_reason is not None and "(lært modell)" in res.safety_reason and "«" in res.safety_reason


@pytest.mark.parametrize("text", [
    "Hvordan ser jeg om en e-link er lest av mottakeren?",
    "Hvor ser jeg om en e-link er lest? Ingen her vet svaret.",
    "Hvor finner jeg blodsukkermålingene fra i går?",
    "Kurset i legemiddelhåndtering var nyttig",
    "Ingen avvik i dag, alt kom fram",
    "Hvordan registrerer jeg at sondematen er gitt i Rover?",
    "Folk hjelper hverandre, og det går bra",
])
def test_questions_and_calm_messages_do_not_flag(text: str) -> None:
    res = analyze_text(text)
    assert not res.safety and res.safety_reason is None, res.safety_reason


def test_retraining_reproduces_the_shipped_weights() -> None:
    """python -m analysis.text.train_safety writes the shipped file byte for byte (~10 s)."""
    pytest.importorskip("sklearn")
    from analysis.text.safety_model import format_weights
    from analysis.text.train_safety import train

    assert format_weights(train()) == WEIGHTS_PATH.read_text(encoding="utf-8")


def test_other_theme_file_falls_back_to_rules(tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The model was trained on the shipped safety rules; under other rules the rules alone decide."""
    themes = tmp_path / "themes.toml"
    themes.write_text('[sikkerhet]\nproblem = ["mangler"]\n[sikkerhet.dose]\nnavn = "Dose"\nemne = ["dose"]\n',
                      encoding="utf-8")
    monkeypatch.setenv("GOLIVE_THEMES", str(themes))
    assert analyze_text("Dosen mangler").safety_reason == "Dose: «dosen … mangler»"
    assert not analyze_text("Pasienten fikk medisinen to ganger").safety
