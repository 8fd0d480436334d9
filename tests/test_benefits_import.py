"""Import kind «gevinster»: benefit measurements matched to the register, decimal values, dates not ahead."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from analysis import db
from analysis.importers import import_file, preview
from analysis.importers.field_types import parse_decimal
from analysis.importers.values import ValueProblem
from analysis.views.benefits_view import build_benefits_view

BENEFIT = "Overvåke e-link på Rover"
HEADER = "gevinst;målt dato;verdi;kommentar\r\n"


def register_db(tmp_path: Path) -> Path:
    """A database whose register holds one benefit: 40 minutes a shift, target 0, 300 000 NOK a year per minute."""
    path = tmp_path / "benefits.duckdb"
    db.ensure_schema(path)
    db.write(lambda con: con.execute(
        "INSERT INTO benefits (name, indicator, measure_unit, baseline, target, nok_per_unit) "
        "VALUES (?, 'Kjøring tilbake', 'minutter per vakt', 40, 0, 300000)", [BENEFIT]).fetchall(), db=path)
    return path


def csv(*rows: str) -> bytes:
    """A semicolon CSV with the template's header."""
    return (HEADER + "".join(r + "\r\n" for r in rows)).encode("utf-8")


def stored(path: Path) -> list[tuple]:
    """The stored measurements, oldest first."""
    return db.read_rows("SELECT benefit, measured_on, value, comment FROM benefit_measurements ORDER BY measured_on",
                        db=path)


def test_a_good_file_is_stored_matched_to_the_register_and_counts_in_the_view(tmp_path: Path) -> None:
    path = register_db(tmp_path)
    data = csv("overvåke E-LINK på rover;16.05.2022;36,5;Målt av leder, ring 912 34 567",
               f"{BENEFIT};2022-05-23;30.5;")
    result = import_file(data, "gevinster", db=path, filename="målinger.csv")
    assert (result.rows_read, result.imported, result.rejected) == (2, 2, 0), [str(i) for i in result.issues]
    rows = stored(path)
    assert [r[0] for r in rows] == [BENEFIT, BENEFIT]  # the register's spelling, whatever the file's case
    assert [r[2] for r in rows] == [36.5, 30.5]
    assert "912 34 567" not in (rows[0][3] or "")  # the comment is masked like every free text
    view = build_benefits_view(str(path))
    assert view.benefits[0].latest == 30.5
    assert view.realised_nok == pytest.approx((40 - 30.5) * 300_000)


def test_a_second_file_updates_the_same_benefit_and_day(tmp_path: Path) -> None:
    path = register_db(tmp_path)
    import_file(csv(f"{BENEFIT};16.05.2022;36,5;"), "gevinster", db=path, filename="a.csv")
    result = import_file(csv(f"{BENEFIT};16.05.2022;20;"), "gevinster", db=path, filename="b.csv")
    assert (result.imported, result.updated) == (0, 1)
    assert [r[2] for r in stored(path)] == [20.0]


@pytest.mark.parametrize("raw", ["tolv", "1.234,5", "12,5,1", "", "inf"])
def test_a_bad_value_rejects_the_row_in_norwegian(tmp_path: Path, raw: str) -> None:
    path = register_db(tmp_path)
    p = preview(csv(f"{BENEFIT};16.05.2022;{raw};", f"{BENEFIT};17.05.2022;12;"), "m.csv", "gevinster", db=path)
    assert (p.valid, p.rejected) == (1, 1)
    message = str(p.issues[0])
    assert "verdi" in message and ("ikke et tall" in message or "mangler verdi" in message)


def test_decimal_values_take_a_comma_or_a_point_and_spaces_as_thousands() -> None:
    assert parse_decimal("12,5") == parse_decimal("12.5") == 12.5
    assert parse_decimal("1 234,5") == 1234.5 and parse_decimal("-3") == -3.0 and parse_decimal(7) == 7.0
    for bad in ("12,5 min", "1.234,5", "nan", True):
        with pytest.raises(ValueProblem):
            parse_decimal(bad)


def test_an_unknown_benefit_rejects_the_row_and_suggests_the_register_name(tmp_path: Path) -> None:
    path = register_db(tmp_path)
    result = import_file(csv("Overvåke e-link på Rovr;16.05.2022;30;", "Noe helt annet;16.05.2022;30;"),
                         "gevinster", db=path, filename="m.csv")
    assert (result.imported, result.rejected) == (0, 2)
    messages = [str(i) for i in result.issues]
    assert "finnes ikke i gevinstregisteret" in messages[0] and f"«{BENEFIT}»" in messages[0]
    assert "finnes ikke i gevinstregisteret" in messages[1] and "Mente du" not in messages[1]
    assert stored(path) == []


def test_a_date_in_the_future_rejects_the_row(tmp_path: Path) -> None:
    path = register_db(tmp_path)
    ahead = (dt.date.today() + dt.timedelta(days=30)).strftime("%d.%m.%Y")
    result = import_file(csv(f"{BENEFIT};{ahead};30;", f"{BENEFIT};16.05.2022;30;"), "gevinster", db=path,
                         filename="m.csv")
    assert (result.imported, result.rejected) == (1, 1)
    assert "frem i tid" in str(result.issues[0]) and "målt dato" in str(result.issues[0])
