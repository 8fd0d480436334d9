"""Column templates, column guides and example files per import kind, generated from its KindSpec.

Everything here is derived from `schemas.KINDS`: the header row is the fields' Norwegian labels (which the
map stage always recognises), the example values follow each field's value type, so a new field or kind
gets a template and an example without a change here. The examples are fictional: their units are the
ones the units example defines (`EXAMPLE_UNITS`), their dates lie in the first days after the reference
go-live, and no text holds personal data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import dataclass

from analysis.fmt import fmt_int
from analysis.importers.field_types import (
    ALIASES,
    BENEFIT,
    DATE,
    DATETIME,
    DECIMAL,
    INT,
    LABEL,
    MOOD,
    PLANNED_DATE,
    PLANNED_DATETIME,
    STATUS,
    TEXT,
    UNIT,
    ValueType,
)
from analysis.importers.schemas import KINDS, Field, KindSpec

SEPARATOR = ";"  # what Excel with Norwegian settings writes and opens without a wizard
BOM = "\ufeff"  # tells Excel the file is UTF-8, so æ, ø and å survive a double click
EXAMPLE_ROWS = 3
FIRST_DAY = dt.date(2022, 5, 7)  # the reference go-live; every example date is on or after it, never ahead

# The fictional units the units example defines; every other example refers to them, so the examples
# import cleanly one after the other into an empty database (units first).
EXAMPLE_UNITS = (
    ("Eksempel hjemmetjeneste", "hjemmetjeneste", 40, "Eksempel HJT"),
    ("Eksempel helse- og velferdssenter", "helse- og velferdssenter", 60, "Eksempel HVS"),
    ("Eksempel legevakt", "legevakt", 25, "Eksempel LV"),
)

# The fictional benefits the «gevinstregister» example registers (name, kind, indicator, measure unit, baseline,
# target, NOK per unit); the «gevinster» example measures the first, so the two import one after the other.
EXAMPLE_BENEFITS = (
    ("Eksempel: færre turer tilbake", "gevinst", "Minutter kjøring tilbake per vakt", "minutter", 40, 10, 900),
    ("Eksempel: mindre dobbeltdokumentasjon", "gevinst", "Timer per uke", "timer", 120, 60, 520),
    ("Eksempel: lengre innlogging (ulempe)", "ulempe", "Sekunder per innlogging", "sekunder", 20, 25, 50),
)
EXAMPLE_BENEFIT = EXAMPLE_BENEFITS[0][0]
# The fictional go-lives of the «golive» example (label, organisation, wave, citizens).
EXAMPLE_GO_LIVES = (
    ("Eksempelby (PD1)", "Eksempelby kommune", "PD1", 21_000),
    ("Eksempelbygd (PD2)", "Eksempelbygd kommune", "PD2", 9_500),
    ("Eksempeldal (PD3)", "Eksempeldal kommune", "PD3", 7_400),
)

# Values that a field's type alone cannot make readable; keyed by (kind, field). A field not named here
# gets a value from its type (`_by_type`), so a new field still has an example.
SAMPLES: dict[tuple[str, str], tuple[object, ...]] = {
    ("units", "name"): tuple(u[0] for u in EXAMPLE_UNITS),
    ("units", "service_area"): tuple(u[1] for u in EXAMPLE_UNITS),
    ("units", "staff_count"): tuple(u[2] for u in EXAMPLE_UNITS),
    ("units", "aliases"): tuple(u[3] for u in EXAMPLE_UNITS),
    ("chat", "text"): ("Får ikke skrevet ut kjørelisten, noen som vet hvorfor?",
                       "God stemning her i dag, superbrukerne er gull verdt.",
                       "Pålogging går tregt på morgenvakta."),
    ("chat", "role"): ("ansatt", "superbruker", "leder"),
    ("chat", "channel"): ("chat", "chat", "superbrukerchat"),
    ("reports", "text"): ("Rolig dag, alle kommer seg inn.",
                          "Travelt, men vi får god hjelp fra supportsenteret.",
                          "Treg pålogging på nattevakt, ellers greit."),
    ("reports", "status"): ("grønn", "gul", "gul"),
    ("reports", "mood"): (4, 3, 3),
    ("tickets", "ticket_id"): ("INC0010001", "INC0010002", "INC0010003"),
    ("tickets", "closed_at"): ("07.05.2022 10:40", "08.05.2022 16:05", ""),  # the third is still open
    ("tickets", "category"): ("pålogging", "utskrift", "legemidler"),
    ("tickets", "priority"): ("3", "2", "4"),
    ("tickets", "channel"): ("telefon", "selvbetjening", "telefon"),
    ("tickets", "status"): ("løst", "løst", "åpen"),
    ("tickets", "summary"): ("Får ikke logget inn på nettbrett", "Kjøreliste skrives ikke ut",
                             "Spørsmål om dosering i legemiddelliste"),
    ("adoption", "active_users"): (34, 51, 20),  # within each example unit's staff (40, 60, 25)
    ("portal", "logins"): (15000, 18000, 16250),
    ("events", "title"): ("Go-live", "Ny versjon av mobilappen", "Ekstra superbrukere på vakt"),
    ("events", "kind"): ("go-live", "endring", "tiltak"),
    ("golive", "label"): tuple(g[0] for g in EXAMPLE_GO_LIVES),
    ("golive", "organisation"): tuple(g[1] for g in EXAMPLE_GO_LIVES),
    ("golive", "wave"): tuple(g[2] for g in EXAMPLE_GO_LIVES),
    ("golive", "citizens"): tuple(g[3] for g in EXAMPLE_GO_LIVES),
    ("golive", "goal_nok"): ("8 000 000", "", ""),  # the others: 363 kr per citizen
    ("gevinstregister", "name"): tuple(b[0] for b in EXAMPLE_BENEFITS),
    ("gevinstregister", "kind"): tuple(b[1] for b in EXAMPLE_BENEFITS),
    ("gevinstregister", "owner"): ("Enhetsleder hjemmetjenesten", "Tjenesteleder HVS", "Gevinstansvarlig"),
    ("gevinstregister", "units"): ("Eksempel hjemmetjeneste", "Eksempel helse- og velferdssenter",
                                   "Eksempel hjemmetjeneste, Eksempel legevakt"),
    ("gevinstregister", "indicator"): tuple(b[2] for b in EXAMPLE_BENEFITS),
    ("gevinstregister", "measure_unit"): tuple(b[3] for b in EXAMPLE_BENEFITS),
    ("gevinstregister", "baseline"): tuple(b[4] for b in EXAMPLE_BENEFITS),
    ("gevinstregister", "target"): tuple(b[5] for b in EXAMPLE_BENEFITS),
    ("gevinstregister", "nok_per_unit"): tuple(b[6] for b in EXAMPLE_BENEFITS),
    ("gevinstregister", "due_date"): ("31.12.2024", "31.12.2024", "31.12.2023"),
    ("gevinstregister", "description"): ("Kjøring tilbake for å sjekke e-link skal bort.",
                                         "Notater på papir før de skrives inn skal halveres.",
                                         "Innloggingen tar lengre tid enn i det gamle systemet."),
    ("gevinster", "value"): ("36,5", "31", "26,5"),
    ("gevinster", "comment"): ("Målt av tjenesteleder.", "Færre turer tilbake etter opplæring.", "Anslag for uka."),
    ("events", "description"): ("Systemet tas i bruk i alle enheter.", "Retter feil i utskrift av kjørelister.",
                                "To superbrukere ekstra på kveldsvakt."),
}

# What a column holds, in Norwegian, by value type (the column guide on the import page).
TYPE_HELP: dict[str, str] = {
    "date": "dato (dd.mm.åååå)",
    "datetime": "dato og klokkeslett (dd.mm.åååå tt:mm)",
    "int": "helt tall",
    "mood": "helt tall fra 1 til 5",
    "status": "grønn, gul eller rød",
    "unit": "enhetens navn eller alias, slik det står i enhetslisten",
    "aliases": "andre navn på enheten, skilt med komma",
    "text": "fritekst",
    "str": "kort tekst",
    "decimal": "tall, desimaler med komma eller punktum (12,5)",
    "benefit": "gevinstens navn, slik det står i gevinstregisteret",
    "go_live": "go-livens navn, kommune eller bølge (f.eks. Malvik eller PD2); tom: den første go-liven",
    "units": "enheter (navn eller alias) eller tjenesteområder, skilt med komma",
    "benefit_kind": "gevinst eller ulempe",
}


@dataclass(frozen=True)
class ColumnHelp:
    """One column of a kind's template: its header, whether a file must have it, what it holds, other names."""

    header: str
    required: bool
    holds: str
    also: tuple[str, ...]


