"""Generate docs/cli.md from the parser itself: `python -m analysis.cli.reference [--write docs/cli.md]`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from analysis.cli import EPILOG, build_parser

HEADER = """# Command line reference

Generated from the parser by `python -m analysis.cli.reference --write docs/cli.md`; `tests/test_docs.py`
fails when this file and the parser differ. Run the commands inside `.venv` (see the README):
`.venv/bin/python -m analysis …`, or `python -m analysis …` after `source .venv/bin/activate`.

"""


def _subparsers(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    """Return the subcommands' parsers by name, in the order they were registered."""
    action = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return dict(action.choices)


def reference_markdown() -> str:
    """Return the whole reference: every command's --help, fixed width so it does not depend on the terminal."""
    import os

    os.environ["COLUMNS"] = "110"  # argparse wraps --help at the terminal width
    parser = build_parser()
    parts = [HEADER, "## Exit codes\n\n", EPILOG.replace(" · ", "\n- ").replace("Avslutningskoder: ", "- "), "\n"]
    for name, sub in _subparsers(parser).items():
        parts.append(f"\n## python -m analysis {name}\n\n```text\n{sub.format_help().rstrip()}\n```\n")
    return "".join(parts)


def main(argv: list[str] | None = None) -> int:
    """Print the reference, or write it to a file."""
    p = argparse.ArgumentParser(prog="python -m analysis.cli.reference")
    p.add_argument("--write", metavar="FIL", help="skriv referansen til filen (f.eks. docs/cli.md)")
    args = p.parse_args(argv)
    text = reference_markdown()
    if args.write:
        Path(args.write).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    sys.exit(main())
