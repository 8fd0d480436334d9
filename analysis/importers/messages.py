"""Norwegian (bokmål) texts shown to users by the importers, in one place."""

from __future__ import annotations

KIND_LABELS = {
    "units": "enheter",
    "chat": "chatmeldinger",
    "reports": "enhetsrapporter",
    "tickets": "supportsaker",
    "adoption": "aktive brukere",
    "portal": "portalinnlogginger",
    "events": "hendelser",
    "gevinster": "gevinstmålinger",
    "golive": "go-liver",
    "gevinstregister": "gevinstregister",
}

MASK_LABELS = {
    "fødselsnummer": ("fødselsnummer", "fødselsnummer"),
    "telefon": ("telefonnummer", "telefonnumre"),
    "e-post": ("e-postadresse", "e-postadresser"),
    "navn": ("navn", "navn"),
}

EMPTY_FILE = "Filen «{file}» er tom."
NO_DATA_ROWS = "Filen «{file}» har overskrifter, men ingen datarader."
BINARY_FILE = "Filen «{file}» ser ikke ut som en CSV- eller Excel-fil (den inneholder binære data)."
OLD_XLS = "Filen «{file}» er i det gamle Excel-formatet (.xls). Lagre den som .xlsx eller CSV og prøv igjen."
BAD_XLSX = "Klarte ikke å åpne Excel-filen «{file}»: filen er skadet eller ikke en .xlsx-fil."
EMPTY_SHEET = "Excel-filen «{file}» har ingen utfylte celler."
UNDECODABLE = (
    "Klarte ikke å lese tegnene i «{file}»: filen er verken UTF-8 eller Windows-1252. "
    "Lagre den som «CSV UTF-8» i Excel og prøv igjen."
)
UNKNOWN_KIND = "Ukjent datatype «{kind}». Gyldige typer: {kinds}."
MISSING_COLUMNS = (
    "Filen «{file}» mangler påkrevd kolonne for {fields}. Kolonnene i filen er: {columns}. "
    "Gi kolonnen et av navnene over, eller koble den manuelt (på kommandolinjen: --map KILDE=MÅL)."
)
MISSING_COLUMN_ONE = "{label} (f.eks. {examples})"
MAP_SOURCE_UNKNOWN = "Kolonnen «{source}» i koblingen finnes ikke i filen «{file}». Kolonnene er: {columns}."
MAP_TARGET_UNKNOWN = "Ukjent mål «{target}» i koblingen for {kind}. Gyldige mål: {targets}."
MAP_SYNTAX = "Ugyldig kobling «{item}»: skriv KILDE=MÅL, f.eks. «Beskjed=melding»."
FILE_NOT_FOUND = "Fant ikke filen «{file}»."
FILE_UNREADABLE = "Klarte ikke å lese filen «{file}»: {reason}."
DB_BUSY = "Databasen er opptatt akkurat nå. Ingenting er lagret; prøv igjen om litt."

ROW_ISSUE = "{file}, rad {row}, kolonne «{column}»: {message}"
ROW_ISSUE_NO_COLUMN = "{file}, rad {row}: {message}"

# Value problems (completed by the row/column prefix above).
V_MISSING = "mangler verdi"
V_BAD_DATETIME = "«{value}» er ikke et gyldig tidspunkt (bruk dd.mm.åååå tt:mm eller åååå-mm-dd tt:mm)"
V_BAD_DATE = "«{value}» er ikke en gyldig dato (bruk dd.mm.åååå eller åååå-mm-dd)"
V_YEAR_RANGE = "årstallet {year} er utenfor gyldig område (2000–2100)"
V_NUMBER_AS_DATE = "«{value}» er et tall, ikke en dato (formater cellen som dato i Excel)"
V_BAD_INT = "«{value}» er ikke et heltall"
V_NEGATIVE = "kan ikke være negativ ({value})"
V_RANGE = "må være mellom {low} og {high} (var {value})"
V_TOO_LONG = "teksten er for lang ({length} tegn, maks {limit})"
V_BAD_STATUS = "«{value}» er ikke en gyldig status (bruk grønn, gul eller rød)"
V_UNKNOWN_UNIT = "enheten «{value}» finnes ikke"
V_UNKNOWN_UNIT_HINT = "enheten «{value}» finnes ikke. Mente du {suggestions}?"
V_UNKNOWN_UNIT_NONE = "enheten «{value}» finnes ikke. Importer enhetslisten først, eller rett navnet"
V_CLOSED_BEFORE_OPENED = "lukket ({closed}) er før opprettet ({opened})"
V_MORE_THAN_STAFF = ("{active} aktive brukere er flere enn de {staff} ansatte {unit} er registrert med; "
                     "rett tallet, eller oppdater enhetslisten først")