def _day(i: int) -> dt.date:
    """The i-th example day (one per row, from the go-live on)."""
    return FIRST_DAY + dt.timedelta(days=i)


def _by_type(value_type: ValueType, i: int) -> object:
    """An example value for row `i` from the value type alone."""
    if value_type in (DATE, PLANNED_DATE):
        return _day(i).strftime("%d.%m.%Y")
    if value_type in (DATETIME, PLANNED_DATETIME):
        return dt.datetime.combine(_day(i), dt.time(8 + 3 * i, 15)).strftime("%d.%m.%Y %H:%M")
    if value_type is MOOD:
        return 3 + i % 2
    if value_type is INT:
        return 10 * (i + 1)
    if value_type is STATUS:
        return ("grønn", "gul", "rød")[i % 3]
    if value_type is UNIT:
        return EXAMPLE_UNITS[i % len(EXAMPLE_UNITS)][0]
    if value_type is DECIMAL:
        return f"{10 * (i + 1)},5"
    if value_type is BENEFIT:
        return EXAMPLE_BENEFIT
    if value_type is ALIASES:
        return ""
    if value_type is TEXT:
        return f"Eksempeltekst {i + 1}."
    if value_type is LABEL:
        return f"eksempel {i + 1}"
    return ""


def _value(spec: KindSpec, f: Field, i: int) -> object:
    """The example value of field `f` in row `i`: a named sample, else one from the field's type."""
    if f.derive_from:
        # A field derived from another when absent is still shown filled in, from the same row's source.
        source = spec.field(f.derive_from)
        if source.type in (DATETIME, PLANNED_DATETIME) and f.type in (DATE, PLANNED_DATE):
            return str(_value(spec, source, i)).split(" ")[0]
    samples = SAMPLES.get((spec.kind, f.name))
    if samples:
        return samples[i % len(samples)]
    if f.default is not None:
        return f.default
    return _by_type(f.type, i)


