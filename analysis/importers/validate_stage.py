"""Validate stage: convert each row's cells by field type, apply the kind's row rules, mask valid rows."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from analysis.importers import messages as msg
from analysis.importers.map_stage import HeaderMap
from analysis.importers.read_stage import ImportRefused
from analysis.importers.schemas import KindSpec
from analysis.importers.unit_matching import UnitMatcher
from analysis.importers.values import ValueProblem
from analysis.text.masking import mask_into


@dataclass(frozen=True)
class RowIssue:
    """One problem in one row: where it is (as the user sees it in Excel) and what is wrong."""

    file: str
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        """Render as 'fil.csv, rad 5, kolonne «Dato»: …'."""
        if self.column is None:
            return msg.ROW_ISSUE_NO_COLUMN.format(file=self.file, row=self.row, message=self.message)
        return msg.ROW_ISSUE.format(file=self.file, row=self.row, column=self.column, message=self.message)


@dataclass
class Validated:
    """The data rows of a file split into valid values and rejected cells with their issues."""

    good: list[dict] = field(default_factory=list)  # field name -> value, plus '_row'
    bad: list[tuple[list, list[RowIssue]]] = field(default_factory=list)  # original cells, issues

    @property
    def issues(self) -> list[RowIssue]:
        """All row issues, in file order."""
        return [issue for _, issues in self.bad for issue in issues]

    @property
    def rows_read(self) -> int:
        """How many data rows the file had."""
        return len(self.good) + len(self.bad)


def validate_rows(spec: KindSpec, records: list[tuple[int, list]], headers: HeaderMap, units: UnitMatcher,
                  filename: str) -> Validated:
    """Validate the records after the header; refuse a file without data rows."""
    out = validate_chunk(spec, records[headers.index + 1:], headers, units, filename)
    if not out.good and not out.bad:
        raise ImportRefused(msg.NO_DATA_ROWS.format(file=filename))
    return out


def validate_chunk(spec: KindSpec, records: list[tuple[int, list]], headers: HeaderMap, units: UnitMatcher,
                   filename: str) -> Validated:
    """Validate data records (all after the header) into valid values and rejected cells with their issues."""
    header, colmap = headers.header, headers.colmap
    out = Validated()
    plan = [(f, colmap.get(f.name), f.converter(units)) for f in spec.fields]
    derived = [f for f in spec.fields if f.derive_from]

    def column(name: str) -> str:
        """The file's header for a field (its label when the file has no such column)."""
        idx = colmap.get(name)
        return header[idx] if idx is not None else spec.field(name).label

    for rownum, cells in records:
        values: dict = {"_row": rownum}
        problems: list[tuple[str | None, str]] = []
        failed: set[str] = set()
        width = len(cells)
        for f, idx, convert in plan:
            raw = cells[idx] if idx is not None and idx < width else None
            if raw is None or (raw.__class__ is str and not raw.strip()):
                values[f.name] = f.default
                if f.required and not f.derive_from:
                    failed.add(f.name)
                    problems.append((header[idx] if idx is not None else f.label, msg.V_MISSING))
                continue
            try:
                values[f.name] = convert(raw)
            except ValueProblem as exc:
                failed.add(f.name)
                problems.append((header[idx], str(exc)))
        for f in derived:
            if f.derive_from and values.get(f.name) is None and not failed & {f.name, f.derive_from}:
                source = values.get(f.derive_from)
                if isinstance(source, dt.datetime):
                    values[f.name] = source.date()
                else:
                    idx = colmap.get(f.name, colmap.get(f.derive_from))
                    problems.append((header[idx] if idx is not None else f.label, msg.V_MISSING))
        if not problems:
            problems = [(column(name), text) for rule in spec.rules for name, text in rule(values, units)]
        if problems:
            out.bad.append((cells, [RowIssue(filename, rownum, col, text) for col, text in problems]))
        else:
            out.good.append(values)
    return out


def mask_rows(spec: KindSpec, rows: list[dict]) -> Counter:
    """Mask personal data in the masked fields of valid rows, in place; return the counts by kind.

    A value seen before in the same call (a role, a channel, a repeated message) is masked once: its masked
    text and what was found are reused, and the counts still add up per row.
    """
    names = [f.name for f in spec.fields if f.masked]
    counts: Counter = Counter()
    seen: dict[str, tuple[str, Counter]] = {}
    for values in rows:
        for name in names:
            value = values.get(name)
            if not value:
                continue
            hit = seen.get(value)
            if hit is None:
                found: Counter = Counter()
                hit = seen[value] = (mask_into(value, found), found)
            values[name] = hit[0]
            if hit[1]:
                counts.update(hit[1])
    return counts
