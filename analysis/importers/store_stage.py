"""Store stage: valid rows deduplicated, filtered and analysed before the lock, then one write transaction."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb
import numpy as np
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

WRITE_MEMORY_LIMIT = "512MB"  # DuckDB's memory during an import's write; the rest spills to disk
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

def _stage(con: duckdb.DuckDBPyConnection, spec: KindSpec, frame: pd.DataFrame, name: str,
           append: bool = False, extra: tuple[str, ...] = ()) -> None:
    """Copy a DataFrame into a temp table with the target column types (or append to one made so)."""
    con.register("_incoming", frame)
    casts = [f"CAST(_incoming.{f.name} AS {f.type.sql}) AS {f.name}" for f in spec.fields]
    casts.append("CAST(_incoming._row AS BIGINT) AS _row")
    casts += [f"CAST(_incoming.{c} AS {t}) AS {c}" for c, t in ANALYSIS_SQL_TYPES.items() if c in frame.columns]
    casts += [f"_incoming.{c} AS {c}" for c in extra]
    select = f"SELECT {', '.join(casts)} FROM _incoming"
    con.execute(f"INSERT INTO {name} {select}" if append else f"CREATE OR REPLACE TEMP TABLE {name} AS {select}")
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


# --- streaming: chunks prepared before the lock, written in the import's one transaction -------------

def prepare_chunk(spec: KindSpec, rows: list[dict], db: str | Path | None) -> pd.DataFrame:
    """Before the lock: a chunk's valid rows deduplicated, analysed unless already stored (read-only look-up).

    The column _scored says which rows carry analysis; the write analyses a row it finds new but unscored.
    """
    rows = dedupe(spec, rows)
    frame = to_frame(spec, rows)
    scored = [True] * len(rows)
    if spec.analyse is not None and rows:
        if not spec.store.updates:
            scored = [not p for p in stored_already(spec, rows, db)]
        frame = _with_analysis(spec, frame, [r for r, s in zip(rows, scored, strict=True) if s], scored)
    frame["_scored"] = scored
    return frame


def _with_analysis(spec: KindSpec, frame: pd.DataFrame, todo: list[dict], where: list[bool]) -> pd.DataFrame:
    """Add (or fill in) the kind's analysis columns for the rows marked in `where`, analysing `todo`."""
    assert spec.analyse is not None
    idx = np.flatnonzero(np.asarray(where, dtype=bool))
    scores = spec.analyse(todo) if todo else pd.DataFrame(columns=list(ANALYSIS_SQL_TYPES))
    for c in scores.columns:
        col = frame[c].to_numpy(dtype=object, copy=True) if c in frame.columns else np.full(len(frame), None, object)
        values = np.empty(len(idx), dtype=object)
        values[:] = list(scores[c])  # a column of lists (themes) stays one list per row
        col[idx] = values
        frame[c] = col
    return frame


