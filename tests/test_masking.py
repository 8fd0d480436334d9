"""Masking of personal data: what must be masked, what must survive, and that the rest is untouched."""

from __future__ import annotations

import csv
import shutil
from collections import Counter
from pathlib import Path

import pytest
from pptx import Presentation

from analysis import db
from analysis.importers import import_file
from analysis.queries.weekly_queries import insert_note
from analysis.text.masking import mask_identifier, mask_text
from analysis.weekly.export_html import render_html
from analysis.weekly.exports import export_week
from analysis.weekly.summary import build_week_summary
from import_helpers import fresh_db, write_text

ROOT = Path(__file__).resolve().parents[1]
DATA = ROOT / "tests" / "data"


def _tsv(path: Path) -> list[dict[str, str]]:
    """Rows of a tab-separated file with a header."""
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t"))

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


# --- issue 15: every variant named in the issue, each with its own small example ------------------------------
NAVN = "[navn]"
FNR_OK = "15038512363"  # valid check digits; 451275… is a D-number, 2304 47… an H-number


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("fnr 15.03.85.12363", f"fnr {FNR}"),  # dots
        ("fnr 150385.12363", f"fnr {FNR}"),
        ("fnr 15/03/85 12363", f"fnr {FNR}"),  # slashes
        ("fnr 150385  12363", f"fnr {FNR}"),  # two spaces
        ("fnr 15 03 85 12363", f"fnr {FNR}"),  # 2-2-2-5
        ("fnr 150 385 12363", f"fnr {FNR}"),  # 3-3-5
        ("fnr 1503 8512 363", f"fnr {FNR}"),  # 4-4-3
        ("fnr 150385\u202f12363", f"fnr {FNR}"),  # narrow no-break space
        ("fnr 150385\u200b12363", f"fnr {FNR}"),  # zero-width space
        ("fnr １５０３８５１２３６３", f"fnr {FNR}"),  # full-width digits
        ("D-nummer 45 12 75 34595", f"D-nummer {FNR}"),  # day + 40
        ("H-nummer 23 44 47 56754", f"H-nummer {FNR}"),  # month + 40
        ("Sjekk 01.01.90 12345", f"Sjekk {FNR}"),  # date-shaped, wrong check digits: still masked
    ],
)
def test_fodselsnummer_in_every_grouping(text: str, expected: str) -> None:
    assert mask_text(text) == (expected, Counter({"fødselsnummer": 1}))


