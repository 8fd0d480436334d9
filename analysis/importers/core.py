"""The import pipeline: read, map headers, validate rows, mask, analyse, store in one transaction."""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import pandas as pd

from analysis import db as store
from analysis.config import db_path
from analysis.importers import messages as msg
from analysis.importers.reading import ImportRefused, RawTable, read_table
from analysis.importers.schemas import KIND_NAMES, KINDS, Field, KindSpec
from analysis.importers.unit_matching import UnitMatcher
from analysis.importers.values import (
    LOCAL_TZ,
    ValueProblem,
    cell_text,
    clean_text,
    fold,
    parse_date,
    parse_datetime,
    parse_int,
    parse_status,
    show,
    split_aliases,
)
from analysis.text import stored_columns
from analysis.text.masking import mask_into, mask_text

HEADER_SEARCH_ROWS = 10
PREVIEW_ROWS = 20
PREVIEW_ISSUES = 200
SQL_TYPES = {
    "datetime": "TIMESTAMP", "date": "DATE", "int": "INTEGER", "mood": "INTEGER", "text": "VARCHAR",
    "str": "VARCHAR", "unit": "VARCHAR", "status": "VARCHAR", "aliases": "VARCHAR[]",
}
ANALYSIS_SQL_TYPES = {
    "polarity": "DOUBLE", "label": "VARCHAR", "language": "VARCHAR", "themes": "VARCHAR[]",
    "safety": "BOOLEAN", "safety_reason": "VARCHAR", "evidence": "VARCHAR", "analyzer_version": "VARCHAR",
}
# Short labels that are identifiers, not prose: never masked (a numeric ticket id must survive).
UNMASKED_FIELDS = {"ticket_id", "name"}


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
class Rejects:
    """Rejected rows in the file's own columns plus a 'feil' column, ready to fix and re-import."""

    header: list[str]
    rows: list[list]
    file_format: str = "csv"
    separator: str = ";"

    def to_bytes(self) -> bytes:
        """Serialise like the input: CSV (UTF-8 with BOM, same separator) or XLSX."""
        if self.file_format == "xlsx":
            import openpyxl

            wb = openpyxl.Workbook()
            ws = wb.active
            ws.title = "Avviste rader"
            ws.append(self.header)
            for row in self.rows:
                ws.append(row)
            buf = io.BytesIO()
            wb.save(buf)
            return buf.getvalue()
        buf = io.StringIO(newline="")
        writer = csv.writer(buf, delimiter=self.separator, lineterminator="\r\n")
        writer.writerow(self.header)
        writer.writerows([[cell_text(c) for c in row] for row in self.rows])
        return buf.getvalue().encode("utf-8-sig")


@dataclass
class ImportResult:
    """What an import did: counts, masked personal data, row issues and the rejected rows."""

    kind: str
    filename: str
    description: str
    rows_read: int = 0
    imported: int = 0
    updated: int = 0
    already_present: int = 0
    rejected: int = 0
    masked: Counter = field(default_factory=Counter)
    issues: list[RowIssue] = field(default_factory=list)
    rejects: Rejects | None = None
    rejects_path: Path | None = None
    duration_s: float = 0.0
    write_s: float = 0.0  # how long the write lock was held (open, transaction, checkpoint, close)

    @property
    def nothing_importable(self) -> bool:
        """True when no row in the file was valid."""
        return self.rows_read == self.rejected

    @property
    def rejects_filename(self) -> str:
        """A file name for the rejects download, e.g. 'chat_avviste.csv'."""
        stem = Path(self.filename).stem or "import"
        ext = ".xlsx" if self.rejects and self.rejects.file_format == "xlsx" else ".csv"
        return f"{stem}_avviste{ext}"

    def rejects_bytes(self) -> bytes | None:
        """The rejects file's bytes, or None when no row was rejected."""
        return self.rejects.to_bytes() if self.rejects and self.rejects.rows else None

    def write_rejects(self, path: str | Path) -> Path | None:
        """Write the rejects file (only when something was rejected) and remember where."""
        data = self.rejects_bytes()
        if data is None:
            return None
        target = Path(path)
        target.write_bytes(data)
        self.rejects_path = target
        return target

    def summary_text(self, max_issues: int = 20) -> str:
        """The summary in Norwegian, one fact per line."""
        kind = msg.KIND_LABELS[self.kind]
        lines = [msg.SUMMARY_HEAD.format(kind=kind, file=self.filename, fmt=self.description)]
        for attr, label in msg.SUMMARY_LINES.items():
            if attr == "updated" and not KINDS[self.kind].upsert:
                continue
            lines.append(f"  {label}: {getattr(self, attr)}")
        masked = msg.format_masked(self.masked)
        lines.append("  " + (msg.SUMMARY_MASKED.format(items=masked) if masked else msg.SUMMARY_MASKED_NONE))
        if self.nothing_importable:
            lines.append(msg.SUMMARY_NOTHING)
        if self.issues:
            lines.append(msg.SUMMARY_REJECTS_HEAD)
            lines += [f"  {issue}" for issue in self.issues[:max_issues]]
            if len(self.issues) > max_issues:
                lines.append("  " + msg.SUMMARY_REJECTS_MORE.format(n=len(self.issues) - max_issues))
        if self.rejects_path:
            lines.append(msg.SUMMARY_REJECTS_FILE.format(path=self.rejects_path))
        return "\n".join(lines)

    def as_dict(self) -> dict:
        """Plain counts for logs and tests."""
        return {
            "rows_read": self.rows_read, "imported": self.imported, "updated": self.updated,
            "already_present": self.already_present, "rejected": self.rejected,
            "masked": dict(self.masked),
        }


