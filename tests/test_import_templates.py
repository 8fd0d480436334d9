"""Templates and examples per import kind: generated from the KindSpec and accepted by the real importer."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from analysis import db
from analysis.importers import KIND_NAMES, KINDS, import_file, map_columns, preview
from analysis.importers import templates as tpl
from analysis.importers.field_types import GO_LIVE
from analysis.views.import_view import build_kind_help, fmt_size, upload_caption

TABLE_ROWS = {"units": "units", "chat": "chat_messages", "reports": "unit_reports", "tickets": "tickets",
              "adoption": "adoption_daily", "portal": "portal_logins_daily", "events": "events",
              "gevinster": "benefit_measurements", "golive": "go_lives", "gevinstregister": "benefits"}


def rows_of(data: bytes) -> list[list[str]]:
    """Parse a generated CSV the way Excel would (BOM, semicolons, CRLF)."""
    text = data.decode("utf-8")
    assert text.startswith("\ufeff") and "\r\n" in text
    return list(csv.reader(io.StringIO(text[1:]), delimiter=";"))


def empty_database(directory: Path) -> Path:
    """A database with the schema and nothing in it, not even units."""
    path = directory / "empty.duckdb"
    db.ensure_schema(path)
    return path


def test_every_kind_in_the_spec_has_a_template_and_an_example() -> None:
    assert set(TABLE_ROWS) == set(KIND_NAMES)  # a new kind must be added to this test's table
    for kind in KIND_NAMES:
        header = [f.label for f in KINDS[kind].fields]
        assert rows_of(tpl.template_csv(kind)) == [header]
        example = rows_of(tpl.example_csv(kind))
        assert example[0] == header and len(example) == 1 + tpl.EXAMPLE_ROWS
        assert all(len(row) == len(header) for row in example)
        # A go-live cell stays blank: the template's example must import into a database without go-lives too.
        filled = [cell != "" for f, cell in zip(KINDS[kind].fields, example[1], strict=True) if f.type is not GO_LIVE]
        assert all(filled), f"{kind}: the first example row fills every column"


@pytest.mark.parametrize("kind", KIND_NAMES)
def test_the_template_header_maps_every_field_by_itself(kind: str) -> None:
    spec = KINDS[kind]
    colmap = map_columns(tpl.template_header(kind), spec, None, "mal.csv")
    assert colmap == {f.name: i for i, f in enumerate(spec.fields)}


def test_each_example_imports_cleanly_into_an_empty_database_units_first(tmp_path: Path) -> None:
    path = empty_database(tmp_path)
    # The page's order: units and go-lives first, the benefit register before the measurements that name it.
    assert KIND_NAMES.index("units") == 0 and KIND_NAMES.index("gevinstregister") < KIND_NAMES.index("gevinster")
    for kind in KIND_NAMES:
        data = tpl.example_csv(kind)
        p = preview(data, tpl.example_filename(kind), kind, db=path)
        assert p.error is None and (p.valid, p.rejected) == (tpl.EXAMPLE_ROWS, 0), (kind, p.issues)
        result = import_file(data, kind, db=path, filename=tpl.example_filename(kind))
        assert (result.rows_read, result.imported, result.rejected) == (tpl.EXAMPLE_ROWS, tpl.EXAMPLE_ROWS, 0), (
            kind, [str(i) for i in result.issues])
        assert db.read_rows(f"SELECT count(*) FROM {TABLE_ROWS[kind]}", db=path) == [(tpl.EXAMPLE_ROWS,)]
    # what was stored is what the example says, e.g. the ticket left open has no closing time
    assert db.read_rows("SELECT ticket_id FROM tickets WHERE closed_at IS NULL", db=path) == [("INC0010003",)]
    assert db.read_rows("SELECT min(day), max(day) FROM unit_reports", db=path)[0][0] == tpl.FIRST_DAY


def test_examples_name_only_the_example_units(tmp_path: Path) -> None:
    """In a database without the example units, their rows are refused: real data is never touched."""
    from import_helpers import fresh_db

    path = fresh_db(tmp_path)
    p = preview(tpl.example_csv("adoption"), "eksempel_adoption.csv", "adoption", db=path)
    assert (p.valid, p.rejected) == (0, tpl.EXAMPLE_ROWS)
    assert tpl.refers_to_units("adoption") and not tpl.refers_to_units("portal")


def test_the_column_guide_follows_the_spec() -> None:
    for kind in KIND_NAMES:
        guide = tpl.column_guide(kind)
        assert [c.header for c in guide] == tpl.template_header(kind)
        assert [c.required for c in guide] == [f.required for f in KINDS[kind].fields]
        assert all(c.header not in c.also for c in guide)
    day = tpl.column_guide("reports")[0]
    assert day.holds == "dato (dd.mm.åååå); mangler kolonnen, brukes datoen i «innsendt»"
    assert "rapportdato" in day.also
    text = next(c for c in tpl.column_guide("reports") if c.header == "tekst")
    assert text.holds == "fritekst, høyst 2\u00a0000 tegn"


def test_kind_help_gives_sizes_in_norwegian() -> None:
    h = build_kind_help("reports")
    assert h.required == ("dato", "enhet", "status")
    assert h.example_size == fmt_size(len(h.example)) and "," in h.example_size and h.example_size.endswith("kB")
    assert list(h.columns.columns) == ["Kolonne", "Må være med", "Innhold", "Andre overskrifter som godtas"]
    assert list(h.columns["Må være med"]) == ["ja", "ja", "ja", "nei", "nei", "nei"]


@pytest.mark.parametrize(
    ("n", "text"),
    [(None, "–"), (0, "0\u00a0B"), (52, "52\u00a0B"), (600, "0,6\u00a0kB"), (1_234, "1,2\u00a0kB"),
     (12_345, "12\u00a0kB"), (999_400, "999\u00a0kB"), (999_999, "1,0\u00a0MB"), (1_200_000, "1,2\u00a0MB"),
     (250_000_000, "250\u00a0MB"), (3_400_000_000, "3,4\u00a0GB")],
)
def test_fmt_size(n: int | None, text: str) -> None:
    assert fmt_size(n) == text


def test_upload_caption() -> None:
    assert upload_caption("rapport.csv", 640) == "Valgt fil: rapport.csv (0,6\u00a0kB)"