V_ALIAS_TAKEN = "«{value}» er allerede navn eller alias for enheten «{owner}»"
V_BAD_DECIMAL = "«{value}» er ikke et tall (skriv f.eks. 12 eller 12,5)"
V_UNKNOWN_BENEFIT = ("gevinsten «{value}» finnes ikke i gevinstregisteret; bruk navnet slik det står i registeret "
                     "(siden «Gevinster»)")
V_UNKNOWN_BENEFIT_HINT = "gevinsten «{value}» finnes ikke i gevinstregisteret. Mente du {suggestions}?"
V_UNKNOWN_GO_LIVE = "go-liven «{value}» finnes ikke. Kjente go-liver: {known}"
V_NO_GO_LIVES = ("go-liven «{value}» finnes ikke: databasen har ingen go-liver ennå; "
                 "importer uten go-live-kolonnen, eller importer go-livene først (type golive)")
V_TARGET_IS_BASELINE = "målet ({value}) er lik utgangsverdien; da kan ingenting realiseres"
V_BAD_BENEFIT_KIND = "«{value}» er verken «gevinst» eller «ulempe»"

SUMMARY_HEAD = "Import av {kind} fra «{file}» ({fmt})"
SUMMARY_LINES = {
    "rows_read": "Rader lest",
    "imported": "Importert (nye)",
    "updated": "Oppdatert",
    "already_present": "Fantes fra før",
    "rejected": "Avvist",
}
SUMMARY_MASKED = "Maskert: {items}"
SUMMARY_MASKED_NONE = "Maskert: ingen personopplysninger funnet"
SUMMARY_REJECTS_HEAD = "Avviste rader:"
SUMMARY_REJECTS_MORE = "… og {n} til"
SUMMARY_REJECTS_FILE = (
    "De avviste radene er lagret i «{path}» med en kolonne «feil». Rett dem og importer filen på nytt."
)
SUMMARY_NOTHING = "Ingen rader kunne importeres."
REJECTS_COLUMN = "feil"

RESCORE_DONE = "Analyserte på nytt {chat} chatmeldinger og {reports} enhetsrapporter (analysator {version})."

REPORT_UNIT_MISSING = "Velg en enhet."
REPORT_STATUS = "Status må være grønn, gul eller rød."
REPORT_MOOD = "Stemning må være et helt tall fra 1 til 5."
REPORT_TEXT_LONG = "Teksten er for lang ({length} tegn, maks {limit})."
REPORT_DAY_FUTURE = "Datoen {day} er frem i tid."
REPORT_STORED = "Rapporten for {unit} {day} er lagret."
REPORT_DUPLICATE = "Denne rapporten for {unit} {day} er allerede lagret."
REPORT_REPLACES = "Den erstatter en tidligere rapport for samme dag (den siste teller)."
REPORT_MASKED = "Personopplysninger ble fjernet fra teksten: {items}."


def plural(kind: str, n: int) -> str:
    """Return '<n> <noun>' for a masking kind, in singular or plural."""
    one, many = MASK_LABELS.get(kind, (kind, kind))
    return f"{n} {one if n == 1 else many}"


def format_masked(counts: dict[str, int]) -> str:
    """Render masking counts as '2 fødselsnummer, 1 telefonnummer'."""
    return ", ".join(plural(k, counts[k]) for k in MASK_LABELS if counts.get(k))
