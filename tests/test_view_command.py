"""`python -m analysis view PAGE --json` prints what the page shows; the CLI maps every fault to an exit code."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from analysis import errors
from analysis.cli import command_names, main
from apptest_util import run_app

NOW = "2022-05-14T12:00"


def view_json(capsys: pytest.CaptureFixture, db: Path, page: str, *extra: str) -> dict:
    """Run the view command and return its JSON."""
    assert main(["view", page, "--json", "--db", str(db), *extra]) == 0
    return json.loads(capsys.readouterr().out)


@pytest.mark.parametrize("page, file", [("live", "pages/live.py"), ("oversikt", "pages/overview.py")])
def test_view_tiles_are_the_page_tiles(page: str, file: str, fixture_db: Path, monkeypatch: pytest.MonkeyPatch,
                                       capsys: pytest.CaptureFixture) -> None:
    out = view_json(capsys, fixture_db, page, "--now", NOW)
    at = run_app(fixture_db, file, monkeypatch, env={"GOLIVE_NOW": NOW})
    assert not at.exception
    shown = {m.label: m.value for m in at.metric}
    assert {t["label"]: t["value"] for t in out["tiles"]} == shown
    assert len(shown) == 5


def test_view_live_holds_the_follow_up_list_and_attention(fixture_db: Path, capsys: pytest.CaptureFixture) -> None:
    out = view_json(capsys, fixture_db, "live", "--now", NOW)
    assert out["now"] == {"ts": "2022-05-14T12:00:00", "mode": "override"}
    queue = out["queue"]
    assert queue["n_safety"] == 1 and queue["items"][0]["text"] == "Feil medisin registrert på pasient, avvik sendt"
    assert queue["items"][0]["kind"] == "pasientsikkerhet" and out["attention"] == []
    two_days_earlier = view_json(capsys, fixture_db, "live", "--now", "2022-05-10T12:00")
    attention = {a["unit"]: a["reasons"] for a in two_days_earlier["attention"]}
    assert any(r.startswith("Leder meldte rød") for r in attention["Trondheim legevakt"])


def test_view_filters_narrow_the_page(fixture_db: Path, capsys: pytest.CaptureFixture, monkeypatch) -> None:
    unit = "Havstein helse- og velferdssenter"
    out = view_json(capsys, fixture_db, "enheter", "--enhet", unit, "--til", "2022-05-16")
    assert [c["unit"] for c in out["cards"]] == [unit]
    assert out["focus"] == unit and out["end"] == "2022-05-16"
    at = run_app(fixture_db, "pages/units.py", monkeypatch, env={"GOLIVE_NOW": NOW}, enhet=unit, til="2022-05-16")
    assert not at.exception
    body = "\n".join(m.value for m in at.markdown)
    for line in out["cards"][0]["lines"]:
        assert line["text"].split(":")[0] in body


def test_view_text_output_lists_the_tiles(fixture_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["view", "oversikt", "--db", str(fixture_db)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "oversikt" and out[1].startswith("  Aktive brukere av ansatte: ")


def test_view_refuses_unknown_unit_and_reversed_period(fixture_db: Path, capsys: pytest.CaptureFixture) -> None:
    assert main(["view", "live", "--db", str(fixture_db), "--enhet", "Finnes ikke"]) == errors.EXIT_INPUT
    assert "Ukjent enhet «Finnes ikke»" in capsys.readouterr().err
    assert main(["view", "live", "--db", str(fixture_db), "--fra", "2022-05-10", "--til", "2022-05-01"]) == 2
    assert "er etter" in capsys.readouterr().err


def test_cli_faults_have_norwegian_lines_and_exit_codes(tmp_path: Path, fixture_db: Path,
                                                       capsys: pytest.CaptureFixture) -> None:
    missing = tmp_path / "finnes-ikke.duckdb"
    assert main(["info", "--db", str(missing)]) == errors.EXIT_INPUT
    assert "Fant ikke databasen" in capsys.readouterr().err
    garbage = tmp_path / "søppel.duckdb"
    garbage.write_bytes(b"dette er ikke en database" * 400)
    assert main(["info", "--db", str(garbage)]) == errors.EXIT_DAMAGED
    err = capsys.readouterr().err
    assert err.startswith("Feil: Databasefilen") and "Traceback" not in err
    truncated = tmp_path / "avkuttet.duckdb"
    data = fixture_db.read_bytes()
    truncated.write_bytes(data[: len(data) // 2])
    assert main(["view", "oversikt", "--db", str(truncated)]) == errors.EXIT_DAMAGED
    capsys.readouterr()
    newer = tmp_path / "nyere.duckdb"
    shutil.copy(fixture_db, newer)
    with duckdb.connect(str(newer)) as con:
        con.execute("INSERT INTO schema_version VALUES (99, now()::TIMESTAMP)")
    assert main(["info", "--db", str(newer)]) == errors.EXIT_TOO_NEW
    assert "skjemaversjon 99" in capsys.readouterr().err


def test_every_command_is_registered() -> None:
    assert {"demo", "import", "info", "init", "rescore", "sentiment", "view", "weekly"} <= set(command_names())


def test_pages_without_tiles_print_their_headline(tmp_path: Path) -> None:
    """«Bølger» and «Gevinster» have no tiles: the text output says their headline and details instead."""
    from analysis.cli.view_commands import as_text
    from analysis.views.waves_view import WavesView

    view = WavesView(None, "Malvik ligger dårligere an.", ("Flagg dag 5: 50 mot 14.",), (), None,
                     pd.DataFrame(), pd.DataFrame(), {}, -2, 28, None)
    assert as_text("bolger", view).splitlines() == ["bolger", "  Malvik ligger dårligere an.",
                                                    "  - Flagg dag 5: 50 mot 14."]
