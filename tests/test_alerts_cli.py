"""`python -m analysis alerts --once [--dry-run] [--json]` and the `serve` command's checks, called directly."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from analysis import db as store
from analysis.cli import NorwegianArgumentParser, alert_commands, serve_commands
from analysis.errors import InputError
from analysis.importers.rows_source import import_rows
from fixture_db import build_fixture


def parse(argv: list[str]) -> argparse.Namespace:
    """Parse with a parser that has only the two service commands (before they are in COMMAND_MODULES)."""
    parser = NorwegianArgumentParser(prog="python -m analysis")
    sub = parser.add_subparsers(dest="command", required=True)
    alert_commands.add_parser(sub)
    serve_commands.add_parser(sub)
    return parser.parse_args(argv)


@pytest.fixture
def db_with_safety(tmp_path: Path) -> Path:
    """A database with one safety message on 12 May 2022 at 15:55."""
    db = build_fixture(tmp_path / "cli.duckdb", empty=True)
    import_rows([{"tidspunkt": "2022-05-12T15:55", "enhet": "Trondheim legevakt",
                  "melding": "Pasienten fikk feil dose i natt."}], "chat", "test", db)
    return db


def rules_file(tmp_path: Path) -> Path:
    """The safety rule without channels: an alert is stored, nothing is sent."""
    path = tmp_path / "alerts.toml"
    path.write_text('[[regel]]\nid = "ps"\ntype = "pasientsikkerhet"\ntittel = "Pasientsikkerhet"\n', encoding="utf-8")
    return path


def test_dry_run_json_shows_the_alert_and_stores_nothing(db_with_safety: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    args = parse(["alerts", "--once", "--dry-run", "--json", "--db", str(db_with_safety), "--now",
                  "2022-05-12T16:00", "--rules", str(rules_file(tmp_path))])
    assert args.func(args) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["dry_run"] is True and [a["items"] for a in out["alerts"]] == [["chat:1"]]
    assert out["alerts"][0]["title"] == "Pasientsikkerhet (Trondheim legevakt)"
    assert store.read_rows("SELECT (SELECT count(*) FROM alerts) + (SELECT count(*) FROM alert_causes)",
                           db=db_with_safety) == [(0,)]


def test_a_real_run_prints_what_it_sent_once(db_with_safety: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    argv = ["alerts", "--once", "--db", str(db_with_safety), "--now", "2022-05-12T16:00", "--rules",
            str(rules_file(tmp_path))]
    args = parse(argv)
    args.func(args)
    assert capsys.readouterr().out.startswith("Sendt: Pasientsikkerhet (Trondheim legevakt) → ingen kanal")
    args.func(parse(argv))
    assert capsys.readouterr().out.strip() == "Ingen nye varsler."


def test_missing_rules_file_and_bad_port_are_input_errors(db_with_safety: Path, tmp_path: Path) -> None:
    args = parse(["alerts", "--db", str(db_with_safety), "--rules", str(tmp_path / "mangler.toml")])
    with pytest.raises(InputError, match="Fant ikke varslingsfilen"):
        args.func(args)
    with pytest.raises(InputError, match="Ugyldig port"):
        serve_commands.run(parse(["serve", "--port", "70000"]))
