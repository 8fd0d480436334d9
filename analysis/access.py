"""Who may see and do what: roles from data/roles.toml (or the ID token's groups), page and action checks, redaction.

Four roles (the issue's wording, kept as the roles file's words):

- supportsenter: every page but the admin pages, the follow-up queue, every unit's message text;
- enhetsleder: the unit pages, message text and daily reports for their own units only (other units: aggregates);
- møte: the weekly page and its exports (quotes included), no raw message lists;
- admin: import, meeting notes, the roles file, the audit log and settings.

A person may hold several roles; their rights add up. Every check lives here (not in hidden buttons): the app
asks `can_open_page` before it runs a page, the command line asks `command_requirement` before it runs a
command, and the views call `can_read_text` / `redact_text` for data. A refusal is an `AccessDenied` with a
Norwegian message and exit code 8.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import re
import tomllib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis import errors

SUPPORT = "supportsenter"
LEADER = "enhetsleder"
MEETING = "møte"
ADMIN = "admin"
ROLES: tuple[str, ...] = (SUPPORT, LEADER, MEETING, ADMIN)
# The wall screen (a TV that cannot log in, let in by GOLIVE_WALL_TOKEN): not a role the roles file can grant.
WALL = "vegg"
ROLE_NB = {SUPPORT: "supportsenter", LEADER: "enhetsleder", MEETING: "møte", ADMIN: "administrator",
           WALL: "veggskjerm (bare tall)"}

EXIT_FORBIDDEN = 8
HIDDEN_TEXT = "(skjult: tekst fra en annen enhet)"
HIDDEN_TEXT_WALL = "(skjult: meldingstekst vises ikke på veggskjermen)"

# Page url_path → the roles that may open it. Pages not listed are open to nobody (a new page must be added here).
# The wall screen gets the pages that read well as figures (their message text is hidden from it); not the
# follow-up queue, a work list of message texts with buttons.
PAGE_ROLES: dict[str, frozenset[str]] = {
    "sanntid": frozenset({SUPPORT, WALL}),
    "oppfolging": frozenset({SUPPORT}),
    # Alert texts quote masked chat of every unit: not for a unit leader.
    "varsler": frozenset({SUPPORT, ADMIN}),
    "oversikt": frozenset({SUPPORT, LEADER, WALL}),
    "enheter": frozenset({SUPPORT, LEADER, WALL}),
    "adopsjon": frozenset({SUPPORT, LEADER, WALL}),
    "belastning": frozenset({SUPPORT, LEADER, WALL}),
    "rapport": frozenset({SUPPORT, LEADER}),
    "ukemote": frozenset({SUPPORT, MEETING, ADMIN}),
    # Figures only (curves per wave, benefit measurements): for everyone who plans or reports on the go-live.
    "bolger": frozenset({SUPPORT, LEADER, MEETING, ADMIN}),
    "gevinster": frozenset({SUPPORT, LEADER, MEETING, ADMIN}),
    "importer": frozenset({ADMIN}),
    "revisjonslogg": frozenset({ADMIN}),
}
# The view command's page names (analysis.views.PAGES) → the app's url_path.
VIEW_PAGES = {"live": "sanntid", "oppfolging": "oppfolging", "oversikt": "oversikt", "enheter": "enheter",
              "adopsjon": "adopsjon", "belastning": "belastning", "ukemote": "ukemote", "bolger": "bolger",
              "gevinster": "gevinster"}
# Pages whose data hold raw message text of every unit (a unit leader may open them only for their own units).
TEXT_PAGES = frozenset({"sanntid", "oppfolging", "enheter"})

# Action → the roles that may do it, and the Norwegian words for a refusal ("Rollen din kan ikke …").
ACTION_ROLES: dict[str, frozenset[str]] = {
    "import": frozenset({ADMIN}),
    "rescore": frozenset({ADMIN}),
    "database": frozenset({ADMIN}),
    "note": frozenset({ADMIN}),
    "audit": frozenset({ADMIN}),
    "roles": frozenset({ADMIN}),
    "settings": frozenset({ADMIN}),
    "export": frozenset({SUPPORT, MEETING, ADMIN}),
    "follow_up": frozenset({SUPPORT}),
    "report": frozenset({SUPPORT, LEADER}),
    "info": frozenset(ROLES),
    # A unit leader measures the benefits that cover their units (may_measure_benefit); admin every benefit.
    "benefit": frozenset({ADMIN, LEADER}),
}
ACTION_NB = {
    "import": "importere data", "rescore": "analysere tekstene på nytt", "database": "opprette eller bygge "
    "databasen på nytt", "note": "skrive møtenotater", "audit": "lese revisjonsloggen", "roles": "endre roller",
    "settings": "endre innstillinger", "export": "laste ned ukemøterapporten", "follow_up": "endre status i "
    "oppfølgingslisten", "report": "sende daglig rapport", "info": "lese databaseinformasjon",
    "benefit": "registrere gevinstmålinger",
}
# Command-line command → the action it needs (None: touches no data). Every command must be listed.
COMMAND_ACTIONS: dict[str, str | None] = {
    "init": "database", "info": "info", "demo": "database", "sentiment": None, "import": "import",
    "rescore": "rescore", "report": "report", "weekly": "export", "view": "view", "audit": "audit",
    # The ingestion service and the alert loop write imports and alerts: the import role's business.
    "serve": "import", "alerts": "import",
}


class AccessDenied(errors.GoLiveError):
    """The user's role does not allow the page, the action or the data asked for."""

    exit_code = EXIT_FORBIDDEN
    title = "Ingen tilgang"


