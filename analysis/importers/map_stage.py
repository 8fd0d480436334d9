"""Map stage: find the header row and map its columns to a kind's fields (explicit mapping, then synonyms)."""

from __future__ import annotations

from dataclasses import dataclass

from analysis.importers import messages as msg
from analysis.importers.read_stage import ImportRefused, RawTable
from analysis.importers.schemas import Field, KindSpec
from analysis.importers.values import cell_text, fold

HEADER_SEARCH_ROWS = 10


@dataclass(frozen=True)
class HeaderMap:
    """Where the header is and which file column feeds each field."""

    index: int  # position of the header in RawTable.records
    header: list[str]  # the header cells as shown in messages
    colmap: dict[str, int]  # field name -> column index

    def mapped(self, spec: KindSpec) -> set[str]:
        """Fields the file provides: a mapped column, or derived from one (upserts update only these)."""
        return set(self.colmap) | {f.name for f in spec.fields if f.derive_from and f.derive_from in self.colmap}


def header_names(cells: list) -> list[str]:
    """Header cells as strings with whitespace collapsed."""
    return [" ".join(cell_text(c).split()) for c in cells]


def resolve_target(spec: KindSpec, target: str) -> Field:
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
        colmap[resolve_target(spec, target).name] = idx
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


def missing_fields(spec: KindSpec, colmap: dict[str, int]) -> list[Field]:
    """Required fields without a column (a derivable field counts as present)."""
    return [
        f for f in spec.fields
        if f.required and f.name not in colmap and not (f.derive_from and f.derive_from in colmap)
    ]


def find_header(table: RawTable, spec: KindSpec, mapping: dict[str, str] | None, filename: str) -> HeaderMap:
    """Find the header among the first records (exports may start with a title line); refuse if none fits."""
    first: tuple[int, dict[str, int]] | None = None
    refusal: ImportRefused | None = None
    for i, (_, cells) in enumerate(table.records[:HEADER_SEARCH_ROWS]):
        try:
            colmap = map_columns(header_names(cells), spec, mapping, filename)
        except ImportRefused as exc:  # an explicit mapping names a column this row lacks
            refusal = refusal or exc
            continue
        if not missing_fields(spec, colmap):
            return HeaderMap(i, header_names(cells), colmap)
        first = first or (i, colmap)
    if first is None:
        assert refusal is not None
        raise refusal
    i, colmap = first
    parts = [
        msg.MISSING_COLUMN_ONE.format(label=f"«{f.label}»", examples=", ".join(f"«{s}»" for s in f.synonyms[:4]))
        for f in missing_fields(spec, colmap)
    ]
    cols = ", ".join(f"«{h}»" for h in header_names(table.records[i][1]) if h) or "(ingen)"
    raise ImportRefused(msg.MISSING_COLUMNS.format(file=filename, fields=" og ".join(parts), columns=cols))
