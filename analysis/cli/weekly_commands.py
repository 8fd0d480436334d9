"""Command line: python -m analysis weekly --week 2022-W19 --format pptx|pdf|html -o FILE [--db PATH]."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from analysis.config import db_path

FORMATS = ("pptx", "pdf", "html")


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the `weekly` subcommand."""
    p = subparsers.add_parser("weekly", help="lag ukemøterapport (PowerPoint, PDF eller HTML) for en ISO-uke")
    p.add_argument("--week", help="ISO-uke, f.eks. 2022-W19 (standard: siste hele uke i dataene)")
    p.add_argument("--format", choices=FORMATS, help="pptx, pdf eller html (standard: fra filendelsen)")
    p.add_argument("-o", "--output", required=True, help="filen som skal skrives")
    p.add_argument("--db", help="DuckDB-fil (standard: GOLIVE_DB eller data/golive.duckdb)")
    p.set_defaults(func=run)
    return p


def export(summary, fmt: str, out: str | Path) -> Path:
    """Write one summary in one format."""
    if fmt == "pptx":
        from analysis.weekly.export_pptx import export_pptx

        return export_pptx(summary, out)
    if fmt == "pdf":
        from analysis.weekly.export_pdf import export_pdf

        return export_pdf(summary, out)
    from analysis.weekly.export_html import export_html

    return export_html(summary, out)


def run(args: argparse.Namespace) -> int:
    """Build the week summary and write the export; print a one-line result."""
    from analysis.queries.weekly_queries import query_span
    from analysis.weekly.summary import build_week_summary, default_week, parse_week

    fmt = args.format or Path(args.output).suffix.lstrip(".").lower()
    if fmt not in FORMATS:
        print(f"Ukjent format «{fmt}»: bruk --format pptx, pdf eller html.", file=sys.stderr)
        return 2
    path = db_path(args.db)
    if not path.exists():
        print(f"Fant ikke databasen {path}.", file=sys.stderr)
        return 2
    week = args.week
    try:
        if week:
            parse_week(week)
        else:
            first, last, _ = query_span(path)
            week = default_week(first, last)
            if week is None:
                print("Databasen har ingen data ennå, og ingen uke er valgt (--week).", file=sys.stderr)
                return 2
    except ValueError as exc:
        print(str(exc), file=sys.stderr)
        return 2
    t0 = time.monotonic()
    summary = build_week_summary(week, path)
    out = export(summary, fmt, args.output)
    size = out.stat().st_size
    note = f" – {summary.message}" if summary.message else ""
    print(f"Skrev {out} ({fmt}, {size / 1024:.0f} kB, {time.monotonic() - t0:.1f} s) for {summary.label}{note}")
    return 0
