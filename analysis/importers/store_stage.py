"""Store stage: valid rows deduplicated, filtered and analysed before the lock, then one write transaction."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from analysis import db as store
from analysis.config import db_path
from analysis.importers.values import LOCAL_TZ
from analysis.text import stored_columns

if TYPE_CHECKING:
    from analysis.importers.import_result import ImportResult
    from analysis.importers.schemas import KindSpec

ANALYSIS_SQL_TYPES = {
    "polarity": "DOUBLE", "label": "VARCHAR", "language": "VARCHAR", "themes": "VARCHAR[]",
    "safety": "BOOLEAN", "safety_reason": "VARCHAR", "evidence": "VARCHAR", "analyzer_version": "VARCHAR",
}

Selector = Callable[["KindSpec", list[dict], "str | Path | None"], list[dict]]
Writer = Callable[[duckdb.DuckDBPyConnection, "KindSpec", pd.DataFrame, set[str], str], tuple[int, int]]


@dataclass(frozen=True)
class StoreStep:
    """How a kind's rows reach its table: which to send (read-only, before the lock) and how to write them."""

    select: Selector
    write: Writer  # returns (inserted, updated)
    updates: bool  # a known key with other values is updated (the summary reports "Oppdatert")


# --- before the write lock --------------------------------------------------------------------

def dedupe(spec: KindSpec, rows: list[dict]) -> list[dict]:
    """Drop in-file duplicates by key; the last occurrence wins (later rows are newer)."""
    def key(r: dict) -> tuple:
        return tuple(tuple(v) if isinstance(v, list) else v for v in (r.get(k) for k in spec.key))

    latest = {key(r): r for r in rows}
    return list(latest.values())


def to_frame(spec: KindSpec, rows: list[dict]) -> pd.DataFrame:
    """Valid rows as a DataFrame with one object column per field (types are cast in SQL)."""
    names = [f.name for f in spec.fields] + ["_row"]
    return pd.DataFrame({n: pd.Series([r.get(n) for r in rows], dtype=object) for n in names})


def stored_already(spec: KindSpec, rows: list[dict], db: str | Path | None) -> list[bool]:
    """Which rows are already stored (read-only look-up, so that they are not analysed again)."""
    if not rows or not db_path(db).exists():
        return [False] * len(rows)
    frame = to_frame(spec, rows)
    frame["_i"] = range(len(frame))

    def look(con: duckdb.DuckDBPyConnection) -> set[int]:
        try:
            con.execute(f"SELECT 1 FROM {spec.table} LIMIT 0")
        except duckdb.CatalogException:
            return set()
        con.register("_incoming", frame)
        cond = " AND ".join(
            f"t.{k} IS NOT DISTINCT FROM CAST(s.{k} AS {spec.field(k).type.sql})" for k in spec.key)
        found = con.execute(
            f"SELECT s._i FROM _incoming s WHERE EXISTS (SELECT 1 FROM {spec.table} t WHERE {cond})").fetchall()
        return {i for (i,) in found}

    present = store.read_many(look, db=db)
    return [i in present for i in range(len(rows))]


def skip_stored(spec: KindSpec, rows: list[dict], db: str | Path | None) -> list[dict]:
    """Keep only rows whose content is not stored yet."""
    present = stored_already(spec, rows, db)
    return [r for r, p in zip(rows, present, strict=True) if not p]


def keep_all(spec: KindSpec, rows: list[dict], db: str | Path | None) -> list[dict]:
    """Send every row: the write decides between insert and update."""
    return rows


def score_rows(rows: list[dict]) -> pd.DataFrame:
    """Analyse the 'text' of rows; rows without text get empty analysis columns."""
    texts = [r.get("text") or "" for r in rows]
    idx = [i for i, t in enumerate(texts) if t]
    empty = pd.DataFrame(columns=stored_columns.ANALYSIS_COLUMNS)
    scores = stored_columns.score_texts([texts[i] for i in idx]) if idx else empty
    out = pd.DataFrame({c: pd.Series([None] * len(rows), dtype=object) for c in stored_columns.ANALYSIS_COLUMNS})
    for c in stored_columns.ANALYSIS_COLUMNS:
        col = out[c].to_numpy(dtype=object, copy=True)
        col[idx] = scores[c].to_numpy(dtype=object) if idx else []
        out[c] = col
    return out


def prepare(spec: KindSpec, rows: list[dict], db: str | Path | None) -> pd.DataFrame:
    """Everything before the write lock: dedupe, the kind's selection, its analysis columns."""
    rows = spec.store.select(spec, dedupe(spec, rows), db)
    frame = to_frame(spec, rows)
    if spec.analyse is not None:
        frame = pd.concat([frame, spec.analyse(rows)], axis=1)
    return frame


