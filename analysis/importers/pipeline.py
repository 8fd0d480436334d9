"""The import pipeline: read → map → validate → (mask, analyse) → store, with every kind rule on its KindSpec.

Files are streamed: the reader finds format, separator and header from the start of the file and yields
chunks of CHUNK_ROWS records; each chunk is validated, masked and analysed before the write lock and kept
in a temporary folder, then all chunks are written in the import's one transaction, so memory stays
bounded whatever the file size and any fault leaves the database as it was.
"""

from __future__ import annotations

import io
import multiprocessing
import os
import tempfile
import time
from collections import Counter, deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from pathlib import Path

import duckdb
import pandas as pd

from analysis import db as store
from analysis.importers import messages as msg
from analysis.importers import store_stage
from analysis.importers.import_result import ImportResult, Preview
from analysis.importers.map_stage import HeaderMap, find_header, header_names
from analysis.importers.read_stage import ImportRefused, Opener, TableStream, open_source, open_table
from analysis.importers.rejects_file import build_rejects
from analysis.importers.schemas import KIND_NAMES, KINDS, KindSpec
from analysis.importers.unit_matching import UnitMatcher
from analysis.importers.validate_stage import Validated, mask_rows, validate_chunk
from analysis.importers.values import cell_text
from analysis.text.masking import mask_text

PREVIEW_ROWS = 20
PREVIEW_ISSUES = 200
CHUNK_ROWS = 20_000  # records validated, analysed and stored at a time
PARALLEL_FROM_BYTES = 8_000_000  # from about 40 000 chat rows, analysis runs in a worker process beside the reader
WORKER_QUEUE = 2  # chunks handed to the worker and not yet taken back


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
    opener, name = open_source(path_or_bytes, filename)
    spec = kind_spec(kind)
    stream = open_table(opener, name)  # a path is read block by block; only an upload's bytes are in memory
    headers = find_header(stream.table, spec, mapping, name)
    units = UnitMatcher.load(db)
    result = ImportResult(kind=kind, filename=name, description=stream.table.describe())
    with tempfile.TemporaryDirectory(prefix="golive-import-") as folder:
        # Content kinds gather their chunks in a staging file and are inserted in one statement; keyed kinds
        # (small files: units, tickets, days) keep each chunk as a pickle and upsert it chunk by chunk.
        staging = None if spec.store.updates else store_stage.Staging(Path(folder) / "staging.duckdb", spec)
        prepared: list[Path] = []

        def valid_rows() -> Iterator[list[dict]]:
            """Each chunk's valid rows, masked, with its counts, issues and rejected rows taken into the result."""
            for chunk in stream.chunks(chunk_rows, skip=headers.index + 1):
                rows = validate_chunk(spec, chunk, headers, units, name)
                _take(spec, stream, headers, rows, result)
                yield rows.good

        try:
            for frame in _prepare_all(spec, valid_rows(), db, parallel=_worth_a_worker(spec, opener)):
                if staging is not None:
                    staging.add(frame)
                else:
                    prepared.append(Path(folder) / f"{len(prepared):06d}.pkl")
                    frame.to_pickle(prepared[-1])
        finally:
            if staging is not None:
                staging.close()
        if not result.rows_read:
            raise ImportRefused(msg.NO_DATA_ROWS.format(file=name))

        def work(con: duckdb.DuckDBPyConnection) -> None:
            """Write every prepared chunk, then log the import (one transaction)."""
            if staging is not None:
                result.imported, result.updated = store_stage.insert_staged(con, spec, staging, f"import:{name}"), 0
            else:
                writer = store_stage.ChunkWriter(con, spec, headers.mapped(spec), f"import:{name}")
                for path in prepared:
                    writer.write(pd.read_pickle(path))  # our own file, written a moment ago
                result.imported, result.updated = writer.finish()
            result.already_present = result.rows_read - result.rejected - result.imported - result.updated
            store_stage.log_import(con, result, stream.digest)

        write_started = time.perf_counter()
        store.write(work, db)
    result.write_s = time.perf_counter() - write_started
    result.duration_s = time.perf_counter() - started
    return result


def _worth_a_worker(spec: KindSpec, opener: Opener) -> bool:
    """Analyse in a second process when the kind is analysed, the machine has a core to spare and the file is big."""
    if spec.analyse is None or (os.cpu_count() or 1) < 2:
        return False
    with opener() as fh:
        return fh.seek(0, io.SEEK_END) >= PARALLEL_FROM_BYTES


def _prepare_in_worker(kind: str, rows: list[dict], db: str | Path | None) -> pd.DataFrame:
    """prepare_chunk in the worker process (the kind is passed by name; its spec is looked up there)."""
    return store_stage.prepare_chunk(KINDS[kind], rows, db)


def _prepare_all(spec: KindSpec, chunks: Iterator[list[dict]], db: str | Path | None,
                 parallel: bool) -> Iterator[pd.DataFrame]:
    """Prepared frames (see store_stage.prepare_chunk) in chunk order.

    With `parallel`, the look-up and analysis run in one worker process while this one reads, checks and masks
    the next chunks: two cores instead of one. At most WORKER_QUEUE chunks wait for it, so memory stays bounded,
    and the worker is gone before the write.
    """
    if not parallel:
        for rows in chunks:
            yield store_stage.prepare_chunk(spec, rows, db)
        return
    # spawn, not fork: the parent may run threads (Streamlit, DuckDB) that a fork would copy mid-flight.
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn")) as pool:
        waiting: deque[Future] = deque()
        for rows in chunks:
            waiting.append(pool.submit(_prepare_in_worker, spec.kind, rows, db))
            if len(waiting) >= WORKER_QUEUE:
                yield waiting.popleft().result()
        while waiting:
            yield waiting.popleft().result()


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
