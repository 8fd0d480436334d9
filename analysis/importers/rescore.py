"""Re-run the text analysis on stored chat messages and unit reports when the analyzer changes.

Chunked and bounded: the distinct texts to score are copied to a Parquet file in one short read-only
snapshot, scored a batch at a time (each distinct text once, however often it is stored; in two worker
processes when there are many) with the results written to Parquet beside it, and then every stored row is
updated from those files by a join on its text, in one transaction. Memory does not grow with the number of
stored messages.
"""

from __future__ import annotations

import multiprocessing
import os
import tempfile
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from analysis import db as store
from analysis.config import db_path
from analysis.importers import messages as msg
from analysis.importers.store_stage import ANALYSIS_SQL_TYPES, WRITE_MEMORY_LIMIT
from analysis.text import sentiment, stored_columns

BATCH = 20_000  # distinct texts scored (and held) at a time
PARALLEL_FROM_TEXTS = 100_000  # from this many distinct texts, two worker processes score them (spawn costs ~3 s)
WORKER_QUEUE = 4  # batches handed to the workers and not yet written
TABLES = ("chat_messages", "unit_reports")
RESULT_SCHEMA = pa.schema([
    ("text", pa.string()), ("polarity", pa.float64()), ("label", pa.string()), ("language", pa.string()),
    ("themes", pa.list_(pa.string())), ("safety", pa.bool_()), ("safety_reason", pa.string()),
    ("evidence", pa.string()), ("analyzer_version", pa.string()),
])


@dataclass(frozen=True)
class RescoreResult:
    """How many texts were analysed again, per table (rows updated), and how many distinct texts were scored."""

    chat: int
    reports: int
    version: str
    distinct: int = 0

    def summary_text(self) -> str:
        """One Norwegian line."""
        return msg.RESCORE_DONE.format(chat=self.chat, reports=self.reports, version=self.version)


def _outdated_sql(tables: list[str]) -> str:
    """The distinct non-empty texts of `tables` whose analysis is outdated (or all, when the flag is false)."""
    parts = [f"SELECT text FROM {t} WHERE coalesce(text, '') <> '' "
             "AND (NOT $only OR analyzer_version IS DISTINCT FROM $version)" for t in tables]
    return "SELECT DISTINCT text FROM (" + " UNION ALL ".join(parts) + ")"


def _copy_texts(db: str | Path | None, target: Path, only_outdated: bool, version: str) -> list[str]:
    """Copy the distinct texts to re-score into a Parquet file (one read-only snapshot); return the tables read."""
    def copy(con: duckdb.DuckDBPyConnection) -> list[str]:
        tables = []
        for table in TABLES:
            try:
                con.execute(f"SELECT text, analyzer_version FROM {table} LIMIT 0")
                tables.append(table)
            except duckdb.CatalogException:
                continue
        if tables:
            con.execute(f"COPY ({_outdated_sql(tables)}) TO '{target}' (FORMAT parquet)",
                        {"only": only_outdated, "version": version})
        return tables

    return store.read_many(copy, db=db)


def _scored_batches(texts: Iterator[list[str]], parallel: bool) -> Iterator[tuple[list[str], pd.DataFrame]]:
    """(texts, their analysis columns) per batch, in order: in two worker processes when `parallel`."""
    if not parallel:
        for batch in texts:
            yield batch, stored_columns.score_texts(batch)
        return
    # spawn, not fork: a fresh interpreter, whatever threads the caller runs; at most WORKER_QUEUE batches wait.
    with ProcessPoolExecutor(max_workers=2, mp_context=multiprocessing.get_context("spawn")) as pool:
        waiting: deque[tuple[list[str], Future]] = deque()
        for batch in texts:
            waiting.append((batch, pool.submit(stored_columns.score_texts, batch)))
            if len(waiting) >= WORKER_QUEUE:
                done, future = waiting.popleft()
                yield done, future.result()
        while waiting:
            done, future = waiting.popleft()
            yield done, future.result()


def score_file(source: Path, folder: Path, batch: int = BATCH) -> tuple[list[Path], int]:
    """Score the texts of a Parquet file a batch at a time; write each batch's results to its own file."""
    parts: list[Path] = []
    scored = 0
    reader = pq.ParquetFile(source)
    parallel = reader.metadata.num_rows >= PARALLEL_FROM_TEXTS and (os.cpu_count() or 1) >= 2
    batches = (b.column(0).to_pylist() for b in reader.iter_batches(batch_size=batch, columns=["text"]))
    for texts, frame in _scored_batches(batches, parallel):
        frame.insert(0, "text", texts)
        parts.append(folder / f"scored-{len(parts):05d}.parquet")
        pq.write_table(pa.Table.from_pandas(frame, schema=RESULT_SCHEMA, preserve_index=False), parts[-1])
        scored += len(texts)
    return parts, scored


def rescore(db: str | Path | None = None, only_outdated: bool = True, batch: int = BATCH) -> RescoreResult:
    """Re-score stored texts whose analyzer_version differs (or all); all updates in one transaction."""
    version = sentiment.ANALYZER_VERSION
    if not db_path(db).exists():
        return RescoreResult(0, 0, version)
    with tempfile.TemporaryDirectory(prefix="golive-rescore-") as tmp:
        folder = Path(tmp)
        texts = folder / "texts.parquet"
        tables = _copy_texts(db, texts, only_outdated, version)
        if not tables:
            return RescoreResult(0, 0, version)
        parts, distinct = score_file(texts, folder, batch)
        if not distinct:
            return RescoreResult(0, 0, version)
        files = "[" + ", ".join(f"'{p}'" for p in parts) + "]"  # our own temp paths, not user input

        def work(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
            """Update every outdated row from the scored files, joined on its text."""
            con.execute(f"SET memory_limit = '{WRITE_MEMORY_LIMIT}'")
            sets = ", ".join(f"{c} = s.{c}" for c in ANALYSIS_SQL_TYPES)
            counts = {}
            for table in tables:
                # Joined on the text itself: a row edited since the snapshot gets its new text's analysis or keeps
                # its own; a row whose analysis is already current is left alone unless --all.
                counts[table] = con.execute(
                    f"UPDATE {table} AS t SET {sets} FROM read_parquet({files}) s "
                    "WHERE t.text = s.text AND (NOT $only OR t.analyzer_version IS DISTINCT FROM $version)",
                    {"only": only_outdated, "version": version}).fetchone()[0]
            return counts

        counts = store.write(work, db)
    return RescoreResult(int(counts.get("chat_messages", 0)), int(counts.get("unit_reports", 0)), version, distinct)