@dataclass
class ChunkWriter:
    """Writes an import's prepared chunks in one open transaction, with the same counts as a one-piece write.

    Content kinds number their rows from a sequence, so ids from first_id on are this import's. Their key
    hashes (8 bytes a row, stored rows and this import's alike) are kept in the temp table _import_keys: a
    chunk's rows are compared with the stored rows by their real key only where the hash matches, so a chunk
    of new rows costs no scan of the table. Keyed kinds keep the keys this import inserted in _import_new and
    the stored rows it is about to change in _import_orig, so that a key seen again in a later chunk counts
    once (the last row's values win, as in dedupe) and "Oppdatert" counts stored rows whose final values
    differ from before.
    """

    con: duckdb.DuckDBPyConnection
    spec: KindSpec
    mapped: set[str]
    source: str

    inserted: int = 0
    first_id: int | None = None  # content tables number rows from a sequence: ids from here on are this import's

    def __post_init__(self) -> None:
        """Bound DuckDB's memory and set up the bookkeeping (temp tables live as long as the connection)."""
        con, spec = self.con, self.spec
        con.execute(f"SET memory_limit = '{WRITE_MEMORY_LIMIT}'")  # beyond it DuckDB spills to <db>.tmp
        columns = {c for (c,) in con.execute(
            "SELECT column_name FROM information_schema.columns WHERE table_name = ?", [spec.table]).fetchall()}
        keys = ", ".join(spec.key)
        if not spec.store.updates and "id" in columns:
            self.first_id = con.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {spec.table}").fetchall()[0][0]
            con.execute(f"CREATE OR REPLACE TEMP TABLE _import_keys AS SELECT hash({keys}) AS h FROM {spec.table}")
            return
        con.execute(f"CREATE OR REPLACE TEMP TABLE _import_new AS SELECT {keys} FROM {spec.table} LIMIT 0")
        if spec.store.updates:
            con.execute(f"CREATE OR REPLACE TEMP TABLE _import_orig AS SELECT * FROM {spec.table} LIMIT 0")

    def _stored(self) -> str:
        """SQL giving (_row, inserted by this import) for each row of _chunk whose key is stored."""
        table, match = self.spec.table, self._match("t", "s")
        if self.first_id is not None:
            keys = ", ".join(f"s.{k}" for k in self.spec.key)
            return (f"SELECT s._row, max(t.id) >= {int(self.first_id)} FROM "
                    f"(SELECT * FROM _chunk s WHERE hash({keys}) IN (SELECT h FROM _import_keys)) s "
                    f"JOIN {table} t ON {match} GROUP BY s._row")
        return (f"SELECT s._row, EXISTS (SELECT 1 FROM _import_new n WHERE {self._match('n', 's')}) FROM _chunk s "
                f"WHERE EXISTS (SELECT 1 FROM {table} t WHERE {match})")

    def _match(self, left: str, right: str) -> str:
        """The key condition between two aliases (NULL matches NULL, as the content kinds compare)."""
        if self.spec.store.updates:
            return " AND ".join(f"{left}.{k} = {right}.{k}" for k in self.spec.key)
        return " AND ".join(f"{left}.{k} IS NOT DISTINCT FROM {right}.{k}" for k in self.spec.key)

    def write(self, frame: pd.DataFrame) -> None:
        """Write one prepared chunk (see prepare_chunk)."""
        if frame.empty:
            return
        if self.spec.store.updates:
            self._upsert(frame)
        else:
            self._insert_new(frame)

    def _insert_new(self, frame: pd.DataFrame) -> None:
        """Content kinds: skip stored rows, let a later row of this import replace its earlier twin, insert the rest."""
        con, spec = self.con, self.spec
        _stage(con, spec, frame, "_chunk")
        found = con.execute(self._stored()).fetchall()
        stored = {row for row, _ in found}
        mine = [row for row, own in found if own]
        others = [f.name for f in spec.fields if f.name not in spec.key]
        if mine and others:
            con.execute("CREATE OR REPLACE TEMP TABLE _twins AS SELECT * FROM _chunk WHERE list_contains(?, _row)",
                        [mine])
            con.execute(f"UPDATE {spec.table} AS t SET {', '.join(f'{c} = s.{c}' for c in others)} "
                        f"FROM _twins s WHERE {self._match('t', 's')}")
            con.execute("DROP TABLE _twins")
        con.execute("DROP TABLE _chunk")
        fresh = frame[~frame["_row"].isin(stored)].reset_index(drop=True)
        if fresh.empty:
            return
        unscored = ~fresh["_scored"].astype(bool)
        if spec.analyse is not None and unscored.any():  # stored at the look-up, gone by now: analyse here
            todo = fresh.loc[unscored, [f.name for f in spec.fields]].to_dict("records")
            fresh = _with_analysis(spec, fresh, todo, list(unscored))
        _stage(con, spec, fresh, "_stage")
        keys = ", ".join(spec.key)
        if self.first_id is None:
            con.execute(f"INSERT INTO _import_new SELECT {keys} FROM _stage")
        else:
            con.execute(f"INSERT INTO _import_keys SELECT hash({keys}) FROM _stage")
        cols = ", ".join([f.name for f in spec.fields] + [c for c in ANALYSIS_SQL_TYPES if c in fresh.columns])
        with_source = spec.source_column
        self.inserted += con.execute(f"INSERT INTO {spec.table} ({cols}{', source' if with_source else ''}) "
                                     f"SELECT {cols}{', ?' if with_source else ''} FROM _stage ORDER BY _row",
                                     [self.source] if with_source else []).fetchall()[0][0]
        con.execute("DROP TABLE _stage")

    def _upsert(self, frame: pd.DataFrame) -> None:
        """Keyed kinds: remember new keys and the stored rows before their first change, then upsert."""
        con, spec = self.con, self.spec
        _stage(con, spec, frame, "_chunk")
        con.execute(
            f"INSERT INTO _import_orig SELECT t.* FROM {spec.table} t JOIN _chunk s ON {self._match('t', 's')} "
            f"WHERE NOT EXISTS (SELECT 1 FROM _import_orig o WHERE {self._match('o', 's')}) "
            f"AND NOT EXISTS (SELECT 1 FROM _import_new n WHERE {self._match('n', 's')})")
        con.execute(
            f"INSERT INTO _import_new SELECT {', '.join(f's.{k}' for k in spec.key)} FROM _chunk s "
            f"WHERE NOT EXISTS (SELECT 1 FROM {spec.table} t WHERE {self._match('t', 's')})")
        con.execute("DROP TABLE _chunk")
        spec.store.write(con, spec, frame, self.mapped, self.source)

    def finish(self) -> tuple[int, int]:
        """Return (inserted, updated) for the whole import; a stored row changed and changed back keeps its source."""
        con, spec = self.con, self.spec
        if self.first_id is not None:
            con.execute("DROP TABLE IF EXISTS _import_keys")
            return self.inserted, 0
        inserted = con.execute("SELECT count(*) FROM _import_new").fetchall()[0][0]
        updated = 0
        values = [f.name for f in spec.fields if f.name not in spec.key and f.name in self.mapped]
        if spec.store.updates and values:
            differs = " OR ".join(f"t.{c} IS DISTINCT FROM o.{c}" for c in values)
            match = self._match("t", "o")
            updated = con.execute(
                f"SELECT count(*) FROM {spec.table} t JOIN _import_orig o ON {match} WHERE {differs}").fetchall()[0][0]
            if spec.source_column:
                con.execute(f"UPDATE {spec.table} AS t SET source = o.source FROM _import_orig o "
                            f"WHERE {match} AND NOT ({differs}) AND t.source IS DISTINCT FROM o.source")
        con.execute("DROP TABLE IF EXISTS _import_new")
        con.execute("DROP TABLE IF EXISTS _import_orig")
        return int(inserted), int(updated)


