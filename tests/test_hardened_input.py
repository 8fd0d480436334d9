"""Hostile and careless input: CSV quoting and headers, Markdown in names and texts, formulas in written files."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import openpyxl
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from analysis import db
from analysis.cell_safety import neutralise, restore
from analysis.importers import ImportRefused, import_file
from analysis.importers.csv_structure import sniff_separator
from analysis.importers.read_stage import read_table
from analysis.views.tables import to_csv
from apptest_util import run_app
from fixture_db import add_later_weeks, build_fixture
from import_helpers import count, fresh_db, write_text, write_xlsx

CASES = Path(__file__).parent / "data" / "hardened"
HINT = (" Rett anførselstegnet og prøv igjen: en celle som begynner med \" må slutte med \", og et anførselstegn "
        "inne i en tekst skrives som to (\"\").")


@pytest.fixture
def dbp(tmp_path: Path) -> Path:
    return fresh_db(tmp_path)


def refusal(name: str, dbp: Path) -> str:
    """Import a case file as chat, expect a refusal with nothing stored, and return the message."""
    with pytest.raises(ImportRefused) as caught:
        import_file(CASES / name, "chat", db=dbp)
    assert count(dbp, "chat_messages") == 0
    return str(caught.value)


# --- CSV structure ----------------------------------------------------------------------------------------

def test_unbalanced_quote_is_refused_naming_the_row_where_it_starts(dbp: Path) -> None:
    # Row 3 opens a quote; the next quote is on line 31, so rows 4–30 would have become one message.
    assert refusal("ubalansert_anforselstegn.csv", dbp) == (
        "ubalansert_anforselstegn.csv, rad 3, kolonne «Melding»: anførselstegnet som åpner cellen lukkes først på "
        "linje 31 (ved «\"Dette er \"\"sitert\"\" tekst\"»), så radene imellom ville blitt slått sammen til én "
        "celle. Ingenting er importert." + HINT)


def test_quote_never_closed_is_refused(dbp: Path) -> None:
    assert refusal("ubalansert_til_slutt.csv", dbp) == (
        "ubalansert_til_slutt.csv, rad 3, kolonne «Melding»: anførselstegnet som åpner cellen blir aldri lukket, "
        "så resten av filen (til og med linje 4) ville blitt lest som én celle. Ingenting er importert." + HINT)


def test_quote_closed_rows_later_in_the_same_column_is_refused(dbp: Path) -> None:
    # The field count fits (the inch mark closes the cell in the same column): the swallowed rows give it away.
    assert refusal("ubalansert_lukket_av_tommer.csv", dbp) == (
        "ubalansert_lukket_av_tommer.csv, rad 2, kolonne «Melding»: cellen begynner med et anførselstegn og "
        "fortsetter over hele rader (linje 3 ser ut som en egen rad: «07.05.2022 10:01;Lade hjemmetjeneste;Fu…»), "
        "så de ville blitt slått sammen til én celle. Trolig mangler et anførselstegn. Ingenting er importert."
        + HINT)


def test_semicolons_with_quoted_commas_and_line_breaks_import(dbp: Path) -> None:
    result = import_file(CASES / "semikolon_komma_linjeskift.csv", "chat", db=dbp)
    assert (result.rows_read, result.imported, result.rejected) == (3, 3, 0)
    assert result.description == "CSV, UTF-8, skilletegn semikolon"
    texts = [r[0] for r in db.read_rows("SELECT text FROM chat_messages ORDER BY ts", db=dbp)]
    assert texts == ["Hei, skriveren står\nog etiketten, den kommer ikke", "Takk, nå går det\nbra, igjen",
                     "Kan ikke, vil ikke\norker ikke, men må"]


def test_a_multi_line_message_with_separators_inside_is_not_taken_for_rows(dbp: Path) -> None:
    result = import_file(CASES / "semikolon_flerlinjet_med_semikolon.csv", "chat", db=dbp)
    assert (result.rows_read, result.imported, result.rejected) == (2, 2, 0)
    texts = [r[0] for r in db.read_rows("SELECT text FROM chat_messages ORDER BY ts", db=dbp)]
    assert texts[0] == "Punkt 1; skriver\nPunkt 2; etiketter; igjen\nPunkt 3"


@pytest.mark.parametrize(("name", "sep"), [
    ("semikolon_komma_linjeskift.csv", ";"), ("komma_semikolon.csv", ","), ("tittel_desimalkomma.csv", ";"),
    ("tabulator_apostrof.csv", "\t"), ("loddrett_strek.csv", "|"), ("semikolon_alt_sitert.csv", ";"),
    ("komma_engelsk.csv", ","), ("semikolon_flerlinjet_med_semikolon.csv", ";"),
])
def test_separator_from_the_whole_structure(name: str, sep: str) -> None:
    assert read_table((CASES / name).read_bytes(), name).separator == sep


def test_sniffing_counts_a_quoted_line_break_as_inside_the_cell() -> None:
    # Each message spans two lines with a comma on each: counting lines would pick the comma.
    text = 'Tid;Enhet;Melding\n1;A;"x, y\nz, w"\n2;B;"x, y\nz, w"\n3;C;"x, y\nz, w"\n'
    assert sniff_separator(text) == ";"


def test_duplicated_header_is_refused_naming_it(tmp_path: Path, dbp: Path) -> None:
    assert refusal("dobbel_overskrift.csv", dbp) == (
        "dobbel_overskrift.csv, rad 1: overskriften har samme kolonnenavn mer enn én gang: «Enhet» (kolonne 2 og "
        "4). Da ville én av kolonnene blitt oversett. Gi kolonnene ulike navn og prøv igjen.")
    xlsx = write_xlsx(tmp_path / "dobbel.xlsx", [["Uttrekk"], ["Tidspunkt", "Melding", "melding "],
                                                 ["07.05.2022 10:00", "a", "b"]])
    with pytest.raises(ImportRefused, match=r"^dobbel\.xlsx, rad 2: .*«Melding» \(kolonne 2 og 3\)"):
        read_table(xlsx.read_bytes(), "dobbel.xlsx")


def test_empty_header_cells_are_no_duplicates(tmp_path: Path) -> None:
    f = write_text(tmp_path / "tomme.csv", "Tidspunkt;Enhet;Melding;;\n07.05.2022 10:00;Lade HJT;ok;;\n")
    assert read_table(f.read_bytes(), "tomme.csv").records[0] == (1, ["Tidspunkt", "Enhet", "Melding", "", ""])


# --- formulas in the files the product writes -------------------------------------------------------------

HYPERLINK = '=HYPERLINK("http://127.0.0.1:9/","klikk")'


def test_neutralise_rule() -> None:
    assert [neutralise(v) for v in [HYPERLINK, "+47 912 34 567", "-rot", "@SUM(A1)", "\tx", "\rx", "ok", "a=b"]] == [
        "'" + HYPERLINK, "'+47 912 34 567", "'-rot", "'@SUM(A1)", "'\tx", "'\rx", "ok", "a=b"]
    # Plain numbers stay numbers: a negative polarity is not a formula.
    assert [neutralise(v) for v in ["-0,5", "+3", "-12.5", "-1e-3", -0.5, None]] == [
        "-0,5", "+3", "-12.5", "-1e-3", -0.5, None]
    assert restore("'" + HYPERLINK) == HYPERLINK and restore("'-0,5") == "'-0,5" and restore("'ok") == "'ok"


def test_drill_down_csv_neutralises_formulas_and_keeps_numbers() -> None:
    table = pd.DataFrame({"Enhet": ["@Lade", "Havstein"], "Tekst": [HYPERLINK, "-0,5"], "Polaritet": [-0.5, 0.25]})
    assert to_csv(table) == (
        "\ufeffEnhet;Tekst;Polaritet\n'@Lade;\"'=HYPERLINK(\"\"http://127.0.0.1:9/\"\",\"\"klikk\"\")\";-0,5\n"
        "Havstein;-0,5;0,25\n").encode("utf-8")


def _bad_chat(tmp_path: Path, suffix: str) -> Path:
    """A chat file whose bad row carries formulas in every text column."""
    rows = [["Tidspunkt", "Enhet", "Melding", "Kommentar"],
            ["07.05.2022 10:00", "Lade hjemmetjeneste", "ok", "-"],
            ["31.02.2022 10:00", "Lade hjemmetjeneste", HYPERLINK, "+SUM(1;2)"]]
    if suffix == "xlsx":
        wb = openpyxl.Workbook()
        for row in rows:
            wb.active.append(row)
        for row in wb.active.iter_rows():
            for cell in row:
                cell.data_type = "s"  # text that starts with '=', as Excel stores a text cell
        wb.save(tmp_path / "chat.xlsx")
        return tmp_path / "chat.xlsx"
    return write_text(tmp_path / "chat.csv", "\n".join(";".join(f'"{c}"' if '"' in c or ";" in c else c
                                                              for c in (x.replace('"', '""') for x in r))
                                                     for r in rows) + "\n")


def test_rejects_csv_neutralises_formulas_and_re_imports_the_text(tmp_path: Path, dbp: Path) -> None:
    result = import_file(_bad_chat(tmp_path, "csv"), "chat", db=dbp)
    assert (result.imported, result.rejected) == (1, 1)
    rows = list(csv.reader(io.StringIO(result.rejects_bytes().decode("utf-8-sig")), delimiter=";"))
    assert rows[1][:4] == ["31.02.2022 10:00", "Lade hjemmetjeneste", "'" + HYPERLINK, "'+SUM(1;2)"]
    again = read_table(result.rejects_bytes(), "chat_avviste.csv")
    assert again.records[1][1][2:4] == [HYPERLINK, "+SUM(1;2)"], "the quote is taken off on re-import"


def test_rejects_xlsx_has_no_formula_cells(tmp_path: Path, dbp: Path) -> None:
    result = import_file(_bad_chat(tmp_path, "xlsx"), "chat", db=dbp)
    ws = openpyxl.load_workbook(io.BytesIO(result.rejects_bytes())).active
    cells = [c for row in ws.iter_rows() for c in row]
    assert [c.data_type for c in cells if c.data_type == "f"] == []
    assert [c.value for c in ws[2]][2:4] == ["'" + HYPERLINK, "'+SUM(1;2)"]


# --- Markdown and HTML in names and texts --------------------------------------------------------------------

EVIL_UNIT = "![x](http://127.0.0.1:9/x.png) [lenke](http://127.0.0.1:9/)"
EVIL_AREA = "**område** [a](http://127.0.0.1:9/a)"
EVIL_TEXT = " <script>alert(1)</script> ![y](http://127.0.0.1:9/y.png)"


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture with one unit named in Markdown, its texts carrying a script tag, and a Markdown note."""
    path = add_later_weeks(build_fixture(tmp_path_factory.mktemp("hostile") / "hostile.duckdb"))

    def fill(con) -> None:
        old = "Trondheim legevakt"
        con.execute("UPDATE units SET name = ?, service_area = ? WHERE name = ?", [EVIL_UNIT, EVIL_AREA, old])
        for table in ("chat_messages", "unit_reports", "tickets", "adoption_daily"):
            con.execute(f"UPDATE {table} SET unit = ? WHERE unit = ?", [EVIL_UNIT, old])
        con.execute("UPDATE chat_messages SET text = text || ? WHERE unit = ?", [EVIL_TEXT, EVIL_UNIT])
        con.execute("UPDATE unit_reports SET text = text || ? WHERE unit = ?", [EVIL_TEXT, EVIL_UNIT])
        con.execute("INSERT INTO weekly_notes (iso_week, created_at, kind, text, author) VALUES "
                    "('2022-W19', TIMESTAMP '2022-05-13 10:00', 'tiltak', ?, ?)",
                    ["Se [her](http://127.0.0.1:9/n)" + EVIL_TEXT, "![a](http://127.0.0.1:9/a.png)"])

    db.write(fill, path)
    return path


