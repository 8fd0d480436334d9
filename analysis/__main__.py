"""Command line: `python -m analysis <command> …` (demo, init, sentiment, import, rescore, weekly)."""

from __future__ import annotations

import argparse
import importlib
import sys

from analysis.cli import db_commands as cli_base

# Each module contributes one or more subcommands through add_parser(subparsers); the parser's
# `func` default tells which run() to call.
COMMAND_MODULES = [
    "analysis.cli.db_commands",
    "analysis.demo.generator",
    "analysis.cli.sentiment_commands",
    "analysis.cli.import_commands",
    "analysis.cli.weekly_commands",
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
