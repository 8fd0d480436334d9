"""Helpers for the importer tests: a small database with known units, and file writers."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from analysis import db

UNITS = [
    ("Lade hjemmetjeneste", "hjemmetjeneste", 120, ["Lade HJT"]),
    ("Strindheim hjemmetjeneste", "hjemmetjeneste", 100, []),
    ("Havstein helse- og velferdssenter", "HVS", 80, ["Havstein HVS"]),
    ("Trondheim legevakt", "legevakt", 60, []),
]
HAVSTEIN = "Havstein helse- og velferdssenter"
_TEMPLATE: dict[str, Path] = {}


def _template() -> Path:
    """Build the units-only database once per test process."""
    if "path" not in _TEMPLATE:
        path = Path(tempfile.mkdtemp(prefix="golive-import-")) / "template.duckdb"

        def fill(con) -> None:
            for name, area, staff, aliases in UNITS:
                con.execute("INSERT INTO units VALUES (?, ?, ?, ?, ?)",
                            [name, area, staff, dt.date(2022, 5, 7), aliases])

        db.write(fill, path)
        _TEMPLATE["path"] = path
    return _TEMPLATE["path"]


def fresh_db(directory: Path) -> Path:
    """Copy the units-only database into `directory` and return its path."""
    target = directory / "test.duckdb"
    shutil.copy(_template(), target)
    return target


def write_text(path: Path, text: str, encoding: str = "utf-8", bom: bool = False) -> Path:
    """Write text as bytes in the given encoding, CRLF line ends as Excel does, optional UTF-8 BOM."""
    data = text.replace("\r\n", "\n").replace("\n", "\r\n").encode(encoding)
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + data)
    return path


def write_xlsx(path: Path, rows: list[list], title: str = "Ark1") -> Path:
    """Write rows to an .xlsx file; datetimes become real Excel date cells."""
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = title
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


def count(path: Path, table: str) -> int:
    """Row count of a table."""
    return db.read_rows(f"SELECT count(*) FROM {table}", db=path)[0][0]


def snapshot(path: Path) -> dict[str, list]:
    """Every row of every table the importers write (to prove nothing changed)."""
    tables = ["units", "chat_messages", "unit_reports", "tickets", "adoption_daily", "portal_logins_daily",
              "events", "import_log"]

    def read(con) -> dict[str, list]:
        out = {}
        for t in tables:
            try:
                out[t] = con.execute(f"SELECT * FROM {t} ORDER BY ALL").fetchall()
            except Exception:  # noqa: BLE001 - a table missing in an old file is part of the snapshot
                out[t] = None
        return out

    return db.read_many(read, db=path)
