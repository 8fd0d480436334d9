"""The `audit` command: print the audit log (who did what and when), filtered, as text or JSON; check its chain."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from analysis import audit
from analysis.cli.common import add_db_option, existing_db
from analysis.errors import DatabaseDamaged, InputError
from analysis.queries.audit_queries import AuditFilter


def _date(raw: str) -> dt.date:
    """Parse a date as YYYY-MM-DD or DD.MM.YYYY (argparse type)."""
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"ugyldig dato {raw!r}: bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the `audit` subcommand."""
    p = subparsers.add_parser(
        "audit", help="vis revisjonsloggen: hvem gjorde hva og når (bare admin)",
        description="Skriv ut revisjonsloggen, nyeste først: innlogginger, lesing av meldingstekst, nedlastinger og "
                    "eksporter, importer, rapporter, notater, statusendringer i oppfølgingen og rolleendringer.")
    p.add_argument("--json", action="store_true", help="skriv radene som JSON")
    p.add_argument("--fra", type=_date, metavar="DATO", help="fra og med dato")
    p.add_argument("--til", type=_date, metavar="DATO", help="til og med dato")
    p.add_argument("--bruker", metavar="BRUKER", help="bare rader der brukeren inneholder teksten")
    p.add_argument("--handling", choices=list(audit.ACTIONS), metavar="HANDLING",
                   help=f"bare én handling: {', '.join(audit.ACTIONS)}")
    p.add_argument("--antall", type=int, default=1000, metavar="N", help="høyst så mange rader (standard 1000)")
    p.add_argument("--kontroller", action="store_true",
                   help="kontroller at ingen rad er endret eller fjernet (kjeden av kontrollsummer)")
    add_db_option(p)
    p.set_defaults(func=run)
    return p


def as_text(rows: list[dict]) -> str:
    """One line per row: time, user, action, target, detail."""
    lines = []
    for r in rows:
        extra = f" — {r['detail']}" if r.get("detail") else ""
        target = f" · {r['target']}" if r.get("target") else ""
        lines.append(f"{r['acted_at']}  {r['actor']} ({r['via']})  {r['action_nb']}{target}{extra}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Print the audit rows (or check the chain)."""
    path = existing_db(args)
    if args.fra and args.til and args.fra > args.til:
        raise InputError(f"--fra ({args.fra}) er etter --til ({args.til}).")
    if args.kontroller:
        broken = audit.verify_chain(path)
        if broken is not None:
            raise DatabaseDamaged(f"Revisjonsloggen er endret utenom programmet: kjeden brytes ved rad {broken}.",
                                  "Sammenlign med sikkerhetskopien; ingenting er endret nå.")
        print("Revisjonsloggen er hel: ingen rad er endret eller fjernet.")
        return 0
    f = AuditFilter(start=args.fra, end=args.til, user=args.bruker, action=args.handling, limit=max(1, args.antall))
    frame = audit.list_rows(f, path)
    rows = [{k: (v.isoformat(sep=" ") if isinstance(v, dt.datetime) else v) for k, v in r.items()}
            for r in frame.astype(object).where(frame.notna(), None).to_dict("records")]
    if args.json:
        json.dump(rows, sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(as_text(rows) if rows else "Ingen rader i revisjonsloggen for dette utvalget.")
    return 0
