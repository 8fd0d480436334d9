"""The import pipeline: read → map → validate → (mask, analyse) → store, with every kind rule on its KindSpec.

Files are streamed: the reader finds format, separator and header from the start of the file and yields
chunks of CHUNK_ROWS records; each chunk is validated, masked and analysed before the write lock and kept
in a temporary folder, then all chunks are written in the import's one transaction, so memory stays
bounded whatever the file size and any fault leaves the database as it was.
"""

from __future__ import annotations

import hashlib
import tempfile
import time
from collections import Counter
from pathlib import Path

import duckdb
import pandas as pd

from analysis import db as store
from analysis.importers import messages as msg
from analysis.importers import store_stage
from analysis.importers.import_result import ImportResult, Preview
from analysis.importers.map_stage import HeaderMap, find_header, header_names
from analysis.importers.read_stage import ImportRefused, TableStream, open_table, read_source
from analysis.importers.rejects_file import build_rejects
from analysis.importers.schemas import KIND_NAMES, KINDS, KindSpec
from analysis.importers.unit_matching import UnitMatcher
from analysis.importers.validate_stage import Validated, mask_rows, validate_chunk
from analysis.importers.values import cell_text
from analysis.text.masking import mask_text

PREVIEW_ROWS = 20
PREVIEW_ISSUES = 200
CHUNK_ROWS = 20_000  # records validated, analysed and stored at a time


def kind_spec(kind: str) -> KindSpec:
    """Return the spec of a kind or refuse with the list of kinds."""
    if kind not in KINDS:
        raise ImportRefused(msg.UNKNOWN_KIND.format(kind=kind, kinds=", ".join(KIND_NAMES)))
    return KINDS[kind]


def preview(file_bytes: bytes, filename: str, kind: str, mapping: dict[str, str] | None = None,
            db: str | Path | None = None, chunk_rows: int = CHUNK_ROWS) -> Preview:
    """Read and validate a file without writing: format, column mapping, first rows, row issues (streamed)."""
    out = Preview(filename=filename, kind=kind)
    try:
        spec = kind_spec(kind)
        out.fields = {f.name: f.label for f in spec.fields}
        stream = open_table(file_bytes, filename)
        table = stream.table
        out.file_format, out.encoding, out.separator, out.sheet = (
            table.file_format, table.encoding, table.separator, table.sheet)
        out.description = table.describe()
        out.header = header_names(table.records[0][1])
        headers = find_header(table, spec, mapping, filename)
        units = UnitMatcher.load(db)
        for chunk in stream.chunks(chunk_rows, skip=headers.index + 1):
            rows = validate_chunk(spec, chunk, headers, units, filename)
            out.rows_total += rows.rows_read
            out.valid, out.rejected = out.valid + len(rows.good), out.rejected + len(rows.bad)
            if len(out.issues) < PREVIEW_ISSUES:
                out.issues += rows.issues[:PREVIEW_ISSUES - len(out.issues)]
            out.masked.update(mask_rows(spec, rows.good))
        if not out.rows_total:
            raise ImportRefused(msg.NO_DATA_ROWS.format(file=filename))
    except ImportRefused as exc:
        out.error = str(exc)
        return out
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
                mapping: dict[str, str] | None = None, filename: str | None = None,
                chunk_rows: int = CHUNK_ROWS) -> ImportResult:
    """Import one file chunk by chunk in one transaction; refuse unreadable files with ImportRefused.

    Reading, validation, masking and analysis run chunk by chunk before the write lock (prepared chunks wait
    in a temporary folder), so memory stays bounded and the dashboard keeps reading; then every chunk is
    written in one transaction. A fault anywhere (a broken quote late in the file, a database error) leaves
    the database as it was. Raises analysis.db.DatabaseBusy when it stays locked beyond the retry budget.
    """
    started = time.perf_counter()
    data, name = read_source(path_or_bytes, filename)
    digest = hashlib.sha256(data).hexdigest()
    spec = kind_spec(kind)
    stream = open_table(data, name)
    del data  # a CSV lives on as its decoded text, an Excel file in its reader; a path's bytes can go
    headers = find_header(stream.table, spec, mapping, name)
    units = UnitMatcher.load(db)
    result = ImportResult(kind=kind, filename=name, description=stream.table.describe())
    with tempfile.TemporaryDirectory(prefix="golive-import-") as folder:
        prepared: list[Path] = []
        for chunk in stream.chunks(chunk_rows, skip=headers.index + 1):
            rows = validate_chunk(spec, chunk, headers, units, name)
            _take(spec, stream, headers, rows, result)
            prepared.append(Path(folder) / f"{len(prepared):06d}.pkl")
            store_stage.prepare_chunk(spec, rows.good, db).to_pickle(prepared[-1])
        if not result.rows_read:
            raise ImportRefused(msg.NO_DATA_ROWS.format(file=name))
        del stream  # the decoded text is not needed for the write

        def work(con: duckdb.DuckDBPyConnection) -> None:
            """Write every prepared chunk, then log the import (one transaction)."""
            writer = store_stage.ChunkWriter(con, spec, headers.mapped(spec), f"import:{name}")
            for path in prepared:
                writer.write(pd.read_pickle(path))  # our own file, written a moment ago
            result.imported, result.updated = writer.finish()
            result.already_present = result.rows_read - result.rejected - result.imported - result.updated
            store_stage.log_import(con, result, digest)

        write_started = time.perf_counter()
        store.write(work, db)
    result.write_s = time.perf_counter() - write_started
    result.duration_s = time.perf_counter() - started
    return result


def _take(spec: KindSpec, stream: TableStream, headers: HeaderMap, rows: Validated, result: ImportResult) -> None:
    """Add a chunk's counts, issues, rejected rows and masking to the result (masking its valid rows in place)."""
    result.rows_read += rows.rows_read
    if rows.bad:
        result.rejected += len(rows.bad)
        result.issues += rows.issues
        rejects = build_rejects(spec, stream.table, headers, rows.bad)
        if result.rejects is None:
            result.rejects = rejects
        else:
            result.rejects.rows += rejects.rows
    result.masked.update(mask_rows(spec, rows.good))
