"""CSV structure: split text into records by RFC 4180 quoting, find the separator, and find merged rows."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass

SEPARATORS = (";", ",", "\t", "|")
_NEWLINE = re.compile(r"\r\n|\r|\n")
# A quoted field: everything up to the first quote that is not doubled (unrolled loop, no backtracking).
_QUOTED = re.compile(r'"([^"]*(?:""[^"]*)*)"')
SHAPE_SAMPLE = 2000  # ordinary records enough to tell what the first column looks like
_LETTERS = re.compile(r"[^\W\d_]+")
_DIGITS = re.compile(r"\d+")


@dataclass(frozen=True)
class QuoteFault:
    """A quote that swallows line breaks it should not: where it opens, why, and the line that shows it."""

    column: int  # 0-based field index where the quote opens
    kind: str  # "open": never closed · "stray": closed lines later and followed by text · "rows": holds whole rows
    line: int  # physical line (1-based) where the evidence is: the last line, or the closing or record-like line
    evidence: str = ""


@dataclass(slots=True)
class Record:
    """One record: its number as Excel numbers rows (blank records count), its cells and quoting facts."""

    row: int
    cells: list[str]
    first_line: int  # physical line where the record starts (1-based)
    multiline: tuple[int, ...] = ()  # fields whose quoted text holds a line break
    fault: QuoteFault | None = None
    stray: bool = False  # a quote closed and followed by text on the same line (harmless, but a sniffing signal)
    blank: bool = False  # every cell empty or whitespace


def _plain_field(sep: str) -> re.Pattern[str]:
    """An unquoted field: anything up to the separator or a line break (quotes inside are literal)."""
    return re.compile(f"[^{re.escape(sep)}\r\n]*")


def _lines_in(text: str) -> int:
    """Count the line breaks in `text` (CRLF, CR or LF each count once)."""
    return len(_NEWLINE.findall(text)) if ("\n" in text or "\r" in text) else 0


def scan(text: str, sep: str) -> Iterator[Record]:
    """Yield the records of `text` split by `sep`, as Excel and Python's csv read them, with quoting faults."""
    yield from Scanner(sep).feed(text, final=True)


class Scanner:
    """Splits text that arrives in pieces into records; a record cut by the end of a piece waits for the next.

    Row and line numbers run on across pieces, so a streamed file gets the numbers a whole-text scan gives.
    """

    def __init__(self, sep: str) -> None:
        """Start before the first record of a file."""
        self.sep, self.plain = sep, _plain_field(sep)
        self.row, self.line = 0, 1
        self.pending = ""  # the start of a record the last piece ended inside

    def feed(self, piece: str, final: bool) -> list[Record]:
        """The complete records of what is pending plus `piece`; at `final` (end of file) the rest too."""
        text = self.pending + piece if self.pending else piece
        records, used = self._records(text, final)
        self.pending = text[used:]
        return records

    def _records(self, text: str, final: bool) -> tuple[list[Record], int]:
        """Records of `text` and how much of it they used; stop before a record that may go on (unless final)."""
        sep, plain = self.sep, self.plain
        out: list[Record] = []
        pos, n = 0, len(text)
        while pos < n:
            start, row, line = pos, self.row + 1, self.line
            eol = text.find("\n", pos)
            if eol < 0:
                if not final:
                    return out, start  # the line may go on in the next piece
                eol = n
            segment = text[pos:eol].removesuffix("\r")
            if '"' not in segment and "\r" not in segment:  # fast path: a line without quotes is one record
                out.append(Record(row, segment.split(sep), line, blank=not segment.replace(sep, "").strip()))
                self.row, self.line, pos = row, line + 1, eol + 1
                continue
            rec = Record(row, [], line)
            multiline: list[int] = []
            while True:
                if text.startswith('"', pos):
                    m = _QUOTED.match(text, pos)
                    if m is None or (m.end() == n and not final):
                        if not final:  # the quote may close (or be doubled) in the next piece
                            return out, start
                        body = text[pos + 1:]  # never closed: the rest of the file would be one cell
                        rec.cells.append(body.replace('""', '"'))
                        line += _lines_in(body.rstrip("\r\n"))
                        rec.fault = QuoteFault(len(rec.cells) - 1, "open", line)
                        pos = n
                        break
                    inner = m.group(1)
                    breaks = _lines_in(inner)
                    value, pos = inner.replace('""', '"'), m.end()
                    if breaks:
                        multiline.append(len(rec.cells))
                    if pos < n and text[pos] not in (sep, "\r", "\n"):
                        tail = plain.match(text, pos)
                        if breaks and rec.fault is None:
                            rec.fault = QuoteFault(len(rec.cells), "stray", line + breaks,
                                                   text[pos - 1: tail.end()][:60])
                        rec.stray = rec.stray or not breaks
                        value, pos = value + tail.group(), tail.end()
                    line += breaks
                    rec.cells.append(value)
                else:
                    m = plain.match(text, pos)
                    rec.cells.append(m.group())
                    pos = m.end()
                if pos < n and text[pos] == sep:
                    pos += 1
                    continue
                break
            if not final and (pos >= n or (text[pos] == "\r" and pos + 1 >= n)):
                return out, start  # the record (or its CRLF) may go on in the next piece
            if pos < n:
                pos += 2 if text.startswith("\r\n", pos) else 1
                line += 1
            rec.multiline = tuple(multiline)
            rec.blank = not any(c.strip() for c in rec.cells)
            self.row, self.line = row, line
            out.append(rec)
        return out, n


