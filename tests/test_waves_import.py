"""Every import is per go-live: the units import's optional go-live column links units to a go-live (issue 17)."""

from __future__ import annotations

from pathlib import Path

from analysis import db
from analysis.importers import import_file, preview
from analysis.importers.field_types import go_live_keys


def two_go_lives(tmp_path: Path) -> Path:
    """A database with Trondheim (go-live 1, one unit) and Malvik (go-live 2, no units yet)."""
    path = tmp_path / "waves.duckdb"
    db.ensure_schema(path)

    def setup(con) -> None:  # noqa: ANN001
        con.execute("INSERT INTO go_lives (id, organisation, wave, go_live_date, label) VALUES "
                    "(1, 'Trondheim kommune', 'PD1', DATE '2022-05-07', 'Trondheim (PD1)'), "
                    "(2, 'Malvik kommune', 'PD2', DATE '2022-06-04', 'Malvik (PD2)')")
        con.execute("INSERT INTO units (name, service_area, staff_count) VALUES ('Lade sykehjem', 'sykehjem', 40)")
        con.execute("INSERT INTO unit_go_lives VALUES ('Lade sykehjem', 1)")
    db.write(setup, db=path)
    return path


def csv(header: str, *rows: str) -> bytes:
    """A semicolon CSV."""
    return (header + "\r\n" + "".join(r + "\r\n" for r in rows)).encode("utf-8")


def go_live_of(path: Path) -> dict[str, int]:
    """Each unit's go-live id (the view the pages filter by)."""
    return dict(db.read_rows("SELECT unit, go_live_id FROM unit_go_live", db=path))


def test_a_go_live_column_links_units_by_organisation_or_label(tmp_path: Path) -> None:
    path = two_go_lives(tmp_path)
    data = csv("navn;tjenesteområde;ansatte;kommune",
               "Malvik BOA;BOA;70;Malvik", "Malvik helsestasjon;helsestasjon;55;malvik (pd2)",
               "Byåsen sykehjem;sykehjem;80;Trondheim kommune")
    result = import_file(data, "units", db=path, filename="enheter.csv")
    assert (result.imported, result.rejected) == (3, 0), [str(i) for i in result.issues]
    links = go_live_of(path)
    assert links["Malvik BOA"] == links["Malvik helsestasjon"] == 2
    assert links["Byåsen sykehjem"] == links["Lade sykehjem"] == 1


def test_a_unit_moves_to_the_go_live_a_later_file_names(tmp_path: Path) -> None:
    path = two_go_lives(tmp_path)
    result = import_file(csv("enhet;område;ansatte;bølge", "Lade sykehjem;sykehjem;40;PD2"), "units", db=path,
                         filename="flytt.csv")
    assert result.rejected == 0, [str(i) for i in result.issues]
    assert go_live_of(path)["Lade sykehjem"] == 2


def test_an_unknown_go_live_rejects_the_row_naming_the_known_ones(tmp_path: Path) -> None:
    path = two_go_lives(tmp_path)
    p = preview(csv("navn;tjenesteområde;ansatte;go-live", "Melhus BOA;BOA;60;Melhus", "Malvik BOA;BOA;70;Malvik"),
                "enheter.csv", "units", db=path)
    assert (p.valid, p.rejected) == (1, 1)
    message = str(p.issues[0])
    assert "go-liven «Melhus» finnes ikke" in message
    assert "«Trondheim (PD1)»" in message and "«Malvik (PD2)»" in message


def test_without_the_column_units_go_to_the_first_go_live(tmp_path: Path) -> None:
    path = two_go_lives(tmp_path)
    result = import_file(csv("navn;tjenesteområde;ansatte", "Heimdal BOA;BOA;30"), "units", db=path,
                         filename="enheter.csv")
    assert (result.imported, result.rejected) == (1, 0)
    assert go_live_of(path)["Heimdal BOA"] == 1
    assert db.read_rows("SELECT count(*) FROM unit_go_lives WHERE unit = 'Heimdal BOA'", db=path) == [(0,)]


def test_a_blank_go_live_keeps_the_units_link(tmp_path: Path) -> None:
    path = two_go_lives(tmp_path)
    import_file(csv("navn;tjenesteområde;ansatte;kommune", "Lade sykehjem;sykehjem;40;Malvik"), "units", db=path,
                filename="a.csv")
    result = import_file(csv("navn;tjenesteområde;ansatte;kommune", "Lade sykehjem;sykehjem;41;"), "units",
                         db=path, filename="b.csv")
    assert (result.updated, result.rejected) == (1, 0)
    assert go_live_of(path)["Lade sykehjem"] == 2


def test_a_wave_two_municipalities_share_names_neither() -> None:
    keys = go_live_keys(((1, "Malvik (PD2)", "Malvik kommune", "PD2"), (2, "Melhus (PD2)", "Melhus kommune", "PD2")))
    assert keys["malvik"] == 1 and keys["melhuskommune"] == 2 and "pd2" not in keys
