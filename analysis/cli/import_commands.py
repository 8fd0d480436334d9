"""Command line for imports: `python -m analysis import KIND FILE` and `python -m analysis rescore`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.cli.common import add_db_option
from analysis.errors import EXIT_NOTHING_IMPORTED, EXIT_OK, InputError
from analysis.importers import KIND_NAMES, ImportRefused, import_file, rescore
from analysis.importers import messages as msg


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the 'import' and 'rescore' subcommands."""
    p = subparsers.add_parser(
        "import", help="importer en CSV- eller Excel-fil",
        description="Importer en CSV- eller Excel-fil. Personopplysninger maskeres før lagring.",
    )
    p.add_argument("kind", choices=KIND_NAMES, help="hva filen inneholder: " + ", ".join(
        f"{k} ({msg.KIND_LABELS.get(k, k)})" for k in KIND_NAMES))
    p.add_argument("file", help="filen som skal importeres (.csv eller .xlsx)")
    add_db_option(p)
    p.add_argument("--map", action="append", default=[], metavar="KILDE=MÅL",
                   help="koble en kolonne i filen til et felt, f.eks. «Beskjed=melding» (kan gjentas)")
    p.add_argument("--rejects", metavar="STI",
                   help="hvor avviste rader skrives (standard: ved siden av filen, *_avviste.csv)")
    p.set_defaults(func=run)
    r = subparsers.add_parser(
        "rescore", help="analyser lagrede tekster på nytt",
        description="Analyser lagrede chatmeldinger og enhetsrapporter på nytt når analysatoren er endret.",
    )
    add_db_option(r)
    r.add_argument("--all", action="store_true", help="analyser alle tekster, ikke bare utdaterte")
    r.set_defaults(func=run_rescore)


def parse_mapping(items: list[str]) -> dict[str, str]:
    """Parse ['Kilde=mål', …] into a dict; refuse items without '='."""
    mapping = {}
    for item in items:
        source, sep, target = item.partition("=")
        if not sep or not source.strip() or not target.strip():
            raise ImportRefused(msg.MAP_SYNTAX.format(item=item))
        mapping[source.strip()] = target.strip()
    return mapping


def _default_rejects_path(file: Path, xlsx: bool) -> Path:
    """Where rejects go when --rejects is not given: beside the input file."""
    return file.with_name(f"{file.stem}_avviste{'.xlsx' if xlsx else '.csv'}")


def run(args: argparse.Namespace) -> int:
    """Run the 'import' or 'rescore' subcommand; return the exit code."""
    if getattr(args, "command", "import") == "rescore":  # callers that dispatch on the name
        return run_rescore(args)
    try:
        result = import_file(args.file, args.kind, db=args.db, mapping=parse_mapping(args.map))
    except ImportRefused as exc:
        raise InputError(str(exc)) from exc
    if result.rejects_bytes() is not None:
        target = Path(args.rejects) if args.rejects else _default_rejects_path(
            Path(args.file), result.rejects.file_format == "xlsx")
        try:
            result.write_rejects(target)
        except OSError as exc:
            print(f"Advarsel: klarte ikke å skrive avviste rader til «{target}»: {exc.strerror}", file=sys.stderr)
    print(result.summary_text())
    return EXIT_NOTHING_IMPORTED if result.nothing_importable else EXIT_OK


def run_rescore(args: argparse.Namespace) -> int:
    """Re-score stored texts; return the exit code."""
    result = rescore(db=args.db, only_outdated=not args.all)
    print(result.summary_text())
    return EXIT_OK