@dataclass
class Preview:
    """What an import would do, without writing: format, column mapping, first rows, issues."""

    filename: str
    kind: str
    error: str | None = None
    file_format: str | None = None
    encoding: str | None = None
    separator: str | None = None
    sheet: str | None = None
    description: str = ""
    header: list[str] = field(default_factory=list)
    header_row: int = 1
    mapping: dict[str, str] = field(default_factory=dict)  # file column -> field name
    mapping_labels: dict[str, str] = field(default_factory=dict)  # file column -> Norwegian label
    unmapped: list[str] = field(default_factory=list)
    fields: dict[str, str] = field(default_factory=dict)  # field name -> Norwegian label (all targets)
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)
    rows_total: int = 0
    valid: int = 0
    rejected: int = 0
    issues: list[RowIssue] = field(default_factory=list)
    masked: Counter = field(default_factory=Counter)

    @property
    def ok(self) -> bool:
        """True when the file can be imported (some rows may still be rejected)."""
        return self.error is None


@dataclass
class _Parsed:
    """A file after header mapping and row validation."""

    spec: KindSpec
    filename: str
    table: RawTable
    header: list[str]
    header_index: int
    colmap: dict[str, int]
    good: list[dict]
    bad: list[tuple[list, list[RowIssue]]]
    masked: Counter = field(default_factory=Counter)

    @property
    def issues(self) -> list[RowIssue]:
        """All row issues, in file order."""
        return [issue for _, issues in self.bad for issue in issues]


# --- header mapping ---------------------------------------------------------------------------

def _spec(kind: str) -> KindSpec:
    """Return the spec of a kind or refuse with the list of kinds."""
    if kind not in KINDS:
        raise ImportRefused(msg.UNKNOWN_KIND.format(kind=kind, kinds=", ".join(KIND_NAMES)))
    return KINDS[kind]


def _target(spec: KindSpec, target: str) -> Field:
    """Resolve a mapping target given as field name, Norwegian label or synonym."""
    for f in spec.fields:
        if target == f.name:
            return f
    folded = fold(target)
    for f in spec.fields:
        if folded in f.folded():
            return f
    targets = ", ".join(f"{f.label} ({f.name})" for f in spec.fields)
    raise ImportRefused(msg.MAP_TARGET_UNKNOWN.format(target=target, kind=msg.KIND_LABELS[spec.kind], targets=targets))


def _header_names(cells: list) -> list[str]:
    """Header cells as stripped strings."""
    return [" ".join(cell_text(c).split()) for c in cells]


def map_columns(header: list[str], spec: KindSpec, mapping: dict[str, str] | None, filename: str) -> dict[str, int]:
    """Map fields to column indexes: explicit mapping first, then synonyms (best synonym wins)."""
    colmap: dict[str, int] = {}
    used: set[int] = set()
    for source, target in (mapping or {}).items():
        idx = next((i for i, h in enumerate(header) if h == source), None)
        if idx is None:
            idx = next((i for i, h in enumerate(header) if fold(h) == fold(source) and fold(h)), None)
        if idx is None:
            cols = ", ".join(f"«{h}»" for h in header if h)
            raise ImportRefused(msg.MAP_SOURCE_UNKNOWN.format(source=source, file=filename, columns=cols))
        colmap[_target(spec, target).name] = idx
        used.add(idx)
    folded_header = [fold(h) for h in header]
    for f in spec.fields:
        if f.name in colmap:
            continue
        synonyms = f.folded()
        best = None
        for i, h in enumerate(folded_header):
            if i in used or not h or h == fold(msg.REJECTS_COLUMN) or h not in synonyms:
                continue
            rank = synonyms.index(h)
            if best is None or rank < best[0]:
                best = (rank, i)
        if best is not None:
            colmap[f.name] = best[1]
            used.add(best[1])
    return colmap


