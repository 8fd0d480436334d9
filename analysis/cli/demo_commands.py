"""The `demo` command: build the synthetic demo go-live database."""

from __future__ import annotations

import argparse

from analysis.cli.common import add_db_option


def _positive(raw: str) -> float:
    """Parse a scale factor greater than zero (argparse type)."""
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = 0.0
    if not value > 0:
        raise argparse.ArgumentTypeError(f"skalaen må være et tall større enn 0, ikke {raw!r}")
    return value


def add_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the `demo` subcommand."""
    p = subparsers.add_parser("demo", help="bygg demodatabasen (syntetisk go-live)",
                              description="Bygg en komplett, syntetisk go-live-database (Trondheim, mai 2022).")
    add_db_option(p)
    p.add_argument("--scale", type=_positive, default=1.0,
                   help="volumfaktor for meldinger og saker (1 ≈ 20 000 meldinger, 50 ≈ 1 million)")
    p.add_argument("--seed", type=int, default=7, help="frø for tilfeldighetene (samme frø gir samme data)")
    p.set_defaults(func=run)
    return p


def run(args: argparse.Namespace) -> int:
    """Run the `demo` subcommand and print a summary."""
    from analysis.demo import build_demo  # heavy: only when asked for

    summary = build_demo(args.db, scale=args.scale, seed=args.seed)
    print(summary.describe())
    return 0
