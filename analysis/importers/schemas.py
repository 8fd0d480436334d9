"""What each kind of import is: fields, header synonyms, value types, row rules, keys and store step.

Adding an import kind means adding one KindSpec to KINDS (and its table to analysis.db); the stages in
map_stage, validate_stage and store_stage read everything kind-specific from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import duckdb
import pandas as pd

from analysis.fmt import fmt_int
from analysis.importers import messages as msg
from analysis.importers.field_types import (
    ALIASES,
    BENEFIT,
    BENEFIT_KIND,
    DATE,
    DATETIME,
    DECIMAL,
    GO_LIVE,
    INT,
    LABEL,
    MOOD,
    PLANNED_DATE,
    PLANNED_DATETIME,
    STATUS,
    TEXT,
    UNIT,
    UNITS,
    Converter,
    ValueType,
)
from analysis.importers.store_stage import INSERT_NEW, UPSERT, StoreStep, score_rows, upsert
from analysis.importers.unit_matching import UnitMatcher
from analysis.importers.values import fold, show
from analysis.text.masking import mask_identifier

CHAT_TEXT_LIMIT = 10_000
REPORT_TEXT_LIMIT = 2_000

# Cross-field check on one parsed row: returns (field name, Norwegian message) problems and may
# normalise values in place. Runs only when every cell of the row parsed.
RowRule = Callable[[dict, UnitMatcher], list[tuple[str, str]]]


@dataclass(frozen=True)
class Field:
    """One target column: its header synonyms, value type and whether the file must have it."""

    name: str
    label: str
    synonyms: tuple[str, ...]
    type: ValueType
    required: bool = False
    default: object = None
    max_len: int | None = None
    derive_from: str | None = None  # take the date part of this field when the column is absent
    identifier: bool = False  # a short label that identifies: masked as a label (a numeric ticket id survives)

    def folded(self) -> tuple[str, ...]:
        """Folded header names that map to this field (its name and label included)."""
        return tuple(dict.fromkeys(fold(s) for s in (*self.synonyms, self.label, self.name)))

    @property
    def masked(self) -> bool:
        """Free text and labels are masked as text; identifiers are masked as labels by their converter."""
        return self.type.free_text and not self.identifier

    def converter(self, units: UnitMatcher) -> Converter:
        """A fresh converter for this field's non-blank cells (memoised per import where useful)."""
        convert = self.type.make_converter(self, units)
        return _masked_label(convert) if self.identifier else convert


def _masked_label(convert: Converter) -> Converter:
    """Wrap an identifier's converter: unit names, aliases and ticket ids are masked as labels (issue 15)."""
    def masked(raw: object) -> object:
        value = convert(raw)
        if isinstance(value, list):
            return [mask_identifier(v) for v in value]
        return mask_identifier(value) if isinstance(value, str) else value
    return masked


@dataclass(frozen=True)
class KindSpec:
    """An importable kind: its table, fields, row rules, key, and how its rows are stored."""

    kind: str
    table: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]  # identity of a row: in-file duplicates, "already stored", upsert match
    store: StoreStep  # INSERT_NEW: identical content is skipped; UPSERT: same key, other values -> update
    rules: tuple[RowRule, ...] = ()
    analyse: Callable[[list[dict]], pd.DataFrame] | None = None  # analysis columns for the rows to store
    source_column: bool = False  # the table records which file a row came from

    def field(self, name: str) -> Field:
        """Return the field with this name."""
        return next(f for f in self.fields if f.name == name)


def _unit_key(name: str) -> str:
    """Case- and whitespace-insensitive key of a unit name (as UnitMatcher keys them)."""
    return " ".join(name.split()).casefold()


def closed_after_opened(values: dict, units: UnitMatcher) -> list[tuple[str, str]]:
    """A ticket cannot be closed before it was opened."""
    closed, opened = values.get("closed_at"), values.get("opened_at")
    if closed and opened and closed < opened:
        return [("closed_at", msg.V_CLOSED_BEFORE_OPENED.format(
            closed=closed.strftime("%d.%m.%Y %H:%M"), opened=opened.strftime("%d.%m.%Y %H:%M")))]
    return []