def _missing(spec: KindSpec, colmap: dict[str, int]) -> list[Field]:
    """Required fields without a column (a derivable field counts as present)."""
    return [
        f for f in spec.fields
        if f.required and f.name not in colmap and not (f.derive_from and f.derive_from in colmap)
    ]


def _find_header(table: RawTable, spec: KindSpec, mapping: dict[str, str] | None,
                 filename: str) -> tuple[int, dict[str, int]]:
    """Find the header among the first records (exports may start with a title line)."""
    first: tuple[int, dict[str, int]] | None = None
    refusal: ImportRefused | None = None
    for i, (_, cells) in enumerate(table.records[:HEADER_SEARCH_ROWS]):
        try:
            colmap = map_columns(_header_names(cells), spec, mapping, filename)
        except ImportRefused as exc:  # an explicit mapping names a column this row lacks
            refusal = refusal or exc
            continue
        if not _missing(spec, colmap):
            return i, colmap
        first = first or (i, colmap)
    if first is None:
        assert refusal is not None
        raise refusal
    i, colmap = first
    missing = _missing(spec, colmap)
    parts = [
        msg.MISSING_COLUMN_ONE.format(label=f"«{f.label}»", examples=", ".join(f"«{s}»" for s in f.synonyms[:4]))
        for f in missing
    ]
    cols = ", ".join(f"«{h}»" for h in _header_names(table.records[i][1]) if h) or "(ingen)"
    raise ImportRefused(msg.MISSING_COLUMNS.format(file=filename, fields=" og ".join(parts), columns=cols))


# --- row validation ---------------------------------------------------------------------------

def _converter(f: Field, units: UnitMatcher) -> Callable[[object], object]:
    """Return the function converting one non-blank cell of this field (raises ValueProblem)."""
    if f.type == "datetime":
        return parse_datetime
    if f.type == "date":
        return parse_date
    if f.type == "int":
        return parse_int
    if f.type == "mood":
        return lambda raw: parse_int(raw, low=1, high=5)
    if f.type == "status":
        return parse_status
    if f.type == "unit":
        return _memo(lambda raw: units.resolve(cell_text(raw)))
    if f.type == "aliases":
        return split_aliases
    if f.type == "text":
        def text(raw: object) -> str:
            value = clean_text(raw)
            if f.max_len and len(value) > f.max_len:
                raise ValueProblem(msg.V_TOO_LONG.format(length=len(value), limit=f.max_len))
            return value
        return text
    return _memo(lambda raw: " ".join(cell_text(raw).split()))


def _memo(fn: Callable[[object], object]) -> Callable[[object], object]:
    """Cache a converter for columns with few distinct values (units, roles); problems are cached too."""
    cache: dict = {}

    def wrapped(raw: object) -> object:
        try:
            hit = cache[raw]
        except (KeyError, TypeError):
            try:
                hit = (True, fn(raw))
            except ValueProblem as exc:
                hit = (False, exc)
            if len(cache) < 10_000:
                try:
                    cache[raw] = hit
                except TypeError:
                    pass
        if hit[0]:
            return hit[1]
        raise ValueProblem(str(hit[1]))
    return wrapped


def _check_row(spec: KindSpec, values: dict, header: list[str], colmap: dict[str, int],
               units: UnitMatcher) -> list[tuple[str | None, str]]:
    """Cross-field checks; return (column, message) problems."""
    problems: list[tuple[str | None, str]] = []
    if spec.kind == "tickets" and values.get("closed_at") and values.get("opened_at"):
        if values["closed_at"] < values["opened_at"]:
            problems.append((header[colmap["closed_at"]], msg.V_CLOSED_BEFORE_OPENED.format(
                closed=values["closed_at"].strftime("%d.%m.%Y %H:%M"),
                opened=values["opened_at"].strftime("%d.%m.%Y %H:%M"))))
    if spec.kind == "units" and values.get("name"):
        name = values["name"]
        known = units.names.get(" ".join(name.split()).casefold())
        if known:
            values["name"] = known  # same unit, other capitalisation: keep the stored spelling
        owner = units.aliases.get(" ".join(name.split()).casefold())
        if owner and owner != values["name"]:
            problems.append((header[colmap["name"]], msg.V_ALIAS_TAKEN.format(value=show(name), owner=owner)))
        for alias in values.get("aliases") or []:
            owner = units.owner(alias)
            if owner and owner != values["name"]:
                problems.append((header[colmap["aliases"]], msg.V_ALIAS_TAKEN.format(value=show(alias), owner=owner)))
    return problems


