"""Command line: `python -m analysis <command> …` (demo, init, sentiment, import, rescore, weekly)."""

from __future__ import annotations

import argparse
import importlib
import sys

from analysis import cli_base

# Each module contributes one or more subcommands through add_parser(subparsers); the parser's
# `func` default tells which run() to call.
COMMAND_MODULES = [
    "analysis.cli_base",
    "analysis.demo",
    "analysis.sentiment_cli",
    "analysis.import_cli",
    "analysis.weekly.cli",
]


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every command's subparser."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Go-live-puls: kommandolinje")
    sub = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the chosen command; return its exit code."""
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except cli_base.UserError as exc:
        print(f"Feil: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