@pytest.mark.parametrize(
    "text",
    [
        "kontonr 1234 56 78903",  # unusual grouping, no date, no valid check digits
        "Budsjett 12 345 678 901 kr",  # thousands grouping without valid check digits
    ],
)
def test_eleven_digits_that_are_no_fodselsnummer_survive(text: str) -> None:
    assert mask_text(text) == (text, Counter())


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ring 91-23-45-67", f"ring {TLF}"),  # 2-2-2-2 with hyphens
        ("ring 9123 4567", f"ring {TLF}"),  # 4-4
        ("ring 9123-4567", f"ring {TLF}"),
        ("ring 91.23.45.67", f"ring {TLF}"),  # dots
        ("tlf91234567", f"tlf{TLF}"),  # glued to tlf
        ("Tlf.nr.22 33 44 55", f"Tlf.nr.{TLF}"),
        ("ring 9 1 2 3 4 5 6 7", f"ring {TLF}"),  # digit by digit
        ("ring +47-912-34-567", f"ring {TLF}"),  # +47 with hyphens
        ("ring +47.91.23.45.67", f"ring {TLF}"),
        ("ring 0047 47 65 43 21", f"ring {TLF}"),  # a number that starts with 47 after 0047
        ("ring 912\u202f34\u202f567", f"ring {TLF}"),
        ("ring 9123\u200b4567", f"ring {TLF}"),
        ("ring 912–34–567", f"ring {TLF}"),  # en dashes
        ("ring ９１２３４５６７", f"ring {TLF}"),  # full-width digits
        ("2022 91234567", f"2022 {TLF}"),  # a year before a phone number
    ],
)
def test_phone_numbers_in_every_format(text: str, expected: str) -> None:
    assert mask_text(text) == (expected, Counter({"telefon": 1}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("ola.nordmann(at)trondheim.kommune.no", EPOST),
        ("ola.nordmann [at] trondheim.kommune.no", EPOST),
        ("ola(at)hotmail(dot)com", EPOST),
        ("Send til anne @ epost.no i dag", f"Send til {EPOST} i dag"),  # spaces around @
        ("anne ＠ epost.no", EPOST),  # full-width @
        ("kari.nordmann\u200b@\u200bhelse.no", EPOST),
    ],
)
def test_obfuscated_email(text: str, expected: str) -> None:
    assert mask_text(text) == (expected, Counter({"e-post": 1}))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pasient Kari Hansen har fått feil dose", f"pasient {NAVN} har fått feil dose"),
        ("Pasienten Ola Nordmann falt i natt", f"Pasienten {NAVN} falt i natt"),
        ("beboer Per fikk ikke medisin", f"beboer {NAVN} fikk ikke medisin"),
        ("Beboeren Ingrid Berg mangler", f"Beboeren {NAVN} mangler"),
        ("brukeren Anne-Lise Johansen ble registrert", f"brukeren {NAVN} ble registrert"),
        ("bruker Kari har fått feil vedtak", f"bruker {NAVN} har fått feil vedtak"),
        ("pas. Hansen på rom 4", f"pas. {NAVN} på rom 4"),
        ("pt. Jonas Olsen skal ha insulin", f"pt. {NAVN} skal ha insulin"),
        ("Pasient: Fatima Ali", f"Pasient: {NAVN}"),  # not in the list, but capitalised after the cue
        ("pasienten kari hansen fikk", f"pasienten {NAVN} fikk"),  # lowercase: confirmed by the name lists
        ("Beboer Astrids medisinliste", f"Beboer {NAVN}s medisinliste"),  # genitive s kept
        ("Pasienten, Kari Hansen, falt", f"Pasienten, {NAVN}, falt"),
    ],
)
def test_names_after_the_words_that_introduce_a_patient(text: str, expected: str) -> None:
    assert mask_text(text) == (expected, Counter({"navn": 1}))


@pytest.mark.parametrize(
    "text",
    [
        "pasienten fikk feil medisin", "Pasienten fikk morgenmedisinen to ganger", "pasienten hans ringte",
        "jeg bruker Teams og DIPS", "Vi bruker Helseplattformen nå", "bruker Gerica fortsatt",
        "Vi ringte pasienten. Han var fornøyd", "brukeren DIPS er låst", "pasient per time", "beboerne er fornøyde",
        "Pasientens journal var tom", "pas. er fornøyd", "Pasienten, som var urolig, sov",
        "25.05.2022 12.30", "Nattvakt kl. 22.00-06.00", "Vakt 2200-0700", "sesongen 2022-2023", "20220507",
        "Budsjett 45 000 000 kr", "Budsjett 45.000.000 kr", "sak 91234567 er løst", "RITM0012345",
        "IP 10.20.30.40 svarer ikke", "@Kari kan du se på dette?", "se helseplattformen.no for info",
    ],
)
def test_ordinary_go_live_text_is_not_masked(text: str) -> None:
    assert mask_text(text) == (text, Counter())


def test_original_text_is_kept_outside_the_masked_spans() -> None:
    text = "Ring\u00a0912\u202f34\u202f567 –\u200b takk, ＡＢＣ"
    assert mask_text(text)[0] == f"Ring\u00a0{TLF} –\u200b takk, ＡＢＣ"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("91234567", "91234567"),  # a numeric ticket id is the ticket's key
        ("INC0012345", "INC0012345"),
        ("Hjemmetjenesten Øst (vakttlf 915 55 123)", f"Hjemmetjenesten Øst (vakttlf {TLF})"),
        (FNR_OK, FNR),  # a valid fødselsnummer is never an id
        ("Lade bo- og aktivitetssenter", "Lade bo- og aktivitetssenter"),
    ],
)
def test_mask_identifier(value: str, expected: str) -> None:
    assert mask_identifier(value) == expected