def _parse(data: bytes, filename: str, kind: str, mapping: dict[str, str] | None, db: str | Path | None) -> _Parsed:
    """Read and validate a whole file; nothing is written."""
    spec = _spec(kind)
    table = read_table(data, filename)
    header_index, colmap = _find_header(table, spec, mapping, filename)
    header = _header_names(table.records[header_index][1])
    units = UnitMatcher.load(db)
    good: list[dict] = []
    bad: list[tuple[list, list[RowIssue]]] = []
    plan = [(f, colmap.get(f.name), _converter(f, units)) for f in spec.fields]
    derived = [f for f in spec.fields if f.derive_from]
    for rownum, cells in table.records[header_index + 1:]:
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
            problems = _check_row(spec, values, header, colmap, units)
        if problems:
            bad.append((cells, [RowIssue(filename, rownum, col, text) for col, text in problems]))
        else:
            good.append(values)
    if not good and not bad:
        raise ImportRefused(msg.NO_DATA_ROWS.format(file=filename))
    return _Parsed(spec, filename, table, header, header_index, colmap, good, bad)


def _masked_field(f: Field) -> bool:
    """Free text and labels are masked; identifiers and typed values are not."""
    return f.type == "text" or (f.type == "str" and f.name not in UNMASKED_FIELDS)


def _mask_rows(parsed: _Parsed) -> None:
    """Mask personal data in the free-text fields of the valid rows, counting by kind."""
    fields = [f.name for f in parsed.spec.fields if _masked_field(f)]
    counts = parsed.masked
    for values in parsed.good:
        for name in fields:
            value = values.get(name)
            if value:
                values[name] = mask_into(value, counts)


def _rejects(parsed: _Parsed) -> Rejects:
    """Build the rejects file: original cells (free text masked) plus the reasons."""
    header = list(parsed.header)
    keep_raw = {idx for name, idx in parsed.colmap.items() if parsed.spec.field(name).type not in ("text", "str")}
    keep_raw |= {parsed.colmap[n] for n in UNMASKED_FIELDS if n in parsed.colmap}
    feil = next((i for i, h in enumerate(header) if fold(h) == fold(msg.REJECTS_COLUMN)), None)
    if feil is None:
        header.append(msg.REJECTS_COLUMN)
        feil = len(header) - 1
    rows = []
    for cells, issues in parsed.bad:
        row = list(cells) + [None] * max(0, len(header) - len(cells))
        row = [c if i in keep_raw or not isinstance(c, str) else mask_text(c)[0] for i, c in enumerate(row)]
        row[feil] = "; ".join(f"{i.column}: {i.message}" if i.column else i.message for i in issues)
        rows.append(row)
    return Rejects(header, rows, parsed.table.file_format, parsed.table.separator or ";")


# --- preview ----------------------------------------------------------------------------------

def _as_bytes(path_or_bytes: str | Path | bytes, filename: str | None) -> tuple[bytes, str]:
    """Read a path (or take bytes) and return (data, display name)."""
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


def preview(file_bytes: bytes, filename: str, kind: str, mapping: dict[str, str] | None = None,
            db: str | Path | None = None) -> Preview:
    """Read and validate a file without writing: format, column mapping, first rows, row issues."""
    out = Preview(filename=filename, kind=kind)
    try:
        spec = _spec(kind)
        out.fields = {f.name: f.label for f in spec.fields}
        table = read_table(file_bytes, filename)
        out.file_format, out.encoding, out.separator, out.sheet = (
            table.file_format, table.encoding, table.separator, table.sheet)
        out.description = table.describe()
        out.header = _header_names(table.records[0][1])
        parsed = _parse(file_bytes, filename, kind, mapping, db)
    except ImportRefused as exc:
        out.error = str(exc)
        return out
    out.header, out.header_row = parsed.header, parsed.table.records[parsed.header_index][0]
    out.mapping = {parsed.header[i]: name for name, i in parsed.colmap.items()}
    out.mapping_labels = {parsed.header[i]: spec.field(name).label for name, i in parsed.colmap.items()}
    out.unmapped = [h for i, h in enumerate(parsed.header) if h and i not in parsed.colmap.values()]
    body = parsed.table.records[parsed.header_index + 1:][:PREVIEW_ROWS]
    columns = _unique(parsed.header)
    out.rows = pd.DataFrame(
        [[mask_text(cell_text(c))[0] for c in (cells + [None] * len(columns))[: len(columns)]] for _, cells in body],
        columns=columns,
        index=[rownum for rownum, _ in body],
    )
    out.rows_total = len(parsed.good) + len(parsed.bad)
    out.valid, out.rejected = len(parsed.good), len(parsed.bad)
    out.issues = parsed.issues[:PREVIEW_ISSUES]
    _mask_rows(parsed)
    out.masked = parsed.masked
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


