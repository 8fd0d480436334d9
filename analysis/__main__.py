"""Command line: `python -m analysis <command>` (demo, ...)."""

from __future__ import annotations

import argparse
import sys

from analysis import demo


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the chosen subcommand."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Go-live-puls kommandolinje")
    sub = parser.add_subparsers(dest="command", required=True)
    demo.add_parser(sub)
    args = parser.parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