@pytest.mark.parametrize(("name", "size", "recall"), [
    ("masking_variants.tsv", 200, 0.99),  # written before tuning; the target of issue 15
    ("masking_variants_after.tsv", 40, 0.975),  # written after the last change, measured once: a floor
])
def test_variant_benchmark_meets_its_targets(name: str, size: int, recall: float) -> None:
    rows = _tsv(DATA / name)
    found = sum(mask_text(r["text"])[0] == r["expected"] for r in rows)
    assert len(rows) >= size and found / len(rows) >= recall


def test_no_mask_on_ordinary_go_live_text() -> None:
    files = sorted(DATA.glob("golive_sentiment*.tsv")) + sorted(DATA.glob("golive_safety*.tsv"))
    texts = [r["text"] for f in files for r in _tsv(f)]
    assert len(texts) > 900
    assert sum(bool(mask_text(t)[1]) for t in texts) / len(texts) < 0.01


# --- the call sites --------------------------------------------------------------------------------------------
def test_weekly_note_text_and_author_are_masked_in_db_and_exports(weeks_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    shutil.copy(weeks_db, path)
    insert_note("2022-W19", "tiltak", "Ring pasient Kari Hansen på 912 34 567 om fnr 15.03.85.12363",
                "Ola (tlf 41 23 45 67)", path)
    rows = db.read_rows("SELECT text, author FROM weekly_notes", db=path)
    assert rows == [(f"Ring pasient {NAVN} på {TLF} om fnr {FNR}", f"Ola (tlf {TLF})")]
    s = build_week_summary("2022-W19", path)
    html = render_html(s)
    pptx_path = export_week(s, "pptx", tmp_path / "uke.pptx")
    slides = " ".join(shape.text_frame.text for slide in Presentation(str(pptx_path)).slides
                      for shape in slide.shapes if shape.has_text_frame)
    for out in (html, slides):
        assert "Kari" not in out and "912 34 567" not in out and "12363" not in out and "41 23 45 67" not in out
        assert TLF in out


def test_rejects_file_has_no_raw_phone_number_in_any_column(tmp_path: Path) -> None:
    dbp = fresh_db(tmp_path)
    f = write_text(tmp_path / "chat.csv", (
        "Tidspunkt;Enhet;Melding;Rolle;Kommentar\n"
        "07.05.2022 25:00;Lade hjemmetjeneste;ugyldig tid;ring 912 34 567;kari@epost.no\n"
        "07.05.2022 09:00;Lade HJT 91234567;ukjent enhet;ansatt;fnr 150385 12363\n"
    ))
    result = import_file(f, "chat", db=dbp)
    assert result.rejected == 2
    raw = result.rejects_bytes().decode("utf-8-sig")
    for secret in ("912 34 567", "91234567", "kari@epost.no", "12363"):
        assert secret not in raw
    assert TLF in raw and EPOST in raw and FNR in raw


def test_unit_names_and_aliases_with_a_phone_number_are_masked(tmp_path: Path) -> None:
    dbp = fresh_db(tmp_path)
    f = write_text(tmp_path / "enheter.csv", (
        "Navn,Tjenesteområde,Antall ansatte,Alias\n"
        'Øya vakttlf 915 55 123,hjemmetjeneste,40,"Øya HJT; ring 41 23 45 67"\n'
    ))
    r = import_file(f, "units", db=dbp)
    assert r.imported == 1
    assert db.read_rows("SELECT name, aliases FROM units WHERE name LIKE 'Øya%'", db=dbp) == [
        (f"Øya vakttlf {TLF}", ["Øya HJT", f"ring {TLF}"])]


def test_numeric_ticket_ids_survive_and_other_ticket_text_is_masked(tmp_path: Path) -> None:
    dbp = fresh_db(tmp_path)
    f = write_text(tmp_path / "saker.csv", (
        "Saksnummer;Opprettet;Sammendrag\n"
        "91234567;07.05.2022 09:00;Pasienten Ola Hansen får ikke logget inn\n"
        "SAK tlf 41234567;07.05.2022 09:05;ok\n"
    ))
    r = import_file(f, "tickets", db=dbp)
    assert r.imported == 2
    assert db.read_rows("SELECT ticket_id, summary FROM tickets ORDER BY opened_at", db=dbp) == [
        ("91234567", f"Pasienten {NAVN} får ikke logget inn"), (f"SAK tlf {TLF}", "ok")]
