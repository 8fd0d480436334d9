"""The `view` command: print a page's data (the same object the page renders) as JSON or as short text."""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys

from analysis import db
from analysis.cli.common import add_db_option, existing_db
from analysis.clock import Now
from analysis.errors import InputError
from analysis.filters import Filters
from analysis.importers.field_types import go_live_keys
from analysis.importers.values import fold
from analysis.queries import common_queries, waves_queries
from analysis.views import PAGES, builder, to_jsonable


def _date(raw: str) -> dt.date:
    """Parse a date as YYYY-MM-DD or DD.MM.YYYY (argparse type)."""
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(raw, fmt).date()
        except ValueError:
            pass
    raise argparse.ArgumentTypeError(f"ugyldig dato {raw!r}: bruk ÅÅÅÅ-MM-DD eller DD.MM.ÅÅÅÅ")


def _moment(raw: str) -> dt.datetime:
    """Parse an ISO date-time such as 2022-05-09T16:00 (argparse type)."""
    try:
        return dt.datetime.fromisoformat(raw)
    except ValueError:
        raise argparse.ArgumentTypeError(f"ugyldig tidspunkt {raw!r}: bruk ISO, f.eks. 2022-05-09T16:00") from None


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the `view` subcommand."""
    p = subparsers.add_parser(
        "view", help="skriv ut tallene en side viser (samme objekt som siden tegner)",
        description="Skriv ut alt en side viser, som JSON (--json) eller som kort tekst. Filtrene er de samme som i "
                    "sidemenyen; uten dem gjelder hele perioden og alle enheter.")
    p.add_argument("page", choices=list(PAGES), metavar="SIDE", help=f"én av: {', '.join(PAGES)}")
    p.add_argument("--json", action="store_true", help="skriv hele sideobjektet som JSON")
    p.add_argument("--now", type=_moment, metavar="ISO", help="«nå» for siden, f.eks. 2022-05-09T16:00")
    p.add_argument("--fra", type=_date, metavar="DATO", help="fra og med dato")
    p.add_argument("--til", type=_date, metavar="DATO", help="til og med dato")
    p.add_argument("--omrade", metavar="OMRÅDE", help="tjenesteområde, f.eks. hjemmetjeneste")
    p.add_argument("--enhet", metavar="ENHET", help="enhetens navn")
    p.add_argument("--golive", metavar="GO-LIVE", help="én go-live (navn, kommune, bølge eller nummer), f.eks. Malvik")
    p.add_argument("--uke", metavar="UKE", help="ISO-uke for ukemote, f.eks. 2022-W19")
    add_db_option(p)
    p.set_defaults(func=run)
    return p


def filters_from(args: argparse.Namespace, path: object) -> Filters:
    """Return the page filters of the arguments, checked against the database's units and areas."""
    if args.fra and args.til and args.fra > args.til:
        raise InputError(f"--fra ({args.fra}) er etter --til ({args.til}).")
    units = common_queries.query_units(path)
    if args.enhet and args.enhet not in set(units["name"]):
        raise InputError(f"Ukjent enhet «{args.enhet}».", "Se enhetene med «python -m analysis info» eller i appen.")
    if args.omrade and args.omrade not in set(units["service_area"]):
        raise InputError(f"Ukjent tjenesteområde «{args.omrade}».",
                         f"Kjente: {', '.join(sorted(set(units['service_area'])))}.")
    return Filters(start=args.fra, end=args.til, area=args.omrade, unit=args.enhet,
                   go_live=go_live_id(args.golive, path) if args.golive else None)


def go_live_id(name: str, path: object) -> int:
    """Return the id of the go-live a name means (label, organisation, wave or number), or refuse it naming them."""
    go_lives = waves_queries.query_go_lives(path)
    rows = tuple(go_lives[["id", "label", "organisation", "wave"]].itertuples(index=False, name=None))
    found = go_live_keys(rows).get(fold(name))
    if found is None:
        known = ", ".join(f"«{label}»" for label in go_lives["label"]) or "ingen (importer en go-live-liste først)"
        raise InputError(f"Ukjent go-live «{name}».", f"Kjente go-liver: {known}.")
    return found


def as_text(page: str, view: object) -> str:
    """Return a short text rendering: the page's tiles (or the weekly tiles) as 'label: value (change)'."""
    tiles = getattr(view, "tiles", None)
    summary = getattr(view, "summary", None)
    if not tiles and summary is not None:
        tiles = getattr(summary, "tiles", ())
    lines = [page]
    headline = getattr(view, "headline", None)
    if not tiles and headline:  # pages without tiles («Bølger», «Gevinster») say their headline and details
        lines.append(f"  {headline}")
        lines += [f"  - {d}" for d in getattr(view, "details", ()) or ()]
    for t in tiles or ():
        parts = [x for x in (getattr(t, "delta", None), getattr(t, "delta_description", None)) if x]
        extra = f" ({' · '.join(parts)})" if parts else ""
        lines.append(f"  {t.label}: {t.value}{extra}")
    return "\n".join(lines)


def run(args: argparse.Namespace) -> int:
    """Build the page's view object and print it."""
    path = existing_db(args)
    if db.check_version(path) < db.SCHEMA_VERSION:  # an older file: bring it up to date first (as the app does)
        db.ensure_schema(path)
    f = filters_from(args, path)
    kwargs = {"week": args.uke} if args.page == "ukemote" and args.uke else {}
    now = Now(args.now, "override") if args.now else None
    view = builder(args.page)(str(path), f, now, **kwargs)
    if args.json:
        json.dump(to_jsonable(view), sys.stdout, ensure_ascii=False, indent=1)
        sys.stdout.write("\n")
    else:
        print(as_text(args.page, view))
    return 0