@dataclass(frozen=True)
class Principal:
    """Who is asking: the id recorded in the audit log, a name to show, their roles and (for enhetsleder) units."""

    user: str
    name: str
    roles: frozenset[str] = frozenset()
    units: frozenset[str] = frozenset()
    source: str = "oidc"  # oidc (log-in) · os (command line) · demo (no log-in, demo data) · av (GOLIVE_AUTH=av)

    def describe(self) -> str:
        """The roles in words, with the units of a unit leader: 'enhetsleder (Lade hjemmetjeneste)'."""
        parts = []
        for role in (*ROLES, WALL):
            if role in self.roles:
                units = f" ({', '.join(sorted(self.units))})" if role == LEADER and self.units else ""
                parts.append(ROLE_NB[role] + units)
        return ", ".join(parts) or "ingen rolle"


def full_principal(source: str, user: str | None = None) -> Principal:
    """Everyone-may-do-everything: the demo without log-in, or GOLIVE_AUTH=av (both said on every page)."""
    name = user or ("demo" if source == "demo" else "uten innlogging")
    return Principal(user=name, name=name, roles=frozenset(ROLES), source=source)


def wall_principal(client: str | None = None) -> Principal:
    """The wall screen let in by its token: the figure pages, no message text, no actions."""
    name = "veggskjerm" + (f" ({client})" if client else "")
    return Principal(user=name, name="Veggskjerm", roles=frozenset({WALL}), source="vegg")


def wall_token_matches(given: str | None, secret: str | None) -> bool:
    """Tell whether the URL's wall token is the configured one (constant-time; no secret set: never)."""
    if not secret or not given:
        return False
    return hmac.compare_digest(given.encode("utf-8"), secret.encode("utf-8"))


# --- the roles file ------------------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Grant:
    """One entry of the roles file: a person (or group) → roles and units."""

    kind: str  # person · gruppe
    who: str
    roles: frozenset[str]
    units: frozenset[str]

    def line(self) -> str:
        """One readable line for the audit log: 'person kari@x → enhetsleder (Lade)'."""
        units = f" ({', '.join(sorted(self.units))})" if self.units else ""
        return f"{self.kind} {self.who} → {', '.join(r for r in ROLES if r in self.roles)}{units}"


@dataclass(frozen=True)
class RoleBook:
    """The roles file read: its grants, Norwegian problems with it, where it is and a digest of its content."""

    grants: tuple[Grant, ...] = ()
    problems: tuple[str, ...] = ()
    path: str = ""
    digest: str = ""

    def listing(self) -> str:
        """Every grant on one line each (sorted): what the audit log keeps when the file changes."""
        return "\n".join(sorted(g.line() for g in self.grants))

    def resolve(self, ids: Iterable[str], groups: Iterable[str] = ()) -> tuple[frozenset[str], frozenset[str]]:
        """The roles and units of someone known by any of `ids` (e-mail, user name, sub) and member of `groups`."""
        who = {i.strip().casefold() for i in ids if i and i.strip()}
        member = {g.strip().casefold() for g in groups if g and g.strip()}
        roles: set[str] = set()
        units: set[str] = set()
        for g in self.grants:
            key = g.who.casefold()
            if (g.kind == "person" and key in who) or (g.kind == "gruppe" and key in member):
                roles |= g.roles
                units |= g.units
        return frozenset(roles), frozenset(units)