def active_within_staff(values: dict, units: UnitMatcher) -> list[tuple[str, str]]:
    """A unit cannot have more active users than staff (the unit list's staff count)."""
    active, unit = values.get("active_users"), values.get("unit")
    staff = units.staff.get(unit) if unit else None
    if active is not None and staff is not None and active > staff:
        return [("active_users", msg.V_MORE_THAN_STAFF.format(active=fmt_int(active), staff=fmt_int(staff), unit=unit))]
    return []


def unit_names_free(values: dict, units: UnitMatcher) -> list[tuple[str, str]]:
    """Keep a known unit's stored spelling; refuse a name or alias that belongs to another unit."""
    name = values.get("name")
    if not name:
        return []
    problems: list[tuple[str, str]] = []
    known = units.names.get(_unit_key(name))
    if known:
        values["name"] = known  # same unit, other capitalisation: keep the stored spelling
    owner = units.aliases.get(_unit_key(name))
    if owner and owner != values["name"]:
        problems.append(("name", msg.V_ALIAS_TAKEN.format(value=show(name), owner=owner)))
    for alias in values.get("aliases") or []:
        owner = units.owner(alias)
        if owner and owner != values["name"]:
            problems.append(("aliases", msg.V_ALIAS_TAKEN.format(value=show(alias), owner=owner)))
    return problems


def upsert_units(con: duckdb.DuckDBPyConnection, spec: KindSpec, frame: pd.DataFrame, mapped: set[str],
                 source: str) -> tuple[int, int]:
    """Upsert the units table, then link each unit whose row names a go-live to it (table unit_go_lives).

    The go-live is not a column of units (schema step 5 keeps it beside the table), so the units are written
    without it. A blank or absent go-live leaves the unit's link as it was (none: the first go-live).
    """
    # Dropped from the caller's set too: the chunked writer later compares the mapped columns of the units table.
    mapped.discard("go_live")
    plain = replace(spec, fields=tuple(f for f in spec.fields if f.name != "go_live"))
    counts = upsert(con, plain, frame, mapped, source)
    links = frame.loc[frame["go_live"].notna(), ["name", "go_live"]]
    if not links.empty:
        con.register("_go_live_links", links)
        con.execute("INSERT OR REPLACE INTO unit_go_lives (unit, go_live_id) "
                    "SELECT name, CAST(go_live AS INTEGER) FROM _go_live_links")
        con.unregister("_go_live_links")
    return counts


UPSERT_UNITS = StoreStep(select=UPSERT.select, write=upsert_units, updates=True)


def first_go_live_by_default(values: dict, units: UnitMatcher) -> list[tuple[str, str]]:
    """A portal row without a go-live counts for the first one (as a unit without one belongs to it)."""
    if values.get("go_live_id") is None:
        values["go_live_id"] = min((int(g[0]) for g in units.go_lives), default=1)
    return []


def target_differs(values: dict, units: UnitMatcher) -> list[tuple[str, str]]:
    """A benefit's target must differ from its baseline: otherwise nothing can be realised or measured against it."""
    baseline, target = values.get("baseline"), values.get("target")
    if baseline is not None and target is not None and baseline == target:
        return [("target", msg.V_TARGET_IS_BASELINE.format(value=fmt_int(target)))]
    return []

GO_LIVE_NAMES = ("go-live", "golive", "go live", "kommune", "bølge", "organisasjon", "wave", "municipality",
                 "organisation")
UNIT_NAMES = ("enhet", "enhetsnavn", "avdeling", "tjenestested", "unit", "unit name", "department")
DAY_NAMES = ("dato", "dag", "date", "day")

