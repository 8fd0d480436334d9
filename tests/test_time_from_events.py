"""Time comes from when things happened: a late report or a far-future row cannot move "now" or the period."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis import db
from analysis.cli import main as cli_main
from analysis.filters import Filters
from analysis.importers import import_file, submit_report
from analysis.importers.field_types import check_not_ahead
from analysis.importers.report_entry import today
from analysis.importers.values import ValueProblem
from analysis.queries.common_queries import query_data_span
from analysis.views import to_jsonable
from analysis.views.live_view import build_live_view
from analysis.views.weekly_view import build_weekly_view
from analysis.weekly.exports import export_week

ROOT = Path(__file__).resolve().parents[1]
STAMP = dt.datetime(2022, 5, 20, 8, 0)  # the weekly summary's 'laget' line, fixed so two builds compare
LATE_DAY = dt.date(2022, 5, 16)  # the last day of the fixture data, as in the bug report
STRINDHEIM = "Strindheim hjemmetjeneste"
REPORT_COLUMNS = ("day, unit, status, mood, text, polarity, label, language, themes, safety, safety_reason, evidence, "
                  "analyzer_version, source")


@pytest.fixture
def demo_copy(fixture_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A writable copy of the fixture, flagged as demo data so that 'now' is the newest data time."""
    monkeypatch.delenv("GOLIVE_NOW", raising=False)
    target = tmp_path / "copy.duckdb"
    shutil.copy(fixture_db, target)
    db.write(lambda con: con.execute("INSERT INTO meta VALUES ('demo', '1')"), target)
    return target


def snapshot(path: Path, out: Path) -> dict[str, str]:
    """What a user sees: the period, the live page at its own 'now', the weekly page and its HTML export."""
    weekly = build_weekly_view(str(path), now=STAMP)
    html = export_week(weekly.summary, "html", out / f"uke-{len(list(out.iterdir()))}.html")
    return {
        "span": repr(query_data_span(path)),
        "live": json.dumps(to_jsonable(build_live_view(str(path), Filters())), sort_keys=True, default=str),
        "weekly": json.dumps(to_jsonable(weekly), sort_keys=True, default=str),
        # the SVG renderer numbers clip paths per process, not per chart: only the numbering may differ
        "html": re.sub(r"clip\d+", "clip", html.read_text(encoding="utf-8")),
    }


def stored_reports(path: Path, where: str = "TRUE") -> list[tuple]:
    """The stored report rows (without id and submission time), oldest first."""
    return db.read_rows(f"SELECT {REPORT_COLUMNS} FROM unit_reports WHERE {where} ORDER BY id", db=path)


@pytest.mark.parametrize("via", ["form", "cli"])
def test_a_report_for_a_past_date_leaves_live_filters_and_the_weekly_meeting_as_they_were(
        demo_copy: Path, tmp_path: Path, via: str, capsys: pytest.CaptureFixture) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    before = snapshot(demo_copy, out)
    assert "2022, 5, 16, 16, 25" in before["span"]  # the fixture's newest record: the test sees the real period
    text = "Litt frustrasjon, men vi tar det med et smil"
    if via == "form":
        assert submit_report(STRINDHEIM, "gul", 3, text, day=LATE_DAY, db=demo_copy).stored
    else:
        code = cli_main(["report", "--enhet", STRINDHEIM, "--dag", "16.05.2022", "--status", "gul", "--stemning",
                         "3", "--tekst", text, "--db", str(demo_copy)])
        assert code == 0 and "16.05.2022 er lagret" in capsys.readouterr().out
    # the report is stored for its own day, sent years later (the situation that broke the app)
    ((day, sent),) = db.read_rows("SELECT day, reported_at FROM unit_reports WHERE source = 'skjema'", db=demo_copy)
    assert day == LATE_DAY and sent.year >= 2024
    after = snapshot(demo_copy, out)
    for part in before:
        assert after[part] == before[part], part


def test_a_late_report_keeps_its_own_day_wherever_a_time_of_day_is_needed(demo_copy: Path) -> None:
    from analysis.queries import follow_up_queries

    assert submit_report(STRINDHEIM, "rød", 1, "Krise, ingen får logget inn", day=LATE_DAY, db=demo_copy).stored
    at_end_of_day = follow_up_queries.query_queue(Filters(), dt.datetime(2022, 5, 16, 23, 0), 24, 0.0,
                                                  path=demo_copy)
    late = at_end_of_day[at_end_of_day["source"] == "leder"]
    assert list(late["ts"]) == [dt.datetime(2022, 5, 16)]  # 00:00 of its day, not the years-later sending time


CHAT_CSV = (
    "Tidspunkt;Enhet;Melding\n"
    "06.05.2022 09:00;Lade hjemmetjeneste;Vi gleder oss til oppstart\n"
    "01.01.2099 12:00;Lade hjemmetjeneste;Denne raden er datert langt frem i tid\n"
    "06.05.2022 10:00;Trondheim legevakt;Opplæringen gikk fint i dag\n"
)


