"""`python -m analysis <command>`: minimal dispatcher (the lead reconciles it with other commands)."""

from __future__ import annotations

import argparse
import sys

from analysis import sentiment_cli


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the chosen sub-command."""
    parser = argparse.ArgumentParser(prog="python -m analysis", description="Go-live-puls kommandolinje")
    sub = parser.add_subparsers(dest="command", required=True)
    sentiment_cli.add_parser(sub)
    args = parser.parse_args(argv)
    return int(args.func(args))


if __name__ == "__main__":
    sys.exit(main())
