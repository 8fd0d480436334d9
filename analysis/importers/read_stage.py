"""Read stage: a path or upload to bytes, then to records, sniffing format, encoding and separator."""

from __future__ import annotations

import codecs
import hashlib
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import chain, islice
from pathlib import Path

from analysis.cell_safety import restore
from analysis.errors import InputError
from analysis.importers import messages as msg
from analysis.importers.csv_structure import (
    SEPARATORS,
    SHAPE_SAMPLE,
    Record,
    Scanner,
    find_swallowed_rows,
    row_profile,
    sniff_separator,
)
from analysis.importers.values import cell_text, fold, show

__all__ = ["SEPARATORS", "ImportRefused", "Opener", "RawTable", "TableStream", "decode", "open_source", "open_table",
           "read_source", "read_table", "sniff_separator"]

Opener = Callable[[], io.BufferedIOBase]  # opens the file (or upload) afresh for one pass over its bytes

SEPARATOR_LABELS = {";": "semikolon", ",": "komma", "\t": "tabulator", "|": "loddrett strek"}
BINARY_CHECK_CHARS = 64 * 1024  # enough text to tell a binary file
SNIFF_CHARS = 256 * 1024  # the separator is judged on this much text, whole records with their quotes
_NEUTRALISED = re.compile(r"'[=+\-@\t\r]")  # a cell neutralised by analysis.cell_safety
HEADER_SEARCH_ROWS = 10  # as far as the map stage looks for the header
HEAD_RECORDS = SHAPE_SAMPLE + 1  # records read ahead: header search, preview, the structure profile of the file
CHECK_BATCH = 5_000  # CSV records checked for quoting faults at a time while streaming
READ_BLOCK = 1 << 20  # characters decoded and split into records at a time (bytes per pass when checking)

# Refusals of the read stage (Norwegian, for the user): what is wrong and where, and what to do.
QUOTE_FAULTS = {
    "open": ("{file}, rad {row}, kolonne {column}: anførselstegnet som åpner cellen blir aldri lukket, så resten "
             "av filen (til og med linje {line}) ville blitt lest som én celle. Ingenting er importert."),
    "stray": ("{file}, rad {row}, kolonne {column}: anførselstegnet som åpner cellen lukkes først på linje {line} "
              "(ved «{evidence}»), så radene imellom ville blitt slått sammen til én celle. Ingenting er importert."),
    "rows": ("{file}, rad {row}, kolonne {column}: cellen begynner med et anførselstegn og fortsetter over hele "
             "rader (linje {line} ser ut som en egen rad: «{evidence}»), så de ville blitt slått sammen til én "
             "celle. Trolig mangler et anførselstegn. Ingenting er importert."),
}
QUOTE_HINT = (" Rett anførselstegnet og prøv igjen: en celle som begynner med \" må slutte med \", og et "
              "anførselstegn inne i en tekst skrives som to (\"\").")
DUPLICATE_HEADER = (
    "{file}, rad {row}: overskriften har samme kolonnenavn mer enn én gang: {names}. Da ville én av kolonnene "
    "blitt oversett. Gi kolonnene ulike navn og prøv igjen."
)


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


@dataclass
class TableStream:
    """A file opened for reading in chunks: format facts and the first records now, the rest on demand."""

    table: RawTable  # records holds only the first records (up to HEAD_RECORDS)
    rest: Iterator[tuple[int, list]]  # the records after those; a quoting fault is refused when reached
    digest: str = ""  # SHA-256 of the file's bytes (import_log)

    def chunks(self, size: int, skip: int = 0) -> Iterator[list[tuple[int, list]]]:
        """Every record after the first `skip`, in lists of at most `size` records."""
        records = chain(islice(self.table.records, skip, None), self.rest)
        while chunk := list(islice(records, size)):
            yield chunk


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


