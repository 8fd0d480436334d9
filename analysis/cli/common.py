"""Pieces every command shares: the one --db option, the database path, the role check and the audit row."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis import access, audit
from analysis.access import Principal
from analysis.config import auth_mode, db_path, roles_file
from analysis.db import DatabaseMissing
from analysis.queries import common_queries

DB_HELP = "databasefil (standard: $GOLIVE_DB eller data/golive.duckdb)"


def add_db_option(parser: argparse.ArgumentParser) -> None:
    """Add the common --db option."""
    parser.add_argument("--db", metavar="FIL", help=DB_HELP)


def existing_db(args: argparse.Namespace) -> Path:
    """Return the chosen database path; refuse one that does not exist."""
    path = db_path(args.db)
    if not path.exists():
        raise DatabaseMissing(f"Fant ikke databasen {path}.",
                              "Bygg demodatabasen med «python -m analysis demo» eller velg fil med --db.")
    return path


# --- who runs the command: the role check before it runs and the audit row after it ----------------------------------
def cli_principal(args: argparse.Namespace) -> Principal:
    """The operating-system user with the roles data/roles.toml gives them.

    Someone the roles file does not know may still use the demo (or a database not made yet), and anything when
    GOLIVE_AUTH=av; on real data they have no role and every command that touches data is refused.
    """
    book = access.load_roles(roles_file())
    person = access.os_principal(book)
    if person.roles:
        return person
    if auth_mode() == "av":
        return access.full_principal("av", person.user)
    path = db_path(getattr(args, "db", None))
    if not path.exists() or common_queries.query_meta(path).get("demo") == "1":
        return access.full_principal("demo", person.user)
    return person


def unit_name(raw: str | None, path: Path) -> str | None:
    """The unit a command names, by name or alias (any case); the raw text when no unit matches."""
    if not raw or not path.exists():
        return raw
    wanted = raw.strip().casefold()
    for name, aliases in common_queries.query_units(path)[["name", "aliases"]].itertuples(index=False):
        if name.casefold() == wanted or any(str(a).casefold() == wanted for a in (aliases if aliases is not None
                                                                                 else [])):
            return name
    return raw


def authorize(args: argparse.Namespace) -> Principal | None:
    """Check the command against the user's role before it runs; raise AccessDenied (exit 8) when refused.

    A refusal is written to the audit log too (when the database is there to hold it).
    """
    command = args.command
    if access.COMMAND_ACTIONS.get(command, "?") is None:
        return None
    principal = cli_principal(args)
    path = db_path(getattr(args, "db", None))
    unit = getattr(args, "enhet", None)
    if command == "report":
        unit = unit_name(unit, path)
    try:
        access.command_requirement(principal, command, getattr(args, "page", None), unit)
    except access.AccessDenied as refusal:
        if path.exists():
            try:
                audit.record(path, principal, "refused", command_line(args), refusal.message, via="cli")
            except Exception:  # noqa: BLE001 - the refusal stands whether or not the log could be written
                pass
        raise
    return principal


def command_line(args: argparse.Namespace) -> str:
    """A short description of the command for the audit log (no free text such as report texts)."""
    parts = [args.command]
    for name in ("kind", "file", "page", "enhet", "week", "uke"):
        value = getattr(args, name, None)
        if value:
            parts.append(Path(value).name if name == "file" else str(value))
    return " ".join(parts)


def audit_entry(args: argparse.Namespace, code: int) -> tuple[str, str, str | None] | None:
    """The audit row a finished command leaves: (action, target, detail), or None for commands that read no text."""
    command = args.command
    if command == "import":
        return "import", f"{args.kind}: {Path(args.file).name}", f"avslutningskode {code}"
    if command == "rescore":
        return "rescore", "alle tekster" if args.all else "utdaterte tekster", None
    if command == "report":
        return "report", str(args.enhet), f"{args.dag} · {args.status}"
    if command == "weekly":
        return "export", f"ukemøte {args.week or '(siste hele uke)'}", Path(args.output).name
    if command == "view" and access.VIEW_PAGES.get(args.page) in access.TEXT_PAGES:
        return "view_text", f"{args.page}" + (f" · {args.enhet}" if args.enhet else ""), "kommandolinjen (view)"
    if command == "demo":
        return "database", "demodatabase bygget", f"skala {args.scale:g}, frø {args.seed}"
    if command == "init":
        return "database", "skjema opprettet eller oppgradert", None
    return None


def record_command(args: argparse.Namespace, principal: Principal | None, code: int) -> None:
    """Write the finished command's audit row (and a changed roles file); a log that cannot be written warns."""
    found = audit_entry(args, code) if principal is not None else None
    if found is None:
        return
    path = db_path(getattr(args, "db", None))
    try:
        audit.note_roles(path, access.load_roles(roles_file()), principal, via="cli")
        audit.record(path, principal, *found, via="cli")
    except Exception as exc:  # noqa: BLE001 - the command is done; say that its audit row is missing
        print(f"Advarsel: klarte ikke å skrive revisjonsloggen ({type(exc).__name__}: {exc}).", file=sys.stderr)
