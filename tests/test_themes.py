"""Theme taxonomy matching (lemmas, stems, compounds) and patient-safety flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.sentiment import analyze_text, theme_labels


def themes(text: str) -> tuple[str, ...]:
    """Theme keys of a text."""
    return analyze_text(text).themes


def test_labels_are_norwegian_names() -> None:
    labels = theme_labels()
    for key in ["innlogging", "rover", "legemidler", "elink", "utskrift", "timebok", "dokumentasjon", "opplaering",
                "ytelse", "henvisning", "ros"]:
        assert labels.get(key)
    assert labels["opplaering"] == "Opplæring"


def test_several_themes_per_text() -> None:
    got = themes("Får ikke logget inn i Rover, og skriveren er nede")
    assert {"innlogging", "rover", "utskrift"} <= set(got)


@pytest.mark.parametrize(("text", "key"), [
    ("e-linkmeldingene er borte", "elink"),
    ("medisinlista er oppdatert", "legemidler"),
    ("legemiddelavviket er behandlet", "legemidler"),
    ("skriverne på huset", "utskrift"),
    ("timeboka viser feil", "timebok"),
    ("henvisningane er sende", "henvisning"),
    ("Opplæringa var nyttig", "opplaering"),
    ("Systemet er tregt", "ytelse"),
])
def test_compound_and_inflected_matches(text: str, key: str) -> None:
    assert key in themes(text)


def test_exclusions() -> None:
    assert "elink" not in themes("Takk for tilbakemeldingen")


def test_themes_file_override(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    f = tmp_path / "t.toml"
    f.write_text('[temaer.kaffe]\nnavn = "Kaffe"\nord = ["kaffe"]\n[sikkerhet]\nproblem = ["tom"]\n', encoding="utf-8")
    monkeypatch.setenv("GOLIVE_THEMES", str(f))
    from analysis.text import themes as th

    th._current.cache_clear()
    assert theme_labels() == {"kaffe": "Kaffe"}
    assert themes("Kaffen er tom") == ("kaffe",)


@pytest.mark.parametrize(("text", "reason_start"), [
    ("Pasienten fikk feil medisin i går", "Legemiddelhåndtering: «feil medisin»"),
    ("Medisinlista mangler to legemidler", "Legemiddelhåndtering"),
    ("E-linkmeldingene fra legevakta har ikke kommet fram", "Meldinger og brev"),
    ("Brevene til pasientene har forsvunnet", "Meldinger og brev"),
    ("Henvisningen til fysio er borte", "Henvisninger"),
    ("Dokumenterte på feil pasient", "Feil pasient: «"),
    ("Journalen er låst av en annen bruker", "Låst eller sperret journal"),
    ("Vi har skrevet avvik på dette", "Avvik meldt: «"),
    ("Kjempefin dag, men vi har meldt avvik på dosetten", "Legemiddelhåndtering"),
    ("Hvorfor må vi skrive avvik hver gang Rover krasjer?", "Avvik meldt: «avvik»"),
    ("Vi får ikke svar på e-link-meldingene vi sendte i dag", "Meldinger og brev"),
    ("Hvordan melder jeg avvik på feil medisin som ble gitt i natt?", "Legemiddelhåndtering"),
])
def test_safety_flags_with_reason(text: str, reason_start: str) -> None:
    res = analyze_text(text)
    assert res.safety, text
    assert res.safety_reason is not None and reason_start in res.safety_reason


@pytest.mark.parametrize("text", [
    "Opplæring i legemiddelmodulen var bra",
    "God stemning og god support",
    "Ingen avvik i dag",
    "Medisinutdelingen gikk fint",
    "Takk for tilbakemeldingen om skriveren",
    "Lurer på noe. Hvor skriver jeg avviksmelding nå? På forhånd takk.",
    "Hvordan finner jeg avvikssystemet?",
])
def test_no_flag_on_plain_praise(text: str) -> None:
    res = analyze_text(text)
    assert not res.safety and res.safety_reason is None, res.safety_reason


def test_flag_whatever_the_sentiment() -> None:
    res = analyze_text("Supert at vi oppdaget det: feil pasient i kurven")
    assert res.safety
