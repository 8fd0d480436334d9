"""The `alerts` command: evaluate the alert rules now and print what was sent (or, with --dry-run, would be)."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from analysis.errors import EXIT_OK, InputError


def _moment(raw: str) -> dt.datetime:
    """Parse an ISO date-time such as 2022-05-09T16:00 (argparse type)."""
    try:
        return dt.datetime.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ugyldig tidspunkt {raw!r}: bruk ISO, f.eks. 2022-05-09T16:00") from None


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `alerts` subcommand."""
    from analysis.cli.common import add_db_option

    p = subparsers.add_parser(
        "alerts", help="sjekk varslingsreglene nå og send varsler",
        description="Sjekk reglene i data/alerts.toml (eller GOLIVE_ALERTS) nå, send nye varsler og prøv "
                    "mislykkede leveranser på nytt. Med --dry-run sendes og lagres ingenting.")
    add_db_option(p)
    p.add_argument("--once", action="store_true", help="én runde (standard; tjenesten sjekker løpende)")
    p.add_argument("--dry-run", action="store_true", help="vis hva som ville blitt sendt, uten å sende eller lagre")
    p.add_argument("--json", action="store_true", help="skriv resultatet som JSON")
    p.add_argument("--now", type=_moment, metavar="TIDSPUNKT", help="sjekk som om klokken var dette (ISO)")
    p.add_argument("--rules", metavar="FIL", help="varslingsfil (standard: $GOLIVE_ALERTS eller data/alerts.toml)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run one pass of the alert rules and print the report."""
    from analysis.alerts import load_config, run_once
    from analysis.cli.common import existing_db
    from analysis.config import now_override
    from analysis.views import to_jsonable

    path = existing_db(args)
    config = load_config(args.rules)
    if args.rules and any(p.startswith("Fant ikke varslingsfilen") for p in config.problems):
        raise InputError(config.problems[0], "Oppgi en eksisterende fil med --rules.")
    report = run_once(config, path, now=args.now or now_override(), dry_run=args.dry_run)
    if args.json:
        json.dump(to_jsonable(report), sys.stdout, ensure_ascii=False, indent=2)
        sys.stdout.write("\n")
    else:
        print("\n".join(report.lines()))
    return EXIT_OK