# --- inside the write transaction -------------------------------------------------------------

def _stage(con: duckdb.DuckDBPyConnection, spec: KindSpec, frame: pd.DataFrame, name: str) -> None:
    """Copy a DataFrame into a temp table with the target column types."""
    con.register("_incoming", frame)
    casts = [f"CAST(_incoming.{f.name} AS {f.type.sql}) AS {f.name}" for f in spec.fields]
    casts.append("CAST(_incoming._row AS BIGINT) AS _row")
    casts += [f"CAST(_incoming.{c} AS {t}) AS {c}" for c, t in ANALYSIS_SQL_TYPES.items() if c in frame.columns]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {', '.join(casts)} FROM _incoming")
    con.unregister("_incoming")


def insert_new(con: duckdb.DuckDBPyConnection, spec: KindSpec, frame: pd.DataFrame, mapped: set[str],
               source: str) -> tuple[int, int]:
    """Insert rows whose key is not stored yet (never update); return (inserted, 0)."""
    _stage(con, spec, frame, "_stage")
    cols = [f.name for f in spec.fields] + [c for c in ANALYSIS_SQL_TYPES if c in frame.columns]
    col_sql = ", ".join(cols)
    match = " AND ".join(f"t.{k} IS NOT DISTINCT FROM s.{k}" for k in spec.key)
    with_source = spec.source_column
    inserted = con.execute(
        f"INSERT INTO {spec.table} ({col_sql}{', source' if with_source else ''}) "
        f"SELECT {col_sql}{', ?' if with_source else ''} FROM _stage s "
        f"WHERE NOT EXISTS (SELECT 1 FROM {spec.table} t WHERE {match}) ORDER BY s._row",
        [source] if with_source else [],
    ).fetchone()[0]
    con.execute("DROP TABLE _stage")
    return int(inserted), 0


def upsert(con: duckdb.DuckDBPyConnection, spec: KindSpec, frame: pd.DataFrame, mapped: set[str],
           source: str) -> tuple[int, int]:
    """Insert new keys, update the mapped columns of changed rows; return (inserted, updated)."""
    _stage(con, spec, frame, "_stage")
    keys = " AND ".join(f"t.{k} = s.{k}" for k in spec.key)
    values = [f.name for f in spec.fields if f.name not in spec.key and f.name in mapped]
    with_source = spec.source_column
    updated = 0
    if values:
        differs = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in values)
        sets = ", ".join(f"{c} = s.{c}" for c in values) + (", source = ?" if with_source else "")
        updated = con.execute(
            f"UPDATE {spec.table} AS t SET {sets} FROM _stage s WHERE {keys} AND ({differs})",
            [source] if with_source else [],
        ).fetchone()[0]
    cols = ", ".join(f.name for f in spec.fields)
    inserted = con.execute(
        f"INSERT INTO {spec.table} ({cols}{', source' if with_source else ''}) "
        f"SELECT {cols}{', ?' if with_source else ''} FROM _stage s "
        f"WHERE NOT EXISTS (SELECT 1 FROM {spec.table} t WHERE {keys})",
        [source] if with_source else [],
    ).fetchone()[0]
    con.execute("DROP TABLE _stage")
    return int(inserted), int(updated)


INSERT_NEW = StoreStep(select=skip_stored, write=insert_new, updates=False)
UPSERT = StoreStep(select=keep_all, write=upsert, updates=True)


def log_import(con: duckdb.DuckDBPyConnection, result: ImportResult, digest: str) -> None:
    """Record the import in import_log, the last statement of the import's transaction."""
    con.execute(
        "INSERT INTO import_log (imported_at, kind, filename, file_sha256, rows_read, imported, updated, "
        "already_present, rejected, masked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [dt.datetime.now(LOCAL_TZ).replace(tzinfo=None), result.kind, result.filename, digest, result.rows_read,
         result.imported, result.updated, result.already_present, result.rejected, sum(result.masked.values())],
    )


def write_import(spec: KindSpec, frame: pd.DataFrame, mapped: set[str], result: ImportResult, digest: str,
                 db: str | Path | None) -> None:
    """Write the rows and the import_log row in one transaction; fill in the counts and the lock time."""
    source = f"import:{result.filename}"

    def work(con: duckdb.DuckDBPyConnection) -> None:
        inserted, updated = (0, 0) if frame.empty else spec.store.write(con, spec, frame, mapped, source)
        result.imported, result.updated = inserted, updated
        result.already_present = result.rows_read - result.rejected - inserted - updated
        log_import(con, result, digest)

    started = time.perf_counter()
    store.write(work, db)
    result.write_s = time.perf_counter() - started
