"""JSON rows in, the file importer's input out: a list of objects becomes a CSV the pipeline reads as any file.

So rows from the API get exactly the file imports' treatment (header synonyms, validation, masking, scoring,
idempotency, import_log) through analysis.importers.pipeline.import_file, with no second code path to keep in
step. The CSV uses '|' (rare in messages, so a multi-line text never looks like swallowed rows) and a 'sep=|'
first line (no sniffing); the header is record 1, so the JSON row n (1-based) is CSV record n + 1.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from dataclasses import dataclass
from pathlib import Path

from analysis.errors import InputError
from analysis.importers.import_result import ImportResult
from analysis.importers.pipeline import import_file

SEPARATOR = "|"
HEADER_RECORD = 1


class RowsRefused(InputError, ValueError):
    """The body is not a list of row objects; the message is Norwegian and meant for the sender."""


@dataclass(frozen=True)
class RowError:
    """One rejected row of the JSON list: its 1-based position, the field, the Norwegian message."""

    row: int
    field: str | None
    message: str


def cell(value: object) -> str:
    """One JSON value as the text a CSV cell would hold (numbers and booleans as written, null as empty)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nei"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def rows_to_csv(rows: list) -> bytes:
    """Write a list of row objects as UTF-8 CSV with a 'sep=|' line; the columns in order of first appearance."""
    if not isinstance(rows, list) or not rows:
        raise RowsRefused("Innholdet må være en ikke-tom JSON-liste med rader (objekter).")
    bad = [i + 1 for i, r in enumerate(rows) if not isinstance(r, dict)]
    if bad:
        raise RowsRefused(f"Rad {', '.join(map(str, bad[:10]))} er ikke et objekt med felt og verdier.")
    columns = list(dict.fromkeys(str(k) for r in rows for k in r))
    if not columns:
        raise RowsRefused("Radene har ingen felt.")
    out = io.StringIO()
    out.write(f"sep={SEPARATOR}\n")
    writer = csv.writer(out, delimiter=SEPARATOR, quoting=csv.QUOTE_ALL, lineterminator="\n")
    writer.writerow(columns)
    for r in rows:
        # A row with no values would be a blank CSV line (skipped by the reader): keep it visible as a row.
        writer.writerow([cell(r.get(c)) for c in columns])
    return out.getvalue().encode("utf-8")


def import_rows(rows: list, kind: str, source: str, db: str | Path | None = None) -> tuple[ImportResult,
                                                                                           list[RowError]]:
    """Import JSON rows like a file named after the source; return the result and its row errors by JSON position."""
    stamp = dt.datetime.now().strftime("%Y%m%dT%H%M%S")
    # Named as the CSV it is: the name shows in import_log and in the source column ("import:api-teams-…").
    result = import_file(rows_to_csv(rows), kind, db=db, filename=f"api-{source}-{stamp}.csv")
    return result, row_errors(result)


def row_errors(result: ImportResult) -> list[RowError]:
    """The import's row issues with JSON positions (CSV record 2 is the first JSON row)."""
    return [RowError(issue.row - HEADER_RECORD, issue.column, issue.message) for issue in result.issues]