# --- storing ----------------------------------------------------------------------------------

def _before_commit(con: duckdb.DuckDBPyConnection) -> None:
    """Hook called inside the import transaction just before commit (tests make it fail)."""


def _frame(spec: KindSpec, rows: list[dict]) -> pd.DataFrame:
    """Valid rows as a DataFrame with one object column per field (types are cast in SQL)."""
    names = [f.name for f in spec.fields] + ["_row"]
    return pd.DataFrame({n: pd.Series([r.get(n) for r in rows], dtype=object) for n in names})


def _dedupe(spec: KindSpec, rows: list[dict]) -> list[dict]:
    """Drop in-file duplicates by key; the last occurrence wins (later rows are newer)."""
    def key(r: dict) -> tuple:
        return tuple(tuple(v) if isinstance(v, list) else v for v in (r.get(k) for k in spec.key))

    latest = {key(r): r for r in rows}
    return list(latest.values())


def _key_match(spec: KindSpec, left: str, right: str) -> str:
    """SQL condition matching key columns of two aliases (NULL-safe)."""
    return " AND ".join(f"{left}.{k} IS NOT DISTINCT FROM {right}.{k}" for k in spec.key)


def _stage(con: duckdb.DuckDBPyConnection, spec: KindSpec, frame: pd.DataFrame, name: str) -> None:
    """Copy a DataFrame into a temp table with the target column types."""
    con.register("_incoming", frame)
    casts = [f"CAST(_incoming.{f.name} AS {SQL_TYPES[f.type]}) AS {f.name}" for f in spec.fields]
    casts.append("CAST(_incoming._row AS BIGINT) AS _row")
    casts += [f"CAST(_incoming.{c} AS {t}) AS {c}" for c, t in ANALYSIS_SQL_TYPES.items() if c in frame.columns]
    con.execute(f"CREATE OR REPLACE TEMP TABLE {name} AS SELECT {', '.join(casts)} FROM _incoming")
    con.unregister("_incoming")


def _present_mask(spec: KindSpec, rows: list[dict], db: str | Path | None) -> list[bool]:
    """Which rows are already stored (read-only look-up, so that they are not analysed again)."""
    if not rows or not db_path(db).exists():
        return [False] * len(rows)
    frame = _frame(spec, rows)
    frame["_i"] = range(len(frame))

    def look(con: duckdb.DuckDBPyConnection) -> set[int]:
        try:
            con.execute(f"SELECT 1 FROM {spec.table} LIMIT 0")
        except duckdb.CatalogException:
            return set()
        con.register("_incoming", frame)
        cond = " AND ".join(
            f"t.{k} IS NOT DISTINCT FROM CAST(s.{k} AS {SQL_TYPES[spec.field(k).type]})" for k in spec.key)
        found = con.execute(
            f"SELECT s._i FROM _incoming s WHERE EXISTS (SELECT 1 FROM {spec.table} t WHERE {cond})").fetchall()
        return {i for (i,) in found}

    present = store.read_many(look, db=db)
    return [i in present for i in range(len(rows))]


def _score(rows: list[dict]) -> pd.DataFrame:
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


def _write_content(con: duckdb.DuckDBPyConnection, spec: KindSpec, frame: pd.DataFrame, source: str) -> int:
    """Insert rows whose content is not stored yet; return how many were inserted."""
    _stage(con, spec, frame, "_stage")
    cols = [f.name for f in spec.fields] + [c for c in ANALYSIS_SQL_TYPES if c in frame.columns]
    col_sql = ", ".join(cols)
    inserted = con.execute(
        f"INSERT INTO {spec.table} ({col_sql}, source) SELECT {col_sql}, ? FROM _stage s "
        f"WHERE NOT EXISTS (SELECT 1 FROM {spec.table} t WHERE {_key_match(spec, 't', 's')}) ORDER BY s._row",
        [source],
    ).fetchone()[0]
    con.execute("DROP TABLE _stage")
    return int(inserted)


