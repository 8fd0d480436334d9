"""The rejects file: rejected rows in the file's own columns (every cell masked) plus a 'feil' column."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from analysis.cell_safety import neutralise
from analysis.importers import messages as msg
from analysis.importers.map_stage import HeaderMap
from analysis.importers.read_stage import RawTable
from analysis.importers.schemas import KindSpec
from analysis.importers.validate_stage import RowIssue
from analysis.importers.values import cell_text, fold
from analysis.text.masking import mask_identifier, mask_text


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
            for row in [self.header, *self.rows]:  # neutralised text never starts with '=': no formula cells
                ws.append([neutralise(c) for c in row])
            buf = io.BytesIO()
            wb.save(buf)
            return buf.getvalue()
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, delimiter=self.separator, lineterminator="\r\n")
        writer.writerow([neutralise(c) for c in self.header])
        writer.writerows([[neutralise(cell_text(c)) for c in row] for row in self.rows])
        return buf.getvalue().encode("utf-8-sig")


def _mask_cell(cell: object, label: bool) -> object:
    """A cell with personal data masked; a number or date stays as it was unless it held personal data."""
    if cell is None:
        return None
    text = cell_text(cell)
    masked = mask_identifier(text) if label else mask_text(text)[0]
    return cell if masked == text else masked


def build_rejects(spec: KindSpec, table: RawTable, headers: HeaderMap,
                  bad: list[tuple[list, list[RowIssue]]]) -> Rejects:
    """Original cells, every one masked (identifiers as labels), plus the reasons; an old 'feil' is replaced."""
    header = list(headers.header)
    labels = {idx for name, idx in headers.colmap.items() if spec.field(name).identifier}
    feil = next((i for i, h in enumerate(header) if fold(h) == fold(msg.REJECTS_COLUMN)), None)
    if feil is None:
        header.append(msg.REJECTS_COLUMN)
        feil = len(header) - 1
    rows = []
    for cells, issues in bad:
        row = list(cells) + [None] * max(0, len(header) - len(cells))
        row = [_mask_cell(c, i in labels) for i, c in enumerate(row)]
        row[feil] = "; ".join(f"{i.column}: {i.message}" if i.column else i.message for i in issues)
        rows.append(row)
    return Rejects(header, rows, table.file_format, table.separator or ";")
