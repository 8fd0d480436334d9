"""What each kind of import contains: fields, header synonyms, types, keys and target table."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.importers.values import fold

CHAT_TEXT_LIMIT = 10_000
REPORT_TEXT_LIMIT = 2_000


@dataclass(frozen=True)
class Field:
    """One target column: its header synonyms, type and whether the file must have it."""

    name: str
    label: str
    synonyms: tuple[str, ...]
    type: str  # datetime | date | int | text | str | unit | status | aliases | mood
    required: bool = False
    default: object = None
    max_len: int | None = None
    derive_from: str | None = None  # take the date part of this field when the column is absent

    def folded(self) -> tuple[str, ...]:
        """Folded header names that map to this field (its name and label included)."""
        return tuple(dict.fromkeys(fold(s) for s in (*self.synonyms, self.label, self.name)))


@dataclass(frozen=True)
class KindSpec:
    """An importable kind: its table, fields, and how a row is recognised as already stored."""

    kind: str
    table: str
    fields: tuple[Field, ...]
    key: tuple[str, ...]  # identity of a row in the table
    upsert: bool  # True: same key, other values -> update; False: identical content -> skip
    scored: bool = False  # run text analysis on the 'text' field

    def field(self, name: str) -> Field:
        """Return the field with this name."""
        return next(f for f in self.fields if f.name == name)


UNIT = ("enhet", "enhetsnavn", "avdeling", "tjenestested", "unit", "unit name", "department")
DAY = ("dato", "dag", "date", "day")

KINDS: dict[str, KindSpec] = {
    "units": KindSpec(
        "units", "units",
        (
            Field("name", "navn", ("navn", "enhet", "enhetsnavn", "unit", "name", "unit name"), "str", True),
            Field("service_area", "tjenesteområde",
                  ("tjenesteområde", "område", "tjeneste", "tjenestetype", "type", "service area", "area"),
                  "str", True),
            Field("staff_count", "ansatte",
                  ("ansatte", "antall ansatte", "bemanning", "staff", "staff count", "employees", "headcount"),
                  "int", True),
            Field("go_live_date", "go-live-dato",
                  ("go-live-dato", "go-live", "golive", "oppstart", "startdato", "go live date", "go live"), "date"),
            Field("aliases", "alias", ("alias", "aliaser", "andre navn", "kortnavn", "aliases"), "aliases"),
        ),
        key=("name",), upsert=True,
    ),
    "chat": KindSpec(
        "chat", "chat_messages",
        (
            Field("ts", "tidspunkt",
                  ("tidspunkt", "tid", "dato", "dato og tid", "datotid", "sendt", "opprettet",
                   "timestamp", "time", "date", "datetime", "sent", "created", "created at"), "datetime", True),
            Field("unit", "enhet", UNIT, "unit"),
            Field("text", "melding",
                  ("melding", "tekst", "innhold", "kommentar", "beskjed", "message", "text", "content", "body"),
                  "text", True, max_len=CHAT_TEXT_LIMIT),
            Field("role", "rolle", ("rolle", "avsenderrolle", "stilling", "role"), "str"),
            Field("channel", "kanal", ("kanal", "kilde", "channel", "source"), "str"),
        ),
        key=("ts", "unit", "text"), upsert=False, scored=True,
    ),
    "reports": KindSpec(
        "reports", "unit_reports",
        (
            Field("day", "dato", (*DAY, "rapportdato", "report date"), "date", True, derive_from="reported_at"),
            Field("unit", "enhet", UNIT, "unit", True),
            Field("status", "status", ("status", "farge", "trafikklys", "status (grønn/gul/rød)"), "status", True),
            Field("mood", "stemning", ("stemning", "humør", "stemningsscore", "mood", "score"), "mood"),
            Field("text", "tekst", ("tekst", "kommentar", "melding", "beskrivelse", "text", "comment"),
                  "text", max_len=REPORT_TEXT_LIMIT),
            Field("reported_at", "innsendt",
                  ("innsendt", "registrert", "tidspunkt", "rapportert", "submitted", "reported at", "timestamp"),
                  "datetime"),
        ),
        key=("day", "unit", "status", "mood", "text"), upsert=False, scored=True,
    ),
    "tickets": KindSpec(
        "tickets", "tickets",
        (
            Field("ticket_id", "saksnummer",
                  ("saksnummer", "saksnr", "sak", "saks-id", "sak id", "id", "nummer", "referanse",
                   "ticket", "ticket id", "ticket number", "number", "incident"), "str", True),
            Field("opened_at", "opprettet",
                  ("opprettet", "åpnet", "meldt", "innmeldt", "registrert", "dato", "opened", "created",
                   "opened at", "created at"), "datetime", True),
            Field("closed_at", "lukket",
                  ("lukket", "løst", "avsluttet", "closed", "resolved", "closed at", "resolved at"), "datetime"),
            Field("unit", "enhet", UNIT, "unit"),
            Field("category", "kategori", ("kategori", "tema", "category"), "str"),
            Field("priority", "prioritet", ("prioritet", "pri", "priority"), "str"),
            Field("channel", "kanal", ("kanal", "kontaktmåte", "innmeldingskanal", "channel", "contact type"), "str"),
            Field("status", "status", ("status", "tilstand", "state"), "str"),
            Field("summary", "sammendrag",
                  ("sammendrag", "kort beskrivelse", "beskrivelse", "tittel", "emne",
                   "summary", "short description", "description", "title", "subject"),
                  "text", max_len=CHAT_TEXT_LIMIT),
            Field("reopened", "gjenåpnet",
                  ("gjenåpnet", "antall gjenåpninger", "reopened", "reopen count"), "int", default=0),
        ),
        key=("ticket_id",), upsert=True,
    ),
    "adoption": KindSpec(
        "adoption", "adoption_daily",
        (
            Field("day", "dato", DAY, "date", True),
            Field("unit", "enhet", UNIT, "unit", True),
            Field("active_users", "aktive brukere",
                  ("aktive brukere", "aktive", "antall aktive", "brukere", "active users", "active", "users"),
                  "int", True),
        ),
        key=("day", "unit"), upsert=True,
    ),
    "portal": KindSpec(
        "portal", "portal_logins_daily",
        (
            Field("day", "dato", DAY, "date", True),
            Field("logins", "innlogginger",
                  ("innlogginger", "pålogginger", "innlogget", "innloggede", "antall innlogginger",
                   "innbyggere innlogget", "logins", "log-ins", "logged in"), "int", True),
        ),
        key=("day",), upsert=True,
    ),
    "events": KindSpec(
        "events", "events",
        (
            Field("ts", "tidspunkt", ("tidspunkt", "tid", "dato", "start", "timestamp", "time", "date"),
                  "datetime", True),
            Field("title", "tittel", ("tittel", "hendelse", "navn", "overskrift", "title", "event", "name"),
                  "str", True),
            Field("kind", "type", ("type", "art", "kategori", "kind", "category"), "str", default="annet"),
            Field("unit", "enhet", UNIT, "unit"),
            Field("description", "beskrivelse",
                  ("beskrivelse", "kommentar", "detaljer", "description", "details", "notes"),
                  "text", max_len=CHAT_TEXT_LIMIT),
        ),
        key=("ts", "title"), upsert=True,
    ),
}

KIND_NAMES = tuple(KINDS)
