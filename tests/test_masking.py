"""Masking of personal data: what must be masked, what must survive, and that the rest is untouched."""

from __future__ import annotations

from collections import Counter

import pytest

from analysis.text.masking import mask_text

FNR, TLF, EPOST = "[fødselsnummer]", "[telefon]", "[e-post]"


@pytest.mark.parametrize(
    ("text", "expected", "counts"),
    [
        ("12345678901", FNR, {"fødselsnummer": 1}),
        ("fnr 12345678901, se journal", f"fnr {FNR}, se journal", {"fødselsnummer": 1}),
        ("123456 78901", FNR, {"fødselsnummer": 1}),
        ("123456\u00a078901", FNR, {"fødselsnummer": 1}),
        ("123456-78901", FNR, {"fødselsnummer": 1}),
        ("fnr12345678901", f"fnr{FNR}", {"fødselsnummer": 1}),
        # A D-number and a number with wrong check digits are masked alike (no mod-11 check).
        ("41019912345 og 01010112345", f"{FNR} og {FNR}", {"fødselsnummer": 2}),
        ("+47 912 34 567", TLF, {"telefon": 1}),
        ("0047 91234567", TLF, {"telefon": 1}),
        ("+4791234567", TLF, {"telefon": 1}),
        ("(+47) 91234567", TLF, {"telefon": 1}),
        ("91 23 45 67", TLF, {"telefon": 1}),
        ("ring 912 34 567 i dag", f"ring {TLF} i dag", {"telefon": 1}),
        ("tlf:22123456.", f"tlf:{TLF}.", {"telefon": 1}),
        ("Ring 91234567!", f"Ring {TLF}!", {"telefon": 1}),
        ("ola.nordmann@trondheim.kommune.no", EPOST, {"e-post": 1}),
        ("Send til kari+test@helse-midt.no.", f"Send til {EPOST}.", {"e-post": 1}),
        ("åse.ødegård@trondheim.kommune.no", EPOST, {"e-post": 1}),
        (
            "Pasient 123456 78901, pårørende 0047 91234567 / 91 23 45 67, e-post ola.nordmann@trondheim.kommune.no",
            f"Pasient {FNR}, pårørende {TLF} / {TLF}, e-post {EPOST}",
            {"fødselsnummer": 1, "telefon": 2, "e-post": 1},
        ),
    ],
)
def test_personal_data_is_masked(text: str, expected: str, counts: dict) -> None:
    assert mask_text(text) == (expected, Counter(counts))


@pytest.mark.parametrize(
    "text",
    [
        "Møte 07.05.2022 kl. 14:32",
        "Go-live 2022-05-07T07:00:00",
        "7.5.2022 14:32:10",
        "Sak INC0012345 og INC00123456 er løst",
        "REQ1234567",
        "Adresse: Bispegata 9, 7032 Trondheim",
        "Postnummer 7030 og 7031",
        "Kostnad 12 345 678 kr, 80 MNOK i året",
        "Versjon 1.2.3, 15 000 innlogget, 7 200 av 8 500",
        "Telefon starter aldri med 0 eller 1: 01234567 12345678",
        "123456789012 er tolv sifre",
        "kl 09:15 – 10:30",
        "",
    ],
)
def test_dates_times_ticket_numbers_and_postcodes_survive(text: str) -> None:
    assert mask_text(text) == (text, Counter())


def test_text_is_otherwise_kept_exactly() -> None:
    text = '<script>alert("æøå ÆØÅ")</script> & 100 % — «sitat» \'x\'\n\tny linje 😀 ring 91234567'
    masked, counts = mask_text(text)
    assert masked == text.replace("91234567", TLF)
    assert counts == Counter({"telefon": 1})


def test_empty_and_none() -> None:
    assert mask_text(None) == ("", Counter())
    assert mask_text("   ") == ("   ", Counter())
