"""The command line, `python -m analysis <command> …`: one parser, one error boundary, exit codes.

Each module in COMMAND_MODULES registers its subcommands through `add_parser(subparsers)`; a
subcommand's `func` default is the function `main` calls, after the user's role allows the command
(`common.authorize`, rules in analysis/access.py); a finished command leaves its audit row (`common.record_command`).
Errors of the GoLiveError family (and DuckDB
faults that `errors.classify` recognises) become one Norwegian line on stderr and their exit code.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys
import traceback
import warnings

from analysis import errors, settings
from analysis.cli import common

COMMAND_MODULES = [
    "analysis.cli.db_commands",
    "analysis.cli.demo_commands",
    "analysis.cli.sentiment_commands",
    "analysis.cli.import_commands",
    "analysis.cli.report_commands",
    "analysis.cli.weekly_commands",
    "analysis.cli.view_commands",
    "analysis.cli.audit_commands",
    "analysis.cli.serve_commands",
    "analysis.cli.alert_commands",
]

EPILOG = (
    "Avslutningskoder: 0 ok · 1 ingen gyldige rader importert · 2 ugyldig inndata eller fil som mangler · "
    "3 databasen er opptatt · 4 databasen er skadet · 5 databasen er fra en nyere versjon · "
    "6 mangler skrivetilgang · 7 disken er full · 8 ingen tilgang (rollen din tillater det ikke) · 70 intern feil."
)


class NorwegianHelpFormatter(argparse.HelpFormatter):
    """argparse's help layout with a Norwegian 'bruk:' line."""

    def add_usage(self, usage, actions, groups, prefix=None):  # noqa: ANN001 - argparse's own signature
        """Start the usage line with 'bruk: '."""
        super().add_usage(usage, actions, groups, prefix="bruk: " if prefix is None else prefix)


class NorwegianArgumentParser(argparse.ArgumentParser):
    """An ArgumentParser whose own texts (help option, headings, errors) are Norwegian; subcommands inherit it."""

    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN002, ANN003 - passed through to argparse
        kwargs.setdefault("formatter_class", NorwegianHelpFormatter)
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "argumenter"
        self._optionals.title = "valg"
        self.add_argument("-h", "--help", action="help", help="vis denne hjelpen og avslutt")

    def error(self, message: str) -> None:
        """Print the usage and the error in Norwegian, exit 2 (as argparse does)."""
        self.print_usage(sys.stderr)
        self.exit(errors.EXIT_INPUT, f"{self.prog}: feil: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    """Build the argument parser with every command's subparser."""
    parser = NorwegianArgumentParser(prog="python -m analysis", description="Go-live-puls: kommandolinje",
                                     epilog=EPILOG)
    parser.add_argument("--debug", action="store_true", help="vis hele feilsporet ved uventede feil")
    sub = parser.add_subparsers(dest="command", required=True, metavar="KOMMANDO")
    for name in COMMAND_MODULES:
        importlib.import_module(name).add_parser(sub)
    return parser


def command_names() -> list[str]:
    """Return every subcommand's name (for docs and their test)."""
    parser = build_parser()
    sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    return sorted(sub.choices)


def main(argv: list[str] | None = None) -> int:
    """Parse the arguments and run the chosen command; return its exit code."""
    args = build_parser().parse_args(argv)
    with warnings.catch_warnings():  # said once, in Norwegian, below (not also as a Python warning)
        warnings.simplefilter("ignore", settings.SettingWarning)
        problems = settings.problems()
    for problem in problems:  # a bad GOLIVE_* value is never dropped silently
        print(f"Advarsel: {problem}", file=sys.stderr)
    try:
        principal = common.authorize(args)
        args.principal = principal  # commands that store an author (report) take it from here
        code = int(args.func(args) or 0)
        common.record_command(args, principal, code)
        return code
    except BrokenPipeError:  # the reader went away (`… | head`): stop quietly, as Unix tools do
        sys.stdout = open(os.devnull, "w")  # noqa: SIM115 - silence the interpreter's flush at exit
        return errors.EXIT_OK
    except Exception as exc:  # the one boundary: every error leaves as a Norwegian line and an exit code
        known = errors.classify(exc, getattr(args, "db", None))
        if known is not None:
            print(f"Feil: {known.text()}", file=sys.stderr)
            return known.exit_code
        if args.debug:
            traceback.print_exc()
        print(f"Feil: uventet intern feil ({type(exc).__name__}: {exc}). Kjør med --debug for hele feilsporet.",
              file=sys.stderr)
        return errors.EXIT_INTERNAL