def template_header(kind: str) -> list[str]:
    """The header row of a kind's template: each field's Norwegian label, in the spec's order."""
    return [f.label for f in KINDS[kind].fields]


def example_rows(kind: str, rows: int = EXAMPLE_ROWS) -> list[list[object]]:
    """A few fictional rows for a kind, one value per template column."""
    spec = KINDS[kind]
    return [[_value(spec, f, i) for f in spec.fields] for i in range(rows)]


def _csv_bytes(rows: list[list[object]]) -> bytes:
    """Rows as a semicolon CSV with a UTF-8 BOM and CRLF line ends, as Excel writes it."""
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n").writerows(rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def template_csv(kind: str) -> bytes:
    """The empty template of a kind: only the header row."""
    return _csv_bytes([template_header(kind)])


def example_csv(kind: str, rows: int = EXAMPLE_ROWS) -> bytes:
    """The example file of a kind: the header row and a few fictional rows."""
    return _csv_bytes([template_header(kind), *example_rows(kind, rows)])


def template_filename(kind: str) -> str:
    """The download name of a kind's template, e.g. 'mal_chat.csv'."""
    return f"mal_{kind}.csv"


def example_filename(kind: str) -> str:
    """The download name of a kind's example, e.g. 'eksempel_chat.csv'."""
    return f"eksempel_{kind}.csv"


def refers_to_units(kind: str) -> bool:
    """Tell whether a kind has a column that names a unit (its example uses the example units)."""
    return any(f.type is UNIT for f in KINDS[kind].fields)


def column_guide(kind: str) -> list[ColumnHelp]:
    """What each column of a kind's template holds, and the other header names the importer accepts."""
    out: list[ColumnHelp] = []
    for f in KINDS[kind].fields:
        holds = TYPE_HELP.get(f.type.name, f.type.name)
        if f.max_len:
            holds += f", høyst {fmt_int(f.max_len)} tegn"
        if f.derive_from:
            holds += f"; mangler kolonnen, brukes datoen i «{KINDS[kind].field(f.derive_from).label}»"
        if f.default is not None:
            holds += f"; tom celle blir «{f.default}»"
        also = tuple(s for s in dict.fromkeys(f.synonyms) if s.casefold() != f.label.casefold())
        out.append(ColumnHelp(f.label, f.required, holds, also))
    return out