def _roles_of(entry: Mapping, where: str, problems: list[str]) -> frozenset[str]:
    """The entry's role(s) ('rolle' as text or list); unknown roles are reported and dropped."""
    raw = entry.get("rolle", entry.get("roller", []))
    items = [raw] if isinstance(raw, str) else list(raw) if isinstance(raw, list) else []
    known = set()
    for item in items:
        word = str(item).strip().lower()
        if word in ROLES:
            known.add(word)
        else:
            problems.append(f"{where}: ukjent rolle «{item}» (gyldige: {', '.join(ROLES)}).")
    if not items:
        problems.append(f"{where}: mangler «rolle».")
    return frozenset(known)


def parse_roles(data: Mapping, path: str = "", digest: str = "") -> RoleBook:
    """Read the roles file's tables ([[person]] with 'bruker', [[gruppe]] with 'id'; 'rolle', 'enheter')."""
    grants: list[Grant] = []
    problems: list[str] = []
    for kind, key in (("person", "bruker"), ("gruppe", "id")):
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            problems.append(f"[[{kind}]] må være en liste av tabeller.")
            continue
        for n, entry in enumerate(entries, 1):
            where = f"{kind} nr. {n}"
            who = str(entry.get(key, "")).strip() if isinstance(entry, Mapping) else ""
            if not who:
                problems.append(f"{where}: mangler «{key}»; oppføringen brukes ikke.")
                continue
            roles = _roles_of(entry, f"{kind} «{who}»", problems)
            units_raw = entry.get("enheter", [])
            units = frozenset(str(u).strip() for u in units_raw if str(u).strip()) if isinstance(units_raw, list) \
                else frozenset()
            if LEADER in roles and not units:
                problems.append(f"{kind} «{who}»: enhetsleder uten «enheter» ser ingen meldingstekst.")
            if roles:
                grants.append(Grant(kind, who, roles, units))
    return RoleBook(tuple(grants), tuple(problems), path, digest)


