"""Importers: files in (CSV/XLSX), personal data masked, texts analysed, one transaction per file."""

from analysis.importers.core import ImportResult, Preview, Rejects, RowIssue, import_file, map_columns, preview
from analysis.importers.reading import ImportRefused
from analysis.importers.report_form import STATUSES, ReportResult, submit_report
from analysis.importers.rescore import RescoreResult, rescore
from analysis.importers.schemas import KIND_NAMES, KINDS

__all__ = [
    "KINDS", "KIND_NAMES", "STATUSES", "ImportRefused", "ImportResult", "Preview", "Rejects", "ReportResult",
    "RescoreResult", "RowIssue", "import_file", "map_columns", "preview", "rescore", "submit_report",
]