def open_source(path_or_bytes: str | Path | bytes, filename: str | None) -> tuple[Opener, str]:
    """An opener for a path (read lazily, pass by pass) or an upload's bytes, and the display name."""
    if isinstance(path_or_bytes, (bytes, bytearray, memoryview)):
        data = bytes(path_or_bytes)
        return (lambda: io.BytesIO(data)), filename or "opplastet fil"
    path = Path(path_or_bytes)
    name = filename or path.name
    try:
        path.open("rb").close()  # refuse a missing or unreadable file now, in the user's words
    except FileNotFoundError:
        raise ImportRefused(msg.FILE_NOT_FOUND.format(file=path)) from None
    except OSError as exc:
        raise ImportRefused(msg.FILE_UNREADABLE.format(file=name, reason=exc.strerror or exc)) from None
    return (lambda: path.open("rb")), name


def read_table(data: bytes, filename: str) -> RawTable:
    """Read CSV or XLSX bytes into non-empty records; refuse empty, binary or undecodable files."""
    stream = open_table(data, filename)
    stream.table.records = stream.table.records + list(stream.rest)
    return stream.table


def open_table(data: bytes | Opener, filename: str) -> TableStream:
    """Open a CSV or XLSX file for streaming: format, encoding, separator and the first records are read now.

    The bytes are read in passes of READ_BLOCK: one checks the encoding of the whole file (and hashes it), then
    the records are decoded and split block by block as the chunks are asked for, so the decoded text of a file
    is never held whole.
    """
    opener = data if callable(data) else (lambda raw=bytes(data): io.BytesIO(raw))
    with opener() as fh:
        head = fh.read(BINARY_CHECK_CHARS)
    if not head.strip() and _all_space(opener):
        raise ImportRefused(msg.EMPTY_FILE.format(file=filename))
    if head[:4] == b"PK\x03\x04":
        stream = _read_xlsx(opener, filename)
        sha = hashlib.sha256()
        for block in _blocks(opener):
            sha.update(block)
        stream.digest = sha.hexdigest()
        return stream
    if head[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise ImportRefused(msg.OLD_XLS.format(file=filename))
    codec, encoding, digest = _check_encoding(opener, head, filename)
    stream = _read_csv(opener, codec, encoding, filename)
    stream.digest = digest
    return stream


def _blocks(opener: Opener) -> Iterator[bytes]:
    """The file's bytes in blocks of READ_BLOCK."""
    with opener() as fh:
        while block := fh.read(READ_BLOCK):
            yield block


def _all_space(opener: Opener) -> bool:
    """True when the file holds only (ASCII) whitespace."""
    return all(not block.strip() for block in _blocks(opener))


def _decodes(opener: Opener, codec: str, sha: hashlib._Hash | None = None) -> str:
    """Check that the whole file decodes strictly with `codec`: 'ok', 'nul' (holds a NUL) or 'undecodable'.

    With `sha`, every byte is hashed on the way (the pass goes on after a fault); without, it stops at one.
    """
    decoder = codecs.getincrementaldecoder(codec)("strict")
    verdict = "ok"
    for block in _blocks(opener):
        if sha is not None:
            sha.update(block)
        if verdict == "undecodable":
            continue
        try:
            if "\x00" in decoder.decode(block):
                verdict = "nul"
        except UnicodeDecodeError:
            verdict = "undecodable"
            if sha is None:
                return verdict
    if verdict != "undecodable":
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            verdict = "undecodable"
    return verdict


def _check_encoding(opener: Opener, head: bytes, filename: str) -> tuple[str, str, str]:
    """(codec, Norwegian label, SHA-256) of CSV bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252.

    The same choice as `decode`, made in one pass over the file (a second for Windows-1252) without holding it.
    """
    sha = hashlib.sha256()
    if head.startswith(b"\xef\xbb\xbf"):
        codec, label = "utf-8-sig", "UTF-8 med BOM"
    elif head.startswith((b"\xff\xfe", b"\xfe\xff")):
        codec, label = "utf-16", "UTF-16"
    elif b"\x00" in head:
        raise ImportRefused(msg.BINARY_FILE.format(file=filename))
    else:
        if _decodes(opener, "utf-8", sha) != "undecodable":  # a NUL past the binary check passes, as in `decode`
            return "utf-8", "UTF-8", sha.hexdigest()
        verdict = _decodes(opener, "cp1252")
        if verdict != "ok":
            raise ImportRefused((msg.BINARY_FILE if verdict == "nul" else msg.UNDECODABLE).format(file=filename))
        text = head.decode("cp1252")
        controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\r\n\t")
        if controls > 0.01 * len(text):
            raise ImportRefused(msg.BINARY_FILE.format(file=filename))
        return "cp1252", "Windows-1252", sha.hexdigest()
    verdict = _decodes(opener, codec, sha)
    if verdict != "ok":
        raise ImportRefused((msg.BINARY_FILE if verdict == "nul" else msg.UNDECODABLE).format(file=filename))
    return codec, label, sha.hexdigest()


def decode(data: bytes, filename: str) -> tuple[str, str]:
    """Decode CSV bytes: UTF-8 (BOM or not), UTF-16 with BOM, else Windows-1252; refuse binary."""
    if data.startswith(b"\xef\xbb\xbf"):
        return _strict(data[3:], "utf-8", filename), "UTF-8 med BOM"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return _strict(data, "utf-16", filename), "UTF-16"
    if b"\x00" in data[:BINARY_CHECK_CHARS]:
        raise ImportRefused(msg.BINARY_FILE.format(file=filename))
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    text = _strict(data, "cp1252", filename)
    controls = sum(1 for ch in text[:BINARY_CHECK_CHARS] if ord(ch) < 32 and ch not in "\r\n\t")
    if controls > 0.01 * min(len(text), BINARY_CHECK_CHARS):
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


def _column_name(records: list[Record], before: int, column: int) -> str:
    """Name a column for a message: «header» from the first record that looks like a header, else its number."""
    for rec in records:
        if rec.row >= before:
            break
        if sum(1 for c in rec.cells if c.strip()) > 1:
            if column < len(rec.cells) and rec.cells[column].strip():
                return f"«{' '.join(rec.cells[column].split())}»"
            break
    return str(column + 1)


def _refuse_quote(rec: Record, records: list[Record], filename: str) -> ImportRefused:
    """Build the refusal for a record whose quote swallows rows: the row and column where the quote opens."""
    fault = rec.fault
    assert fault is not None
    text = QUOTE_FAULTS[fault.kind].format(
        file=filename, row=rec.row, column=_column_name(records, rec.row, fault.column), line=fault.line,
        evidence=show(fault.evidence))
    return ImportRefused(text + QUOTE_HINT)


def _scanned(pieces: Iterator[str], sep: str) -> Iterator[tuple[Record, bool]]:
    """Records of text arriving in pieces, each with whether its text holds a cell this program neutralised."""
    scanner = Scanner(sep)
    piece = next(pieces, "")
    while True:
        following = next(pieces, "")
        text, scanner.pending = scanner.pending + piece, ""  # a record lies whole in the text scanned with it
        neutralised = bool(_NEUTRALISED.search(text))
        for rec in scanner.feed(text, final=not following):
            yield rec, neutralised
        if not following:
            return
        piece = following


def _records(pieces: Iterator[str], sep: str, filename: str) -> tuple[list[tuple[int, list]],
                                                                      Iterator[tuple[int, list]]]:
    """Parse CSV text into (row number, cells): the first records now, the rest lazily; blank rows keep their number.

    A quote that would merge rows is refused where it is met: the first records before anything is returned,
    later ones while the rest is read (an import is then rolled back). The rows-in-a-cell check compares with
    the profile of the first records.
    """
    scanned = _scanned(pieces, sep)
    head = list(islice(scanned, HEAD_RECORDS))
    profile = row_profile([r for r, _ in head])

    def checked(batch: list[tuple[Record, bool]]) -> list[tuple[int, list]]:
        """The batch's non-blank records, after refusing a quoting fault in it."""
        recs = [r for r, _ in batch]
        broken = next((r for r in recs if r.fault), None) or find_swallowed_rows(recs, sep, profile)
        if broken is not None:
            raise _refuse_quote(broken, [r for r, _ in head], filename)
        # A cell this program neutralised ('=…) gets its text back, so a fixed rejects file re-imports as it was.
        return [(r.row, [restore(c) for c in r.cells] if neutralised else r.cells)
                for r, neutralised in batch if not r.blank]

    def rest() -> Iterator[tuple[int, list]]:
        """The records after the first ones, checked a batch at a time."""
        while batch := list(islice(scanned, CHECK_BATCH)):
            yield from checked(batch)

    return checked(head), rest()


def _refuse_duplicate_header(records: list[tuple[int, list]], filename: str) -> None:
    """Refuse a header (the first record with two or more filled cells) that names a column twice."""
    for rownum, cells in records[:HEADER_SEARCH_ROWS]:
        names = [" ".join(cell_text(c).split()) for c in cells]
        if sum(1 for name in names if name) < 2:
            continue
        where: dict[str, list[int]] = {}
        for i, name in enumerate(names):
            if fold(name):
                where.setdefault(fold(name), []).append(i)
        dupes = [cols for cols in where.values() if len(cols) > 1]
        if dupes:
            listed = "; ".join(
                f"«{names[cols[0]]}» (kolonne {' og '.join(str(c + 1) for c in cols)})" for cols in dupes)
            raise ImportRefused(DUPLICATE_HEADER.format(file=filename, row=rownum, names=listed))
        return


def _pieces(opener: Opener, codec: str, first: str) -> Iterator[str]:
    """The decoded text after `first` (the part already read), READ_BLOCK characters at a time."""
    with io.TextIOWrapper(opener(), encoding=codec, errors="strict", newline="") as fh:
        fh.read(len(first))
        while piece := fh.read(READ_BLOCK):
            yield piece


def _read_csv(opener: Opener, codec: str, encoding: str, filename: str) -> TableStream:
    """Open CSV bytes for streaming (decoded piece by piece), honouring an Excel 'sep=;' first line."""
    with io.TextIOWrapper(opener(), encoding=codec, errors="strict", newline="") as fh:
        head = fh.read(SNIFF_CHARS + 1)
    rest = _pieces(opener, codec, head) if len(head) > SNIFF_CHARS else iter(())
    first = head[:head.find("\n") if "\n" in head[:64] else 64]
    if first.strip().lower().startswith("sep=") and len(first.strip()) == 5:
        sep, head = first.strip()[4], head[len(first) + 1:]
    else:
        sep = sniff_separator(head[:SNIFF_CHARS], truncated=len(head) > SNIFF_CHARS)
    head_records, tail = _records(chain([head], rest), sep, filename)
    if not head_records:
        raise ImportRefused(msg.EMPTY_FILE.format(file=filename))
    _refuse_duplicate_header(head_records, filename)
    return TableStream(RawTable("csv", encoding=encoding, separator=sep, records=head_records), tail)


def _sheet_records(ws: object) -> Iterator[tuple[int, list]]:
    """The non-empty rows of a read-only sheet as (Excel row number, cells), trailing empty cells dropped."""
    for rownum, row in enumerate(ws.iter_rows(values_only=True), start=1):  # type: ignore[attr-defined]
        cells = [restore(c) for c in row]
        while cells and (cells[-1] is None or (isinstance(cells[-1], str) and not cells[-1].strip())):
            cells.pop()
        if cells:
            yield rownum, cells


def _read_xlsx(opener: Opener, filename: str) -> TableStream:
    """Open the first non-empty sheet of an .xlsx file (read-only, row by row); cells keep their Excel types."""
    import openpyxl  # lazy: only needed for Excel files

    try:
        wb = openpyxl.load_workbook(opener(), read_only=True, data_only=True)
    except Exception:  # openpyxl raises assorted errors (BadZipFile, KeyError, …) on damaged files
        raise ImportRefused(msg.BAD_XLSX.format(file=filename)) from None
    try:
        for ws in wb.worksheets:
            ws.reset_dimensions()  # exports often carry a wrong <dimension>; read every row
            rows = _sheet_records(ws)
            head = list(islice(rows, HEAD_RECORDS))
            if head:
                _refuse_duplicate_header(head, filename)
                return TableStream(RawTable("xlsx", sheet=ws.title, records=head), _closing(rows, wb))
    except BaseException:
        wb.close()
        raise
    wb.close()
    raise ImportRefused(msg.EMPTY_SHEET.format(file=filename))


def _closing(rows: Iterator[tuple[int, list]], wb: object) -> Iterator[tuple[int, list]]:
    """Yield the rest of a sheet's rows and close the workbook when done (or when the reader is dropped)."""
    try:
        yield from rows
    finally:
        wb.close()  # type: ignore[attr-defined]
