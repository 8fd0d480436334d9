"""Read stage: a path or upload to bytes, then to records, sniffing format, encoding and separator."""

from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from analysis.errors import InputError
from analysis.importers import messages as msg

SEPARATORS = (";", ",", "\t", "|")
SEPARATOR_LABELS = {";": "semikolon", ",": "komma", "\t": "tabulator", "|": "loddrett strek"}
SNIFF_CHARS = 64 * 1024


class ImportRefused(InputError, ValueError):
    """The file cannot be imported at all; the message is Norwegian and meant for the user."""


@dataclass
class RawTable:
    """The records of a file: each a (row number as Excel shows it, list of cell values)."""

    file_format: str
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    records: list[tuple[int, list]] = field(default_factory=list)

    def describe(self) -> str:
        """Say in Norwegian what was detected, e.g. 'CSV, UTF-8 med BOM, skilletegn semikolon'."""
        if self.file_format == "xlsx":
            return f"Excel, ark «{self.sheet}»"
        return f"CSV, {self.encoding}, skilletegn {SEPARATOR_LABELS.get(self.separator, self.separator)}"


def read_source(path_or_bytes: str | Path | bytes, filename: str | None) -> tuple[bytes, str]:
    """Read a path (or take bytes) and return (data, display name); refuse a missing or unreadable file."""
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        return bytes(path_or_bytes), filename or "opplastet fil"
    path = Path(path_or_bytes)
    name = filename or path.name
    try:
        return path.read_bytes(), name
    except FileNotFoundError:
        raise ImportRefused(msg.FILE_NOT_FOUND.format(file=path)) from None
    except OSError as exc:
        raise ImportRefused(msg.FILE_UNREADABLE.format(file=name, reason=exc.strerror or exc)) from None


def read_table(data: bytes, filename: str) -> RawTable:
    """Read CSV or XLSX bytes into non-empty records; refuse empty, binary or undecodable files."""
    if not data or not data.strip():
        raise ImportRefused(msg.EMPTY_FILE.format(file=filename))
    if data[:4] == b"PK\x03\x04":
        return _read_xlsx(data, filename)
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportRefused(msg.OLD_XLS.format(file=filename))
    text, encoding = decode(data, filename)
    return _read_csv(text, encoding, filename)


def decode(data: bytes, filename: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252; refuse binary."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", filename), "UTF-8 med BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", filename), "UTF-16"
    if b"\x00" in data[:SNIFF_CHARS]:
        raise ImportRefused(msg.BINARY_FILE.format(file=filename))
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    text = _strict(data, "cp1252", filename)
    controls = sum(1 for ch in text[:SNIFF_CHARS] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > 0.01 * min(len(text), SNIFF_CHARS):
        raise ImportRefused(msg.BINARY_FILE.format(file=filename))
    return text, "Windows-1252"


def _strict(data: bytes, encoding: str, filename: str) -> str:
    """Decode strictly or refuse the file with a Norwegian message."""
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError:
        raise ImportRefused(msg.UNDECODABLE.format(file=filename)) from None
    if "\x00" in text:
        raise ImportRefused(msg.BINARY_FILE.format(file=filename))
    return text


def _records(text: str, sep: str, filename: str) -> list[tuple[int, list]]:
    """Parse CSV text into (row number, cells); blank lines keep their number, as in Excel."""
    out = []
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=sep, quotechar='"', doublequote=True)
    try:
        for rownum, cells in enumerate(reader, start=1):
            if any(c.strip() for c in cells):
                out.append((rownum, cells))
    except csv.Error as exc:
        raise ImportRefused(msg.FILE_UNREADABLE.format(file=filename, reason=str(exc))) from None
    return out


def sniff_separator(text: str) -> str:
    """Pick the separator that splits most of the first records into the same number (>1) of fields."""
    sample = text[:SNIFF_CHARS]
    best, best_score = ",", (0, 0)
    for sep in SEPARATORS:
        try:
            rows = list(csv.reader(io.StringIO(sample, newline=""), delimiter=sep))[:50]
        except csv.Error:
            continue
        if len(sample) == SNIFF_CHARS and len(rows) > 1:
            rows = rows[:-1]  # the last record may be cut in half
        counts = Counter(len(r) for r in rows if any(c.strip() for c in r))
        counts.pop(1, None)
        if not counts:
            continue
        modal, n = max(counts.items(), key=lambda kv: (kv[1], kv[0]))
        if (n, modal) > best_score:
            best, best_score = sep, (n, modal)
    return best


def _read_csv(text: str, encoding: str, filename: str) -> RawTable:
    """Read decoded CSV text, honouring an Excel 'sep=;' first line."""
    first, _, rest = text.partition("\n")
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        sep, text = first.strip()[4], rest
    else:
        sep = sniff_separator(text)
    records = _records(text, sep, filename)
    if not records:
        raise ImportRefused(msg.EMPTY_FILE.format(file=filename))
    return RawTable("csv", encoding=encoding, separator=sep, records=records)


def _read_xlsx(data: bytes, filename: str) -> RawTable:
    """Read the first non-empty sheet of an .xlsx file; cell values keep their Excel types."""
    import openpyxl  # lazy: only needed for Excel files

    try:
        wb = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises assorted errors (BadZipFile, KeyError, …) on damaged files
        raise ImportRefused(msg.BAD_XLSX.format(file=filename)) from None
    try:
        for ws in wb.worksheets:
            ws.reset_dimensions()  # exports often carry a wrong <dimension>; read every row
            records = []
            for rownum, row in enumerate(ws.iter_rows(values_only=True), start=1):
                cells = list(row)
                while cells and (cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())):
                    cells.pop()
                if cells:
                    records.append((rownum, cells))
            if records:
                return RawTable("xlsx", sheet=ws.title, records=records)
    finally:
        wb.close()
    raise ImportRefused(msg.EMPTY_SHEET.format(file=filename))
