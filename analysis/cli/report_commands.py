"""The `report` command: send a unit's daily report from the command line, with the form's checks and masking."""

from __future__ import annotations

import argparse
import datetime as dt

from analysis.cli.common import add_db_option, existing_db
from analysis.errors import InputError
from analysis.importers.report_entry import STATUSES, submit_report

DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d")


def parse_day(raw: str) -> dt.date:
    """Parse --dag as DD.MM.YYYY or YYYY-MM-DD; refuse anything else with an InputError."""
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            pass
    raise InputError(f"--dag: «{raw}» er ikke en gyldig dato.",
                     "Ingenting er lagret. Skriv datoen som DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD.")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the `report` subcommand."""
    p = subparsers.add_parser(
        "report", help="send en enhets daglige rapport (samme kontroller og maskering som skjemaet)",
        description="Lagre en daglig rapport for én enhet og én dag, akkurat som skjemaet «Enhetsrapport»: "
                    "personopplysninger i teksten maskeres, og den siste rapporten per enhet og dag teller.")
    p.add_argument("--enhet", required=True, metavar="ENHET", help="enhetens navn eller alias")
    p.add_argument("--dag", required=True, metavar="DATO", help="dagen rapporten gjelder: DD.MM.ÅÅÅÅ eller ÅÅÅÅ-MM-DD")
    p.add_argument("--status", required=True, metavar="STATUS", help=f"én av: {', '.join(STATUSES)}")
    p.add_argument("--stemning", metavar="1-5", help="stemning fra 1 (svært dårlig) til 5 (svært god)")
    p.add_argument("--tekst", default="", metavar="TEKST", help="hvordan det går (maks 2000 tegn)")
    add_db_option(p)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Validate and store the report; print one Norwegian line, or raise InputError (exit 2)."""
    path = existing_db(args)
    day = parse_day(args.dag)
    principal = getattr(args, "principal", None)
    author = principal.user if principal is not None else None
    result = submit_report(args.enhet, args.status, args.stemning, args.tekst, day=day, db=path, author=author)
    if not result.ok:
        raise InputError(" ".join(result.errors), "Ingenting er lagret.")
    mood = "ingen stemning" if result.mood is None else f"stemning {result.mood}/5"
    masked = sum(result.masked.values())
    print(f"{result.message} (status {result.status}, {mood}; {masked} personopplysning"
          f"{'' if masked == 1 else 'er'} maskert i teksten)")
    return 0