def load_roles(path: str | os.PathLike[str]) -> RoleBook:
    """Read the roles file; a missing file means nobody has a role, a broken one is reported in Norwegian."""
    file = Path(path)
    if not file.is_file():
        return RoleBook(path=str(file), problems=(f"Rollefilen {file} finnes ikke: ingen har noen rolle.",))
    raw = file.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    try:
        data = tomllib.loads(raw.decode("utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        return RoleBook(path=str(file), digest=digest,
                        problems=(f"Rollefilen {file} kan ikke leses ({exc}): ingen har noen rolle.",))
    return parse_roles(data, str(file), digest)


def principal_from_claims(claims: Mapping, book: RoleBook, groups_claim: str = "groups") -> Principal:
    """The logged-in user: ids from the ID token (email, preferred_username, upn, sub), roles from the roles file."""
    ids = [str(claims.get(k) or "") for k in ("email", "preferred_username", "upn", "sub")]
    groups = claims.get(groups_claim) or []
    groups = [groups] if isinstance(groups, str) else [str(g) for g in groups]
    roles, units = book.resolve(ids, groups)
    user = next((i for i in ids if i), "ukjent")
    name = str(claims.get("name") or user)
    return Principal(user=user, name=name, roles=roles, units=units, source="oidc")


def os_user() -> str:
    """The operating-system account running this process (from the OS, not from $USER, which anyone can set)."""
    try:
        import pwd

        return pwd.getpwuid(os.geteuid()).pw_name
    except (ImportError, KeyError):  # Windows, or a uid without a passwd entry
        import getpass

        return getpass.getuser()


def os_principal(book: RoleBook, user: str | None = None) -> Principal:
    """The command line's user: the OS account, with the roles the roles file gives it (maybe none)."""
    name = user or os_user()
    roles, units = book.resolve([name])
    return Principal(user=name, name=name, roles=roles, units=units, source="os")


# --- checks --------------------------------------------------------------------------------------------------------
def can_open_page(p: Principal, page: str) -> bool:
    """Tell whether the principal may open the page (by url_path)."""
    return bool(p.roles & PAGE_ROLES.get(page, frozenset()))


def allowed_pages(p: Principal) -> list[str]:
    """The url_paths the principal may open, in the navigation's order."""
    return [page for page in PAGE_ROLES if can_open_page(p, page)]


def can(p: Principal, action: str) -> bool:
    """Tell whether the principal may do an action (import, note, export, follow_up, report, audit, …)."""
    return bool(p.roles & ACTION_ROLES.get(action, frozenset()))


def readable_units(p: Principal) -> frozenset[str] | None:
    """The units whose message text the principal may read; None means every unit."""
    if SUPPORT in p.roles:
        return None
    return p.units if LEADER in p.roles else frozenset()


def can_read_text(p: Principal, unit: str | None) -> bool:
    """Tell whether the principal may read message text of `unit` (supportsenter: all; enhetsleder: own units)."""
    units = readable_units(p)
    return units is None or (unit is not None and unit in units)


def can_report(p: Principal, unit: str | None) -> bool:
    """Tell whether the principal may send (and read) the daily report of `unit`."""
    return SUPPORT in p.roles or (LEADER in p.roles and unit is not None and unit in p.units)


def hidden_text(p: Principal) -> str:
    """What stands in place of a text the principal may not read."""
    return HIDDEN_TEXT_WALL if WALL in p.roles and LEADER not in p.roles else HIDDEN_TEXT


# A quote of the message inside a reason: «…» (the safety rules quote the words that fired them).
_QUOTE = re.compile(r":?\s*«[^»]*»?")


def strip_quotes(reason: object) -> object:
    """A reason without the message words it quotes: 'Legemiddelhåndtering: «insulin … feil»' → the first part."""
    if not isinstance(reason, str):
        return reason
    return _QUOTE.sub("", reason).strip() or None


def redact_text(df: pd.DataFrame, p: Principal, unit_col: str = "unit", text_cols: Iterable[str] = ("text",),
                clear_cols: Iterable[str] = (), quote_cols: Iterable[str] = ()) -> pd.DataFrame:
    """Return the rows with the text columns blanked where the principal may not read the unit's text.

    `clear_cols` are emptied (None) on the same rows: columns derived from the text, such as the scorer's evidence
    words. `quote_cols` keep their words but lose what they quote of the message («…»), such as a safety reason.
    Aggregates and other columns stay; the input frame is not changed. Without a unit column every row
    counts as another unit's.
    """
    units = readable_units(p)
    cols = [c for c in text_cols if c in df.columns]
    clear = [c for c in clear_cols if c in df.columns]
    quotes = [c for c in quote_cols if c in df.columns]
    if units is None or df.empty or not (cols or clear or quotes):
        return df
    hidden = ~df[unit_col].isin(units) if unit_col in df.columns else pd.Series(True, index=df.index)
    if not hidden.any():
        return df
    out = df.copy()
    for col in cols:
        out[col] = out[col].astype(object)
        out.loc[hidden, col] = hidden_text(p)
    for col in clear:
        out[col] = out[col].astype(object)
        out.loc[hidden, col] = None
    for col in quotes:
        out[col] = out[col].astype(object)
        out.loc[hidden, col] = out.loc[hidden, col].map(strip_quotes)
    return out


def hidden_count(df: pd.DataFrame, p: Principal, unit_col: str = "unit") -> int:
    """How many rows `redact_text` blanks for the principal (to say so under a list)."""
    units = readable_units(p)
    if units is None or df.empty or unit_col not in df.columns:
        return 0
    return int((~df[unit_col].isin(units)).sum())


# --- refusals (Norwegian) ------------------------------------------------------------------------------------------
ASK_ADMIN = "Trenger du tilgang, be en administrator legge deg inn i rollefilen (data/roles.toml)."


def page_refusal(p: Principal, title: str) -> AccessDenied:
    """The refusal of a page the principal may not open."""
    return AccessDenied(f"Du har ikke tilgang til siden «{title}» (rolle: {p.describe()}).", ASK_ADMIN)


def require(p: Principal, action: str) -> None:
    """Refuse an action the principal's roles do not allow."""
    if not can(p, action):
        if not p.roles:
            raise no_role(p)
        raise AccessDenied(f"Rollen din ({p.describe()}) kan ikke {ACTION_NB.get(action, action)}.", ASK_ADMIN)


def may_measure_benefit(p: Principal, covers: Sequence[str], area_of: Mapping[str, str]) -> bool:
    """Tell whether the principal may record a measurement of a benefit covering these units or service areas.

    The owners measure: an admin any benefit; a unit leader one that names one of their units, or the service area
    of one (`area_of`: unit → service area). A benefit that names no unit is the admin's alone.
    """
    if ADMIN in p.roles:
        return True
    if LEADER not in p.roles or not p.units:
        return False
    mine = {u.casefold() for u in p.units} | {area_of[u].casefold() for u in p.units if u in area_of}
    return any(c.casefold() in mine for c in covers)


def require_benefit(p: Principal, benefit: str, covers: Sequence[str], area_of: Mapping[str, str]) -> None:
    """Refuse a measurement of a benefit the principal does not own (see may_measure_benefit)."""
    require(p, "benefit")
    if not may_measure_benefit(p, covers, area_of):
        raise AccessDenied(f"Rollen din ({p.describe()}) kan ikke registrere målinger av «{benefit}»: "
                           "gevinsten gjelder ikke enhetene dine.", ASK_ADMIN)


def require_page(p: Principal, page: str, title: str | None = None) -> None:
    """Refuse a page the principal may not open."""
    if not can_open_page(p, page):
        raise page_refusal(p, title or page)


def require_report(p: Principal, unit: str) -> None:
    """Refuse a daily report for a unit that is not the principal's."""
    if not can_report(p, unit):
        if not p.roles:
            raise no_role(p)
        raise AccessDenied(f"Du kan bare sende rapport for dine egne enheter, ikke for «{unit}» "
                           f"(rolle: {p.describe()}).", ASK_ADMIN)


def require_text(p: Principal, unit: str | None) -> None:
    """Refuse raw message text of a unit the principal may not read."""
    if not can_read_text(p, unit):
        where = f"«{unit}»" if unit else "alle enheter"
        raise AccessDenied(f"Du kan ikke se meldingstekst for {where} (rolle: {p.describe()}).",
                           "Velg en av dine egne enheter" + (f" ({', '.join(sorted(p.units))})." if p.units
                                                            else ". " + ASK_ADMIN))


def no_role(p: Principal) -> AccessDenied:
    """The refusal of someone the roles file does not know."""
    via = "Operativsystembrukeren" if p.source == "os" else "Brukeren"
    return AccessDenied(f"{via} «{p.user}» har ingen rolle i Go-live-puls.", ASK_ADMIN)


def command_requirement(p: Principal, command: str, page: str | None = None, unit: str | None = None) -> None:
    """Check a command-line command for the principal; raise AccessDenied when it is not allowed.

    `page` is the view command's page, `unit` the unit the command is about (report --enhet, view --enhet).
    """
    if command not in COMMAND_ACTIONS:
        raise AccessDenied(f"Kommandoen «{command}» har ingen tilgangsregel.",
                           "Legg den til i analysis/access.py (COMMAND_ACTIONS).")
    action = COMMAND_ACTIONS[command]
    if action is None:
        return
    if not p.roles:
        raise no_role(p)
    if action == "view":
        url = VIEW_PAGES.get(page or "", page or "")
        require_page(p, url, page)
        if url in TEXT_PAGES and readable_units(p) is not None:  # a unit leader: their own unit only
            require_text(p, unit)
        return
    if action == "report":
        require(p, "report")
        require_report(p, unit or "")
        return
    require(p, action)


# --- the app's log-in gate -----------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Gate:
    """What the app does before any page: ask for log-in, run open on demo data, run open (av), or refuse."""

    mode: str  # login · demo · off · refuse
    message: str = ""
    hint: str = ""
    details: tuple[str, ...] = field(default_factory=tuple)


NO_LOGIN_HINT = ("Sett opp innlogging (OpenID Connect, f.eks. kommunens Entra ID) under [auth] i "
                 ".streamlit/secrets.toml og start appen på nytt; se docs/deployment.md. Bare når serveren er "
                 "lukket for alle andre enn dem som skal se alt, kan du starte med GOLIVE_AUTH=av.")


def gate(auth_mode: str, login_configured: bool, is_demo: bool) -> Gate:
    """Decide the app's log-in state from $GOLIVE_AUTH, whether [auth] is configured and whether the data are demo."""
    if auth_mode == "av":
        return Gate("off")
    if login_configured:
        return Gate("login")
    if auth_mode == "på":
        return Gate("refuse", "GOLIVE_AUTH=på krever innlogging, men [auth] mangler i .streamlit/secrets.toml.",
                    NO_LOGIN_HINT)
    if is_demo:
        return Gate("demo")
    return Gate("refuse", "Databasen inneholder ekte data (ikke demodata), og uten innlogging vises ingen av dem.",
                NO_LOGIN_HINT)
