"""The `serve` command: the ingestion service (HTTP API, watch folder, alert loop) in the foreground."""

from __future__ import annotations

import argparse

from analysis.errors import EXIT_OK, InputError

DESCRIPTION = (
    "Start innmatingstjenesten: HTTP-API-et (POST /api/v1/{type} med Bearer-token fra GOLIVE_API_TOKENS, "
    "GET /api/v1/helse, dokumentasjon på /docs), den overvåkede mappen (--watch) og varslene fra "
    "data/alerts.toml. Kjører til Ctrl+C; appen startes fortsatt med ./start.sh."
)


def add_parser(subparsers: argparse._SubParsersAction) -> None:
    """Register the `serve` subcommand."""
    from analysis.cli.common import add_db_option

    p = subparsers.add_parser("serve", help="start innmatingstjenesten (API, overvåket mappe, varsler)",
                              description=DESCRIPTION)
    add_db_option(p)
    p.add_argument("--port", type=int, default=8502, help="porten API-et lytter på (standard: 8502)")
    p.add_argument("--host", default="127.0.0.1",
                   help="adressen API-et lytter på (standard: 127.0.0.1; 0.0.0.0 bak en omvendt proxy)")
    p.add_argument("--watch", metavar="MAPPE", help="overvåk MAPPE/<type>/ og importer filer som blir lagt der")
    p.add_argument("--settle", type=float, default=5.0, metavar="SEK",
                   help="en fil er ferdig når størrelse og endringstid har stått stille så lenge (standard: 5)")
    p.add_argument("--max-body-mb", type=float, default=10.0, metavar="MB",
                   help="største innhold i ett kall; større gir 413 (standard: 10)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Run the service until it is stopped."""
    if not 0 < args.port < 65536:
        raise InputError(f"Ugyldig port {args.port}.", "Bruk et tall mellom 1 og 65535, f.eks. --port 8502.")
    if args.max_body_mb <= 0 or args.settle < 0:
        raise InputError("--max-body-mb må være over 0 og --settle minst 0.")
    from analysis.service.runner import serve  # lazy: FastAPI and uvicorn only for this command

    serve(args.db, port=args.port, host=args.host, watch_dir=args.watch,
          max_body_bytes=int(args.max_body_mb * 1024 * 1024), settle_s=args.settle)
    return EXIT_OK