def test_a_chat_row_dated_2099_is_refused_with_file_row_and_column(demo_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    span_before = query_data_span(demo_copy)
    live_before = json.dumps(to_jsonable(build_live_view(str(demo_copy), Filters())), sort_keys=True, default=str)
    n_before = db.read_rows("SELECT count(*) FROM chat_messages", db=demo_copy)[0][0]
    result = import_file(CHAT_CSV.encode("utf-8"), "chat", db=demo_copy, filename="chat.csv")
    assert result.imported == 2 and result.rejected == 1
    (issue,) = [str(i) for i in result.issues]
    assert issue.startswith("chat.csv, rad 3, kolonne «Tidspunkt»: 01.01.2099 12:00 er mer enn ett døgn frem i tid")
    assert db.read_rows("SELECT count(*) FROM chat_messages", db=demo_copy)[0][0] == n_before + 2  # none lost
    assert db.read_rows("SELECT count(*) FROM chat_messages WHERE ts > '2030-01-01'", db=demo_copy) == [(0,)]
    assert query_data_span(demo_copy) == span_before
    assert json.dumps(to_jsonable(build_live_view(str(demo_copy), Filters())), sort_keys=True,
                      default=str) == live_before


def test_one_day_of_slack_and_no_more() -> None:
    now = dt.datetime(2022, 5, 9, 16, 0)
    limit = now + dt.timedelta(days=1)
    assert check_not_ahead(dt.datetime(2022, 5, 10, 16, 0), limit, now) == dt.datetime(2022, 5, 10, 16, 0)
    assert check_not_ahead(dt.date(2022, 5, 10), limit, now) == dt.date(2022, 5, 10)
    with pytest.raises(ValueProblem, match="10.05.2022 16:01 er mer enn ett døgn frem i tid"):
        check_not_ahead(dt.datetime(2022, 5, 10, 16, 1), limit, now)
    with pytest.raises(ValueProblem, match="^11.05.2022 er mer enn ett døgn frem i tid"):
        check_not_ahead(dt.date(2022, 5, 11), limit, now)


def test_a_unit_go_live_date_may_be_planned_ahead_but_adoption_figures_may_not(demo_copy: Path) -> None:
    units = import_file(b"Navn;Tjenesteomrade;Ansatte;Go-live-dato\nNy enhet;legevakt;10;01.01.2099\n", "units",
                        db=demo_copy, filename="enheter.csv")
    assert units.imported == 1 and units.rejected == 0
    adoption = import_file(b"Dato;Enhet;Aktive brukere\n01.01.2099;Lade hjemmetjeneste;9\n", "adoption",
                           db=demo_copy, filename="aktive.csv")
    assert adoption.rejected == 1 and "aktive.csv, rad 2, kolonne «Dato»: 01.01.2099 er mer enn" in str(
        adoption.issues[0])


TEXT = "Ring meg på 91234567 om pasient 01019912345, ellers rolig dag"


def test_the_report_command_stores_the_same_row_as_the_form(fixture_db: Path, tmp_path: Path,
                                                            capsys: pytest.CaptureFixture) -> None:
    form_db, cli_db = tmp_path / "form.duckdb", tmp_path / "cli.duckdb"
    shutil.copy(fixture_db, form_db)
    shutil.copy(fixture_db, cli_db)
    assert submit_report("Lade HJT", "Gul", 4, TEXT, day=dt.date(2022, 5, 10), db=form_db).stored
    code = cli_main(["report", "--enhet", "Lade HJT", "--dag", "2022-05-10", "--status", "Gul", "--stemning", "4",
                     "--tekst", TEXT, "--db", str(cli_db)])
    line = capsys.readouterr().out.strip()
    assert code == 0
    assert line.startswith("Rapporten for Lade hjemmetjeneste 10.05.2022 er lagret.")
    assert "2 personopplysninger maskert" in line and "\n" not in line
    where = "source = 'skjema'"
    assert stored_reports(cli_db, where) == stored_reports(form_db, where)
    ((text,),) = db.read_rows(f"SELECT text FROM unit_reports WHERE {where}", db=cli_db)
    assert text == "Ring meg på [telefon] om pasient [fødselsnummer], ellers rolig dag"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"--status": "blå"}, "Status må være grønn, gul eller rød."),
        ({"--stemning": "9"}, "Stemning må være et helt tall fra 1 til 5."),
        ({"--enhet": "Bispegata"}, "Enheten «Bispegata» finnes ikke."),
        ({"--dag": "2022-13-01"}, "--dag: «2022-13-01» er ikke en gyldig dato."),
        ({"--dag": (today() + dt.timedelta(days=2)).strftime("%d.%m.%Y")}, "er frem i tid."),
    ],
)
def test_the_report_command_refuses_bad_input_with_exit_code_2(fixture_db: Path, tmp_path: Path, change: dict,
                                                               message: str, capsys: pytest.CaptureFixture) -> None:
    path = tmp_path / "copy.duckdb"
    shutil.copy(fixture_db, path)
    args = {"--enhet": "Lade hjemmetjeneste", "--dag": "10.05.2022", "--status": "gul", "--stemning": "3",
            "--tekst": "Rolig dag", "--db": str(path)} | change
    before = stored_reports(path)
    code = cli_main(["report", *[x for pair in args.items() for x in pair]])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("Feil: ") and message in err and "Ingenting er lagret." in err
    assert stored_reports(path) == before


def test_python_m_analysis_report_exits_2_on_a_future_day(fixture_db: Path, tmp_path: Path) -> None:
    path = tmp_path / "copy.duckdb"
    shutil.copy(fixture_db, path)
    tomorrow = (today() + dt.timedelta(days=1)).isoformat()
    done = subprocess.run([sys.executable, "-m", "analysis", "report", "--enhet", "Lade HJT", "--dag", tomorrow,
                           "--status", "grønn", "--tekst", "x", "--db", str(path)],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert "Feil: Datoen " in done.stderr and "er frem i tid." in done.stderr
