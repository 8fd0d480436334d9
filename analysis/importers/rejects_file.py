"""The rejects file: rejected rows in the file's own columns (free text masked) plus a 'feil' column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from analysis.importers import messages as msg
from analysis.importers.map_stage import HeaderMap
from analysis.importers.read_stage import RawTable
from analysis.importers.schemas import KindSpec
from analysis.importers.validate_stage import RowIssue
from analysis.importers.values import cell_text, fold
from analysis.text.masking import mask_text


@dataclass
class Rejects:
    """Rejected rows in the file's own columns plus a 'feil' column, ready to fix and re-import."""

    header: list[str]
    rows: list[list]
    file_format: str = "csv"
    separator: str = ";"

    def to_bytes(self) -> bytes:
        """Serialise like the input: CSV (UTF-8 with BOM, same separator) or XLSX."""
        if self.file_format == "xlsx":
            import openpyxl  # lazy: only needed for Excel files

            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = "Avviste rader"
            ws.append(self.header)
            for row in self.rows:
                ws.append(row)
            buf = io.BytesIO()
            wb.save(buf)
            return buf.getvalue()
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, delimiter=self.separator, lineterminator="\r\n")
        writer.writerow(self.header)
        writer.writerows([[cell_text(c) for c in row] for row in self.rows])
        return buf.getvalue().encode("utf-8-sig")


def build_rejects(spec: KindSpec, table: RawTable, headers: HeaderMap,
                  bad: list[tuple[list, list[RowIssue]]]) -> Rejects:
    """Original cells (text in masked or unmapped columns masked) plus the reasons; an old 'feil' is replaced."""
    header = list(headers.header)
    keep_raw = {idx for name, idx in headers.colmap.items() if not spec.field(name).masked}
    feil = next((i for i, h in enumerate(header) if fold(h) == fold(msg.REJECTS_COLUMN)), None)
    if feil is None:
        header.append(msg.REJECTS_COLUMN)
        feil = len(header) - 1
    rows = []
    for cells, issues in bad:
        row = list(cells) + [None] * max(0, len(header) - len(cells))
        row = [c if i in keep_raw or not isinstance(c, str) else mask_text(c)[0] for i, c in enumerate(row)]
        row[feil] = "; ".join(f"{i.column}: {i.message}" if i.column else i.message for i in issues)
        rows.append(row)
    return Rejects(header, rows, table.file_format, table.separator or ";")
