"""The import pipeline: read → map → validate → (mask, analyse) → store, with every kind rule on its KindSpec."""

from __future__ import annotations

import hashlib
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.importers import messages as msg
from analysis.importers import store_stage
from analysis.importers.import_result import ImportResult, Preview
from analysis.importers.map_stage import HeaderMap, find_header, header_names
from analysis.importers.read_stage import ImportRefused, RawTable, read_source, read_table
from analysis.importers.rejects_file import build_rejects
from analysis.importers.schemas import KIND_NAMES, KINDS, KindSpec
from analysis.importers.unit_matching import UnitMatcher
from analysis.importers.validate_stage import Validated, mask_rows, validate_rows
from analysis.importers.values import cell_text
from analysis.text.masking import mask_text

PREVIEW_ROWS = 20
PREVIEW_ISSUES = 200


@dataclass
class Parsed:
    """A file after the read, map and validate stages; nothing is written yet."""

    spec: KindSpec
    table: RawTable
    headers: HeaderMap
    rows: Validated


def kind_spec(kind: str) -> KindSpec:
    """Return the spec of a kind or refuse with the list of kinds."""
    if kind not in KINDS:
        raise ImportRefused(msg.UNKNOWN_KIND.format(kind=kind, kinds=", ".join(KIND_NAMES)))
    return KINDS[kind]


def parse(spec: KindSpec, table: RawTable, filename: str, mapping: dict[str, str] | None,
          db: str | Path | None) -> Parsed:
    """Map the header and validate the rows of a read table (read-only: known units come from the db)."""
    headers = find_header(table, spec, mapping, filename)
    rows = validate_rows(spec, table.records, headers, UnitMatcher.load(db), filename)
    return Parsed(spec, table, headers, rows)


def preview(file_bytes: bytes, filename: str, kind: str, mapping: dict[str, str] | None = None,
            db: str | Path | None = None) -> Preview:
    """Read and validate a file without writing: format, column mapping, first rows, row issues."""
    out = Preview(filename=filename, kind=kind)
    try:
        spec = kind_spec(kind)
        out.fields = {f.name: f.label for f in spec.fields}
        table = read_table(file_bytes, filename)
        out.file_format, out.encoding, out.separator, out.sheet = (
            table.file_format, table.encoding, table.separator, table.sheet)
        out.description = table.describe()
        out.header = header_names(table.records[0][1])
        parsed = parse(spec, table, filename, mapping, db)
    except ImportRefused as exc:
        out.error = str(exc)
        return out
    headers = parsed.headers
    out.header, out.header_row = headers.header, table.records[headers.index][0]
    out.mapping = {headers.header[i]: name for name, i in headers.colmap.items()}
    out.mapping_labels = {headers.header[i]: spec.field(name).label for name, i in headers.colmap.items()}
    out.unmapped = [h for i, h in enumerate(headers.header) if h and i not in headers.colmap.values()]
    body = table.records[headers.index + 1:][:PREVIEW_ROWS]
    columns = _unique(headers.header)
    out.rows = pd.DataFrame(
        [[mask_text(cell_text(c))[0] for c in (cells + [None] * len(columns))[: len(columns)]] for _, cells in body],
        columns=columns,
        index=[rownum for rownum, _ in body],
    )
    out.rows_total = parsed.rows.rows_read
    out.valid, out.rejected = len(parsed.rows.good), len(parsed.rows.bad)
    out.issues = parsed.rows.issues[:PREVIEW_ISSUES]
    out.masked = mask_rows(spec, parsed.rows.good)
    return out


def _unique(names: list[str]) -> list[str]:
    """Make column names unique and non-empty for a DataFrame."""
    seen: Counter = Counter()
    out = []
    for i, name in enumerate(names):
        base = name or f"kolonne {i + 1}"
        seen[base] += 1
        out.append(base if seen[base] == 1 else f"{base} ({seen[base]})")
    return out


def import_file(path_or_bytes: str | Path | bytes, kind: str, db: str | Path | None = None,
                mapping: dict[str, str] | None = None, filename: str | None = None) -> ImportResult:
    """Import one file in one transaction; refuse unreadable files with ImportRefused (nothing written).

    Raises analysis.db.DatabaseBusy when the database stays locked beyond the retry budget.
    """
    started = time.perf_counter()
    data, name = read_source(path_or_bytes, filename)
    spec = kind_spec(kind)
    parsed = parse(spec, read_table(data, name), name, mapping, db)
    rows = parsed.rows
    result = ImportResult(kind=kind, filename=name, description=parsed.table.describe())
    result.rows_read, result.rejected, result.issues = rows.rows_read, len(rows.bad), rows.issues
    if rows.bad:
        result.rejects = build_rejects(spec, parsed.table, parsed.headers, rows.bad)
    result.masked = mask_rows(spec, rows.good)
    frame = store_stage.prepare(spec, rows.good, db)
    store_stage.write_import(spec, frame, parsed.headers.mapped(spec), result, hashlib.sha256(data).hexdigest(), db)
    result.duration_s = time.perf_counter() - started
    return result
