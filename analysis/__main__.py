"""Entry point: `python -m analysis <command>` (import, rescore)."""

from __future__ import annotations

import argparse
import sys

from analysis import import_cli


def main(argv: list[str] | None = None) -> int:
    """Parse the command line and run the chosen subcommand."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Go-live-puls fra kommandolinjen.")
    sub = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")
    import_cli.add_parser(sub)
    args = parser.parse_args(argv)
    return import_cli.run(args)


if __name__ == "__main__":
    sys.exit(main())