KINDS: dict[str, KindSpec] = {
    "units": KindSpec(
        "units", "units",
        (
            Field("name", "navn", ("navn", "enhet", "enhetsnavn", "unit", "name", "unit name"), LABEL, True,
                  identifier=True),
            Field("service_area", "tjenesteområde",
                  ("tjenesteområde", "område", "tjeneste", "tjenestetype", "type", "service area", "area"),
                  LABEL, True),
            Field("staff_count", "ansatte",
                  ("ansatte", "antall ansatte", "bemanning", "staff", "staff count", "employees", "headcount"),
                  INT, True),
            Field("go_live_date", "go-live-dato",
                  ("go-live-dato", "dato for go-live", "oppstart", "startdato", "go live date", "go-live date"),
                  PLANNED_DATE),
            Field("aliases", "alias", ("alias", "aliaser", "andre navn", "kortnavn", "aliases"), ALIASES,
                  identifier=True),
            # Which go-live the unit belongs to (issue 17), by label or organisation; absent: the first go-live.
            Field("go_live", "go-live",
                  ("go-live", "golive", "go live", "kommune", "bølge", "go-live-bølge", "organisasjon",
                   "wave", "municipality", "organisation"), GO_LIVE),
        ),
        key=("name",), store=UPSERT_UNITS, rules=(unit_names_free,),
    ),
    "chat": KindSpec(
        "chat", "chat_messages",
        (
            Field("ts", "tidspunkt",
                  ("tidspunkt", "tid", "dato", "dato og tid", "datotid", "sendt", "opprettet",
                   "timestamp", "time", "date", "datetime", "sent", "created", "created at"), DATETIME, True),
            Field("unit", "enhet", UNIT_NAMES, UNIT),
            Field("text", "melding",
                  ("melding", "tekst", "innhold", "kommentar", "beskjed", "message", "text", "content", "body"),
                  TEXT, True, max_len=CHAT_TEXT_LIMIT),
            Field("role", "rolle", ("rolle", "avsenderrolle", "stilling", "role"), LABEL),
            Field("channel", "kanal", ("kanal", "kilde", "channel", "source"), LABEL),
        ),
        key=("ts", "unit", "text"), store=INSERT_NEW, analyse=score_rows, source_column=True,
    ),
    "reports": KindSpec(
        "reports", "unit_reports",
        (
            Field("day", "dato", (*DAY_NAMES, "rapportdato", "report date"), DATE, True, derive_from="reported_at"),
            Field("unit", "enhet", UNIT_NAMES, UNIT, True),
            Field("status", "status", ("status", "farge", "trafikklys", "status (grønn/gul/rød)"), STATUS, True),
            Field("mood", "stemning", ("stemning", "humør", "stemningsscore", "mood", "score"), MOOD),
            Field("text", "tekst", ("tekst", "kommentar", "melding", "beskrivelse", "text", "comment"),
                  TEXT, max_len=REPORT_TEXT_LIMIT),
            Field("reported_at", "innsendt",
                  ("innsendt", "registrert", "tidspunkt", "rapportert", "submitted", "reported at", "timestamp"),
                  DATETIME),
        ),
        key=("day", "unit", "status", "mood", "text"), store=INSERT_NEW, analyse=score_rows, source_column=True,
    ),
    "tickets": KindSpec(
        "tickets", "tickets",
        (
            Field("ticket_id", "saksnummer",
                  ("saksnummer", "saksnr", "sak", "saks-id", "sak id", "id", "nummer", "referanse",
                   "ticket", "ticket id", "ticket number", "number", "incident"), LABEL, True, identifier=True),
            Field("opened_at", "opprettet",
                  ("opprettet", "åpnet", "meldt", "innmeldt", "registrert", "dato", "opened", "created",
                   "opened at", "created at"), DATETIME, True),
            Field("closed_at", "lukket",
                  ("lukket", "løst", "avsluttet", "closed", "resolved", "closed at", "resolved at"), DATETIME),
            Field("unit", "enhet", UNIT_NAMES, UNIT),
            Field("category", "kategori", ("kategori", "tema", "category"), LABEL),
            Field("priority", "prioritet", ("prioritet", "pri", "priority"), LABEL),
            Field("channel", "kanal", ("kanal", "kontaktmåte", "innmeldingskanal", "channel", "contact type"), LABEL),
            Field("status", "status", ("status", "tilstand", "state"), LABEL),
            Field("summary", "sammendrag",
                  ("sammendrag", "kort beskrivelse", "beskrivelse", "tittel", "emne",
                   "summary", "short description", "description", "title", "subject"),
                  TEXT, max_len=CHAT_TEXT_LIMIT),
            Field("reopened", "gjenåpnet",
                  ("gjenåpnet", "antall gjenåpninger", "reopened", "reopen count"), INT, default=0),
        ),
        key=("ticket_id",), store=UPSERT, rules=(closed_after_opened,), source_column=True,
    ),
    "adoption": KindSpec(
        "adoption", "adoption_daily",
        (
            Field("day", "dato", DAY_NAMES, DATE, True),
            Field("unit", "enhet", UNIT_NAMES, UNIT, True),
            Field("active_users", "aktive brukere",
                  ("aktive brukere", "aktive", "antall aktive", "brukere", "active users", "active", "users"),
                  INT, True),
        ),
        key=("day", "unit"), store=UPSERT, rules=(active_within_staff,),
    ),
    "portal": KindSpec(
        "portal", "portal_logins_daily",
        (
            Field("day", "dato", DAY_NAMES, DATE, True),
            Field("logins", "innlogginger",
                  ("innlogginger", "pålogginger", "innlogget", "innloggede", "antall innlogginger",
                   "innbyggere innlogget", "logins", "log-ins", "logged in"), INT, True),
            # Whose citizens (issue 17): a go-live by label, organisation or wave; absent: the first go-live.
            Field("go_live_id", "go-live", GO_LIVE_NAMES, GO_LIVE),
        ),
        key=("day", "go_live_id"), store=UPSERT, rules=(first_go_live_by_default,),
    ),
    "events": KindSpec(
        "events", "events",
        (
            Field("ts", "tidspunkt", ("tidspunkt", "tid", "dato", "start", "timestamp", "time", "date"),
                  PLANNED_DATETIME, True),
            Field("title", "tittel", ("tittel", "hendelse", "navn", "overskrift", "title", "event", "name"),
                  LABEL, True),
            Field("kind", "type", ("type", "art", "kategori", "kind", "category"), LABEL, default="annet"),
            Field("unit", "enhet", UNIT_NAMES, UNIT),
            Field("description", "beskrivelse",
                  ("beskrivelse", "kommentar", "detaljer", "description", "details", "notes"),
                  TEXT, max_len=CHAT_TEXT_LIMIT),
            # Absent or blank: the unit's go-live, or, without a unit, every go-live's timeline (programme-wide).
            Field("go_live_id", "go-live", GO_LIVE_NAMES, GO_LIVE),
        ),
        key=("ts", "title"), store=UPSERT,
    ),
    # Benefit measurements (issue 17): the benefit must be in the register (the page «Gevinster»); one value per
    # benefit and day, so a corrected file updates the value it measured before.
    "gevinster": KindSpec(
        "gevinster", "benefit_measurements",
        (
            Field("benefit", "gevinst",
                  ("gevinst", "gevinstnavn", "ulempe", "navn", "gevinst/ulempe", "benefit", "benefit name", "name"),
                  BENEFIT, True),
            Field("measured_on", "målt dato",
                  ("målt dato", "målt", "måledato", "dato", "dag", "measured on", "measured", "date", "day"),
                  DATE, True),
            Field("value", "verdi", ("verdi", "måling", "målt verdi", "resultat", "value", "measurement"),
                  DECIMAL, True),
            Field("comment", "kommentar", ("kommentar", "merknad", "notat", "comment", "note", "notes"),
                  TEXT, max_len=REPORT_TEXT_LIMIT),
        ),
        key=("benefit", "measured_on"), store=UPSERT, source_column=True,
    ),
    # The go-lives themselves (issue 17): one row per municipality and wave. A corrected file updates the go-live
    # with the same name; its units are linked by the units import's go-live column.
    "golive": KindSpec(
        "golive", "go_lives",
        (
            Field("label", "navn", ("navn", "go-live", "golive", "betegnelse", "label", "name"), LABEL, True),
            Field("organisation", "kommune",
                  ("kommune", "organisasjon", "virksomhet", "municipality", "organisation", "organization"),
                  LABEL, True),
            Field("wave", "bølge", ("bølge", "fase", "pulje", "puljenummer", "wave", "phase"), LABEL, True),
            Field("go_live_date", "go-live-dato",
                  ("go-live-dato", "dato", "oppstart", "startdato", "dato for go-live", "go live date",
                   "go-live date", "date"), PLANNED_DATE, True),
            Field("citizens", "innbyggere",
                  ("innbyggere", "antall innbyggere", "folketall", "citizens", "population"), INT),
            # What the benefits should return a year (NOK); blank: 363 kr per citizen (the seed's rate).
            Field("goal_nok", "gevinstmål",
                  ("gevinstmål", "gevinstmål per år", "mål kr per år", "gevinstmål (kr per år)", "benefit goal"),
                  DECIMAL),
        ),
        key=("label",), store=UPSERT,
    ),
    # The benefit register (issue 17): gevinster and ulemper alike; measurements come with the kind «gevinster»
    # or the form on «Gevinster». A corrected file updates the benefit with the same name.
    "gevinstregister": KindSpec(
        "gevinstregister", "benefits",
        (
            Field("name", "navn", ("navn", "gevinst", "gevinstnavn", "ulempe", "benefit", "name"), LABEL, True),
            Field("kind", "type", ("type", "art", "gevinst/ulempe", "kind"), BENEFIT_KIND, default="gevinst"),
            Field("owner", "eier", ("eier", "gevinsteier", "ansvarlig", "owner", "responsible"), LABEL),
            Field("units", "enheter", ("enheter", "enhet", "units", "unit"), UNITS, default=[]),
            Field("indicator", "indikator", ("indikator", "måleindikator", "måling", "indicator", "kpi"), LABEL,
                  True),
            Field("measure_unit", "måleenhet", ("måleenhet", "enhet for måling", "measure unit", "unit of measure"),
                  LABEL),
            Field("baseline", "utgangsverdi",
                  ("utgangsverdi", "nullpunkt", "startverdi", "nullpunktsmåling", "baseline"), DECIMAL, True),
            Field("target", "mål", ("mål", "målverdi", "target", "target value"), DECIMAL, True),
            Field("nok_per_unit", "kr per enhet",
                  ("kr per enhet", "kroner per enhet", "nok per enhet", "verdi per enhet", "nok per unit"),
                  DECIMAL, default=0.0),
            Field("due_date", "frist", ("frist", "realiseres innen", "måldato", "due date", "due"), PLANNED_DATE),
            Field("go_live_id", "go-live", GO_LIVE_NAMES, GO_LIVE),
            Field("description", "beskrivelse", ("beskrivelse", "kommentar", "description", "notes"), TEXT,
                  max_len=REPORT_TEXT_LIMIT),
        ),
        key=("name",), store=UPSERT, rules=(target_differs,),
    ),
}

# The order the import page lists the kinds in, and the order their examples import into an empty database: the
# units and the go-lives first, the benefit register before its measurements.
_ORDER = ("units", "golive", "chat", "reports", "tickets", "adoption", "portal", "events", "gevinstregister",
          "gevinster")
KINDS = {k: KINDS[k] for k in _ORDER} | {k: v for k, v in KINDS.items() if k not in _ORDER}
KIND_NAMES = tuple(KINDS)