# --- content kinds: a staging file, then one insert -------------------------------------------------------

STAGING_MEMORY_LIMIT = "256MB"  # the staging file's buffer; committed chunks are evicted to the file


class Staging:
    """Prepared chunks of a content kind (chat, reports), appended to a DuckDB file of their own before the lock.

    Each chunk is committed to the file as it comes, so memory holds one chunk however long the file is; the
    import's one transaction then inserts from it in a single statement (insert_staged).
    """

    def __init__(self, path: Path, spec: KindSpec) -> None:
        """Create the staging file (in the import's temporary folder)."""
        self.path, self.spec, self.rows = path, spec, 0
        self.con = duckdb.connect(str(path))
        self.con.execute(f"SET memory_limit = '{STAGING_MEMORY_LIMIT}'")
        self.con.execute("SET preserve_insertion_order = false")

    def add(self, frame: pd.DataFrame) -> None:
        """Append one prepared chunk (see prepare_chunk)."""
        if frame.empty:
            return
        self.con.register("_incoming", frame)
        casts = [f"CAST(_incoming.{f.name} AS {f.type.sql}) AS {f.name}" for f in self.spec.fields]
        casts += ["CAST(_incoming._row AS BIGINT) AS _row", "CAST(_incoming._scored AS BOOLEAN) AS _scored"]
        casts += [f"CAST(_incoming.{c} AS {t}) AS {c}" for c, t in ANALYSIS_SQL_TYPES.items() if c in frame.columns]
        select = f"SELECT {', '.join(casts)} FROM _incoming"
        self.con.execute(f"INSERT INTO rows {select}" if self.rows else f"CREATE TABLE rows AS {select}")
        self.con.unregister("_incoming")
        self.rows += len(frame)

    def close(self) -> None:
        """Close the staging file so the import's writer can attach it."""
        self.con.close()


def insert_staged(con: duckdb.DuckDBPyConnection, spec: KindSpec, staging: Staging, source: str) -> int:
    """Insert the staged rows in one statement: per key the last row's values at the first row's place, keys
    stored before the import skipped, in file order; rows found stored at the look-up but gone now are analysed
    here. Return how many rows were inserted.
    """
    if not staging.rows:
        return 0
    con.execute(f"SET memory_limit = '{WRITE_MEMORY_LIMIT}'")  # beyond it DuckDB spills to <db>.tmp
    con.execute(f"ATTACH '{staging.path}' AS _staging (READ_ONLY)")  # our own temp path, not user input
    try:
        fields = [f.name for f in spec.fields]
        match = " AND ".join(f"t.{k} IS NOT DISTINCT FROM s.{k}" for k in spec.key)
        analysed = [c for c in ANALYSIS_SQL_TYPES] if spec.analyse is not None else []
        fixed = None
        if analysed:
            todo = con.execute(f"SELECT {', '.join(fields)}, _row FROM _staging.rows s WHERE NOT _scored "
                               f"AND NOT EXISTS (SELECT 1 FROM {spec.table} t WHERE {match})").df()
            if not todo.empty:
                fixed = _with_analysis(spec, todo, todo.to_dict("records"), [True] * len(todo))
        values = list(fields)
        join = ""
        if fixed is not None:
            con.register("_fixed", fixed[["_row", *analysed]])
            join = "LEFT JOIN _fixed f ON f._row = s._row"
            values += [f"CASE WHEN s._scored THEN s.{c} ELSE CAST(f.{c} AS {ANALYSIS_SQL_TYPES[c]}) END"
                       for c in analysed]
        else:
            values += analysed
        keys = ", ".join(spec.key)
        with_source = spec.source_column
        cols = ", ".join(fields + analysed) + (", source" if with_source else "")
        picked = ", ".join(f"s.{v}" if v in fields or v in analysed else v for v in values)
        inserted = con.execute(
            f"INSERT INTO {spec.table} ({cols}) SELECT {picked}{', ?' if with_source else ''} FROM ("
            f"SELECT *, min(_row) OVER w AS _first, row_number() OVER (w ORDER BY _row DESC) AS _last "
            f"FROM _staging.rows WINDOW w AS (PARTITION BY {keys})) s {join} "
            f"WHERE s._last = 1 AND NOT EXISTS (SELECT 1 FROM {spec.table} t WHERE {match}) ORDER BY s._first",
            [source] if with_source else []).fetchall()[0][0]
        if fixed is not None:
            con.unregister("_fixed")
        return int(inserted)
    finally:
        con.execute("DETACH _staging")
