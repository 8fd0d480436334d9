"""Theme taxonomy matching (lemmas, stems, compounds) and patient-safety flags."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis.text.sentiment import analyze_text, theme_labels


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


MSG = "Meldinger og brev som ikke kommer fram"


@pytest.mark.parametrize(("text", "reason_start"), [
    ("Fastlegen har ikke enda mottatt epikrisen", f"{MSG}: «ikke enda mottatt … epikrisen»"),  # negator before
    ("PLO-meldingene kommer ikke til legekontoret", f"{MSG}: «plo-meldingene … kommer ikke»"),  # negator after
    ("Insulinet står ikke på utdelingslista", "Legemiddelhåndtering"),
    ("Vi har aldri sett henvisningen", "Henvisninger"),
    ("We have not received the referral", "Henvisninger"),
])
def test_negated_verb_of_arriving_is_a_problem_cue(text: str, reason_start: str) -> None:
    """A verb of the theme file's `ikke_verb` list, negated, flags a safety topic in the same sentence."""
    res = analyze_text(text)
    assert res.safety and res.safety_reason is not None and res.safety_reason.startswith(reason_start), \
        res.safety_reason


@pytest.mark.parametrize("text", [
    "Epikrisen har kommet fram til fastlegen",  # the verb without a negator
    "Vi har mottatt alle henvisningene",
    "Ikke glem å se på medisinlista",  # a negator, but no verb of the list near it ("glem" is not one)
    "Vi har ikke hatt noen avvik denne uka",  # two fillers between the negator and "avvik"
    "Skriveren på medisinrommet dukker ikke opp i lista",  # medisinrommet: an exception of the category
])
def test_no_flag_without_a_negated_verb_or_on_an_exception(text: str) -> None:
    res = analyze_text(text)
    assert not res.safety, res.safety_reason


def test_own_cues_replace_shared_ones_extra_cues_add_to_them(tmp_path: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """`problem` replaces the shared cues and the negated verbs; `problem_ekstra` adds to the shared cues."""
    themes = tmp_path / "themes.toml"
    themes.write_text(
        '[sikkerhet]\nproblem = ["mangler"]\nikke_verb = ["mottatt"]\n'
        '[sikkerhet.dose]\nnavn = "Dose"\nemne = ["dose"]\nproblem_ekstra = ["for høy"]\n'
        '[sikkerhet.journal]\nnavn = "Journal"\nemne = ["journal"]\nproblem = ["låst"]\n', encoding="utf-8")
    monkeypatch.setenv("GOLIVE_THEMES", str(themes))
    assert analyze_text("Dosen er for høy").safety  # the extra cue
    assert analyze_text("Dosen mangler").safety  # the shared cue still counts
    assert analyze_text("Dosen er ikke mottatt").safety  # and so do negated verbs
    assert analyze_text("Journalen er låst").safety
    assert not analyze_text("Journalen mangler").safety  # replaced: the shared cue does not count
    assert not analyze_text("Journalen er ikke mottatt").safety


def _labelled(name: str) -> list[tuple[bool, str]]:
    """(must be flagged, text) of a labelled safety set in tests/data."""
    import csv

    path = Path(__file__).parent / "data" / name
    with open(path, encoding="utf-8", newline="") as fh:
        return [(r["flag"] == "1", r["text"]) for r in csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)]


@pytest.mark.parametrize(("name", "min_recall", "max_false"), [
    ("golive_safety.tsv", 0.9, 0.02),  # the set the cues were widened on
    ("golive_safety_holdout.tsv", 0.7, 0.05),  # written after the last change; measured 0.72 / 0.00
])
def test_labelled_safety_sets(name: str, min_recall: float, max_false: float) -> None:
    """Recall on messages that must be flagged and false alarms on the rest (bench/eval_safety.py prints them)."""
    from analysis.text.sentiment import analyze_batch

    rows = _labelled(name)
    res = analyze_batch([t for _f, t in rows])
    must = [r.safety for (f, _t), r in zip(rows, res, strict=True) if f]
    calm = [r.safety for (f, _t), r in zip(rows, res, strict=True) if not f]
    assert sum(must) / len(must) >= min_recall
    assert sum(calm) / len(calm) <= max_false