def _write_upsert(con: duckdb.DuckDBPyConnection, spec: KindSpec, frame: pd.DataFrame, mapped: set[str],
                  source: str) -> tuple[int, int]:
    """Insert new keys, update mapped columns of changed rows; return (inserted, updated)."""
    _stage(con, spec, frame, "_stage")
    keys = " AND ".join(f"t.{k} = s.{k}" for k in spec.key)
    values = [f.name for f in spec.fields if f.name not in spec.key and f.name in mapped]
    has_source = spec.table == "tickets"
    updated = 0
    if values:
        differs = " OR ".join(f"t.{c} IS DISTINCT FROM s.{c}" for c in values)
        sets = ", ".join(f"{c} = s.{c}" for c in values) + (", source = ?" if has_source else "")
        updated = con.execute(
            f"UPDATE {spec.table} AS t SET {sets} FROM _stage s WHERE {keys} AND ({differs})",
            [source] if has_source else [],
        ).fetchone()[0]
    cols = ", ".join(f.name for f in spec.fields)
    inserted = con.execute(
        f"INSERT INTO {spec.table} ({cols}{', source' if has_source else ''}) "
        f"SELECT {cols}{', ?' if has_source else ''} FROM _stage s "
        f"WHERE NOT EXISTS (SELECT 1 FROM {spec.table} t WHERE {keys})",
        [source] if has_source else [],
    ).fetchone()[0]
    con.execute("DROP TABLE _stage")
    return int(inserted), int(updated)


def _log(con: duckdb.DuckDBPyConnection, result: ImportResult, digest: str) -> None:
    """Record the import in import_log (same transaction)."""
    con.execute(
        "INSERT INTO import_log (imported_at, kind, filename, file_sha256, rows_read, imported, updated, "
        "already_present, rejected, masked) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [dt.datetime.now(LOCAL_TZ).replace(tzinfo=None), result.kind, result.filename, digest, result.rows_read,
         result.imported, result.updated,
         result.already_present, result.rejected, sum(result.masked.values())],
    )


def import_file(path_or_bytes: str | Path | bytes, kind: str, db: str | Path | None = None,
                mapping: dict[str, str] | None = None, filename: str | None = None) -> ImportResult:
    """Import one file in one transaction; refuse unreadable files with ImportRefused (nothing written).

    Raises analysis.db.DatabaseBusy when the database stays locked beyond the retry budget.
    """
    started = time.perf_counter()
    data, name = _as_bytes(path_or_bytes, filename)
    parsed = _parse(data, name, kind, mapping, db)
    spec = parsed.spec
    result = ImportResult(kind=kind, filename=name, description=parsed.table.describe())
    result.rows_read = len(parsed.good) + len(parsed.bad)
    result.rejected = len(parsed.bad)
    result.issues = parsed.issues
    if parsed.bad:
        result.rejects = _rejects(parsed)
    _mask_rows(parsed)
    result.masked = parsed.masked
    rows = _dedupe(spec, parsed.good)
    source = f"import:{name}"
    mapped = set(parsed.colmap) | {f.name for f in spec.fields if f.derive_from and f.derive_from in parsed.colmap}

    if spec.upsert:
        frame = _frame(spec, rows)
    else:
        present = _present_mask(spec, rows, db)
        rows = [r for r, p in zip(rows, present, strict=True) if not p]
        frame = _frame(spec, rows)
        if spec.scored:
            frame = pd.concat([frame, _score(rows)], axis=1)

    def work(con: duckdb.DuckDBPyConnection) -> None:
        if frame.empty:
            inserted, updated = 0, 0
        elif spec.upsert:
            inserted, updated = _write_upsert(con, spec, frame, mapped, source)
        else:
            inserted, updated = _write_content(con, spec, frame, source), 0
        result.imported, result.updated = inserted, updated
        result.already_present = result.rows_read - result.rejected - inserted - updated
        _log(con, result, hashlib.sha256(data).hexdigest())
        _before_commit(con)

    write_started = time.perf_counter()
    store.write(work, db)
    result.write_s = time.perf_counter() - write_started
    result.duration_s = time.perf_counter() - started
    return result
