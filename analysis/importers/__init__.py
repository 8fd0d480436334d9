"""Importers: files in (CSV/XLSX), personal data masked, texts analysed, one transaction per file.

When a row counts as "already there" (see schemas.KINDS):
- chat: same time, unit and (masked) text; reports: same day, unit, status, mood and text. Such
  rows are skipped, never changed. Rows identical within one file count once.
- units (name), tickets (ticket id), adoption (day+unit), portal (day), events (time+title) are
  keyed: a known key with other values is updated ("Oppdatert"), but only in the columns the file
  has; within one file the last row for a key wins.
- Unit reports: every distinct report is kept; the latest per unit and day counts
  (view unit_reports_latest, ordered by reported_at, then id).
Stages (pipeline.py runs them; every kind-specific rule lives on its KindSpec in schemas.py):
read_stage (bytes -> records) -> map_stage (header -> fields) -> validate_stage (rows -> values or
issues; masking) -> store_stage. Files stream in chunks (pipeline.CHUNK_ROWS): parsing, masking and
analysis happen chunk by chunk before the write lock is taken; then every prepared chunk is written
(insert or update, import_log row) in one short transaction through analysis.db.write.
"""

from analysis.importers.import_result import ImportResult, Preview
from analysis.importers.map_stage import map_columns
from analysis.importers.pipeline import import_file, preview
from analysis.importers.read_stage import ImportRefused
from analysis.importers.rejects_file import Rejects
from analysis.importers.report_entry import STATUSES, ReportResult, submit_report
from analysis.importers.rescore import RescoreResult, rescore
from analysis.importers.schemas import KIND_NAMES, KINDS
from analysis.importers.validate_stage import RowIssue

__all__ = [
    "KINDS", "KIND_NAMES", "STATUSES", "ImportRefused", "ImportResult", "Preview", "Rejects", "ReportResult",
    "RescoreResult", "RowIssue", "import_file", "map_columns", "preview", "rescore", "submit_report",
]