def modal_width(records: list[Record]) -> int:
    """The most common number of fields among non-blank records (ties go to the wider)."""
    counts = Counter(len(r.cells) for r in records if not r.blank)
    if not counts:
        return 0
    return max(counts.items(), key=lambda kv: (kv[1], kv[0]))[0]


def separator_score(records: list[Record]) -> tuple[float, int, int]:
    """Score a split: share of records with the modal width (>1) and no quoting fault, then width, then -faults."""
    rows = [r for r in records if not r.blank]
    width = modal_width(rows)
    if not rows or width < 2:
        return (0.0, 0, 0)
    faults = sum(1 for r in rows if r.fault or r.stray)
    regular = sum(1 for r in rows if len(r.cells) == width and not r.fault and not r.stray)
    return (regular / len(rows), width, -faults)


def sniff_separator(text: str, truncated: bool = False) -> str:
    """Pick the separator under which the whole structure (quotes and line breaks included) is most regular."""
    best, best_score = SEPARATORS[1], (0.0, 0, 0)
    for sep in SEPARATORS:
        records = list(scan(text, sep))
        if truncated and len(records) > 1:
            records = records[:-1]  # the sample may end inside the last record
        score = separator_score(records)
        if score > best_score:
            best, best_score = sep, score
    return best


def shape(cell: str) -> str:
    """Abstract a cell to its form: letters to 'a', digit runs to '9' ('07.05.2022 14:32' → '9.9.9 9:9')."""
    return _DIGITS.sub("9", _LETTERS.sub("a", cell.strip()))


def row_profile(records: list[Record]) -> tuple[int, set[str]]:
    """The modal width of ordinary records and the digit-bearing shapes their first column takes."""
    plain = [r for r in records if not r.blank and not r.multiline and not r.fault]
    width = modal_width(plain)
    # Shapes of the first column in ordinary records (the first record is skipped: it is the header).
    leads = {shape(r.cells[0]) for r in plain[1:SHAPE_SAMPLE] if len(r.cells) == width}
    return width, {lead for lead in leads if any(ch.isdigit() for ch in lead)}  # words are no evidence


def find_swallowed_rows(records: list[Record], sep: str, profile: tuple[int, set[str]] | None = None) -> Record | None:
    """Return the first record whose quoted text holds whole rows (a quote closed far too late), if any.

    A line inside a multi-line cell counts as a row when it has a full record's separators and starts like
    the file's first column does in ordinary records (a date, time or number, as exports have). A streaming
    reader passes the profile of the file's first records and checks each chunk.
    """
    suspects = [r for r in records if r.multiline and r.fault is None]
    if not suspects:
        return None
    width, leads = profile or row_profile(records)
    if width < 2 or not leads:
        return None
    for rec in suspects:
        start = rec.first_line
        for col in rec.multiline:
            lines = _NEWLINE.split(rec.cells[col])
            for offset, text in enumerate(lines[1:], start=1):
                if text.count(sep) >= width - 1 and shape(text.split(sep, 1)[0]) in leads:
                    rec.fault = QuoteFault(col, "rows", start + offset, text[:60])
                    return rec
            start += len(lines) - 1
    return None
