"""Issue 17: go-lives and the benefit register come in as files (kinds golive, gevinstregister), as every kind."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import db
from analysis.filters import Filters
from analysis.importers import import_file
from analysis.views import builder
from analysis.views.benefits_view import build_benefits_view

GO_LIVES = ("navn;kommune;bølge;go-live-dato;innbyggere;gevinstmål\n"
            "Byen (PD1);Byen kommune;PD1;07.05.2022;50 000;20 000 000\n"
            "Nabo (PD2);Nabo kommune;PD2;04.06.2022;9000;\n")
UNITS = ("navn;tjenesteområde;ansatte;go-live\n"
         "Byen hjemmetjeneste;hjemmetjeneste;80;Byen\n"
         "Byen sykehjem;HVS;60;byen kommune\n"
         "Nabo hjemmetjeneste;hjemmetjeneste;30;PD2\n")
REGISTER = ("navn;type;eier;enheter;indikator;måleenhet;utgangsverdi;mål;kr per enhet;frist;go-live\n"
            "Færre turer tilbake;gevinst;Leder HJT;Byen hjemmetjeneste, byen sykehjem;Minutter per vakt;min;40;0;"
            "300 000;31.12.2024;Byen\n"
            "Tregere innlogging;Ulempe;;Nabo hjemmetjeneste, HVS;Sekunder;s;20;25;1000;;Nabo\n")


@pytest.fixture()
def registered(tmp_path: Path) -> Path:
    """A new database with two go-lives, their units and a register of two, all imported from files."""
    path = tmp_path / "ny.duckdb"
    db.ensure_schema(path)
    for kind, text in (("golive", GO_LIVES), ("units", UNITS), ("gevinstregister", REGISTER)):
        result = import_file(text.encode(), kind, db=path, filename=f"{kind}.csv")
        assert result.rejected == 0, [str(i) for i in result.issues]
    return path


def test_go_lives_units_and_register_link_up(registered: Path) -> None:
    go_lives = db.read_rows("SELECT label, organisation, wave, go_live_date, citizens FROM go_lives ORDER BY id",
                            db=registered)
    assert [(g[0], g[2], str(g[3]), g[4]) for g in go_lives] == [
        ("Byen (PD1)", "PD1", "2022-05-07", 50_000), ("Nabo (PD2)", "PD2", "2022-06-04", 9_000)]
    by_unit = dict(db.read_rows("SELECT u.unit, g.label FROM unit_go_live u JOIN go_lives g ON g.id = u.go_live_id",
                                db=registered))
    assert by_unit == {"Byen hjemmetjeneste": "Byen (PD1)", "Byen sykehjem": "Byen (PD1)",
                       "Nabo hjemmetjeneste": "Nabo (PD2)"}
    rows = db.read_rows("SELECT b.name, b.kind, b.units, b.nok_per_unit, g.label FROM benefits b "
                        "JOIN go_lives g ON g.id = b.go_live_id ORDER BY b.name", db=registered)
    assert rows == [("Færre turer tilbake", "gevinst", ["Byen hjemmetjeneste", "Byen sykehjem"], 300_000.0,
                     "Byen (PD1)"),
                    ("Tregere innlogging", "ulempe", ["Nabo hjemmetjeneste", "HVS"], 1000.0, "Nabo (PD2)")]
    waves = builder("bolger")(str(registered), Filters(), None)
    assert [(w.label, w.units, w.staff) for w in waves.waves] == [("Byen (PD1)", 2, 140), ("Nabo (PD2)", 1, 30)]
    # No tickets nor active users yet: nothing to compare, and the page says so rather than "not worse".
    assert waves.headline.startswith("Ingen tall å sammenligne ennå") and waves.worst is None


def test_a_registered_benefit_is_measured_and_valued(registered: Path) -> None:
    csv = "gevinst;målt dato;verdi\nfærre turer tilbake;01.06.2022;30\n"
    assert import_file(csv.encode(), "gevinster", db=registered, filename="m.csv").imported == 1
    (byen,) = db.read_rows("SELECT id FROM go_lives WHERE label = 'Byen (PD1)'", db=registered)[0]
    view = build_benefits_view(str(registered), Filters(go_live=byen))
    assert [b.name for b in view.benefits] == ["Færre turer tilbake"]  # the other go-live's ulempe is not shown
    assert view.goal_nok == 20_000_000 and view.per_citizen == pytest.approx(10 * 300_000 / 50_000)
    (nabo,) = db.read_rows("SELECT id FROM go_lives WHERE label = 'Nabo (PD2)'", db=registered)[0]
    assert build_benefits_view(str(registered), Filters(go_live=nabo)).goal_nok == 363 * 9000  # no goal of its own
    benefit = next(b for b in view.benefits if b.name == "Færre turer tilbake")
    assert benefit.realised_nok == pytest.approx(10 * 300_000)  # 40 → 30 minutes, towards the target 0


def test_a_corrected_register_updates_by_name_and_keeps_the_rest(registered: Path) -> None:
    fixed = REGISTER.replace(";40;0;300 000;", ";45;0;300 000;")
    result = import_file(fixed.encode(), "gevinstregister", db=registered, filename="rettet.csv")
    assert (result.imported, result.updated, result.already_present) == (0, 1, 1)
    assert db.read_rows("SELECT baseline FROM benefits WHERE name = 'Færre turer tilbake'", db=registered) == [
        (45.0,)]


@pytest.mark.parametrize(("row", "column", "words"), [
    ("X;fordel;;Byen sykehjem;Indikator;;1;2;0;;", "type", "verken «gevinst» eller «ulempe»"),
    ("X;gevinst;;Byen sykhjem;Indikator;;1;2;0;;", "enheter", "Mente du «Byen sykehjem»"),
    ("X;gevinst;;;Indikator;;5;5;0;;", "mål", "er lik utgangsverdien"),
    ("X;gevinst;;;Indikator;;5;7;0;;Atlantis", "go-live", "Kjente go-liver: «Byen (PD1)», «Nabo (PD2)»"),
    ("X;gevinst;;;Indikator;;fem;7;0;;", "utgangsverdi", "ikke et tall"),
])
def test_a_bad_register_row_is_refused_saying_where_and_why(registered: Path, row: str, column: str,
                                                             words: str) -> None:
    header = REGISTER.splitlines()[0]
    stored = ("benefits", "go_lives", "units", "unit_go_lives")
    before = [db.read_rows(f"SELECT * FROM {t} ORDER BY ALL", db=registered) for t in stored]
    result = import_file(f"{header}\n{row}\n".encode(), "gevinstregister", db=registered, filename="reg.csv")
    assert (result.imported, result.rejected) == (0, 1)
    issue = str(result.issues[0])
    assert "reg.csv, rad 2" in issue and f"kolonne «{column}»" in issue and words in issue, issue
    assert [db.read_rows(f"SELECT * FROM {t} ORDER BY ALL", db=registered) for t in stored] == before  # no loss


def test_a_go_live_date_may_lie_ahead_but_a_missing_one_is_refused(registered: Path) -> None:
    planned = "navn;kommune;bølge;go-live-dato\nFjern (PD9);Fjern kommune;PD9;01.01.2031\n"
    assert import_file(planned.encode(), "golive", db=registered, filename="g.csv").imported == 1
    missing = "navn;kommune;bølge;go-live-dato\nUten dato;Uten kommune;PD4;\n"
    result = import_file(missing.encode(), "golive", db=registered, filename="g.csv")
    assert result.rejected == 1 and "kolonne «go-live-dato»" in str(result.issues[0])
