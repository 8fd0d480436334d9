"""JSON rows to the importer's input: awkward texts survive, bad bodies are refused, row errors keep positions."""

from __future__ import annotations

from pathlib import Path

import pytest

from analysis import db as store
from analysis.importers.rows_source import RowsRefused, cell, import_rows, rows_to_csv
from fixture_db import build_fixture


def test_awkward_texts_arrive_as_sent(tmp_path: Path) -> None:
    db = build_fixture(tmp_path / "rows.duckdb", empty=True)
    texts = ['Linje 1\nlinje 2 | med | streker\n2022-05-09 10:00|Lade|falsk rad', '=SUM(A1) og "sitat"; semikolon',
             "  mellomrom  ", "-5 grader og glatt"]
    rows = [{"tidspunkt": f"2022-05-09T10:0{i}", "enhet": "Lade HJT", "melding": t} for i, t in enumerate(texts)]
    result, errors = import_rows(rows, "chat", "test", db)
    assert (result.imported, errors) == (4, [])
    stored = [r[0] for r in store.read_rows("SELECT text FROM chat_messages ORDER BY ts", db=db)]
    assert stored[0] == texts[0] and stored[1] == texts[1] and stored[3] == texts[3]
    assert stored[2].strip() == "mellomrom"


def test_bad_bodies_are_refused_in_norwegian() -> None:
    for body, words in (([], "ikke-tom JSON-liste"), ({"a": 1}, "ikke-tom JSON-liste"), ([{"a": 1}, 3], "Rad 2"),
                        ([{}], "ingen felt")):
        with pytest.raises(RowsRefused, match=words):
            rows_to_csv(body)


def test_values_become_cells() -> None:
    assert [cell(v) for v in (None, True, False, 3, 2.5, "x", [1, "b"])] == [
        "", "ja", "nei", "3", "2.5", "x", '[1, "b"]']


def test_row_errors_point_at_the_json_row(tmp_path: Path) -> None:
    db = build_fixture(tmp_path / "rows.duckdb", empty=True)
    rows = [{"dato": "2022-05-09", "enhet": "Lade HJT", "status": "grønn"},
            {"dato": "2022-05-09", "enhet": "Lade HJT", "status": "lilla"},
            {"dato": "2022-05-10", "enhet": "Lade HJT", "status": "gul", "stemning": 9}]
    result, errors = import_rows(rows, "reports", "test", db)
    assert result.imported == 1
    assert [(e.row, e.field) for e in errors] == [(2, "status"), (3, "stemning")]