def _shown(at: AppTest) -> list[str]:
    """Every text Streamlit renders as Markdown on the page (bodies, labels and help)."""
    out = []
    for kind in ("markdown", "caption", "title", "header", "subheader", "info", "warning", "success", "error",
                 "toast"):
        out += [e.value for e in at.get(kind) if hasattr(e, "value")]
    out += [m.proto.label for m in at.metric] + [m.proto.help for m in at.metric]
    out += [w.label for w in at.selectbox] + [e.proto.label for e in at.get("expandable")]
    return [str(x) for x in out if x]


@pytest.mark.parametrize(("page", "params"), [
    ("pages/units.py", {"fokus": EVIL_UNIT}), ("pages/weekly.py", {"uke": "2022-W19"}), ("pages/live.py", {}),
])
def test_names_and_texts_render_as_literal_text(hostile_db: Path, monkeypatch: pytest.MonkeyPatch, page: str,
                                                params: dict[str, str]) -> None:
    at = run_app(hostile_db, page, monkeypatch, timeout=90, env={"GOLIVE_NOW": "2022-05-14T12:00"}, **params)
    assert not at.exception, [e.value for e in at.exception]
    shown = _shown(at)
    assert any("lenke" in s for s in shown), "the unit's name is on the page (escaped)"
    for body in shown:
        assert "](http" not in body, body
        assert not re.search(r"(?<!\\)<script", body), body
        assert "![" not in body, body


def test_weekly_exports_carry_names_as_text(hostile_db: Path, tmp_path: Path) -> None:
    from analysis.weekly.export_html import render_html
    from analysis.weekly.exports import export_week
    from analysis.weekly.summary import build_week_summary

    s = build_week_summary("2022-W19", hostile_db)
    html = render_html(s)
    assert "127.0.0.1:9" in html, "the hostile names are in the report"
    assert "<img" not in html and '<a href="http://127.0.0.1:9' not in html and "<script" not in html
    assert "&lt;script&gt;" in html
    pdf = export_week(s, "pdf", tmp_path / "uke.pdf")  # reportlab refuses markup it does not know
    assert pdf.read_bytes().startswith(b"%PDF-")
    assert export_week(s, "pptx", tmp_path / "uke.pptx").stat().st_size > 0
