"""The `weekly` command: python -m analysis weekly --week 2022-W19 --format pptx|pdf|html -o FILE [--db PATH]."""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from analysis.cli.common import add_db_option, existing_db
from analysis.cli.view_commands import go_live_id
from analysis.errors import InputError
from analysis.weekly.exports import FORMATS, export_week


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the `weekly` subcommand."""
    p = subparsers.add_parser("weekly", help="lag ukemøterapport (PowerPoint, PDF eller HTML) for en ISO-uke")
    p.add_argument("--week", help="ISO-uke, f.eks. 2022-W19 (standard: siste hele uke i dataene)")
    p.add_argument("--format", choices=FORMATS, help="pptx, pdf eller html (standard: fra filendelsen)")
    p.add_argument("-o", "--output", required=True, help="filen som skal skrives")
    p.add_argument("--golive", metavar="GO-LIVE",
                   help="bare én go-live (navn, kommune, bølge eller nummer), f.eks. Malvik; standard: alle samlet")
    add_db_option(p)
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Build the week summary and write the export; print a one-line result."""
    from analysis.queries.weekly_queries import query_span
    from analysis.weekly.summary import build_week_summary, default_week, parse_week

    fmt = args.format or Path(args.output).suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        raise InputError(f"Ukjent format «{fmt}».", "Bruk --format pptx, pdf eller html.")
    path = existing_db(args)
    go_live = go_live_id(args.golive, path) if args.golive else None
    week = args.week
    try:
        if week:
            parse_week(week)
        else:
            first, last, _ = query_span(path, go_live)
            week = default_week(first, last)
            if week is None:
                raise InputError("Databasen har ingen data ennå, og ingen uke er valgt (--week).")
    except ValueError as exc:
        raise InputError(str(exc)) from exc
    t0 = time.monotonic()
    summary = build_week_summary(week, path, go_live=go_live)
    out = export_week(summary, fmt, args.output)
    size = out.stat().st_size
    note = f" – {summary.message}" if summary.message else ""
    print(f"Skrev {out} ({fmt}, {size / 1024:.0f} kB, {time.monotonic() - t0:.1f} s) for {summary.label}{note}")
    return 0
